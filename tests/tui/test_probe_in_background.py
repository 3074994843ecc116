"""The probe runs in a worker while the first questions are asked; its facts
land in the session when they arrive, and any failure becomes one readable
notification while the call goes on."""

from __future__ import annotations

import httpx

from xtream_doctor.probe import lint
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.facts import FactList
from xtream_doctor.tui.widgets.probe_bar import ProbeBar
from xtream_doctor.tui.widgets.question_view import QuestionView

from .calls import screen_text, start_case, text_of, words
from .conftest import MakeApp, ScriptedProbe, probe_finding


async def test_questions_are_asked_while_the_probe_runs_and_its_facts_land_when_it_ends(
    make_app: MakeApp,
) -> None:
    probe = ScriptedProbe([probe_finding("account-check", "wrong-credentials")], gated=True)
    app = make_app(probe=probe)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="pw-123456")
        screen.case.read_out = 0  # the question is being read out at once
        bar = screen.query_one(ProbeBar)
        assert bar.display and bar.running
        assert "Testing the server" in words(str(bar.query_one("#probe-label").render()))
        assert screen.case.state().status == "asking"
        await pilot.press("question_mark")  # staff carry on meanwhile
        assert "account-check" not in screen.case.state().facts
        assert probe.gate is not None
        probe.gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        fact = screen.case.state().facts["account-check"]
        assert (fact.value, fact.source) == ("wrong-credentials", "probe")
        assert not bar.running
        label = str(bar.query_one("#probe-label").render())
        assert "Server test in" in label and "1 result," in label
        assert screen.case.state().leading == "wrong-credentials"
        assert screen.view == "question"  # the probe settled it, but the question read out stays
        await pilot.press("b")  # until staff switch to what now stands out
        assert screen.view == "fixes"
        assert probe.targets[0].password == "pw-123456"


async def test_lint_findings_land_at_once_before_the_probe(make_app: MakeApp) -> None:
    probe = ScriptedProbe([], gated=True)
    app = make_app(probe=probe, lint=lint)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(  # the caller's own text: its lint findings are evidence
            pilot, server="iptv.test:8080/get.php ", username="bob ", password="pw-123456", copy="exact-copy"
        )
        facts = screen.case.state().facts
        lint_facts = {a for a, f in facts.items() if f.source == "lint"}
        assert {"server-scheme", "server-path", "credentials-whitespace"} <= lint_facts
        assert facts["server-scheme"].value == "missing"
        assert facts["credentials-whitespace"].value == "yes"
        assert probe.gate is not None
        probe.gate.set()
        await app.workers.wait_for_complete()


async def test_a_probe_timeout_is_a_notification_and_the_call_goes_on(make_app: MakeApp) -> None:
    probe = ScriptedProbe(error=httpx.ConnectTimeout("timed out connecting to http://x/?password=pw-123456"))
    app = make_app(probe=probe)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="pw-123456")
        screen.case.read_out = 0  # the question is being read out at once
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            "The server test failed: could not connect to the server in time" in m for m in messages
        ), messages
        assert not any("pw-123456" in m for m in messages)
        label = str(screen.query_one(ProbeBar).query_one("#probe-label").render())
        assert "Server test stopped" in label
        before = screen.case.state().next_question
        await pilot.press("1")
        assert screen.case.state().next_question != before  # still answering


async def test_an_unexpected_probe_error_is_named_not_a_crash(make_app: MakeApp) -> None:
    probe = ScriptedProbe(error=RuntimeError("boom"))
    app = make_app(probe=probe)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await start_case(pilot, server="http://iptv.test:8080")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("The server test failed: RuntimeError: boom" in n.message for n in app._notifications)
        assert app.is_running


async def test_a_finding_the_rules_do_not_know_goes_to_the_ticket_not_the_session(make_app: MakeApp) -> None:
    probe = ScriptedProbe([probe_finding("no-such-attribute", "x")])
    app = make_app(probe=probe)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no-such-attribute" not in screen.case.state().facts
        assert "no-such-attribute = x" in screen.case.ticket()


async def test_a_fix_that_helps_partly_tests_the_server_again(make_app: MakeApp) -> None:
    probe = ScriptedProbe([probe_finding("account-check", "wrong-credentials")])
    app = make_app(probe=probe)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="pw-123456")
        screen.case.read_out = 0  # the question is being read out at once
        await app.workers.wait_for_complete()
        await pilot.press("b")  # the question read out when the server test came back, left for the fixes
        assert screen.view == "fixes" and screen.case.state().leading == "wrong-credentials"
        assert screen.case.still_pointed_at() == []  # nothing mended yet
        await pilot.press("p")  # it helped, the app says something else now
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [t.password for t in probe.targets] == ["pw-123456", "pw-123456"]
        events = screen.case.session.events
        mended = next(i for i, e in enumerate(events) if e.kind == "fix")
        assert [e.attribute for e in events[mended:] if e.kind == "observe"] == ["account-check"]
        assert screen.case.state().facts["account-check"].source == "probe"
        assert screen.case.state().probability("wrong-credentials") < 0.5  # still set aside
        assert [c.id for c in screen.case.still_pointed_at()] == ["wrong-credentials"]
        assert any("still points at: " + app.kb.causes["wrong-credentials"].title in n.message
                   for n in app._notifications)  # fmt: skip


async def test_a_server_test_that_settles_it_mid_question_keeps_the_question_and_says_what_stands_out(
    make_app: MakeApp,
) -> None:
    probe = ScriptedProbe([probe_finding("account-check", "wrong-credentials")], gated=True)
    app = make_app(probe=probe)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="pw-123456")
        screen.case.read_out = 0  # the question is being read out at once
        view = screen.query_one(QuestionView)
        asked = view.question
        assert asked is not None
        assert probe.gate is not None
        probe.gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.view == "question" and view.question is asked  # not swapped under the agent
        assert screen.query_one(CandidateList).get_option_at_index(0).id == "wrong-credentials"
        assert "The panel says the username or password is wrong" in words(
            text_of(screen.query_one(FactList))
        )
        shown = words(screen_text(pilot))
        assert "Wrong username or password now stands out" in shown
        assert "b Switch" in shown  # one key to take it
        await pilot.press("1")  # the question on screen is the one answered
        events = screen.case.session.events
        assert (events[-1].kind, events[-1].attribute) == ("answer", asked.id)
        assert screen.view == screen.case.view() and "stands out" not in words(screen_text(pilot))


async def test_a_server_test_that_makes_another_question_better_offers_it_with_one_key(
    make_app: MakeApp,
) -> None:
    probe = ScriptedProbe([probe_finding("connection-slots", "full")], gated=True)
    app = make_app(probe=probe)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="pw-123456")
        screen.case.read_out = 0  # the question is being read out at once
        asked = screen.query_one(QuestionView).question
        assert probe.gate is not None
        probe.gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        better = screen.case.state().next_question
        assert asked is not None and better is not None and better.question.id != asked.id
        assert screen.query_one(QuestionView).question is asked
        assert "a better question is ready" in words(screen_text(pilot))
        await pilot.press("b")
        assert screen.query_one(QuestionView).question is better.question
        assert not [e for e in screen.case.session.events if e.kind == "answer"]  # switching answers nothing


async def test_a_server_test_back_before_the_question_is_read_out_just_updates_it(
    make_app: MakeApp,
) -> None:
    """Back in a fraction of a second, the server test has not interrupted anything: the better
    question is simply shown, with no key to press."""
    probe = ScriptedProbe([probe_finding("connection-slots", "full")])
    app = make_app(probe=probe)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot, server="http://iptv.test:8080", username="bob", password="pw-123456")
        await app.workers.wait_for_complete()
        await pilot.pause()
        better = screen.case.state().next_question
        assert better is not None
        assert screen.query_one(QuestionView).question is better.question
        assert "a better question is ready" not in words(screen_text(pilot))
