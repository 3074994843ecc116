"""The static fast path concludes exactly what the experta engine concludes."""

from __future__ import annotations

import random

import pytest

from xtream_doctor.engine.fixpoint import Fixpoint
from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.simulation.simulate import simulate_cases


def conclusions(kb: KnowledgeBase, outcome: Outcome) -> tuple[object, ...]:
    return (
        outcome.alive(kb.causes),
        {c: set(r) for c, r in outcome.ruled_out.items()},
        {c: set(r) for c, r in outcome.confirmed.items()},
        {a: {v: set(r) for v, r in d.items()} for a, d in outcome.derived.items()},
        {f.rule for f in outcome.firings},
    )


def fact_sets(kb: KnowledgeBase, count: int) -> list[dict[str, str]]:
    """Simulated cases, some with heavy noise (contradictions), and random facts."""
    inference = Inference(kb)
    out = [c.facts for c in simulate_cases(kb, count, seed=1, dont_know=0.2, inference=inference)]
    out += [c.facts for c in simulate_cases(kb, count, seed=2, noise=0.4, inference=inference)]
    rng = random.Random(3)
    attributes = sorted(kb.attributes)
    for _ in range(count):
        chosen = rng.sample(attributes, k=min(len(attributes), rng.randint(1, 12)))
        out.append({a: rng.choice(sorted(kb.attributes[a].domain())) for a in chosen})
    return out + [dict(e.given) for e in kb.examples]


@pytest.mark.parametrize("which", ["shipped", "helpdesk"])
def test_the_fixpoint_agrees_with_experta(which: str, kb: KnowledgeBase, helpdesk: KnowledgeBase) -> None:
    rules = kb if which == "shipped" else helpdesk
    inference, fixpoint = Inference(rules), Fixpoint(rules)
    sets = fact_sets(rules, 40)
    assert any(not inference.run(facts).alive(rules.causes) for facts in sets)  # contradictions covered
    for facts in sets:
        reference = inference.run(facts)
        assert conclusions(rules, fixpoint.run(facts)) == conclusions(rules, reference), facts
        assert fixpoint.any_alive(facts) == bool(reference.alive(rules.causes))
