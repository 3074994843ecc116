"""The session API the TUI, CLI and batch evaluation share."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtream_doctor.engine import Session
from xtream_doctor.engine.explain import how, why, why_not
from xtream_doctor.engine.session import Solution
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


def test_an_answer_finds_one_cause_and_says_how(session: Session) -> None:
    session.answer("light", "on")
    state = session.state()
    assert state.status == "found"
    assert state.leading == "fuse"
    (lowered,) = state.evidence("bulb")
    assert (lowered.rule, lowered.facts) == ("bulb-rule", (("light", "on"),))
    assert lowered.factor == pytest.approx(0.1)  # a caller's answer: lowered, not deleted
    assert any("The light is on" in line.text for line in why_not(session.kb, state, "bulb"))
    assert any(line.rule == "bulb-rule" for line in how(session.kb, state, "bulb"))


def test_undo_takes_back_the_last_answer(session: Session) -> None:
    session.answer("light", "on")
    session.undo()
    assert session.state().status == "asking"
    assert "light" not in session.state().facts


def test_changing_an_earlier_answer_re_derives_everything(session: Session) -> None:
    session.answer("light", "on")
    session.answer("light", "off")
    state = session.state()
    assert state.leading == "bulb" and state.status == "found"
    assert state.evidence("bulb") == () and state.evidence("fuse")[0].rule == "fuse-rule"


def test_dont_know_adds_no_evidence_and_is_not_asked_again(session: Session) -> None:
    session.dont_know("light")
    state = session.state()
    assert state.status == "undecidable"
    assert len(state.candidates) == 2
    assert state.next_question is None


def test_a_fix_that_did_not_help_lowers_its_cause_by_its_chance(session: Session) -> None:
    session.fix_tried("bulb", "replace", helped=False)
    state = session.state()
    assert [c.cause for c in state.candidates] == ["fuse", "bulb"]
    (failed,) = state.evidence("bulb")
    assert failed.rule == "fix:replace"
    assert failed.factor == pytest.approx(0.9 * (1 - 0.7) + 0.1)


def test_a_fix_that_helped_solves_the_case(session: Session) -> None:
    session.answer("light", "off")
    session.fix_tried("bulb", "replace", helped=True)
    assert session.state().status == "solved"
    assert session.state().solved_by == Solution("bulb", "replace")


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
    assert "The light is on" in text and "The fuse" in text and "The bulb" in text
    assert "bits" not in text and "bulb-rule" not in text
