"""How a case was closed, in the record and the store: solved (by which step),
escalated (to whom, why), a call-back (when, why); notes, staff and the close
time kept; older records read as open; a practice case deleted for good; never
a password, whatever was typed into the close."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from xtream_doctor.cli import main
from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.records import store as store_module
from xtream_doctor.records.closure import Closure, Step
from xtream_doctor.records.record import VERSION, CaseRecord, RecordError, record_from_session
from xtream_doctor.records.store import CaseStore

RULES = Path(__file__).resolve().parents[2] / "tests" / "tui" / "rules"
CANARY = "Kanary-7f3Q!pw"
CLOSED_AT = 1_700_000_500.25


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(RULES)


def expired_line(kb: KnowledgeBase) -> Session:
    """A caller whose line expired; renewing it fixed the login."""
    session = Session(kb, clock=iter(range(1_700_000_000, 1_700_001_000, 7)).__next__)
    session.answer("subscription-state", "expired")
    session.fix_tried("line-expired", "renew", True)
    return session


def closed(kb: KnowledgeBase, closure: Closure, **options: object) -> CaseRecord:
    return record_from_session(expired_line(kb), case_id="c-1", closed=closure, **options)  # type: ignore[arg-type]


CLOSES = {
    "solved by a fix": Closure("solved", CLOSED_AT, Step("fix", "renew", "line-expired")),
    "solved by a test": Closure("solved", CLOSED_AT, Step("test", "careful-retype-test")),
    "solved by the caller": Closure("solved", CLOSED_AT, Step("caller")),
    "the provider's side": Closure("solved", CLOSED_AT, Step("provider")),
    "escalated": Closure("escalated", CLOSED_AT, to="reseller", why="panel shows the line active"),
    "a call-back": Closure("call-back", CLOSED_AT, when="tomorrow 10:00", why="caller away from the TV"),
}


@pytest.mark.parametrize("closure", CLOSES.values(), ids=CLOSES.keys())
def test_every_way_a_case_closes_survives_the_json_round_trip(kb: KnowledgeBase, closure: Closure) -> None:
    record = closed(kb, closure, staff_id="ana", notes="kind caller", confirmed_cause="line-expired")
    line = record.to_json()
    back = CaseRecord.from_json(line)
    assert back == record
    assert back.closed == closure
    assert back.to_json() == line


def test_the_close_is_written_as_the_format_page_says(kb: KnowledgeBase) -> None:
    record = closed(kb, CLOSES["solved by a fix"], staff_id="ana", confirmed_cause="line-expired")
    data = json.loads(record.to_json())
    assert data["version"] == VERSION == 2
    assert data["closed"] == {
        "outcome": "solved",
        "at": "2023-11-14T22:21:40.250Z",
        "step": {"by": "fix", "id": "renew", "cause": "line-expired"},
    }
    assert data["confirmed_cause"] == "line-expired" and data["staff_id"] == "ana"
    escalated = json.loads(closed(kb, CLOSES["escalated"]).to_json())["closed"]
    assert escalated == {
        "outcome": "escalated",
        "at": "2023-11-14T22:21:40.250Z",
        "to": "reseller",
        "why": "panel shows the line active",
    }
    assert json.loads(record_from_session(expired_line(kb), case_id="open").to_json())["closed"] is None


def test_a_version_1_record_reads_as_an_open_case_with_its_confirmed_cause_kept(kb: KnowledgeBase) -> None:
    data = json.loads(
        record_from_session(expired_line(kb), case_id="old", confirmed_cause="line-expired").to_json()
    )
    data["version"] = 1
    del data["closed"]
    old = CaseRecord.from_dict(data)
    assert old.closed is None
    assert old.confirmed_cause == "line-expired"
    assert json.loads(old.to_json())["version"] == VERSION


@pytest.mark.parametrize(
    ("closed_field", "message"),
    [
        ({"outcome": "fixed", "at": "2025-06-01T10:00:00Z"}, "unknown outcome 'fixed' (expected solved, "),
        ({"outcome": "solved"}, "missing field 'closed.at'"),
        ({"outcome": "solved", "at": "2025-06-01T10:00:00Z", "step": {"by": "fix"}}, "a fix needs its id"),
        ({"outcome": "solved", "at": "2025-06-01T10:00:00Z", "step": {"by": "luck"}}, "unknown step 'luck'"),
        ({"outcome": "escalated", "at": "2025-06-01T10:00:00Z", "to": 3}, "field 'closed.to' must be str"),
    ],
)
def test_a_malformed_close_is_refused_naming_the_field(
    kb: KnowledgeBase, closed_field: dict[str, object], message: str
) -> None:
    data = json.loads(record_from_session(expired_line(kb), case_id="c-1").to_json())
    data["closed"] = closed_field
    with pytest.raises(RecordError, match=re.escape(message)):
        CaseRecord.from_dict(data)


def test_a_password_typed_into_the_close_never_reaches_the_store(kb: KnowledgeBase, tmp_path: Path) -> None:
    closure = Closure(
        "escalated", CLOSED_AT, to=f"provider, login bob / {CANARY}", why=f"caller says password={CANARY}"
    )
    store = CaseStore(tmp_path / "cases.sqlite3")
    store.put(
        record_from_session(
            expired_line(kb),
            case_id="c-1",
            closed=closure,
            notes=f"the caller read out {CANARY} twice",
            staff_id="ana",
            details={"password": CANARY, "username": "bob"},
        )
    )
    for path in tmp_path.iterdir():
        assert CANARY.encode() not in path.read_bytes(), path.name
    back = store.get("c-1")
    assert back is not None and back.closed is not None
    assert back.closed.to == "provider, login bob / ***"
    assert back.notes == "the caller read out *** twice"


def test_the_saved_list_shows_how_each_case_closed(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "cases.sqlite3")
    for case_id, closure, cause in (
        ("solved", CLOSES["solved by a fix"], "line-expired"),
        ("escalated", CLOSES["escalated"], None),
        ("call-back", CLOSES["a call-back"], None),
        ("open", None, None),
    ):
        store.put(
            record_from_session(expired_line(kb), case_id=case_id, closed=closure, confirmed_cause=cause)
        )
    seen = {s.case_id: (s.outcome, s.confirmed, s.outcome_note) for s in store.recent()}
    assert seen == {
        "solved": ("solved", "line-expired", ""),
        "escalated": ("escalated", None, "reseller"),
        "call-back": ("call-back", None, "tomorrow 10:00"),
        "open": (None, None, ""),
    }


def test_a_store_of_schema_1_gains_the_close_columns_and_keeps_its_cases(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.sqlite3"
    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        m.setattr(store_module, "SCHEMA_VERSION", 1)
        old = CaseStore(path)
        old.db.execute(
            "INSERT INTO cases (case_id, started, ended, status, record) VALUES ('v1', 1, 2, 'found', ?)",
            (json.dumps({"format": "xtream-doctor-case", "version": 1, "case_id": "v1", "notes": "old"}),),
        )
        old.close()
    store = CaseStore(path)
    assert store.schema_version == 2
    assert [(s.case_id, s.outcome) for s in store.recent()] == [("v1", None)]
    record = store.get("v1")
    assert record is not None and record.notes == "old" and record.closed is None


def test_a_deleted_case_is_gone_from_the_store_and_its_bytes_from_the_files(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    store = CaseStore(tmp_path / "cases.sqlite3")
    practice = "practice-username-xq7"
    store.put(record_from_session(expired_line(kb), case_id="keep", details={"username": "carla"}))
    store.put(record_from_session(expired_line(kb), case_id="practice", details={"username": practice}))
    assert store.delete("practice") is True
    assert store.get("practice") is None
    assert [s.case_id for s in store.recent()] == ["keep"]
    assert store.db.execute("SELECT COUNT(*) FROM events WHERE case_id = 'practice'").fetchone()[0] == 0
    assert store.delete("practice") is False  # a second time: nothing there
    for path in tmp_path.iterdir():
        assert practice.encode() not in path.read_bytes(), path.name
    fresh = sqlite3.connect(tmp_path / "cases.sqlite3")
    assert fresh.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert CaseStore(tmp_path / "cases.sqlite3").get("keep") is not None


def test_closed_cases_move_between_stores_through_export_and_import(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    source = CaseStore(tmp_path / "a.sqlite3")
    for n, closure in enumerate(CLOSES.values()):
        source.put(
            record_from_session(
                expired_line(kb), case_id=f"c-{n}", started=1_700_000_000 + n, closed=closure, staff_id="ana"
            )
        )
    source.close()
    out = tmp_path / "cases.jsonl"
    assert main(["cases", "export", "--store", str(tmp_path / "a.sqlite3"), "-o", str(out)]) == 0
    assert main(["cases", "import", str(out), "--store", str(tmp_path / "b.sqlite3")]) == 0
    moved = list(CaseStore(tmp_path / "b.sqlite3").records())
    assert [r.closed for r in moved] == list(CLOSES.values())
    assert {r.staff_id for r in moved} == {"ana"}
