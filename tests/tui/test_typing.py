"""Typing never loses or scrambles text, however fast it comes: a fast typist,
a paste, a password manager's auto-type.  What the screen shows, what the case
holds and what is saved are the same, and the password lands in its own
masked field only."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from xtream_doctor.probe import lint
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.start import StartScreen

from .calls import burst, on_a_call, paste, settle, start_case, type_fast
from .conftest import MakeApp

PASSWORD = "Tr0ub4dor&3x"
VERSION = "3.3.5"
MAC = "00:1A:79:AA:BB:CC"
ERROR = "Max connections reached (2/2) - contact your provider"


def field(screen: object, selector: str) -> str:
    assert isinstance(screen, CaseScreen | StartScreen)
    return screen.query_one(selector, Input).value


def stored_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


async def test_fast_typing_and_a_paste_in_the_escalation_fields_land_exactly_on_screen_and_ticket(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await pilot.press("e")
        assert app.focused is screen.query_one("#esc-app_version")
        await type_fast(pilot, VERSION)
        await pilot.press("tab")
        await type_fast(pilot, MAC)
        await pilot.press("tab")
        await paste(pilot, ERROR)
        await burst(pilot, "ctrl+y")  # copied the moment the paste is in
        shown = (field(screen, "#esc-app_version"), field(screen, "#esc-mac"), field(screen, "#esc-error"))
        assert shown == (VERSION, MAC, ERROR)
        details = screen.case.details
        assert (details.app_version, details.mac, details.error) == shown
        ticket = (tmp_path / f"{screen.case.case_id}.ticket.txt").read_text(encoding="utf-8")
        assert f"version: {VERSION}\n" in ticket
        assert f"MAC / device id: {MAC}\n" in ticket
        assert f"Exact error: {ERROR}" in ticket
        assert app.clipboard == ticket
        record = app.casefile.get(screen.case.case_id)
        assert record is not None
        assert (record.details["app_version"], record.details["mac"], record.details["error"]) == shown


async def test_a_correction_typed_fast_in_an_escalation_field_is_kept(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await pilot.press("e")
        await type_fast(pilot, "3.3.4")
        await burst(pilot, "backspace", "5", "left", "left", "backspace", "4")
        assert field(screen, "#esc-app_version") == "3.4.5"
        assert screen.case.details.app_version == "3.4.5"


AUTO_TYPE = ("http://iptv.test:8080", "bob", PASSWORD)


def auto_type(server: str, username: str, password: str) -> list[str]:
    return [*server, "tab", *username, "tab", *password]


@pytest.mark.parametrize("after_a_case", [False, True], ids=["on a fresh start", "after another case"])
async def test_details_auto_typed_with_tab_between_them_land_each_in_its_own_field(
    make_app: MakeApp, tmp_path: Path, after_a_case: bool
) -> None:
    app = make_app(lint=lint)
    async with app.run_test(size=(80, 24)) as pilot:
        if after_a_case:
            await start_case(pilot)
            await pilot.press("1", "ctrl+n")
            await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        await burst(pilot, *auto_type(*AUTO_TYPE))
        assert (field(start, "#server"), field(start, "#username"), field(start, "#password")) == AUTO_TYPE
        assert start.query_one("#password", Input).password  # masked on screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.case.details.server == AUTO_TYPE[0]
        assert screen.case.details.username == "bob"
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert PASSWORD.encode() not in stored_bytes(tmp_path)


async def test_details_typed_with_pilot_presses_and_tab_land_each_in_its_own_field(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*auto_type(*AUTO_TYPE))
        start = app.screen
        assert (field(start, "#server"), field(start, "#username"), field(start, "#password")) == AUTO_TYPE


async def test_enter_typed_fast_after_a_field_moves_on_before_the_next_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, *"iptv.test:8080", "enter", *"bob", "enter", *PASSWORD)
        start = app.screen
        assert (field(start, "#server"), field(start, "#username"), field(start, "#password")) == (
            "iptv.test:8080",
            "bob",
            PASSWORD,
        )


@pytest.mark.parametrize(
    "server",
    [
        f"http://iptv.test:8080bob{PASSWORD}",  # the tabs were lost: all three in one box
        f"http://iptv.test:8080{PASSWORD}",
        f"http://iptv.test:8080 bob {PASSWORD}",
        f"iptv.test:8080\tbob\t{PASSWORD}",
        f"http://iptv.test:8080 username: bob password: {PASSWORD}",
    ],
    ids=["run together", "password only", "with spaces", "with tabs", "with labels"],
)
async def test_a_server_value_holding_what_looks_like_the_password_is_masked_before_it_is_stored(
    make_app: MakeApp, tmp_path: Path, server: str
) -> None:
    app = make_app(lint=lint)
    async with app.run_test(size=(80, 24)) as pilot:
        start = app.screen
        start.query_one("#server", Input).value = server  # nothing in the password box
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+y")
        ticket = screen.case.ticket()
        assert PASSWORD not in ticket
        assert "iptv.test" in ticket  # the server itself is still there for the ticket
        await pilot.press("ctrl+n")
        await pilot.pause()
    stored = stored_bytes(tmp_path)
    assert stored  # the case and its ticket were written
    assert PASSWORD.encode() not in stored
    assert b"Tr0ub4dor%263x" not in stored
