"""What the close dialog offers and checks (headless): the steps that may have
solved the case, the causes to confirm (likeliest first), what is preselected,
a close that says what it lacks, and how a closed case reads in the saved list.

Defaults never invent a truth: a case is preselected as solved only when the
session saw it solved (or staff close it from the solved view); elsewhere it is
a call-back, which confirms no cause until staff choose one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from xtream_doctor.engine.explain import step_words, title
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.records.closure import Closure, Outcome, Step
from xtream_doctor.records.store import CaseSummary
from xtream_doctor.tui.case import Case, View
from xtream_doctor.tui.failures import describe
from xtream_doctor.tui.wording import fix_title

OUTCOME_WORDS: dict[Outcome, str] = {"solved": "Solved", "escalated": "Escalated", "call-back": "Call-back"}
ESCALATE_TO = ("provider", "reseller", "technical team")
DELETE: Literal["delete"] = "delete"


@dataclass(frozen=True)
class StepChoice:
    key: str  # the option's id
    label: str
    step: Step
    cause: str | None  # the cause it speaks for (a fix's, a test's), to preselect with it


def step_choices(case: Case) -> list[StepChoice]:
    """What may have made it work: what the session saw work first, then the fixes tried
    (a "did not help" may have been wrong) and the one offered now, then the two the
    session cannot see: something else the caller did, or the provider's side."""
    kb, state = case.kb, case.state()
    found: list[StepChoice] = []
    solved = state.solved_by
    if solved is not None:
        found.append(_choice(Step.of(solved), f"What worked: {step_words(kb, solved)}", solved.cause))
    offered = [(e.cause, e.fix, "tried") for e in case.session.events if e.kind == "fix"]
    current = case.current_fix()
    if current is not None:
        offered.append((current[0].id, current[1].id, "offered"))
    for cause, fix, how in offered:
        found.append(_choice(Step("fix", fix, cause), f"Fix {how}: {fix_title(kb, cause, fix)}", cause))
    found.append(_choice(Step("caller"), "Something else the caller did"))
    found.append(_choice(Step("provider"), "It was the provider's side"))
    choices: dict[str, StepChoice] = {}
    for choice in found:
        choices.setdefault(choice.key, choice)  # the first words for a step stay
    return list(choices.values())


def _choice(step: Step, label: str, cause: str | None = None) -> StepChoice:
    return StepChoice(_key(step), label, step, cause)


def _key(step: Step) -> str:
    return ":".join(part for part in (step.by, step.cause, step.id) if part)


def cause_choices(case: Case) -> list[tuple[str, str]]:
    """(label, cause id) for every cause of the knowledge base: those still standing first,
    likeliest first, with their chance; then the rest by title."""
    kb, state = case.kb, case.state()
    standing = [(f"{title(kb, c.cause)} ({c.probability:.0%})", c.cause) for c in state.candidates]
    ids = {c for _, c in standing}
    rest = [(c.title, c.id) for c in kb.causes.values() if c.id not in ids and c.status != "deprecated"]
    rest.sort(key=lambda pair: pair[0].lower())
    return standing + rest


def default_outcome(case: Case, view: View) -> Outcome:
    if case.closing.closed is not None:
        return case.closing.closed.outcome
    if view == "solved":
        return "solved"
    return "escalated" if view == "escalation" else "call-back"


def default_step(case: Case, choices: list[StepChoice]) -> str:
    """What staff said last time, else what the session saw work, else something the caller did."""
    closed = case.closing.closed
    if closed is not None and closed.step is not None and _key(closed.step) in {c.key for c in choices}:
        return _key(closed.step)
    return choices[0].key if case.state().solved_by is not None else "caller"


def default_cause(case: Case, outcome: Outcome) -> str | None:
    """The cause to preselect: staff's own, else for a solved case the solution's, else the likeliest."""
    if case.closing.closed is not None:
        return case.closing.confirmed_cause
    if outcome != "solved":
        return None
    state = case.state()
    return state.solved_by.cause if state.solved_by is not None else state.leading


@dataclass(frozen=True)
class Closing:
    """What staff filled in; ``problems`` says what is missing, field by field."""

    outcome: Outcome
    step: Step | None = None
    cause: str | None = None
    to: str = ""
    when: str = ""
    why: str = ""
    notes: str = ""
    staff: str = ""

    def problems(self) -> list[tuple[str, str]]:
        """(field, what to do) for each thing missing; none when it can be closed."""
        if self.outcome == "solved" and self.step is None:
            return [("step", "Say what made it work (or: something else the caller did).")]
        if self.outcome == "escalated" and not self.to.strip():
            return [("to", "Say to whom it goes: " + ", ".join(ESCALATE_TO) + ", or a name.")]
        if self.outcome == "call-back" and not self.when.strip():
            return [("when", "Say when to call back (a time, or a word like 'this evening').")]
        return []

    def closure(self, at: float) -> Closure:
        solved = self.outcome == "solved"
        return Closure(
            self.outcome,
            at,
            self.step if solved else None,
            to=self.to.strip() if self.outcome == "escalated" else "",
            when=self.when.strip() if self.outcome == "call-back" else "",
            why="" if solved else self.why.strip(),
        )


def outcome_words(kb: KnowledgeBase, case: CaseSummary) -> str:
    """How a saved case reads in the list: 'solved · Line expired', 'escalated to provider',
    'call back this evening'; an open case its status and likeliest cause."""
    cause = (case.confirmed if case.outcome else case.leading) or ""
    named = kb.causes[cause].title if cause in kb.causes else cause
    if case.outcome == "escalated":
        head = f"escalated to {case.outcome_note}"
    elif case.outcome == "call-back":
        head = f"call back {case.outcome_note}"
    elif case.outcome == "solved":
        head = "solved"
    else:
        return f"{case.status} · {named or 'no cause yet'}"
    return f"closed: {head}" + (f" · {named}" if named else "")


def finish(
    case: Case, result: Closing | Literal["delete"], save: Callable[[Case], str | None]
) -> tuple[bool, str]:
    """Close (and save) or delete the case as the dialog said: (done, what to tell staff).
    Not done when it could not be saved or deleted: the case stays on screen."""
    if result == DELETE:
        try:
            case.delete()
        except Exception as exc:  # a locked or full disk must not end the call
            return False, f"Could not delete the case: {describe(exc, case.secrets)}."
        save(case)  # nothing is written for a deleted case; an earlier failed save is forgotten
        return True, f"Case {case.case_id} deleted."
    assert isinstance(result, Closing)
    case.close(result.closure(case.clock()), result.cause, result.notes, result.staff)
    reason = save(case)
    if reason is not None:
        return False, f"Could not save the case: {reason}. It stays open here; ctrl+d tries again."
    told = f"Case {case.case_id} closed: {OUTCOME_WORDS[result.outcome].lower()}."
    if result.outcome == "escalated":
        try:
            path = case.write_ticket()
        except OSError as exc:
            return True, f"{told} The ticket file could not be written: {describe(exc, case.secrets)}."
        told += f" Ticket saved to {path}." if path else ""
    return True, told
