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

from xtream_doctor.engine.index import QuestionIndex
from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.kb.model import KnowledgeBase, Question

__all__ = ["Choice", "QuestionIndex", "Split", "askable", "choose_question", "entropy"]


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
    alive_set = set(alive) - set(excluded)
    scorer = _Scorer({c: kb.causes[c].prior for c in alive_set})
    best: tuple[tuple[float, float, str], Question, float, dict[str, set[str]]] | None = None
    for question in kb.questions.values():
        if not askable(question, known, skipped):
            continue
        if not index.influence.get(question.id, frozenset()) & alive_set:
            continue
        relevant = index.relevant_values.get(question.id, frozenset())
        removed: dict[str, set[str]] = {}
        for value in (a.value for a in question.answers):
            if value in relevant:
                removed[value] = _removed(base, inference.simulate(question.id, value), alive_set)
            else:
                removed[value] = set()
        gain = scorer.gain(removed)
        if gain <= 1e-9:
            continue
        rank = (gain / question.cost, -question.cost, question.id)
        if best is None or rank > best[0]:
            best = (rank, question, gain, removed)
    if best is None:
        return None
    _, question, gain, removed = best
    return Choice(question, gain, gain / question.cost, scorer.splits(removed))


def _removed(base: Outcome, delta: Outcome, alive: set[str]) -> set[str]:
    """The alive causes an answer would remove."""
    out = {c for c in delta.ruled_out if c in alive}
    confirmed = set(base.confirmed) | set(delta.confirmed)
    if confirmed:
        out |= {c for c in alive if confirmed != {c}}
    return out


class _Scorer:
    """Expected entropy after a question, from what each answer removes.

    Answers usually remove a few causes, so sums run over the removed causes
    only: the remaining mass and entropy terms are the totals minus them.
    """

    def __init__(self, priors: Mapping[str, float]) -> None:
        self.priors = priors
        self.total = sum(priors.values())
        self.plogp = {c: p * math.log2(p) for c, p in priors.items() if p > 0}
        self.total_plogp = sum(self.plogp.values())
        self.now = self._entropy(self.total, self.total_plogp)

    @staticmethod
    def _entropy(mass: float, plogp: float) -> float:
        return math.log2(mass) - plogp / mass if mass > 0 else 0.0

    def _weights(self, removed: Mapping[str, set[str]]) -> dict[str, float]:
        """P(answer): each cause gives, with equal chance, any answer that keeps it."""
        n = len(removed)
        hits: dict[str, int] = {}
        for gone in removed.values():
            for cause in gone:
                hits[cause] = hits.get(cause, 0) + 1
        # sum over causes of p/k, where k = answers compatible with the cause
        share = {c: (self.priors[c] / (n - h) if h < n else 0.0) for c, h in hits.items()}
        whole = self.total / n + sum(share[c] - self.priors[c] / n for c in hits)
        return {v: whole - sum(share[c] for c in gone) for v, gone in removed.items()}

    def gain(self, removed: Mapping[str, set[str]]) -> float:
        weights = self._weights(removed)
        norm = sum(weights.values()) or 1.0
        after = 0.0
        for value, gone in removed.items():
            if weights[value] <= 0:
                continue
            mass = self.total - sum(self.priors[c] for c in gone)
            plogp = self.total_plogp - sum(self.plogp.get(c, 0.0) for c in gone)
            after += (weights[value] / norm) * self._entropy(mass, plogp)
        return self.now - after

    def splits(self, removed: Mapping[str, set[str]]) -> tuple[Split, ...]:
        weights = self._weights(removed)
        norm = sum(weights.values()) or 1.0
        order = sorted(self.priors, key=lambda c: (-self.priors[c], c))
        return tuple(
            Split(value, max(0.0, weights[value]) / norm, tuple(c for c in order if c not in gone))
            for value, gone in removed.items()
        )
