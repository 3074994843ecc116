"""The escalation summary, with the three details only the caller can read out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from xtream_doctor.tui.case import Case
from xtream_doctor.tui.widgets.steady_input import SteadyInput

FIELDS = (
    ("app_version", "App version", "e.g. 3.3.5"),
    ("mac", "MAC / device id", "read from the app's login screen"),
    ("error", "Exact error", "the words on screen"),
)


class EscalationView(Vertical):
    class Noted(Message):
        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup(
                "[b]Escalate[/b] [dim]· ctrl+y copy and save · Esc back[/dim]\n"
                "[b $accent]ctrl+d[/] close the case as escalated: to whom, why"
            ),
            id="esc-head",
        )
        for name, label, placeholder in FIELDS:
            with Horizontal(classes="esc-field"):
                yield Label(label)
                self.boxes[name] = SteadyInput(placeholder=placeholder, id=f"esc-{name}", compact=True)
                yield self.boxes[name]
        with VerticalScroll(id="esc-scroll"):
            yield Static(id="esc-text")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = False
        self.boxes: dict[str, Input] = {}  # kept: the notes are read once more as the screen closes

    def show(self, case: Case) -> None:
        """The summary of the case now.  The three boxes are filled from the case
        once; after that they are the source of the notes and are never written
        back to: a value sent on by an earlier keystroke would overwrite newer
        typing (and move the cursor) while keys are still arriving."""
        if not self.loaded:
            for name, box in self.boxes.items():
                box.value = getattr(case.details, name)
            self.loaded = True
        self.query_one("#esc-text", Static).update(Content(case.ticket()))

    def values(self) -> dict[str, str]:
        """What the boxes hold right now (not what their last message said)."""
        return {name: box.value for name, box in self.boxes.items()}

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id and event.input.id.startswith("esc-"):
            self.post_message(self.Noted(event.input.id.removeprefix("esc-"), event.value))
