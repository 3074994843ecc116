"""The facts gathered so far, with where each came from; select one to change it."""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from xtream_doctor.engine.session import State
from xtream_doctor.tui.widgets.fit import fit

TAGS = {"answer": "ans", "probe": "probe", "lint": "lint", "derived": "rule"}
ORDER = {"answer": 0, "probe": 1, "lint": 2, "derived": 3}


class FactList(OptionList):
    """Enter (or a click) on an answer re-asks it; on other facts, tells where they came from."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: State | None = None

    def show(self, state: State) -> None:
        self._shown = state
        width = (self.size.width or 32) - 3  # room for a scrollbar
        keep = self.highlighted_option.id if self.highlighted_option else None
        facts = sorted(state.facts.values(), key=lambda f: ORDER.get(f.source, 9))
        options = []
        for f in facts:
            tail = f" = {f.value}"
            options.append(
                Option(
                    Content.from_markup(
                        "[$accent]$tag[/]$attr[b]$tail[/b]",
                        tag=f"{TAGS.get(f.source, f.source):<6}",
                        attr=fit(f.attribute, max(8, width - 6 - len(tail))),
                        tail=tail,
                    ),
                    id=f.attribute,
                )
            )
        self.set_options(options)
        if keep is not None and keep in state.facts:
            self.highlighted = self.get_option_index(keep)
        self.border_title = f"Facts {len(facts)}"

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None:
            self.show(self._shown)
