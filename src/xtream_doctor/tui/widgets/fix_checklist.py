"""When the diagnosis is in: the cause's fixes as a checklist, one step at a time.

The question "Did that fix it?" stays on the last line of the view, whatever
the length of the steps above it (which scroll), so it is never below the fold.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.widgets.hanging import hang, hanging, wrap

MARKS = {"skipped": "↷", "current": "▶", "pending": "☐"}


def undecided_heading(state: State, unanswered: int) -> str:
    """Why the diagnosis stops at several causes, in the words that are true."""
    n = len(state.candidates)
    if unanswered:
        asked = "a question" if unanswered == 1 else f"{unanswered} questions"
        return f"The caller could not answer {asked} that would tell these {n} apart;"
    return f"No question can tell these {n} apart;"


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
    n: it did not (its cause less likely) · s: skip to the next fix."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._case: Case | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="fix-body", can_focus=False):
            yield Static(id="fix-cause")
            yield Static(id="fix-found")
            yield Static(id="fix-list")
            yield Static(id="fix-steps")
        yield Static(
            Content.from_markup(
                "[b]Did that fix it?[/b] [b $accent]y[/]/[b $accent]n[/] · [b $accent]p[/] partly "
                "· [b $accent]s[/] skip"
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
            head = Content.from_markup("[b $success]Diagnosis:[/] ") + Content.styled(
                "\n".join(wrap(cause.title, width - len("Diagnosis: "))), "bold"
            )
            head = Content("\n").join([head, Content.styled("\n".join(wrap(cause.summary, width)), "dim")])
        else:
            ranked = [(f"{c.probability:4.0%}", case.kb.causes[c.cause].title) for c in state.candidates[:5]]
            heading = undecided_heading(state, len(case.session.skipped()))
            head = Content("\n").join(
                [
                    Content.from_markup("[b $warning]$h[/] most likely first:", h=heading),
                    hanging(ranked, width, marker_style=""),
                    Content.from_markup("[b]Now:[/b] ")
                    + Content("\n     ".join(wrap(cause.title, width - 5))),
                ]
            )
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
        steps = [(f"{i}.", step.for_device(case.device)) for i, step in enumerate(fix.steps, 1)]
        self.query_one("#fix-steps", Static).update(hanging(steps, width))
        self.query_one("#fix-body", VerticalScroll).scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        if self._case is not None and self.display:
            self.show(self._case)
