"""When answers disagree, the one most likely wrong is named (only what staff can re-check)."""

from __future__ import annotations

from xtream_doctor.engine import Session
from xtream_doctor.kb import KnowledgeBase

LIMIT = "connection-limit"


def test_a_test_that_worked_against_an_earlier_answer_names_that_answer(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.answer("error-message", "max-connections")
    session.answer("other-devices-active", "no")  # a child is watching in the other room
    session.answer("close-others-test", "works")
    state = session.state()
    assert state.status == "solved"
    doubt = state.doubt
    assert doubt is not None
    assert (doubt.attribute, doubt.value, doubt.against) == ("other-devices-active", "no", LIMIT)
    assert 0.3 <= doubt.chance < 1


def test_answers_that_agree_name_nothing(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.answer("error-message", "max-connections")
    session.answer("other-devices-active", "yes")
    session.answer("close-others-test", "works")
    assert session.state().doubt is None


def test_the_server_test_and_the_desk_are_never_named(kb: KnowledgeBase) -> None:
    """The probe says the slots are free, against the caller's 'Max connections': the probe
    is not for staff to re-check by asking, so nothing that rests on it is named."""
    session = Session(kb)
    session.observe("details-source", "exact-copy", "desk")
    session.observe("account-check", "active", "probe")
    session.observe("connection-slots", "free", "probe")
    session.answer("close-others-test", "works")
    doubt = session.state().doubt
    assert doubt is None or doubt.attribute not in ("connection-slots", "account-check", "details-source")


def _found_limit(kb: KnowledgeBase) -> Session:
    session = Session(kb)
    session.answer("error-message", "max-connections")
    session.observe("account-check", "active", "probe")
    session.observe("connection-slots", "full", "probe")
    return session


def test_a_fix_reported_as_not_helping_can_be_the_doubt_and_can_be_tried_again(kb: KnowledgeBase) -> None:
    session = _found_limit(kb)
    fixes = [f.id for f in kb.causes[LIMIT].fixes]
    for fix in fixes:
        session.fix_tried(LIMIT, fix, helped=False)
    state = session.state()
    assert state.status != "found" and state.leading == LIMIT
    doubt = state.doubt
    assert doubt is not None and doubt.fix is not None and doubt.fix[0] == LIMIT
    session.retry_fix(*doubt.fix)  # the caller may have done it wrongly: try it again
    again = session.state()
    assert again.status == "found"
    option = session.next_fix(again)
    assert option is not None and (option.cause, option.fix.id) == doubt.fix
    assert doubt.fix not in session.failed_fixes()
