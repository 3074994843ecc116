"""Lines whose wrapped text stays indented under the text, not the marker.

Wrapped here, to a known width, into plain Content: much cheaper to render
in a list than a Rich table, and it keeps answers and steps easy to scan.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from textual.content import Content


def hang(marker: str, text: str, width: int, marker_style: str = "bold", text_style: str = "") -> Content:
    """``marker text`` wrapped to ``width`` cells, continuation lines under the text."""
    indent = len(marker) + 1
    lines = textwrap.wrap(" ".join(text.split()), max(8, width - indent), break_on_hyphens=False) or [""]
    body = ("\n" + " " * indent).join(lines)
    return Content.assemble((marker, marker_style), " ", (body, text_style))


def hanging(
    rows: Iterable[tuple[str, str]], width: int, marker_style: str = "bold", text_style: str = ""
) -> Content:
    """Several such lines, the markers padded to one width."""
    rows = list(rows)
    pad = max((len(m) for m, _ in rows), default=0)
    return Content("\n").join(hang(m.ljust(pad), t, width, marker_style, text_style) for m, t in rows)
