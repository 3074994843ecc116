"""One keypress at a time: answering, not knowing, undoing, changing an earlier
answer, asking why, trying fixes, re-checking a conflict, escalating."""

from __future__ import annotations

from pathlib import Path

from xtream_doctor.cases.store import CaseStore
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.screens.reanswer import ReanswerScreen
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.facts import FactList
from xtream_doctor.tui.widgets.question_view import QuestionView

from .calls import key_for, screen_text, start_case, text_of, words
from .conftest import MakeApp


def current_question(screen: CaseScreen) -> str:
    choice = screen.case.state().next_question
    assert choice is not None
    return choice.question.id


async def test_the_first_question_shows_the_words_to_say_and_device_instructions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot, device="firestick")
        facts = {"subscription-state": "active", "others-reporting": "no", "error-message": "host-not-found"}
        while current_question(screen) != "dns-change-test":
            await pilot.press(key_for(screen, facts))
        shown = words(text_of(screen.query_one(QuestionView)))
        question = app.kb.questions["dns-change-test"]
        assert " ".join(question.text.split()) in shown
        assert question.devices["firestick"] in shown  # not the generic help
        assert "0 Don't know" in shown


async def test_a_number_key_answers_and_the_next_question_follows(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        first = current_question(screen)
        await pilot.press("1")
        state = screen.case.state()
        assert state.facts[first].value == app.kb.questions[first].answers[0].value
        assert state.facts[first].source == "answer"
        assert current_question(screen) != first


async def test_question_mark_and_zero_both_mean_dont_know(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        first = current_question(screen)
        await pilot.press("question_mark")
        second = current_question(screen)
        await pilot.press("0")
        assert screen.case.session.skipped() == {first, second}
        assert first not in screen.case.state().facts


async def test_clicking_an_answer_answers_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        first = current_question(screen)
        answers = screen.query_one("#q-answers")
        await pilot.click(answers, offset=(3, 1))  # the second answer
        assert screen.case.state().facts[first].value == app.kb.questions[first].answers[1].value


async def test_undo_takes_back_the_last_answer_and_asks_it_again(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        first = current_question(screen)
        await pilot.press("1")
        await pilot.press("u")
        assert first not in screen.case.state().facts
        assert current_question(screen) == first


async def test_selecting_a_fact_re_asks_it_and_the_new_answer_replaces_the_old(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        first = current_question(screen)
        await pilot.press("1", "0", "0")
        await pilot.press("f")  # the facts list
        facts = screen.query_one(FactList)
        assert facts.has_focus
        facts.highlighted = facts.get_option_index(first)
        await pilot.press("enter")
        assert isinstance(app.screen, ReanswerScreen)
        assert "← now" in screen_text(pilot)
        await pilot.press("2")
        assert app.screen is screen
        assert screen.case.state().facts[first].value == app.kb.questions[first].answers[1].value


async def test_w_explains_which_causes_each_answer_would_leave(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        choice = screen.case.state().next_question
        assert choice is not None
        await pilot.press("w")
        assert isinstance(app.screen, ExplainScreen)
        text = words(screen_text(pilot))
        assert "Why this question" in text
        for split in choice.splits:
            assert choice.question.label(split.value) in text
        await pilot.press("escape")
        assert app.screen is screen


async def test_a_ruled_out_cause_is_greyed_with_the_rule_and_selecting_it_says_why_not(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 32)) as pilot:
        screen = await start_case(pilot)
        while current_question(screen) != "subscription-state":
            await pilot.press("0")
        await pilot.press(key_for(screen, {"subscription-state": "active"}))
        candidates = screen.query_one(CandidateList)
        alive = [c.cause for c in screen.case.state().candidates]
        assert "line-expired" not in alive
        index = candidates.get_option_index("line-expired")
        assert index >= len(alive)  # below the live ones
        shown = words(text_of(candidates))
        assert "✗ Active, paid, not expired (panel-shows-active)" in shown
        await pilot.press("c")
        candidates.highlighted = index
        await pilot.press("enter")
        assert isinstance(app.screen, ExplainScreen)
        text = words(screen_text(pilot))
        assert "Ruled out by panel-shows-active" in text
        assert "subscription-state = Active, paid, not expired" in text


async def test_a_fix_that_did_not_help_rules_the_cause_out_and_the_diagnosis_goes_on(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        facts = {
            "subscription-state": "active",
            "others-reporting": "no",
            "vpn-in-use": "yes",
            "error-message": "auth-failed",
            "vpn-off-test": "still-fails",
        }
        while screen.case.state().status == "asking" and current_question(screen) in facts:
            await pilot.press(key_for(screen, facts))
        before = {c.cause for c in screen.case.state().candidates}
        leading = screen.case.state().leading
        assert leading is not None and len(before) > 1
        # skip to the fixes: don't know to everything left
        while screen.case.state().status == "asking":
            await pilot.press("0")
        assert screen.view == "fixes"
        cause, fix = screen.case.current_fix() or (None, None)
        assert cause is not None and fix is not None
        await pilot.press("n")
        state = screen.case.state()
        assert cause.id not in {c.cause for c in state.candidates}
        assert state.ruled_out[cause.id][-1].rule == f"fix:{fix.id}"
        assert state.status in ("asking", "found", "undecidable")
        case_id = screen.case.case_id
    record = CaseStore(tmp_path / "cases.sqlite3").get(case_id)
    assert record is not None
    assert [(f.cause, f.fix, f.helped) for f in record.fixes] == [(cause.id, fix.id, False)]


async def test_skip_offers_the_next_fix_of_the_same_cause(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        while current_question(screen) != "careful-retype-test":
            await pilot.press(
                key_for(
                    screen,
                    {
                        "subscription-state": "active",
                        "others-reporting": "no",
                        "vpn-in-use": "no",
                        "error-message": "auth-failed",
                    },
                )
            )
        await pilot.press(key_for(screen, {"careful-retype-test": "works"}))
        fixes = app.kb.causes["wrong-credentials"].fixes
        assert screen.case.current_fix() == (app.kb.causes["wrong-credentials"], fixes[0])
        await pilot.press("s")
        assert screen.case.current_fix() == (app.kb.causes["wrong-credentials"], fixes[1])
        assert fixes[1].steps[0].text in words(text_of(screen.query_one("#fix-steps")))


async def test_a_contradiction_shows_the_answers_in_conflict_and_one_can_be_rechecked(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        while current_question(screen) != "subscription-state":
            await pilot.press("0")
        await pilot.press(key_for(screen, {"subscription-state": "expired"}))
        assert screen.case.state().leading == "line-expired"
        await pilot.press("n")  # renewing did not help: no cause fits any more
        state = screen.case.state()
        assert state.status == "conflict"
        assert screen.view == "conflict"
        assert [f.attribute for f in state.conflict] == ["subscription-state"]
        assert "No cause fits all these answers" in screen_text(pilot)
        await pilot.press("enter")  # re-check the highlighted answer
        assert isinstance(app.screen, ReanswerScreen)
        await pilot.press(key_for(screen, {}) if False else "1")  # the panel says Active after all
        assert screen.case.state().facts["subscription-state"].value == "active"
        assert screen.case.state().status != "conflict"


async def test_escalation_copies_the_summary_and_saves_it_next_to_the_case_log(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(
            pilot,
            server="http://iptv.test:8080",
            username="bob",
            password="hunter2-secret",
            device="firestick",
            app="tivimate",
        )
        await pilot.press("1")
        await pilot.press("e")
        assert screen.view == "escalation"
        assert screen.query_one("#esc-app_version").has_focus  # type at once
        await pilot.press(*"4.7.1")
        screen.query_one("#esc-mac").focus()
        await pilot.press(*"00:1A:79:12:34:56")
        await pilot.press("ctrl+y")
        ticket = app.clipboard
        for expected in (
            "Amazon Fire TV Stick",
            "TiviMate",
            "4.7.1",
            "00:1A:79:12:34:56",
            "Remaining candidates:",
            "Answers:",
            "http://iptv.test:8080",
            "bob",
        ):
            assert expected in ticket
        assert "hunter2-secret" not in ticket
        saved = tmp_path / f"{screen.case.case_id}.ticket.txt"
        assert saved.read_text(encoding="utf-8") == ticket
        await pilot.press("escape")
        assert screen.view == "question"


async def test_when_nothing_splits_the_rest_the_fixes_come_most_likely_first(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot)
        while screen.case.state().status == "asking":
            await pilot.press("0")
        state = screen.case.state()
        assert state.status == "undecidable"
        assert screen.view == "fixes"
        current = screen.case.current_fix()
        assert current is not None and current[0].id == state.candidates[0].cause
        assert "The caller could not answer" in words(screen_text(pilot))
