"""Run facts through the compiled experta engine and read the conclusions.

One engine object is reused (experta engines cannot be copied or pickled):
``run`` resets it and declares every fact, since experta has no truth
maintenance and an answer may change; ``simulate`` adds one hypothetical
fact on top of the last run and then retracts everything it caused, which
is how question selection asks "what if the caller answered v?".

A simulation's result depends only on the facts its rules can read (see
``QuestionIndex.context``), so it is memoised under those facts: the same
"what if" in the same context is asked of experta once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xtream_doctor.engine.compile import Known, compile_engine_class
from xtream_doctor.engine.index import QuestionIndex
from xtream_doctor.kb.model import KnowledgeBase, Rule

Conclusion = tuple[str, str, Any]  # (kind, subject, detail) as recorded by a rule's action


@dataclass(frozen=True)
class Firing:
    rule: str
    facts: tuple[tuple[str, str], ...]


@dataclass
class Outcome:
    """What the engine concluded from a set of facts."""

    ruled_out: dict[str, list[str]] = field(default_factory=dict)  # cause -> rules
    confirmed: dict[str, list[str]] = field(default_factory=dict)  # cause -> rules
    derived: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # attr -> value -> rules
    firings: list[Firing] = field(default_factory=list)

    @classmethod
    def of(cls, conclusions: Iterable[Conclusion]) -> Outcome:
        outcome = cls()
        for kind, subject, detail in conclusions:
            if kind == "out":
                outcome.ruled_out.setdefault(subject, []).append(detail)
            elif kind == "confirm":
                outcome.confirmed.setdefault(subject, []).append(detail)
            elif kind == "derive":
                value, rule = detail
                outcome.derived.setdefault(subject, {}).setdefault(value, []).append(rule)
            else:
                outcome.firings.append(Firing(subject, detail))
        return outcome

    def alive(self, causes: Iterable[str]) -> list[str]:
        """Causes no certain rule has ruled out; a confirmation rules out the rest.

        The elimination view, for lint's static checks of certain rules; the
        diagnosis itself uses the posterior (engine/posterior.py)."""
        alive = [c for c in causes if c not in self.ruled_out]
        if self.confirmed:
            alive = [c for c in alive if c in self.confirmed and set(self.confirmed) == {c}]
        return alive

    def known(self) -> dict[str, tuple[str, ...]]:
        """attribute -> derived values, for context keys."""
        return {a: tuple(sorted(v)) for a, v in self.derived.items()}


class Inference:
    """The knowledge base compiled once, run many times."""

    def __init__(
        self, kb: KnowledgeBase, order: Iterable[Rule] | None = None, stock_matcher: bool = False
    ) -> None:
        self.kb = kb
        self.index = QuestionIndex(kb)
        self._engine = compile_engine_class(kb, order, stock_matcher)()
        self._engine.conclusions = []
        self._base: Outcome | None = None
        self._base_facts: dict[str, str] = {}
        self._memo: dict[tuple[Any, ...], Outcome] = {}
        self.stats = {"runs": 0, "simulations": 0, "memo_hits": 0}

    def run(self, facts: Mapping[str, str]) -> Outcome:
        """Conclusions from exactly these facts.

        When they are the last run's facts plus new ones (the next answer of a
        call), the new ones are added on top: every rule's conditions are
        positive, so what fires is the same as from scratch (tested so).  Any
        other change (an answer changed, undone or forgotten) re-derives.
        """
        base = self._base_facts
        if self._base is not None and facts == base:
            self.stats["runs"] += 1
            return self._base
        if (
            self._base is not None
            and len(facts) > len(base)
            and all(facts.get(a) == v for a, v in base.items())
        ):
            for attribute, value in facts.items():
                if attribute not in base:
                    self._add(attribute, value, keep=True)
                    base[attribute] = value
            self.stats["runs"] += 1
            self._base = Outcome.of(self._engine.conclusions)
            return self._base
        return self.fresh_run(facts)

    def fresh_run(self, facts: Mapping[str, str]) -> Outcome:
        """Conclusions from exactly these facts, re-derived from scratch."""
        engine = self._engine
        engine.reset()
        engine.conclusions = []
        for attribute, value in facts.items():
            engine.declare(Known(attribute=attribute, value=value, source="given"))
        engine.run()
        self.stats["runs"] += 1
        self._base = Outcome.of(engine.conclusions)
        self._base_facts = dict(facts)
        return self._base

    def _context_key(self, attribute: str, value: str) -> tuple[Any, ...]:
        base = self.last
        derived = base.known()
        context = tuple(
            (a, self._base_facts.get(a), derived.get(a)) for a in self.index.context(attribute, value)
        )
        return (attribute, value, context)

    def simulate(self, attribute: str, value: str) -> Outcome:
        """What the last run's facts plus ``attribute = value`` would add.

        The engine is left exactly as the last ``run`` left it.
        """
        key = self._context_key(attribute, value)
        cached = self._memo.get(key)
        if cached is not None:
            self.stats["memo_hits"] += 1
            return cached
        delta = Outcome.of(self._add(attribute, value, keep=False))
        self.stats["simulations"] += 1
        self._memo[key] = delta
        return delta

    def extend(self, attribute: str, value: str) -> Outcome:
        """Add one fact to the last run for good (cheaper than a new run)."""
        self._add(attribute, value, keep=True)
        self._base = Outcome.of(self._engine.conclusions)
        self._base_facts[attribute] = value
        return self._base

    def _add(self, attribute: str, value: str, keep: bool) -> list[Conclusion]:
        if self._base is None:
            self.run({})
        engine = self._engine
        before = set(engine.facts)
        mark = len(engine.conclusions)
        engine.declare(Known(attribute=attribute, value=value, source="given"))
        engine.run()
        added: list[Conclusion] = engine.conclusions[mark:]
        if not keep:
            del engine.conclusions[mark:]
            # retract together: experta revisits every rule once per matcher update
            for index in [i for i in engine.facts if i not in before]:
                engine.facts.retract(index)
            activations = engine.get_activations()
            engine.strategy.update_agenda(engine.agenda, *activations)
        return added

    @property
    def last(self) -> Outcome:
        return self._base if self._base is not None else self.run({})

    @property
    def last_facts(self) -> Mapping[str, str]:
        return self._base_facts
