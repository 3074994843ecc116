"""The causes, live: candidates ranked with their probabilities, then the unlikely
ones greyed with what lowered them most (they are never deleted).  Titles wrap
(never cut): staff read them out; the rule behind comes last, broken only at its hyphens."""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.widgets.hanging import hang, wrap
from xtream_doctor.tui.wording import fact_words

WIDE = 44  # from this width on, each candidate gets a probability bar
BAR = 8


def _bar(probability: float) -> str:
    full = round(probability * BAR)
    return "█" * full + "░" * (BAR - full)


class CandidateList(OptionList):
    """Select a cause (Enter or click) to see why it is in or out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[KnowledgeBase, State] | None = None

    def show(self, kb: KnowledgeBase, state: State) -> None:
        self._shown = (kb, state)
        width = (self.size.width or 32) - 3  # room for a scrollbar
        bars = width >= WIDE
        keep = self.highlighted_option.id if self.highlighted_option else None
        alive = {c.cause for c in state.candidates}
        options: list[Option | None] = []
        for cand in state.candidates:
            pct = f"{cand.probability:4.0%}"
            title = kb.causes[cand.cause].title
            if bars:
                marker = Content.from_markup(
                    "[$success]$bar[/] [b]$pct[/b]", bar=_bar(cand.probability), pct=pct
                )
                indent = BAR + 1 + len(pct) + 1
            else:
                marker = Content.styled(pct, "bold")
                indent = len(pct) + 1
            body = ("\n" + " " * indent).join(wrap(title, width - indent))
            options.append(Option(Content.assemble(marker, " ", body), id=cand.cause))
        out = [(c, e) for c, e in sorted(state.ruled_out.items()) if c not in alive and c in kb.causes]
        if out and options:
            options.append(None)
        for cause, eliminations in out:
            percent = f"{state.probability(cause):4.0%} "
            if eliminations:
                first = eliminations[0]
                said = "; ".join(fact_words(kb, a, v) for a, v in first.facts) or "a fix did not help"
            else:
                said = "other causes fit better"
            dim = Content.styled("\n".join(wrap(percent + kb.causes[cause].title, width)), "dim")
            why = hang(" ↓", said, width, marker_style="dim", text_style="dim")
            parts = [dim, why]
            if eliminations:
                rule = f"({eliminations[0].rule})"
                parts.append(hang("  ", rule, width, marker_style="", text_style="dim italic"))
            options.append(Option(Content("\n").join(parts), id=cause))
        self.set_options(options)
        if keep is not None and (keep in alive or keep in dict(out)):
            self.highlighted = self.get_option_index(keep)
        self.border_title = f"Causes {len(state.candidates)}/{len(kb.causes)}"

    def on_resize(self, event: Resize) -> None:
        if self._shown is not None:
            self.show(*self._shown)
