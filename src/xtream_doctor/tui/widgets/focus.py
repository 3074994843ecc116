"""Tab and shift+tab, bound with priority on the screens that have fields.

The app hands each key to whichever widget has the focus when it reads the
key.  An ordinary Tab binding runs only once the key has bubbled back up from
the focused field, by which time the keys typed after the Tab (a password
manager types the server, Tab, the username, Tab, the password in one go) have
already been handed to the old field: everything lands in the first box, the
password included.  A priority binding runs before the app reads the next key.
"""

from __future__ import annotations

from textual.binding import Binding

FOCUS_KEYS = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="focus.next"),
    Binding(
        "shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, id="focus.previous"
    ),
]
