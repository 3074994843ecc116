"""A key applies to what was on screen when it was typed, however fast the keys
come (a fast typist, a paste, a password manager's auto-type), or it is refused
with a bell and a short notice: never to a screen the keys before it were about
to replace."""

from __future__ import annotations

from textual import events
from textual.drivers import linux_driver
from textual.widgets import Input, Select

from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.tui.app import XtreamDoctorApp
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.screens.start import StartScreen
from xtream_doctor.tui.widgets.question_view import QuestionView

from .calls import burst, on_a_call, settle, start_case, words
from .conftest import MakeApp

ANSWERED = tuple[str, str, str]


def answered(screen: CaseScreen) -> list[ANSWERED]:
    return [(e.kind, e.attribute, e.value) for e in screen.case.session.events]


def first_two(kb: KnowledgeBase, first: int, second: int) -> list[ANSWERED]:
    """The events of answering the first two questions of an empty case with these answers
    (from 1), worked out without the app."""
    session = Session(kb)
    events = []
    for number in (first, second):
        choice = session.state().next_question
        assert choice is not None
        value = choice.question.answers[number - 1].value
        session.answer(choice.question.id, value)
        events.append(("answer", choice.question.id, value))
    return events


def bells(app: XtreamDoctorApp) -> list[int]:
    rung: list[int] = []
    app.bell = lambda: rung.append(1)  # type: ignore[method-assign]
    return rung


async def test_ctrl_s_and_two_answer_keys_in_one_burst_answer_the_first_two_questions(
    make_app: MakeApp, frozen_kb: KnowledgeBase
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+s", "2", "1")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert answered(screen) == first_two(frozen_kb, 2, 1)
        assert screen.case.details.server == ""  # the digits were answers, not typed into a box


async def test_enter_on_an_answer_then_a_key_typed_at_once_answer_one_question_each(
    make_app: MakeApp, frozen_kb: KnowledgeBase
) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await burst(pilot, "down", "enter", "1")
        assert answered(screen) == first_two(frozen_kb, 2, 1)


async def test_the_callers_words_and_enter_typed_at_once_note_the_match_for_those_words(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await burst(pilot, "a", *"max connections", "enter")
        assert app.screen is screen
        assert answered(screen) == [("answer", "error-message", "max-connections")]


async def test_the_callers_words_pasted_then_enter_note_the_match_for_those_words(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await burst(pilot, "a", events.Paste("two TVs are on"), "enter")
        assert answered(screen) == [("answer", "other-devices-active", "yes")]


async def test_an_arrow_typed_fast_after_the_callers_words_picks_the_next_match(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await burst(pilot, "a", *"I use a VPN", "down", "enter")
        assert answered(screen) == [("answer", "vpn-in-use", "no")]  # the second match: "no"


async def test_tab_enter_down_enter_typed_at_once_choose_the_device_and_the_app(
    make_app: MakeApp, frozen_kb: KnowledgeBase
) -> None:
    app = make_app()
    device = frozen_kb.questions["device"].answers[0].value
    phone_app = frozen_kb.questions["app"].answers[1].value
    async with app.run_test(size=(80, 24)) as pilot:
        start = app.screen
        assert isinstance(start, StartScreen)
        details = [*"http://iptv.test:8080", "tab", *"bob", "tab", *"hunter2-secret"]
        lists = ["tab", "enter", "down", "enter", "tab", "enter", "down", "down", "enter"]
        await burst(pilot, *details, *lists)
        assert start.query_one("#device", Select).value == device
        assert start.query_one("#app", Select).value == phone_app
        await burst(pilot, "ctrl+s", "1")
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        facts = screen.case.state().facts
        assert (facts["device"].value, facts["app"].value) == (device, phone_app)
        assert screen.case.details.username == "bob"
        assert [e.kind for e in screen.case.session.events] == ["answer", "answer", "answer"]


async def test_esc_and_a_key_typed_at_once_close_the_dialog_then_the_key_answers(
    make_app: MakeApp, frozen_kb: KnowledgeBase
) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await pilot.press("w")
        assert isinstance(app.screen, ExplainScreen)
        parser = linux_driver.XTermParser()  # what the app reads a real terminal with
        typed = list(parser.feed("\x1b1"))  # Esc and 1 in one read, as tmux send-keys or a quick hand
        driver = app._driver
        assert driver is not None
        for event in typed:
            driver.send_message(event)
        await settle(pilot)
        assert app.screen is screen
        assert answered(screen) == first_two(frozen_kb, 1, 1)[:1]


async def test_a_key_that_means_nothing_here_is_refused_with_a_bell_and_a_notice(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24), notifications=True) as (pilot, screen):
        rung = bells(app)
        count = len(screen.query_one(QuestionView).question.answers)  # type: ignore[union-attr]
        assert count < 9
        await pilot.press("9", "y")
        assert not screen.case.session.events
        assert len(rung) == 2
        notices = [n.message for n in app._notifications]
        assert any(f"No answer 9: this question has {count}" in m for m in notices), notices
        assert any("‘y’ does nothing here" in m for m in notices), notices


async def test_digits_typed_in_an_escalation_box_are_typed_not_answers(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await burst(pilot, "e", *"3.3.5 ay", "ctrl+y")
        assert screen.query_one("#esc-app_version").value == "3.3.5 ay"  # type: ignore[attr-defined]
        assert screen.case.details.app_version == "3.3.5 ay"
        assert not screen.case.session.events
        assert "version: 3.3.5 ay" in (app.clipboard or "")


async def test_a_burst_of_answers_after_the_start_lands_one_answer_per_question(
    make_app: MakeApp, frozen_kb: KnowledgeBase
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        choice = screen.case.state().next_question
        assert choice is not None
        await burst(pilot, "1", "u", "2", "1")
        assert answered(screen) == first_two(frozen_kb, 2, 1)
        assert answered(screen)[0][1] == choice.question.id
        assert "Question 3" in words(str(screen.query_one("#q-meta").render()))


async def test_back_from_a_case_the_next_callers_details_go_into_the_server_box(make_app: MakeApp) -> None:
    """Even when the saved list had the focus (a case resumed from it), the next call starts in
    the server box: keys typed at once must not be lost in the list."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_case(pilot, server="http://iptv.test:8080", username="bob")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+o", "enter")  # resume the saved case from the list
        await pilot.pause()
        await pilot.press("ctrl+n", *"http://next.test:8080", "tab", *"ann")
        await pilot.pause()
        assert pilot.app.screen.query_one("#server", Input).value == "http://next.test:8080"
        assert pilot.app.screen.query_one("#username", Input).value == "ann"
