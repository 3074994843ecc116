"""When answers disagree: the one most likely wrong, in plain words, and the key that asks it again."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.wording import doubt_words


class DoubtLine(Static):
    """Shown only while the state names an answer (or a failed fix) most likely wrong."""

    def show(self, kb: KnowledgeBase, state: State, available: bool) -> None:
        doubt = state.doubt if available else None
        self.display = doubt is not None
        if doubt is None:
            return
        key = "try it again" if doubt.fix is not None else "ask it again"
        self.update(
            Content.from_markup(
                "[b $warning]Answers disagree:[/] $words [b]r[/b] $key",
                words=doubt_words(kb, doubt),
                key=key,
            )
        )
