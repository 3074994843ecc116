"""Every case is autosaved on the shared case log as it goes, never with the
password, and can be resumed from the start screen or with --resume."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from xtream_doctor.records.store import CaseStore
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.start import StartScreen

from .calls import bob_with, on_a_call, start_case
from .conftest import MakeApp, refusing_app

PASSWORD = "Tr0ub4dor&3x"


async def test_the_password_typed_on_the_start_screen_never_reaches_the_record_file(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, probe = refusing_app(make_app)
    async with on_a_call(app, size=(100, 32), **bob_with(PASSWORD)) as (pilot, screen):
        assert probe.targets and probe.targets[0].password == PASSWORD  # the probe did get it
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e", "ctrl+y")  # the ticket file too
        case_id = screen.case.case_id
        await pilot.press("ctrl+n")
        start = app.screen
        assert isinstance(start, StartScreen)
        assert start.query_one("#password", Input).value == ""  # not left on screen for the next caller
    written = [p for p in tmp_path.iterdir() if p.is_file()]
    assert {p.name for p in written} - {"cases.sqlite3-wal", "cases.sqlite3-shm"} == {
        "cases.sqlite3",
        f"{case_id}.ticket.txt",
    }
    for path in written:
        data = path.read_bytes()  # the store's pages and its write-ahead log too
        assert PASSWORD.encode() not in data, path
        assert b"Tr0ub4dor%263x" not in data, path  # nor URL-encoded
    record = CaseStore(tmp_path / "cases.sqlite3").get(case_id)
    assert record is not None
    assert record.details["username"] == "bob"
    assert "password=***" in record.details["server"]


async def test_every_answer_is_on_disk_before_the_next_key(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        first = screen.case.state().next_question
        assert first is not None
        await pilot.press("1")
        # no quitting, no saving by hand: what a crash right now would leave behind
        record = CaseStore(tmp_path / "cases.sqlite3").get(screen.case.case_id)
        assert record is not None
        assert [q.id for q in record.questions] == [first.question.id]


async def test_a_case_resumed_with_its_id_continues_where_it_was_left(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot, device="firestick")
        await pilot.press("1", "2")
        case_id = screen.case.case_id
        facts = {a: f.value for a, f in screen.case.state().facts.items()}
        question = screen.case.state().next_question
    assert question is not None
    again = make_app(resume=case_id)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, CaseScreen)
        assert screen.case.case_id == case_id
        assert {a: f.value for a, f in screen.case.state().facts.items()} == facts
        resumed = screen.case.state().next_question
        assert resumed is not None and resumed.question.id == question.question.id
        assert screen.case.device == "firestick"
        await pilot.press("question_mark")
    record = CaseStore(tmp_path / "cases.sqlite3").get(case_id)
    assert record is not None
    assert [q.id for q in record.questions if q.id != "device"][-1] == question.question.id
    assert len([q for q in record.questions if q.id != "device"]) == 3


async def test_the_start_screen_lists_saved_cases_and_enter_resumes_one(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        await pilot.press("1")
        case_id = screen.case.case_id
        await pilot.press("ctrl+n")
        start = app.screen
        assert isinstance(start, StartScreen)
        saved = start.query_one("#saved", OptionList)
        assert saved.get_option_at_index(0).id == case_id
        await pilot.press("ctrl+o")
        assert saved.has_focus
        await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case.case_id == case_id


async def test_resuming_an_unknown_case_says_so_and_stays_on_the_start_screen(make_app: MakeApp) -> None:
    app = make_app(resume="no-such-case")
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert any("No saved case 'no-such-case'" in n.message for n in app._notifications)
