"""When no cause fits every answer: the answers in conflict, to re-check one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.wording import said_by


class ConflictView(Vertical):
    class Recheck(Message):
        def __init__(self, attribute: str) -> None:
            super().__init__()
            self.attribute = attribute

    def compose(self) -> ComposeResult:
        yield Static(
            Content.from_markup(
                "[b $error]No cause fits all these answers.[/]\n"
                "One of them is probably wrong. Re-check one with the caller "
                "(Enter re-asks it), undo with [b]u[/b], or escalate with [b]e[/b]."
            ),
            id="conflict-head",
        )
        yield OptionList(id="conflict-facts")

    def show(self, kb: KnowledgeBase, state: State) -> None:
        options = []
        for fact in state.conflict:
            spec = kb.attributes.get(fact.attribute)
            label = spec.label(fact.value) if spec else fact.value
            question = kb.questions.get(fact.attribute)
            asked = question.text if question else fact.attribute
            options.append(
                Option(
                    Content.from_markup(
                        "[b]$label[/b] [dim]($source)[/dim]\n  [dim]$asked[/dim]",
                        label=label,
                        source=said_by(kb, fact)[1],
                        asked=asked,
                    ),
                    id=fact.attribute,
                )
            )
        facts = self.query_one("#conflict-facts", OptionList)
        facts.set_options(options)
        facts.highlighted = 0 if options else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(self.Recheck(event.option_id))
