"""``xtream-doctor`` with no command opens the app, with its options."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xtream_doctor.cli import main
from xtream_doctor.tui.app import XtreamDoctorApp

from .conftest import RULES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[XtreamDoctorApp]:
    apps: list[XtreamDoctorApp] = []

    def run(self: XtreamDoctorApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(XtreamDoctorApp, "run", run)
    monkeypatch.setattr("xtream_doctor.cli.tui.missing_terminal", lambda: None)  # pytest holds stdin
    return apps


def test_no_command_opens_the_app_on_the_given_rules_with_the_probe(
    opened: list[XtreamDoctorApp], tmp_path: Path
) -> None:
    log = tmp_path / "cases.sqlite3"
    assert main(["--rules", str(RULES), "--case-log", str(log), "--resume", "CASE-1"]) == 0
    (app,) = opened
    assert app.rules_dir == RULES
    assert app.casefile.path == log
    assert app.resume_id == "CASE-1"
    assert app.probe is not None and app.lint is not None
    assert len(app.kb.causes) == 6


def test_no_probe_keeps_lint_but_skips_the_network(opened: list[XtreamDoctorApp], tmp_path: Path) -> None:
    assert main(["--rules", str(RULES), "tui", "--no-probe", "--case-log", str(tmp_path / "c.jsonl")]) == 0
    (app,) = opened
    assert app.probe is None and app.lint is not None


def test_the_case_log_defaults_to_the_environment_variable(
    opened: list[XtreamDoctorApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XTREAM_DOCTOR_CASES", str(tmp_path / "from-env.sqlite3"))
    assert main(["--rules", str(RULES)]) == 0
    assert opened[0].casefile.path == tmp_path / "from-env.sqlite3"


def test_broken_rules_at_start_are_printed_and_the_app_does_not_open(
    opened: list[XtreamDoctorApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "causes").mkdir()
    (tmp_path / "causes" / "x.yaml").write_text("id: x\n")
    assert main(["--rules", str(tmp_path)]) == 2
    assert not opened
    assert "x.yaml" in capsys.readouterr().err


def without_a_terminal(tmp_path: Path, **streams: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    command = [sys.executable, "-m", "xtream_doctor", "--rules", str(RULES), "--no-probe"]
    command += ["--case-log", str(tmp_path / "cases.jsonl")]
    return subprocess.run(command, capture_output="stdout" not in streams, env=env, timeout=60, **streams)


def test_without_a_terminal_on_stdin_the_app_says_so_and_exits_at_once(tmp_path: Path) -> None:
    done = without_a_terminal(tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert b"needs a terminal" in done.stderr and b"stdin" in done.stderr
    assert b"\x1b[" not in done.stdout  # no escape codes written to a pipe
    assert not list(tmp_path.iterdir())  # no store made either


def test_without_a_terminal_on_stdout_the_app_says_so_and_exits_at_once(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        done = without_a_terminal(tmp_path, stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode != 0
    assert b"needs a terminal, and stdout is not one" in done.stderr
    assert b"\x1b[" not in done.stdout
