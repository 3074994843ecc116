"""Delete a case for good?  Asked before a practice case leaves the store."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from xtream_doctor.tui.widgets.focus import FOCUS_KEYS


class ConfirmDeleteScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_KEYS,
        Binding("y", "answer(True)", "Delete", id="delete.yes", tooltip="Delete the case for good"),
        Binding("n,escape", "answer(False)", "Keep", id="delete.no", tooltip="Keep the case"),
    ]

    def __init__(self, case_id: str, about: str = "") -> None:
        """``about``: a line that tells the case apart (who, when, how it ended)."""
        super().__init__()
        self.case_id = case_id
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-error"):
            yield Static(
                Content.from_markup("[b $error]Delete case $id?[/]", id=self.case_id), id="dialog-title"
            )
            if self.about:
                yield Static(Content(self.about), id="confirm-about")
            yield Static(
                "It is removed from the case store, with its ticket file if it has one. "
                "This cannot be undone: for practice cases."
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Keep it", id="keep", compact=True)
                yield Button("Delete", id="delete", variant="error", compact=True)
            yield Static(
                Content.from_markup("[b $accent]y[/] delete · [b $accent]n[/] or [b $accent]Esc[/] keep"),
                id="dialog-foot",
            )

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()  # Enter at once keeps it

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "delete")

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
