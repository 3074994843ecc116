"""The progress bar: one redrawn line on a terminal, a line per tenth elsewhere."""

from __future__ import annotations

import io
from itertools import count

from xtream_doctor.evaluation.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_per_tenth_of_the_way() -> None:
    out = io.StringIO()
    ticks = count()
    progress = Progress(100, stream=out, delay=0, clock=lambda: float(next(ticks)))
    for _ in range(100):
        progress.advance()
    progress.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[-1].startswith("[##############################] 100/100 cases")


def test_a_terminal_gets_one_redrawn_line() -> None:
    out = Terminal()
    ticks = count()
    progress = Progress(5, stream=out, delay=0, clock=lambda: float(next(ticks)))
    for _ in range(5):
        progress.advance()
    progress.close()
    assert out.getvalue().count("\r") == 5 and out.getvalue().endswith("\n")
    assert "5/5 cases" in out.getvalue()


def test_a_quick_run_shows_nothing() -> None:
    out = io.StringIO()
    progress = Progress(10, stream=out, delay=60)
    for _ in range(10):
        progress.advance()
    progress.close()
    assert out.getvalue() == ""
