"""Help, themes, the command palette and the footer: the parts around the call."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot

from xtream_doctor.tui.app import XtreamDoctorApp
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.screens.help import HelpScreen
from xtream_doctor.tui.screens.start import StartScreen

from .calls import on_a_call, screen_text, start_case, words
from .conftest import MakeApp


@pytest.mark.parametrize("owner", [XtreamDoctorApp, StartScreen, CaseScreen])
def test_every_shown_binding_has_an_id_and_a_tooltip(owner: type) -> None:
    for binding in owner.BINDINGS:
        assert isinstance(binding, Binding)
        if binding.show:
            assert binding.id, binding
            assert binding.tooltip, binding


async def test_f1_opens_the_help_and_escape_closes_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "don't know" in words(screen_text(pilot))
        await pilot.press("escape")
        assert isinstance(app.screen, StartScreen)


async def test_ctrl_t_switches_between_the_dark_and_the_light_theme(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark


async def searched(pilot: Pilot[None]) -> None:
    """Until the palette's search for what was typed has finished (its workers are done),
    so that what it shows is its answer, not a moment of it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_palette_offers_case_commands_only_over_a_case(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"why this")
        await searched(pilot)
        assert "case: why this question" not in words(screen_text(pilot))
        await pilot.press("escape")
        await start_case(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"why this")
        await searched(pilot)
        assert "case: why this question" in words(screen_text(pilot))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExplainScreen)


async def test_the_case_screen_fits_an_80_by_24_terminal(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        for selector in ("#q-answers", "#candidates", "#facts"):
            region = screen.query_one(selector).region
            assert region.area and region.bottom <= 23 and region.right <= 80, selector
        assert "1-= Answer" in words(screen_text(pilot))  # the footer: the number row, 1 to =
