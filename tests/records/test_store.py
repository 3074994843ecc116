"""The SQLite case store: one row per event, a cases table for the list, a schema
with migrations, JSONL in and out, private files, and crash safety proven on a
real process killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.records import store as store_module
from xtream_doctor.records.log import CaseLog
from xtream_doctor.records.record import CaseRecord, record_from_session
from xtream_doctor.records.store import SCHEMA_VERSION, CaseStore, StoreError, is_store

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "tests" / "tui" / "rules"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(RULES)


def a_call(kb: KnowledgeBase, answers: int = 3) -> Session:
    session = Session(kb, clock=iter(range(1_700_000_000, 1_700_001_000, 7)).__next__)
    for _ in range(answers):
        choice = session.state().next_question
        if choice is None:
            break
        session.answer(choice.question.id, choice.question.answers[0].value)
    return session


def rows(store: CaseStore, table: str) -> int:
    return int(store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_case_comes_back_as_it_was_stored(kb: KnowledgeBase, tmp_path: Path) -> None:
    session = a_call(kb)
    record = record_from_session(session, case_id="c-1", details={"username": "bob", "device": "firestick"})
    store = CaseStore(tmp_path / "cases.sqlite3")
    store.put(record)
    back = store.get("c-1")
    assert back is not None
    assert back.to_dict() == record.to_dict()
    assert store.get("nope") is None


def test_each_event_is_one_row_and_an_undo_removes_one(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "cases.sqlite3")
    session = a_call(kb, answers=0)
    for n in range(1, 4):
        choice = session.state().next_question
        assert choice is not None
        session.dont_know(choice.question.id)
        store.put(record_from_session(session, case_id="c-1"))
        assert (rows(store, "events"), rows(store, "cases")) == (n, 1)
    session.undo()
    store.put(record_from_session(session, case_id="c-1"))
    assert rows(store, "events") == 2
    fresh = CaseStore(tmp_path / "cases.sqlite3")  # no cache: what is on disk
    record = fresh.get("c-1")
    assert record is not None and len(record.events) == 2


def test_the_saved_cases_list_reads_the_cases_table_latest_first(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "cases.sqlite3")
    for i in range(5):
        record = record_from_session(
            a_call(kb, 1),
            case_id=f"c-{i}",
            started=1_700_000_000 + i * 60,
            ended=1_700_000_030 + i * 60,
            details={"username": f"user{i}", "device": "firestick"},
        )
        store.put(record)
    recent = store.recent(3)
    assert [s.case_id for s in recent] == ["c-4", "c-3", "c-2"]
    assert recent[0].username == "user4" and recent[0].device == "firestick"
    assert recent[0].when == 1_700_000_270.0
    plan = " ".join(
        str(row[-1])
        for row in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT case_id FROM cases ORDER BY COALESCE(ended, started) DESC LIMIT 3"
        )
    )
    assert "cases_by_recent" in plan  # an index, not a sort of every case


def test_a_new_store_has_the_current_schema_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    assert CaseStore(path).schema_version == SCHEMA_VERSION
    assert is_store(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer xtream-doctor"):
        CaseStore(path)


def test_opening_an_older_store_runs_the_migrations_it_lacks(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.sqlite3"
    store = CaseStore(path)
    store.put(record_from_session(a_call(kb), case_id="c-1"))
    store.close()
    later = (*store_module.MIGRATIONS, (SCHEMA_VERSION + 1, "ALTER TABLE cases ADD COLUMN note TEXT;"))
    monkeypatch.setattr(store_module, "MIGRATIONS", later)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    again = CaseStore(path)
    assert again.schema_version == SCHEMA_VERSION + 1
    assert "note" in {row[1] for row in again.db.execute("PRAGMA table_info(cases)")}
    assert again.get("c-1") is not None  # nothing lost on the way


def test_a_jsonl_log_is_imported_whole_and_its_torn_line_reported(kb: KnowledgeBase, tmp_path: Path) -> None:
    log = tmp_path / "cases.jsonl"
    session = a_call(kb, 1)
    first = record_from_session(session, case_id="c-1")
    choice = session.state().next_question
    assert choice is not None
    session.answer(choice.question.id, choice.question.answers[0].value)
    latest = record_from_session(session, case_id="c-1")
    other = record_from_session(a_call(kb, 2), case_id="c-2")
    torn = record_from_session(a_call(kb, 3), case_id="c-3").to_json()[:40]
    log.write_text("\n".join([first.to_json(), other.to_json(), latest.to_json(), torn]), encoding="utf-8")
    store = CaseStore(tmp_path / "cases.sqlite3")
    report = store.import_jsonl(log)
    assert report.cases == 2
    assert [p.line for p in report.problems] == [4] and "torn" in report.problems[0].message
    got = store.get("c-1")
    assert got is not None and got.to_dict() == latest.to_dict()  # the last line of a case wins
    assert store.imported(log)


def test_export_writes_the_record_format_and_import_reads_it_back(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "a.sqlite3")
    records = [
        record_from_session(a_call(kb, n), case_id=f"c-{n}", started=1_700_000_000 + n) for n in (1, 2, 3)
    ]
    for record in records:
        store.put(record)
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as f:
        assert store.export_jsonl(f) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["case_id"] for line in lines] == ["c-1", "c-2", "c-3"]
    assert lines == [r.to_json() for r in records]
    again = CaseStore(tmp_path / "b.sqlite3")
    again.import_jsonl(out)
    assert [r.to_dict() for r in again.records()] == [r.to_dict() for r in records]


def test_the_store_and_its_log_files_are_private(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "new" / "cases.sqlite3"
    store = CaseStore(path)
    store.put(record_from_session(a_call(kb), case_id="c-1"))
    for name in ("cases.sqlite3", "cases.sqlite3-wal", "cases.sqlite3-shm"):
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_that_is_not_a_store_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    path.write_text("not a database, just text that is long enough to have a header\n" * 20)
    with pytest.raises(StoreError, match="not a case store"):
        CaseStore(path)


# --- kill -9 at any moment ---------------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from xtream_doctor.records.record import record_from_session
from xtream_doctor.records.store import CaseStore
from xtream_doctor.engine.session import Session
from xtream_doctor.kb import load_knowledge_base

kb = load_knowledge_base(Path(sys.argv[1]))
store = CaseStore(Path(sys.argv[2]))
case = 0
while True:
    case += 1
    session = Session(kb)
    while True:
        choice = session.state().next_question
        if choice is None:
            break
        session.answer(choice.question.id, choice.question.answers[-1].value)
        store.put(record_from_session(session, case_id=f"c-{case}"))
        print(f"c-{case} {len(session.events)}", flush=True)  # after the commit: it is on disk
"""


@pytest.mark.slow
@pytest.mark.parametrize("after", [1, 7, 23, 60])
def test_kill_9_at_any_moment_loses_at_most_the_event_being_written(tmp_path: Path, after: int) -> None:
    path = tmp_path / "cases.sqlite3"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(RULES), str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert writer.stdout is not None
    acknowledged: dict[str, int] = {}
    try:
        for _ in range(after):
            case_id, events = writer.stdout.readline().split()
            acknowledged[case_id] = int(events)
    finally:
        writer.send_signal(signal.SIGKILL)  # mid-write, most likely: it writes without pause
        writer.wait(timeout=10)
    store = CaseStore(path)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for case_id, events in acknowledged.items():
        record = store.get(case_id)
        assert record is not None, case_id
        assert len(record.events) in (events, events + 1), case_id  # the next one may have landed
        assert isinstance(record, CaseRecord)
    assert store.count() in (len(acknowledged), len(acknowledged) + 1)
    log = tmp_path / "export.jsonl"
    with log.open("w", encoding="utf-8") as f:
        store.export_jsonl(f)
    assert not CaseLog(log).read()[1]  # every case still reads as a whole record
