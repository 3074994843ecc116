"""One line that shows the server test working in the background, then its outcome."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Label, ProgressBar


class ProbeBar(Horizontal):
    """Elapsed time against the probe's budget while it runs."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._started = 0.0
        self._budget = 0.0
        self._timer: Timer | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        yield Label("", id="probe-label")
        yield ProgressBar(show_eta=False, show_percentage=False, id="probe-progress")

    def on_mount(self) -> None:
        self.display = False

    def start(self, budget: float, what: str) -> None:
        self.display = True
        self.running = True
        self._started = time.monotonic()
        self._budget = budget
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=budget, progress=0)
        self.query_one("#probe-label", Label).update(f"Testing {what}…")
        self.remove_class("-done", "-failed")
        if self._timer is None:
            self._timer = self.set_interval(0.2, self._tick)
        else:
            self._timer.resume()

    def _tick(self) -> None:
        if self.running:
            elapsed = min(time.monotonic() - self._started, self._budget)
            self.query_one(ProgressBar).update(progress=elapsed)

    def finish(self, text: str, failed: bool = False) -> None:
        self.running = False
        if self._timer is not None:
            self._timer.pause()
        self.display = True
        self.query_one(ProgressBar).display = False  # the words need the whole line now
        self.query_one("#probe-label", Label).update(text)
        self.add_class("-failed" if failed else "-done")
