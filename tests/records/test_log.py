"""The append-only case log: last snapshot wins, a torn line is skipped, old records load."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from tests.conftest import CASE_DATA
from xtream_doctor.engine import Session
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.log import CaseLog
from xtream_doctor.records.record import VERSION, record_from_session, session_from_record


def snapshot(kb: KnowledgeBase, case_id: str, *answers: tuple[str, str]) -> Session:
    session = Session(kb)
    for attribute, value in answers:
        session.answer(attribute, value)
    return session


def test_the_last_snapshot_of_each_case_wins_and_keeps_its_place(
    helpdesk: KnowledgeBase, tmp_path: Path
) -> None:
    log = CaseLog(tmp_path / "logs" / "cases.jsonl")
    first = snapshot(helpdesk, "a", ("error-message", "auth-failed"))
    log.append(record_from_session(first, case_id="a"))
    log.append(record_from_session(snapshot(helpdesk, "b"), case_id="b"))
    first.answer("vpn-in-use", "no")
    log.append(record_from_session(first, case_id="a", confirmed_cause="wrong-password"))
    records, problems = log.read()
    assert problems == []
    assert [r.case_id for r in records] == ["a", "b"]
    assert records[0].confirmed_cause == "wrong-password"
    assert len(records[0].questions) == 2
    assert log.get("b") is not None and log.get("zz") is None


def test_a_missing_log_reads_as_empty(tmp_path: Path) -> None:
    assert CaseLog(tmp_path / "none.jsonl").read() == ([], [])


def test_a_torn_last_line_is_reported_and_skipped(helpdesk: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    log = CaseLog(path)
    log.append(record_from_session(snapshot(helpdesk, "a"), case_id="a"))
    whole = record_from_session(snapshot(helpdesk, "b", ("vpn-in-use", "yes")), case_id="b").to_json()
    with path.open("a") as f:
        f.write(whole[: len(whole) // 2])  # the program died mid-write
    records, problems = log.read()
    assert [r.case_id for r in records] == ["a"]
    assert [(p.line, "torn last line" in p.message) for p in problems] == [(2, True)]

    log.append(record_from_session(snapshot(helpdesk, "c"), case_id="c"))
    records, problems = log.read()
    assert [r.case_id for r in records] == ["a", "c"]
    assert len(problems) == 1 and problems[0].line == 2
    assert "unreadable record" in problems[0].message


def test_a_garbage_line_in_the_middle_is_reported_with_its_number(
    helpdesk: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "cases.jsonl"
    log = CaseLog(path)
    log.append(record_from_session(snapshot(helpdesk, "a"), case_id="a"))
    with path.open("a") as f:
        f.write("\x00\x01 not json at all\n\n[1, 2]\n")
    log.append(record_from_session(snapshot(helpdesk, "b"), case_id="b"))
    records, problems = log.read()
    assert [r.case_id for r in records] == ["a", "b"]
    assert [p.line for p in problems] == [2, 4]
    assert str(problems[0]).startswith(f"{path}:2: unreadable record: not JSON")


def test_a_version_0_record_loads_and_resumes(helpdesk: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    shutil.copy(CASE_DATA / "v0-cases.jsonl", path)
    records, problems = CaseLog(path).read()
    assert problems == []
    old, other = records
    assert old.case_id == "c-0007" and old.staff_id == "ana" and old.kb_version == "0ldkb0000000"
    assert old.confirmed_cause == "connection-limit"
    assert old.facts["account-check"].source == "probe"
    assert [(q.id, q.answer, q.seconds) for q in old.questions] == [
        ("error-message", "max-connections", None),
        ("vpn-in-use", "?", None),
    ]
    assert old.diagnosis.leading == "connection-limit"
    assert other.diagnosis.leading == "wrong-password" and other.ended == other.started
    resumed = session_from_record(helpdesk, old)
    assert resumed.state().status == "solved"
    CaseLog(path).append(dataclasses.replace(old, notes="upgraded"))
    assert json.loads(path.read_text().splitlines()[-1])["version"] == VERSION  # written in the current one
