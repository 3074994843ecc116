"""The question to ask now: the words to say, the device's instructions, the answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from xtream_doctor.kb.model import Question
from xtream_doctor.tui.widgets.hanging import hang

DONT_KNOW = "?"


class QuestionView(VerticalScroll, can_focus=False):
    """One question at a time; answers by number, Enter or mouse."""

    class Answered(Message):
        """Staff picked an answer; ``value`` is None for "don't know"."""

        def __init__(self, attribute: str, value: str | None) -> None:
            super().__init__()
            self.attribute = attribute
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        self._device: str | None = None
        self._number = 0
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Static(id="q-meta")
        yield Static(id="q-say")
        yield Static(id="q-help")
        yield OptionList(id="q-answers")

    def show(self, question: Question, device: str | None, number: int) -> None:
        width = max(20, self.size.width - 2)
        same = self.question is not None and self.question.id == question.id and width == self._width
        self.question, self._device, self._number, self._width = question, device, number, width
        self.query_one("#q-meta", Static).update(
            Content.from_markup("Question $n [dim]· about $cost s[/dim]", n=number, cost=f"{question.cost:g}")
        )
        self.query_one("#q-say", Static).update(Content.from_markup("[b]Say:[/b] $text", text=question.text))
        instructions = question.instructions_for(device)
        help_text = self.query_one("#q-help", Static)
        help_text.update(Content.from_markup("[i]$text[/i]", text=instructions) if instructions else "")
        help_text.display = bool(instructions)
        if same:
            return
        answers = self.query_one("#q-answers", OptionList)
        options = [
            Option(hang(str(i), a.label, width), id=a.value) for i, a in enumerate(question.answers, 1)
        ]
        options.append(Option(hang("0", "Don't know", width, text_style="dim"), id=DONT_KNOW))
        answers.set_options(options)
        answers.highlighted = 0
        self.scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        if self.question is not None and max(20, self.size.width - 2) != self._width:
            self.show(self.question, self._device, self._number)

    def pick(self, number: int) -> bool:
        """Answer by number (1..n, 0 for don't know); False if there is no such answer."""
        if self.question is None:
            return False
        if number == 0:
            self.post_message(self.Answered(self.question.id, None))
            return True
        if 1 <= number <= len(self.question.answers):
            self.post_message(self.Answered(self.question.id, self.question.answers[number - 1].value))
            return True
        return False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.question is None or event.option_id is None:
            return
        value = None if event.option_id == DONT_KNOW else event.option_id
        self.post_message(self.Answered(self.question.id, value))
