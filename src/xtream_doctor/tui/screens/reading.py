"""A dialog to read: a title, a body that scrolls by keyboard, a foot that says how.

At 80x24 a long explanation or the help does not fit: the arrows, PgUp PgDn,
Space, Home and End scroll the body whatever has the focus, and the foot says
when there is more below.  Its keys are bound with priority like every key of a
call (``tui/keys.py``), so Esc and a key typed right behind it close the dialog
and then act on the case.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from xtream_doctor.tui.keys import scroll

SCROLL_KEYS = ("up", "down", "pageup", "pagedown", "home", "end")


class ReadingScreen(ModalScreen[None]):
    """Subclasses compose ``#dialog-body`` (a VerticalScroll) and ``#dialog-foot`` (a Static),
    and say in ``FOOT`` what else their keys do."""

    FOOT = "Esc to close"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(key, f"read('{key}')", key, show=False, priority=True) for key in SCROLL_KEYS],
        Binding("space", "read('pagedown')", "Page down", show=False, priority=True),
    ]

    def on_mount(self) -> None:
        self.call_after_refresh(self.show_foot)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_foot)

    def action_read(self, key: str) -> None:
        scroll(self.query_one("#dialog-body", VerticalScroll), key)
        self.show_foot()

    def show_foot(self) -> None:
        """Say how to read on while there is more than fits."""
        body = self.query_one("#dialog-body", VerticalScroll)
        if body.max_scroll_y <= 0:
            hint = ""
        elif body.scroll_y < body.max_scroll_y:
            hint = "[b]↓ more below[/b] · ↑↓ PgUp PgDn Home End · "
        else:
            hint = "[b]the end[/b] · ↑ PgUp Home to go back · "
        self.query_one("#dialog-foot", Static).update(
            Content.from_markup(f"[dim]{hint}$foot[/dim]", foot=self.FOOT)
        )
