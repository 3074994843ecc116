"""Question selection: the fast arithmetic equals the definition, and choices follow."""

from __future__ import annotations

import math

import pytest

from xtream_doctor.engine import Inference, Session
from xtream_doctor.engine.posterior import Weigher
from xtream_doctor.engine.selection import askable, entropy
from xtream_doctor.kb import KnowledgeBase


def _entropy(weights: dict[str, float]) -> float:
    total = sum(weights.values())
    return -sum(w / total * math.log2(w / total) for w in weights.values() if w > 0)


def definition_gain(kb: KnowledgeBase, session: Session, question_id: str, fresh: Inference) -> float:
    """The expected fall of entropy, the slow way: a fresh engine per answer.

    P(v | c) = rate(v) L(v, c) / sum_v' rate(v') L(v', c), where L(v, c) is what
    answering v multiplies c's factor by; "don't know" changes nothing.
    ``fresh`` is an engine of its own, run from scratch for every answer.
    """
    given = session.given()
    facts = {a: f.value for a, f in given.items()}
    reliability = session.reliability(given)
    weigher = Weigher(kb)
    question = kb.questions[question_id]
    base = weigher.weigh(fresh.run(facts), reliability)
    weights = {c: kb.causes[c].prior * base.factors[c] for c in kb.causes}
    p = {c: w / sum(weights.values()) for c, w in weights.items()}
    after: dict[str, dict[str, float]] = {}
    for answer in question.answers:
        run = fresh.run({**facts, question.id: answer.value})
        post = weigher.weigh(run, {**reliability, question.id: question.reliability})
        after[answer.value] = {c: post.factors[c] / base.factors[c] for c in kb.causes}
    z = {c: sum(question.rate(v) * after[v][c] for v in after) for c in kb.causes}
    expected = 0.0
    for v, ratio in after.items():
        p_v = sum(p[c] * question.rate(v) * ratio[c] / z[c] for c in kb.causes)
        expected += p_v * _entropy({c: weights[c] * ratio[c] for c in kb.causes})
    return (1.0 - question.dont_know) * (_entropy(weights) - expected)


@pytest.mark.parametrize(
    "facts",
    [
        {},
        {"error-message": "failed-to-authorize"},
        {"error-message": "max-connections", "worked-before": "yes"},
        {"error-message": "timeout", "internet-works": "yes", "device": "firestick"},
    ],
)
def test_the_chosen_question_has_the_most_bits_per_second_by_the_definition(
    kb: KnowledgeBase, facts: dict[str, str]
) -> None:
    session = Session(kb)
    for attribute, value in facts.items():
        session.answer(attribute, value)
    state = session.state()
    choice = state.next_question
    assert choice is not None
    known = {a: f.value for a, f in state.facts.items()}
    fresh = Inference(kb)
    scores = {
        q.id: definition_gain(kb, session, q.id, fresh) / q.cost
        for q in kb.questions.values()
        if askable(q, known, session.skipped())
    }
    best = max(scores, key=lambda q: scores[q])
    assert choice.score == pytest.approx(scores[best], rel=1e-6)
    assert choice.gain == pytest.approx(definition_gain(kb, session, choice.question.id, fresh), rel=1e-6)
    assert sum(s.probability for s in choice.splits) == pytest.approx(1.0)


def test_entropy_of_two_equal_causes_is_one_bit() -> None:
    assert entropy({"a": 1.0, "b": 1.0}, ["a", "b"]) == pytest.approx(1.0)


def test_a_memoised_simulation_equals_a_fresh_one(kb: KnowledgeBase) -> None:
    shared = Inference(kb)
    facts = {"error-message": "failed-to-authorize", "worked-before": "yes"}
    for attribute in ("close-others-test", "browser-test", "mobile-data-test"):
        for answer in kb.questions[attribute].answers:
            shared.run(facts)
            first = shared.simulate(attribute, answer.value)
            fresh = Inference(kb)
            fresh.run(facts)
            again = fresh.simulate(attribute, answer.value)
            assert {f.rule for f in first.firings} == {f.rule for f in again.firings}
            assert set(first.ruled_out) == set(again.ruled_out)
    assert shared.stats["simulations"] > 0


def test_the_tracking_matcher_concludes_what_experta_concludes(kb: KnowledgeBase) -> None:
    fast, stock = Inference(kb), Inference(kb, stock_matcher=True)
    for example in kb.examples:
        a, b = fast.run(example.given), stock.run(example.given)
        assert {k: set(v) for k, v in a.ruled_out.items()} == {k: set(v) for k, v in b.ruled_out.items()}
        assert set(a.confirmed) == set(b.confirmed)
        assert {f.rule for f in a.firings} == {f.rule for f in b.firings}
