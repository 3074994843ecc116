"""How fast the app is for staff on a call, headless (App.run_test).

Each figure runs from an input to the first frame that shows its result (the
frame the app hands to the terminal driver), not to the end of a test pilot's
idle wait, which adds its own polling:

launch: creating the app (rules already loaded, as the CLI does first) until
        the start screen is painted, then ctrl+s until the first question is
        painted; their sum is "launch to first question".
key:    a number key until the next question is painted (then undo, timed
        too, so every repetition starts from the same question while the case
        log grows as in a long call).
ctrl+n: from a case, ctrl+n until the start screen is painted with the saved
        cases listed again (the store has one more case each time).

Every figure is taken twice: on an empty case store, and on a store of
--store-cases generated cases (10,000 by default: a busy desk's months),
and the ratio of their medians is printed.  When the code under test has
no SQLite store (an earlier version), the same cases go into its JSONL log,
one snapshot per case (a lower bound of what that log held), so the two
versions can be compared with the same script:

    PYTHONPATH=src:. python bench/tui_bench.py [--rules DIR] [--launches 20] [--keys 200]
        [--store-cases 10000]

Goals on a 2-core machine, with the 10,000 cases: launch to first question
< 1 s, ctrl+n to a new case < 100 ms, key to next question < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot

from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.tui.app import XtreamDoctorApp
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.start import StartScreen
from xtream_doctor.tui.widgets.question_view import QuestionView

FROZEN = Path(__file__).resolve().parents[1] / "tests" / "tui" / "rules"
Condition = Callable[[], bool]


class Frames:
    """Records when the app hands a frame to the driver, and what was on it."""

    def __init__(self, app: XtreamDoctorApp) -> None:
        self.waiting: Condition | None = None
        self.at: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None and self.waiting is not None and self.waiting():
                self.at = time.perf_counter()
                self.waiting = None

        app._display = display  # type: ignore[method-assign]

    timeout = 10.0  # seconds; --timeout sets it (an earlier version on a big log needs more)

    async def until(self, condition: Condition, timeout: float | None = None) -> float:
        """Wait for the first frame painted once ``condition`` holds; its time."""
        self.at, self.waiting = None, condition
        deadline = time.perf_counter() + (timeout or Frames.timeout)
        while self.at is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("no frame showed the result")
            await asyncio.sleep(0.0005)
        return self.at


def case_store_class() -> Any:
    """The case store of the version under test: in records/, in cases/ before the split, or none."""
    for module in ("xtream_doctor.records.store", "xtream_doctor.cases.store"):
        try:
            return importlib.import_module(module).CaseStore
        except ImportError:
            continue
    return None


def press(app: XtreamDoctorApp, key: str) -> float:
    assert app._driver is not None
    started = time.perf_counter()
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    return started


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<30} n={len(samples):<4} median {statistics.median(samples) * 1000:7.1f} ms"
        f"   p95 {p95 * 1000:7.1f} ms   max {max(samples) * 1000:7.1f} ms"
    )


def question_on(app: XtreamDoctorApp) -> Any:
    screen = app.screen
    return screen.query_one(QuestionView).question if isinstance(screen, CaseScreen) else None


async def launch_once(kb: KnowledgeBase, log: Path, typing: bool) -> tuple[float, float]:
    """``typing``: staff type the caller's details first (the rules finish compiling
    meanwhile); otherwise ctrl+s comes the moment the start screen shows."""
    started = time.perf_counter()
    app = XtreamDoctorApp(kb, case_log=log)
    frames = Frames(app)
    ready = asyncio.ensure_future(frames.until(lambda: isinstance(app.screen, StartScreen)))
    async with app.run_test(size=(80, 24)):
        start_painted = await ready
        if typing:
            await app.rules_ready()
        pressed = press(app, "ctrl+s")
        question_painted = await frames.until(lambda: question_on(app) is not None)
    return start_painted - started, question_painted - pressed


async def new_cases(kb: KnowledgeBase, log: Path, repetitions: int) -> list[float]:
    """ctrl+n from a case with one answer, until the start screen is painted again."""
    app = XtreamDoctorApp(kb, case_log=log)
    frames = Frames(app)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.rules_ready()
        for _ in range(repetitions):
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("1")
            await settle(pilot)
            pressed = press(app, "ctrl+n")
            times.append(await frames.until(lambda: isinstance(app.screen, StartScreen)) - pressed)
            await settle(pilot)
    return times


def fill(kb: KnowledgeBase, log: Path, count: int) -> str:
    """``count`` generated cases in the case store (or an earlier version's JSONL log)."""
    from dataclasses import replace

    try:
        from xtream_doctor.simulation.generate import generated_records
    except ImportError:  # a version before cases/ was split
        from xtream_doctor.cases.generate import generated_records  # type: ignore[import-not-found, no-redef]

    devices = [a.value for a in kb.questions["device"].answers] if "device" in kb.questions else [""]
    base = list(generated_records(kb, min(count, 200), seed=7))
    now = time.time()

    def cases() -> Any:
        for i in range(count):
            record = base[i % len(base)]
            start = now - (count - i) * 600.0
            details = {**record.details, "username": f"user{i % 997}", "device": devices[i % len(devices)]}
            yield replace(
                record, case_id=f"bench-{i:05d}", started=start, ended=start + 240.0, details=details
            )

    CaseStore = case_store_class()
    if CaseStore is None:  # an earlier version: its JSONL case log
        with log.open("w", encoding="utf-8") as f:
            for record in cases():
                f.write(record.to_json() + "\n")
        return f"JSONL log, {log.stat().st_size / 1e6:.1f} MB"
    store = CaseStore(log)
    store.put_many(cases())
    store.close()
    size = sum(p.stat().st_size for p in log.parent.glob(log.name + "*"))
    return f"SQLite store, {size / 1e6:.1f} MB"


async def keys(kb: KnowledgeBase, log: Path, repetitions: int) -> tuple[list[float], list[float]]:
    app = XtreamDoctorApp(kb, case_log=log)
    frames = Frames(app)
    answer_times: list[float] = []
    undo_times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        first = question_on(app)
        for _ in range(repetitions):
            pressed = press(app, "1")
            answer_times.append(await frames.until(lambda: question_on(app) is not first) - pressed)
            await settle(pilot)
            pressed = press(app, "u")
            undo_times.append(await frames.until(lambda: question_on(app) is first) - pressed)
            await settle(pilot)
    return answer_times, undo_times


async def settle(pilot: Pilot[None]) -> None:
    """Let the app finish what follows a key (autosave, footer) before the next one."""
    await pilot.pause()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rules",
        type=Path,
        default=None,
        help="rules folder (default: the bundled ones, or the frozen test rules if those do not load)",
    )
    parser.add_argument("--launches", type=int, default=20)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--store-cases", type=int, default=10_000, help="generated cases in the full store")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one frame")
    args = parser.parse_args()
    Frames.timeout = args.timeout
    started = time.perf_counter()
    try:
        kb = load_knowledge_base(args.rules)
        which = str(args.rules or "bundled rules")
    except Exception as exc:  # the bundled rules are being edited: measure on the frozen copy
        print(f"(the bundled rules do not load: {str(exc).splitlines()[0]}; using {FROZEN})")
        kb = load_knowledge_base(FROZEN)
        which = "frozen test rules"
    load = time.perf_counter() - started
    print(
        f"{which}: {len(kb.causes)} causes, {len(kb.questions)} questions, {len(kb.rules)} rules; "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'load the rules (once)':<30} {load * 1000:7.1f} ms")
    medians: dict[str, list[float]] = {}
    for label, count in (("empty store", 0), (f"{args.store_cases} cases", args.store_cases)):
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / ("cases.jsonl" if case_store_class() is None else "cases.sqlite3")
            started = time.perf_counter()
            what = fill(kb, log, count) if count else "nothing"
            print(f"\n--- {label}: {what} (made in {time.perf_counter() - started:.1f} s)")
            launches = [asyncio.run(launch_once(kb, log, typing=False)) for _ in range(args.launches)]
            typed = [asyncio.run(launch_once(kb, log, typing=True)) for _ in range(args.launches)]
            answer_times, undo_times = asyncio.run(keys(kb, log, args.keys))
            ctrl_n = asyncio.run(new_cases(kb, log, max(5, args.launches)))
        rows = [
            ("app start to start screen", [a for a, _ in launches]),
            ("ctrl+s to first question", [b for _, b in launches]),
            ("launch to first question", [a + b for a, b in launches]),
            ("ctrl+s after typing details", [b for _, b in typed]),
            ("key to next question", answer_times),
            ("undo to previous question", undo_times),
            ("ctrl+n to a new case", ctrl_n),
        ]
        for name, samples in rows:
            print(summary(name, samples))
            medians.setdefault(name, []).append(statistics.median(samples))
    print(f"\n--- ratio of medians, {args.store_cases} cases / empty store")
    for name, (empty, full) in medians.items():
        print(f"{name:<30} {full / empty:5.2f}x   ({empty * 1000:.1f} ms -> {full * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
