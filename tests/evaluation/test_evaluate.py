"""Static and replay evaluation, on hand-made and on simulated cases."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import CASE_DATA
from xtream_doctor.evaluation.batch import Plan, run_batch
from xtream_doctor.evaluation.evaluate import Evaluator, verdict
from xtream_doctor.evaluation.metrics import summarize
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.inputs import EvalCase, load_cases
from xtream_doctor.simulation.generate import generated_cases


def case(case_id: str, cause: str | None, **facts: str) -> EvalCase:
    return EvalCase(
        case_id,
        f"test:{case_id}",
        tuple(
            (a.replace("_", "-"), v, "probe" if a == "account_check" else "answer") for a, v in facts.items()
        ),
        cause,
    )


def test_verdicts_name_where_the_confirmed_cause_ended() -> None:
    assert verdict("a", ["a", "b"], found=True) == "right"
    assert verdict("a", ["a", "b"]) == "ambiguous"  # it leads, not yet found
    assert verdict("a", ["b", "a"]) == "wrong"
    assert verdict("a", ["b", "a"], found=True) == "wrong"  # confident-wrong
    assert verdict("a", ["a"], conflict=True) == "contradicted"
    assert verdict("a", []) == "contradicted"
    assert verdict(None, ["a"]) == "unlabelled"


def test_static_evaluation_of_the_helpdesk_export(helpdesk: KnowledgeBase) -> None:
    cases, problems = load_cases([CASE_DATA / "helpdesk-export.csv"], helpdesk, {"Agent notes": "notes"})
    assert problems == []
    ev = Evaluator(helpdesk)
    results = [ev.evaluate(c, replay_too=False) for c in cases]
    assert [r.static.verdict for r in results] == ["right", "right", "wrong"]
    assert results[0].static.found and results[0].static.confidence > 0.9
    # nothing decisive: the causes stay in prior order, the more common one first
    assert results[2].static.alive == ("connection-limit", "server-down", "vpn-blocked", "wrong-password")
    assert not results[2].static.found
    summary = summarize(helpdesk, results)
    assert (summary.static.top1, summary.static.labelled) == (2, 3)
    assert summary.confusion["server-down"] == {"connection-limit": 1}
    assert "server-down-2" in summary.rules.never_fired
    assert summary.rules.fired["wrong-password-1"] == 1


def test_facts_certain_rules_cannot_all_satisfy_are_named(helpdesk: KnowledgeBase) -> None:
    contradicted = case("x", "wrong-password", account_check="wrong-credentials", error_message="timeout",
                        vpn_in_use="yes")  # fmt: skip
    result = Evaluator(helpdesk).evaluate(contradicted, replay_too=False)
    # the probe's refusal outweighs the caller's "timeout": the true cause leads, not yet found
    assert result.static.verdict == "ambiguous"
    assert result.static.alive[0] == "wrong-password"
    assert result.static.conflict == ("account-check", "error-message")
    assert result.static.conflict_rules == ("vpn-blocked-1", "wrong-password-1", "wrong-password-2")
    summary = summarize(helpdesk, [result])
    assert summary.rules.in_contradictions == {
        "vpn-blocked-1": 1,
        "wrong-password-1": 1,
        "wrong-password-2": 1,
    }


def test_replay_asks_until_the_cause_is_alone_and_counts_seconds(helpdesk: KnowledgeBase) -> None:
    limit = case("y", "connection-limit", account_check="active", error_message="max-connections",
                 close_others_test="works")  # fmt: skip
    result = Evaluator(helpdesk, policies=["information", "checklist"]).evaluate(limit)
    info, checklist = result.replays
    assert info.verdict == checklist.verdict == "right"
    # The cheap VPN question first (the case has no answer to it), then the error message.
    assert info.asked == (("vpn-in-use", "?"), ("error-message", "max-connections"))
    assert (info.questions, info.seconds) == (2, 30)
    assert checklist.asked == (("error-message", "max-connections"),)
    assert (checklist.questions, checklist.seconds) == (1, 20)


def test_replay_answers_dont_know_where_the_case_has_no_answer(helpdesk: KnowledgeBase) -> None:
    vague = case("z", "server-down", account_check="no-answer")
    (info,) = Evaluator(helpdesk, policies=["information"]).evaluate(vague).replays
    assert {value for _, value in info.asked} == {"?"}
    assert info.verdict == "wrong"  # nothing answered: the commoner cause leads, nothing is found
    assert set(info.alive) == {"connection-limit", "vpn-blocked", "server-down", "wrong-password"}


def test_simulated_cases_without_noise_never_lose_their_cause(helpdesk: KnowledgeBase) -> None:
    cases = list(generated_cases(helpdesk, 60, seed=5, dont_know=0.2))
    results = run_batch(Plan((helpdesk,)), cases, jobs=1)[0]
    static = Counter(r.static.verdict for r in results)
    assert static["contradicted"] == 0
    assert static["right"] > 0
    assert not [r.case_id for r in results if r.static.confident_wrong]
    for r in results:
        for run in r.replays:
            assert r.cause in run.alive, (r.case_id, run)
    summary = summarize(helpdesk, results)
    info = {p.policy: p for p in summary.policies}
    assert info["information"].mean_seconds <= info["random"].mean_seconds
    assert summary.bound.questions <= info["information"].mean_questions + 1e-9


def test_answer_noise_makes_some_cases_wrong_or_contradicted(helpdesk: KnowledgeBase) -> None:
    cases = list(generated_cases(helpdesk, 80, seed=2, noise=0.5))
    results = run_batch(Plan((helpdesk,), replay=False), cases, jobs=1)[0]
    counts = Counter(r.static.verdict for r in results)
    assert counts["wrong"] + counts["contradicted"] > 0


def test_two_processes_give_the_same_results_as_one(helpdesk: KnowledgeBase) -> None:
    cases = list(generated_cases(helpdesk, 40, seed=9, dont_know=0.3))
    plan = Plan((helpdesk,), policies=("information", "random"), seed=4)
    assert run_batch(plan, cases, jobs=2) == run_batch(plan, cases, jobs=1)


def test_an_unknown_policy_is_refused_before_any_work(helpdesk: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="unknown policy 'smart'"):
        Evaluator(helpdesk, policies=["smart"])
