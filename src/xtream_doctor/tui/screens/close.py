"""Close the case: how it ended, in staff's words, before the next call.

Solved (by which step, which cause), escalated (to whom, why) or a call-back
(when, why); the notes and the staff member for every one.  Keyboard first:
the outcome row takes s / e / c or the arrows, Tab walks the fields, Enter
moves on from a box, ctrl+s closes, Esc goes back to the call.  The choices
and their defaults come from ``tui/closing.py``; this only draws and reads them.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from xtream_doctor.records.closure import OUTCOMES, Outcome
from xtream_doctor.tui.case import Case, View
from xtream_doctor.tui.closing import (
    DELETE,
    ESCALATE_TO,
    OUTCOME_WORDS,
    Closing,
    cause_choices,
    default_cause,
    default_outcome,
    default_step,
    step_choices,
)
from xtream_doctor.tui.widgets.focus import FOCUS_KEYS
from xtream_doctor.tui.widgets.steady_input import SteadyInput

CloseResult = Closing | Literal["delete"] | None


class OutcomeRow(RadioSet):
    """The three outcomes in a row: the arrows choose at once, and s / e / c pick one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"pick({n})", show=False) for n, key in enumerate(("s", "e", "c"))
    ]

    def on_mount(self) -> None:
        self._selected = max(self.pressed_index, 0)  # the cursor on the outcome preselected

    def action_next_button(self) -> None:
        super().action_next_button()  # also called once as it mounts: not a choice then
        if self.has_focus:
            self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        if self.has_focus:
            self.action_toggle_button()

    def action_pick(self, number: int) -> None:
        self._selected = number
        self.action_toggle_button()


class FieldRow(Horizontal):
    """A labelled row of the dialog, shown for these outcomes (for every one when none are named)."""

    def __init__(self, label: str, *outcomes: Outcome) -> None:
        super().__init__(Label(Content.from_markup(label)), classes="close-field")
        self.outcomes = frozenset(outcomes)


class CloseScreen(ModalScreen[CloseResult]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_KEYS,
        Binding("ctrl+s", "close_case", "Close", priority=True, id="close.save", tooltip="Close the case"),
        Binding("enter", "next_field", "Next field", show=False, priority=True, id="close.next-field"),
        Binding("escape", "back", "Back", id="close.back", tooltip="Back to the call; nothing is closed"),
    ]

    def __init__(self, case: Case, view: View) -> None:
        """``view``: what the case screen showed (it preselects the outcome)."""
        super().__init__()
        self.case = case
        self.steps = step_choices(case)
        self.outcome: Outcome = default_outcome(case, view)
        self.staff = case.closing.staff_id or ""  # the desk's configured staff id, or who closed it
        self._cause_set: str | None = default_cause(case, self.outcome)  # what was preselected
        self._cause_touched = False  # staff chose a cause: the outcome no longer changes it

    def compose(self) -> ComposeResult:
        closed = self.case.closing.closed
        with Vertical(id="dialog", classes="-close"):
            yield Static(
                Content.from_markup("[b]Close case $c[/b] [dim]· how did it end?[/dim]", c=self.case.case_id),
                id="dialog-title",
            )
            with FieldRow("Outcome [dim]s e c[/dim]"), OutcomeRow(id="close-outcome", compact=True):
                for outcome in OUTCOMES:
                    yield RadioButton(OUTCOME_WORDS[outcome], value=outcome == self.outcome, compact=True)
            with FieldRow("Solved by", "solved"):
                yield Select[str](
                    [(c.label, c.key) for c in self.steps],
                    id="close-step",
                    allow_blank=False,
                    value=default_step(self.case, self.steps),
                    compact=True,
                )
            with FieldRow("Escalated to", "escalated"):
                yield self._box("to", closed.to if closed else "", ", ".join(ESCALATE_TO) + ", or a name")
            with FieldRow("Call back", "call-back"):
                yield self._box("when", closed.when if closed else "", "when: a time, or 'this evening'")
            with FieldRow("Why", "escalated", "call-back"):
                yield self._box("why", closed.why if closed else "")
            with FieldRow("Cause"):
                yield Select[str](
                    cause_choices(self.case),
                    id="close-cause",
                    prompt="not known",
                    value=self._cause_set or Select.NULL,
                    compact=True,
                )
            with FieldRow("Notes"):
                yield self._box("notes", self.case.closing.notes, "anything worth keeping")
            with FieldRow("Staff"):
                yield self._box("staff", self.staff, 'who took the call (config: staff = "...")')
            yield Static(id="close-error")
            with Horizontal(id="close-buttons"):
                yield Button("Close the case", id="close-save", variant="primary", compact=True)
                yield Button("Delete (practice)…", id="close-delete", variant="error", compact=True)
            yield Static(
                Content.from_markup(
                    "[dim]Tab moves · [b]ctrl+s[/b] closes and saves · [b]Esc[/b] back to the call[/dim]"
                ),
                id="dialog-foot",
            )

    def _box(self, name: str, value: str, placeholder: str = "") -> SteadyInput:
        box = SteadyInput(value, placeholder=placeholder, id=f"close-{name}", compact=True)
        if name == "to":
            box.suggester = SuggestFromList(ESCALATE_TO, case_sensitive=False)
        return box

    def on_mount(self) -> None:
        self._show_outcome()
        self.query_one(OutcomeRow).focus()

    # --- the outcome and what it shows ------------------------------------------

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.outcome = OUTCOMES[event.index]
        if not self._cause_touched:
            self._set_cause(default_cause(self.case, self.outcome))
        self._show_outcome()

    def _show_outcome(self) -> None:
        for row in self.query(FieldRow):
            row.display = not row.outcomes or self.outcome in row.outcomes
        self.query_one("#close-error", Static).update("")

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "close-step":
            step = next((c for c in self.steps if c.key == event.value), None)
            if step is not None and step.cause and not self._cause_touched:
                self._set_cause(step.cause)
        elif event.select.id == "close-cause" and self._value("close-cause") != self._cause_set:
            self._cause_touched = True

    def _set_cause(self, cause: str | None) -> None:
        self._cause_set = cause
        select: Select[str] = self.query_one("#close-cause", Select)
        select.value = cause if cause in {c for _, c in cause_choices(self.case)} else Select.NULL

    def _value(self, widget_id: str) -> str | None:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else None

    # --- closing ------------------------------------------------------------------

    def closing(self) -> Closing:
        """What the fields hold now."""
        key = self._value("close-step")
        step = next((c.step for c in self.steps if c.key == key), None)

        def text(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value

        return Closing(
            self.outcome,
            step,
            self._value("close-cause"),
            to=text("close-to"),
            when=text("close-when"),
            why=text("close-why"),
            notes=text("close-notes").strip(),
            staff=text("close-staff").strip(),
        )

    def action_close_case(self) -> None:
        closing = self.closing()
        problems = closing.problems()
        if problems:
            field, message = problems[0]
            self.query_one("#close-error", Static).update(Content.from_markup("[b $error]$m[/]", m=message))
            self.query_one(f"#close-{field}").focus()
            return
        self.dismiss(closing)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "close-save":
            self.action_close_case()
        elif event.button.id == "close-delete":
            self.action_delete()

    def action_delete(self) -> None:
        from xtream_doctor.tui.screens.confirm_delete import ConfirmDeleteScreen

        def deleted(sure: bool | None) -> None:
            if sure:
                self.dismiss(DELETE)

        about = f"{self.case.details.username or '(no username)'} · this call"
        self.app.push_screen(ConfirmDeleteScreen(self.case.case_id, about), deleted)

    def action_next_field(self) -> None:
        """Enter in a box moves to the next one (elsewhere Enter does what it does)."""
        if not isinstance(self.focused, Input):
            raise SkipAction
        self.focus_next()

    def action_back(self) -> None:
        self.dismiss(None)
