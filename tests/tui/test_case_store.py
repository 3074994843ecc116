"""The app on its SQLite case store: an earlier version's JSONL log imported on
first start, the saved-cases list with time, username and device, private
tickets, and a canary password that no field carries into any stored byte."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from textual.widgets import Input, OptionList

from xtream_doctor.engine.session import Session
from xtream_doctor.records.record import record_from_session
from xtream_doctor.records.store import CaseStore
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.start import StartScreen

from .calls import bob_with, on_a_call, paste, settle, start_case, type_fast
from .conftest import MakeApp, refusing_app

CANARY = "Kanar1e-Pw&9z"


async def test_a_jsonl_log_of_an_earlier_version_is_imported_on_first_start(
    make_app: MakeApp, tmp_path: Path, frozen_kb: object
) -> None:
    log = tmp_path / "cases.jsonl"
    lines = []
    for n in range(2):
        session = Session(frozen_kb)  # type: ignore[arg-type]
        session.answer("subscription-state", "expired")
        lines.append(
            record_from_session(session, case_id=f"old-{n}", details={"username": f"u{n}"}).to_json()
        )
    log.write_text("\n".join([*lines, lines[0][:50]]), encoding="utf-8")
    app = make_app(case_log=log)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.casefile.path == tmp_path / "cases.sqlite3"
        (note,) = [n.message for n in app._notifications]
        assert "imported 2 cases" in note and "cases.jsonl:3: torn last line" in note
        saved = app.screen.query_one("#saved", OptionList)
        assert {saved.get_option_at_index(i).id for i in range(saved.option_count)} == {"old-0", "old-1"}
    assert log.exists()  # kept as it was
    again = make_app(case_log=log)
    async with again.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert not list(again._notifications)  # imported once only


async def test_the_saved_cases_list_shows_time_username_and_device(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_case(pilot, username="bob", device="firestick")
        await pilot.press("1", "ctrl+n")
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        saved = start.query_one("#saved", OptionList)
        shown = str(saved.get_option_at_index(0).prompt)
        assert time.strftime("today %H:%M") in shown or "today" in shown
        assert "bob" in shown and "Amazon Fire TV Stick" in shown


async def test_a_canary_password_reaches_no_stored_byte_through_any_field(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, _probe = refusing_app(make_app)
    # the password in its box, in the pasted playlist link, and in every note
    async with on_a_call(app, size=(80, 24), **bob_with(CANARY)) as (pilot, screen):
        await settle(pilot)
        await pilot.press("e")
        await type_fast(pilot, f"3.3.5 {CANARY}")
        await pilot.press("tab")
        await type_fast(pilot, CANARY)
        await pilot.press("tab")
        await paste(pilot, f"Invalid password {CANARY} for bob")
        await pilot.press("ctrl+y", "ctrl+n")
        await pilot.pause()
        ticket = tmp_path / f"{screen.case.case_id}.ticket.txt"
        assert stat.S_IMODE(ticket.stat().st_mode) == 0o600
        # the server-field mistake: the password typed into the server box, its own box empty
        start = app.screen
        assert isinstance(start, StartScreen)
        start.query_one("#server", Input).value = f"http://iptv.test:8080bob{CANARY}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("1", "e", "ctrl+y", "ctrl+n")
        await pilot.pause()
    store = CaseStore(tmp_path / "cases.sqlite3")
    assert store.count() == 2
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as f:
        store.export_jsonl(f)
    store.close()
    files = [p for p in tmp_path.iterdir() if p.is_file()]
    assert {p.suffix for p in files} >= {".sqlite3", ".txt", ".jsonl"}
    for path in files:
        data = path.read_bytes()
        for form in (CANARY, "Kanar1e-Pw%269z", "Kanar1e-Pw\\u0026"):
            assert form.encode() not in data, (path.name, form)
    for path in tmp_path.glob("cases.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
