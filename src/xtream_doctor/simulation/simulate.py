"""Synthetic cases drawn from the knowledge base itself.

A cause is drawn by prior; then each attribute, in random order, gets a
value drawn among those that keep the cause a candidate (through the real
engine), so the case is one the rules consider possible.  Noise replaces
an answer by any value of its domain; a don't-know rate leaves it out.
Questions whose ``asked_when`` does not hold are left out, as in a call.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.kb.model import KnowledgeBase


@dataclass(frozen=True)
class SimulatedCase:
    cause: str
    answers: dict[str, str]  # question attributes the caller would answer
    observations: dict[str, str] = field(default_factory=dict)  # probe and lint facts
    seed: int = 0

    @property
    def facts(self) -> dict[str, str]:
        return {**self.observations, **self.answers}


def _alive(outcome: Outcome, cause: str, delta: Outcome | None = None) -> bool:
    ruled = cause in outcome.ruled_out or (delta is not None and cause in delta.ruled_out)
    confirmed = set(outcome.confirmed) | (set(delta.confirmed) if delta else set())
    return not ruled and (not confirmed or confirmed == {cause})


def simulate_case(
    kb: KnowledgeBase,
    inference: Inference,
    rng: random.Random,
    cause: str | None = None,
    noise: float = 0.0,
    dont_know: float = 0.0,
    seed: int = 0,
    given: Mapping[str, str] | None = None,
) -> SimulatedCase:
    """``given`` facts (say, what the probe found) are fixed; the rest is drawn around them."""
    causes = sorted(kb.causes)
    if cause is None:
        cause = rng.choices(causes, weights=[kb.causes[c].prior for c in causes])[0]
    relevant = inference.index.relevant_values
    fixed = dict(given or {})
    attributes = sorted(
        a for a in kb.attributes if "derived" not in kb.attributes[a].set_by and a not in fixed
    )
    rng.shuffle(attributes)
    pending = list(attributes)
    facts: dict[str, str] = dict(fixed)
    inference.run(facts)
    progress = True
    while pending and progress:
        progress = False
        for attribute in list(pending):
            question = kb.questions.get(attribute)
            conditions = question.asked_when if question else ()
            if any(c.attribute in pending for c in conditions):
                continue  # decide what it depends on first
            pending.remove(attribute)
            progress = True
            if not all(c.holds(facts) for c in conditions):
                continue
            domain = [a.value for a in kb.attributes[attribute].values]
            base = inference.last
            ok = [
                v
                for v in domain
                if v not in relevant.get(attribute, ())
                or _alive(base, cause, inference.simulate(attribute, v))
            ]
            if not ok:
                continue
            value = rng.choice(domain) if rng.random() < noise else rng.choice(ok)
            if question is not None and rng.random() < dont_know:
                continue
            facts[attribute] = value
            inference.extend(attribute, value)
    answers = {a: v for a, v in facts.items() if a in kb.questions and a not in fixed}
    observed = {a: v for a, v in facts.items() if a not in kb.questions or a in fixed}
    return SimulatedCase(cause, answers, observed, seed)


def simulate_cases(
    kb: KnowledgeBase,
    count: int,
    seed: int = 0,
    noise: float = 0.0,
    dont_know: float = 0.0,
    inference: Inference | None = None,
) -> Iterator[SimulatedCase]:
    inference = inference or Inference(kb)
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        yield simulate_case(kb, inference, rng, noise=noise, dont_know=dont_know, seed=seed * 1_000_003 + i)
