"""The caller leads: what they volunteer is noted at any moment, from a key or
the palette, and counts at once."""

from __future__ import annotations

from textual.command import CommandPalette

from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.volunteer import VolunteerScreen

from .calls import on_a_call, screen_text, settle, type_fast, words
from .conftest import MakeApp


async def test_the_first_thing_said_is_the_error_message_before_the_app_asked_for_it(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24), notifications=True) as (pilot, screen):
        first = screen.case.state().next_question
        assert first is not None and first.question.id != "error-message"
        limit_before = screen.case.state().probability("connection-limit")
        await pilot.press("a")
        assert isinstance(app.screen, VolunteerScreen)
        await type_fast(pilot, "it says max connections")
        assert "Max connections" in words(screen_text(pilot))
        await pilot.press("enter")
        assert app.screen is screen
        state = screen.case.state()
        assert state.facts["error-message"].value == "max-connections"
        assert state.facts["error-message"].source == "answer"
        assert [(e.kind, e.attribute) for e in screen.case.session.events] == [("answer", "error-message")]
        assert state.probability("connection-limit") > 2 * limit_before  # it counted at once
        assert state.next_question is None or state.next_question.question.id != "error-message"
        assert any("Noted:" in n.message and "Max connections" in n.message for n in app._notifications)
        record = app.casefile.get(screen.case.case_id)
        assert record is not None and [q.id for q in record.questions] == ["error-message"]


async def test_arrows_pick_another_match_and_escape_notes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(120, 40)) as (pilot, screen):
        await pilot.press("a")
        await type_fast(pilot, "vpn")
        await pilot.press("escape")
        assert app.screen is screen and not screen.case.session.events
        await pilot.press("a")
        await type_fast(pilot, "I use a VPN")
        picker = app.screen
        assert isinstance(picker, VolunteerScreen)
        assert [(m.attribute, m.value) for m in picker.matches[:2]] == [
            ("vpn-in-use", "yes"),
            ("vpn-in-use", "no"),
        ]
        await pilot.press("down", "enter")
        assert screen.case.state().facts["vpn-in-use"].value == "no"


async def test_the_palette_finds_the_answer_by_the_callers_words(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_fast(pilot, "two tvs are on")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.case.state().facts["other-devices-active"].value == "yes"


async def test_the_palette_opens_the_picker_too(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await pilot.press("ctrl+p")
        await type_fast(pilot, "case: the caller says")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VolunteerScreen)
        await type_fast(pilot, "expired")
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        assert screen.case.state().facts["subscription-state"].value == "expired"
