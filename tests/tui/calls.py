"""Drive a call through the app with keys, as staff would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from textual import events
from textual.geometry import Region
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select

from xtream_doctor.tui.app import XtreamDoctorApp
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.widgets.question_view import ANSWER_KEYS

DONT_KNOW = "question_mark"  # the ? key

# A caller who mistyped the password: the rules find wrong-credentials and offer its fixes.
TYPO = {
    "subscription-state": "active",
    "others-reporting": "no",
    "vpn-in-use": "no",
    "error-message": "auth-failed",
    "careful-retype-test": "works",
}


async def type_text(pilot: Pilot[None], selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*text)


async def start_case(
    pilot: Pilot[None],
    *,
    server: str = "",
    username: str = "",
    password: str = "",
    device: str | None = None,
    app: str | None = None,
    copy: str | None = None,
) -> CaseScreen:
    """Fill the start screen (typing, as staff would) and press ctrl+s.  ``copy``: where the
    details came from ("exact-copy": the caller's own text; read out by default)."""
    for selector, text in (("#server", server), ("#username", username), ("#password", password)):
        if text:
            await type_text(pilot, selector, text)
    for selector, value in (("#device", device), ("#app", app), ("#copy", copy)):
        if value is not None:
            pilot.app.screen.query_one(selector, Select).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    return screen


@asynccontextmanager
async def on_a_call(
    app: XtreamDoctorApp,
    size: tuple[int, int] = (100, 32),
    notifications: bool = False,
    **details: str | None,
) -> AsyncIterator[tuple[Pilot[None], CaseScreen]]:
    """The app running, with a case started from ``details`` (see :func:`start_case`)."""
    async with app.run_test(size=size, notifications=notifications) as pilot:
        yield pilot, await start_case(pilot, **details)


def bob_with(password: str) -> dict[str, str | None]:
    """Bob on a Fire TV Stick: the password in its box and in the playlist link pasted as the server."""
    return {
        "server": f"http://iptv.test:8080/get.php?username=bob&password={password}",
        "username": "bob",
        "password": password,
        "device": "firestick",
    }


def current_question(screen: CaseScreen) -> str:
    """The id of the question the case asks now (the one on screen)."""
    choice = screen.case.question()
    assert choice is not None
    return choice.question.id


async def answer_until(
    pilot: Pilot[None], screen: CaseScreen, facts: Mapping[str, str], question: str
) -> None:
    """Answer from ``facts`` by its key ("don't know" where they say nothing) until ``question``."""
    while current_question(screen) != question:
        await answer_current(pilot, screen, facts)


async def dont_know_to_the_end(pilot: Pilot[None], screen: CaseScreen) -> None:
    """Say "don't know" to every question left, until the case stops asking."""
    while screen.case.state().status == "asking":
        await pilot.press(DONT_KNOW)


def answer_index(screen: CaseScreen, facts: Mapping[str, str]) -> int | None:
    """Where the answer from ``facts`` is among the current question's answers (None: don't know)."""
    choice = screen.case.question()
    assert choice is not None
    values = [a.value for a in choice.question.answers]
    value = facts.get(choice.question.id)
    return values.index(value) if value in values else None


def key_for(screen: CaseScreen, facts: Mapping[str, str]) -> str:
    """The key that answers the current question from ``facts`` (``?``: don't know), along
    the number row 1-9 0 - =; past the twelfth answer there is no key (see :func:`answer_current`)."""
    index = answer_index(screen, facts)
    if index is None:
        return DONT_KNOW
    assert index < len(ANSWER_KEYS), "no key past the twelfth answer: use answer_current"
    return ANSWER_KEYS[index]


async def answer_current(pilot: Pilot[None], screen: CaseScreen, facts: Mapping[str, str]) -> None:
    """Answer the current question as staff would: its key, or past the twelfth answer,
    the arrow keys to it and Enter."""
    index = answer_index(screen, facts)
    if index is None or index < len(ANSWER_KEYS):
        await pilot.press(key_for(screen, facts))
        return
    answers = screen.query_one("#q-answers", OptionList)
    answers.highlighted = 0
    await pilot.press(*["down"] * index, "enter")


async def answer_until_settled(pilot: Pilot[None], facts: Mapping[str, str], limit: int = 60) -> list[str]:
    """Answer every question from ``facts`` until the session stops asking; the questions asked."""
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    asked: list[str] = []
    for _ in range(limit):
        choice = screen.case.question()
        if screen.view != "question" or choice is None:
            return asked
        asked.append(choice.question.id)
        await answer_current(pilot, screen, facts)
    raise AssertionError(f"still asking after {limit} questions: {asked}")


async def to_the_fixes(pilot: Pilot[None]) -> CaseScreen:
    """A case of the mistyped password (:data:`TYPO`), answered until its fixes are offered."""
    screen = await start_case(pilot)
    await answer_until_settled(pilot, TYPO)
    assert screen.view == "fixes"
    return screen


async def answers_that_fit_no_cause(pilot: Pilot[None], screen: CaseScreen) -> None:
    """The panel refuses the password, yet the caller says both another DNS and switching
    the VPN off made it work: no cause fits all of that."""
    session = screen.case.session
    session.observe("account-check", "wrong-credentials", "probe")
    session.answer("dns-change-test", "works")
    session.answer("vpn-off-test", "works")
    screen.refresh_case()
    await pilot.pause()


def text_of(widget: Widget) -> str:
    """What a widget (and everything in it) shows now, as plain text lines."""
    if widget.children:
        return "\n".join(text_of(child) for child in widget.children if child.display)
    size = widget.outer_size
    if not size.area:
        return ""
    strips = widget.render_lines(Region(0, 0, size.width, size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def screen_text(pilot: Pilot[None]) -> str:
    """Everything the active screen shows (for "does it say X")."""
    return text_of(pilot.app.screen)


def on_screen(pilot: Pilot[None]) -> str:
    """What the terminal shows now, as drawn: only what is scrolled into view, a dialog
    over the case (unlike :func:`screen_text`, which reads every widget whole)."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def words(text: str) -> str:
    """Text without box-drawing characters, on one line: for "it says X" checks."""
    return " ".join(text.translate({ord(c): " " for c in "▌▐│┃╭╮╰╯─━▁▂▃▄▅▆▇█"}).split())


CHARACTERS = {"question_mark": "?", "minus": "-", "equals_sign": "=", "space": " "}


def _key_event(key: str) -> events.Key:
    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    character = key if len(key) == 1 else CHARACTERS.get(key)
    return events.Key(name, character)


async def burst(pilot: Pilot[None], *keys: str | events.Paste) -> None:
    """Keys as a terminal hands over a password manager's auto-type or a fast typist:
    all at once, before the app has handled the first (``pilot.press`` waits after each
    key).  A :class:`textual.events.Paste` among them arrives as a paste, in its place."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        driver.send_message(key if isinstance(key, events.Paste) else _key_event(key))
    await settle(pilot)


async def type_fast(pilot: Pilot[None], text: str) -> None:
    """Typing faster than the app settles: each key arrives while the last one's
    messages are still on their way (a fast typist, or a slow machine)."""
    driver = pilot.app._driver
    assert driver is not None
    for key in text:
        driver.send_message(_key_event(key))
        await asyncio.sleep(0)
    await settle(pilot)


async def paste(pilot: Pilot[None], text: str) -> None:
    """A bracketed paste from the terminal, as one event."""
    driver = pilot.app._driver
    assert driver is not None
    driver.send_message(events.Paste(text))
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Until every message sent on by the keys has been handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
