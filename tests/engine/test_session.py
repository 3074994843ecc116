"""The session API the TUI, CLI and batch evaluation share."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtream_doctor.engine import Session
from xtream_doctor.engine.explain import how, why, why_not
from xtream_doctor.kb import load_knowledge_base


@pytest.fixture
def session(tiny_rules: Path) -> Session:
    return Session(load_knowledge_base(tiny_rules))


def test_a_new_session_asks_the_only_question(session: Session) -> None:
    state = session.state()
    assert state.status == "asking"
    assert state.next_question is not None
    assert state.next_question.question.id == "light"
    assert {c.cause for c in state.candidates} == {"bulb", "fuse"}
    assert sum(c.probability for c in state.candidates) == pytest.approx(1.0)


def test_an_answer_leaves_one_cause_and_says_how(session: Session) -> None:
    session.answer("light", "on")
    state = session.state()
    assert state.status == "found"
    assert [c.cause for c in state.candidates] == ["fuse"]
    assert state.ruled_out["bulb"][0].rule == "bulb-rule"
    assert state.ruled_out["bulb"][0].facts == (("light", "on"),)
    assert any(line.rule == "bulb-rule" for line in how(session.kb, state, "fuse"))
    assert "bulb-rule" in why_not(session.kb, state, "bulb")[0].text


def test_undo_takes_back_the_last_answer(session: Session) -> None:
    session.answer("light", "on")
    session.undo()
    assert session.state().status == "asking"
    assert "light" not in session.state().facts


def test_changing_an_earlier_answer_re_derives_everything(session: Session) -> None:
    session.answer("light", "on")
    session.answer("light", "off")
    assert [c.cause for c in session.state().candidates] == ["bulb"]
    assert "fuse" in session.state().ruled_out and "bulb" not in session.state().ruled_out


def test_dont_know_adds_no_evidence_and_is_not_asked_again(session: Session) -> None:
    session.dont_know("light")
    state = session.state()
    assert state.status == "undecidable"
    assert len(state.candidates) == 2
    assert state.next_question is None


def test_a_fix_that_did_not_help_rules_its_cause_out(session: Session) -> None:
    session.fix_tried("bulb", "replace", helped=False)
    state = session.state()
    assert [c.cause for c in state.candidates] == ["fuse"]
    assert state.ruled_out["bulb"][0].rule == "fix:replace"


def test_a_fix_that_helped_solves_the_case(session: Session) -> None:
    session.answer("light", "off")
    session.fix_tried("bulb", "replace", helped=True)
    assert session.state().status == "solved"
    assert session.state().solved_by == ("bulb", "replace")


def test_contradicting_answers_name_the_facts_in_conflict(session: Session) -> None:
    session.answer("light", "on")
    session.fix_tried("fuse", "replace", helped=False)
    state = session.state()
    assert state.status == "conflict"
    assert [(f.attribute, f.value) for f in state.conflict] == [("light", "on")]


def test_a_probe_observation_is_a_fact_but_an_answer_wins(session: Session) -> None:
    session.observe("light", "on", source="probe", note="seen by the probe")
    assert session.state().facts["light"].source == "probe"
    session.answer("light", "off")
    session.observe("light", "on", source="probe")
    assert session.state().facts["light"].value == "off"


def test_values_outside_the_domain_are_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="not a value of 'light'"):
        session.answer("light", "dim")
    with pytest.raises(ValueError, match="unknown attribute"):
        session.answer("colour", "red")


def test_why_names_what_each_answer_leaves(session: Session) -> None:
    choice = session.state().next_question
    assert choice is not None
    text = "\n".join(line.text for line in why(session.kb, choice))
    assert "The light is on" in text and "fuse" in text and "bulb" in text
