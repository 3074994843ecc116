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
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from xtream_doctor.records.store import CaseStore

from .conftest import RULES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout

    def keys(self, *keys: str) -> None:
        """Send keys; each step waits for what the key shows, never for a fixed time."""
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        """Poll the screen until it shows ``text``; the timeout only turns a hang into a failure."""
        return self._wait(lambda shown: text in shown, f"{text!r} never appeared", timeout)

    def wait_until_gone(self, text: str, timeout: float = 60.0) -> str:
        return self._wait(lambda shown: text not in shown, f"{text!r} never went away", timeout)

    def wait_until_closed(self, timeout: float = 60.0) -> None:
        """Until the app has exited (its tmux session ends with it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True, check=False)
            if alive.returncode != 0:
                return
            time.sleep(0.05)
        raise AssertionError(f"the app did not exit; the screen shows:\n{self.screen()}")

    def _wait(self, done: Callable[[str], bool], failure: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if done(shown):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{failure}; the screen shows:\n{self.screen()}")


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
    terminal.keys("?")
    terminal.wait_for("Question 3")
    terminal.keys("w")
    terminal.wait_for("Why this question")
    # Escape and the answer in one go, as a quick hand or tmux sends them: the dialog
    # closes and the key answers (once read as Alt+2, or a Mac option character).
    terminal.tmux("send-keys", "-t", terminal.name, "Escape", "2")
    shown = terminal.wait_for("Question 4")
    assert "Causes " in shown and "What we know " in shown
    assert "caller" in shown  # the list of what we know says where each thing came from
    terminal.keys("C-q")
    terminal.wait_until_closed()  # the case is written before the app exits
    (record,) = CaseStore(tmp_path / "cases.sqlite3").records()
    assert [q.answer for q in record.questions][:3][1] == "?"
    assert len(record.questions) == 3
