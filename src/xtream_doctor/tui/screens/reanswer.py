"""Change an earlier answer: the question again, with its answers and the current one marked.

The same keys as the question itself (the number row, ? or d for don't know),
bound with priority like every key of a call (``tui/keys.py``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from xtream_doctor.kb.model import Question
from xtream_doctor.tui.keys import refuse
from xtream_doctor.tui.widgets.question_view import ANSWER_KEYS, DONT_KNOW_KEYS, answer_mark

DONT_KNOW = "?"
FORGET = "!forget"
Result = tuple[str, str] | None  # ("answer", value) | ("dont-know", "") | ("forget", "")


class ReanswerScreen(ModalScreen[Result]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="reanswer.cancel",
            tooltip="Keep the answer as it is",
            priority=True,
        ),
        *[
            Binding(key, f"pick({n})", "Answer", show=n == 1, key_display="1-=", priority=True)
            for n, key in enumerate(ANSWER_KEYS, 1)
        ],
        Binding(
            DONT_KNOW_KEYS, "pick(0)", "Don't know", id="reanswer.dont-know", key_display="?", priority=True
        ),
        *[Binding(key, f"move('{key}')", key, show=False, priority=True) for key in ("up", "down", "enter")],
    ]

    def __init__(self, question: Question, current: str | None, device: str | None) -> None:
        super().__init__()
        self.question = question
        self.current = current
        self.device = device

    def compose(self) -> ComposeResult:
        q = self.question
        now = q.label(self.current) if self.current else "not answered"
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]Re-check:[/b] $t", t=q.text), id="dialog-title")
            yield Static(Content.from_markup("[dim]Now:[/dim] $now", now=now), id="reanswer-now")
            help_text = q.instructions_for(self.device)
            if help_text:
                yield Static(Content.from_markup("[i]$t[/i]", t=help_text), id="reanswer-help")
            options = [
                Option(
                    Content.from_markup(
                        "[b]$n[/b]  $label$mark",
                        n=answer_mark(i),
                        label=a.label,
                        mark="  ← now" if a.value == self.current else "",
                    ),
                    id=a.value,
                )
                for i, a in enumerate(q.answers)
            ]
            options.append(Option(Content.from_markup("[b]?[/b]  [dim]Don't know[/dim]"), id=DONT_KNOW))
            options.append(Option(Content.from_markup("[dim]Forget it: ask again later[/dim]"), id=FORGET))
            yield OptionList(*options, id="reanswer-answers")
            yield Static(
                Content.from_markup("[dim]Its key or Enter to answer · ? don't know · Esc to cancel[/dim]"),
                id="dialog-foot",
            )

    def on_mount(self) -> None:
        answers = self.query_one(OptionList)
        values = [a.value for a in self.question.answers]
        answers.highlighted = values.index(self.current) if self.current in values else 0
        self.set_focus(answers)  # at once, before the next key

    def _result(self, option_id: str) -> Result:
        if option_id == DONT_KNOW:
            return ("dont-know", "")
        if option_id == FORGET:
            return ("forget", "")
        return ("answer", option_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.dismiss(self._result(event.option_id))

    def action_pick(self, number: int) -> None:
        if number == 0:
            self.dismiss(("dont-know", ""))
        elif 1 <= number <= len(self.question.answers):
            self.dismiss(("answer", self.question.answers[number - 1].value))
        else:
            refuse(
                self, f"No answer {answer_mark(number - 1)}: this question has {len(self.question.answers)}."
            )

    def action_move(self, key: str) -> None:
        answers = self.query_one(OptionList)
        if key == "up":
            answers.action_cursor_up()
        elif key == "down":
            answers.action_cursor_down()
        elif answers.highlighted_option is not None and answers.highlighted_option.id:
            self.dismiss(self._result(answers.highlighted_option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
