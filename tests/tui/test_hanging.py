"""Wrapped lines in the lists: words whole, long ids broken only at hyphens (headless)."""

from __future__ import annotations

from xtream_doctor.tui.widgets.hanging import hang, wrap

RULE = "login-method-confirmed-bare-address-in-playlist-box"


def test_a_rule_id_longer_than_the_line_breaks_after_a_hyphen() -> None:
    lines = wrap(f"subscription-state: Active ({RULE})", 24)
    assert all(len(line) <= 24 for line in lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("("))
    assert "".join(lines[start:]) == f"({RULE})"
    assert all(line.endswith("-") for line in lines[start:-1])


def test_words_are_never_cut() -> None:
    text = "The caller's internet provider blocks the server's address or port"
    lines = wrap(text, 20)
    assert " ".join(lines) == text
    assert all(word in text.split() for line in lines for word in line.split())


def test_hanging_lines_stay_under_the_text() -> None:
    shown = str(hang("42%", "Wrong username or password typed in the app", 20)).splitlines()
    assert shown[0].startswith("42% ")
    assert all(line.startswith("    ") for line in shown[1:])
