"""Bounded search over cases, with the engine as the judge.

Lint asks questions such as "is there any case in which this rule fires?" or
"any case in which this cause is found?".  Cases are tried with ``Fixpoint``
(engine/fixpoint.py), which computes what the compiled engine concludes, only
faster, and weighed with the reliabilities a call gives their facts; every
case a finding rests on (each one lint reports, and each case that shows a
cause can be found) is then run through
:class:`~xtream_doctor.engine.inference.Inference` itself, which must agree.
This module decides *which* cases are worth trying.

Two facts about the rules keep the search small and make it complete within
its bounds:

* Conditions are positive and conclusions are never retracted, so adding a
  fact can only fire more rules: a cause ruled out stays ruled out.  The
  smallest set of facts that makes a rule fire (its *support*) is therefore
  the best place to look for a case where it fires and something else does
  not.
* A rule's conditions can only hold through an answer, a probe or lint
  result, or another rule deriving the fact; so supports are found by
  chaining backwards through the rules, never by guessing values.

A support fixes at most one value per attribute (a case where an answer and a
derived fact disagree is a contradiction, not a case), and a question's
answer counts only together with the facts its ``asked_when`` needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from xtream_doctor.engine.fixpoint import Fixpoint
from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.engine.posterior import Posterior, Weigher, fact_reliability
from xtream_doctor.kb.model import Condition, KnowledgeBase, Rule

Pair = tuple[str, str]


@dataclass(frozen=True)
class Partial:
    """A partial case: the facts given, and every attribute value it fixes.

    ``claims`` holds the given facts and the derived values the chain of
    rules behind them is meant to produce, so that one attribute never gets
    two values.
    """

    given: frozenset[Pair] = frozenset()
    claims: frozenset[Pair] = frozenset()

    def value(self, attribute: str) -> str | None:
        for attr, value in self.claims:
            if attr == attribute:
                return value
        return None

    def with_fact(self, attribute: str, value: str, *, given: bool) -> Partial:
        pair = (attribute, value)
        return Partial(self.given | {pair} if given else self.given, self.claims | {pair})

    def facts(self) -> dict[str, str]:
        return dict(sorted(self.given))

    def size(self) -> int:
        return len(self.given)


class SearchLimit(Exception):
    """The engine-run budget is spent; the check that hit it says so."""


@dataclass(frozen=True)
class Result:
    """What the engine concluded for one case."""

    given: Mapping[str, str]
    alive: frozenset[str]
    outcome: Outcome

    @property
    def fired(self) -> frozenset[str]:
        return frozenset(f.rule for f in self.outcome.firings)


class LintBug(Exception):
    """Lint's model of the engine disagreed with the engine: a bug in lint, not in the rules."""


def _summary(outcome: Outcome) -> tuple[object, ...]:
    return (
        {c: frozenset(r) for c, r in outcome.ruled_out.items()},
        {c: frozenset(r) for c, r in outcome.confirmed.items()},
        {a: {v: frozenset(r) for v, r in d.items()} for a, d in outcome.derived.items()},
        frozenset(f.rule for f in outcome.firings),
    )


class Evaluator:
    """Runs cases, each once: searched with ``Fixpoint``, confirmed by the engine, weighed
    with the reliabilities a call would give them."""

    def __init__(self, kb: KnowledgeBase, max_runs: int = 20000, inference: Inference | None = None) -> None:
        self.kb = kb
        self.closure = Fixpoint(kb)
        self.max_runs = max_runs
        self.runs = 0  # cases evaluated
        self.engine_runs = 0  # of which confirmed through the engine
        self._inference = inference
        self._cache: dict[frozenset[Pair], Result] = {}
        self._confirmed: set[frozenset[Pair]] = set()
        self._weigher = Weigher(kb)
        self._weighed: dict[frozenset[Pair], Posterior] = {}

    @property
    def inference(self) -> Inference:
        if self._inference is None:
            self._inference = Inference(self.kb)
        return self._inference

    def run(self, given: frozenset[Pair] | Mapping[str, str]) -> Result:
        key = frozenset(given.items()) if isinstance(given, Mapping) else given
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if self.runs >= self.max_runs:
            raise SearchLimit(f"more than {self.max_runs} cases")
        self.runs += 1
        facts = dict(sorted(key))
        outcome = self.closure.run(facts)
        result = Result(facts, frozenset(outcome.alive(self.kb.known_causes())), outcome)
        self._cache[key] = result
        return result

    def confirm(self, result: Result) -> Result:
        """The same case through the real engine; it must conclude the same."""
        key = frozenset(result.given.items())
        if key in self._confirmed:
            return result
        self.engine_runs += 1
        outcome = self.inference.run(dict(result.given))
        if _summary(outcome) != _summary(result.outcome):
            raise LintBug(
                f"the engine and lint's model of it disagree on {describe_facts(result.given)}: "
                f"engine {_summary(outcome)}, lint {_summary(result.outcome)}"
            )
        self._confirmed.add(key)
        return result

    def posterior(self, result: Result) -> Posterior:
        """The case's posterior: each fact as reliable as where it comes from in a call (a
        question's answer from the caller, a probe fact from our desk), as in ``kb test``."""
        key = frozenset(result.given.items())
        posterior = self._weighed.get(key)
        if posterior is None:
            attributes = self.kb.attributes
            reliability = {
                a: fact_reliability(self.kb, a, attributes[a].source) for a in result.given if a in attributes
            }
            posterior = self._weighed[key] = self._weigher.weigh(result.outcome, reliability)
        return posterior

    def results(self) -> Iterable[Result]:
        return self._cache.values()


class Supports:
    """Every small way to make some conditions hold (bounded)."""

    def __init__(self, kb: KnowledgeBase, max_depth: int = 6, limit: int = 48) -> None:
        self.kb = kb
        self.max_depth = max_depth
        self.limit = limit
        self.direct: dict[str, frozenset[str]] = {
            attr.id: attr.domain()
            for attr in kb.attributes.values()
            if set(attr.set_by) - {"derived"}  # set by someone: a question, the probe, lint or desk
        }
        self.derivers: dict[Pair, list[Rule]] = {}
        for rule in kb.rules:
            for pair in rule.derive:
                self.derivers.setdefault(pair, []).append(rule)
        # Set when an enumeration was cut short (``limit`` or ``max_depth``): a search that
        # found nothing while it was set has not proved that nothing exists.
        self.truncated = False
        self._cache: dict[
            tuple[tuple[Condition, ...], Partial, int, frozenset[str]], tuple[list[Partial], bool]
        ] = {}

    def settable(self, attribute: str, value: str) -> bool:
        """Can anything at all give ``attribute`` this value?"""
        return value in self.direct.get(attribute, ()) or bool(self.derivers.get((attribute, value)))

    def of(
        self,
        conditions: Iterable[Condition],
        start: Partial | None = None,
        depth: int = 0,
        chain: frozenset[str] = frozenset(),
    ) -> list[Partial]:
        """Extensions of ``start`` in which every condition holds, smallest first."""
        ordered = tuple(sorted(conditions, key=lambda c: (len(c.values), c.attribute)))
        base = start or Partial()
        key = (ordered, base, depth, chain)
        if key in self._cache:
            cached, cut = self._cache[key]
            self.truncated |= cut
            return cached
        outer, self.truncated = self.truncated, False
        partials = [base]
        for condition in ordered:
            grown: list[Partial] = []
            for partial in partials:
                grown.extend(self._condition(condition, partial, depth, chain))
            partials = _unique(grown)
            if len(partials) > self.limit:
                self.truncated = True
                partials = sorted(partials, key=_order)[: self.limit]
            if not partials:
                break
        partials = sorted(partials, key=_order)
        self._cache[key] = (partials, self.truncated)
        self.truncated |= outer
        return partials

    def _condition(
        self, condition: Condition, partial: Partial, depth: int, chain: frozenset[str]
    ) -> list[Partial]:
        attribute = condition.attribute
        current = partial.value(attribute)
        if current is not None:
            return [partial] if current in condition.values else []
        out: list[Partial] = []
        for value in sorted(condition.values):
            if value in self.direct.get(attribute, ()):
                out.extend(self._answered(attribute, value, partial, depth, chain))
            if depth >= self.max_depth:
                self.truncated |= bool(self.derivers.get((attribute, value)))
                continue
            for rule in self.derivers.get((attribute, value), ()):
                if rule.id in chain:
                    continue
                claimed = partial.with_fact(attribute, value, given=False)
                out.extend(self.of(rule.when, claimed, depth + 1, chain | {rule.id}))
        return out

    def _answered(
        self, attribute: str, value: str, partial: Partial, depth: int, chain: frozenset[str]
    ) -> list[Partial]:
        answered = partial.with_fact(attribute, value, given=True)
        question = self.kb.questions.get(attribute)
        if question is None or not question.asked_when:
            return [answered]
        marker = f"asked:{attribute}"
        if marker in chain:
            return []
        if depth >= self.max_depth:
            self.truncated = True
            return []
        return self.of(question.asked_when, answered, depth + 1, chain | {marker})


def _order(partial: Partial) -> tuple[int, tuple[Pair, ...]]:
    return (partial.size(), tuple(sorted(partial.given)))


def _unique(partials: list[Partial]) -> list[Partial]:
    seen: set[Partial] = set()
    out: list[Partial] = []
    for partial in partials:
        if partial not in seen:
            seen.add(partial)
            out.append(partial)
    return out


def kills(rule: Rule, cause: str) -> bool:
    """Does this rule, when it fires, remove ``cause`` from the candidates?"""
    return cause in rule.rule_out or (rule.confirm is not None and rule.confirm != cause)


def describe_facts(facts: Mapping[str, str]) -> str:
    return ", ".join(f"{a} = {v}" for a, v in sorted(facts.items())) or "no facts at all"
