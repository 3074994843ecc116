"""The caller says it before being asked: any question's answer, found by its words.

Enter, Esc and the arrows are bound with priority (``tui/keys.py``): each first
lets the words typed before it land in the box, so "max connections" and Enter,
typed at once, note the match for those words, not the list as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.keys import refuse, settle
from xtream_doctor.tui.volunteered import Match, answers_matching
from xtream_doctor.tui.widgets.steady_input import SteadyInput
from xtream_doctor.tui.wording import short_question

SHOWN = 40  # enough to scroll through; the words typed narrow it down


class VolunteerScreen(ModalScreen[Match | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="volunteer.cancel", tooltip="Back, nothing noted", priority=True
        ),
        Binding("enter", "note", "Note it", show=False, priority=True),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
        Binding("pagedown", "move(8)", "Page down", show=False, priority=True),
        Binding("pageup", "move(-8)", "Page up", show=False, priority=True),
    ]

    def __init__(self, kb: KnowledgeBase, known: Mapping[str, str], query: str = "") -> None:
        super().__init__()
        self.kb = kb
        self.known = dict(known)  # attribute -> value already known, marked "now"
        self.query_text = query
        self.matches: list[Match] = []
        self.shown_for: str | None = None  # the words the list was made for

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.from_markup(
                    "[b]The caller says…[/b] [dim]type their words · ↑↓ · Enter notes it · Esc[/dim]"
                ),
                id="dialog-title",
            )
            yield SteadyInput(
                self.query_text,
                placeholder="e.g. max connections · two TVs · VPN",
                id="volunteer-filter",
                compact=True,
            )
            yield OptionList(id="volunteer-answers")

    def on_mount(self) -> None:
        self.query_one("#volunteer-answers", OptionList).can_focus = False  # typing stays in the box
        self.set_focus(self.query_one("#volunteer-filter", Input))  # at once: the words follow the a
        self.show(self.query_text)

    def show(self, query: str) -> None:
        if query == self.shown_for:
            return  # keep the highlight where the arrows put it
        self.shown_for = query
        self.matches = answers_matching(self.kb, query)[:SHOWN]
        options = []
        for m in self.matches:
            now = "  ← now" if self.known.get(m.attribute) == m.value else ""
            options.append(
                Option(
                    Content.from_markup(
                        "[b]$label[/b][dim]$now[/dim]\n  [dim]$question[/dim]",
                        label=m.label,
                        now=now,
                        question=short_question(m.question),
                    ),
                    id=f"{m.attribute}\t{m.value}",
                )
            )
        answers = self.query_one("#volunteer-answers", OptionList)
        answers.set_options(options)
        answers.highlighted = 0 if options else None
        self.query_one("#dialog-title", Static).set_class(not options, "-empty")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show(event.input.value)  # the words as they are now: a late message must not undo the arrows

    async def _typed(self) -> None:
        """The list for the words in the box now, once the keys typed before have landed."""
        await settle(self.app)
        self.show(self.query_one("#volunteer-filter", Input).value)

    async def action_note(self) -> None:
        await self._typed()
        self._choose(self.query_one("#volunteer-answers", OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.matches):
            refuse(self, "Nothing matches these words: change them, or Esc.")
            return
        self.dismiss(self.matches[index])

    async def action_move(self, step: int) -> None:
        await self._typed()
        answers = self.query_one("#volunteer-answers", OptionList)
        if answers.option_count:
            current = answers.highlighted or 0
            answers.highlighted = max(0, min(answers.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
