"""Two faults at once (the guides' single-fault stories do not cover it): a pasted
space and an expired line.  Mending the space only changes the message, and
the session must go on to the line, asking again what the app says now."""

from __future__ import annotations

import pytest

from xtream_doctor.engine import Session
from xtream_doctor.engine.posterior import MENDED
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.record import CaseRecord, record_from_session, session_from_record

SPACE = "clipboard-whitespace"
EXPIRED = "subscription-expired"


@pytest.fixture
def mended(kb: KnowledgeBase) -> Session:
    """The lint found a space, the space was removed, and the app now says something else."""
    session = Session(kb, clock=iter(range(1000, 2000)).__next__)
    session.observe("credentials-whitespace", "yes", source="lint")
    session.answer("error-message", "failed-to-authorize")
    state = session.state()
    assert state.leading == SPACE
    session.fix_tried(SPACE, kb.causes[SPACE].fixes[0].id, helped=True, partly=True)
    return session


def test_a_fix_that_helps_partly_does_not_solve_the_case(mended: Session) -> None:
    state = mended.state()
    assert state.status != "solved" and state.solved_by is None
    assert mended.solved() is None


def test_the_message_is_asked_again_and_the_mended_fault_is_set_aside(mended: Session) -> None:
    state = mended.state()
    assert "error-message" not in state.facts  # what the app said is stale now
    assert state.next_question is not None and state.next_question.question.id == "error-message"
    assert state.leading != SPACE
    (set_aside,) = [e for e in state.evidence(SPACE) if e.strength == MENDED]
    assert set_aside.factor == pytest.approx(0.1)  # as sure as the caller's word, not certain
    assert not [o for o in state.fixes if o.cause == SPACE]  # no more fixes for a mended fault


def test_the_second_fault_is_found(mended: Session) -> None:
    mended.answer("error-message", "authorization-failed")
    answers = [("worked-before", "yes"), ("ban-notice", "no"), ("subscription-state", "expired")]
    for attribute, value in answers:
        mended.answer(attribute, value)
    state = mended.state()
    assert (state.status, state.leading) == ("found", EXPIRED)


def test_a_confirmation_of_the_mended_fault_no_longer_rules_out_the_rest(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.observe("credentials-whitespace", "yes", source="lint")
    session.observe("account-check", "wrong-credentials", source="probe")
    before = session.state()
    assert before.status == "found" and before.leading == SPACE
    assert before.probability(EXPIRED) < 0.01
    fix = session.next_fix(before)
    assert fix is not None
    session.fix_tried(SPACE, fix.fix.id, helped=True, partly=True)
    after = session.state()
    assert after.status != "conflict"
    assert after.probability(EXPIRED) > 10 * before.probability(EXPIRED)


def test_undo_brings_back_the_message_and_the_fault(mended: Session) -> None:
    mended.undo()
    state = mended.state()
    assert state.facts["error-message"].value == "failed-to-authorize"
    assert state.leading == SPACE


def test_a_partly_helping_fix_survives_the_case_record(kb: KnowledgeBase, mended: Session) -> None:
    record = record_from_session(mended, case_id="two-faults")
    (fix,) = record.fixes
    assert fix.partly and fix.helped
    again = session_from_record(kb, CaseRecord.from_json(record.to_json()))
    assert again.mended() == mended.mended()
    assert "error-message" not in again.state().facts
