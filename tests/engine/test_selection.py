"""Question selection: the arithmetic, and the choices it leads to."""

from __future__ import annotations

import random

import pytest

from xtream_doctor.engine import Inference, Session
from xtream_doctor.engine.selection import _Scorer, entropy
from xtream_doctor.kb import KnowledgeBase


def brute_force_gain(priors: dict[str, float], removed: dict[str, set[str]]) -> float:
    """The definition, written the slow way: P(answer) from uniform compatible answers."""
    alive = set(priors)
    remaining = {v: alive - gone for v, gone in removed.items()}
    k = {c: sum(c in r for r in remaining.values()) for c in alive}
    weight = {v: sum(priors[c] / k[c] for c in r) for v, r in remaining.items()}
    total = sum(weight.values())
    after = sum(weight[v] / total * entropy(priors, r) for v, r in remaining.items())
    return entropy(priors, alive) - after


@pytest.mark.parametrize("seed", range(20))
def test_the_fast_scorer_equals_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    priors = {f"c{i}": rng.uniform(0.5, 20) for i in range(rng.randint(2, 12))}
    removed = {f"v{j}": {c for c in priors if rng.random() < 0.3} for j in range(rng.randint(2, 5))}
    if all(len(gone) == len(priors) for gone in removed.values()):
        return
    assert _Scorer(priors).gain(removed) == pytest.approx(brute_force_gain(priors, removed), abs=1e-9)


def test_a_question_that_removes_nothing_has_no_gain() -> None:
    assert _Scorer({"a": 1.0, "b": 3.0}).gain({"x": set(), "y": set()}) == pytest.approx(0.0)


def test_a_perfect_split_of_two_equal_causes_is_one_bit() -> None:
    assert _Scorer({"a": 1.0, "b": 1.0}).gain({"x": {"a"}, "y": {"b"}}) == pytest.approx(1.0)


def test_the_chosen_question_has_the_most_bits_per_second(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.answer("error-message", "auth-failed")
    state = session.state()
    choice = state.next_question
    assert choice is not None
    alive = {c.cause for c in state.candidates}
    priors = {c: kb.causes[c].prior for c in alive}
    known = {a: f.value for a, f in state.facts.items()}
    fresh = Inference(kb)
    best = 0.0
    for question in kb.questions.values():
        if question.id in known or not all(c.holds(known) for c in question.asked_when):
            continue
        removed = {}
        for answer in question.answers:
            check = fresh.run({**known, question.id: answer.value})
            removed[answer.value] = alive - set(check.alive(alive))
        if any(len(gone) < len(alive) for gone in removed.values()):
            best = max(best, brute_force_gain(priors, removed) / question.cost)
    assert choice.score == pytest.approx(best)
    assert sum(s.probability for s in choice.splits) == pytest.approx(1.0)


def test_a_memoised_simulation_equals_a_fresh_one(kb: KnowledgeBase) -> None:
    shared = Inference(kb)
    facts = {"error-message": "auth-failed", "worked-before": "yes"}
    for attribute in ("close-others-test", "browser-test", "mobile-data-test"):
        for answer in kb.questions[attribute].answers:
            shared.run(facts)
            first = shared.simulate(attribute, answer.value)
            fresh = Inference(kb)
            fresh.run(facts)
            again = fresh.simulate(attribute, answer.value)
            assert set(first.ruled_out) == set(again.ruled_out)
            assert set(first.confirmed) == set(again.confirmed)
    assert shared.stats["simulations"] > 0


def test_the_tracking_matcher_concludes_what_experta_concludes(kb: KnowledgeBase) -> None:
    fast, stock = Inference(kb), Inference(kb, stock_matcher=True)
    for example in kb.examples:
        a, b = fast.run(example.given), stock.run(example.given)
        assert {k: set(v) for k, v in a.ruled_out.items()} == {k: set(v) for k, v in b.ruled_out.items()}
        assert set(a.confirmed) == set(b.confirmed)
        assert {f.rule for f in a.firings} == {f.rule for f in b.firings}
