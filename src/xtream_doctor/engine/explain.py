"""WHY this question, HOW this conclusion, WHY NOT that cause: from the trace."""

from __future__ import annotations

from dataclasses import dataclass

from xtream_doctor.engine.selection import Choice
from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase


@dataclass(frozen=True)
class Line:
    """One sentence of an explanation, with the rule behind it if any."""

    text: str
    rule: str = ""


def _facts(kb: KnowledgeBase, facts: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{a} = {kb.attributes[a].label(v) if a in kb.attributes else v}" for a, v in facts)


def why(kb: KnowledgeBase, choice: Choice) -> list[Line]:
    """Which candidates each answer would leave: what the question separates."""
    question = choice.question
    lines = [
        Line(
            f"'{question.id}' is worth {choice.gain:.2f} bits for {question.cost:g} s "
            f"({choice.score * 60:.2f} bits per minute), the best of the questions left."
        )
    ]
    for split in choice.splits:
        left = ", ".join(split.remaining) or "nothing (the answer would contradict earlier ones)"
        lines.append(Line(f"If '{question.label(split.value)}' ({split.probability:.0%} likely): {left}"))
    return lines


def how(kb: KnowledgeBase, state: State, cause: str) -> list[Line]:
    """The rules and facts that left ``cause`` standing and removed the others."""
    lines: list[Line] = []
    for confirmed, rule_ids in state.outcome.confirmed.items():
        for rule_id in sorted(set(rule_ids)):
            firing = next((f for f in state.outcome.firings if f.rule == rule_id), None)
            rule = next(r for r in kb.rules if r.id == rule_id)
            facts = _facts(kb, firing.facts) if firing else ""
            lines.append(Line(f"Confirms {confirmed} because {facts}: {rule.because}", rule_id))
    for other, eliminations in sorted(state.ruled_out.items()):
        if other == cause:
            continue
        for elim in eliminations:
            if elim.rule in state.outcome.confirmed.get(cause, []):
                continue
            facts = f" because {_facts(kb, elim.facts)}" if elim.facts else ""
            lines.append(Line(f"Rules out {other}{facts}: {elim.because}", elim.rule))
    if not lines:
        lines.append(Line(f"{cause} was never ruled out; no rule has fired yet."))
    return lines


def why_not(kb: KnowledgeBase, state: State, cause: str) -> list[Line]:
    """Why ``cause`` is out, or, if it is still in, what would confirm it."""
    eliminations = state.ruled_out.get(cause, ())
    if eliminations:
        return [
            Line(
                f"Ruled out by {e.rule}"
                + (f" because {_facts(kb, e.facts)}" if e.facts else "")
                + f": {e.because}",
                e.rule,
            )
            for e in eliminations
        ]
    known = {a: f.value for a, f in state.facts.items()}
    lines = [Line(f"{cause} is still a candidate.")]
    for rule in kb.rules:
        if rule.confirm != cause:
            continue
        unmet = next((c for c in rule.when if not c.holds(known)), None)
        if unmet is not None:
            have = known.get(unmet.attribute)
            now = f"it is {have}" if have else "it is not known yet"
            lines.append(Line(f"{rule.id} would confirm it if {unmet.describe()} ({now}).", rule.id))
    return lines
