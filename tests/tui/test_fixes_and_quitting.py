"""A skipped fix stays skipped, whatever view staff visit; and quitting never
silently drops a case that could not be saved."""

from __future__ import annotations

from typing import Any

import pytest

from xtream_doctor.tui.casefile import CaseFile
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.start import StartScreen
from xtream_doctor.tui.screens.unsaved import UnsavedScreen

from .calls import on_a_call, screen_text, start_case, to_the_fixes, words
from .conftest import MakeApp


async def test_a_skipped_fix_does_not_come_back_after_the_escalation_view(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_the_fixes(pilot)
        cause = app.kb.causes["wrong-credentials"]
        _first, second = cause.fixes
        await pilot.press("s")
        assert screen.case.current_fix() == (cause, second)
        await pilot.press("e")
        assert screen.view == "escalation"
        await pilot.press("escape")
        assert screen.view == "fixes"
        assert screen.case.current_fix() == (cause, second)
        await pilot.press("y")
        tried = [(e.cause, e.fix, e.helped) for e in screen.case.session.events if e.kind == "fix"]
        assert tried == [(cause.id, second.id, True)]  # never the skipped one


async def test_with_every_fix_skipped_escape_keeps_them_skipped_and_undo_brings_the_last_back(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await to_the_fixes(pilot)
        cause = app.kb.causes["wrong-credentials"]
        await pilot.press("s", "s")
        assert screen.view == "escalation"
        await pilot.press("escape", "y")
        assert screen.view == "escalation"
        assert not [e for e in screen.case.session.events if e.kind == "fix"]
        await pilot.press("ctrl+z")  # u would be typed in the focused box
        assert screen.view == "fixes"
        assert screen.case.current_fix() == (cause, cause.fixes[1])
        assert any(f"Skip taken back: {cause.fixes[1].title}" in n.message for n in app._notifications)


class FailingCaseFile(CaseFile):
    """The disk is full until the test says it is not."""

    failing = True

    def save(self, *args: Any, **kwargs: Any) -> Any:
        if self.failing:
            raise OSError(28, "No space left on device")
        return super().save(*args, **kwargs)


@pytest.fixture
def full_disk(make_app: MakeApp) -> Any:
    def make() -> Any:
        app = make_app()
        app.casefile = FailingCaseFile(app.casefile.path)
        return app

    return make


async def test_quitting_after_a_failed_save_warns_and_a_retry_saves_and_quits(full_disk: Any) -> None:
    app = full_disk()
    async with on_a_call(app, size=(80, 24), notifications=True) as (pilot, screen):
        await pilot.press("1")
        assert any("Could not save the case" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        shown = words(screen_text(pilot))
        assert "not saved" in shown and "No space left on device" in shown
        await pilot.press("r")  # still full: says so, stays
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        app.casefile.failing = False
        await pilot.press("r")
        await pilot.pause()
        assert app._exit_renderables is not None or not app.is_running
    record = app.casefile.get(screen.case.case_id)
    assert record is not None and len(record.questions) == 1


async def test_from_the_warning_escape_goes_back_to_the_case_and_q_quits_anyway(full_disk: Any) -> None:
    app = full_disk()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await pilot.press("1", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("ctrl+n")  # leaving the case does not forget it is unsaved
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_quitting_with_everything_saved_asks_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_case(pilot)
        await pilot.press("1", "ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_fix_that_helps_partly_asks_again_what_the_app_says(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await to_the_fixes(pilot)
        cause = app.kb.causes["wrong-credentials"]
        asked_before = screen.case.asked()
        await pilot.press("p")
        (tried,) = [e for e in screen.case.session.events if e.kind == "fix"]
        assert (tried.cause, tried.fix) == (cause.id, cause.fixes[0].id)
        assert tried.helped and tried.partly
        state = screen.case.state()
        assert state.status == "asking" and state.solved_by is None
        assert state.next_question is not None and state.next_question.question.id == "error-message"
        assert "error-message" not in state.facts
        assert screen.view == "question"
        # the message asked again is a new question
        assert f"Question {asked_before + 1}" in screen_text(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert screen.case.asked() == asked_before + 1
        assert any(f"{cause.title}: mended" in n.message for n in app._notifications)
        await pilot.press("e")  # the escalation summary lists the fixes tried
        assert "helped partly" in words(screen_text(pilot))


async def test_a_resumed_case_does_not_offer_a_skipped_fix_again(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_the_fixes(pilot)
        cause = app.kb.causes["wrong-credentials"]
        await pilot.press("s")
        case_id = screen.case.case_id
        assert screen.case.current_fix() == (cause, cause.fixes[1])
    again = make_app(resume=case_id)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, CaseScreen)
        assert screen.case.current_fix() == (cause, cause.fixes[1])  # the skip was saved with the case
