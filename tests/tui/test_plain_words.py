"""Plain words for agents, and a layout that shows them whole: titles not ids in
toasts, what a "don't know" streak really means, labels that say what a list is
for, cause titles that wrap instead of being cut, rule ids broken only at their
hyphens, and the fix question always in view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import Finding, lint
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.facts import FactList

from .calls import (
    TYPO,
    answer_until_settled,
    bob_with,
    dont_know_to_the_end,
    key_for,
    on_a_call,
    screen_text,
    start_case,
    text_of,
    to_the_fixes,
    words,
)
from .conftest import Edit, MakeApp, ScriptedProbe, probe_finding, rules_with

SIZES = [(80, 24), (120, 40)]


async def test_toasts_name_questions_and_fixes_in_words_not_ids(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24), notifications=True) as (pilot, screen):
        first = screen.case.state().next_question
        assert first is not None
        await pilot.press("1", "u")
        undone = list(app._notifications)[-1]
        assert "Undone:" in undone.message
        assert first.question.text.split("?")[0].split(".")[0] in undone.message
        assert first.question.answers[0].label.split(" / ")[0] in undone.message
        assert first.question.id not in undone.message


async def test_after_many_dont_knows_the_fixes_say_the_caller_could_not_answer(make_app: MakeApp) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24)) as (pilot, screen):
        await dont_know_to_the_end(pilot, screen)
        assert screen.view == "fixes"
        shown = words(screen_text(pilot))
        assert "The caller could not answer" in shown
        assert "No question can tell" not in shown
        assert "could not answer the questions" in screen.case.ticket()


async def test_the_lists_say_what_they_hold_for_an_agent(make_app: MakeApp) -> None:
    probe = ScriptedProbe([probe_finding("account-check", "active")])
    app = make_app(probe=probe, lint=lint)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_case(
            pilot, server="http://iptv.test:8080", username="bob", password="x1y2z3", copy="exact-copy"
        )
        await app.workers.wait_for_complete()
        await pilot.press("1")
        await pilot.pause()
        facts = words(text_of(screen.query_one(FactList)))
        assert "What we know" in facts and "Facts" not in facts
        for tag in ("caller", "server", "typed"):
            assert re.search(rf"\b{tag}\b", facts), tag
        shown = words(screen_text(pilot))
        assert "Server test in" in shown and "Probe" not in shown
        ticket = screen.case.ticket()
        assert "Server test and checks on the typed details:" in ticket
        assert "[the caller's own text]" in ticket and "[server test]" in ticket
        assert "lint" not in ticket.lower().replace("client", "")


SETTINGS = "confidence: 0.9\nunlikely: 0.02\nconflict: 0.05\nminimum_gain: 2\n"  # no question worth asking


@pytest.fixture
def one_likely_cause_kb(tmp_path: Path) -> KnowledgeBase:
    """The frozen rules where one cause is far likelier than the rest from the start and
    no question is worth asking: the fixes come at once, without a cause "found"."""
    edits: dict[str, Edit] = {
        "settings.yaml": lambda _: SETTINGS,
        "causes/wrong-credentials.yaml": lambda text: text.replace("prior: 30", "prior: 300"),
    }
    return rules_with(tmp_path / "one-likely", edits)


async def test_when_one_cause_leads_clearly_it_is_called_likely_not_one_of_several(
    make_app: MakeApp, one_likely_cause_kb: KnowledgeBase
) -> None:
    app = make_app(one_likely_cause_kb)
    async with on_a_call(app, size=(80, 24)) as (_pilot, screen):
        state = screen.case.state()
        assert state.status == "undecidable" and state.leading == "wrong-credentials"
        assert 0.6 < state.confidence < 0.9 and len(state.candidates) > 2
        shown = words(text_of(screen.query_one("#fix-cause")))
        percent = f"{state.confidence:.0%}"
        assert f"Wrong username or password is likely ({percent}), not certain" in shown
        assert "no question left could change that enough to be worth asking" in shown
        assert "can tell these" not in shown and "apart" not in shown
        assert f"Status: Wrong username or password is likely ({percent})" in screen.case.ticket()


@pytest.fixture
def staff_check_kb(tmp_path: Path) -> KnowledgeBase:
    """The frozen rules with the panel lookup marked as staff's own check, as the bundled rules do."""
    edits: dict[str, Edit] = {"questions/subscription-state.yaml": lambda text: text + "reliability: staff\n"}
    return rules_with(tmp_path / "staff-check", edits)


async def test_a_staff_check_in_conflict_is_labelled_our_own_check_not_the_callers_word(
    make_app: MakeApp, staff_check_kb: KnowledgeBase
) -> None:
    probe = ScriptedProbe([probe_finding("account-check", "expired")], gated=True)
    app = make_app(staff_check_kb, probe=probe)
    async with on_a_call(app, size=(80, 24), server="http://iptv.test:8080") as (pilot, screen):
        await pilot.press(key_for(screen, {"subscription-state": "active"}))  # our panel says active
        assert probe.gate is not None
        probe.gate.set()
        await app.workers.wait_for_complete()  # the server test says expired
        await pilot.press("b")  # from the question on screen to what the server test brought
        assert screen.view == "conflict"
        assert "subscription-state" in [f.attribute for f in screen.case.state().conflict]
        shown = words(text_of(screen.query_one("#conflict-facts")))
        assert "Active, paid, not expired (our own check" in shown
        assert "(the caller said so)" not in shown
        facts = words(text_of(screen.query_one(FactList)))
        assert "staff Active" in facts and "caller Active" not in facts
        assert "What does it show? -> Active, paid, not expired (our own check" in screen.case.ticket()


WHITESPACE_CAUSE = """id: clipboard-whitespace
title: A hidden space from copy and paste
status: stable
summary: The clipboard brought a space along; the server counts it as part of the login.
prior: 6
sources: [000_aecb2b6118ad169b.txt]
fixes:
  - id: delete-hidden-space
    title: Remove the hidden space
    steps:
      - Move the cursor to the end of the box and delete the space.
    sources: [000_aecb2b6118ad169b.txt]
rules:
  - id: whitespace-in-the-details
    when: {credentials-whitespace: 'yes'}
    confirm: clipboard-whitespace
    because: The typed details hold a space.
    sources: [000_aecb2b6118ad169b.txt]
examples:
  - given: {credentials-whitespace: 'yes'}
    found: clipboard-whitespace
"""


@pytest.fixture
def whitespace_kb(tmp_path: Path) -> KnowledgeBase:
    """The frozen rules and a cause the lint's whitespace finding confirms."""
    return rules_with(tmp_path / "rules", {"causes/clipboard-whitespace.yaml": lambda _: WHITESPACE_CAUSE})


@pytest.mark.parametrize(
    ("username", "password", "says"),
    [
        ("bob", "Tr0ub4dor&3x ", "the password has a space at the end"),
        (" bob", "Tr0ub4dor&3x", "the username has a space at the start"),
    ],
)
async def test_a_whitespace_diagnosis_says_which_box_and_which_end(
    make_app: MakeApp, whitespace_kb: KnowledgeBase, username: str, password: str, says: str
) -> None:
    app = make_app(whitespace_kb, lint=lint)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(  # the caller's own text: only then do its spaces count
            pilot, server="http://iptv.test:8080", username=username, password=password, copy="exact-copy"
        )
        assert screen.case.state().status == "found"
        assert screen.view == "fixes"
        shown = words(text_of(screen.query_one("#fix-body"))).lower()
        assert says in shown
        assert password.strip() not in shown


# --- layout, at both sizes --------------------------------------------------------


def unwrapped(text: str) -> str:
    """The list's text with wrapped lines joined again ("login-method-" + "confirmed")."""
    lines = [line.strip(" │") for line in text.splitlines()]
    out = ""
    for line in lines:
        out += line if out.endswith("-") or not out else " " + line
    return " ".join(out.split())


def option_texts(options: CandidateList) -> dict[str, str]:
    """Each option's text as drawn (wrapped), by cause, scrolled into view or not."""
    out = {}
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        if option.id is not None:
            out[option.id] = str(option.prompt)
    return out


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_cause_titles_are_shown_whole_and_rule_ids_broken_only_at_hyphens(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app()
    async with on_a_call(app, size=size) as (pilot, screen):
        candidates = screen.query_one(CandidateList)
        width = candidates.size.width
        for cause, text in option_texts(candidates).items():
            assert app.kb.causes[cause].title in unwrapped(text)
            assert "…" not in text
            assert all(len(line) <= width for line in text.splitlines()), text
        await answer_until_settled(pilot, TYPO)
        ruled_out = screen.case.state().ruled_out
        texts = option_texts(candidates)
        assert set(ruled_out) <= set(texts)
        for cause, eliminations in ruled_out.items():
            text = texts[cause]
            assert app.kb.causes[cause].title in unwrapped(text)
            rule = eliminations[0].rule
            assert f"({rule})" in unwrapped(text)
            pieces = re.split(r"(?<=-)", rule)  # where a break may come: after a hyphen
            lines = [line.strip().strip("()") for line in text.splitlines()]
            shown_pieces = [line for line in lines if line and line in rule]
            assert "".join(shown_pieces) == rule, (rule, lines)
            assert all(piece in pieces or "-" in piece or piece == rule for piece in shown_pieces)
            for line in shown_pieces[:-1]:
                assert line.endswith("-"), (rule, lines)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_did_that_fix_it_is_on_screen_however_long_the_steps(
    make_app: MakeApp, long_fix_kb: KnowledgeBase, size: tuple[int, int]
) -> None:
    app = make_app(long_fix_kb)
    async with app.run_test(size=size) as pilot:
        screen = await to_the_fixes(pilot)
        assert screen.view == "fixes"
        ask = screen.query_one("#fix-ask")
        visible = app.screen._compositor.visible_widgets
        assert ask in visible
        region, clip = visible[ask]
        assert region.height >= 1 and clip.contains_region(region)
        assert region.bottom <= size[1] - 1  # above the footer
        assert "Did that fix it?" in words(text_of(ask))


async def test_the_question_number_counts_the_questions_asked_not_what_the_caller_said_first(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with on_a_call(app, size=(80, 24), device="firestick") as (pilot, screen):
        meta = screen.query_one("#q-meta")
        assert "Question 1 " in text_of(meta)  # the device chosen at the start is no question
        await pilot.press("a", *"max connections", "enter")
        await pilot.press("a", *"no vpn", "enter")
        assert [e.attribute for e in screen.case.session.events][-2:] == ["error-message", "vpn-in-use"]
        assert "Question 1 " in text_of(meta)
        await pilot.press("1")
        assert "Question 2 " in text_of(meta)


def section(ticket: str, title: str) -> list[str]:
    """The lines of one section of the ticket, up to the blank line that ends it."""
    lines = ticket.split(title + "\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in lines.splitlines() if line.strip()]


async def test_the_ticket_says_each_finding_once_in_words_and_only_counts_causes_lowered_by_another(
    make_app: MakeApp,
) -> None:
    probe = ScriptedProbe(
        [
            Finding("account-check", "expired", "probe", "The panel says the line is Expired."),
            Finding("port-check", "open", "probe", ""),
        ]
    )
    app = make_app(probe=probe, lint=lint)
    async with on_a_call(app, size=(80, 24), **bob_with("Tr0ub4dor&3x")) as (pilot, screen):
        await app.workers.wait_for_complete()
        await pilot.pause()
        ticket = screen.case.ticket()
    found = section(ticket, "Server test and checks on the typed details:")
    assert "  - [server test] The panel says the line is Expired." in found
    assert "  - [server test] " + app.kb.attributes["port-check"].label("open") in found  # no note: its label
    for line in found:
        assert not any(f"{a} =" in line for a in app.kb.attributes), line  # no ids
        said = line.split("] ", 1)[1].rstrip(".")
        assert said.count(said.split(": ")[0]) == 1, line  # nothing said twice ("X: X")
    unlikely = section(ticket, "Unlikely, and why:")
    state = screen.case.state()
    assert len(state.ruled_out) >= 4
    assert len(unlikely) < len(state.ruled_out)
    assert unlikely[-1].endswith("more unlikely only because another cause fits better")
