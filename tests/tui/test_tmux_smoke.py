"""One real run in a terminal, as a person would: tmux starts
``python -m xtream_doctor``, keys go in with send-keys, the screen comes back
with capture-pane.  Skipped cleanly where tmux is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from xtream_doctor.cases.store import CaseStore

from .conftest import RULES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time, as fingers do
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_until_closed(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True, check=False)
            if done.returncode != 0:
                return
            time.sleep(0.1)
        raise AssertionError("the app did not quit")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    name = f"xtream-doctor-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    store = tmp_path / "cases.sqlite3"
    command = f"{sys.executable} -m xtream_doctor --rules {RULES} --no-probe --case-log {store}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
        check=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def test_a_person_answers_three_questions_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    terminal.wait_for("New case")
    terminal.keys("C-s")
    first = terminal.wait_for("Question 1")
    assert "Causes 6/6" in first
    assert "Don't know" in first
    terminal.keys("1")
    terminal.wait_for("Question 2")
    terminal.keys("0")
    terminal.wait_for("Question 3")
    terminal.keys("w")
    terminal.wait_for("Why this question")
    terminal.keys("Escape", "2")
    shown = terminal.wait_for("Question 4")
    assert "Causes " in shown and "What we know " in shown
    assert "caller" in shown  # the list of what we know says where each thing came from
    terminal.keys("C-q")
    terminal.wait_until_closed()
    (record,) = CaseStore(tmp_path / "cases.sqlite3").records()
    assert [q.answer for q in record.questions][:3][1] == "?"
    assert len(record.questions) == 3
