"""The progress bar (rich): one redrawn line on a terminal, a line per tenth elsewhere,
colour only on a terminal and never with NO_COLOR or CI."""

from __future__ import annotations

import io
import re
from itertools import count

import pytest

from xtream_doctor.evaluation.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_on(out: io.StringIO, total: int) -> str:
    """A run of ``total`` steps, one second apart, shown from the start; what it wrote."""
    ticks = count()
    progress = Progress(total, stream=out, delay=0, clock=lambda: float(next(ticks)))
    for _ in range(total):
        progress.advance()
    progress.close()
    return out.getvalue()


def test_a_log_gets_a_line_per_tenth_of_the_way() -> None:
    text = run_on(io.StringIO(), 100)
    lines = text.splitlines()
    assert len(lines) == 11
    assert "1/100 cases" in lines[0] and "~" in lines[0] and "s left" in lines[0]
    assert "50/100 cases" in lines[5]
    assert lines[-1].startswith("━" * 30 + " 100/100 cases") and "s elapsed" in lines[-1]
    assert "\x1b" not in text  # no colour, no cursor codes in a log


def test_a_terminal_gets_one_redrawn_line() -> None:
    text = run_on(Terminal(), 5)
    assert text.count("\r") >= 5 and text.count("\n") == 1  # one line, redrawn in place
    assert "5/5 cases" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text.rsplit("\r", 1)[-1])


@pytest.mark.parametrize("variable", ["NO_COLOR", "CI"])
def test_no_colour_on_a_terminal_when_no_color_or_ci_is_set(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(variable, "1")
    text = run_on(Terminal(), 2)
    assert "2/2 cases" in text
    assert "\x1b[3" not in text and "\x1b[9" not in text  # no colour codes


def test_a_quick_run_shows_nothing() -> None:
    out = io.StringIO()
    progress = Progress(10, stream=out, delay=60)
    for _ in range(10):
        progress.advance()
    progress.close()
    assert out.getvalue() == ""
