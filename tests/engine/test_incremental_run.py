"""The next answer of a call is added on top of the last run instead of
re-deriving everything, through a matcher that sends each fact only to the
alpha nodes it can pass: what fires must be exactly what a fresh run of
experta's stock matcher fires."""

from __future__ import annotations

import random

import pytest

from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.kb import KnowledgeBase


def fired(outcome: Outcome) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
    return {(f.rule, f.facts) for f in outcome.firings}


def derived(outcome: Outcome) -> dict[str, dict[str, set[str]]]:
    return {a: {v: set(r) for v, r in values.items()} for a, values in outcome.derived.items()}


@pytest.mark.parametrize("seed", range(6))
def test_growing_answers_fire_what_a_fresh_run_fires(kb: KnowledgeBase, seed: int) -> None:
    rng = random.Random(seed)
    growing, fresh = Inference(kb), Inference(kb, stock_matcher=True)
    attributes = sorted(kb.attributes)
    for _ in range(8):  # eight calls, each answered in a random order, with a simulation between
        facts: dict[str, str] = {}
        growing.fresh_run({})
        for attribute in rng.sample(attributes, 12):
            facts[attribute] = rng.choice(sorted(kb.attributes[attribute].domain()))
            step = growing.run(dict(facts))
            again = fresh.fresh_run(dict(facts))
            assert fired(step) == fired(again)
            assert derived(step) == derived(again)
            assert set(step.ruled_out) == set(again.ruled_out)
            other = rng.choice(attributes)  # a "what if" must leave the run as it was
            if other not in facts:
                growing.simulate(other, rng.choice(sorted(kb.attributes[other].domain())))


def test_a_changed_answer_re_derives_from_scratch(kb: KnowledgeBase) -> None:
    inference = Inference(kb)
    inference.run({"error-message": "max-connections"})
    changed = inference.run({"error-message": "host-not-found"})
    assert fired(changed) == fired(Inference(kb).fresh_run({"error-message": "host-not-found"}))
    assert not {f for f in fired(changed) if ("error-message", "max-connections") in f[1]}
