"""When the diagnosis is in: the cause's fixes as a checklist, one step at a time.

The question "Did that fix it?" stays on the last line of the view, whatever
the length of the steps above it (which scroll), so it is never below the fold.
The step being read out is marked; ↑↓ move it and the pane follows, so it is
always in view (PgUp PgDn Home End scroll the pane).  The cause's long summary
comes last, under the steps: what staff read out comes first.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.geometry import Region
from textual.widgets import Static

from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.keys import scroll
from xtream_doctor.tui.widgets.hanging import hang, hanging, wrap
from xtream_doctor.tui.wording import undecided_heading

MARKS = {"skipped": "↷", "current": "▶", "pending": "☐"}
ASK_MARKUP = (
    "[b]Did that fix it?[/b] [b $accent]y[/]/[b $accent]n[/] · [b $accent]p[/] partly · [b $accent]s[/] skip"
)
ASK = Content.from_markup(ASK_MARKUP).plain


def supporting_notes(kb: KnowledgeBase, state: State, cause: str) -> list[str]:
    """What the server test and the checks on the typed details found that points
    to the cause: the notes of facts a rule confirming it asks for.  They say
    where, e.g. which box holds a space and at which end."""
    wanted = [c for r in kb.rules if r.confirm == cause for c in r.when]
    notes: list[str] = []
    for fact in state.facts.values():
        if fact.source not in ("probe", "lint") or not fact.note or fact.note in notes:
            continue
        if any(c.attribute == fact.attribute and fact.value in c.values for c in wanted):
            notes.append(fact.note)
    return notes


class FixChecklist(Vertical, can_focus=False):
    """y: it worked · p: partly, the app says something else now (a second fault) ·
    n: it did not (its cause less likely) · s: skip to the next fix · ↑↓ the step read out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._case: Case | None = None
        self._fix: tuple[str, str] | None = None  # (cause, fix) on screen
        self.step = 0  # the step being read out, from 0
        self._steps: list[tuple[str, str]] = []
        self._width = 20

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="fix-body", can_focus=False):
            yield Static(id="fix-cause")
            yield Static(id="fix-found")
            yield Static(id="fix-list")
            yield Static(id="fix-steps")
            yield Static(id="fix-about")
        yield Static(id="fix-ask")

    def show(self, case: Case) -> None:
        self._case = case
        current = case.current_fix()
        if current is None:
            return
        cause, fix = current
        if self._fix != (cause.id, fix.id):  # a new fix: from its top, at its first step
            self._fix, self.step = (cause.id, fix.id), 0
            self.query_one("#fix-body", VerticalScroll).scroll_home(animate=False, immediate=True)
        state = case.state()
        width = self._width = max(20, self.size.width - 2)
        if state.status == "found":
            head = Content.from_markup("[b $success]Diagnosis:[/] ") + Content.styled(
                "\n".join(wrap(cause.title, width - len("Diagnosis: "))), "bold"
            )
            about = cause.summary
        else:
            ranked = [(f"{c.probability:4.0%}", case.kb.causes[c.cause].title) for c in state.candidates[:5]]
            heading = undecided_heading(case.kb, state, len(case.session.skipped()))
            head = Content("\n").join(
                [
                    Content.from_markup("[b $warning]$h[/] most likely first:", h=heading),
                    hanging(ranked, width, marker_style=""),
                    Content.from_markup("[b]Now:[/b] ")
                    + Content("\n     ".join(wrap(cause.title, width - 5))),
                ]
            )
            about = ""
        steps_hint = (
            " · [b $accent]↑↓[/] step" if width >= len(ASK) + len(" · ↑↓ step") else ""
        )  # on one line
        self.query_one("#fix-ask", Static).update(Content.from_markup(ASK_MARKUP + steps_hint))
        self.query_one("#fix-cause", Static).update(head)
        notes = supporting_notes(case.kb, state, cause.id)
        found = self.query_one("#fix-found", Static)
        found.update(Content("\n").join(hang("•", n, width) for n in notes))
        found.display = bool(notes)
        rows = []
        for f in cause.fixes:
            if f.id == fix.id:
                rows.append(hang(MARKS["current"], f.title, width, marker_style="", text_style="bold"))
            else:
                mark = MARKS["skipped" if (cause.id, f.id) in case.skipped_fixes else "pending"]
                rows.append(hang(mark, f.title, width, marker_style="dim", text_style="dim"))
        self.query_one("#fix-list", Static).update(Content("\n").join(rows))
        self._steps = [(f"{i}.", step.for_device(case.device)) for i, step in enumerate(fix.steps, 1)]
        self.step = min(self.step, max(0, len(self._steps) - 1))
        self._draw_steps()
        summary = self.query_one("#fix-about", Static)
        summary.update(Content.styled("\n".join(wrap(about, width)), "dim"))
        summary.display = bool(about)

    def _draw_steps(self) -> None:
        pad = max((len(m) for m, _ in self._steps), default=0)
        rows = []
        for i, (marker, text) in enumerate(self._steps):
            styles = (
                ("bold reverse", "bold")
                if i == self.step
                else ("dim", "dim")
                if i < self.step
                else ("bold", "")
            )
            rows.append(hang(marker.ljust(pad), text, self._width, *styles))
        self.query_one("#fix-steps", Static).update(Content("\n").join(rows))
        self.call_after_refresh(self.reveal)  # once the new lines are laid out

    def reveal(self) -> None:
        """Scroll the pane so the step being read out is in view: the first step with as much
        of the diagnosis above it as fits, a later one with the least scrolling."""
        if not self._steps:
            return
        lines = [len(hang(m, t, self._width).plain.split("\n")) for m, t in self._steps]
        top = self.query_one("#fix-steps", Static).virtual_region.y + sum(lines[: self.step])
        body = self.query_one("#fix-body", VerticalScroll)
        if self.step == 0:
            bottom = top + lines[0] - body.scrollable_content_region.height
            body.scroll_to(y=max(0, bottom), animate=False, immediate=True)
        else:
            region = Region(0, top, body.size.width, lines[self.step])
            body.scroll_to_region(region, animate=False, immediate=True)

    def move(self, key: str) -> bool:
        """↑↓ move the step read out (past the first or last, the pane scrolls on);
        PgUp PgDn Home End scroll the pane.  False for any other key."""
        body = self.query_one("#fix-body", VerticalScroll)
        step = self.step + {"up": -1, "down": 1}.get(key, 0)
        if key in ("up", "down") and 0 <= step < len(self._steps):
            self.step = step
            self._draw_steps()
            return True
        return scroll(body, key)

    def on_resize(self, event: Resize) -> None:
        if self._case is not None and self.display:
            self.show(self._case)
