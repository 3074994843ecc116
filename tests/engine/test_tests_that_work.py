"""A try-and-see test that makes the login work ends the call, and a cause whose every fix
failed is not "found" any more."""

from __future__ import annotations

import json
import subprocess
import sys

from xtream_doctor.engine import Session
from xtream_doctor.engine.session import Solution
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.record import CaseRecord, record_from_session, session_from_record


def test_closing_the_other_devices_and_logging_in_ends_the_call(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.answer("error-message", "max-connections")
    session.answer("close-others-test", "works")
    state = session.state()
    assert state.status == "solved"
    assert state.solved_by == Solution("connection-limit", "close-others-test", "test")
    assert state.next_question is None


def test_a_step_that_mends_two_causes_names_the_likelier_and_the_other(kb: KnowledgeBase) -> None:
    pasted = Session(kb)
    pasted.answer("credentials-entry", "pasted")
    pasted.answer("password-space-check", "space-found")
    pasted.answer("careful-retype-test", "works")
    assert pasted.state().solved_by == Solution(
        "clipboard-whitespace", "careful-retype-test", "test", ("credentials-typo",)
    )
    typed = Session(kb)
    typed.answer("credentials-entry", "typed")
    typed.answer("careful-retype-test", "works")
    assert typed.state().solved_by == Solution(
        "credentials-typo", "careful-retype-test", "test", ("clipboard-whitespace",)
    )


def test_a_test_that_still_fails_or_is_taken_back_does_not_solve_it(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.answer("close-others-test", "still-fails")
    assert session.state().status != "solved"
    session.answer("close-others-test", "works")
    assert session.state().status == "solved"
    session.undo()
    assert session.state().status != "solved" and session.solved() is None
    session.answer("close-others-test", "works")
    session.answer("close-others-test", "still-fails")  # the caller corrects it
    assert session.state().status != "solved"


def test_every_shipped_try_and_see_test_that_works_ends_the_call(kb: KnowledgeBase) -> None:
    tests = {q.id: q for q in kb.questions.values() if q.solves}
    assert {"close-others-test", "careful-retype-test", "clear-cache-test", "dns-change-test"} <= set(tests)
    assert {"vpn-off-test", "scheme-switch-test"} <= set(tests)
    for question in tests.values():
        for value, causes in question.solves.items():
            session = Session(kb)
            session.answer(question.id, value)
            solved = session.state().solved_by
            assert solved is not None and solved.by == "test" and solved.cause in causes, question.id


def test_the_command_line_says_solved_for_a_test_that_worked() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "xtream_doctor", "diagnose", "--json", "--fact", "close-others-test=works"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out)
    assert result["status"] == "solved"
    assert result["solved_by"] == {"cause": "connection-limit", "test": "close-others-test", "also": []}
    assert any("close the app" in step for step in result["prevention"])  # how to keep it working


def test_a_case_solved_by_a_test_keeps_it_in_its_record(kb: KnowledgeBase) -> None:
    session = Session(kb, clock=iter(range(1000, 2000)).__next__)
    session.answer("careful-retype-test", "works")
    record = record_from_session(session, case_id="c1")
    again = CaseRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert again.diagnosis.solved_by == session.state().solved_by
    assert again.diagnosis.solved_by is not None and again.diagnosis.solved_by.by == "test"
    assert session_from_record(kb, again).state().status == "solved"


def _maxconn(kb: KnowledgeBase) -> Session:
    session = Session(kb)
    session.answer("error-message", "max-connections")
    session.observe("account-check", "active", "probe")
    session.observe("connection-slots", "full", "probe")
    return session


def test_a_found_cause_whose_every_fix_failed_is_no_longer_found(kb: KnowledgeBase) -> None:
    session = _maxconn(kb)
    assert session.state().status == "found"
    for fix in kb.causes["connection-limit"].fixes:
        session.fix_tried("connection-limit", fix.id, helped=False)
    state = session.state()
    assert state.leading == "connection-limit"  # the evidence still points there ...
    assert state.status in ("asking", "undecidable")  # ... but it is not declared found
    option = session.next_fix(state)
    assert option is None or option.cause != "connection-limit"


def test_skipped_fixes_are_never_offered_and_skipping_them_all_leaves_none(kb: KnowledgeBase) -> None:
    session = _maxconn(kb)
    fixes = kb.causes["connection-limit"].fixes
    session.skip_fix("connection-limit", fixes[0].id)
    option = session.next_fix()
    assert option is not None and option.fix.id == fixes[1].id
    for fix in fixes[1:]:
        session.skip_fix("connection-limit", fix.id)
    assert session.state().status == "found" and session.next_fix() is None  # escalate, cause stands
