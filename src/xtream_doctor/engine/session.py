"""One diagnosis: facts in, candidates, the next question and a trace out.

The session keeps the history of what happened (answers, "don't know",
probe and lint observations, fixes tried) and re-derives everything from
it on each change, because experta has no truth maintenance: undo and
changing an earlier answer are then just edits of the history.  The TUI,
the CLI and the batch evaluation all drive this one class.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from xtream_doctor.engine.inference import Firing, Inference, Outcome
from xtream_doctor.engine.selection import Choice, choose_question
from xtream_doctor.kb.model import FactSource, KnowledgeBase, Question

EventKind = Literal["answer", "dont-know", "observe", "fix", "forget"]
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
    at: float = 0.0


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
    """Why a cause is out: the rule (or fix) and the facts it fired on."""

    cause: str
    rule: str
    because: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class State:
    status: Status
    candidates: tuple[Candidate, ...]
    ruled_out: Mapping[str, tuple[Elimination, ...]]
    facts: Mapping[str, KnownFact]
    next_question: Choice | None
    conflict: tuple[KnownFact, ...] = ()  # a minimal set of facts that cannot all hold
    value_clashes: tuple[str, ...] = ()  # attributes that ended up with two values
    solved_by: tuple[str, str] | None = None  # (cause, fix) that fixed it
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def leading(self) -> str | None:
        return self.candidates[0].cause if self.candidates else None


class Session:
    """A case in progress.  Not thread-safe: one session, one thread."""

    def __init__(
        self,
        kb: KnowledgeBase,
        inference: Inference | None = None,
        clock: Callable[[], float] = time.time,
        auto_select: bool = True,
    ) -> None:
        """``auto_select=False`` skips choosing the next question (a replay
        under another policy chooses for itself)."""
        self.kb = kb
        self.auto_select = auto_select
        self.inference = inference or Inference(kb)
        self.index = self.inference.index
        self.events: list[Event] = []
        self._clock = clock
        self._state: State | None = None

    # --- what happened ----------------------------------------------------

    def answer(self, attribute: str, value: str) -> None:
        """The caller's answer (or a changed earlier one)."""
        self._check(attribute, value)
        self._push(Event("answer", attribute, value, "answer"))

    def dont_know(self, attribute: str) -> None:
        self._check(attribute, None)
        self._push(Event("dont-know", attribute, DONT_KNOW, "answer"))

    def observe(self, attribute: str, value: str, source: FactSource = "probe", note: str = "") -> None:
        """A fact from the probe or the lint; an answer for the same attribute wins."""
        self._check(attribute, value)
        self._push(Event("observe", attribute, value, source, note))

    def forget(self, attribute: str) -> None:
        """Take back an answer so the question can be asked again."""
        self._push(Event("forget", attribute))

    def fix_tried(self, cause: str, fix: str, helped: bool) -> None:
        """A fix the caller tried: it solved the case, or it rules its cause out."""
        if cause not in self.kb.causes:
            raise ValueError(f"unknown cause '{cause}'")
        if fix not in {f.id for f in self.kb.causes[cause].fixes}:
            raise ValueError(f"cause '{cause}' has no fix '{fix}'")
        self._push(Event("fix", cause=cause, fix=fix, helped=helped))

    def apply(self, event: Event) -> None:
        """Replay a recorded event (resuming a case); raises ValueError if it no longer fits."""
        if event.kind == "answer":
            self.answer(event.attribute, event.value)
        elif event.kind == "dont-know":
            self.dont_know(event.attribute)
        elif event.kind == "observe":
            self.observe(event.attribute, event.value, event.source, event.note)
        elif event.kind == "forget":
            self.forget(event.attribute)
        elif event.kind == "fix":
            self.fix_tried(event.cause, event.fix, event.helped)
        else:
            raise ValueError(f"unknown event kind '{event.kind}'")

    def undo(self) -> Event | None:
        """Remove the last thing staff did (probe and lint results stay)."""
        for i in range(len(self.events) - 1, -1, -1):
            if self.events[i].kind != "observe":
                event = self.events.pop(i)
                self._state = None
                return event
        return None

    # --- what follows -----------------------------------------------------

    def given(self) -> dict[str, KnownFact]:
        """The facts staff supplied, latest per attribute; answers beat observations."""
        facts: dict[str, KnownFact] = {}
        for event in self.events:
            if event.kind == "answer":
                facts[event.attribute] = KnownFact(event.attribute, event.value, "answer", event.note)
            elif event.kind == "observe":
                current = facts.get(event.attribute)
                if current is None or current.source != "answer":
                    facts[event.attribute] = KnownFact(event.attribute, event.value, event.source, event.note)
            elif event.kind in ("dont-know", "forget"):
                facts.pop(event.attribute, None)
        return facts

    def skipped(self) -> set[str]:
        """Attributes answered "don't know" (and not answered since)."""
        out: set[str] = set()
        for event in self.events:
            if event.kind == "dont-know":
                out.add(event.attribute)
            elif event.kind in ("answer", "forget"):
                out.discard(event.attribute)
        return out

    def failed_fixes(self) -> dict[str, str]:
        return {e.cause: e.fix for e in self.events if e.kind == "fix" and not e.helped}

    def solved(self) -> tuple[str, str] | None:
        for event in reversed(self.events):
            if event.kind == "fix" and event.helped:
                return (event.cause, event.fix)
        return None

    def state(self) -> State:
        if self._state is None:
            self._state = self._derive()
        return self._state

    # --- internals --------------------------------------------------------

    def _check(self, attribute: str, value: str | None) -> None:
        spec = self.kb.attributes.get(attribute)
        if spec is None:
            raise ValueError(f"unknown attribute '{attribute}'")
        if value is not None and value not in spec.domain():
            raise ValueError(
                f"'{value}' is not a value of '{attribute}' (expected {', '.join(sorted(spec.domain()))})"
            )

    def _push(self, event: Event) -> None:
        self.events.append(Event(**{**event.__dict__, "at": self._clock()}))
        self._state = None

    def _derive(self) -> State:
        given = self.given()
        failed = self.failed_fixes()
        outcome = self.inference.run({a: f.value for a, f in given.items()})
        facts = dict(given)
        clashes: list[str] = []
        for attribute, values in outcome.derived.items():
            if attribute in given:
                if set(values) - {given[attribute].value}:
                    clashes.append(attribute)
                continue
            if len(values) > 1:
                clashes.append(attribute)
            value, rules = sorted(values.items())[0]
            facts[attribute] = KnownFact(attribute, value, "derived", "", tuple(sorted(set(rules))))
        alive = [c for c in outcome.alive(self.kb.causes) if c not in failed]
        candidates = self._rank(alive)
        eliminated = self._eliminations(outcome, failed)
        solved = self.solved()
        known = {a: f.value for a, f in facts.items()}
        choice: Choice | None = None
        status: Status
        conflict: tuple[KnownFact, ...] = ()
        if solved:
            status = "solved"
        elif not alive:
            status = "conflict"
            conflict = self._minimal_conflict(given, failed)
            self.inference.run(known)  # leave the engine on the current facts
        elif len(alive) == 1:
            status = "found"
        elif not self.auto_select:
            status = "asking"
        else:
            choice = choose_question(
                self.kb, self.index, self.inference, outcome, known, self.skipped(), alive, failed
            )
            status = "asking" if choice else "undecidable"
        return State(status, candidates, eliminated, facts, choice, conflict, tuple(clashes), solved, outcome)

    def _rank(self, alive: list[str]) -> tuple[Candidate, ...]:
        total = sum(self.kb.causes[c].prior for c in alive) or 1.0
        ranked = sorted(alive, key=lambda c: (-self.kb.causes[c].prior, c))
        return tuple(Candidate(c, self.kb.causes[c].prior / total) for c in ranked)

    def _eliminations(
        self, outcome: Outcome, failed: Mapping[str, str]
    ) -> dict[str, tuple[Elimination, ...]]:
        rules = {r.id: r for r in self.kb.rules}
        fired: dict[str, Firing] = {f.rule: f for f in outcome.firings}
        out: dict[str, list[Elimination]] = {}

        def add(cause: str, rule_id: str) -> None:
            firing = fired.get(rule_id)
            out.setdefault(cause, []).append(
                Elimination(cause, rule_id, rules[rule_id].because, firing.facts if firing else ())
            )

        for cause, rule_ids in outcome.ruled_out.items():
            for rule_id in sorted(set(rule_ids)):
                add(cause, rule_id)
        for confirmed, rule_ids in outcome.confirmed.items():
            for cause in self.kb.causes:
                if cause != confirmed:
                    for rule_id in sorted(set(rule_ids)):
                        add(cause, rule_id)
        for cause, fix in failed.items():
            title = next(f.title for f in self.kb.causes[cause].fixes if f.id == fix)
            out.setdefault(cause, []).append(
                Elimination(cause, f"fix:{fix}", f"The caller tried '{title}' and it did not help.", ())
            )
        return {c: tuple(e) for c, e in out.items()}

    def _minimal_conflict(
        self, given: Mapping[str, KnownFact], failed: Mapping[str, str]
    ) -> tuple[KnownFact, ...]:
        """Drop facts one by one while the contradiction remains: what is left conflicts."""
        keep = dict(given)
        for attribute in list(keep):
            trial = {a: f.value for a, f in keep.items() if a != attribute}
            alive = [c for c in self.inference.run(trial).alive(self.kb.causes) if c not in failed]
            if not alive:
                del keep[attribute]
        return tuple(keep.values())

    def question(self, attribute: str) -> Question:
        return self.kb.questions[attribute]
