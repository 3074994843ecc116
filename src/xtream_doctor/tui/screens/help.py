"""The keys, on one page."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("Start screen", ""),
    ("ctrl+s", "start the case with what is typed (all optional)"),
    ("ctrl+o", "jump to the saved cases; Enter resumes one"),
    ("Del", "on a saved case: delete it for good (asks first; for practice cases)"),
    ("On a call", ""),
    ("1-9", "answer the question (or click an answer)"),
    ("0  ?", "don't know: no evidence, next question"),
    ("a", "the caller says it first: any question's answer, found by its words"),
    ("u  ctrl+z", "undo the last answer or fix"),
    ("w", "why this question: what each answer would leave"),
    ("c", "go to the causes; Enter on one: why (not)"),
    ("f", "go to what we know; Enter on an answer changes it"),
    ("y  n  s", "fixes: it worked / it did not help / skip"),
    ("h", "how the diagnosis was reached"),
    ("e", "escalation summary; ctrl+y copies and saves it"),
    ("Esc", "back to the question"),
    ("ctrl+d", "close the case: solved, escalated or call-back, the cause, notes"),
    ("ctrl+n", "save this case and start the next"),
    ("What we know: where each thing comes from", ""),
    ("caller", "the caller said so (an answer)"),
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


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Back")
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
                    if text:
                        yield Static(Content.from_markup("  [b $accent]$k[/]$t", k=f"{key:<11}", t=text))
                    else:
                        yield Static(Content.from_markup("[b]$k[/b]", k=key), classes="help-section")
            yield Static(Content.from_markup("[dim]Esc to close[/dim]"), id="dialog-foot")

    def action_close(self) -> None:
        self.dismiss(None)
