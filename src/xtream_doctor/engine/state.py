"""What a session is made of and what it says: the events of its history,
and the state derived from them (kept apart from the derivation itself, in
engine/session.py, so the TUI, records and evaluation can read them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from xtream_doctor.engine.inference import Outcome
from xtream_doctor.engine.posterior import Evidence, Posterior
from xtream_doctor.engine.selection import Choice
from xtream_doctor.kb.model import FactSource, Fix

EventKind = Literal["answer", "dont-know", "observe", "fix", "forget", "skip-fix", "retry-fix"]
Status = Literal["asking", "found", "undecidable", "conflict", "solved"]
DONT_KNOW = "?"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    attribute: str = ""
    value: str = ""
    source: FactSource = "answer"
    note: str = ""
    cause: str = ""
    fix: str = ""
    helped: bool = False
    partly: bool = False  # it helped, the case goes on: the message changed (a second fault)
    at: float = 0.0


@dataclass(frozen=True)
class Solution:
    """What made the login work: a fix tried, or a try-and-see test answered "it works now".

    ``step`` is the fix's id or the test question's id.  A step that mends several causes
    (retyping mends a typo and a pasted blank) names the likeliest; ``also`` the others."""

    cause: str
    step: str
    by: Literal["fix", "test"] = "fix"
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Doubt:
    """The one answer (or fix reported as not helping) most likely wrong, when the answers
    disagree: worth asking again.  ``attribute`` is the question's id, or "fix:<id>"."""

    attribute: str
    value: str  # the answer given; "did-not-help" for a fix
    against: str  # the cause it speaks against, which everything else points to
    chance: float  # how likely it is wrong, given everything else
    fix: tuple[str, str] | None = None  # (cause, fix) when it is a fix


@dataclass(frozen=True)
class KnownFact:
    attribute: str
    value: str
    source: FactSource
    note: str = ""
    rules: tuple[str, ...] = ()  # for derived facts: the rules that derived it


@dataclass(frozen=True)
class Candidate:
    cause: str
    probability: float


@dataclass(frozen=True)
class Elimination:
    """What lowered a cause: the rule (or fix), the facts it rested on, and by how much."""

    cause: str
    rule: str
    because: str
    facts: tuple[tuple[str, str], ...]
    factor: float = 0.0  # what it multiplied the cause's odds by
    strength: str = "rule out"


@dataclass(frozen=True)
class FixOption:
    """A fix worth trying now: the chance it solves the case, per second."""

    cause: str
    fix: Fix
    chance: float  # posterior of its cause times its chance of working

    @property
    def per_minute(self) -> float:
        return self.chance / self.fix.cost * 60


@dataclass(frozen=True)
class State:
    status: Status
    candidates: tuple[Candidate, ...]  # causes above the "unlikely" threshold, likeliest first
    ruled_out: Mapping[str, tuple[Elimination, ...]]  # unlikely causes and what lowered them
    facts: Mapping[str, KnownFact]
    next_question: Choice | None
    conflict: tuple[KnownFact, ...] = ()  # when nothing fits: the answers most worth re-checking
    value_clashes: tuple[str, ...] = ()  # attributes that ended up with two values
    solved_by: Solution | None = None  # the fix or test that made it work
    outcome: Outcome = field(default_factory=Outcome)
    posterior: Posterior = field(default_factory=lambda: Posterior({}, {}))
    fixes: tuple[FixOption, ...] = ()  # untried fixes, best chance per second first
    skipped: tuple[str, ...] = ()  # questions answered "don't know"
    doubt: Doubt | None = None  # when answers disagree: the one most likely wrong

    @property
    def leading(self) -> str | None:
        return self.candidates[0].cause if self.candidates else None

    @property
    def confidence(self) -> float:
        return self.candidates[0].probability if self.candidates else 0.0

    def probability(self, cause: str) -> float:
        return self.posterior.probabilities.get(cause, 0.0)

    def evidence(self, cause: str) -> tuple[Evidence, ...]:
        return tuple(self.posterior.evidence.get(cause, ()))
