"""Every case closes with the truth: ctrl+d from any view of a case opens the close
dialog (solved by which step and cause, escalated to whom and why, a call-back),
with notes and the staff member; closing saves and goes back to the start screen,
whose list shows how each case ended.  A practice case can be deleted, for good."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, RadioSet, Select

from xtream_doctor.records.closure import Step
from xtream_doctor.records.staff import StaffConfig, read_staff
from xtream_doctor.records.store import CaseStore
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.close import CloseScreen
from xtream_doctor.tui.screens.confirm_delete import ConfirmDeleteScreen
from xtream_doctor.tui.screens.start import StartScreen

from .calls import (
    TYPO,
    answer_until_settled,
    answers_that_fit_no_cause,
    bob_with,
    burst,
    screen_text,
    start_case,
    to_the_fixes,
    words,
)
from .conftest import MakeApp, refusing_app

CANARY = "Kanary-7f3Q!pw"
ANA = StaffConfig("ana", "$XTREAM_DOCTOR_STAFF")


def stored(tmp_path: Path, case_id: str):  # type: ignore[no-untyped-def]
    record = CaseStore(tmp_path / "cases.sqlite3").get(case_id)
    assert record is not None
    return record


async def type_into(pilot: Pilot[None], text: str) -> None:
    """A burst of keys into whatever has the focus, as a quick typist."""
    await burst(pilot, *text)


def dialog(pilot: Pilot[None]) -> CloseScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CloseScreen), type(screen).__name__
    return screen


async def to_the_conflict(pilot: Pilot[None]) -> CaseScreen:
    screen = await start_case(pilot)
    await answers_that_fit_no_cause(pilot, screen)
    assert screen.view == "conflict"
    return screen


VIEWS = {  # the answers that lead there (none: the first question), the keys, the outcome preselected
    "question": (None, (), "call-back"),
    "fixes": (TYPO, (), "call-back"),
    "escalation": (None, ("e",), "escalated"),
    "solved": (TYPO, ("y",), "solved"),
}


@pytest.mark.parametrize("view", [*VIEWS, "conflict"])
async def test_ctrl_d_opens_the_close_dialog_from_every_view_of_a_case(make_app: MakeApp, view: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        if view == "conflict":
            screen = await to_the_conflict(pilot)
            expected = "call-back"
        else:
            facts, keys, expected = VIEWS[view]
            screen = await start_case(pilot)
            if facts is not None:
                await answer_until_settled(pilot, facts)
            await pilot.press(*keys)
        assert screen.view == view
        await pilot.press("ctrl+d")  # in the escalation view a box has the focus: ctrl+d still closes
        assert dialog(pilot).outcome == expected
        assert isinstance(app.focused, RadioSet)
        region = app.screen.query_one("#dialog").region
        assert region.bottom <= 24 and region.right <= 80  # the whole dialog on an 80x24 terminal
        await pilot.press("escape")
        assert app.screen is screen  # back to the call, nothing closed
        assert screen.case.closing.closed is None


async def test_a_case_solved_by_a_fix_closes_with_the_fix_and_its_cause_preselected(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(staff=ANA)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await to_the_fixes(pilot)
        await pilot.press("y")
        assert "ctrl+d Close the case" in words(screen_text(pilot))  # offered on the solved view
        fix = screen.case.state().solved_by
        assert fix is not None
        await pilot.press("ctrl+d")
        closing = dialog(pilot).closing()
        assert (closing.outcome, closing.step, closing.cause) == (
            "solved",
            Step("fix", fix.step, "wrong-credentials"),
            "wrong-credentials",
        )
        assert closing.staff == "ana"  # from the config, shown and changeable
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, StartScreen)  # closing ends the call
        assert any("closed: solved" in n.message for n in app._notifications)
        record = stored(tmp_path, screen.case.case_id)
        assert record.closed is not None and record.closed.outcome == "solved"
        assert record.closed.step == Step("fix", fix.step, "wrong-credentials")
        assert (record.confirmed_cause, record.staff_id) == ("wrong-credentials", "ana")
        assert "closed: solved · Wrong username or password" in words(screen_text(pilot))


async def test_an_escalation_says_to_whom_and_why_with_notes_and_writes_the_ticket(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, _probe = refusing_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot, **bob_with(CANARY))
        await pilot.press("e", "ctrl+d")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#close-to")
        await type_into(pilot, "reseller")
        await pilot.press("tab")
        await type_into(pilot, "panel says active, app says expired")
        await pilot.press("tab", "tab")  # past the cause (not known) to the notes
        await type_into(pilot, f"caller read the password {CANARY} out loud")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, StartScreen)
        record = stored(tmp_path, screen.case.case_id)
        assert record.closed is not None
        assert (record.closed.outcome, record.closed.to, record.closed.why) == (
            "escalated",
            "reseller",
            "panel says active, app says expired",
        )
        assert record.confirmed_cause is None  # nobody knows the cause yet: unlabelled, honestly
        assert record.notes == "caller read the password *** out loud"
        ticket = tmp_path / f"{screen.case.case_id}.ticket.txt"
        assert "Closed: escalated to reseller: panel says active, app says expired" in ticket.read_text()
        assert "closed: escalated to reseller" in words(screen_text(pilot))
    for path in tmp_path.iterdir():  # the store, its write-ahead log, the ticket
        assert CANARY.encode() not in path.read_bytes(), path.name


async def test_an_escalation_to_nobody_is_refused_with_what_to_do(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        await pilot.press("ctrl+d", "e", "ctrl+s")
        assert dialog(pilot)  # still open
        assert "Say to whom it goes: provider, reseller, technical team, or a name." in words(
            screen_text(pilot)
        )
        assert app.focused is app.screen.query_one("#close-to")  # where to type it
        await type_into(pilot, "tech")
        await pilot.press("right")  # takes the suggestion
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, StartScreen)
        closed = stored(tmp_path, screen.case.case_id).closed
        assert closed is not None and closed.to == "technical team"


async def test_a_call_back_mid_call_confirms_no_cause_unless_one_is_chosen(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(staff=ANA)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        await pilot.press("1")
        assert stored(tmp_path, screen.case.case_id).staff_id == "ana"  # on every case, open ones too
        await pilot.press("ctrl+d", "tab")
        await type_into(pilot, "after 6pm")
        await pilot.press("tab")
        await type_into(pilot, "caller not at the TV")
        await pilot.press("ctrl+s")
        record = stored(tmp_path, screen.case.case_id)
        assert record.closed is not None
        assert (record.closed.outcome, record.closed.when, record.closed.why) == (
            "call-back",
            "after 6pm",
            "caller not at the TV",
        )
        assert record.confirmed_cause is None and record.closed.step is None
        assert "closed: call back after 6pm" in words(screen_text(pilot))


async def test_any_cause_of_the_knowledge_base_can_be_chosen_by_its_title(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_the_fixes(pilot)
        await pilot.press("ctrl+d", "s")  # solved: by something else the caller did
        assert dialog(pilot).closing().step == Step("caller")
        cause = app.screen.query_one("#close-cause", Select)
        assert cause.value == screen.case.state().leading  # the likeliest, preselected
        cause.focus()
        await pilot.press("enter")
        await type_into(pilot, "The server")  # the overlay finds it by its title
        await pilot.press("enter")
        assert cause.value == "server-down"
        await pilot.press("ctrl+s")
        record = stored(tmp_path, screen.case.case_id)
        assert record.confirmed_cause == "server-down"
        assert record.closed is not None and record.closed.step == Step("caller")


async def test_a_broken_config_file_is_shown_when_the_app_opens_and_the_app_goes_on(
    make_app: MakeApp, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("staff = ana\n", encoding="utf-8")
    app = make_app(staff=read_staff({}, config))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        (shown,) = [n.message for n in app._notifications if "config.toml" in n.message]
        assert f"{config}:1:9: invalid value" in shown and 'staff = "ana"' in shown
        screen = await start_case(pilot)
        await pilot.press("1")
        assert stored(tmp_path, screen.case.case_id).staff_id is None


async def test_a_practice_case_is_deleted_from_the_close_dialog_with_its_ticket(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot, username="practice-bob")
        await pilot.press("1", "e", "ctrl+y")  # a ticket file too
        ticket = tmp_path / f"{screen.case.case_id}.ticket.txt"
        assert ticket.exists()
        await pilot.press("ctrl+d")
        app.screen.query_one("#close-delete").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDeleteScreen)
        await pilot.press("y")
        assert isinstance(app.screen, StartScreen)
        assert CaseStore(tmp_path / "cases.sqlite3").get(screen.case.case_id) is None
        assert not ticket.exists()
    for path in tmp_path.iterdir():  # nothing of it left behind, the write-ahead log included
        assert b"practice-bob" not in path.read_bytes(), path.name


async def test_a_saved_case_is_deleted_from_the_list_only_after_a_yes(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for username in ("keep-me", "practice"):
            await start_case(pilot, username=username)
            await pilot.press("1", "ctrl+n")
        await pilot.press("ctrl+o")
        saved = app.screen.query_one("#saved", OptionList)
        assert "Del Delete case" in words(screen_text(pilot))  # shown over the list only
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDeleteScreen)
        assert "practice" in words(screen_text(pilot))  # which case, in words
        await pilot.press("n")
        assert CaseStore(tmp_path / "cases.sqlite3").count() == 2
        await pilot.press("delete", "y")
        assert [s.username for s in CaseStore(tmp_path / "cases.sqlite3").recent()] == ["keep-me"]
        assert saved.option_count == 1 and app.focused is saved


async def test_delete_in_a_box_of_the_start_screen_still_edits_the_box(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_case(pilot, username="someone")
        await pilot.press("1", "ctrl+n")
        box = app.screen.query_one("#username", Input)
        box.focus()
        await type_into(pilot, "bob")
        await pilot.press("home", "delete")
        assert box.value == "ob"
        assert isinstance(app.screen, StartScreen)


async def test_a_closed_case_resumed_keeps_its_close_and_the_dialog_shows_it_again(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(staff=ANA)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot, username="carla")
        case_id = screen.case.case_id
        await pilot.press("ctrl+d", "tab")
        await type_into(pilot, "tomorrow")
        await pilot.press("tab", "tab", "tab")
        await type_into(pilot, "rang twice")
        await pilot.press("ctrl+s", "ctrl+o", "enter")  # resume it from the list
        resumed = app.screen
        assert isinstance(resumed, CaseScreen) and resumed.case.case_id == case_id
        await pilot.press("1")  # an answer after the close: saved with the close kept
        record = stored(tmp_path, case_id)
        assert record.closed is not None and record.closed.when == "tomorrow"
        assert (record.notes, record.staff_id) == ("rang twice", "ana")
        await pilot.press("ctrl+d")
        closing = dialog(pilot).closing()
        assert (closing.outcome, closing.when, closing.notes) == ("call-back", "tomorrow", "rang twice")


def test_the_command_hands_the_app_the_staff_id_from_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xtream_doctor.cli import main
    from xtream_doctor.tui.app import XtreamDoctorApp

    from .conftest import RULES

    opened: list[XtreamDoctorApp] = []
    monkeypatch.setattr(XtreamDoctorApp, "run", lambda self, *a, **k: opened.append(self))
    monkeypatch.setattr("xtream_doctor.cli.tui.missing_terminal", lambda: None)
    monkeypatch.delenv("XTREAM_DOCTOR_STAFF", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "xtream-doctor").mkdir()
    (tmp_path / "xtream-doctor" / "config.toml").write_text('staff = "ana"\n', encoding="utf-8")
    assert main(["--rules", str(RULES), "--case-log", str(tmp_path / "cases.sqlite3")]) == 0
    monkeypatch.setenv("XTREAM_DOCTOR_STAFF", "bo")
    assert main(["--rules", str(RULES), "--case-log", str(tmp_path / "cases.sqlite3")]) == 0
    assert [app.staff.staff for app in opened] == ["ana", "bo"]
