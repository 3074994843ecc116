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

from collections.abc import Callable, Iterable, Mapping
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
        for node in _feature_testers(self.root_node):
            _dispatch_by_literal(node)

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


FeatureTesterNode = experta.matchers.rete.nodes.FeatureTesterNode
FeatureCheck = experta.matchers.rete.check.FeatureCheck
_ABSENT = object()


def _feature_testers(root: Any) -> list[Any]:
    """Every one-input feature-testing node of the network, once each."""
    seen: dict[int, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if isinstance(child.node, FeatureTesterNode) and id(child.node) not in seen:
                seen[id(child.node)] = child.node
                stack.append(child.node)
    return list(seen.values())


def _literal(child: Any) -> tuple[str, Any] | None:
    """(field, value) when a child node only passes facts whose field equals value."""
    check = getattr(child.node, "matcher", None)
    if not isinstance(child.node, FeatureTesterNode) or not isinstance(check, FeatureCheck):
        return None
    how = check.how
    if type(how) is not experta.L or how.__bind__ is not None or not isinstance(check.what, str):
        return None
    if "__" in check.what or not isinstance(how.value, str):
        return None
    return check.what, how.value


def _clashes(context: Mapping[Any, Any], key: Any, value: Any) -> bool:
    """A binding the token already holds otherwise, or holds negated."""
    return bool(context.get(key, value) != value or context.get((False, key), _ABSENT) == value)


def _dispatch_by_literal(node: Any) -> None:
    """Send a fact only to the children whose literal test it can pass.

    experta's alpha network tests a fact against every child in turn (one
    token copy each): with one child per attribute or value that is the
    whole rule base per fact.  The children are looked up by the fact's
    field instead; the others (predicates, captures) are still all tried,
    and the order is experta's own, so the same tokens reach the same
    nodes in the same order.
    """
    children = list(node.children)
    if len(children) < 4:
        return
    table: dict[str, dict[str, list[tuple[int, Any]]]] = {}
    always: list[tuple[int, Any]] = []
    for position, child in enumerate(children):
        literal = _literal(child)
        if literal is None:
            always.append((position, child))
        else:
            table.setdefault(literal[0], {}).setdefault(literal[1], []).append((position, child))
    if not table:
        return
    matcher = node.matcher

    def activate(token: Any) -> None:
        (fact,) = token.data
        match = matcher(fact)
        if not match:
            return
        if isinstance(match, Mapping):  # experta's own rules for a binding test
            for key, value in match.items():
                if isinstance(key, tuple):
                    if key[1] in token.context and token.context[key[1]] == value:
                        return
                elif _clashes(token.context, key, value):
                    return
            token.context.update(match)
        chosen = list(always)
        for what, by_value in table.items():
            chosen += by_value.get(fact.get(what, _ABSENT), ())
        if len(chosen) > 1:
            chosen.sort(key=lambda pc: pc[0])
        for _, child in chosen:
            child.callback(token)

    node._activate = activate


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
