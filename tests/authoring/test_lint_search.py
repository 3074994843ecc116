"""Lint's search: its model of the engine agrees with the engine, and its supports are right."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.builders import cause, lit, question, rule
from xtream_doctor.authoring.lint import Linter
from xtream_doctor.authoring.lint.reach import climb_to
from xtream_doctor.authoring.lint.search import Evaluator, LintBug, Supports
from xtream_doctor.cli import main
from xtream_doctor.engine.fixpoint import Fixpoint as Closure
from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.kb.model import Condition


def summary(outcome: Outcome) -> tuple[object, ...]:
    return (
        {c: set(r) for c, r in outcome.ruled_out.items()},
        {c: set(r) for c, r in outcome.confirmed.items()},
        {a: {v: set(r) for v, r in d.items()} for a, d in outcome.derived.items()},
        {f.rule for f in outcome.firings},
    )


def random_cases(kb: KnowledgeBase, count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    settable = [a for a in kb.attributes.values() if set(a.set_by) != {"derived"}]
    cases = []
    for _ in range(count):
        chosen = rng.sample(settable, rng.randint(1, min(8, len(settable))))
        cases.append({a.id: rng.choice(sorted(a.domain())) for a in chosen})
    return cases


@pytest.mark.slow
def test_the_model_concludes_what_the_engine_concludes_on_the_shipped_rules(kb: KnowledgeBase) -> None:
    closure, inference = Closure(kb), Inference(kb)
    examples = random.Random(5).sample(list(kb.examples), min(30, len(kb.examples)))
    cases = [dict(e.given) for e in examples] + random_cases(kb, 20, seed=3)
    for facts in cases:
        mine, engine = closure.run(facts), inference.run(facts)
        assert summary(mine) == summary(engine), facts
        assert mine.alive(kb.causes) == engine.alive(kb.causes)


def test_the_model_follows_chains_of_derived_facts(house: Path) -> None:
    lit(house)
    cause(house, "wiring", rule("lit-wiring", "{lit: 'yes'}", "rule_out: wiring"))
    kb = load_knowledge_base(house)
    outcome = Closure(kb).run({"light": "on"})
    assert summary(outcome) == summary(Inference(kb).run({"light": "on"}))
    assert "wiring" in outcome.ruled_out


def test_a_disagreement_with_the_engine_is_a_lint_bug_not_a_finding(
    house: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def wrong(self: Closure, given: dict[str, str]) -> Outcome:
        return Outcome(ruled_out={"bulb": ["made-up"]})

    monkeypatch.setattr(Closure, "run", wrong)
    with pytest.raises(LintBug):
        Linter(load_knowledge_base(house)).run()
    assert main(["--rules", str(house), "kb", "lint"]) == 2
    assert "a bug in lint, not in the rules" in capsys.readouterr().err


def test_a_support_chains_back_through_derived_facts_and_asked_when(house: Path) -> None:
    lit(house)
    question(house, "bulb-age", {"old": "Old", "new": "New"}, "asked_when: {smell: none}")
    kb = load_knowledge_base(house)
    supports = Supports(kb)
    (only,) = supports.of([Condition("lit", frozenset({"yes"})), Condition("bulb-age", frozenset({"old"}))])
    assert only.facts() == {"bulb-age": "old", "light": "on", "smell": "none"}
    assert supports.of([Condition("lit", frozenset({"yes"})), Condition("light", frozenset({"off"}))]) == []
    assert not supports.truncated


def test_a_support_enumeration_cut_short_is_flagged(house: Path) -> None:
    supports = Supports(load_knowledge_base(house), limit=1)
    supports.of([Condition("light", frozenset({"on", "off"}))])
    assert supports.truncated


def test_every_case_is_tried_once(house: Path) -> None:
    evaluator = Evaluator(load_knowledge_base(house))
    first = evaluator.run({"light": "on"})
    assert evaluator.run({"light": "on"}) is first
    assert evaluator.runs == 1
    evaluator.confirm(first)
    evaluator.confirm(first)
    assert evaluator.engine_runs == 1


def test_a_cause_found_is_shown_by_a_case_confirmed_by_the_engine(house: Path) -> None:
    linter = Linter(load_knowledge_base(house))
    climb = climb_to(linter.context, "bulb")
    assert climb.found
    assert dict(climb.case.given) == {"light": "off", "smell": "none"}
    assert climb.posterior.probabilities["bulb"] >= 0.9
    assert linter.evaluator.engine_runs == 1
    assert [p for _, p in climb.steps] == sorted(p for _, p in climb.steps)  # every step a rise


def test_the_climb_takes_a_rule_that_needs_two_answers_as_one_step(house: Path) -> None:
    """A rule whose conditions need two answers is one move: neither answer alone raises the
    cause, so a climb of one answer at a time would never reach it."""
    question(house, "breaker", {"up": "Up", "down": "Down"})
    question(house, "meter", {"spinning": "Spinning", "still": "Still"})
    cause(house, "wiring", rule("wiring-shows", "{breaker: down, meter: still}", "confirm: wiring"))
    linter = Linter(load_knowledge_base(house))
    climb = climb_to(linter.context, "wiring")
    assert climb.found
    assert [added for added, _ in climb.steps] == [{"breaker": "down", "meter": "still"}, {"light": "on"}]
