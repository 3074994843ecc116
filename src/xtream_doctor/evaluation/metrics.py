"""From per-case results to the figures a team lead reads.

Accuracy counts only cases whose cause is known (labelled).  Top-1 is the
most likely cause (by posterior) equal to the confirmed one; "right" means
it is also found (at the confidence threshold); "confident-wrong" is a
found cause that is not the confirmed one, the costliest mistake.  The entropy lower bound is Shannon's: no
policy can need fewer questions on average than the prior entropy over the
bits one question can give (log2 of its number of answers), nor fewer
seconds than that entropy over the best bits per second of any question.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from xtream_doctor.evaluation.evaluate import VERDICTS, CaseResult, Verdict
from xtream_doctor.kb.model import KnowledgeBase

NONE = "(none left)"


@dataclass(frozen=True)
class StaticSummary:
    cases: int
    labelled: int
    counts: dict[str, int]  # verdict -> cases
    top1: int  # labelled cases whose most likely cause is the confirmed one
    confident_wrong: int = 0  # labelled cases found (at the threshold) with another cause
    calibration: tuple[tuple[float, float, int, int], ...] = ()  # (low, high, found, right)

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.labelled if self.labelled else 0.0


CALIBRATION_BINS: tuple[tuple[float, float], ...] = ((0.9, 0.95), (0.95, 0.99), (0.99, 1.0001))


def calibration(found: Sequence[tuple[float, bool]]) -> tuple[tuple[float, float, int, int], ...]:
    """Of the cases found at confidence p, how many were right, by bins of p."""
    rows = []
    for low, high in CALIBRATION_BINS:
        inside = [right for p, right in found if low <= p < high]
        rows.append((low, min(high, 1.0), len(inside), sum(inside)))
    return tuple(rows)


@dataclass(frozen=True)
class PolicySummary:
    policy: str
    cases: int
    mean_questions: float
    median_questions: float
    mean_seconds: float
    median_seconds: float
    right: int  # labelled cases that ended with the confirmed cause alone
    top1: int
    labelled: int
    counts: dict[str, int]

    @property
    def accuracy(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.labelled if self.labelled else 0.0


@dataclass(frozen=True)
class CauseRow:
    cause: str
    cases: int
    top1: int  # static
    right: int  # static, the cause alone
    mean_questions: float | None  # replay with the first policy (information by default)

    @property
    def accuracy(self) -> float:
        return self.top1 / self.cases if self.cases else 0.0


@dataclass(frozen=True)
class RuleStats:
    fired: dict[str, int]  # every rule, 0 when it never fired
    in_contradictions: dict[str, int]

    @property
    def never_fired(self) -> list[str]:
        return sorted(r for r, n in self.fired.items() if n == 0)


@dataclass(frozen=True)
class Bound:
    bits: float
    questions: float
    seconds: float


@dataclass(frozen=True)
class Summary:
    kb_version: str
    static: StaticSummary
    policies: list[PolicySummary]
    causes: list[CauseRow]
    confusion: dict[str, dict[str, int]]  # confirmed -> most likely left -> cases
    rules: RuleStats
    bound: Bound
    contradictions: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # case id, attributes


def entropy_bound(kb: KnowledgeBase) -> Bound:
    causes = [c for c in kb.causes.values() if c.status != "deprecated"]
    total = sum(c.prior for c in causes)
    bits = (
        -sum((c.prior / total) * math.log2(c.prior / total) for c in causes if c.prior > 0) if total else 0.0
    )
    questions = [q for q in kb.questions.values() if q.status != "deprecated" and len(q.answers) > 1]
    if not questions:
        return Bound(bits, math.inf if bits else 0.0, math.inf if bits else 0.0)
    widest = max(math.log2(len(q.answers)) for q in questions)
    fastest = max(math.log2(len(q.answers)) / q.cost for q in questions)
    return Bound(bits, bits / widest, bits / fastest)


def _count(verdicts: Sequence[Verdict]) -> dict[str, int]:
    counter = Counter(verdicts)
    return {v: counter.get(v, 0) for v in VERDICTS}


def summarize(kb: KnowledgeBase, results: Sequence[CaseResult]) -> Summary:
    labelled = [r for r in results if r.cause is not None]
    static = StaticSummary(
        len(results),
        len(labelled),
        _count([r.static.verdict for r in results]),
        sum(r.static.top1 == r.cause for r in labelled),
        sum(r.static.confident_wrong for r in labelled),
        calibration([(r.static.confidence, r.static.top1 == r.cause) for r in labelled if r.static.found]),
    )
    policies: list[PolicySummary] = []
    names = [run.policy for run in results[0].replays] if results else []
    for name in names:
        runs = [(r, r.replay_by(name)) for r in results]
        done = [(r, run) for r, run in runs if run is not None]
        questions = [run.questions for _, run in done]
        seconds = [run.seconds for _, run in done]
        policies.append(
            PolicySummary(
                name,
                len(done),
                statistics.fmean(questions) if questions else 0.0,
                statistics.median(questions) if questions else 0.0,
                statistics.fmean(seconds) if seconds else 0.0,
                statistics.median(seconds) if seconds else 0.0,
                sum(run.verdict == "right" for r, run in done if r.cause is not None),
                sum(run.top1 == r.cause for r, run in done if r.cause is not None),
                sum(r.cause is not None for r, _ in done),
                _count([run.verdict for _, run in done]),
            )
        )
    return Summary(
        kb.version,
        static,
        policies,
        _per_cause(labelled, names[0] if names else None),
        _confusion(labelled),
        _rules(kb, results),
        entropy_bound(kb),
        [(r.case_id, r.static.conflict) for r in results if r.static.verdict == "contradicted"],
    )


def _per_cause(labelled: Sequence[CaseResult], policy: str | None) -> list[CauseRow]:
    rows: list[CauseRow] = []
    for cause in sorted({r.cause for r in labelled if r.cause is not None}):
        mine = [r for r in labelled if r.cause == cause]
        runs = [run for r in mine if policy and (run := r.replay_by(policy)) is not None]
        rows.append(
            CauseRow(
                cause,
                len(mine),
                sum(r.static.top1 == cause for r in mine),
                sum(r.static.verdict == "right" for r in mine),
                statistics.fmean(run.questions for run in runs) if runs else None,
            )
        )
    return sorted(rows, key=lambda row: (-row.cases, row.cause))


def _confusion(labelled: Sequence[CaseResult]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = {}
    for r in labelled:
        assert r.cause is not None
        table.setdefault(r.cause, Counter())[r.static.top1 or NONE] += 1
    return {cause: dict(sorted(row.items())) for cause, row in sorted(table.items())}


def _rules(kb: KnowledgeBase, results: Sequence[CaseResult]) -> RuleStats:
    fired = Counter(rule for r in results for rule in r.static.fired)
    conflicts = Counter(rule for r in results for rule in r.static.conflict_rules)
    return RuleStats(
        {rule.id: fired.get(rule.id, 0) for rule in kb.rules},
        dict(sorted(conflicts.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
