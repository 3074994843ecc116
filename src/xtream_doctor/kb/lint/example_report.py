"""`kb test`: why an embedded example failed, in words an editor can act on.

The engine's own check (``engine.examples.check_example``) says *what*
differs; this says *which rule* removed a cause that should have remained,
and for a cause that should have gone, which rules could have removed it and
which of their conditions the example does not meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from xtream_doctor.engine.examples import ExampleResult, check_example
from xtream_doctor.engine.inference import Inference, Outcome
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
    if example.candidates is not None:
        parts.append(f"exactly {', '.join(sorted(example.candidates)) or 'no cause'}")
    if example.includes:
        parts.append(f"at least {', '.join(sorted(example.includes))}")
    if example.excludes:
        parts.append(f"not {', '.join(sorted(example.excludes))}")
    return "; ".join(parts)


class Reporter:
    def __init__(self, kb: KnowledgeBase, inference: Inference | None = None) -> None:
        self.kb = kb
        self.inference = inference or Inference(kb)
        self.rules = {r.id: r for r in kb.rules}

    def report(self, example: Example) -> ExampleReport:
        result = check_example(self.kb, self.inference, example)
        outcome = self.inference.last  # check_example ran exactly these facts
        fired = frozenset(f.rule for f in outcome.firings)
        if result.passed:
            return ExampleReport(result, (), fired)
        should_stay = (example.candidates or frozenset()) | example.includes
        should_go = example.excludes | (
            frozenset(self.kb.causes) - example.candidates if example.candidates is not None else frozenset()
        )
        lines = [f"given:    {_facts(dict(example.given))}"]
        derived = [
            f"{attr} = {value} (by {', '.join(sorted(set(rules)))})"
            for attr, values in sorted(outcome.derived.items())
            for value, rules in sorted(values.items())
        ]
        if derived:
            lines.append(f"derived:  {'; '.join(derived)}")
        lines.append(f"expected: {_expected(example)}")
        lines.append(f"got:      {', '.join(sorted(result.alive)) or 'no cause at all'}")
        for cause in sorted(should_stay - result.alive):
            lines += self._removed(cause, outcome)
        known = dict(example.given)
        for attr, values in outcome.derived.items():
            known.setdefault(attr, sorted(values)[0])
        for cause in sorted(should_go & result.alive):
            lines += self._kept(cause, known, should_stay)
        return ExampleReport(result, tuple(lines), fired)

    def _where(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        return f"'{rule_id}' ({rule.location})" if rule else f"'{rule_id}'"

    def _removed(self, cause: str, outcome: Outcome) -> list[str]:
        firings = {f.rule: f.facts for f in outcome.firings}
        lines = [f"- '{cause}' should remain, but:"]
        for rule_id in sorted(set(outcome.ruled_out.get(cause, ()))):
            rule = self.rules[rule_id]
            lines.append(
                f"    rule {self._where(rule_id)} ruled it out on {_facts(firings.get(rule_id, ()))}: "
                f"{' '.join(rule.because.split())}"
            )
        for other, rule_ids in sorted(outcome.confirmed.items()):
            if other == cause:
                continue
            for rule_id in sorted(set(rule_ids)):
                facts = _facts(firings.get(rule_id, ()))
                lines.append(
                    f"    rule {self._where(rule_id)} confirmed '{other}' on {facts}, "
                    "which rules out every other cause"
                )
        if cause in outcome.confirmed and len(outcome.confirmed) > 1:
            lines.append(
                f"    it was confirmed, but so was {', '.join(sorted(set(outcome.confirmed) - {cause}))}"
            )
        return lines

    def _kept(self, cause: str, known: dict[str, str], keep: frozenset[str]) -> list[str]:
        could = [r for r in self.kb.rules if cause in r.rule_out or (r.confirm and r.confirm != cause)]
        sparing = [r for r in could if not keep & (set(r.rule_out) | ({r.confirm} if r.confirm else set()))]
        sparing = [r for r in sparing if not (r.confirm and keep - {r.confirm})]
        could = sparing or could
        if not could:
            return [
                f"- '{cause}' should be ruled out, but no rule rules it out (and no rule confirms another "
                f"cause): add a rule with 'rule_out: [{cause}]'"
            ]
        lines = [f"- '{cause}' should be ruled out, but no rule ruled it out. Rules that could:"]
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
