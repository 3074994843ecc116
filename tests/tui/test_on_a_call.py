"""One keypress at a time: answering, not knowing, undoing, changing an earlier
answer, asking why, trying fixes, re-checking a conflict, escalating."""

from __future__ import annotations

from pathlib import Path

from xtream_doctor.records.store import CaseStore
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.screens.reanswer import ReanswerScreen
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.facts import FactList
from xtream_doctor.tui.widgets.question_view import QuestionView

from .calls import (
    TYPO,
    answer_until,
    answers_that_fit_no_cause,
    current_question,
    dont_know_to_the_end,
    key_for,
    on_a_call,
    screen_text,
    start_case,
    text_of,
    words,
)
from .conftest import MakeApp


async def test_the_first_question_shows_the_words_to_say_and_device_instructions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot, device="firestick")
        facts = {"subscription-state": "active", "others-reporting": "no", "error-message": "host-not-found"}
        await answer_until(pilot, screen, facts, "dns-change-test")
        shown = words(text_of(screen.query_one(QuestionView)))
        question = app.kb.questions["dns-change-test"]
        assert " ".join(question.text.split()) in shown
        assert question.devices["firestick"] in shown  # not the generic help
        assert "? Don't know" in shown


async def test_a_number_key_answers_and_the_next_question_follows(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        first = current_question(screen)
        await pilot.press("1")
        state = screen.case.state()
        assert state.facts[first].value == app.kb.questions[first].answers[0].value
        assert state.facts[first].source == "answer"
        assert current_question(screen) != first


async def test_question_mark_and_d_both_mean_dont_know(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        first = current_question(screen)
        await pilot.press("question_mark")
        second = current_question(screen)
        await pilot.press("d")
        assert screen.case.session.skipped() == {first, second}
        assert first not in screen.case.state().facts


async def test_clicking_an_answer_answers_it(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        first = current_question(screen)
        answers = screen.query_one("#q-answers")
        await pilot.click(answers, offset=(3, 1))  # the second answer
        assert screen.case.state().facts[first].value == app.kb.questions[first].answers[1].value


async def test_undo_takes_back_the_last_answer_and_asks_it_again(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        first = current_question(screen)
        await pilot.press("1")
        await pilot.press("u")
        assert first not in screen.case.state().facts
        assert current_question(screen) == first


async def test_selecting_a_fact_re_asks_it_and_the_new_answer_replaces_the_old(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        first = current_question(screen)
        await pilot.press("1", "question_mark", "d")
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
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
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


async def test_a_lowered_cause_shows_what_lowered_it_and_selecting_it_says_why_not(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with on_a_call(app, size=(120, 32)) as (pilot, screen):
        await answer_until(pilot, screen, {}, "subscription-state")  # "don't know" to the rest
        await pilot.press(key_for(screen, {"subscription-state": "active"}))
        state = screen.case.state()
        (lowered,) = state.evidence("line-expired")
        assert lowered.rule == "panel-shows-active" and lowered.factor < 1
        assert (
            0
            < state.probability("line-expired")
            < app.kb.causes["line-expired"].prior / sum(c.prior for c in app.kb.causes.values())
        )  # lowered, never deleted
        candidates = screen.query_one(CandidateList)
        index = candidates.get_option_index("line-expired")
        await pilot.press("c")
        candidates.highlighted = index
        await pilot.press("enter")
        assert isinstance(app.screen, ExplainScreen)
        text = words(screen_text(pilot))
        assert "“Active, paid, not expired”: The subscription has expired or was suspended is" in text
        assert "less likely" in text and "panel-shows-active" not in text  # plain words, no ids
        await pilot.press("i")  # ids on demand
        assert "rule panel-shows-active" in words(screen_text(pilot))


async def test_a_fix_that_did_not_help_lowers_the_cause_and_the_diagnosis_goes_on(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        facts = {
            "subscription-state": "active",
            "others-reporting": "no",
            "vpn-in-use": "yes",
            "error-message": "auth-failed",
            "vpn-off-test": "still-fails",
        }
        while screen.case.state().status == "asking" and current_question(screen) in facts:
            await pilot.press(key_for(screen, facts))
        # skip to the fixes: don't know to everything left
        await dont_know_to_the_end(pilot, screen)
        assert screen.view == "fixes"
        cause, fix = screen.case.current_fix() or (None, None)
        assert cause is not None and fix is not None
        before = screen.case.state().probability(cause.id)
        await pilot.press("n")
        state = screen.case.state()
        assert 0 < state.probability(cause.id) < before
        assert state.evidence(cause.id)[-1].rule == f"fix:{fix.id}" or any(
            e.rule == f"fix:{fix.id}" for e in state.evidence(cause.id)
        )
        assert state.status in ("asking", "found", "undecidable")
        assert screen.case.current_fix() != (cause, fix)  # the same fix is not offered again
        case_id = screen.case.case_id
    record = CaseStore(tmp_path / "cases.sqlite3").get(case_id)
    assert record is not None
    assert [(f.cause, f.fix, f.helped) for f in record.fixes] == [(cause.id, fix.id, False)]


async def test_skip_offers_the_next_fix_of_the_same_cause(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        await answer_until(pilot, screen, TYPO, "careful-retype-test")
        await pilot.press(key_for(screen, {"careful-retype-test": "works"}))
        fixes = app.kb.causes["wrong-credentials"].fixes
        assert screen.case.current_fix() == (app.kb.causes["wrong-credentials"], fixes[0])
        await pilot.press("s")
        assert screen.case.current_fix() == (app.kb.causes["wrong-credentials"], fixes[1])
        assert fixes[1].steps[0].text in words(text_of(screen.query_one("#fix-steps")))


async def test_answers_that_fit_no_cause_name_the_one_to_recheck(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        await answers_that_fit_no_cause(pilot, screen)
        state = screen.case.state()
        assert state.status == "conflict", [(c.cause, round(c.probability, 3)) for c in state.candidates]
        assert screen.view == "conflict"
        assert state.conflict and state.conflict[0].source == "answer"
        await pilot.press("enter")  # re-check the highlighted answer
        assert isinstance(app.screen, ReanswerScreen)


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
            "Most likely causes:",
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
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        await dont_know_to_the_end(pilot, screen)
        state = screen.case.state()
        assert state.status == "undecidable"
        assert screen.view == "fixes"
        current = screen.case.current_fix()
        assert current is not None and current[0].id == state.candidates[0].cause
        assert "The caller could not answer" in words(screen_text(pilot))
