"""A Select whose keys take effect in the order they were typed.

Textual's Select opens its list, moves the focus into it and takes the choice
through messages and a deferred focus, each a turn of the queues behind the
keys already typed: ``Tab Enter Down Enter`` typed at once reached the closed
box (and opened it) instead of the list, and the choice was lost.  Here Enter,
Space, the arrows and Escape are bound with priority on the Select itself (so
they hold for its list too): the list opens, moves and closes, and the value
is set, as each key is read (see ``tui/keys.py``).  Letters typed while the
list is open still jump to a match; Enter waits for them to land first.
"""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from xtream_doctor.tui.keys import LIST_MOVES, settle


class SteadySelect(Select[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "open_or_choose", "Choose", show=False, priority=True),
        *[Binding(key, f"move('{key}')", key, show=False, priority=True) for key in LIST_MOVES],
        Binding("escape", "close", "Close", show=False, priority=True),
    ]

    @property
    def overlay(self) -> SelectOverlay:
        return self.query_one(SelectOverlay)

    def _open(self) -> None:
        """Open the list at the current choice, with the focus in it, now."""
        self.action_show_overlay()
        self.screen.set_focus(self.overlay, scroll_visible=False)

    async def action_open_or_choose(self) -> None:
        if not self.expanded:
            self._open()
            return
        await settle(self.app)  # letters typed to jump to a choice have landed
        index = self.overlay.highlighted
        options = self._options  # (prompt, value) as the list shows them, the blank one first
        if index is not None and 0 <= index < len(options):
            value = options[index][1]
            if value != self.value:
                self.value = value
        self._close()

    def action_move(self, key: str) -> None:
        if not self.expanded:
            if key in ("up", "down"):
                self._open()
                return
            raise SkipAction
        getattr(self.overlay, f"action_{LIST_MOVES[key]}")()

    def action_close(self) -> None:
        if not self.expanded:
            raise SkipAction
        self._close()

    def _close(self) -> None:
        self.expanded = False
        self.screen.set_focus(self, scroll_visible=False)
