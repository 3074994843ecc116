"""Run facts through the compiled experta engine and read the conclusions.

One engine object is reused (experta engines cannot be copied or pickled):
``run`` resets it and declares every fact, since experta has no truth
maintenance and an answer may change; ``simulate`` adds one hypothetical
fact on top of the last run and then retracts everything it caused, which
is how question selection asks "what if the caller answered v?" cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xtream_doctor.engine.compile import Confirmed, Fired, Known, RuledOut, compile_engine_class
from xtream_doctor.kb.model import KnowledgeBase, Rule


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

    def alive(self, causes: Iterable[str]) -> list[str]:
        """Causes no rule has ruled out; a confirmation rules out the rest."""
        alive = [c for c in causes if c not in self.ruled_out]
        if self.confirmed:
            alive = [c for c in alive if c in self.confirmed and set(self.confirmed) == {c}]
        return alive

    def merged(self, other: Outcome) -> Outcome:
        out = Outcome(
            {k: list(v) for k, v in self.ruled_out.items()},
            {k: list(v) for k, v in self.confirmed.items()},
            {k: {v: list(r) for v, r in d.items()} for k, d in self.derived.items()},
            list(self.firings),
        )
        out._absorb(other)
        return out

    def _absorb(self, other: Outcome) -> None:
        for cause, rules in other.ruled_out.items():
            self.ruled_out.setdefault(cause, []).extend(rules)
        for cause, rules in other.confirmed.items():
            self.confirmed.setdefault(cause, []).extend(rules)
        for attr, values in other.derived.items():
            for value, rules in values.items():
                self.derived.setdefault(attr, {}).setdefault(value, []).extend(rules)
        self.firings.extend(other.firings)

    def add_fact(self, fact: Any) -> None:
        if isinstance(fact, RuledOut):
            self.ruled_out.setdefault(fact["cause"], []).append(fact["rule"])
        elif isinstance(fact, Confirmed):
            self.confirmed.setdefault(fact["cause"], []).append(fact["rule"])
        elif isinstance(fact, Known) and fact.get("source") == "derived":
            self.derived.setdefault(fact["attribute"], {}).setdefault(fact["value"], []).append(fact["rule"])
        elif isinstance(fact, Fired):
            self.firings.append(Firing(fact["rule"], tuple(fact["facts"])))


class Inference:
    """The knowledge base compiled once, run many times."""

    def __init__(self, kb: KnowledgeBase, order: Iterable[Rule] | None = None) -> None:
        self.kb = kb
        self._engine = compile_engine_class(kb, order)()
        self._base: Outcome | None = None
        self._base_facts: dict[str, str] = {}

    def run(self, facts: Mapping[str, str]) -> Outcome:
        """Conclusions from exactly these facts (re-derived from scratch)."""
        engine = self._engine
        engine.reset()
        for attribute, value in facts.items():
            engine.declare(Known(attribute=attribute, value=value, source="given"))
        engine.run()
        outcome = Outcome()
        for fact in engine.facts.values():
            outcome.add_fact(fact)
        self._base = outcome
        self._base_facts = dict(facts)
        return outcome

    def simulate(self, attribute: str, value: str) -> Outcome:
        """What the last run's facts plus ``attribute = value`` would add.

        The engine is left exactly as the last ``run`` left it.
        """
        if self._base is None:
            self.run({})
        engine = self._engine
        before = set(engine.facts)
        engine.declare(Known(attribute=attribute, value=value, source="given"))
        engine.run()
        added = [i for i in engine.facts if i not in before]
        delta = Outcome()
        for index in added:
            delta.add_fact(engine.facts[index])
        for index in reversed(added):
            engine.retract(index)
        return delta

    def extend(self, attribute: str, value: str) -> Outcome:
        """Add one fact to the last run for good (cheaper than a new run)."""
        if self._base is None:
            self.run({})
        engine = self._engine
        before = set(engine.facts)
        engine.declare(Known(attribute=attribute, value=value, source="given"))
        engine.run()
        assert self._base is not None
        for index in engine.facts:
            if index not in before:
                self._base.add_fact(engine.facts[index])
        self._base_facts[attribute] = value
        return self._base

    @property
    def last(self) -> Outcome:
        return self._base if self._base is not None else self.run({})

    @property
    def last_facts(self) -> Mapping[str, str]:
        return self._base_facts
