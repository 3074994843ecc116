"""WHY this question, HOW this conclusion, WHY NOT that cause, in plain words.

Lines speak of causes by title and of answers by their label; the rule
behind a line rides along in ``Line.rule`` for whoever asks for ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xtream_doctor.engine.posterior import Evidence
from xtream_doctor.engine.selection import Choice
from xtream_doctor.engine.session import Solution, State
from xtream_doctor.kb.model import KnowledgeBase


@dataclass(frozen=True)
class Line:
    """One sentence of an explanation, with the rule behind it if any."""

    text: str
    rule: str = ""


def title(kb: KnowledgeBase, cause: str) -> str:
    return kb.causes[cause].title if cause in kb.causes else cause


def step_words(kb: KnowledgeBase, solution: Solution) -> str:
    """What made it work, as staff say it: the fix's title, or the test that was done."""
    if solution.by == "test":
        question = kb.questions.get(solution.step)
        if question is None:
            return f"the test '{solution.step}'"
        first = re.split(r"[?]|\. |, ", question.text)[0].strip().rstrip(".")  # its first clause
        return f"the test: {first}"
    cause = kb.causes.get(solution.cause)
    fix = next((f for f in cause.fixes if f.id == solution.step), None) if cause else None
    return fix.title if fix else solution.step


def solution_words(kb: KnowledgeBase, solution: Solution) -> str:
    """'Cause, fixed by step' in one sentence, naming the other causes a test also mends."""
    text = f"{title(kb, solution.cause)}, fixed by {step_words(kb, solution)}"
    if solution.also:
        text += f" (the same step also mends: {', '.join(title(kb, c) for c in solution.also)})"
    return text


def said(kb: KnowledgeBase, facts: tuple[tuple[str, str], ...]) -> str:
    """'the app says "Max connections"' style: what each fact's label says."""
    parts = []
    for attribute, value in facts:
        spec = kb.attributes.get(attribute)
        label = spec.label(value) if spec else value
        parts.append(f"“{label}”")
    return " and ".join(parts)


def times(factor: float) -> str:
    """A factor as words staff can say: '5× more likely', '10× less likely'."""
    if factor >= 1.0:
        return f"{factor:.0f}× more likely" if factor >= 1.95 else f"{factor:.1f}× more likely"
    inverse = 1.0 / factor if factor > 0 else float("inf")
    return f"{inverse:.0f}× less likely" if inverse >= 1.95 else f"{inverse:.1f}× less likely"


def why(kb: KnowledgeBase, choice: Choice) -> list[Line]:
    """What the question tells apart, and what each answer would do."""
    question = choice.question
    movers: list[str] = []
    for split in choice.splits:
        movers += [c for c, _ in split.changes if c not in movers]
    apart = ", ".join(title(kb, c) for c in movers[:3]) or "the likeliest causes"
    lines = [Line(f"Asked because it tells apart: {apart}. It takes about {question.cost:g} s.")]
    for split in choice.splits:
        if not split.changes:
            lines.append(
                Line(f"If “{question.label(split.value)}” ({split.probability:.0%} likely): changes nothing.")
            )
            continue
        cause, factor = split.changes[0]
        lead, p = split.leading[0]
        lines.append(
            Line(
                f"If “{question.label(split.value)}” ({split.probability:.0%} likely): "
                f"{title(kb, cause)} becomes {times(factor)}; "
                f"then the likeliest is {title(kb, lead)} ({p:.0%})."
            )
        )
    return lines


def _evidence_line(kb: KnowledgeBase, e: Evidence, rules_by_id: dict[str, str]) -> Line:
    if e.rule.startswith("fix:"):
        fix = e.rule[4:]
        name = next((f.title for f in kb.causes[e.cause].fixes if f.id == fix), fix)
        return Line(f"“{name}” did not help: {title(kb, e.cause)} is {times(e.factor)}.", e.rule)
    what = said(kb, e.facts) or "the case so far"
    note = "" if e.counted else " (the same facts already count through a stronger rule)"
    return Line(
        f"{what}: {title(kb, e.cause)} is {times(e.factor)}{note}. {rules_by_id.get(e.rule, '')}".rstrip(),
        e.rule,
    )


def how(kb: KnowledgeBase, state: State, cause: str) -> list[Line]:
    """What made ``cause`` as likely as it is: the evidence for and against it."""
    rules = {r.id: r.because for r in kb.rules}
    p = state.probability(cause)
    lines = [Line(f"{title(kb, cause)} is at {p:.0%} (it started at {_prior(kb, cause):.0%}).")]
    items = sorted(state.evidence(cause), key=lambda e: (not e.counted, -abs(e.factor - 1.0)))
    lines += [_evidence_line(kb, e, rules) for e in items]
    if len(lines) == 1:
        lines.append(Line("Nothing known yet speaks for or against it."))
    return lines


def why_not(kb: KnowledgeBase, state: State, cause: str) -> list[Line]:
    """What lowered ``cause``, and what would raise it."""
    rules = {r.id: r.because for r in kb.rules}
    against = [e for e in state.evidence(cause) if e.factor < 1.0]
    p = state.probability(cause)
    lines = [Line(f"{title(kb, cause)} is at {p:.0%}.")]
    lines += [_evidence_line(kb, e, rules) for e in sorted(against, key=lambda e: e.factor)]
    known = {a: f.value for a, f in state.facts.items()}
    hints: list[Line] = []
    for rule in kb.rules:
        if not any(w.cause == cause and w.ratio > 1.0 for w in rule.weights):
            continue
        unmet = [c for c in rule.when if not c.holds(known)]
        if len(unmet) == 1 and unmet[0].attribute not in known:
            spec = kb.attributes.get(unmet[0].attribute)
            labels = " or ".join(f"“{spec.label(v)}”" if spec else v for v in sorted(unmet[0].values))
            question = kb.questions.get(unmet[0].attribute)
            ask = f" to “{question.text}”" if question else ""
            hints.append(Line(f"It would rise with the answer {labels}{ask}.", rule.id))
    return lines + hints[:3]


def _prior(kb: KnowledgeBase, cause: str) -> float:
    total = sum(c.prior for c in kb.causes.values()) or 1.0
    return kb.causes[cause].prior / total
