"""The keys of the case screen: their ids, keys and tooltips are the app's reference of keys.

Every one is bound with ``priority`` (see ``tui/keys.py``): it acts on what is on
screen as the app reads it, before the next key is handed on, so a burst of keys
answers one question after the other.  Letters and digits give way to a box
being typed in (the escalation notes); the arrows and Enter act on the list or
pane in view.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from xtream_doctor.tui.widgets.focus import FOCUS_KEYS
from xtream_doctor.tui.widgets.question_view import ANSWER_KEYS, DONT_KNOW_KEYS

# Which actions make sense in which view (others are hidden from the footer, and their key refused).
ONLY_IN = {
    "answer": {"question"},
    "dont_know": {"question"},
    "why": {"question"},
    "switch": {"question"},
    "fix": {"fixes"},
    "how": {"fixes", "solved"},
    "copy_ticket": {"escalation"},
    "recheck_doubt": {"question", "fixes", "escalation", "solved"},
}

# Actions on printable keys: in a box being typed in, the key is a letter, not a command.
TYPED = {
    "answer", "dont_know", "fix", "volunteer", "undo", "why", "how", "focus_causes", "focus_facts",
    "escalate", "switch", "recheck_doubt",
}  # fmt: skip

MOVES = ("up", "down", "pageup", "pagedown", "home", "end", "enter")


def _key(
    keys: str,
    action: str,
    description: str,
    *,
    show: bool = True,
    key_display: str | None = None,
    tooltip: str = "",
    id: str | None = None,
) -> Binding:
    return Binding(keys, action, description, show, key_display, priority=True, tooltip=tooltip, id=id)


CASE_BINDINGS: list[BindingType] = [
    *FOCUS_KEYS,
    _key(
        ANSWER_KEYS[0],
        "answer(1)",
        "Answer",
        id="case.answer",
        key_display="1-=",
        tooltip="Pick an answer by its key: the number row, 1-9 then 0 - = for the 10th to 12th",
    ),
    *[_key(key, f"answer({n})", "Answer", show=False) for n, key in enumerate(ANSWER_KEYS[1:], 2)],
    _key(
        DONT_KNOW_KEYS,
        "dont_know",
        "Don't know",
        id="case.dont-know",
        key_display="?",
        tooltip="The caller does not know: no evidence, next question (? or d)",
    ),
    _key(
        "b",
        "switch",
        "Switch",
        id="case.switch",
        tooltip="The server test found more while this question was on screen: leave it for the "
        "better question, or the cause that now stands out",
    ),
    _key("y", "fix('yes')", "Fixed", id="case.fix-yes", tooltip="The fix worked: the case is solved"),
    _key(
        "n",
        "fix('no')",
        "Didn't help",
        id="case.fix-no",
        tooltip="The fix did not help: its cause becomes less likely, the diagnosis goes on",
    ),
    _key(
        "p",
        "fix('partly')",
        "Partly",
        id="case.fix-partly",
        show=False,
        tooltip="It helped, but the app now says something else: that fault is mended, the diagnosis "
        "goes on for the other one",
    ),
    _key("s", "fix('skip')", "Skip", id="case.fix-skip", tooltip="Skip this fix, offer the next one"),
    _key(
        "a",
        "volunteer",
        "Caller says",
        id="case.volunteer",
        tooltip="Note what the caller says before being asked: any question, found by its words",
    ),
    _key("u", "undo", "Undo", id="case.undo", tooltip="Take back the last answer or fix (or ctrl+z)"),
    _key("ctrl+z", "undo_anywhere", "Undo", show=False, id="case.undo-anywhere"),  # in a box too
    _key("w", "why", "Why?", id="case.why", tooltip="Which causes each answer would leave"),
    _key("h", "how", "How?", id="case.how", tooltip="The rules and facts behind the diagnosis"),
    _key(
        "c", "focus_causes", "Causes", id="case.causes", show=False, tooltip="Select a cause to see why (not)"
    ),
    _key(
        "f",
        "focus_facts",
        "What we know",
        id="case.facts",
        show=False,
        tooltip="Select an answer to change it",
    ),
    _key("e", "escalate", "Escalate", id="case.escalate", tooltip="The escalation summary for the ticket"),
    _key(
        "r",
        "recheck_doubt",
        "Ask again",
        id="case.recheck",
        tooltip="Answers disagree: ask again the one most likely wrong (or try the doubtful fix again)",
    ),
    _key(
        "ctrl+y",
        "copy_ticket",
        "Copy ticket",
        id="case.copy-ticket",
        tooltip="Copy the summary to the clipboard and save it next to the case log",
    ),
    _key(
        "ctrl+d",
        "close_case",
        "Close case",
        id="case.close",
        tooltip="Done: say how it ended (solved, escalated, call-back), the cause, notes; then the next call",
    ),
    _key("escape", "back", "Back", show=False, id="case.back"),
    _key("ctrl+n", "new_case", "New case", id="case.new", show=False, tooltip="Back to the start screen"),
    *[_key(key, f"move('{key}')", key, show=False) for key in MOVES],
]
