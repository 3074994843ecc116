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
import statistics
import sys
import time
from multiprocessing import Pool

from xtream_doctor.cases.generate import generated_cases
from xtream_doctor.cases.inputs import EvalCase
from xtream_doctor.cases.pipeline import evaluate_cases
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base

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


def throughput(kb: KnowledgeBase, cases: list[EvalCase], repeats: int, replay: bool) -> dict[int, float]:
    rates: dict[int, float] = {}
    for jobs in (1, 2):
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            evaluate_cases(kb, cases, replay=replay, jobs=jobs)
            runs.append(len(cases) / (time.perf_counter() - start))
        rates[jobs] = statistics.median(runs)
    return rates


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
    cases = generate(args.throughput_cases, args.seed + 7, 0.10, args.dont_know)
    static = throughput(kb, cases, args.repeats, replay=False)
    distinct = len({frozenset((a, v) for a, v, _ in c.facts) for c in cases})
    print(
        f"static, {len(cases)} cases ({distinct} distinct fact sets): 1 process {static[1]:7.0f} cases/s, "
        f"2 processes {static[2]:7.0f} cases/s (x{static[2] / static[1]:.2f}); "
        f"goal >= {GOAL:.0f} on 2: {'met' if static[2] >= GOAL else 'NOT met'} (ratio {static[2] / GOAL:.2f})"
    )
    replayed = throughput(kb, cases[: args.replay_cases], max(1, args.repeats - 2), replay=True)
    print(
        f"replay, 3 policies, {min(len(cases), args.replay_cases)} cases: "
        f"1 process {replayed[1]:6.1f} cases/s, "
        f"2 processes {replayed[2]:6.1f} cases/s (x{replayed[2] / replayed[1]:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
