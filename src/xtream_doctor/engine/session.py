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

from xtream_doctor.engine.doubt import doubted
from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.posterior import (
    MENDED,
    OTHER_CONFIRMED,
    Evidence,
    Posterior,
    Weigher,
    fact_reliability,
)
from xtream_doctor.engine.selection import Choice, choose_question
from xtream_doctor.engine.state import (
    DONT_KNOW,
    Candidate,
    Doubt,
    Elimination,
    Event,
    EventKind,
    FixOption,
    KnownFact,
    Solution,
    State,
    Status,
)
from xtream_doctor.kb.model import CONFIRM, FactSource, KnowledgeBase, Question, Rule

__all__ = [
    "DONT_KNOW", "Candidate", "Doubt", "Elimination", "Event", "EventKind", "FixOption", "KnownFact",
    "Session", "Solution", "State", "Status",
]  # fmt: skip


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
        self.weigher = Weigher(kb)
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

    def fix_tried(self, cause: str, fix: str, helped: bool, partly: bool = False) -> None:
        """A fix the caller tried: it solved the case, or it makes its cause less
        likely by the fix's chance of working, or it helped only partly.

        Partly (the app now says something else) means two faults: this cause
        was one and is mended, so it is set aside, and the answers that describe
        how the login fails (questions with ``ask_again_after_fix``) are stale
        and asked again; the session goes on for the other fault.
        """
        self._check_fix(cause, fix)
        self._push(Event("fix", cause=cause, fix=fix, helped=helped or partly, partly=partly))

    def retry_fix(self, cause: str, fix: str) -> None:
        """A fix reported as not helping is to be tried again (it may have been done wrongly):
        its failure no longer counts, and it is offered again."""
        self._check_fix(cause, fix)
        self._push(Event("retry-fix", cause=cause, fix=fix))

    def skip_fix(self, cause: str, fix: str) -> None:
        """Staff passed over a fix (not evidence: the caller never tried it)."""
        self._check_fix(cause, fix)
        self._push(Event("skip-fix", cause=cause, fix=fix))

    def _check_fix(self, cause: str, fix: str) -> None:
        if cause not in self.kb.causes:
            raise ValueError(f"unknown cause '{cause}'")
        if fix not in {f.id for f in self.kb.causes[cause].fixes}:
            raise ValueError(f"cause '{cause}' has no fix '{fix}'")

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
            self.fix_tried(event.cause, event.fix, event.helped, event.partly)
        elif event.kind == "skip-fix":
            self.skip_fix(event.cause, event.fix)
        elif event.kind == "retry-fix":
            self.retry_fix(event.cause, event.fix)
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
            elif event.kind == "fix" and event.partly:
                for attribute in self._stale_after_fix(facts):
                    del facts[attribute]
        return facts

    def _stale_after_fix(self, facts: Mapping[str, object]) -> list[str]:
        """The answers and checks of the failing login that a partly-helping fix made stale."""
        questions, attributes = self.kb.questions, self.kb.attributes
        return [
            a
            for a in facts
            if (a in questions and questions[a].ask_again_after_fix)
            or (a in attributes and attributes[a].ask_again_after_fix)
        ]

    def skipped(self) -> set[str]:
        """Attributes answered "don't know" (and not answered since)."""
        out: set[str] = set()
        for event in self.events:
            if event.kind == "dont-know":
                out.add(event.attribute)
            elif event.kind in ("answer", "forget"):
                out.discard(event.attribute)
            elif event.kind == "fix" and event.partly:
                out -= set(self._stale_after_fix(dict.fromkeys(out)))
        return out

    def skipped_fixes(self) -> set[tuple[str, str]]:
        """(cause, fix) of every fix staff skipped."""
        return {(e.cause, e.fix) for e in self.events if e.kind == "skip-fix"}

    def failed_fixes(self) -> list[tuple[str, str]]:
        """(cause, fix) of every fix that did not help, in order, once each."""
        out: list[tuple[str, str]] = []
        for e in self.events:
            if e.kind == "fix" and not e.helped and (e.cause, e.fix) not in out:
                out.append((e.cause, e.fix))
            elif e.kind == "retry-fix" and (e.cause, e.fix) in out:
                out.remove((e.cause, e.fix))
        return out

    def mended(self) -> list[tuple[str, str]]:
        """(cause, fix) of every fix that helped only partly: faults set aside."""
        return [(e.cause, e.fix) for e in self.events if e.kind == "fix" and e.partly]

    def solved(self, posterior: Posterior | None = None) -> Solution | None:
        """The fix or test that made the login work, the latest that still stands.

        A test answered "it works now" stands while that answer does; of the causes
        it mends, the likeliest (under ``posterior``, else the first listed) is named."""
        given = self.given()
        for event in reversed(self.events):
            if event.kind == "fix" and event.helped and not event.partly:
                return Solution(event.cause, event.fix)
            if event.kind != "answer":
                continue
            question = self.kb.questions.get(event.attribute)
            causes = question.solves.get(event.value, ()) if question else ()
            current = given.get(event.attribute)
            if not causes or current is None or current.value != event.value or current.source != "answer":
                continue
            if posterior is not None:
                causes = tuple(sorted(causes, key=lambda c: -posterior.probabilities.get(c, 0.0)))
            return Solution(causes[0], event.attribute, "test", causes[1:])
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

    def reliability(self, given: Mapping[str, KnownFact]) -> dict[str, float]:
        """How often each given fact is right, by its source (or its question's say)."""
        return {a: fact_reliability(self.kb, a, f.source) for a, f in given.items()}

    def _derive(self) -> State:
        kb, settings = self.kb, self.kb.settings
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
        reliability = self.reliability(given)
        items, roots = self.weigher.evidence(outcome.firings, reliability)
        answer_r = settings.reliability["answer"]
        for cause, fix in failed:
            spec = next(f for f in kb.causes[cause].fixes if f.id == fix)
            items.append(self.weigher.fix_failed(cause, fix, spec.success, answer_r))
        mended = self.mended()
        if mended:  # two faults after all: a mended one's confirmation says nothing of the rest
            set_aside = {c for c, _ in mended}
            items = [
                e for e in items if not (e.strength == OTHER_CONFIRMED and self._confirms(e.rule) & set_aside)
            ]
        items.extend(self.weigher.fix_mended(cause, fix, answer_r) for cause, fix in mended)
        posterior = self.weigher.posterior(items)
        ranked = posterior.ranked()
        candidates = tuple(Candidate(c, p) for c, p in ranked if p >= settings.unlikely)
        eliminated = self._eliminations(posterior, settings.unlikely)
        solved = self.solved(posterior)
        known = {a: f.value for a, f in facts.items()}
        fixes = self._fixes(posterior, failed + mended, {c for c, _ in mended})
        choice: Choice | None = None
        status: Status
        conflict: tuple[KnownFact, ...] = ()
        if solved:
            status = "solved"
        elif posterior.fit < settings.conflict:  # before "found": nothing fits, however it ranks
            status = "conflict"
            conflict = self._to_recheck(posterior, items, given)
        elif ranked and self._found(ranked[0][0], ranked[0][1], failed):
            status = "found"
        elif not self.auto_select:
            status = "asking"
        else:
            choice = choose_question(
                kb, self.index, self.inference, self.weigher, posterior, known, self.skipped(),
                reliability, roots,
            )  # fmt: skip
            status = "asking" if choice else "undecidable"
        focus = solved.cause if solved and solved.by == "test" else None
        if status in ("found", "asking", "undecidable") and ranked:
            focus = ranked[0][0]
        doubt = None
        if focus is not None:
            fix_roots = {f"fix:{fix}": (cause, fix) for cause, fix in failed}
            doubt = doubted(
                self.weigher, items, posterior, focus, given,
                lambda root: reliability.get(root, answer_r), fix_roots,
            )  # fmt: skip
        return State(
            status, candidates, eliminated, facts, choice, conflict, tuple(clashes), solved, outcome,
            posterior, fixes, tuple(sorted(self.skipped())), doubt,
        )  # fmt: skip

    def _fixes(
        self, posterior: Posterior, tried: list[tuple[str, str]], mended: set[str]
    ) -> tuple[FixOption, ...]:
        """Every untried fix, by chance of solving the case per second of call time
        (none for a fault already mended)."""
        done = set(tried)
        causes = self.kb.causes
        options = [
            (-(p * fix.success) / fix.cost, rank, order, FixOption(cause, fix, p * fix.success))
            for rank, (cause, p) in enumerate(posterior.ranked())
            if cause not in mended and not causes[cause].catch_all  # its step is the escalation
            for order, fix in enumerate(causes[cause].fixes)
            if (cause, fix.id) not in done
        ]
        options.sort(key=lambda o: o[:3])  # ties: the likelier cause, then the cause's own order
        return tuple(o[3] for o in options)

    def _found(self, cause: str, p: float, failed: list[tuple[str, str]]) -> bool:
        """A known cause at the confidence threshold with a fix left to try (one whose every
        fix failed is not "found": the case goes on); the catch-all at its own threshold."""
        settings, spec = self.kb.settings, self.kb.causes[cause]
        if spec.catch_all:
            return p >= settings.catch_all
        return p >= settings.confidence and any((cause, f.id) not in failed for f in spec.fixes)

    def next_fix(self, state: State | None = None) -> FixOption | None:
        """The fix to offer now, never one staff skipped: the found cause's next one in its
        own order (none left: escalate, since the cause stands); otherwise the best chance
        of solving the case per second, across causes."""
        state = state or self.state()
        if state.status not in ("found", "undecidable"):
            return None
        skipped = self.skipped_fixes()
        options = [o for o in state.fixes if (o.cause, o.fix.id) not in skipped]
        if state.status == "found" and state.leading and self.kb.causes[state.leading].catch_all:
            return None  # none of the known causes: escalate, with what was tested
        if state.status == "found" and state.leading:
            order = [f.id for f in self.kb.causes[state.leading].fixes]
            own = [o for o in options if o.cause == state.leading]
            own.sort(key=lambda o: order.index(o.fix.id))
            return own[0] if own else None
        # Nothing found: a fix is worth the caller's minutes only when its chance of solving the
        # call times what a solved call saves is at least what it costs.
        value = self.kb.settings.solve_value
        return next((o for o in options if o.chance * value >= o.fix.cost), None)

    def _eliminations(self, posterior: Posterior, below: float) -> dict[str, tuple[Elimination, ...]]:
        rules = {r.id: r for r in self.kb.rules}
        out: dict[str, tuple[Elimination, ...]] = {}
        for cause, p in posterior.probabilities.items():
            if p >= below:
                continue
            lowered = [e for e in posterior.evidence.get(cause, ()) if e.counted and e.factor < 1.0]
            out[cause] = tuple(self._elimination(e, rules) for e in sorted(lowered, key=lambda e: e.factor))
        return out

    def _elimination(self, e: Evidence, rules: Mapping[str, Rule]) -> Elimination:
        if e.rule.startswith("fix:"):
            fix = e.rule[4:]
            title = next((f.title for f in self.kb.causes[e.cause].fixes if f.id == fix), fix)
            because = (
                f"The caller tried '{title}': it mended part of the problem, what is left is another fault."
                if e.strength == MENDED
                else f"The caller tried '{title}' and it did not help."
            )
        else:
            because = self.kb_rule(e.rule).because
        return Elimination(e.cause, e.rule, because, e.facts, e.factor, e.strength)

    def _confirms(self, rule_id: str) -> set[str]:
        return {w.cause for w in self.kb_rule(rule_id).weights if w.ratio == CONFIRM}

    def kb_rule(self, rule_id: str) -> Rule:
        return self.weigher.rules[rule_id]

    def _to_recheck(
        self, posterior: Posterior, items: list[Evidence], given: Mapping[str, KnownFact]
    ) -> tuple[KnownFact, ...]:
        """The one or two given facts that most likely are the wrong ones.

        "Fact f is wrong" is as likely as f's own error rate, (1 - r) / r, times
        how well the rest fits once the evidence resting on f is gone.  The
        best is named, and the second too when it comes close.
        """
        reliability = self.reliability(given)
        scored: list[tuple[float, str]] = []
        for attribute in given:
            kept = [e for e in items if attribute not in e.roots]
            fit = self.weigher.posterior(kept).fit
            if fit > posterior.fit * 1.0001:
                r = reliability[attribute]
                scored.append((-(fit * (1.0 - r) / r), attribute))
        scored.sort()
        chosen = [a for _, a in scored[:1]]
        if len(scored) > 1 and scored[1][0] <= scored[0][0] / 2:
            chosen.append(scored[1][1])
        return tuple(given[a] for a in chosen)

    def question(self, attribute: str) -> Question:
        return self.kb.questions[attribute]
