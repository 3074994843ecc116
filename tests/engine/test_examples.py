"""The examples embedded in the rule files hold, and cover every cause."""

from __future__ import annotations

import random

import pytest

from xtream_doctor.engine.examples import check_example, run_examples
from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import KnowledgeBase


def test_every_embedded_example_holds(kb: KnowledgeBase) -> None:
    failures = [
        f"{r.label}: {'; '.join(r.problems)}" for r in run_examples(kb) if not r.passed and not r.example.todo
    ]
    assert not failures, "\n".join(failures)


def test_every_cause_has_an_example_that_isolates_it(kb: KnowledgeBase) -> None:
    isolated = {
        next(iter(e.candidates))
        for e in kb.examples
        if e.candidates and len(e.candidates) == 1 and not e.todo
    }
    assert set(kb.causes) - isolated == set()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_conclusions_do_not_depend_on_rule_order(kb: KnowledgeBase, seed: int) -> None:
    shuffled = list(kb.rules)
    random.Random(seed).shuffle(shuffled)
    straight, mixed = Inference(kb), Inference(kb, order=shuffled)
    for example in kb.examples:
        a, b = straight.run(example.given), mixed.run(example.given)
        assert a.alive(kb.causes) == b.alive(kb.causes)
        assert {k: set(v) for k, v in a.ruled_out.items()} == {k: set(v) for k, v in b.ruled_out.items()}
        assert {k: set(v) for k, v in a.derived.items()} == {k: set(v) for k, v in b.derived.items()}
        assert {f.rule for f in a.firings} == {f.rule for f in b.firings}


def test_a_failing_example_reports_what_differs(kb: KnowledgeBase) -> None:
    example = next(e for e in kb.examples if e.candidates and len(e.candidates) == 1)
    other = next(c for c in kb.causes if c not in example.candidates)
    wrong = type(example)(given=example.given, candidates=frozenset({other}), owner="test")
    result = check_example(kb, Inference(kb), wrong)
    assert not result.passed
    assert any(other in p for p in result.problems)
