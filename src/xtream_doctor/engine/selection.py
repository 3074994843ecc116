"""Choose the next question: the most information per second of call time.

Each answer is simulated through the same experta engine; the rules it
would fire change some causes' factors (engine/posterior.py), and that
change L(v, c) is also how likely the answer is under each cause:

    P(v | c) = rate(v) * L(v, c) / sum over answers v' of rate(v') * L(v', c)

with ``rate`` the question's base answer rates (even unless it declares
them).  So the information a question is said to bring is measured under
the same model that then scores the answer.  "Don't know" is an outcome
with the question's own rate, and changes nothing.  The score is the
expected fall of the posterior's entropy, in bits, per second of the
question's cost.  Sums run over the causes an answer touches only.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from xtream_doctor.engine.index import QuestionIndex
from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.posterior import Evidence, Posterior, Weigher, combine
from xtream_doctor.kb.model import KnowledgeBase, Question

__all__ = ["Choice", "QuestionIndex", "Split", "askable", "choose_question", "entropy"]


@dataclass(frozen=True)
class Split:
    """What one answer would do."""

    value: str
    probability: float  # of this answer, "don't know" excluded
    leading: tuple[tuple[str, float], ...]  # the likeliest causes after it, with posteriors
    changes: tuple[tuple[str, float], ...]  # causes it moves, and by how much (ratio)

    @property
    def remaining(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.leading)


@dataclass(frozen=True)
class Choice:
    question: Question
    gain: float  # bits expected
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


class Scorer:
    """The posterior now, and what a set of changed factors would make of it."""

    def __init__(self, weigher: Weigher, posterior: Posterior) -> None:
        self.weigher = weigher
        self.posterior = posterior
        self.weights = {c: weigher.priors[c] * posterior.factors[c] for c in weigher.priors}
        self.total = sum(self.weights.values())
        self.wlogw = {c: _xlogx(w) for c, w in self.weights.items()}
        self.total_wlogw = sum(self.wlogw.values())
        self.now = self._entropy(self.total, self.total_wlogw)

    @staticmethod
    def _entropy(mass: float, wlogw: float) -> float:
        return math.log2(mass) - wlogw / mass if mass > 0 else 0.0

    def after(self, ratios: Mapping[str, float]) -> float:
        """Entropy once the causes in ``ratios`` are multiplied by their ratio."""
        mass, wlogw = self.total, self.total_wlogw
        for cause, ratio in ratios.items():
            w = self.weights[cause]
            mass += w * ratio - w
            wlogw += _xlogx(w * ratio) - self.wlogw[cause]
        return self._entropy(mass, wlogw)

    def answer_probabilities(
        self, question: Question, ratios: Mapping[str, Mapping[str, float]]
    ) -> dict[str, float]:
        """P(answer) under the model, given each answer's ratios per cause."""
        p = {c: w / self.total for c, w in self.weights.items()} if self.total > 0 else {}
        touched: set[str] = set()
        for moved in ratios.values():
            touched.update(moved)
        untouched = 1.0 - sum(p.get(c, 0.0) for c in touched)
        z = {c: sum(question.rate(v) * ratios[v].get(c, 1.0) for v in ratios) for c in touched}
        out: dict[str, float] = {}
        for value, moved in ratios.items():
            rate = question.rate(value)
            out[value] = rate * untouched + sum(p[c] * rate * moved.get(c, 1.0) / z[c] for c in touched)
        return out

    def gain(
        self, question: Question, ratios: Mapping[str, Mapping[str, float]]
    ) -> tuple[float, dict[str, float]]:
        probabilities = self.answer_probabilities(question, ratios)
        expected = sum(probabilities[v] * self.after(moved) for v, moved in ratios.items())
        return (1.0 - question.dont_know) * (self.now - expected), probabilities


def _xlogx(x: float) -> float:
    return x * math.log2(x) if x > 0 else 0.0


def answer_ratios(
    weigher: Weigher,
    inference: Inference,
    question: Question,
    relevant: Collection[str],
    base_items: Mapping[str, tuple[Evidence, ...]],
    base_factors: Mapping[str, float],
    reliability: Mapping[str, float],
    roots: Mapping[tuple[str, str], frozenset[str]],
) -> dict[str, dict[str, float]]:
    """answer -> cause -> how much that answer would multiply the cause's factor."""
    out: dict[str, dict[str, float]] = {}
    with_question = {**reliability, question.id: question.reliability}
    for value in (a.value for a in question.answers):
        if value not in relevant:
            out[value] = {}
            continue
        delta = inference.simulate(question.id, value)
        items, _ = weigher.evidence(delta.firings, with_question, roots)
        by_cause: dict[str, list[Evidence]] = {}
        for item in items:
            if item.cause in base_factors:
                by_cause.setdefault(item.cause, []).append(item)
        moved: dict[str, float] = {}
        for cause, new in by_cause.items():
            factor, _ = combine([*base_items.get(cause, ()), *new])
            ratio = factor / base_factors[cause] if base_factors[cause] > 0 else 1.0
            if abs(ratio - 1.0) > 1e-12:
                moved[cause] = ratio
        out[value] = moved
    return out


def choose_question(
    kb: KnowledgeBase,
    index: QuestionIndex,
    inference: Inference,
    weigher: Weigher,
    posterior: Posterior,
    known: Mapping[str, str],
    skipped: Collection[str],
    reliability: Mapping[str, float],
    roots: Mapping[tuple[str, str], frozenset[str]],
) -> Choice | None:
    """The best question to ask now, or None when none is worth its cost.

    ``inference`` must hold the run that produced ``posterior``.
    """
    scorer = Scorer(weigher, posterior)
    base_items = posterior.evidence
    minimum = kb.settings.minimum_gain
    best: (
        tuple[tuple[float, float, str], Question, float, dict[str, dict[str, float]], dict[str, float]] | None
    )
    best = None
    for question in kb.questions.values():
        if not askable(question, known, skipped):
            continue
        if not index.influence.get(question.id):
            continue
        relevant = index.relevant_values.get(question.id, frozenset())
        ratios = answer_ratios(
            weigher, inference, question, relevant, base_items, posterior.factors, reliability, roots
        )
        gain, probabilities = scorer.gain(question, ratios)
        if gain < minimum:
            continue
        rank = (gain / question.cost, -question.cost, question.id)
        if best is None or rank > best[0]:
            best = (rank, question, gain, ratios, probabilities)
    if best is None:
        return None
    _, question, gain, ratios, probabilities = best
    return Choice(question, gain, gain / question.cost, _splits(scorer, ratios, probabilities))


def _splits(
    scorer: Scorer, ratios: Mapping[str, Mapping[str, float]], probabilities: Mapping[str, float]
) -> tuple[Split, ...]:
    out = []
    for value, moved in ratios.items():
        weights = {c: w * moved.get(c, 1.0) for c, w in scorer.weights.items()}
        total = sum(weights.values()) or 1.0
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        changes = tuple(sorted(moved.items(), key=lambda kv: (-abs(math.log(kv[1])), kv[0])))
        out.append(Split(value, probabilities[value], tuple((c, w / total) for c, w in top), changes))
    return tuple(out)
