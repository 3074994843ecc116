"""When the diagnosis is in: the cause's fixes as a checklist, one step at a time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from xtream_doctor.tui.case import Case
from xtream_doctor.tui.widgets.hanging import hang, hanging

MARKS = {"skipped": "↷", "current": "▶", "pending": "☐"}


class FixChecklist(VerticalScroll, can_focus=False):
    """y: it worked · n: it did not (rules the cause out) · s: skip to the next fix."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._case: Case | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="fix-cause")
        yield Static(id="fix-list")
        yield Static(id="fix-steps")
        yield Static(
            Content.from_markup(
                "[b]Did that fix it?[/b]  [b $accent]y[/] yes · [b $accent]n[/] no · [b $accent]s[/] skip"
            ),
            id="fix-ask",
        )

    def show(self, case: Case) -> None:
        self._case = case
        current = case.current_fix()
        if current is None:
            return
        cause, fix = current
        state = case.state()
        width = max(20, self.size.width - 2)
        if state.status == "found":
            head = Content.from_markup(
                "[b $success]Diagnosis:[/] [b]$title[/b]\n", title=cause.title
            ) + Content.styled("\n".join(_wrap(cause.summary, width)), "dim")
        else:
            ranked = [(f"{c.probability:4.0%}", case.kb.causes[c.cause].title) for c in state.candidates[:5]]
            head = Content("\n").join(
                [
                    Content.from_markup(
                        "[b $warning]No question can tell these $n apart;[/] most likely first:",
                        n=len(state.candidates),
                    ),
                    hanging(ranked, width, marker_style=""),
                    Content.from_markup("[b]Now:[/b] $title", title=cause.title),
                ]
            )
        self.query_one("#fix-cause", Static).update(head)
        rows = []
        for f in cause.fixes:
            if f.id == fix.id:
                rows.append(hang(MARKS["current"], f.title, width, marker_style="", text_style="bold"))
            else:
                mark = MARKS["skipped" if (cause.id, f.id) in case.skipped_fixes else "pending"]
                rows.append(hang(mark, f.title, width, marker_style="dim", text_style="dim"))
        self.query_one("#fix-list", Static).update(Content("\n").join(rows))
        steps = [(f"{i}.", step.for_device(case.device)) for i, step in enumerate(fix.steps, 1)]
        self.query_one("#fix-steps", Static).update(hanging(steps, width))
        self.scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        if self._case is not None and self.display:
            self.show(self._case)


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width)
