"""Evaluate many cases on every core.

experta engines cannot be pickled, so each worker process builds its own
Evaluator (one per knowledge base: the current one and, with --baseline,
the one to compare with) once, in the pool's initializer; cases travel to
the workers in chunks and results come back as plain data.  Results are
put back in the cases' order, so a run is the same on 1 core or 16.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xtream_doctor.evaluation.evaluate import POLICIES, CaseResult, Engine, Evaluator
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.records.inputs import EvalCase

Chunk = tuple[int, list[EvalCase]]
ChunkResult = tuple[int, list[list[CaseResult]]]


@dataclass(frozen=True)
class Plan:
    """What to evaluate: which knowledge bases, and how."""

    kbs: tuple[KnowledgeBase, ...]
    replay: bool = True
    policies: tuple[str, ...] = POLICIES
    seed: int = 0
    max_questions: int = 60
    engine: Engine = "fast"

    def evaluators(self) -> list[Evaluator]:
        return [Evaluator(kb, self.policies, self.seed, self.max_questions, self.engine) for kb in self.kbs]


_EVALUATORS: list[Evaluator] = []
_REPLAY = True


def _init_worker(plan: Plan) -> None:
    global _REPLAY
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _EVALUATORS[:] = plan.evaluators()
    _REPLAY = plan.replay


def _run_chunk(chunk: Chunk) -> ChunkResult:
    start, cases = chunk
    return start, [[ev.evaluate(case, _REPLAY) for case in cases] for ev in _EVALUATORS]


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunk_size(cases: int, jobs: int) -> int:
    return max(1, min(64, math.ceil(cases / (jobs * 8))))


def processes_for(cases: int, jobs: int | None) -> int:
    """How many processes a run uses: one when there is too little work to share."""
    jobs = max(1, jobs or available_cores())
    chunks = math.ceil(cases / chunk_size(cases, jobs)) if cases else 0
    return 1 if jobs == 1 or chunks <= 1 else min(jobs, chunks)


def run_batch(
    plan: Plan,
    cases: Sequence[EvalCase],
    jobs: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> list[list[CaseResult]]:
    """``result[k][i]``: case ``i`` evaluated with knowledge base ``k``."""
    processes = processes_for(len(cases), jobs)
    size = chunk_size(len(cases), max(1, jobs or available_cores()))
    chunks: list[Chunk] = [(i, list(cases[i : i + size])) for i in range(0, len(cases), size)]
    results: list[list[CaseResult | None]] = [[None] * len(cases) for _ in plan.kbs]

    def take(done: ChunkResult) -> None:
        start, per_kb = done
        for k, items in enumerate(per_kb):
            results[k][start : start + len(items)] = items
        if on_progress:
            on_progress(len(per_kb[0]) if per_kb else 0)

    if processes == 1:
        evaluators = plan.evaluators()
        for start, part in chunks:
            take((start, [[ev.evaluate(case, plan.replay) for case in part] for ev in evaluators]))
    else:
        with multiprocessing.Pool(processes, _init_worker, (plan,)) as pool:
            for done in pool.imap_unordered(_run_chunk, chunks):
                take(done)
    return [[r for r in per_kb if r is not None] for per_kb in results]
