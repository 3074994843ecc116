"""The end of a good call."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from xtream_doctor.tui.case import Case


class SolvedView(Static):
    def show(self, case: Case) -> None:
        solved = case.state().solved_by
        if solved is None:
            return
        cause = case.kb.causes.get(solved[0])
        fix = next((f for f in cause.fixes if f.id == solved[1]), None) if cause else None
        self.update(
            Content.from_markup(
                "[b $success]Solved.[/] $cause\n[dim]Fixed by:[/dim] $fix\n\n"
                "The case is saved. [b]ctrl+n[/b] starts the next call; [b]u[/b] undoes if it came back.",
                cause=cause.title if cause else solved[0],
                fix=fix.title if fix else solved[1],
            )
        )
