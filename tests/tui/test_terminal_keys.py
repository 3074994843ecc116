"""What the app reads from a real terminal: Esc and a key typed right behind it
are those two keys, while escape sequences (arrows, a paste) stay whole."""

from __future__ import annotations

import time

import pytest
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver

from xtream_doctor.tui.terminal_keys import SteadyParser

from .conftest import MakeApp


def keys(parser: XTermParser, *chunks: str) -> list[str]:
    out = []
    for chunk in chunks:
        out += [getattr(e, "key", type(e).__name__) for e in parser.feed(chunk)]
    time.sleep(0.15)  # longer than the wait for what follows a lone ESC
    return out + [getattr(e, "key", type(e).__name__) for e in parser.tick()]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("\x1b5", ["escape", "5"]),  # Textual alone: "infinity", a Mac option character
        ("\x1bu", ["escape", "u"]),  # Textual alone: alt+u
        ("\x1b?", ["escape", "question_mark"]),  # Textual alone: the Esc is lost
        ("\x1b=", ["escape", "equals_sign"]),
        ("ab\x1b\x1b2", ["a", "b", "escape", "escape", "2"]),
        ("\x1b[A", ["up"]),  # an arrow key stays one key
        ("\x1bOB", ["down"]),
        ("\x1b", ["escape"]),  # Esc alone, once its wait is over
    ],
)
def test_esc_then_a_key_typed_at_once_are_read_as_two_keys(typed: str, read: list[str]) -> None:
    assert keys(SteadyParser(), typed) == read


@pytest.mark.parametrize("pasted", ["max connections", "a\x1b1b", "two\nlines"])
def test_a_paste_is_read_as_textual_reads_it(pasted: str) -> None:
    typed = f"\x1b[200~{pasted}\x1b[201~"
    assert keys(SteadyParser(), typed) == keys(XTermParser(), typed)


def test_esc_and_its_key_in_two_reads_are_still_two_keys() -> None:
    assert keys(SteadyParser(), "\x1b", "1") == ["escape", "1"]


def test_the_app_reads_the_terminal_with_the_steady_parser(make_app: MakeApp) -> None:
    make_app()
    assert linux_driver.XTermParser is SteadyParser
