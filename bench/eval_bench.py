"""How well, and how fast, the batch evaluation runs on generated cases.

Cases are simulated from the shipped knowledge base (a true cause drawn by
prior, a fact assignment consistent with it), then answer noise replaces
a share of the facts by any value of their domain, and a share of the
answers is "don't know".  Reports, for noise of 0, 5, 10 and 20 %:
static accuracy and verdicts, and for each replay policy the mean and
median questions and seconds, with the ratios to the information policy
and the entropy lower bound.  Then throughput, cases per second, in
static mode and in replay mode on 1 and 2 processes (median of repeats),
against the goal of 500 cases/s in static mode on 2 cores.

    python bench/eval_bench.py [--cases N] [--throughput-cases N] [--repeats N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from multiprocessing import Pool

from xtream_doctor.evaluation.pipeline import evaluate_cases
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.records.inputs import EvalCase
from xtream_doctor.simulation.generate import generated_cases

NOISE = (0.0, 0.05, 0.10, 0.20)
HEADER = (
    f"  {'policy':>12}  {'mean q':>7} {'median q':>8} {'mean s':>7} {'median s':>8}  "
    f"{'alone':>6} {'top-1':>6}  {'q ratio':>7} {'s ratio':>7}"
)
GOAL = 500.0  # cases per second, static mode, 2 cores, shipped KB


def _generate(args: tuple[int, int, float, float]) -> list[EvalCase]:
    count, seed, noise, dont_know = args
    return list(generated_cases(load_knowledge_base(), count, seed, noise, dont_know))


def generate(count: int, seed: int, noise: float, dont_know: float, jobs: int = 2) -> list[EvalCase]:
    """Simulating is slower than evaluating: share it between processes too."""
    parts = [(count // jobs + (i < count % jobs), seed * 100 + i, noise, dont_know) for i in range(jobs)]
    with Pool(jobs) as pool:
        return [c for part in pool.map(_generate, parts) for c in part]


def quality(kb: KnowledgeBase, cases: int, seed: int, dont_know: float) -> None:
    print(f"== accuracy and questions, {cases} generated cases per noise level, "
          f"{dont_know:.0%} don't know ==")  # fmt: skip
    for noise in NOISE:
        ev = evaluate_cases(kb, generate(cases, seed, noise, dont_know), seed=seed, jobs=2)
        s = ev.summary
        c = s.static.counts
        print(
            f"\nnoise {noise:4.0%}: static top-1 {s.static.top1_accuracy:6.1%}  right {c['right']:4d}  "
            f"ambiguous {c['ambiguous']:4d}  wrong {c['wrong']:4d}  contradicted {c['contradicted']:4d}"
        )
        print(HEADER)
        base = s.policies[0]
        for p in s.policies:
            print(
                f"  {p.policy:>12}  {p.mean_questions:7.2f} {p.median_questions:8.1f} {p.mean_seconds:7.0f} "
                f"{p.median_seconds:8.0f}  {p.accuracy:6.1%} {p.top1_accuracy:6.1%}  "
                f"{p.mean_questions / base.mean_questions if base.mean_questions else 0:7.2f} "
                f"{p.mean_seconds / base.mean_seconds if base.mean_seconds else 0:7.2f}"
            )
        print(
            f"  {'lower bound':>12}  {s.bound.questions:7.2f} {'':>8} {s.bound.seconds:7.0f}"
            f"   (prior entropy {s.bound.bits:.2f} bits)"
        )


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def throughput(
    kb: KnowledgeBase, cases: list[EvalCase], repeats: int, replay: bool
) -> dict[int, tuple[float, float]]:
    """processes -> (cases per wall second, cases per CPU second), medians of the repeats."""
    rates: dict[int, tuple[float, float]] = {}
    for jobs in (1, 2):
        wall, cpu = [], []
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), cpu_seconds()
            evaluate_cases(kb, cases, replay=replay, jobs=jobs)
            wall.append(len(cases) / (time.perf_counter() - start))
            cpu.append(len(cases) / max(1e-9, cpu_seconds() - start_cpu))
        rates[jobs] = (statistics.median(wall), statistics.median(cpu))
    return rates


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=400, help="cases per noise level")
    parser.add_argument("--throughput-cases", type=int, default=2000)
    parser.add_argument("--replay-cases", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dont-know", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--throughput-only", action="store_true", help="skip the accuracy part")
    args = parser.parse_args()
    kb = load_knowledge_base()
    print(
        f"shipped KB {kb.version}: {len(kb.causes)} causes, {len(kb.questions)} questions, "
        f"{len(kb.rules)} rules\n"
    )
    if not args.throughput_only:
        quality(kb, args.cases, args.seed, args.dont_know)

    print(f"\n== throughput (median of {args.repeats}; wall time incl. starting the workers) ==")
    print(f"before: {load()} (other work on the machine lowers the wall figures, not the CPU ones)")
    cases = generate(args.throughput_cases, args.seed + 7, 0.10, args.dont_know)
    distinct = len({frozenset((a, v) for a, v, _ in c.facts) for c in cases})
    static = throughput(kb, cases, args.repeats, replay=False)
    (w1, c1), (w2, c2) = static[1], static[2]
    print(
        f"static, {len(cases)} cases at 10% noise ({distinct} distinct fact sets):\n"
        f"  1 process  {w1:6.0f} cases/s wall, {c1:6.0f} cases per CPU-second\n"
        f"  2 processes {w2:6.0f} cases/s wall (x{w2 / w1:.2f} of 1), {c2:6.0f} cases per CPU-second\n"
        f"  goal >= {GOAL:.0f} cases/s on 2 cores: wall {'met' if w2 >= GOAL else 'NOT met'} "
        f"(ratio {w2 / GOAL:.2f}); CPU-bound ceiling 2 x {c2:.0f} = {2 * c2:.0f} "
        f"(ratio {2 * c2 / GOAL:.2f})"
    )
    part = cases[: args.replay_cases]
    replayed = throughput(kb, part, max(1, args.repeats - 2), replay=True)
    (w1, c1), (w2, c2) = replayed[1], replayed[2]
    print(
        f"replay, 3 policies, {len(part)} cases: 1 process {w1:5.1f} cases/s wall ({c1:5.1f} per CPU-s), "
        f"2 processes {w2:5.1f} cases/s wall (x{w2 / w1:.2f}, {c2:5.1f} per CPU-s)"
    )
    print(f"after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
