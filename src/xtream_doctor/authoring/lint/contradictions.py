"""Rules that disagree: on the same facts they confirm and rule out, or leave no cause at all.

Each live rule is tried on a few of its smallest supports; every case behind a
reported problem is confirmed through the real engine.
"""

from __future__ import annotations

from xtream_doctor.authoring.lint.core import Check, Context, Unit
from xtream_doctor.authoring.lint.search import Result, describe_facts, kills
from xtream_doctor.kb.model import Rule

CONTRADICTING_RULES = Check(
    "contradicting-rules",
    "error",
    "rules that fire on the same facts and disagree (confirm / rule out, two confirms, two values)",
)
RULES_OUT_EVERYTHING = Check(
    "rules-out-everything",
    "error",
    "whenever a rule fires, no cause is left",
)

# How many of a rule's supports are run when looking for one that fires it.
SUPPORTS_PER_RULE = 12


def check_contradictions(lint: Context) -> None:
    reported: set[frozenset[str]] = set()
    emptied: set[str] = set()
    several = len(lint.kb.known_causes()) > 1
    for rule in lint.kb.rules:
        if rule.id in lint.dead:
            continue
        for partial in lint.supports.of(rule.when)[:SUPPORTS_PER_RULE]:
            result = lint.evaluator.run(partial.given)
            if rule.id not in result.fired:
                continue
            clashes = _clashes(rule, result)
            if clashes or (not result.alive and several):
                lint.evaluator.confirm(result)
            for other, clash in clashes:
                pair = frozenset({rule.id, other})
                if pair in reported:
                    continue
                reported.add(pair)
                where = lint.rules[other].location if other in lint.rules else "the facts given"
                lint.add(
                    CONTRADICTING_RULES,
                    rule.location,
                    f"rule '{rule.id}' contradicts rule '{other}' ({where}): with only "
                    f"{describe_facts(result.given)}, both fire and {clash}. Decide which is right: "
                    "narrow the conditions of one of them, or delete it.",
                )
            if not result.alive and rule.id not in emptied and several:
                emptied.add(rule.id)
                lint.add(RULES_OUT_EVERYTHING, rule.location, _everything_message(lint, rule, result))


def _clashes(rule: Rule, result: Result) -> list[tuple[str, str]]:
    outcome = result.outcome
    out: list[tuple[str, str]] = []
    if rule.confirm:
        for other in sorted(set(outcome.ruled_out.get(rule.confirm, ())) - {rule.id}):
            out.append((other, f"'{rule.id}' confirms '{rule.confirm}' while '{other}' rules it out"))
        for cause, rules in sorted(outcome.confirmed.items()):
            if cause != rule.confirm:
                for other in sorted(set(rules) - {rule.id}):
                    out.append(
                        (other, f"'{rule.id}' confirms '{rule.confirm}' while '{other}' confirms '{cause}'")
                    )
    for cause in rule.rule_out:
        for other in sorted(set(outcome.confirmed.get(cause, ())) - {rule.id}):
            out.append((other, f"'{rule.id}' rules out '{cause}' while '{other}' confirms it"))
    for attribute, value in rule.derive:
        for other_value, rules in sorted(outcome.derived.get(attribute, {}).items()):
            if other_value != value:
                for other in sorted(set(rules) - {rule.id}):
                    out.append(
                        (
                            other,
                            f"'{rule.id}' derives {attribute} = {value} "
                            f"while '{other}' derives {other_value}",
                        )
                    )
    return out


def _everything_message(lint: Context, rule: Rule, result: Result) -> str:
    if all(kills(rule, c) for c in lint.kb.known_causes()):
        return (
            f"rule '{rule.id}' rules out every cause by itself, so whenever it fires the session ends "
            "with no candidate. Rule out only the causes the answer speaks against."
        )
    culprits = sorted(
        {r for rules in result.outcome.ruled_out.values() for r in rules}
        | {r for rules in result.outcome.confirmed.values() for r in rules}
    )
    shown = ", ".join(culprits[:6]) + (f" and {len(culprits) - 6} more" if len(culprits) > 6 else "")
    return (
        f"whenever rule '{rule.id}' fires (for instance with only {describe_facts(result.given)}), "
        f"no cause is left: together, {shown} rule out every cause. Every answer should leave at "
        "least one cause; narrow one of these rules, or add the cause that answer points to."
    )


CONTRADICTIONS = Unit("contradictions", (CONTRADICTING_RULES, RULES_OUT_EVERYTHING), check_contradictions)
