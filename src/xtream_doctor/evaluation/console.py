"""The rich ``Console`` the evaluation writes through.

Colour only on a terminal, and never when ``NO_COLOR`` or ``CI`` is set; no
markup, highlighting or emoji, since the text is data (rule ids, case ids).
Away from a terminal the width has no limit, so a table row stays one line.
"""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console

UNLIMITED = 10_000  # columns: wide enough that nothing wraps


def is_terminal(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


def colour_allowed(stream: TextIO) -> bool:
    return is_terminal(stream) and not os.environ.get("NO_COLOR") and not os.environ.get("CI")


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console that writes to ``stream``; ``width`` or the terminal's, else unlimited."""
    colour = colour_allowed(stream)
    if width is None and not is_terminal(stream):
        width = UNLIMITED
    return Console(
        file=stream,
        width=width,
        color_system="auto" if colour else None,
        no_color=not colour,
        markup=False,
        highlight=False,
        emoji=False,
    )
