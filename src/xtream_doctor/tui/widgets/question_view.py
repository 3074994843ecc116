"""The question to ask now: the words to say, the device's instructions, the answers.

Every answer has a key, along the number row: 1-9, then 0, - and = for the 10th
to 12th; "don't know" is ? (or d).  A question with more answers than keys still
offers them all: past the 12th they are picked with the arrows and Enter, and
the heading says so.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from xtream_doctor.kb.model import Question
from xtream_doctor.tui.widgets.hanging import hang

DONT_KNOW = "?"
ANSWER_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "minus", "equals_sign")
ANSWER_MARKS = "1234567890-="  # what each key shows, in the same order
DONT_KNOW_KEYS = "question_mark,d"
NO_KEY = "·"  # the mark of an answer past the last key

Picked = tuple[str, str | None]  # (attribute, value), value None for "don't know"


def answer_mark(index: int) -> str:
    """The key shown beside the answer at ``index`` (from 0), or a dot past the keys."""
    return ANSWER_MARKS[index] if index < len(ANSWER_MARKS) else NO_KEY


class QuestionView(VerticalScroll, can_focus=False):
    """One question at a time; answers by key, Enter or mouse."""

    class Answered(Message):
        """An answer was clicked; ``value`` is None for "don't know".  (Keys answer at
        once, through :meth:`pick` and :meth:`highlighted`, never through a message.)"""

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
        self._notice = ""
        self._heights: list[int] = []  # lines of each answer as wrapped

    def compose(self) -> ComposeResult:
        yield Static(id="q-meta")
        yield Static(id="q-better")
        yield Static(id="q-say")
        yield Static(id="q-help")
        yield OptionList(id="q-answers")

    def show(self, question: Question, device: str | None, number: int, notice: str = "") -> None:
        """``notice``: what the findings that came in meanwhile make better (kept on screen
        with the question, never swapped in for it)."""
        width = max(20, self.size.width - 2)
        again = self.question is not None and self.question.id == question.id
        same = again and width == self._width
        self.question, self._device, self._number, self._width = question, device, number, width
        self._notice = notice
        extra = len(question.answers) - len(ANSWER_MARKS)
        more = f" · answers past {ANSWER_MARKS[-1]}: ↑↓ then Enter" if extra > 0 else ""
        self.query_one("#q-meta", Static).update(
            Content.from_markup(
                "Question $n [dim]· about $cost s$more[/dim]", n=number, cost=f"{question.cost:g}", more=more
            )
        )
        better = self.query_one("#q-better", Static)
        better.update(Content.from_markup("[b]$text[/b]", text=notice) if notice else "")
        better.display = bool(notice)
        self.query_one("#q-say", Static).update(Content.from_markup("[b]Say:[/b] $text", text=question.text))
        instructions = question.instructions_for(device)
        help_text = self.query_one("#q-help", Static)
        help_text.update(Content.from_markup("[i]$text[/i]", text=instructions) if instructions else "")
        help_text.display = bool(instructions)
        if same:
            return
        answers = self.query_one("#q-answers", OptionList)
        keep = (answers.highlighted or 0) if again else 0  # a new width: the arrows stay where they were
        prompts = [hang(answer_mark(i), a.label, width) for i, a in enumerate(question.answers)]
        prompts.append(hang(DONT_KNOW, "Don't know", width, text_style="dim"))
        ids = [a.value for a in question.answers] + [DONT_KNOW]
        self._heights = [len(p.plain.split("\n")) for p in prompts]
        answers.set_options(Option(p, id=i) for p, i in zip(prompts, ids, strict=True))
        answers.highlighted = min(keep, len(ids) - 1)
        if keep == 0:
            self.scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        if self.question is not None and max(20, self.size.width - 2) != self._width:
            self.show(self.question, self._device, self._number, self._notice)

    def pick(self, number: int) -> Picked | None:
        """The answer with this number (1..n), or None if there is none."""
        if self.question is None or not 1 <= number <= len(self.question.answers):
            return None
        return self.question.id, self.question.answers[number - 1].value

    def dont_know(self) -> Picked | None:
        return None if self.question is None else (self.question.id, None)

    def highlighted(self) -> Picked | None:
        """The answer the arrows are on (for Enter)."""
        option = self.query_one("#q-answers", OptionList).highlighted_option
        if self.question is None or option is None or option.id is None:
            return None
        return self.question.id, None if option.id == DONT_KNOW else option.id

    def reveal(self) -> None:
        """Scroll so the answer the arrows are on is in view (the list does not scroll itself:
        the whole question does, so its words and its answers are one page)."""
        answers = self.query_one("#q-answers", OptionList)
        index = answers.highlighted
        if index is None or index >= len(self._heights):
            return
        top = answers.virtual_region.y + sum(self._heights[:index])
        self.scroll_to_region(
            Region(0, top, self.size.width, self._heights[index]), animate=False, immediate=True
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.question is None or event.option_id is None:
            return
        value = None if event.option_id == DONT_KNOW else event.option_id
        self.post_message(self.Answered(self.question.id, value))
