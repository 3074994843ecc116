"""What the close dialog offers, headless: every step that may have solved the case
(a "did not help" may have been wrong), every cause by title, defaults that never
invent a cause, and a close that could not be saved keeps the case on screen."""

from __future__ import annotations

from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.closure import Step
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.closing import (
    Closing,
    cause_choices,
    default_cause,
    default_outcome,
    default_step,
    finish,
    step_choices,
)


def a_case(kb: KnowledgeBase) -> Case:
    return Case("c-1", Session(kb))


def test_the_steps_offered_are_what_worked_the_fixes_tried_and_the_two_the_app_cannot_see(
    frozen_kb: KnowledgeBase,
) -> None:
    case = a_case(frozen_kb)
    case.answer("subscription-state", "expired")
    case.session.fix_tried("line-expired", "renew", helped=False)  # the caller said no...
    steps = [c.step for c in step_choices(case)]
    assert steps[0] == Step("fix", "renew", "line-expired")  # ...but may have been wrong
    assert steps[-2:] == [Step("caller"), Step("provider")]
    assert default_step(case, step_choices(case)) == "caller"  # nothing worked on the call


def test_every_cause_is_offered_by_title_the_standing_ones_first(frozen_kb: KnowledgeBase) -> None:
    case = a_case(frozen_kb)
    case.answer("subscription-state", "expired")
    choices = cause_choices(case)
    assert sorted(c for _, c in choices) == sorted(frozen_kb.causes)
    first_label, first = choices[0]
    assert first == case.state().leading and first_label.endswith("%)")


def test_the_defaults_confirm_a_cause_only_for_a_case_closed_as_solved(frozen_kb: KnowledgeBase) -> None:
    case = a_case(frozen_kb)
    case.answer("subscription-state", "expired")
    assert default_outcome(case, "fixes") == "call-back"
    assert default_cause(case, "call-back") is None
    assert default_cause(case, "solved") == case.state().leading
    case.session.fix_tried("line-expired", "renew", helped=True)
    assert default_outcome(case, "solved") == "solved"
    assert default_step(case, step_choices(case)) == "fix:line-expired:renew"


def test_a_close_that_cannot_be_saved_leaves_the_case_on_screen_and_says_why(
    frozen_kb: KnowledgeBase,
) -> None:
    case = a_case(frozen_kb)
    done, message = finish(case, Closing("call-back", when="later"), lambda _case: "the disk is full")
    assert not done
    assert message == "Could not save the case: the disk is full. It stays open here; ctrl+d tries again."
    assert case.closing.closed is not None  # kept: the next save (or the retry on quit) stores it


def test_a_close_lacking_its_one_detail_says_which() -> None:
    assert Closing("escalated").problems()[0][0] == "to"
    assert Closing("call-back", why="not home").problems()[0][0] == "when"
    assert Closing("solved").problems()[0][0] == "step"
    assert Closing("escalated", to=" provider ").problems() == []
    closure = Closing("escalated", Step("caller"), "x", to=" provider ", when="ignored").closure(5.0)
    assert (closure.step, closure.to, closure.when) == (None, "provider", "")  # only what the outcome has
