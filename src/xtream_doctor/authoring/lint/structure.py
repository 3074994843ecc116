"""Cheap, structural checks: where a rule is written, device keys, whole domains, facts never set,
tests that end the call for causes their answer does not point to.

None of them runs a case; each reads the loaded model only.
"""

from __future__ import annotations

from xtream_doctor.authoring.lint.core import Check, Context, Unit
from xtream_doctor.kb.model import Condition, KnowledgeBase

MISPLACED_RULE = Check(
    "misplaced-rule",
    "warning",
    "a rule in a cause's file that says nothing about that cause",
)
UNKNOWN_DEVICE = Check(
    "unknown-device",
    "warning",
    "device-specific text for a device that is not an answer of the 'device' question",
)
MATCHES_EVERY_CASE = Check(
    "matches-every-case",
    "error",
    "every condition of a rule accepts every value: it fires whenever those facts are known",
)
MATCHES_EVERY_ANSWER = Check(
    "matches-every-answer",
    "warning",
    "a condition accepts every answer, so it only asks that the attribute is known",
)
NEVER_SET_FACT = Check(
    "never-set-fact",
    "warning",
    "a fact is set only by rules, and no rule derives it",
)
SOLVES_UNRAISED = Check(
    "solves-unraised",
    "error",
    "a test's 'solves' names a cause that no rule on that answer raises or confirms",
)


def check_solves(lint: Context) -> None:
    """A test that makes the login work ends the call on one of its causes: the rules on that
    answer must point there too, or the call would end on a cause the evidence never named."""
    kb = lint.kb
    for question in kb.questions.values():
        for value, causes in question.solves.items():
            raised = {
                w.cause
                for rule in kb.rules
                if any(c.attribute == question.id and value in c.values for c in rule.when)
                for w in rule.weights
                if w.ratio > 1.0
            }
            for cause in causes:
                if cause not in raised:
                    lint.add(
                        SOLVES_UNRAISED,
                        question.location,
                        f"question '{question.id}' solves '{cause}' when answered '{value}', but no rule "
                        f"on that answer raises or confirms '{cause}'. Add such a rule to the cause's "
                        "file, or drop the cause from 'solves'.",
                    )


def check_placement(lint: Context) -> None:
    kb = lint.kb
    for rule in kb.rules:
        if rule.owner not in kb.causes or rule.owner in rule.speaks_of():
            continue
        about = sorted(rule.speaks_of())
        where = (
            f"the file of the cause it speaks about ({', '.join(f'{c}.yaml' for c in about)})"
            if about
            else "the file of the fact it derives (rules/facts/)"
        )
        lint.add(
            MISPLACED_RULE,
            rule.location,
            f"rule '{rule.id}' is in the file of '{rule.owner}' but says nothing about "
            f"'{rule.owner}'. Move it to {where}, where editors look for it.",
        )


def check_devices(lint: Context) -> None:
    kb = lint.kb
    device = kb.questions.get("device")
    known = device.domain() if device else frozenset()
    hint = (
        f"the 'device' question ({device.location}) has the answers {', '.join(sorted(known))}"
        if device
        else "there is no 'device' question, so no device variant is ever shown"
    )
    for question in kb.questions.values():
        for name in sorted(set(question.devices) - known):
            lint.add(
                UNKNOWN_DEVICE,
                question.location,
                f"question '{question.id}' has instructions for the device '{name}', which is never "
                f"shown: {hint}. Rename the key to one of those answers (or add the answer to "
                "rules/questions/device.yaml).",
            )
    for cause in kb.causes.values():
        for fix in cause.fixes:
            for number, step in enumerate(fix.steps, 1):
                for name in sorted(set(step.devices) - known):
                    lint.add(
                        UNKNOWN_DEVICE,
                        cause.location,
                        f"step {number} of the fix '{fix.id}' of '{cause.id}' has a variant for the "
                        f"device '{name}', which is never shown: {hint}. Rename the key to one of "
                        "those answers.",
                    )


def check_whole_domains(lint: Context) -> None:
    for rule in lint.kb.rules:
        whole = [c for c in rule.when if _whole(lint.kb, c)]
        if whole and len(whole) == len(rule.when):
            listed = "; ".join(c.describe() for c in whole)
            lint.add(
                MATCHES_EVERY_CASE,
                rule.location,
                f"rule '{rule.id}' accepts every value of every fact it reads ({listed}), so it fires "
                "in every case where those are known, whatever they say. Keep in 'when' only the "
                "answers that point to the conclusion.",
            )
            continue
        for condition in whole:
            lint.add(
                MATCHES_EVERY_ANSWER,
                rule.location,
                f"rule '{rule.id}' accepts every answer of '{condition.attribute}' "
                f"({condition.describe()}), so that condition only asks that it is known. Keep only "
                f"the answers that matter, or drop the condition '{condition.attribute}'.",
            )


def _whole(kb: KnowledgeBase, condition: Condition) -> bool:
    spec = kb.attributes.get(condition.attribute)
    return spec is not None and len(spec.domain()) > 1 and spec.domain() <= condition.values


def check_never_set(lint: Context) -> None:
    kb = lint.kb
    for attr in kb.attributes.values():
        if set(attr.set_by) != {"derived"}:
            continue
        if not any(lint.supports.derivers.get((attr.id, v)) for v in attr.domain()):
            readers = sorted(r.id for r in kb.rules_using(attr.id))
            also = f" The rules reading it ({', '.join(readers)}) can never fire." if readers else ""
            lint.add(
                NEVER_SET_FACT,
                attr.location,
                f"the fact '{attr.id}' says 'set_by: derived', but no rule derives it, so it is never "
                f"known.{also} Add a rule with 'derive: {{{attr.id}: ...}}', or list who else sets it "
                "(probe or lint) in set_by.",
            )


PLACEMENT = Unit("placement", (MISPLACED_RULE,), check_placement)
DEVICES = Unit("devices", (UNKNOWN_DEVICE,), check_devices)
WHOLE_DOMAINS = Unit("conditions", (MATCHES_EVERY_CASE, MATCHES_EVERY_ANSWER), check_whole_domains)
NEVER_SET = Unit("facts", (NEVER_SET_FACT,), check_never_set)
SOLVES = Unit("solves", (SOLVES_UNRAISED,), check_solves)
