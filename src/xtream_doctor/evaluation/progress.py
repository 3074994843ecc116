"""A plain-text progress bar on stderr for long runs.

On a terminal it redraws one line; elsewhere (a CI log, a pipe) it prints a
line every tenth of the way, so logs stay short.  Nothing is shown for runs
that finish within ``delay`` seconds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


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
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1
        self._shown = False

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        if not self.enabled:
            return
        elapsed = self.clock() - self.start
        if elapsed < self.delay and self.done < self.total and not self._shown:
            return
        if self._tty:
            self.stream.write("\r" + self.line(elapsed))
            self._shown = True
        else:
            tenth = self.done * 10 // self.total
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                if self._shown or self.done < self.total:
                    self.stream.write(self.line(elapsed) + "\n")
                    self._shown = True
        self.stream.flush()

    def line(self, elapsed: float) -> str:
        width = 30
        filled = width * self.done // self.total if self.total else width
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.label}"
            f"  {rate:,.0f}/s  {elapsed:,.0f}s elapsed, ~{left:,.0f}s left "
        )

    def close(self) -> None:
        if self.enabled and self._shown and self._tty:
            self.stream.write("\n")
            self.stream.flush()
