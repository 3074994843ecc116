"""The main screens at 80x24, as pictures (pytest-textual-snapshot).

Run on the frozen rules with a fixed case id, and with every text cursor held
steady (a blinking one is on or off depending on when the picture is taken, so
on a busy machine the same screen made a different picture), so a picture
changes only when the app's look does.  After a deliberate change, review the report, then:
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from xtream_doctor.tui.screens.case import CaseScreen

from .calls import key_for
from .conftest import MakeApp

SIZE = (80, 24)
Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_case_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xtream_doctor.tui.app.new_case_id", lambda clock: "20250101-090000-demo")


async def steady_cursors(pilot: Pilot[Any]) -> None:
    """Stop every cursor blinking (it then stays shown), on whatever screen is up."""
    for screen in pilot.app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False
    await pilot.pause()


def steady(
    run: Callable[[Pilot[Any]], Awaitable[None]] | None = None,
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def then(pilot: Pilot[Any]) -> None:
        if run is not None:
            await run(pilot)
        await steady_cursors(pilot)

    return then


def steps(
    *keys: str, facts: dict[str, str] | None = None, until: str = ""
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Start a case on a Firestick, then press ``keys``, then answer from ``facts`` until a view."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#device").value = "firestick"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, CaseScreen)
        if facts is not None:
            while screen.case.state().status == "asking" and (not until or screen.view != until):
                await pilot.press(key_for(screen, facts))
        await pilot.press(*keys)
        await pilot.pause()
        await steady_cursors(pilot)

    return run


def test_the_start_screen(snap_compare: Snap, make_app: MakeApp, tmp_path: Path) -> None:
    assert snap_compare(make_app(), run_before=steady(), terminal_size=SIZE)


def test_a_question_with_device_instructions(snap_compare: Snap, make_app: MakeApp) -> None:
    facts = {"subscription-state": "active", "others-reporting": "no", "error-message": "host-not-found"}

    async def to_dns_question(pilot: Pilot[Any]) -> None:
        await steps()(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CaseScreen)
        while screen.case.state().next_question.question.id != "dns-change-test":  # type: ignore[union-attr]
            await pilot.press(key_for(screen, facts))
        await pilot.pause()
        await steady_cursors(pilot)

    assert snap_compare(make_app(), run_before=to_dns_question, terminal_size=SIZE)


def test_the_diagnosis_with_its_fixes(snap_compare: Snap, make_app: MakeApp) -> None:
    facts = {
        "subscription-state": "active",
        "others-reporting": "no",
        "vpn-in-use": "no",
        "error-message": "auth-failed",
        "careful-retype-test": "works",
    }
    assert snap_compare(make_app(), run_before=steps(facts=facts), terminal_size=SIZE)


def test_the_escalation_summary(snap_compare: Snap, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), run_before=steps("1", "2", "e"), terminal_size=SIZE)


def test_the_answers_in_conflict(snap_compare: Snap, make_app: MakeApp) -> None:
    facts = {"subscription-state": "expired"}
    assert snap_compare(make_app(), run_before=steps("n", facts=facts), terminal_size=SIZE)


def test_the_help(snap_compare: Snap, make_app: MakeApp) -> None:
    async def help_open(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(), run_before=steady(help_open), terminal_size=SIZE)
