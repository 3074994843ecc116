"""Choose the next question: the most information per second of call time.

Each answer is simulated through the same experta engine.  A cause is taken
to produce, with equal chance, any answer that does not rule it out; that
gives each answer's probability, and the expected entropy of the candidates
after it.  Gain divided by the question's cost in seconds is the score.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.kb.model import KnowledgeBase, Question


@dataclass(frozen=True)
class Split:
    """What one answer would leave."""

    value: str
    probability: float
    remaining: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    question: Question
    gain: float  # bits
    score: float  # bits per second
    splits: tuple[Split, ...]


def entropy(weights: Mapping[str, float], among: Collection[str]) -> float:
    total = sum(weights[c] for c in among)
    if total <= 0:
        return 0.0
    return -sum((w / total) * math.log2(w / total) for c in among if (w := weights[c]) > 0)


class QuestionIndex:
    """Static facts about which answers can matter, computed once per KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def relevant_values(self) -> dict[str, frozenset[str]]:
        """attribute -> the values some rule condition mentions (others change nothing)."""
        out: dict[str, set[str]] = {}
        for rule in self.kb.rules:
            for cond in rule.when:
                out.setdefault(cond.attribute, set()).update(cond.values)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def influence(self) -> dict[str, frozenset[str]]:
        """attribute -> causes a fact on it can rule out or confirm, through derived facts too."""
        direct: dict[str, set[str]] = {}
        feeds: dict[str, set[str]] = {}
        for rule in self.kb.rules:
            targets = set(rule.rule_out) | ({rule.confirm} if rule.confirm else set())
            for attr in rule.attributes():
                direct.setdefault(attr, set()).update(targets)
                feeds.setdefault(attr, set()).update(a for a, _ in rule.derive)
        result: dict[str, frozenset[str]] = {}
        for attr in self.kb.attributes:
            seen, stack, causes = {attr}, [attr], set()
            while stack:
                current = stack.pop()
                causes |= direct.get(current, set())
                for nxt in feeds.get(current, set()) - seen:
                    seen.add(nxt)
                    stack.append(nxt)
            result[attr] = frozenset(causes)
        return result


def askable(question: Question, known: Mapping[str, str], skipped: Collection[str]) -> bool:
    if question.id in known or question.id in skipped or question.status == "deprecated":
        return False
    return all(cond.holds(known) for cond in question.asked_when)


def choose_question(
    kb: KnowledgeBase,
    index: QuestionIndex,
    inference: Inference,
    base: Outcome,
    known: Mapping[str, str],
    skipped: Collection[str],
    alive: Collection[str],
    excluded: Collection[str] = (),
) -> Choice | None:
    """The best question to ask now, or None when no question can split ``alive``.

    ``inference`` must hold the run that produced ``base``; ``excluded`` are
    causes ruled out outside the engine (a fix that did not help).
    """
    if len(alive) <= 1:
        return None
    alive_set = set(alive)
    priors = {c: kb.causes[c].prior for c in kb.causes}
    now = entropy(priors, alive_set)
    best: Choice | None = None
    for question in kb.questions.values():
        if not askable(question, known, skipped):
            continue
        if not index.influence.get(question.id, frozenset()) & alive_set:
            continue
        relevant = index.relevant_values.get(question.id, frozenset())
        remaining: dict[str, set[str]] = {}
        for value in (a.value for a in question.answers):
            if value in relevant:
                delta = inference.simulate(question.id, value)
                remaining[value] = _alive_after(base, delta, alive_set) - set(excluded)
            else:
                remaining[value] = alive_set
        splits = _splits(priors, alive_set, remaining)
        gain = now - sum(s.probability * entropy(priors, s.remaining) for s in splits)
        if gain <= 1e-9:
            continue
        choice = Choice(question, gain, gain / question.cost, splits)
        if best is None or (choice.score, -question.cost, question.id) > (
            best.score,
            -best.question.cost,
            best.question.id,
        ):
            best = choice
    return best


def _alive_after(base: Outcome, delta: Outcome, alive: set[str]) -> set[str]:
    left = {c for c in alive if c not in delta.ruled_out}
    confirmed = set(base.confirmed) | set(delta.confirmed)
    if confirmed:
        left = {c for c in left if confirmed == {c}}
    return left


def _splits(
    priors: Mapping[str, float], alive: set[str], remaining: Mapping[str, set[str]]
) -> tuple[Split, ...]:
    compatible = {c: sum(1 for r in remaining.values() if c in r) for c in alive}
    weight = {
        value: sum(priors[c] / compatible[c] for c in left if compatible.get(c))
        for value, left in remaining.items()
    }
    total = sum(weight.values()) or 1.0
    return tuple(
        Split(value, weight[value] / total, tuple(sorted(left, key=lambda c: (-priors[c], c))))
        for value, left in remaining.items()
    )
