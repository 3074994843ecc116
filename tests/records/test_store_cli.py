"""``xtream-doctor cases export|import`` and ``eval`` straight from a case store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xtream_doctor.cli import main
from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.records.record import CaseRecord, record_from_session
from xtream_doctor.records.store import CaseStore

RULES = Path(__file__).resolve().parents[2] / "tests" / "tui" / "rules"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(RULES)


def solved_case(kb: KnowledgeBase, case_id: str) -> CaseRecord:
    session = Session(kb)
    session.answer("subscription-state", "expired")
    session.fix_tried("line-expired", kb.causes["line-expired"].fixes[0].id, True)
    return record_from_session(session, case_id=case_id)


def store_of_solved_cases(kb: KnowledgeBase, path: Path, count: int) -> Path:
    store = CaseStore(path)
    for n in range(count):
        store.put(solved_case(kb, f"c-{n}"))
    store.close()
    return path


def test_export_then_import_moves_every_case(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = store_of_solved_cases(kb, tmp_path / "a.sqlite3", 3)
    out = tmp_path / "cases.jsonl"
    assert main(["cases", "export", "--store", str(source), "-o", str(out)]) == 0
    assert "exported 3 cases" in capsys.readouterr().err
    assert [json.loads(line)["case_id"] for line in out.read_text().splitlines()] == ["c-0", "c-1", "c-2"]
    assert main(["cases", "import", str(out), "--store", str(tmp_path / "b.sqlite3")]) == 0
    assert CaseStore(tmp_path / "b.sqlite3").count() == 3


def test_import_reports_a_torn_line_and_exits_non_zero(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "cases.jsonl"
    line = solved_case(kb, "c-1").to_json()
    log.write_text(line + "\n" + line[:30], encoding="utf-8")
    assert main(["cases", "import", str(log), "--store", str(tmp_path / "s.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert "cases.jsonl:2: torn last line" in err and "1 case(s)" in err


def test_export_of_a_missing_store_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cases", "export", "--store", str(tmp_path / "none.sqlite3")]) == 2
    assert "no such case store" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()


def test_eval_reads_a_case_store_directly(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = store_of_solved_cases(kb, tmp_path / "cases.sqlite3", 4)
    code = main(["--rules", str(RULES), "eval", str(store), "--static", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["cases"]) == 4
