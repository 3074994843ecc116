"""Questions and facts that change nothing: no live rule that matters reads them.

An attribute value is *useful* when a live rule that weighs a cause (or derives a
useful value) reads it, or when it lets a useful question be asked; the rest is
reported.  Needs the dead rules found by ``firing``.
"""

from __future__ import annotations

from xtream_doctor.authoring.lint.core import Check, Context, Unit
from xtream_doctor.kb.model import KnowledgeBase

USELESS_QUESTION = Check(
    "useless-question",
    "warning",
    "a question whose answer can never change the candidates",
)
UNUSED_FACT = Check(
    "unused-fact",
    "warning",
    "a probe, lint or derived fact that no rule or question reads",
)
UNUSED_DERIVED_VALUE = Check(
    "unused-derived-value",
    "warning",
    "a rule derives a value of a fact that no rule or question reads",
)


def _read(kb: KnowledgeBase) -> dict[str, set[str]]:
    """attribute -> the values some rule or question reads."""
    read: dict[str, set[str]] = {}
    for rule in kb.rules:
        for condition in rule.when:
            read.setdefault(condition.attribute, set()).update(condition.values)
    for question in kb.questions.values():
        for condition in question.asked_when:
            read.setdefault(condition.attribute, set()).update(condition.values)
    return read


def _useful(lint: Context) -> set[tuple[str, str]]:
    """The attribute values that can, through live rules and questions, change a cause."""
    useful: set[tuple[str, str]] = set()
    live = [r for r in lint.kb.rules if r.id not in lint.dead]
    changed = True
    while changed:
        changed = False
        for rule in live:
            effective = bool(rule.weights) or any(p in useful for p in rule.derive)
            if not effective:
                continue
            for condition in rule.when:
                for value in condition.values:
                    if (condition.attribute, value) not in useful:
                        useful.add((condition.attribute, value))
                        changed = True
        for question in lint.kb.questions.values():
            if any((question.id, a.value) in useful for a in question.answers):
                for condition in question.asked_when:
                    for value in condition.values:
                        if (condition.attribute, value) not in useful:
                            useful.add((condition.attribute, value))
                            changed = True
    return useful


def check_influence(lint: Context) -> None:
    kb = lint.kb
    read = _read(kb)
    used_attrs = {a for a, _ in _useful(lint)}
    device_variants = any(q.devices for q in kb.questions.values()) or any(
        s.devices for c in kb.causes.values() for f in c.fixes for s in f.steps
    )
    for question in kb.questions.values():
        if question.id in used_attrs or (question.id == "device" and device_variants):
            continue
        readers = sorted(r.id for r in kb.rules_using(question.id))
        if not readers and question.id not in read:
            why = "no rule reads its answer"
        elif not readers:
            why = "it only gates questions whose answers change nothing themselves"
        else:
            why = f"the rules that read it ({', '.join(readers)}) {_ineffective(lint, readers)}"
        lint.add(
            USELESS_QUESTION,
            question.location,
            f"asking '{question.id}' can never change the candidates: {why}. Add a rule with "
            f"'when: {{{question.id}: ...}}' that rules a cause in or out, or delete the question.",
        )
    for attr in kb.attributes.values():
        if attr.id in kb.questions or attr.id in used_attrs:
            continue
        readers = sorted(r.id for r in kb.rules_using(attr.id))
        who = ", ".join(attr.set_by)
        if not readers and attr.id not in read:
            why = "no rule or question reads it"
        else:
            why = f"the rules that read it ({', '.join(readers)}) {_ineffective(lint, readers)}"
        lint.add(
            UNUSED_FACT,
            attr.location,
            f"the fact '{attr.id}' (set by {who}) never changes the candidates: {why}. Use it in a "
            "rule's 'when', or delete it.",
        )
    for rule in kb.rules:
        if rule.id in lint.dead:
            continue
        for attribute, value in rule.derive:
            if attribute in used_attrs and value not in read.get(attribute, set()):
                lint.add(
                    UNUSED_DERIVED_VALUE,
                    rule.location,
                    f"rule '{rule.id}' derives {attribute} = {value}, but no rule or question reads "
                    f"that value of '{attribute}' ({lint.loc(attribute)}). Use it in a rule's 'when', "
                    "or drop it from 'derive'.",
                )


def _ineffective(lint: Context, readers: list[str]) -> str:
    dead = [r for r in readers if r in lint.dead]
    if len(dead) == len(readers):
        return "can never fire"
    return "only derive facts that nothing uses" if not dead else "can never fire or only derive unused facts"


INFLUENCE = Unit("use", (USELESS_QUESTION, UNUSED_FACT, UNUSED_DERIVED_VALUE), check_influence)
