"""The end of a good call: what fixed it, and how the caller keeps it working."""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from xtream_doctor.engine.explain import step_words, title
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.widgets.hanging import hanging


class SolvedView(Static):
    _case: Case | None = None

    def show(self, case: Case) -> None:
        self._case = case
        solved = case.state().solved_by
        if solved is None:
            return
        kb = case.kb
        parts = [
            Content.from_markup(
                "[b $success]Solved.[/] $cause\n[dim]Fixed by:[/dim] $step",
                cause=title(kb, solved.cause),
                step=step_words(kb, solved),
            )
        ]
        if solved.also:
            also = ", ".join(title(kb, c) for c in solved.also)
            parts.append(Content.from_markup("[dim]The same step also mends:[/dim] $also", also=also))
        parts.append(  # first, before the advice: it must show on the smallest terminal
            Content.from_markup("[b $accent]ctrl+d[/] [b]Close the case[/b] [dim]when the call ends[/dim]")
        )
        cause = kb.causes.get(solved.cause)
        if cause is not None and cause.prevention is not None:
            steps = [(f"{n}.", s.for_device(case.device)) for n, s in enumerate(cause.prevention.steps, 1)]
            parts.append(Content.from_markup("\n[b]So it does not happen again, tell the caller:[/b]"))
            parts.append(hanging(steps, max(20, self.size.width - 1), marker_style=""))
        parts.append(
            Content.from_markup(
                "\nThe case is saved. [b]u[/b] undoes if it came back; [b]ctrl+n[/b] leaves it open."
            )
        )
        self.update(Content("\n").join(parts))

    def on_resize(self, event: Resize) -> None:
        if self._case is not None and self.display and self._case.state().solved_by is not None:
            self.show(self._case)
