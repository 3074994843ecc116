"""The rules did not load: every problem with its file:line, and the KB still in use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from xtream_doctor.kb import Problem


class KbErrorsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="kb-errors.close", tooltip="Back to the case")
    ]

    def __init__(self, problems: Sequence[Problem], version: str) -> None:
        super().__init__()
        self.problems = list(problems)
        self.version = version

    def compose(self) -> ComposeResult:
        errors = [p for p in self.problems if p.severity == "error"]
        with Vertical(id="dialog", classes="-error"):
            yield Static(
                Content.from_markup(
                    "[b $error]The rules did not load: $n problem(s).[/]\n"
                    "Still using the last good rules (version $v). Fix the files and press F5.",
                    n=len(errors) or len(self.problems),
                    v=self.version,
                ),
                id="dialog-title",
            )
            with VerticalScroll(id="dialog-body"):
                for problem in self.problems:
                    yield Static(
                        Content.from_markup(
                            "[b]$where[/b]: $msg", where=str(problem.location), msg=problem.message
                        ),
                        classes="problem",
                    )
            yield Static(Content.from_markup("[dim]Esc to close[/dim]"), id="dialog-foot")

    def action_close(self) -> None:
        self.dismiss(None)
