"""`kb test`: why an embedded example failed, in words an editor can act on.

The engine's own check (``engine.examples.check_example``) says *what*
differs; this says *which rules* lowered a cause that should be higher, and
for a cause that should be lower, what raised it and which rules could
lower it and which of their conditions the example does not meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from xtream_doctor.authoring.strength import caller_ceiling, rise, to_be_found
from xtream_doctor.engine.examples import ExampleResult, check_example
from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.posterior import Evidence
from xtream_doctor.kb.model import Example, KnowledgeBase, Rule

MAX_CANDIDATE_RULES = 4


@dataclass(frozen=True)
class ExampleReport:
    result: ExampleResult
    lines: tuple[str, ...]  # the readable diff; empty when the example holds
    fired: frozenset[str]

    @property
    def example(self) -> Example:
        return self.result.example

    @property
    def passed(self) -> bool:
        return self.result.passed


def _facts(facts: tuple[tuple[str, str], ...] | dict[str, str]) -> str:
    items = facts.items() if isinstance(facts, dict) else facts
    return ", ".join(f"{a} = {v}" for a, v in items) or "no facts"


def _expected(example: Example) -> str:
    parts: list[str] = []
    if example.found:
        parts.append(f"found {example.found}")
    if example.leading:
        parts.append(f"leading {' or '.join(sorted(example.leading))}")
    if example.possible:
        parts.append(f"possible {', '.join(sorted(example.possible))}")
    if example.unlikely:
        parts.append(f"unlikely {', '.join(sorted(example.unlikely))}")
    if example.lowered:
        parts.append(f"lowered {', '.join(sorted(example.lowered))}")
    if example.conflict is not None:
        parts.append("a conflict" if example.conflict else "no conflict")
    return "; ".join(parts)


class Reporter:
    def __init__(self, kb: KnowledgeBase, inference: Inference | None = None) -> None:
        self.kb = kb
        self.inference = inference or Inference(kb)
        self.rules = {r.id: r for r in kb.rules}

    def report(self, example: Example) -> ExampleReport:
        result = check_example(self.kb, self.inference, example)
        state = result.state
        assert state is not None
        outcome = state.outcome
        fired = frozenset(f.rule for f in outcome.firings)
        if result.passed:
            return ExampleReport(result, (), fired)
        p = result.probabilities
        should_rise = ({example.found} if example.found else set()) | set(example.possible)
        if example.leading and result.leading not in example.leading:
            should_rise |= set(example.leading)
        should_fall = set(example.unlikely) | set(example.lowered)
        if (example.found or example.leading) and result.leading not in (
            {example.found} if example.found else set(example.leading)
        ):
            should_fall.add(result.leading or "")
        lines = [f"given:    {_facts(dict(example.given))}"]
        derived = [
            f"{attr} = {value} (by {', '.join(sorted(set(rules)))})"
            for attr, values in sorted(outcome.derived.items())
            for value, rules in sorted(values.items())
        ]
        if derived:
            lines.append(f"derived:  {'; '.join(derived)}")
        lines.append(f"expected: {_expected(example)}")
        top = state.posterior.ranked()[:5]
        lines.append("got:      " + ", ".join(f"{c} {q:.1%}" for c, q in top) + f" ({state.status})")
        lines += [f"problem:  {problem}" for problem in result.problems]
        for cause in sorted(should_rise - {""}):
            lines += self._against(cause, state.evidence(cause), p.get(cause, 0.0))
        if example.found and p.get(example.found, 0.0) < self.kb.settings.confidence:
            lines.append(self._short_of_found(example.found, p.get(example.found, 0.0)))
        known = {a: f.value for a, f in state.facts.items()}
        for cause in sorted(should_fall - {""}):
            lines += self._kept(cause, known, state.evidence(cause), p.get(cause, 0.0))
        return ExampleReport(result, tuple(lines), fired)

    def _where(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        return f"'{rule_id}' ({rule.location})" if rule else f"'{rule_id}'"

    def _against(self, cause: str, evidence: tuple[Evidence, ...], p: float) -> list[str]:
        lines = [f"- '{cause}' ({p:.1%}) should be higher; what lowers it:"]
        lowering = sorted((e for e in evidence if e.factor < 1.0), key=lambda e: e.factor)
        for e in lowering:
            rule = self.rules.get(e.rule)
            because = " ".join(rule.because.split()) if rule else ""
            lines.append(
                f"    {self._where(e.rule)} ×{e.factor:.3g} ({e.strength}) on {_facts(e.facts)}: {because}"
            )
        if not lowering:
            lines.append(
                "    nothing lowers it: other causes are raised more (add or strengthen a rule raising it)"
            )
        return lines

    def _short_of_found(self, cause: str, p: float) -> str:
        return (
            f"- '{cause}' falls short of found: {to_be_found(self.kb, cause)}; here they grew "
            f"×{rise(self.kb, cause, p):.3g}, and {caller_ceiling(self.kb)}. Use 'leading:' unless "
            "the facts are decisive (see 'How strong evidence must be' in kb-docs/authoring.md)."
        )

    def _kept(self, cause: str, known: dict[str, str], evidence: tuple[Evidence, ...], p: float) -> list[str]:
        lines = [f"- '{cause}' ({p:.1%}) should be lower."]
        raising = [e for e in evidence if e.factor > 1.0]
        for e in raising:
            lines.append(f"    {self._where(e.rule)} raises it ×{e.factor:.3g} on {_facts(e.facts)}")
        could = [r for r in self.kb.rules if any(w.cause == cause and w.ratio < 1.0 for w in r.weights)]
        could = [r for r in could if self._unmet_count(r, known)]
        if not could and not raising:
            lines.append(f"    no rule lowers it on these facts: add one with 'lower: {{{cause}: clearly}}'")
            return lines
        if could:
            lines.append("    rules that could lower it:")
        ranked = sorted(could, key=lambda r: (self._unmet_count(r, known), r.id))
        for rule in ranked[:MAX_CANDIDATE_RULES]:
            lines.append(f"    {self._where(rule.id)} needs {self._unmet(rule, known)}")
        if len(ranked) > MAX_CANDIDATE_RULES:
            lines.append(f"    ... and {len(ranked) - MAX_CANDIDATE_RULES} more")
        return lines

    @staticmethod
    def _unmet_count(rule: Rule, known: dict[str, str]) -> int:
        return sum(1 for c in rule.when if not c.holds(known))

    def _unmet(self, rule: Rule, known: dict[str, str]) -> str:
        parts = []
        for condition in rule.when:
            if condition.holds(known):
                continue
            have = known.get(condition.attribute)
            now = f"the example has {have}" if have else "not known in the example"
            parts.append(f"{condition.describe()} ({now})")
        return (
            "; ".join(parts) or "its conditions, which hold (it should have fired: check the derived facts)"
        )
