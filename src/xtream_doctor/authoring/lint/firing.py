"""Rules and questions that can come into play: the empty case, dead rules, questions never asked.

Each runs cases (see ``search``): a rule is alive if some case fires it, a question
can be asked if some case meets its ``asked_when``.  The rules found dead here are
kept in ``Context.dead`` for the checks that run after.
"""

from __future__ import annotations

from collections.abc import Sequence

from xtream_doctor.authoring.lint.contradictions import RULES_OUT_EVERYTHING
from xtream_doctor.authoring.lint.core import Check, Context, Unit, holds
from xtream_doctor.authoring.lint.search import Result, describe_facts
from xtream_doctor.kb.model import Condition, Location, Rule

FIRES_ON_EMPTY_CASE = Check(
    "fires-on-empty-case",
    "error",
    "a rule fires before anything is known",
)
DEAD_RULE = Check(
    "dead-rule",
    "error",
    "a rule that no combination of answers, probe and lint results can fire",
)
NEVER_ASKED = Check(
    "never-asked",
    "error",
    "a question whose asked_when can never hold",
)


def check_empty_case(lint: Context) -> None:
    result = lint.evaluator.confirm(lint.evaluator.run({}))
    for firing in result.outcome.firings:
        rule = lint.rules[firing.rule]
        lint.add(
            FIRES_ON_EMPTY_CASE,
            rule.location,
            f"rule '{rule.id}' fires before anything is known, so it decides every case. "
            "Give it a condition in 'when' that only some cases meet.",
        )
    if not result.alive and len(lint.kb.known_causes()) > 1:
        lint.add(
            RULES_OUT_EVERYTHING,
            Location(lint.kb.root or "rules"),
            "before anything is known no cause is left, so every session ends in a conflict. "
            "Look for rules that fire without conditions.",
        )


def _fires(lint: Context, rule: Rule) -> Result | None:
    for partial in lint.supports.of(rule.when):
        result = lint.evaluator.run(partial.given)
        if rule.id in result.fired:
            return result
    return None


def check_dead_rules(lint: Context) -> None:
    unsure: list[str] = []
    for rule in lint.kb.rules:
        lint.supports.truncated = False
        if _fires(lint, rule) is not None:
            continue
        if lint.supports.truncated:
            unsure.append(rule.id)
            continue
        lint.dead.add(rule.id)
        lint.add(
            DEAD_RULE,
            rule.location,
            f"rule '{rule.id}' can never fire: {why_not(lint, rule.when)} "
            "Fix the condition, or delete the rule.",
        )
    if unsure:
        lint.unfinished.append(f"whether {', '.join(unsure)} can fire (too many ways to meet them)")


def check_never_asked(lint: Context) -> None:
    for question in lint.kb.questions.values():
        if not question.asked_when:
            continue
        lint.supports.truncated = False
        tries = lint.supports.of(question.asked_when)
        if any(holds(question.asked_when, lint.evaluator.run(p.given)) for p in tries):
            continue
        if lint.supports.truncated:
            lint.unfinished.append(f"whether '{question.id}' can be asked")
            continue
        lint.add(
            NEVER_ASKED,
            question.location,
            f"question '{question.id}' is never asked: its asked_when "
            f"({', '.join(c.describe() for c in question.asked_when)}) can never hold: "
            f"{why_not(lint, question.asked_when)} Fix or remove 'asked_when'.",
        )


def why_not(lint: Context, conditions: Sequence[Condition]) -> str:
    """Why no case meets these conditions, in words."""
    supports = lint.supports
    for condition in conditions:
        attr = condition.attribute
        if not any(supports.settable(attr, v) for v in condition.values):
            return (
                f"nothing gives '{attr}' the value{'s' if len(condition.values) > 1 else ''} "
                f"{', '.join(sorted(condition.values))}: no question or probe sets '{attr}' "
                f"({lint.loc(attr)}) and no rule derives that value."
            )
    for condition in conditions:
        if not supports.of([condition]):
            return f"'{condition.describe()}' can never hold: {_how(lint, condition)}."
    for i, first in enumerate(conditions):
        for second in conditions[i + 1 :]:
            if not supports.of([first, second]):
                return (
                    f"'{first.describe()}' and '{second.describe()}' cannot hold at once "
                    f"({_how(lint, first)}; {_how(lint, second)})."
                )
    if not supports.of(conditions):
        listed = "; ".join(_how(lint, c) for c in conditions)
        return f"its conditions cannot all hold at once ({listed})."
    tried = supports.of(conditions)[0]
    return (
        f"the engine did not fire it even with {describe_facts(tried.facts())}, "
        "the smallest case meeting its conditions."
    )


def _how(lint: Context, condition: Condition) -> str:
    """How a condition can come to hold: directly, or through which rules."""
    attr = condition.attribute
    ways: list[str] = []
    for value in sorted(condition.values):
        if value in lint.supports.direct.get(attr, ()):
            question = lint.kb.questions.get(attr)
            if question and question.asked_when:
                needs = ", ".join(c.describe() for c in question.asked_when)
                ways.append(f"{attr} = {value} is only asked when {needs}")
            else:
                ways.append(f"{attr} = {value} is answered directly")
        for rule in lint.supports.derivers.get((attr, value), ()):
            needs = ", ".join(c.describe() for c in rule.when)
            ways.append(f"{attr} = {value} comes only from rule '{rule.id}' when {needs}")
    return "; ".join(ways) or f"nothing sets {condition.describe()}"


EMPTY_CASE = Unit("empty case", (FIRES_ON_EMPTY_CASE,), check_empty_case)
DEAD_RULES = Unit("rules", (DEAD_RULE,), check_dead_rules)
NEVER_ASKED_QUESTIONS = Unit("asked_when", (NEVER_ASKED,), check_never_asked)
