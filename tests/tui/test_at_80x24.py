"""At 80x24 the agent sees what to read out: the step of the fix being read,
every answer with a key of its own, a long explanation to the end, and text
wrapped again to a new width as soon as the terminal is resized."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from xtream_doctor.demo_server import DemoServer
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import lint
from xtream_doctor.tui.probing import bundled_probe
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.facts import FactList
from xtream_doctor.tui.widgets.fix_checklist import FixChecklist
from xtream_doctor.tui.widgets.question_view import QuestionView

from .calls import answer_until, on_a_call, on_screen, start_case, text_of, to_the_fixes, words
from .conftest import MakeApp, rules_with


async def test_the_step_being_read_out_is_on_screen_and_the_arrows_move_it(
    make_app: MakeApp, long_fix_kb: KnowledgeBase
) -> None:
    app = make_app(long_fix_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_the_fixes(pilot)
        checklist = screen.query_one(FixChecklist)
        await pilot.pause()
        assert "Step 1," in on_screen(pilot)  # not below the fold, under the long summary
        for n in range(2, 9):
            await pilot.press("down")
            await pilot.pause()
            assert checklist.step == n - 1
            shown = on_screen(pilot)
            assert f"Step {n}," in shown, shown
            assert "Did that fix it?" in shown
        await pilot.press("up", "up")
        await pilot.pause()
        assert "Step 6," in on_screen(pilot)


def last_line(widget: Widget) -> str:
    return [line for line in text_of(widget).splitlines() if line.strip()][-1].strip(" │")


async def test_every_pane_scrolls_by_keyboard(make_app: MakeApp, long_fix_kb: KnowledgeBase) -> None:
    app = make_app(long_fix_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_the_fixes(pilot)
        body = screen.query_one("#fix-body")
        last = last_line(body)
        assert last not in on_screen(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert last in on_screen(pilot)
        await pilot.press("home")
        await pilot.pause()
        assert "Diagnosis:" in on_screen(pilot)
        await pilot.press("c", "end")  # the causes, to the last one
        await pilot.pause()
        assert last_line(screen.query_one(CandidateList)).split("(")[0].strip() in on_screen(pilot)


def _more_answers(text: str) -> str:
    return text.replace(
        "cost: 15", "".join(f"  extra-{n}: Extra message number {n}\n" for n in range(8, 15)) + "cost: 15"
    )


@pytest.fixture
def many_answers_kb(tmp_path: Path) -> KnowledgeBase:
    """The frozen rules, with an error-message question of 14 answers."""
    return rules_with(tmp_path / "many-answers", {"questions/error-message.yaml": _more_answers})


TO_ERROR = {"subscription-state": "active", "others-reporting": "no"}


@pytest.mark.parametrize(("key", "number"), [("0", 10), ("minus", 11), ("equals_sign", 12)])
async def test_every_answer_up_to_the_twelfth_has_a_key_along_the_number_row(
    make_app: MakeApp, many_answers_kb: KnowledgeBase, key: str, number: int
) -> None:
    app = make_app(many_answers_kb)
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await answer_until(pilot, screen, TO_ERROR, "error-message")
        question = app.kb.questions["error-message"]
        assert len(question.answers) == 14
        mark = {"0": "0", "minus": "-", "equals_sign": "="}[key]
        assert f"{mark} {question.answers[number - 1].label}" in words(
            text_of(screen.query_one("#q-answers"))
        )
        await pilot.press(key)
        assert screen.case.state().facts["error-message"].value == question.answers[number - 1].value


async def test_answers_past_the_keys_are_still_offered_and_the_heading_says_how(
    make_app: MakeApp, many_answers_kb: KnowledgeBase
) -> None:
    app = make_app(many_answers_kb)
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await answer_until(pilot, screen, TO_ERROR, "error-message")
        question = app.kb.questions["error-message"]
        assert "answers past =: ↑↓ then Enter" in words(text_of(screen.query_one("#q-meta")))
        await pilot.press(*["down"] * 13)
        await pilot.pause()
        assert f"· {question.answers[13].label}" in on_screen(pilot)  # scrolled into view, no key
        await pilot.press("enter")
        assert screen.case.state().facts["error-message"].value == question.answers[13].value


async def test_a_long_explanation_scrolls_by_keyboard_to_its_end_and_says_there_is_more(
    make_app: MakeApp, many_answers_kb: KnowledgeBase
) -> None:
    app = make_app(many_answers_kb)
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await answer_until(pilot, screen, TO_ERROR, "error-message")
        await pilot.press("w")
        assert isinstance(app.screen, ExplainScreen)
        await pilot.pause()
        last = app.kb.questions["error-message"].answers[-1].label
        shown = on_screen(pilot)
        assert "more below" in shown
        assert last not in shown
        await pilot.press("end")
        await pilot.pause()
        shown = on_screen(pilot)
        assert last in shown and "Esc to close" in shown
        assert "more below" not in shown


def fits(text: str, width: int) -> bool:
    return all(len(line.rstrip()) <= width for line in text.splitlines())


async def test_resizing_wraps_the_text_again_at_once_and_keeps_the_step_in_view(
    make_app: MakeApp, long_fix_kb: KnowledgeBase
) -> None:
    app = make_app(long_fix_kb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_the_fixes(pilot)
        await pilot.press("down", "down", "down", "down", "down")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert "Step 6," in on_screen(pilot)
        checklist = screen.query_one(FixChecklist)
        steps = text_of(checklist.query_one("#fix-steps"))
        width = checklist.query_one("#fix-steps").size.width
        assert fits(steps, width) and max(len(line) for line in steps.splitlines()) > width - 12
        for pane in (screen.query_one(CandidateList), screen.query_one(FactList)):
            for index in range(pane.option_count):
                assert fits(str(pane.get_option_at_index(index).prompt), pane.size.width)
        await pilot.press("u")  # back to the question, at the new size
        await pilot.pause()
        view = screen.query_one(QuestionView)
        answers = text_of(view.query_one("#q-answers"))
        assert fits(answers, view.size.width)


async def test_the_words_to_say_stay_on_screen_above_a_long_list_of_answers(
    make_app: MakeApp, kb: KnowledgeBase
) -> None:
    """The first question has twelve answers, more than fit at 80x24: the question itself is
    what the agent reads out, so the view never scrolls down to the list's top (the server
    test of a real demo panel coming back while it is read out, as on a call)."""
    server = DemoServer(password="Kp7vRz4q")
    server.start()
    try:
        app = make_app(kb, probe=bundled_probe(4.0), lint=lint)
        async with app.run_test(size=(80, 24)) as pilot:
            details = {"server": server.http_url, "username": "active", "password": "Kp7vRz4q"}
            screen = await start_case(pilot, **details, device="firestick", app="smarters")
            await app.workers.wait_for_complete()
            await pilot.pause()
            view = screen.query_one(QuestionView)
            assert view.question is not None and len(view.question.answers) >= 12
            assert view.scroll_y == 0
            assert "Say: What exactly does the app say" in words(on_screen(pilot))
    finally:
        server.stop()
