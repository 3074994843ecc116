"""Whole calls driven through the app with keys, one per cause: the facts of
each cause's own example are the caller's answers (and the probe's findings,
for facts no question asks), everything else is "don't know"."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from xtream_doctor.engine.session import Solution
from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from xtream_doctor.records.store import CaseStore
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.fix_checklist import FixChecklist

from .calls import answer_until_settled, start_case, text_of, words
from .conftest import RULES, MakeApp, ScriptedProbe, probe_finding


def single_cause_paths(kb: KnowledgeBase) -> dict[str, Mapping[str, str]]:
    """cause -> the facts of its first example that finds that cause (or puts it first)."""
    paths: dict[str, Mapping[str, str]] = {}
    for example in kb.examples:
        if example.todo or not (example.found or len(example.leading) == 1):
            continue
        paths.setdefault(example.found or next(iter(example.leading)), example.given)
    return paths


def _bundled() -> KnowledgeBase | None:
    try:
        return load_knowledge_base()
    except (KnowledgeBaseError, Exception):  # rules being edited right now: the frozen ones still run
        return None


FROZEN = load_knowledge_base(RULES)
BUNDLED = _bundled()
FROZEN_PATHS = single_cause_paths(FROZEN)
BUNDLED_PATHS = single_cause_paths(BUNDLED) if BUNDLED else {}


def test_the_frozen_rules_give_at_least_five_causes_to_call_about() -> None:
    assert len(FROZEN_PATHS) >= 5


async def drive_call(
    make_app: MakeApp, kb: KnowledgeBase, cause: str, facts: Mapping[str, str], log: Path
) -> None:
    asked = {a: v for a, v in facts.items() if a in kb.questions}
    observed = [probe_finding(a, v) for a, v in facts.items() if a not in kb.questions]
    probe = ScriptedProbe(observed)
    app = make_app(kb, probe=probe, case_log=log)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot, server="http://probe.test:8080" if observed else "")
        await app.workers.wait_for_complete()
        await pilot.pause()
        questions = await answer_until_settled(pilot, asked)
        await pilot.pause()
        state = screen.case.state()
        if state.status == "solved":  # a try-and-see test of the call made it work: that ends it
            solved = state.solved_by
            assert solved is not None and solved.by == "test" and solved.cause == cause, solved
            assert screen.view == "solved"
            assert kb.causes[cause].title in words(text_of(screen.query_one("#solved")))
            record = CaseStore(log).get(screen.case.case_id)
            assert record is not None and record.diagnosis.solved_by == solved
            return
        # found, or nothing left worth asking with the cause leading: its fixes either way
        assert state.status in ("found", "undecidable"), (state.status, [c.cause for c in state.candidates])
        assert state.leading == cause, {a: (f.value, f.source) for a, f in state.facts.items()}
        assert screen.view == "fixes"
        candidates = screen.query_one(CandidateList)
        assert candidates.get_option_at_index(0).id == cause
        offered = screen.case.current_fix()
        assert offered is not None and offered[0] == kb.causes[cause]
        # found: the cause's first fix; nothing worth asking: its best chance per minute
        first_fix = offered[1]
        if state.status == "found":
            assert first_fix == kb.causes[cause].fixes[0]
        assert kb.causes[cause].title in words(text_of(screen.query_one("#fix-cause")))
        assert screen.query_one(FixChecklist).display

        await pilot.press("y")
        assert screen.view == "solved"
        assert isinstance(app.screen, CaseScreen)
        case_id = screen.case.case_id

    record = CaseStore(log).get(case_id)
    assert record is not None
    assert record.diagnosis.status == "solved"
    assert record.diagnosis.solved_by == Solution(cause, first_fix.id)
    assert [q.id for q in record.questions] == questions
    for attribute in set(questions) & set(asked):
        assert record.facts[attribute].value == asked[attribute]
        assert record.facts[attribute].source == "answer"
    for finding in observed:
        assert record.facts[finding.attribute].source == "probe"


@pytest.mark.parametrize("cause", sorted(FROZEN_PATHS))
async def test_a_call_reaches_the_cause_and_its_first_fix_solves_it(
    make_app: MakeApp, tmp_path: Path, cause: str
) -> None:
    await drive_call(make_app, FROZEN, cause, FROZEN_PATHS[cause], tmp_path / "cases.sqlite3")


@pytest.mark.skipif(
    not BUNDLED_PATHS, reason="the bundled rules have no single-cause example (or do not load)"
)
@pytest.mark.parametrize("cause", sorted(BUNDLED_PATHS))
async def test_a_call_on_the_bundled_rules_reaches_the_cause(
    make_app: MakeApp, tmp_path: Path, cause: str
) -> None:
    assert BUNDLED is not None
    await drive_call(make_app, BUNDLED, cause, BUNDLED_PATHS[cause], tmp_path / "cases.sqlite3")
