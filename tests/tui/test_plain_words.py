"""Plain words for agents, and a layout that shows them whole: titles not ids in
toasts, what a "don't know" streak really means, labels that say what a list is
for, cause titles that wrap instead of being cut, rule ids broken only at their
hyphens, and the fix question always in view."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from xtream_doctor.kb import load_knowledge_base
from xtream_doctor.probe import lint
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.facts import FactList

from .calls import (
    TYPO,
    answer_until_settled,
    dont_know_to_the_end,
    on_a_call,
    screen_text,
    start_case,
    text_of,
    to_the_fixes,
    words,
)
from .conftest import RULES, MakeApp, ScriptedProbe, probe_finding

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


@pytest.fixture
def whitespace_rules(tmp_path: Path) -> Path:
    """The frozen rules and a cause the lint's whitespace finding confirms."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "causes" / "clipboard-whitespace.yaml").write_text(
        """id: clipboard-whitespace
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
""",
        encoding="utf-8",
    )
    return rules


@pytest.mark.parametrize(
    ("username", "password", "says"),
    [
        ("bob", "Tr0ub4dor&3x ", "the password has a space at the end"),
        (" bob", "Tr0ub4dor&3x", "the username has a space at the start"),
    ],
)
async def test_a_whitespace_diagnosis_says_which_box_and_which_end(
    make_app: MakeApp, whitespace_rules: Path, username: str, password: str, says: str
) -> None:
    app = make_app(load_knowledge_base(whitespace_rules), lint=lint)
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


@pytest.fixture
def long_fix_rules(tmp_path: Path) -> Path:
    """The frozen rules, with a first fix of many long steps."""
    rules = tmp_path / "long-rules"
    shutil.copytree(RULES, rules)
    cause = rules / "causes" / "wrong-credentials.yaml"
    more = "".join(
        f"      - Step {n}, open the settings, find the login screen, and read each box out to me slowly.\n"
        for n in range(3, 12)
    )
    text = cause.read_text(encoding="utf-8")
    anchor = "    sources: [000_aecb2b6118ad169b.txt]\n  - id: reset-password"
    assert anchor in text
    cause.write_text(text.replace(anchor, more + anchor), encoding="utf-8")
    return rules


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_did_that_fix_it_is_on_screen_however_long_the_steps(
    make_app: MakeApp, long_fix_rules: Path, size: tuple[int, int]
) -> None:
    app = make_app(load_knowledge_base(long_fix_rules))
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
