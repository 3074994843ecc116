"""The start screen says where the details came from; a read-out copy's character-level
lint is a note for staff, not evidence about the caller's app."""

from __future__ import annotations

from textual.widgets import Select

from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import lint
from xtream_doctor.tui.screens.case import CaseScreen

from .calls import start_case
from .conftest import MakeApp

LINK = "http://iptv.test:8080/get.php?username=bob&password=Secret123&type=m3u_plus"


async def _open(make_app: MakeApp, kb: KnowledgeBase, copy: str | None) -> tuple[CaseScreen, list[str]]:
    app = make_app(kb, lint=lint)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        if copy is not None:
            pilot.app.screen.query_one("#copy", Select).value = copy
        screen = await start_case(pilot, server=LINK, username="bob", password="Secret123")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        return screen, notes


async def test_a_playlist_link_read_out_to_the_desk_says_nothing_of_the_callers_app(
    make_app: MakeApp, kb: KnowledgeBase
) -> None:
    screen, notes = await _open(make_app, kb, None)  # the default: read out by the caller
    facts = screen.case.state().facts
    assert facts["details-source"].value == "read-out"
    assert "server-field-has-m3u-link" not in facts
    assert screen.case.state().probability("wrong-login-method") < 0.5
    assert any("playlist link" in n for n in notes)  # staff still see what their copy holds
    assert not any("Secret123" in n for n in notes)


async def test_the_callers_own_text_with_a_playlist_link_points_at_the_login_method(
    make_app: MakeApp, kb: KnowledgeBase
) -> None:
    screen, _ = await _open(make_app, kb, "exact-copy")
    facts = screen.case.state().facts
    assert facts["details-source"].value == "exact-copy"
    assert facts["server-field-has-m3u-link"].value == "yes"
    assert screen.case.state().leading == "wrong-login-method"


async def test_the_next_case_starts_as_read_out_again(make_app: MakeApp, kb: KnowledgeBase) -> None:
    app = make_app(kb)
    async with app.run_test(size=(100, 32)) as pilot:
        pilot.app.screen.query_one("#copy", Select).value = "our-records"
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="x")
        assert screen.case.copy == "our-records"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert pilot.app.screen.query_one("#copy", Select).value == "read-out"
