"""The whole batch evaluation, headless: cases in, every figure out.

The CLI, the report and the bench all go through :func:`evaluate_cases`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xtream_doctor.evaluation.batch import Plan, processes_for, run_batch
from xtream_doctor.evaluation.compare import Comparison, compare
from xtream_doctor.evaluation.evaluate import POLICIES, CaseResult, Engine
from xtream_doctor.evaluation.metrics import Summary, summarize
from xtream_doctor.evaluation.priors import PriorFit, fit_priors
from xtream_doctor.evaluation.strengths import StrengthFit, fit_strengths
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.records.inputs import EvalCase
from xtream_doctor.records.log import LineProblem


@dataclass
class Evaluation:
    kb: KnowledgeBase
    cases: list[EvalCase]
    results: list[CaseResult]
    summary: Summary
    priors: list[PriorFit]
    seconds: float  # wall time of the evaluation itself
    jobs: int
    problems: list[LineProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    baseline: KnowledgeBase | None = None
    comparison: Comparison | None = None
    strengths: list[StrengthFit] = field(default_factory=list)

    @property
    def cases_per_second(self) -> float:
        return len(self.cases) / self.seconds if self.seconds > 0 else 0.0


def evaluate_cases(
    kb: KnowledgeBase,
    cases: Sequence[EvalCase],
    *,
    baseline: KnowledgeBase | None = None,
    replay: bool = True,
    policies: Sequence[str] = POLICIES,
    seed: int = 0,
    jobs: int | None = None,
    prior_strength: float | None = None,
    engine: Engine = "fast",
    on_progress: Callable[[int], None] | None = None,
) -> Evaluation:
    kbs = (kb,) if baseline is None else (kb, baseline)
    plan = Plan(kbs, replay, tuple(policies), seed, engine=engine)
    start = time.perf_counter()
    per_kb = run_batch(plan, cases, jobs, on_progress)
    seconds = time.perf_counter() - start
    results = per_kb[0]
    summary = summarize(kb, results)
    comparison = None
    if baseline is not None:
        comparison = compare(summarize(baseline, per_kb[1]), summary, per_kb[1], results)
    priors = fit_priors(kb, (c.cause for c in cases), prior_strength)
    return Evaluation(
        kb, list(cases), results, summary, priors, seconds, processes_for(len(cases), jobs),
        baseline=baseline, comparison=comparison, strengths=fit_strengths(kb, results),
    )  # fmt: skip
