"""The progress bar on stderr for long runs, drawn by ``rich.progress``.

On a terminal it is one line redrawn in place; elsewhere (a CI log, a pipe)
the same line is printed every tenth of the way, so logs stay short.
Nothing is shown for runs that finish within ``delay`` seconds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

import rich.progress as bars

from xtream_doctor.evaluation.console import console_for, is_terminal


class Progress:
    def __init__(
        self,
        total: int,
        label: str = "cases",
        stream: TextIO | None = None,
        enabled: bool = True,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and total > 0
        self.delay = delay
        self.clock = clock
        self.done = 0
        self.start = clock()
        self._tty = is_terminal(self.stream)
        self._last_tenth = -1
        self._shown = False
        self._bar = bars.Progress(
            bars.BarColumn(bar_width=30),
            bars.MofNCompleteColumn(),
            bars.TextColumn(label, markup=False),
            bars.TextColumn("{task.fields[rate]:,.0f}/s", markup=False),
            bars.TextColumn(
                "{task.fields[elapsed]:,.0f}s elapsed, ~{task.fields[left]:,.0f}s left", markup=False
            ),
            console=console_for(self.stream),
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._bar.add_task(label, total=self.total, rate=0.0, elapsed=0.0, left=0.0)

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        if not self.enabled:
            return
        elapsed = self.clock() - self.start
        if elapsed < self.delay and self.done < self.total and not self._shown:
            return
        self._update(elapsed)
        if self._tty:
            if not self._shown:
                self._bar.start()
                self._shown = True
            self._bar.refresh()
        else:
            tenth = self.done * 10 // self.total
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                if self._shown or self.done < self.total:
                    self._bar.console.print(self._bar.make_tasks_table(self._bar.tasks))
                    self._shown = True
        self.stream.flush()

    def _update(self, elapsed: float) -> None:
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        self._bar.update(self._task, completed=self.done, rate=rate, elapsed=elapsed, left=left)

    def close(self) -> None:
        if self.enabled and self._shown and self._tty:
            self._bar.stop()
