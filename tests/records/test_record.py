"""Case records: a session's snapshot, written as one JSON line and resumed."""

from __future__ import annotations

import dataclasses
import json
import re
from itertools import count
from pathlib import Path

import pytest

from xtream_doctor.engine import Session
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.log import CaseLog
from xtream_doctor.records.record import CaseRecord, RecordError, record_from_session, session_from_record

CANARY = "Kanary-7f3Q!pw"


def a_call(kb: KnowledgeBase) -> Session:
    """A call at 10:00:00 UTC on 1 June 2025; each action takes 15 seconds."""
    ticks = count()
    session = Session(kb, clock=lambda: 1748772000.0 + 15 * next(ticks))
    session.observe("account-check", "active", "probe", note="player_api.php answered auth 1")
    session.answer("error-message", "auth-failed")
    session.dont_know("vpn-in-use")
    session.answer("close-others-test", "works")
    session.fix_tried("connection-limit", "fix-it", helped=True)
    return session


def test_a_record_survives_the_json_round_trip(helpdesk: KnowledgeBase) -> None:
    record = record_from_session(
        a_call(helpdesk),
        case_id="c1",
        staff_id="ana",
        notes="kind caller",
        confirmed_cause="connection-limit",
        details={"device": "firestick"},
    )
    line = record.to_json()
    assert "\n" not in line
    assert CaseRecord.from_json(line) == record
    assert CaseRecord.from_json(line).to_json() == line


def test_a_record_holds_the_questions_in_order_with_their_seconds(helpdesk: KnowledgeBase) -> None:
    record = record_from_session(a_call(helpdesk), case_id="c1")
    assert [(q.id, q.answer, q.seconds) for q in record.questions] == [
        ("error-message", "auth-failed", 15.0),
        ("vpn-in-use", "?", 15.0),
        ("close-others-test", "works", 15.0),
    ]
    data = json.loads(record.to_json())
    assert data["started"] == "2025-06-01T10:00:00.000Z"
    assert data["ended"] == "2025-06-01T10:01:00.000Z"
    assert data["kb_version"] == helpdesk.version
    assert data["facts"]["account-check"] == {
        "value": "active",
        "source": "probe",
        "note": "player_api.php answered auth 1",
    }
    assert {f["rule"] for f in data["fired"]} >= {"connection-limit-2", "wrong-password-0"}
    assert data["diagnosis"]["status"] == "solved"
    assert data["fixes"] == [
        {"cause": "connection-limit", "fix": "fix-it", "helped": True, "at": "2025-06-01T10:01:00.000Z"}
    ]


def test_a_resumed_session_has_the_same_history_and_state(helpdesk: KnowledgeBase) -> None:
    original = a_call(helpdesk)
    record = CaseRecord.from_json(record_from_session(original, case_id="c1").to_json())
    resumed = session_from_record(helpdesk, record)
    assert resumed.events == list(record.events)
    assert resumed.state().status == original.state().status == "solved"
    resumed.undo()
    assert resumed.state().status == "found"


def test_resuming_under_rules_that_lost_an_attribute_names_the_event(
    helpdesk: KnowledgeBase, tiny_rules: Path
) -> None:
    from xtream_doctor.kb import load_knowledge_base

    record = record_from_session(a_call(helpdesk), case_id="c9")
    with pytest.raises(ValueError, match="case c9, event 1 \\(observe\\): unknown attribute 'account-check'"):
        session_from_record(load_knowledge_base(tiny_rules), record)


def test_a_canary_password_never_reaches_the_log_file(helpdesk: KnowledgeBase, tmp_path: Path) -> None:
    session = Session(helpdesk)
    url = f"http://tv.example:8080/player_api.php?username=bob&password={CANARY}"
    session.observe("account-check", "wrong-credentials", "probe", note=f"GET {url} -> auth 0")
    session.answer("error-message", "auth-failed")
    log = CaseLog(tmp_path / "cases.jsonl")
    record = record_from_session(
        session,
        case_id="c2",
        notes=f"caller read out the password {CANARY} twice",
        details={
            "server": f"http://bob:{CANARY}@tv.example:8080/get.php?username=bob&password={CANARY}",
            "username": "bob",
            "password": CANARY,
            "error": f"401 at /live/bob/{CANARY}/1.ts",
        },
    )
    log.append(record)
    log.append(dataclasses.replace(record, notes=f"later: password={CANARY}"))
    text = (tmp_path / "cases.jsonl").read_text()
    assert CANARY not in text
    assert "password" not in json.loads(text.splitlines()[0])["details"]
    assert json.loads(text.splitlines()[0])["details"]["username"] == "bob"


def test_a_record_from_a_newer_program_is_refused_with_the_reason() -> None:
    with pytest.raises(RecordError, match="format version 9 is newer"):
        CaseRecord.from_json('{"format": "xtream-doctor-case", "version": 9, "case_id": "x"}')


def test_a_malformed_field_is_named() -> None:
    line = '{"format": "xtream-doctor-case", "version": 1, "case_id": "x", "questions": [{"id": 3}]}'
    with pytest.raises(RecordError, match=re.escape("field 'questions[0].id' must be str")):
        CaseRecord.from_json(line)
