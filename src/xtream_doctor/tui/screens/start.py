"""Start a case: what the caller has (all optional), or resume a saved one.

Its keys are bound with priority (``tui/keys.py``), so the caller's details,
Tab, Enter, the device and app lists, ctrl+s and the first answers can all be
typed at once, by a fast typist or a password manager, and each lands where it
was meant to.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from xtream_doctor.probe.copy import COPIES, COPY_LABELS, DetailsCopy
from xtream_doctor.tui.casefile import CaseDetails
from xtream_doctor.tui.closing import outcome_words
from xtream_doctor.tui.host import CaseDesk
from xtream_doctor.tui.keys import LIST_MOVES, settle
from xtream_doctor.tui.screens.confirm_delete import ConfirmDeleteScreen
from xtream_doctor.tui.widgets.focus import FOCUS_KEYS
from xtream_doctor.tui.widgets.steady_input import SteadyInput
from xtream_doctor.tui.widgets.steady_select import SteadySelect
from xtream_doctor.tui.wording import value_label, when


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_KEYS,
        Binding(
            "enter",
            "next_field",
            "Next field",
            show=False,
            priority=True,  # like Tab: before the next key is handed on
            id="start.next-field",
        ),
        Binding(
            "ctrl+s",
            "start",
            "Start case",
            id="start.start",
            tooltip="Start the case with what is typed",
            priority=True,
        ),
        Binding(
            "ctrl+o",
            "saved",
            "Saved cases",
            id="start.saved",
            tooltip="Jump to the saved cases to resume one",
            priority=True,
        ),
        *[Binding(key, f"move('{key}')", key, show=False, priority=True) for key in LIST_MOVES],
        Binding(
            "delete",
            "delete_saved",
            "Delete case",
            key_display="Del",
            id="start.delete",
            tooltip="Delete the saved case for good (asks first): for practice cases",
        ),
    ]

    def __init__(self, desk: CaseDesk) -> None:
        super().__init__()
        self.desk = desk  # the saved cases and the rules in use (the app)
        self._in_a_case = False  # a case was opened from here: coming back starts the next call

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start-form"):
            yield Static(
                Content.from_markup(
                    "[b]New case[/b] [dim]· everything is optional · Tab moves · ctrl+s starts[/dim]"
                ),
                id="start-title",
            )
            with Horizontal(classes="field"):
                yield Label("Server or M3U link")
                yield SteadyInput(
                    placeholder="http://host:8080, or paste the playlist link", id="server", compact=True
                )
            with Horizontal(classes="field"):
                yield Label("Username")
                yield SteadyInput(id="username", compact=True)
            with Horizontal(classes="field"):
                yield Label("Password")
                yield SteadyInput(
                    id="password", password=True, compact=True, placeholder="used for the probe only"
                )
            with Horizontal(classes="field"):
                yield Label("Device")
                yield SteadySelect(self._choices("device"), id="device", compact=True, prompt="ask later")
            with Horizontal(classes="field"):
                yield Label("App")
                yield SteadySelect(self._choices("app"), id="app", compact=True, prompt="ask later")
            with Horizontal(classes="field"):
                yield Label("Details are")  # last: read out is the usual answer, and Tab order stays
                yield SteadySelect(
                    [(COPY_LABELS[c], c) for c in COPIES],
                    id="copy",
                    compact=True,
                    allow_blank=False,
                    value="read-out",
                )
            with Horizontal(id="start-buttons"):
                yield Button("Start case", id="start", variant="primary", compact=True)
        yield Static(
            Content.from_markup("[b]Saved cases[/b] [dim]· latest first · Enter resumes · Del deletes[/dim]"),
            id="saved-title",
        )
        yield OptionList(id="saved")
        yield Footer(show_command_palette=False)

    def _choices(self, attribute: str) -> list[tuple[str, str]]:
        question = self.desk.kb.questions.get(attribute)
        return [(a.label, a.value) for a in question.answers] if question else []

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#server", Input))
        self.refresh_saved()

    def on_screen_resume(self) -> None:
        """Back from a case, the next call starts in the server box, whatever had the focus
        (the saved list could keep it, and the next caller's details went nowhere); back from
        a dialog, the focus stays where it was."""
        self.refresh_saved()
        if self._in_a_case:
            self._in_a_case = False
            self.set_focus(self.query_one("#server", Input), scroll_visible=False)

    def refresh_choices(self) -> None:
        """After a reload: the device and app lists may have changed."""
        for attribute in ("device", "app"):
            select = cast("Select[str]", self.query_one(f"#{attribute}", Select))
            select.set_options(self._choices(attribute))

    def refresh_saved(self) -> None:
        saved = self.query_one("#saved", OptionList)
        options = []
        kb = self.desk.kb
        now = self.desk.clock()
        for case in self.desk.casefile.recent(30):
            device = value_label(kb, "device", case.device) if case.device else "device not known"
            options.append(
                Option(
                    Content.from_markup(
                        "[b]$when[/b]  $user  [dim]$device[/dim]\n  $outcome",
                        when=when(case.when, now),
                        user=case.username or "(no username)",
                        device=device,
                        outcome=outcome_words(kb, case),
                    ),
                    id=case.case_id,
                )
            )
        saved.set_options(options)
        saved.highlighted = 0 if options else None
        saved.display = bool(options)
        self.query_one("#saved-title").display = bool(options)

    async def action_next_field(self) -> None:
        """Enter in a box moves to the next one; on the start button it starts, on a saved
        case it resumes it (in a device or app list, the list's own Enter)."""
        focused = self.focused
        if isinstance(focused, Input):
            self.focus_next()
        elif isinstance(focused, Button) and focused.id == "start":
            await self.action_start()
        elif isinstance(focused, OptionList) and focused.id == "saved" and focused.highlighted_option:
            await self.resume(focused.highlighted_option.id)
        else:
            raise SkipAction

    def action_move(self, key: str) -> None:
        """The arrows on the saved cases, at once (the device and app lists have their own)."""
        focused = self.focused
        if not (isinstance(focused, OptionList) and focused.id == "saved"):
            raise SkipAction
        getattr(focused, f"action_{LIST_MOVES[key]}")()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            await self.action_start()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.resume(event.option_id)

    async def resume(self, case_id: str | None) -> None:
        if case_id:
            self._in_a_case = True
            self.desk.resume_case(case_id)
            await settle(self.app)  # the case is on screen before the next key

    def action_saved(self) -> None:
        saved = self.query_one("#saved", OptionList)
        if saved.option_count:
            self.set_focus(saved)
        else:
            self.notify("No saved cases yet.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_saved":  # only over the saved cases (Del edits the boxes)
            saved = self.query_one("#saved", OptionList)
            return self.focused is saved and saved.highlighted is not None
        return True

    def action_delete_saved(self) -> None:
        """Delete the highlighted saved case, once staff say yes."""
        saved = self.query_one("#saved", OptionList)
        if saved.highlighted is None:
            return
        case_id = saved.get_option_at_index(saved.highlighted).id
        if case_id is None:
            return
        summary = next((c for c in self.desk.casefile.recent(30) if c.case_id == case_id), None)
        about = ""
        if summary is not None:
            about = f"{summary.username or '(no username)'} · {when(summary.when, self.desk.clock())} · "
            about += outcome_words(self.desk.kb, summary)

        def answered(sure: bool | None) -> None:
            if not sure:
                return
            reason = self.desk.delete_case(case_id)
            if reason is None:
                self.notify(f"Case {case_id} deleted.", timeout=4)
            else:
                self.notify(f"Could not delete case {case_id}: {reason}.", severity="error", timeout=8)
            self.refresh_saved()
            if saved.option_count:
                saved.focus()

        self.app.push_screen(ConfirmDeleteScreen(case_id, about), answered)

    def _value(self, widget_id: str) -> str | None:
        value: Any = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else None

    async def action_start(self) -> None:
        """Start the case with what the boxes hold once the keys typed before ctrl+s have
        landed; the case screen is up, with its focus, before the next key is read."""
        await settle(self.app)
        server = self.query_one("#server", Input).value.strip("\r\n")
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        device, app = self._value("device"), self._value("app")
        copy: DetailsCopy = next((c for c in COPIES if c == self._value("copy")), "read-out")
        self.clear()
        await self.desk.rules_ready()
        self._in_a_case = True
        self.desk.open_case(CaseDetails(server=server, username=username), password, device, app, copy)
        await settle(self.app)

    def clear(self) -> None:
        """Nothing of the last caller stays on screen, the password least of all."""
        for widget_id in ("server", "username", "password"):
            self.query_one(f"#{widget_id}", Input).value = ""
        for widget_id in ("device", "app"):
            self.query_one(f"#{widget_id}", Select).clear()
        self.query_one("#copy", Select).value = "read-out"  # each caller's details are read out, unless said
        self.set_focus(self.query_one("#server", Input))
