"""Esc, then a key typed right behind it, reach the app as those two keys.

A terminal sends Esc as the byte ESC, and Alt+key as ESC followed by the key;
Textual's parser tells them apart by time: an ESC alone for 100 ms is Esc.
Typed at once (a quick agent, ``tmux send-keys Escape 2``) Esc then 5 became
"∞" (Textual reads ESC 5 as a Mac option character), Esc then ? lost the Esc,
Esc then u became Alt+u: the dialog stayed open and the key was lost.  Nothing
on a call uses Alt or those characters, so after ESC a key the app binds
(a digit, a small letter, ? - =) is read as Esc and then that key.  Escape
sequences (arrows, function keys, a paste) start with ESC and a character
outside these, and are read as before; so is a paste, whatever it holds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

ESC = "\x1b"
PLAIN = frozenset("0123456789abcdefghijklmnopqrstuvwxyz?-=")  # after ESC: Esc, then this key
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a bracketed paste


class SteadyParser(XTermParser):
    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._tail = ""  # the last characters fed, for a mark cut in two reads
        self._pasting = False

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            yield from super().feed(data)
            return
        seen = self._tail + data
        start, before = 0, len(self._tail)
        for i, char in enumerate(data):
            end = before + i + 1
            if seen.endswith(PASTE_START, 0, end):
                self._pasting = True
            elif seen.endswith(PASTE_END, 0, end):
                self._pasting = False
            escaped = end >= 2 and seen[end - 2] == ESC
            if char in PLAIN and escaped and not self._pasting:
                if i > start:  # (an empty feed would mean the end of input)
                    yield from super().feed(data[start:i])  # up to the ESC
                yield from self._escape_alone()
                start = i
        yield from super().feed(data[start:])
        self._tail = seen[-len(PASTE_START) :]

    def _escape_alone(self) -> Iterable[Message]:
        """The ESC waiting for what follows it, read as Esc now: its wait is cut short
        (``_timeout_time`` is when Textual's parser gives up waiting, read by ``tick``)."""
        if self._timeout_time is not None:
            self._timeout_time = 0.0
            yield from self.tick()


def read_escape_as_escape(driver: type[Driver]) -> None:
    """Have the driver's terminal input read by :class:`SteadyParser` (the driver's module
    names the parser class it builds; Textual 8.2's Linux driver does)."""
    module = sys.modules.get(driver.__module__)
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = SteadyParser  # type: ignore[attr-defined]
