"""Fit one line of text into a column, ending it with … when it is cut."""

from __future__ import annotations

from rich.cells import cell_len


def fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out.rstrip() + "…"
