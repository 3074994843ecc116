"""Lines whose wrapped text stays indented under the text, not the marker.

Wrapped here, to a known width, into plain Content: much cheaper to render
in a list than a Rich table, and it keeps answers and steps easy to scan.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from textual.content import Content


def wrap(text: str, width: int) -> list[str]:
    """Words wrapped to ``width``; a word longer than the line (a rule id) is
    broken at its hyphens, never in the middle of a word."""
    width = max(8, width)
    lines = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False, break_long_words=False)
    out: list[str] = []
    for line in lines or [""]:
        if len(line) <= width:
            out.append(line)
        else:  # only one long word can make a line too long
            out += textwrap.wrap(line, width, break_on_hyphens=True, break_long_words=False)
    return out


def hang(marker: str, text: str, width: int, marker_style: str = "bold", text_style: str = "") -> Content:
    """``marker text`` wrapped to ``width`` cells, continuation lines under the text."""
    indent = len(marker) + 1
    body = ("\n" + " " * indent).join(wrap(text, width - indent))
    return Content.assemble((marker, marker_style), " ", (body, text_style))


def hanging(
    rows: Iterable[tuple[str, str]], width: int, marker_style: str = "bold", text_style: str = ""
) -> Content:
    """Several such lines, the markers padded to one width."""
    rows = list(rows)
    pad = max((len(m) for m, _ in rows), default=0)
    return Content("\n").join(hang(m.ljust(pad), t, width, marker_style, text_style) for m, t in rows)
