"""F5 (or the palette) reloads the rules without a restart; a broken file shows
its problems with file:line and the last good knowledge base stays in use."""

from __future__ import annotations

import shutil
from pathlib import Path

from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.tui.app import XtreamDoctorApp
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.kb_errors import KbErrorsScreen
from xtream_doctor.tui.widgets.candidates import CandidateList

from .calls import on_a_call, screen_text, text_of, words
from .conftest import RULES, MakeApp


def on_a_copy_of_the_rules(make_app: MakeApp, tmp_path: Path) -> tuple[XtreamDoctorApp, Path, KnowledgeBase]:
    """The app on a copy of the rules that a test may edit: the app, the copy, its rules as loaded."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    kb = load_knowledge_base(rules)
    return make_app(kb, rules_dir=rules), rules, kb


async def test_a_broken_rule_file_on_reload_shows_its_errors_and_keeps_the_last_good_rules(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, rules, kb = on_a_copy_of_the_rules(make_app, tmp_path)
    async with on_a_call(app, size=(100, 32)) as (pilot, screen):
        await pilot.press("1")
        cause = rules / "causes" / "server-down.yaml"
        cause.write_text(cause.read_text(encoding="utf-8").replace("prior: 10", "prior: 10\npriority: high"))
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, KbErrorsScreen)
        text = words(screen_text(pilot))
        assert "The rules did not load" in text
        squeezed = "".join(text.split())  # a long path wraps
        assert "causes/server-down.yaml:7:1:unknownkey'priority'" in squeezed  # file:line:column: message
        assert "priority" in text
        assert app.kb is kb  # the last good rules
        await pilot.press("escape")
        assert app.screen is screen
        asked = len(screen.case.session.events)
        await pilot.press("1")  # the call goes on, on the old rules
        assert len(screen.case.session.events) == asked + 1
        assert screen.case.kb is kb


async def test_a_good_reload_carries_the_case_over_to_the_new_rules(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, rules, kb = on_a_copy_of_the_rules(make_app, tmp_path)
    async with on_a_call(app, size=(120, 32), notifications=True) as (pilot, screen):
        await pilot.press("1", "question_mark")
        facts = {a: f.value for a, f in screen.case.state().facts.items()}
        cause = rules / "causes" / "vpn-blocked.yaml"
        cause.write_text(
            cause.read_text(encoding="utf-8").replace(
                "title: The server refuses the caller's VPN", "title: VPN refused by the server"
            )
        )
        await pilot.press("ctrl+p")
        await pilot.press(*"rules: reload")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.kb is not kb
        assert screen.case.kb is app.kb
        assert {a: f.value for a, f in screen.case.state().facts.items()} == facts
        assert "VPN refused by the server" in words(text_of(screen.query_one(CandidateList)))
        assert any("Rules reloaded" in n.message for n in app._notifications)
        assert isinstance(app.screen, CaseScreen)
