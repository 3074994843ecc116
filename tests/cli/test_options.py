"""Options belong to the commands that use them and work after them, as in git,
ruff and pip; an option a command does not use is an error, never ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtream_doctor import __version__
from xtream_doctor.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse's own exits: --help, --version, usage errors
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["kb", "validate", "--rules", "{rules}"], "ok: 2 causes"),
        (["--rules", "{rules}", "kb", "validate"], "ok: 2 causes"),
        (["kb", "test", "--rules", "{rules}"], "2 passed"),
        (["kb", "test", "bulb", "--rules", "{rules}"], "1 passed"),
        (["kb", "lint", "--rules", "{rules}"], "in 2 causes"),
        (["diagnose", "--rules", "{rules}", "--json"], '"light"'),
        (["diagnose", "--json", "--rules", "{rules}"], '"light"'),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_rules_work_after_the_command_that_reads_them(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run(capsys, *(a.format(rules=tiny_rules) for a in argv))
    assert code == 0, err
    assert says in out + err


def test_kb_test_takes_the_folder_after_rules_not_as_an_id(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "kb", "test", "--rules", str(tiny_rules))
    assert code == 0, err
    assert out.strip().endswith("2 passed, 0 failed, 0 todo")


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["diagnose", "--version"], ["kb", "validate", "--version"], ["probe", "--version"]],
    ids=" ".join,
)
def test_version_works_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert (code, out.strip()) == (0, f"xtream-doctor {__version__}")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["--probe-budget", "3", "probe", "http://h:1", "-u", "u", "--offline"],
            "--probe-budget is not an option of 'xtream-doctor probe' (it is an option of the app",
        ),
        (["--resume", "foo", "kb", "validate"], "--resume is not an option of 'xtream-doctor kb validate'"),
        (["--rules", "{rules}", "demo-server"], "--rules is not an option of 'xtream-doctor demo-server'"),
        (["--no-probe", "diagnose", "--json"], "--no-probe is not an option of 'xtream-doctor diagnose'"),
        (["kb", "schema", "--rules", "{rules}"], "xtream-doctor kb schema: error: "),
        (["probe", "http://h:1", "-u", "u", "--rules", "{rules}"], "unrecognized arguments: --rules"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_an_option_a_command_does_not_use_is_an_error(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run(capsys, *(a.format(rules=tiny_rules) for a in argv))
    assert code == 2
    assert says in err
    assert out == "" and "Traceback" not in err


def test_a_misspelt_option_before_the_command_suggests_the_commands_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, err = run(capsys, "--probe-budget", "3", "probe", "http://h:1", "-u", "u", "--offline")
    assert "did you mean '--budget' (after the command)?" in err


def test_the_same_option_before_and_after_with_two_values_is_an_error(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--rules", "/elsewhere", "kb", "validate", "--rules", str(tiny_rules))
    assert code == 2 and "--rules is given twice" in err


def test_the_apps_options_work_before_its_command_too(
    tiny_rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xtream_doctor.tui.app import XtreamDoctorApp

    opened: list[XtreamDoctorApp] = []
    monkeypatch.setattr(XtreamDoctorApp, "run", lambda self, *a, **k: opened.append(self))
    monkeypatch.setattr("xtream_doctor.cli.tui.missing_terminal", lambda: None)  # as in a terminal
    log = str(tmp_path / "cases.jsonl")
    assert main(["--resume", "C-1", "--no-probe", "tui", "--rules", str(tiny_rules), "--case-log", log]) == 0
    (app,) = opened
    assert (app.resume_id, app.probe, app.rules_dir) == ("C-1", None, tiny_rules)
