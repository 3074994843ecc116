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
from xtream_doctor.engine.posterior import CONFIRMS, Evidence, Posterior, Weigher, combine
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


@dataclass(frozen=True)
class Moves:
    """What one answer multiplies each cause's weight by: ``uniform`` for every
    cause not in ``ratios`` (a confirmation lowers all the others alike)."""

    ratios: Mapping[str, float]
    uniform: float = 1.0

    def of(self, cause: str) -> float:
        return self.ratios.get(cause, self.uniform)


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

    def after(self, moves: Moves) -> float:
        """Entropy once every cause is multiplied by its ratio."""
        u = moves.uniform
        rest_mass = self.total - sum(self.weights[c] for c in moves.ratios)
        rest_wlogw = self.total_wlogw - sum(self.wlogw[c] for c in moves.ratios)
        mass = u * rest_mass
        wlogw = u * rest_wlogw + (u * math.log2(u) * rest_mass if u > 0 else 0.0)
        for cause, ratio in moves.ratios.items():
            w = self.weights[cause] * ratio
            mass += w
            wlogw += _xlogx(w)
        return self._entropy(mass, wlogw)

    def answer_probabilities(self, question: Question, moves: Mapping[str, Moves]) -> dict[str, float]:
        """P(answer) = sum over causes of P(cause) * rate(v) L(v, c) / sum_v' rate(v') L(v', c)."""
        if self.total <= 0:
            return {v: question.rate(v) for v in moves}
        touched: set[str] = set()
        for m in moves.values():
            touched.update(m.ratios)
        p_untouched = 1.0 - sum(self.weights[c] for c in touched) / self.total
        z0 = sum(question.rate(v) * m.uniform for v, m in moves.items())
        z = {c: sum(question.rate(v) * m.of(c) for v, m in moves.items()) for c in touched}
        out: dict[str, float] = {}
        for value, m in moves.items():
            rate = question.rate(value)
            share = p_untouched * rate * m.uniform / z0 if z0 > 0 else 0.0
            out[value] = share + sum(self.weights[c] / self.total * rate * m.of(c) / z[c] for c in touched)
        return out

    def gain(self, question: Question, moves: Mapping[str, Moves]) -> tuple[float, dict[str, float]]:
        probabilities = self.answer_probabilities(question, moves)
        expected = sum(probabilities[v] * self.after(m) for v, m in moves.items())
        return (1.0 - question.dont_know) * (self.now - expected), probabilities


def _xlogx(x: float) -> float:
    return x * math.log2(x) if x > 0 else 0.0


def answer_moves(
    weigher: Weigher,
    inference: Inference,
    question: Question,
    relevant: Collection[str],
    posterior: Posterior,
    reliability: Mapping[str, float],
    roots: Mapping[tuple[str, str], frozenset[str]],
    base_roots: Mapping[str, frozenset[str]],
) -> dict[str, Moves]:
    """answer -> how much that answer would multiply each cause's factor."""
    out: dict[str, Moves] = {}
    base_items, base_factors = posterior.evidence, posterior.factors
    with_question = {**reliability, question.id: question.reliability}
    for value in (a.value for a in question.answers):
        if value not in relevant:
            out[value] = Moves({})
            continue
        delta = inference.simulate(question.id, value)
        items, _ = weigher.evidence(delta.firings, with_question, roots, expand=False)
        confirms = [e for e in items if e.strength == CONFIRMS]
        by_cause: dict[str, list[Evidence]] = {}
        for item in items:
            if item.strength != CONFIRMS and item.cause in base_factors:
                by_cause.setdefault(item.cause, []).append(item)
        uniform = 1.0
        explicit = set(by_cause)
        if confirms:
            uniform = combine([weigher.others(e, "") for e in confirms])[0]
            confirm_roots = frozenset().union(*(e.roots for e in confirms))
            explicit |= {e.cause for e in confirms}
            explicit |= {c for c, r in base_roots.items() if not r.isdisjoint(confirm_roots)}
        moved: dict[str, float] = {}
        alone: dict[tuple[tuple[str, float, frozenset[str]], ...], float] = {}
        for cause in explicit:
            if cause not in base_factors or cause == weigher.catch_all:
                continue
            new = by_cause.get(cause, []) + [weigher.others(e, cause) for e in confirms if e.cause != cause]
            touched = frozenset().union(*(e.roots for e in new))
            if touched.isdisjoint(base_roots.get(cause, frozenset())):
                # nothing in common with what is known of the cause: the factors multiply
                key = tuple((e.rule, e.factor, e.roots) for e in new)
                ratio = alone.get(key) or alone.setdefault(key, combine(new)[0])
            else:
                factor, _ = combine([*base_items.get(cause, ()), *new])
                ratio = factor / base_factors[cause] if base_factors[cause] > 0 else 1.0
            if abs(ratio - uniform) > 1e-12:
                moved[cause] = ratio
        if weigher.catch_all is not None:
            moved[weigher.catch_all] = _catch_all_ratio(weigher, posterior, by_cause, confirms)
        out[value] = Moves(moved, uniform)
    return out


def _catch_all_ratio(
    weigher: Weigher, posterior: Posterior, by_cause: Mapping[str, list[Evidence]], confirms: list[Evidence]
) -> float:
    """What the answer does to the catch-all, whose factor is the background of all the evidence
    (not a sum over causes: it is worked out from every known cause's evidence after the answer)."""
    catch_all = weigher.catch_all
    assert catch_all is not None
    if not by_cause and not confirms:
        return 1.0
    evidence: dict[str, tuple[Evidence, ...]] = {}
    for cause, items in posterior.evidence.items():
        if cause == catch_all:
            continue
        new = by_cause.get(cause, []) + [weigher.others(e, cause) for e in confirms if e.cause != cause]
        evidence[cause] = combine([*items, *new])[1] if new else items
    base = posterior.factors.get(catch_all, 1.0)
    return weigher.background(evidence) / base if base > 0 else 1.0


def roots_by_cause(posterior: Posterior) -> dict[str, frozenset[str]]:
    """The given facts each cause's evidence rests on."""
    return {
        c: frozenset().union(*(e.roots for e in items)) for c, items in posterior.evidence.items() if items
    }


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
    base_roots = roots_by_cause(posterior)
    minimum = kb.settings.minimum_gain
    best: tuple[tuple[float, float, str], Question, float, dict[str, Moves], dict[str, float]] | None
    best = None
    for question in kb.questions.values():
        if not askable(question, known, skipped):
            continue
        if not index.influence.get(question.id):
            continue
        relevant = index.relevant_values.get(question.id, frozenset())
        ratios = answer_moves(
            weigher, inference, question, relevant, posterior, reliability, roots, base_roots
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
    scorer: Scorer, moves: Mapping[str, Moves], probabilities: Mapping[str, float]
) -> tuple[Split, ...]:
    out = []
    for value, m in moves.items():
        weights = {c: w * m.of(c) for c, w in scorer.weights.items()}
        total = sum(weights.values()) or 1.0
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        relative = {c: r / m.uniform for c, r in m.ratios.items()} if m.uniform > 0 else dict(m.ratios)
        relative = {c: r for c, r in relative.items() if abs(r - 1.0) > 1e-9}
        changes = tuple(sorted(relative.items(), key=lambda kv: (-abs(math.log(kv[1])), kv[0])))
        out.append(Split(value, probabilities[value], tuple((c, w / total) for c, w in top), changes))
    return tuple(out)
