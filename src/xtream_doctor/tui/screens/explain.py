"""WHY this question, WHY NOT a cause, HOW a conclusion: read-only, Esc closes.

Plain words lead; the rule ids behind the lines appear on demand (i), for
the knowledge editors who need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from xtream_doctor.engine.explain import Line


class ExplainScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="explain.close", tooltip="Back to the case"),
        Binding("i", "ids", "Rule ids", id="explain.ids", tooltip="Show or hide the rule behind each line"),
    ]

    def __init__(self, title: str, lines: Sequence[Line | str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]$t[/b]", t=self.title_text), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                for line in self.lines:
                    if isinstance(line, str):
                        yield Static(Content(line), classes="explain-line")
                    else:
                        yield Static(Content.from_markup("• $t", t=line.text), classes="explain-line")
                        if line.rule:
                            yield Static(
                                Content.from_markup("  [dim]rule $r[/dim]", r=line.rule), classes="explain-id"
                            )
            yield Static(Content.from_markup("[dim]Esc to close · i for rule ids[/dim]"), id="dialog-foot")

    def on_mount(self) -> None:
        for widget in self.query(".explain-id"):
            widget.display = False

    def action_ids(self) -> None:
        for widget in self.query(".explain-id"):
            widget.display = not widget.display

    def action_close(self) -> None:
        self.dismiss(None)
