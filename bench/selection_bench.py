"""How fast and how well the next question is chosen.

Reports, on the shipped knowledge base and on a synthetic one ten times
larger: median and p95 time to choose the next question; and the mean
number of questions to reach one cause over cases simulated from the KB,
for the information policy, the guides' checklist order and random order,
beside the entropy lower bound.

    python bench/selection_bench.py [--cases N] [--seed S]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_kb import synthetic_kb
from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.policies import policy_named
from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.simulation.replay import replay
from xtream_doctor.simulation.simulate import simulate_cases


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def selection_times(kb: KnowledgeBase, cases: int, seed: int) -> list[float]:
    """Time every state() (re-derive + choose) along simulated calls."""
    inference = Inference(kb)
    times: list[float] = []
    for case in simulate_cases(kb, cases, seed=seed, inference=inference):
        session = Session(kb, inference)
        for _ in range(40):
            start = time.perf_counter()
            state = session.state()
            times.append(time.perf_counter() - start)
            if state.status != "asking" or state.next_question is None:
                break
            question = state.next_question.question
            value = case.answers.get(question.id)
            if value is None:
                session.dont_know(question.id)
            else:
                session.answer(question.id, value)
    return times


def cold_first_question(kb: KnowledgeBase, stock_matcher: bool, repeats: int = 3) -> list[float]:
    """The first state() of a new engine: nothing memoised yet."""
    times = []
    for _ in range(repeats):
        session = Session(kb, Inference(kb, stock_matcher=stock_matcher))
        start = time.perf_counter()
        session.state()
        times.append(time.perf_counter() - start)
    return times


def entropy_bound(kb: KnowledgeBase) -> tuple[float, float]:
    total = sum(c.prior for c in kb.causes.values())
    bits = -sum((c.prior / total) * math.log2(c.prior / total) for c in kb.causes.values())
    widest = max(len(q.answers) for q in kb.questions.values())
    return bits, bits / math.log2(widest)


def questions_per_policy(kb: KnowledgeBase, cases: int, seed: int) -> dict[str, tuple[float, float, float]]:
    inference = Inference(kb)
    simulated = list(simulate_cases(kb, cases, seed=seed, inference=inference))
    out: dict[str, tuple[float, float, float]] = {}
    for name in ("information", "checklist", "random"):
        counts, seconds, right = [], [], 0
        for case in simulated:
            result = replay(kb, case.answers, policy_named(name, seed), inference=inference)
            counts.append(result.questions)
            seconds.append(result.seconds)
            right += result.candidates == (case.cause,)
        out[name] = (statistics.mean(counts), statistics.mean(seconds), right / len(simulated))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    shipped = load_knowledge_base()
    big = synthetic_kb(shipped, 10)
    print(
        f"shipped KB {shipped.version}: {len(shipped.causes)} causes, {len(shipped.questions)} questions, "
        f"{len(shipped.rules)} rules; synthetic x10: {len(big.causes)} causes, {len(big.questions)} "
        f"questions, {len(big.rules)} rules"
    )
    print("\n== time to choose the next question (re-derive + select) ==")
    for label, kb, cases, goal in (
        ("shipped", shipped, args.cases, 0.030),
        ("synthetic x10", big, 10, 0.300),
    ):
        times = selection_times(kb, cases, args.seed)
        med, tail = statistics.median(times), p95(times)
        verdict = "met" if tail < goal else "NOT met"
        print(
            f"{label:>14}: n={len(times):5d}  median {med * 1000:7.2f} ms  p95 {tail * 1000:7.2f} ms  "
            f"goal p95 < {goal * 1000:.0f} ms  ({verdict}, p95/goal {tail / goal:.2f})"
        )
    fast = statistics.median(cold_first_question(shipped, stock_matcher=False))
    stock = statistics.median(cold_first_question(shipped, stock_matcher=True))
    print(
        f"{'cold start':>14}: first question with nothing memoised {fast * 1000:.1f} ms; "
        f"with experta's stock matcher {stock * 1000:.1f} ms (stock/ours {stock / fast:.1f}x)"
    )
    print(f"\n== questions to reach one cause, {args.cases} cases simulated from the shipped KB ==")
    bits, bound = entropy_bound(shipped)
    results = questions_per_policy(shipped, args.cases, args.seed)
    base = results["information"][0]
    for name, (mean_q, mean_s, acc) in results.items():
        ratio = mean_q / base if base else float("nan")
        print(
            f"{name:>12}: {mean_q:5.2f} questions ({ratio:4.2f}x information), "
            f"{mean_s:6.0f} s of call time, right cause alone {acc:.0%}"
        )
    print(
        f"{'lower bound':>12}: {bound:5.2f} questions "
        f"(prior entropy {bits:.2f} bits / log2 of the widest answer set)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
