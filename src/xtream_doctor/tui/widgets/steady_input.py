"""An Input that keeps keys in the order they were typed, however fast they come.

Textual hands a key to the focused widget, which inserts a letter at once; a
key the widget does not handle itself (backspace, the arrows, Enter) bubbles up
through the screen to the app, and only there is it matched to the Input's
binding and run.  Under a burst (a paste-speed typist, a password manager's
auto-type, a slow machine) the letters typed after a backspace are inserted
before the backspace deletes: ``3.3.4 ⌫ 5`` becomes ``3.345``.  This Input runs
its own bindings where it inserts letters, in its own queue, so every key takes
effect in order.  (Keys that move the focus are bound with ``priority`` on the
screens, so they take effect before the app hands on the next key.)
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class SteadyInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's own _on_key in turn (Input's inserts the
        # letters); this one only runs the Input's bindings, and stops the key.
        if event.is_printable:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
