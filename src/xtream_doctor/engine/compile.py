"""Compile the YAML rules onto experta.

experta wants its rules on the class before ``__init__``, so we build one
KnowledgeEngine subclass per knowledge base.  Each YAML rule becomes one
experta Rule whose patterns match ``Known`` facts; a condition with several
values becomes one pattern with a predicate (an ``L(a) | L(b)`` OR would
explode at build time).  Conclusions are declared as facts, never retracted,
so the final fact set is the same whatever the firing order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from xtream_doctor.engine.experta_compat import experta
from xtream_doctor.kb.model import Condition, KnowledgeBase, Rule

KnowledgeEngine = experta.KnowledgeEngine


class Known(experta.Fact):  # type: ignore[misc]
    """attribute = value, from an answer, the probe, the lint, or a rule."""


class RuledOut(experta.Fact):  # type: ignore[misc]
    """cause was ruled out by rule."""


class Confirmed(experta.Fact):  # type: ignore[misc]
    """cause was confirmed by rule (which rules out every other cause)."""


class Fired(experta.Fact):  # type: ignore[misc]
    """rule fired on these facts: the trace, kept as facts so it undoes with them."""


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
        engine.declare(Fired(rule=rule.id, facts=facts))
        for cause in rule.rule_out:
            engine.declare(RuledOut(cause=cause, rule=rule.id))
        if rule.confirm:
            engine.declare(Confirmed(cause=rule.confirm, rule=rule.id))
        for attribute, value in rule.derive:
            engine.declare(Known(attribute=attribute, value=value, source="derived", rule=rule.id))

    fire.__name__ = "rule_" + rule.id.replace("-", "_")
    return fire


def compile_engine_class(kb: KnowledgeBase, order: Iterable[Rule] | None = None) -> type[Any]:
    """One experta engine class holding every rule of ``kb``.

    ``order`` lets a test shuffle the rules to prove the conclusions do not
    depend on it.
    """
    members: dict[str, Any] = {}
    for rule in order if order is not None else kb.rules:
        patterns = [_pattern(i, c) for i, c in enumerate(rule.when)]
        members[f"rule_{rule.id.replace('-', '_')}"] = experta.Rule(*patterns)(_action(rule))
    return type("CompiledKnowledgeBase", (KnowledgeEngine,), members)
