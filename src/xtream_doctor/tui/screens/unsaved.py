"""Quitting with cases that could not be saved: say so, offer to try again."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class UnsavedScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r,enter", "retry", "Try again", id="unsaved.retry", tooltip="Save the cases again, then quit"
        ),
        Binding(
            "q,ctrl+q",
            "quit_anyway",
            "Quit anyway",
            id="unsaved.quit",
            tooltip="Quit; the changes not saved are lost",
        ),
        Binding("escape", "back", "Back", id="unsaved.back", tooltip="Back to the app, nothing lost yet"),
    ]

    def __init__(self, unsaved: Mapping[str, str], retry: Callable[[], Mapping[str, str]]) -> None:
        """``retry`` saves the cases again and returns those that still fail, and why."""
        super().__init__()
        self.unsaved = dict(unsaved)
        self._retry = retry

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-error"):
            yield Static(id="dialog-title")
            yield Static(id="unsaved-list")
            yield Static(
                Content.from_markup(
                    "[b $accent]r[/] try again · [b $accent]q[/] quit anyway (the changes are lost) · "
                    "[b $accent]Esc[/] back"
                ),
                id="dialog-foot",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        n = len(self.unsaved)
        self.query_one("#dialog-title", Static).update(
            Content.from_markup(
                "[b $error]$what not saved.[/] The last changes exist only on this screen.",
                what="A case is" if n == 1 else f"{n} cases are",
            )
        )
        lines = [Content.from_markup("• $id: $error", id=c, error=e) for c, e in self.unsaved.items()]
        self.query_one("#unsaved-list", Static).update(Content("\n").join(lines))

    def action_retry(self) -> None:
        self.unsaved = dict(self._retry())
        if not self.unsaved:
            self.app.exit()
            return
        self._show()
        self.notify("Still not saved; see why above.", severity="error", timeout=4)

    def action_quit_anyway(self) -> None:
        self.app.exit()

    def action_back(self) -> None:
        self.dismiss(None)
