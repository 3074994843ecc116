"""``xtream-doctor probe --batch``: many lines at once, a bounded number in flight.

Progress goes to stderr as plain text (a line rewritten in place on a
terminal, a few lines otherwise); results and the summary go to stdout, in
the CSV's order.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter

from xtream_doctor.probe import ProbeReport, Target, probe, redact


class Progress:
    """'probe: 3/10 done' on stderr; in place on a terminal, every tenth otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.tty = sys.stderr.isatty()
        self.step = max(1, total // 10)

    def tick(self) -> None:
        self.done += 1
        text = f"probe: {self.done}/{self.total} done"
        if self.tty:
            sys.stderr.write("\r" + text + ("\n" if self.done == self.total else ""))
        elif self.done % self.step == 0 or self.done == self.total:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()


async def probe_all(
    targets: list[Target], *, concurrency: int, budget: float, slow_after: float, progress: Progress
) -> list[ProbeReport]:
    """Probe every target, at most ``concurrency`` at a time, results in input order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(target: Target) -> ProbeReport:
        async with gate:
            report = await probe(target, budget=budget, slow_after=slow_after)
        progress.tick()
        return report

    return list(await asyncio.gather(*(one(t) for t in targets)))


def run_batch(args: argparse.Namespace, targets: list[Target]) -> int:
    started = time.perf_counter()
    progress = Progress(len(targets))
    reports = asyncio.run(
        probe_all(
            targets,
            concurrency=args.concurrency,
            budget=args.budget,
            slow_after=args.slow_after,
            progress=progress,
        )
    )
    for number, (target, report) in enumerate(zip(targets, reports, strict=True), start=1):
        if args.json:
            print(json.dumps({"line": number, **report.to_dict()}, ensure_ascii=False))
        else:
            print(summary_line(number, target, report))
    summary = count_line(reports, time.perf_counter() - started)
    print(summary, file=sys.stderr if args.json else sys.stdout)
    return 0


def summary_line(number: int, target: Target, report: ProbeReport) -> str:
    account = report.facts().get("account-check", "-")
    server = redact(target.server, target.secrets())
    return f"{number:>4}  {account:<18} {server}  ({target.username})"


def count_line(reports: list[ProbeReport], seconds: float) -> str:
    counts = Counter(r.facts().get("account-check", "(none)") for r in reports)
    shown = ", ".join(f"{value} {n}" for value, n in counts.most_common())
    return f"Probed {len(reports)} line(s) in {seconds:.1f} s. account-check: {shown}"
