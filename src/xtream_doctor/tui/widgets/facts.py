"""What we know so far, with where each came from: the caller, our own check (a
staff test), the server test, the checks on the typed details, or the rules.
Select one to change it."""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.widgets.hanging import wrap
from xtream_doctor.tui.wording import fact_words, said_by

ORDER = {"answer": 0, "desk": 1, "probe": 2, "lint": 3, "derived": 4}
TAG = 7  # "caller " / "staff  " / "desk   " / "server " / "typed  " / "rule   "


class FactList(OptionList):
    """Enter (or a click) on an answer re-asks it; on other facts, tells where they came from."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[KnowledgeBase, State] | None = None

    def show(self, kb: KnowledgeBase, state: State) -> None:
        self._shown = (kb, state)
        width = (self.size.width or 32) - 3  # room for a scrollbar
        keep = self.highlighted_option.id if self.highlighted_option else None
        facts = sorted(state.facts.values(), key=lambda f: ORDER.get(f.source, 9))
        options = []
        for f in facts:
            text = fact_words(kb, f.attribute, f.value)
            lines = wrap(text, width - TAG)
            options.append(
                Option(
                    Content.from_markup(
                        "[$accent]$tag[/]$text",
                        tag=f"{said_by(kb, f)[0]:<{TAG}}",
                        text=("\n" + " " * TAG).join(lines),
                    ),
                    id=f.attribute,
                )
            )
        self.set_options(options)
        if keep is not None and keep in state.facts:
            self.highlighted = self.get_option_index(keep)
        self.border_title = f"What we know {len(facts)}"

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None:
            self.show(*self._shown)
