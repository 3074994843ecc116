"""Keys take effect in the order they were typed, however fast they come.

Textual reads a key in the app's own queue and hands it to the widget that has
the focus *then*; that widget handles it in its own queue, and an ordinary
binding runs only once the key has bubbled back up to the app.  By then the
keys typed after it have already been handed on, to a focus or a screen that
the first key was about to change: a burst of ``ctrl+s 5 2`` typed the digits
into the server box, ``a`` then "max connections" lost the words, a digit after
Enter on an answer answered the old question again.

So on the screens of a call every key that changes what is on screen is bound
with ``priority``: it runs as the app reads it, before the next key is handed
on.  Its action first lets the keys typed before it land (:func:`settle`: the
letters in their box), then acts at once (no message round trip), moves the
focus itself (``Screen.set_focus``, not ``Widget.focus``, which waits its turn
behind the keys already queued) and waits for a screen it opens to be mounted.
A key that means nothing where it lands is refused visibly, never dropped.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App
from textual.widget import Widget

# What the arrows do on a list (an OptionList): its own actions, run at once.
LIST_MOVES = {
    "up": "cursor_up",
    "down": "cursor_down",
    "pageup": "page_up",
    "pagedown": "page_down",
    "home": "first",
    "end": "last",
}
ROUNDS = 8  # each round lets what the last one sent on be handled too (a message climbs one widget a round)
PATIENCE = 1.0  # seconds; a widget that does not answer must not freeze the keys


async def settle(app: App[Any]) -> None:
    """Until every widget of the screen on top has handled what it was sent before now,
    and what those messages sent on in turn: the keys typed earlier are in their boxes,
    a screen just opened is mounted and has its focus.  Never run it on the app's own
    queue's behalf: the app is the one waiting."""
    loop = asyncio.get_running_loop()
    for _ in range(ROUNDS):
        nodes = list(app.screen.walk_children(with_self=True))
        waits: list[asyncio.Future[None]] = []
        for node in nodes:
            done: asyncio.Future[None] = loop.create_future()
            if node.call_later(_finish, done):
                waits.append(done)
        if waits:
            _, late = await asyncio.wait(waits, timeout=PATIENCE)
            if late:  # a widget busy for that long: go on rather than freeze the keys
                return
        if not any(node.message_queue_size for node in app.screen.walk_children(with_self=True)):
            return


def _finish(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


def refuse(node: Widget, text: str) -> None:
    """A key that means nothing where it landed: a bell and a short line saying why."""
    node.app.bell()
    node.notify(text, severity="warning", timeout=3)


def scroll(pane: Widget, key: str) -> bool:
    """Scroll a pane by a key at once, not animated (the next key sees where it is);
    False if the key is not one that scrolls."""
    if key == "up":
        pane.scroll_up(animate=False, immediate=True)
    elif key == "down":
        pane.scroll_down(animate=False, immediate=True)
    elif key == "pageup":
        pane.scroll_page_up(animate=False)
    elif key == "pagedown":
        pane.scroll_page_down(animate=False)
    elif key == "home":
        pane.scroll_home(animate=False, immediate=True)
    elif key == "end":
        pane.scroll_end(animate=False, immediate=True)
    else:
        return False
    return True
