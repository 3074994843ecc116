"""WHY this question, WHY NOT a cause, HOW a conclusion: read-only, Esc closes.

Plain words lead; the rule ids behind the lines appear on demand (i), for
the knowledge editors who need them, each under its own line.  The body
scrolls by keyboard (``reading.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from xtream_doctor.engine.explain import Line
from xtream_doctor.tui.screens.reading import ReadingScreen


class ExplainScreen(ReadingScreen):
    FOOT = "Esc to close · i for rule ids"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,q", "close", "Close", id="explain.close", tooltip="Back to the case", priority=True
        ),
        Binding(
            "i",
            "ids",
            "Rule ids",
            id="explain.ids",
            tooltip="Show or hide the rule behind each line",
            priority=True,
        ),
    ]

    def __init__(self, title: str, lines: Sequence[Line | str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.ids = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]$t[/b]", t=self.title_text), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                for line in self.lines:
                    yield Static(self._text(line), classes="explain-line")
            yield Static(Content.from_markup("[dim]$foot[/dim]", foot=self.FOOT), id="dialog-foot")

    def _text(self, line: Line | str) -> Content:
        if isinstance(line, str):
            return Content(line)
        text = Content.from_markup("• $t", t=line.text)
        if self.ids and line.rule:
            text += Content.from_markup("\n  [dim]rule $r[/dim]", r=line.rule)
        return text

    def action_ids(self) -> None:
        self.ids = not self.ids
        for widget, line in zip(self.query(".explain-line").results(Static), self.lines, strict=True):
            widget.update(self._text(line))
        self.call_after_refresh(self.show_foot)

    def action_close(self) -> None:
        self.dismiss(None)
