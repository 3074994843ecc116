"""The keys, on one page."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from xtream_doctor.tui.screens.reading import ReadingScreen

KEYS = (
    ("Start screen", ""),
    ("ctrl+s", "start the case with what is typed (all optional)"),
    ("ctrl+o", "jump to the saved cases; Enter resumes one"),
    ("Del", "on a saved case: delete it for good (asks first; for practice cases)"),
    ("On a call", ""),
    ("1-9 0 - =", "answer: the number row, answers 1 to 12 (or click one)"),
    ("↑↓ Enter", "answers past the 12th (the question says so); Enter picks the one marked"),
    ("?  d", "don't know: no evidence, next question"),
    (
        "b",
        "switch: the server test found more while a question was read out; leave it for the "
        "better question, or the cause that now stands out",
    ),
    ("a", "the caller says it first: any question's answer, found by its words"),
    ("u  ctrl+z", "undo the last answer or fix"),
    ("w", "why this question: what each answer would leave"),
    ("c", "go to the causes; Enter on one: why (not)"),
    ("f", "go to what we know; Enter on an answer changes it"),
    ("y  n  p  s", "fixes: it worked / it did not help / partly (a new message) / skip"),
    ("↑↓", "in a fix: the step being read out, kept in view"),
    ("PgUp PgDn", "scroll the pane in view; Home and End go to its top and its end"),
    ("r", "answers disagree: ask again the one most likely wrong, or try the doubtful fix again"),
    ("h", "how the diagnosis was reached"),
    ("e", "escalation summary; ctrl+y copies and saves it"),
    ("Esc", "back to the question; in a dialog, close it"),
    ("ctrl+d", "close the case: solved, escalated or call-back, the cause, notes"),
    ("ctrl+n", "save this case and start the next"),
    (
        "any key",
        "acts on what is on screen, in the order typed, however fast; one that means "
        "nothing there rings the bell and says why",
    ),
    ("What we know: where each thing comes from", ""),
    ("caller", "the caller said so (an answer)"),
    ("staff", "our own check: a question staff answer themselves (the panel, the status board)"),
    ("server", "the server test found it (run in the background)"),
    ("typed", "the checks on the typed details found it (at once, offline)"),
    ("rule", "the rules worked it out from the rest"),
    ("Always", ""),
    ("F1", "this help"),
    ("F5", "reload the rules (a broken file keeps the last good ones)"),
    ("ctrl+p", "every command"),
    ("ctrl+t", "light or dark"),
    ("ctrl+q", "quit (every case is already saved)"),
)


class HelpScreen(ReadingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Back", priority=True)
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.from_markup(
                    "[b]xtream-doctor[/b] [dim]· the typed details are checked at once, the server "
                    "is tested in the background while you ask; every change is saved, "
                    "the password never is[/dim]"
                ),
                id="dialog-title",
            )
            with VerticalScroll(id="dialog-body"):
                for key, text in KEYS:
                    if text:  # the words wrap under themselves, the key column stays clear
                        with Horizontal(classes="help-row"):
                            yield Static(Content.from_markup("  [b $accent]$k[/]", k=key), classes="help-key")
                            yield Static(Content(text), classes="help-text")
                    else:
                        yield Static(Content.from_markup("[b]$k[/b]", k=key), classes="help-section")
            yield Static(Content.from_markup("[dim]Esc to close[/dim]"), id="dialog-foot")

    def action_close(self) -> None:
        self.dismiss(None)
