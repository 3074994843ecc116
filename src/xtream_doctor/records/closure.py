"""How a case ended, as staff closed it: solved (by which step), escalated (to
whom, why) or a call-back (when, why).

The session knows only what was tried on the call; the close is staff's word
on the whole case, taken when it ends: a test, a fix, something else the
caller did, or the provider's side.  The confirmed cause, the notes and the
staff id stay the record's own fields (an imported case has them too); this
is the rest of the close, with its JSON both ways, so a field added here is
added to both.  Free text is scrubbed by whoever builds the record (with the
case's passwords) and redacted again when written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, cast, get_args

from xtream_doctor.engine.state import Solution
from xtream_doctor.records.fields import Reader, format_time
from xtream_doctor.records.upgrade import RecordError

Outcome = Literal["solved", "escalated", "call-back"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
StepKind = Literal["fix", "test", "caller", "provider"]
STEP_KINDS: tuple[StepKind, ...] = get_args(StepKind)


@dataclass(frozen=True)
class Step:
    """What made the login work: a fix (``id`` of ``cause``: fix ids are per cause), a
    try-and-see test (``id``, the question), something else the caller did, or the
    provider's side."""

    by: StepKind
    id: str = ""
    cause: str = ""

    @classmethod
    def of(cls, solution: Solution) -> Step:
        """The step the session says solved it."""
        if solution.by == "test":
            return cls("test", solution.step)
        return cls("fix", solution.step, solution.cause)


@dataclass(frozen=True)
class Closure:
    outcome: Outcome
    at: float  # when staff closed it, seconds since the epoch
    step: Step | None = None  # solved: what made it work
    to: str = ""  # escalated: to whom (the provider, the reseller, the technical team, a name)
    when: str = ""  # call-back: when
    why: str = ""  # escalated or call-back: why

    def scrubbed(self, scrub: Callable[[str], str]) -> Closure:
        """The free text with ``scrub`` applied (the case's passwords masked)."""
        return replace(self, to=scrub(self.to), when=scrub(self.when), why=scrub(self.why))

    def to_dict(self, free: Callable[[str], str]) -> dict[str, Any]:
        out: dict[str, Any] = {"outcome": self.outcome, "at": format_time(self.at)}
        if self.step is not None:
            step = {"by": self.step.by, "id": self.step.id, "cause": self.step.cause}
            out["step"] = {k: v for k, v in step.items() if v}
        for key in ("to", "when", "why"):
            if getattr(self, key):
                out[key] = free(getattr(self, key))
        return out

    @classmethod
    def read(cls, r: Reader | None) -> Closure | None:
        """From a record's ``closed`` object (None when the case was never closed)."""
        if r is None:
            return None
        outcome = r.text("outcome")
        if outcome not in OUTCOMES:
            raise RecordError(f"closed.outcome: unknown outcome '{outcome}' (expected {', '.join(OUTCOMES)})")
        raw = r.child("step")
        step = None
        if raw is not None:
            by = raw.text("by")
            if by not in STEP_KINDS:
                raise RecordError(f"closed.step.by: unknown step '{by}' (expected {', '.join(STEP_KINDS)})")
            step = Step(cast(StepKind, by), raw.text("id", ""), raw.text("cause", ""))
            if (by in ("fix", "test") and not step.id) or (by == "fix" and not step.cause):
                raise RecordError(f"closed.step: a {by} needs its id" + (" and cause" if by == "fix" else ""))
        return cls(
            cast(Outcome, outcome),
            cast(float, r.time("at", required=True)),
            step,
            r.text("to", ""),
            r.text("when", ""),
            r.text("why", ""),
        )
