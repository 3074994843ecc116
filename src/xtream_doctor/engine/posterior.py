"""The posterior over causes, from the rules that fired (never their order).

The model (docs/design.md, "The model"): one cause at a time (single
fault), and the fired rules are independent pieces of evidence (naive
Bayes).  Each rule's conclusion about a cause is a likelihood ratio: a
named strength, or 0 / infinity for ``rule_out`` / ``confirm``.  A fact is
right only with its source's reliability r, so a rule counts as the mixture
"the facts are right (r) or they are noise (1 - r)":

    lowering ratio L < 1:  factor = r * L + (1 - r)
    raising ratio  L > 1:  factor = 1 / (r / L + (1 - r))   (the mirror image)

so no single answer moves a cause by more than 1 / (1 - r) either way, and
a certain rule lowers the true cause instead of deleting it.  ``confirm``
is the certainty that every other cause is ruled out, and is counted so.  A rule rests
on the given facts it matched (through derived facts too); its reliability
is the weakest of them.  Rules about one cause that rest on overlapping
facts are one piece of evidence, not several: the strongest rise and the
strongest fall among them count, the rest are shown but not multiplied in.

    posterior(c) = prior(c) * product of counted factors of c, normalised.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xtream_doctor.engine.inference import Firing, Outcome
from xtream_doctor.kb.model import CONFIRM, RULE_OUT, KnowledgeBase, Rule, Weight

NO_ROOTS_RELIABILITY = 0.995  # a rule with no conditions: as sure as the lint
CONFIRMS = "confirm"  # an unexpanded confirmation (see Weigher.evidence)
OTHER_CONFIRMED = "another cause confirmed"
MENDED = "mended"  # a fix helped partly: its fault is set aside


def fact_reliability(kb: KnowledgeBase, attribute: str, source: str) -> float:
    """How often a fact is right: a caller's answer by its question's say, else by source."""
    sources = kb.settings.reliability
    question = kb.questions.get(attribute)
    if source == "answer" and question is not None:
        return question.reliability
    spec = kb.attributes.get(attribute)
    if spec is not None and spec.reliability is not None and source in ("probe", "lint", "desk"):
        return spec.reliability
    return sources.get(source, sources["answer"])


def discount(ratio: float, reliability: float) -> float:
    """A rule's likelihood ratio, once its facts may be wrong."""
    if ratio == 1.0:
        return 1.0
    if ratio < 1.0:
        return reliability * ratio + (1.0 - reliability)
    return 1.0 / (reliability / ratio + (1.0 - reliability))


@dataclass(frozen=True)
class Evidence:
    """One fired rule's conclusion about one cause, as it counts."""

    cause: str
    rule: str  # rule id, or "fix:<id>" for a fix that did not help
    strength: str  # 'slightly', 'clearly', 'strongly', 'rule out', 'confirm', 'fix failed'
    factor: float  # what it multiplies the cause's odds by
    facts: tuple[tuple[str, str], ...]  # the facts the rule matched
    roots: frozenset[str]  # the given facts it rests on
    counted: bool = True  # False: a stronger rule on the same facts counts instead

    @property
    def raises(self) -> bool:
        return self.factor > 1.0


@dataclass(frozen=True)
class Posterior:
    probabilities: Mapping[str, float]  # cause -> posterior, sums to 1
    factors: Mapping[str, float]  # cause -> product of its counted evidence
    evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    catch_all: str | None = None  # the cause standing for those the knowledge base does not know

    @property
    def fit(self) -> float:
        """How well the facts fit the known cause they fit best: the product of the evidence
        against it (1: nothing against it).  Evidence for a cause does not excuse
        evidence against it, so this ignores the rises.  (The catch-all has no evidence of its
        own: that answers fit no known cause is a conflict to re-check first.)"""
        against = [
            math.prod(e.factor for e in items if e.counted and e.factor < 1.0)
            for cause, items in self.evidence.items()
            if cause != self.catch_all
        ]
        return max(against, default=1.0)

    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.probabilities.items(), key=lambda kv: (-kv[1], kv[0]))

    def entropy(self) -> float:
        return -sum(p * math.log2(p) for p in self.probabilities.values() if p > 0)


def combine(items: Iterable[Evidence]) -> tuple[float, tuple[Evidence, ...]]:
    """One cause's factor from its evidence: overlapping facts count once."""
    items = list(items)
    if not items:
        return 1.0, ()
    groups: list[list[Evidence]] = []
    group_roots: list[set[str]] = []
    for item in items:
        touching = [i for i, roots in enumerate(group_roots) if roots & item.roots]
        merged = [item]
        roots = set(item.roots)
        for i in reversed(touching):
            merged += groups.pop(i)
            roots |= group_roots.pop(i)
        groups.append(merged)
        group_roots.append(roots)
    factor = 1.0
    out: list[Evidence] = []
    for group in groups:
        up = max((e for e in group if e.factor > 1.0), key=_by_factor, default=None)
        down = min((e for e in group if e.factor < 1.0), key=_by_factor, default=None)
        for e in group:
            counted = e is up or e is down
            if counted:
                factor *= e.factor
            out.append(e if counted else _uncounted(e))
    return factor, tuple(sorted(out, key=lambda e: (not e.counted, e.rule)))


def _connected(items: list[Evidence]) -> list[list[Evidence]]:
    """Items grouped so that two items sharing a root fact are in one group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for item in items:
        roots = sorted(item.roots) or [f"rule:{item.rule}"]
        for other in roots[1:]:
            parent[find(other)] = find(roots[0])
    groups: dict[str, list[Evidence]] = {}
    for item in items:
        key = find((sorted(item.roots) or [f"rule:{item.rule}"])[0])
        groups.setdefault(key, []).append(item)
    return list(groups.values())


def _by_factor(e: Evidence) -> tuple[float, str]:
    return (e.factor, e.rule)


def _uncounted(e: Evidence) -> Evidence:
    return Evidence(e.cause, e.rule, e.strength, e.factor, e.facts, e.roots, counted=False)


class Weigher:
    """Turns an engine outcome into evidence and a posterior, for one KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.rules: dict[str, Rule] = {r.id: r for r in kb.rules}
        self.priors = {c: kb.causes[c].prior for c in kb.causes}
        self.catch_all = next((c for c in kb.causes if kb.causes[c].catch_all), None)
        known = {c: p for c, p in self.priors.items() if c != self.catch_all}
        total = sum(known.values()) or 1.0
        self._known_shares = {c: p / total for c, p in known.items()}  # the background's mixture
        self._derivers: dict[tuple[str, str], tuple[str, ...]] = {}
        derivers: dict[tuple[str, str], list[str]] = {}
        for rule in kb.rules:
            for fact in rule.derive:
                derivers.setdefault(fact, []).append(rule.id)
        self._derivers = {k: tuple(v) for k, v in derivers.items()}

    # --- evidence ---------------------------------------------------------

    def evidence(
        self,
        firings: Iterable[Firing],
        reliability: Mapping[str, float],
        known_roots: Mapping[tuple[str, str], frozenset[str]] | None = None,
        expand: bool = True,
    ) -> tuple[list[Evidence], dict[tuple[str, str], frozenset[str]]]:
        """Evidence of ``firings`` and the roots of every derived fact.

        ``reliability`` maps each given attribute to how often it is right;
        ``known_roots`` carries the roots of facts derived earlier (a
        simulation adds firings on top of a run).  ``expand=False`` leaves a
        confirmation as one item (strength ``CONFIRMS``, on the confirmed
        cause) instead of one per other cause, for question selection.
        """
        firings = list(firings)
        by_rule = {f.rule: f for f in firings}
        roots: dict[tuple[str, str], frozenset[str]] = dict(known_roots or {})
        busy: set[tuple[str, str]] = set()

        def fact_roots(attribute: str, value: str) -> frozenset[str]:
            if attribute in reliability:
                return frozenset((attribute,))
            key = (attribute, value)
            if key in roots:
                return roots[key]
            if key in busy:
                return frozenset()
            busy.add(key)
            out: set[str] = set()
            for rule_id in self._derivers.get(key, ()):
                firing = by_rule.get(rule_id)
                if firing is not None:
                    out |= firing_roots(firing)
            busy.discard(key)
            roots[key] = frozenset(out)
            return roots[key]

        def firing_roots(firing: Firing) -> frozenset[str]:
            out: set[str] = set()
            for attribute, value in firing.facts:
                out |= fact_roots(attribute, value)
            return frozenset(out)

        items: list[Evidence] = []
        for firing in firings:
            rule = self.rules[firing.rule]
            base = firing_roots(firing)
            for attribute, value in rule.derive:
                key = (attribute, value)
                if key not in roots or not roots[key]:
                    roots[key] = fact_roots(attribute, value)
            weights = rule.weights
            if not weights:
                continue
            r = min((reliability.get(a, NO_ROOTS_RELIABILITY) for a in base), default=NO_ROOTS_RELIABILITY)
            for weight in weights:
                if weight.ratio == CONFIRM:  # certain for one cause: every other is ruled out
                    out = discount(RULE_OUT, r)
                    if not expand:  # one item, standing for all the others (see ``others``)
                        items.append(Evidence(weight.cause, firing.rule, CONFIRMS, out, firing.facts, base))
                        continue
                    items += [
                        Evidence(c, firing.rule, OTHER_CONFIRMED, out, firing.facts, base)
                        for c in self.priors
                        if c != weight.cause
                    ]
                else:
                    items.append(self._item(weight, firing, base, r))
        return items, roots

    @staticmethod
    def others(item: Evidence, cause: str) -> Evidence:
        """What an unexpanded confirmation says about another cause."""
        return Evidence(cause, item.rule, OTHER_CONFIRMED, item.factor, item.facts, item.roots)

    @staticmethod
    def _item(weight: Weight, firing: Firing, roots: frozenset[str], reliability: float) -> Evidence:
        return Evidence(
            weight.cause,
            firing.rule,
            weight.strength,
            discount(weight.ratio, reliability),
            firing.facts,
            roots,
        )

    def fix_failed(self, cause: str, fix: str, success: float, reliability: float) -> Evidence:
        """A fix that did not help: its cause is less likely by its chance of working."""
        factor = discount(1.0 - success, reliability)
        return Evidence(cause, f"fix:{fix}", "fix failed", factor, (), frozenset((f"fix:{fix}",)))

    def fix_mended(self, cause: str, fix: str, reliability: float) -> Evidence:
        """A fix that helped partly: its cause was a fault and is mended, so the
        rest of the case is about another one (as sure as the caller's word)."""
        factor = discount(0.0, reliability)
        return Evidence(cause, f"fix:{fix}", MENDED, factor, (), frozenset((f"fix:{fix}",)))

    # --- posterior --------------------------------------------------------

    def posterior(self, items: Iterable[Evidence]) -> Posterior:
        by_cause: dict[str, list[Evidence]] = {}
        for item in items:
            if item.cause in self.priors:
                by_cause.setdefault(item.cause, []).append(item)
        factors: dict[str, float] = {}
        evidence: dict[str, tuple[Evidence, ...]] = {}
        for cause in self.priors:
            if cause != self.catch_all:
                factors[cause], evidence[cause] = combine(by_cause.get(cause, ()))
        if self.catch_all is not None:
            factors[self.catch_all] = self.background(evidence)
            evidence[self.catch_all] = ()
        return Posterior(self.normalise(factors), factors, evidence, self.catch_all)

    def background(self, evidence: Mapping[str, tuple[Evidence, ...]]) -> float:
        """The catch-all's factor: each piece of evidence is as likely under a cause we do not
        know as it is on average over the known ones (their prior shares), piece by piece.

        A piece is the counted evidence resting on connected facts (rules that share a fact
        are one piece, as they count once).  Answers that all point to one known cause make
        the product of averages small beside that cause; answers that each fit a different
        cause (none fits all) leave it large: then the catch-all leads.
        """
        counted = [e for items in evidence.values() for e in items if e.counted]
        pieces = _connected(counted)
        factor = 1.0
        for piece in pieces:
            per_cause: dict[str, float] = {}
            for e in piece:
                per_cause[e.cause] = per_cause.get(e.cause, 1.0) * e.factor
            factor *= sum(share * per_cause.get(c, 1.0) for c, share in self._known_shares.items())
        return factor

    def normalise(self, factors: Mapping[str, float]) -> dict[str, float]:
        weights = {c: self.priors[c] * factors.get(c, 1.0) for c in self.priors}
        total = sum(weights.values())
        if total <= 0 or not math.isfinite(total):
            return {c: 1.0 / len(weights) for c in weights}
        return {c: w / total for c, w in weights.items()}

    def weigh(self, outcome: Outcome, reliability: Mapping[str, float]) -> Posterior:
        items, _ = self.evidence(outcome.firings, reliability)
        return self.posterior(items)
