"""When answers disagree the app names the one most likely wrong and asks it again with one key."""

from __future__ import annotations

from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.tui.screens.reanswer import ReanswerScreen
from xtream_doctor.tui.widgets.doubt_line import DoubtLine

from .calls import start_case, text_of, words
from .conftest import MakeApp

LIMIT = "connection-limit"


async def test_a_test_that_worked_against_an_earlier_answer_names_it_and_r_asks_it_again(
    make_app: MakeApp, kb: KnowledgeBase
) -> None:
    app = make_app(kb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        case = screen.case
        case.answer("error-message", "max-connections")
        case.answer("other-devices-active", "no")  # a child is watching in the other room
        case.answer("close-others-test", "works")
        screen.refresh_case()
        await pilot.pause()
        assert screen.view == "solved"
        line = screen.query_one(DoubtLine)
        assert line.display
        shown = words(text_of(line))
        assert "Answers disagree" in shown and "“No, only this device” may be wrong" in shown
        assert "r ask it again" in shown
        assert "Answers disagree: Everything else points to Too many devices" in case.ticket()
        await pilot.press("r")
        assert isinstance(app.screen, ReanswerScreen)
        assert app.screen.question.id == "other-devices-active"
        yes = next(n for n, a in enumerate(app.screen.question.answers, 1) if a.value == "yes")
        await pilot.press(str(yes))
        await pilot.pause()
        assert case.state().facts["other-devices-active"].value == "yes"
        assert case.state().doubt is None and not line.display
        assert case.state().status == "solved"  # the test still made it work


async def test_a_fix_reported_as_not_helping_can_be_tried_again_with_r(
    make_app: MakeApp, kb: KnowledgeBase
) -> None:
    app = make_app(kb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        case = screen.case
        case.answer("error-message", "max-connections")
        case.session.observe("account-check", "active", "probe")
        case.session.observe("connection-slots", "full", "probe")
        screen.refresh_case()
        await pilot.pause()
        assert screen.view == "fixes"
        for _ in kb.causes[LIMIT].fixes:
            await pilot.press("n")
        await pilot.pause()
        doubt = case.state().doubt
        assert doubt is not None and doubt.fix is not None and doubt.fix[0] == LIMIT
        assert "r try it again" in words(text_of(screen.query_one(DoubtLine)))
        await pilot.press("r")
        await pilot.pause()
        assert case.state().status == "found"
        current = case.current_fix()
        assert current is not None and (current[0].id, current[1].id) == doubt.fix
        assert screen.view == "fixes"


async def test_r_is_refused_when_nothing_disagrees(make_app: MakeApp, kb: KnowledgeBase) -> None:
    app = make_app(kb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        assert screen.case.state().doubt is None
        assert not screen.query_one(DoubtLine).display
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, ReanswerScreen)
