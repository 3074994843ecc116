"""The time budget covers the whole probe command: a port that accepts and never
answers used to take 8.6 s of an 8 s budget (start-up, a 1 s wait after the
deadline, the interpreter's exit).  These are the only tests that read a clock
against a limit, because the limit is the feature; each leaves the margins the
design keeps (start-up is counted, a reserve is kept to print and exit)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.probe.conftest import CANARY
from xtream_doctor.demo_server import DemoServer
from xtream_doctor.probe import Target, probe

ROOT = Path(__file__).resolve().parents[2]


async def test_time_spent_before_the_probe_counts_against_its_budget(demo: DemoServer) -> None:
    started = time.perf_counter()
    report = await probe(Target(demo.silent_url, "active", CANARY), budget=2.0, spent=1.0)
    took = time.perf_counter() - started
    assert report.facts()["account-check"] == "no-answer"
    assert took <= 1.0  # the second left of the budget, not the whole budget again
    assert report.elapsed <= report.budget == 2.0  # the report counts the time spent before it


async def test_a_budget_already_spent_returns_at_once_and_says_so(demo: DemoServer) -> None:
    report = await probe(Target(demo.silent_url, "active", CANARY), budget=1.0, spent=5.0)
    assert any("did not finish within the 1.0 s budget" in note for note in report.notes)


def test_the_probe_command_on_a_silent_port_ends_within_its_budget(demo: DemoServer) -> None:
    budget = 3.0
    env = {**os.environ, "XD_TEST_PW": CANARY}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "xtream_doctor", "probe", demo.silent_url, "-u", "active"]
    command += ["--password-env", "XD_TEST_PW", "--budget", str(budget), "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    took = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["facts"]["account-check"] == "no-answer"
    assert took <= budget, f"the command took {took:.2f} s of a {budget} s budget"
