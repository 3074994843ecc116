"""How long one probe takes, end to end, against the loopback demo panel.

The probe starts DNS, TCP, TLS and the account call over both schemes at
once, so it should take about as long as its slowest check.  Reports, for
several scenarios: the median and p95 wall time of the whole probe, the
median of its slowest check, and their ratio (close to 1 means the checks
really overlap).  Then the port that accepts and never answers, for two
budgets: the probe's wall time against the budget (it must stay within).
Then a batch: N probes with bounded concurrency, probes per second.
Last, for every demo scenario, the questions (and seconds of call time) a
diagnosis needs with the probe run first and without it, over cases drawn
for the likeliest causes the probe leaves standing.

    python bench/probe_bench.py [--repeats N] [--budget S] [--batch N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from xtream_doctor.demo_server import DemoServer
from xtream_doctor.probe import ProbeReport, Target, probe

SCENARIOS = ("active", "expired", "wrong-xui", "cloudflare-522", "huge", "redirect", "slow")
PASSWORD = "bench-password"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def timed(target: Target, budget: float, slow_after: float = 3.0) -> tuple[float, ProbeReport]:
    started = time.perf_counter()
    report = await probe(target, budget=budget, slow_after=slow_after)
    return time.perf_counter() - started, report


async def scenarios(server: DemoServer, repeats: int, budget: float) -> None:
    print(f"Whole probe against the loopback demo panel ({repeats} runs each, budget {budget:.1f} s)")
    print(
        f"{'scenario':<16}{'median ms':>10}{'p95 ms':>9}{'slowest check ms':>18}{'ratio':>7}  account-check"
    )
    first, _ = await timed(Target(server.http_url, "active", PASSWORD), budget)
    for name in SCENARIOS:
        walls: list[float] = []
        slowest: list[float] = []
        verdict = ""
        for _ in range(repeats):
            wall, report = await timed(Target(server.http_url, name, PASSWORD), budget)
            walls.append(wall)
            slowest.append(max(report.timings.values()))
            verdict = report.facts().get("account-check", "-")
        median, check = statistics.median(walls), statistics.median(slowest)
        print(
            f"{name:<16}{median * 1000:>10.1f}{p95(walls) * 1000:>9.1f}{check * 1000:>18.1f}"
            f"{median / check:>7.2f}  {verdict}"
        )
    print(f"(the first probe of the process, with its one-off imports and TLS setup: {first * 1000:.0f} ms)")


async def silent(server: DemoServer, repeats: int) -> None:
    print("\nThe port that accepts and never answers")
    print(f"{'budget s':>9}{'median s':>10}{'p95 s':>8}{'max/budget':>12}  account-check")
    for budget in (1.0, 3.0):
        walls: list[float] = []
        verdict = ""
        for _ in range(max(3, repeats // 4)):
            wall, report = await timed(Target(server.silent_url, "active", PASSWORD), budget)
            walls.append(wall)
            verdict = report.facts().get("account-check", "-")
        ratio = max(walls) / budget
        flag = "" if ratio <= 1.0 else "  OVER BUDGET"
        median = statistics.median(walls)
        print(f"{budget:>9.1f}{median:>10.2f}{p95(walls):>8.2f}{ratio:>12.2f}  {verdict}{flag}")


async def batch(server: DemoServer, count: int, concurrency: int = 8) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with gate:
            await probe(Target(server.http_url, SCENARIOS[i % 3], PASSWORD), budget=8.0)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(count)))
    seconds = time.perf_counter() - started
    print(f"\nBatch: {count} probes, {concurrency} at once: {seconds:.2f} s, {count / seconds:.0f} probes/s")


async def questions_saved(server: DemoServer) -> None:
    from xtream_doctor.demo_server import SCENARIOS as ALL
    from xtream_doctor.engine import Inference
    from xtream_doctor.kb import load_knowledge_base
    from xtream_doctor.simulation.probe_value import scenario_value

    kb = load_knowledge_base()
    inference = Inference(kb)
    print("\nQuestions to one cause, without / with the probe first (3 likeliest causes x 3 cases)")
    print(f"{'scenario':<16}{'without':>8}{'with':>6}{'ratio':>7}{'s without':>11}{'s with':>8}  causes")
    ratios = []
    for scenario in ALL:
        report = await probe(Target(server.http_url, scenario.username, PASSWORD), budget=1.5)
        observed = {f.attribute: f.value for f in report.findings}
        values = scenario_value(kb, observed, inference, causes=3, cases=3)
        without = statistics.mean(v.without_probe for v in values)
        with_ = statistics.mean(v.with_probe for v in values)
        s_without = statistics.mean(v.seconds_without for v in values)
        s_with = statistics.mean(v.seconds_with for v in values)
        ratios.append(with_ / without if without else 1.0)
        causes = ", ".join(v.cause for v in values)
        print(
            f"{scenario.username:<16}{without:8.1f}{with_:6.1f}{with_ / without if without else 1:7.2f}"
            f"{s_without:11.0f}{s_with:8.0f}  {causes}"
        )
    print(f"median ratio with/without: {statistics.median(ratios):.2f}")


async def main(repeats: int, budget: float, count: int) -> None:
    with DemoServer(password=PASSWORD, slow_delay=3.5) as server:
        await scenarios(server, repeats, budget)
        await silent(server, repeats)
        await batch(server, count)
        await questions_saved(server)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--budget", type=float, default=8.0)
    parser.add_argument("--batch", type=int, default=200)
    options = parser.parse_args()
    asyncio.run(main(options.repeats, options.budget, options.batch))
