"""Compile the YAML rules onto experta.

experta wants its rules on the class before ``__init__``, so we build one
KnowledgeEngine subclass per knowledge base.  Each YAML rule becomes one
experta Rule whose patterns match ``Known`` facts; a condition with several
values becomes one pattern with a predicate (an ``L(a) | L(b)`` OR would
explode at build time).

Only facts that rules read are declared (answers, observations, derived
facts); the other conclusions (ruled out, confirmed, the trace) are recorded
by the rule's action in ``engine.conclusions``.  experta's matcher visits
every rule's node for each fact it adds or retracts, so keeping conclusions
out of working memory makes a simulated answer several times cheaper.
Conclusions are only ever added, so they are the same whatever the firing
order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from xtream_doctor.engine.experta_compat import experta
from xtream_doctor.kb.model import Condition, KnowledgeBase, Rule

KnowledgeEngine = experta.KnowledgeEngine
ReteMatcher = experta.matchers.ReteMatcher


class DirtyTrackingMatcher(ReteMatcher):  # type: ignore[misc,valid-type]
    """experta's RETE matcher, polling only the rules a change reached.

    The stock ``changes`` asks every rule's conflict-set node for new
    activations after each added or retracted fact, so each engine step costs
    as much as the whole rule base.  Here each node marks itself when a token
    reaches it and ``changes`` polls just those; the activations are the same
    (a test compares both matchers on every example).
    """

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        self._dirty: set[Any] = set()
        for node in self._get_conflict_set_nodes():
            node._activate = self._tracked(node, node._activate)

    def _tracked(self, node: Any, activate: Callable[[Any], Any]) -> Callable[[Any], Any]:
        dirty = self._dirty

        def tracked(token: Any) -> Any:
            dirty.add(node)
            return activate(token)

        return tracked

    def changes(self, adding: Any = None, deleting: Any = None) -> tuple[list[Any], list[Any]]:
        for deleted in deleting or ():
            self.root_node.remove(deleted)
        for fact in adding or ():
            self.root_node.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        for node in self._dirty:
            new, gone = node.get_activations()
            added.extend(new)
            removed.extend(gone)
        self._dirty.clear()
        return added, removed

    def reset(self) -> None:
        super().reset()
        for node in self._get_conflict_set_nodes():
            node.get_activations()  # drop anything left from before the reset
        self._dirty.clear()


class Known(experta.Fact):  # type: ignore[misc]
    """attribute = value, from an answer, the probe, the lint, or a rule."""


def _pattern(index: int, condition: Condition) -> Any:
    values = condition.values
    if len(values) == 1:
        value: Any = next(iter(values))
    else:
        frozen = frozenset(values)
        value = experta.P(lambda v, allowed=frozen: v in allowed)
    return experta.AS.__getattr__(f"f{index}") << Known(attribute=condition.attribute, value=value)


def _action(rule: Rule) -> Callable[..., None]:
    def fire(engine: Any, **matched: Any) -> None:
        facts = tuple(
            (fact["attribute"], fact["value"])
            for _, fact in sorted(matched.items())
            if isinstance(fact, Known)
        )
        record = engine.conclusions.append
        record(("fired", rule.id, facts))
        for cause in rule.rule_out:
            record(("out", cause, rule.id))
        if rule.confirm:
            record(("confirm", rule.confirm, rule.id))
        for attribute, value in rule.derive:
            record(("derive", attribute, (value, rule.id)))
            engine.declare(Known(attribute=attribute, value=value, source="derived", rule=rule.id))

    fire.__name__ = "rule_" + rule.id.replace("-", "_")
    return fire


def compile_engine_class(
    kb: KnowledgeBase, order: Iterable[Rule] | None = None, stock_matcher: bool = False
) -> type[Any]:
    """One experta engine class holding every rule of ``kb``.

    ``order`` lets a test shuffle the rules to prove the conclusions do not
    depend on it; ``stock_matcher`` keeps experta's own matcher, to compare.
    """
    members: dict[str, Any] = {}
    for rule in order if order is not None else kb.rules:
        patterns = [_pattern(i, c) for i, c in enumerate(rule.when)]
        members[f"rule_{rule.id.replace('-', '_')}"] = experta.Rule(*patterns)(_action(rule))
    if not stock_matcher:
        members["__matcher__"] = DirtyTrackingMatcher
    members["conclusions"] = None  # set per instance: list of recorded conclusions
    return type("CompiledKnowledgeBase", (KnowledgeEngine,), members)
