"""The call corpus (bench/calls/): truths that hold together, an oracle that answers every
question from them, persistent noise, and the bench that drives the session."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bench.calls.desk import desk_facts, usable_desk_facts
from bench.calls.oracle import ORACLE, ask, noisy
from bench.calls.run import markdown, run_all, run_call
from bench.calls.truth import SCENARIOS, Truth, TruthError, load_truths, truth_from
from bench.calls.world import blocked_by, fix_helps, fix_would_help

from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.model import Answer, Question
from xtream_doctor.probe.copy import CHARACTER_LEVEL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def truths() -> list[Truth]:
    return load_truths()


@pytest.fixture(scope="module")
def by_id(truths: list[Truth]) -> dict[str, Truth]:
    return {t.id: t for t in truths}


# --- the corpus -------------------------------------------------------------------


def test_the_corpus_has_at_least_64_calls_and_every_cause_twice(
    kb: KnowledgeBase, truths: list[Truth]
) -> None:
    assert len(truths) >= 64
    counts = Counter(t.true_cause for t in truths)
    assert set(counts) <= set(kb.causes), set(counts) - set(kb.causes)
    assert {c: counts[c] for c in kb.causes if counts[c] < 2} == {}


def test_every_scenario_cites_the_guides_and_lives_in_its_cause_file(truths: list[Truth]) -> None:
    for t in truths:
        assert set(t.guides) <= set(GUIDES), t.id
        assert t.guides or t.basis, t.id  # outside the guides, the public reports it comes from
        assert t.source == f"{t.true_cause}.yaml", t.id
        assert len(t.story.split()) >= 15, t.id


def test_the_corpus_covers_the_calls_the_issue_asks_for(truths: list[Truth]) -> None:
    probe = [t for t in truths if t.desk.probe]
    assert 0.3 * len(truths) <= len(probe) <= 0.7 * len(truths)
    assert sum(bool(t.limits) for t in truths) >= 10  # callers who cannot say or do something
    assert any(t.line.state == "payment-failed" and t.line.panel_shows == "active" for t in truths)
    assert any(t.network.vpn != "off" and t.network.vpn_hurts for t in truths)  # the VPN hurts
    assert any(t.network.vpn != "off" and not t.network.vpn_hurts for t in truths)  # on, harmless
    login_failed = {t.true_cause for t in truths if t.screen == "Login failed"}
    assert {"isp-dns-filtering", "credentials-typo"} <= login_failed  # 002 against 003


def test_each_truth_fails_to_log_in_because_of_its_true_cause(truths: list[Truth]) -> None:
    assert {t.id: blocked_by(t) for t in truths if blocked_by(t) != t.true_cause} == {}


def test_fixes_named_by_a_scenario_exist_and_the_true_cause_has_one_that_helps(
    kb: KnowledgeBase, truths: list[Truth]
) -> None:
    fixes = {f.id for c in kb.causes.values() for f in c.fixes}
    for t in truths:
        assert set(t.helpful_fixes) <= fixes, t.id
        own = [f.id for f in kb.causes[t.true_cause].fixes]
        first = own[0]
        assert any(fix_helps(t, f, first) for f in own), t.id
        # a fix the world model can play out must not contradict the scenario
        assert [f for f in t.helpful_fixes if fix_would_help(t, f) is False] == [], t.id


def test_a_scenario_with_a_typo_in_its_vocabulary_is_refused(tmp_path: Path) -> None:
    good = {"id": "x", "guides": ["000_aecb2b6118ad169b.txt"], "story": "s", "true_cause": "no-internet",
            "device": "firestick", "app": "smarters", "screen": None}  # fmt: skip
    assert truth_from(good).device == "firestick"
    with pytest.raises(TruthError, match="unknown key"):
        truth_from({**good, "netwrok": {}})
    with pytest.raises(TruthError, match="vpn"):
        truth_from({**good, "network": {"vpn": "maybe"}})
    with pytest.raises(TruthError, match="unknown limit"):
        truth_from({**good, "limits": ["no-phnoe"]})
    (tmp_path / "a.yaml").write_text("- id: x\n  id: y\n")
    with pytest.raises(TruthError, match="given twice"):
        load_truths(tmp_path)


# --- the oracle -------------------------------------------------------------------------


def test_the_oracle_answers_every_shipped_question_for_some_call(
    kb: KnowledgeBase, truths: list[Truth]
) -> None:
    answered: dict[str, set[str]] = {q: set() for q in kb.questions}
    for t in truths:
        for q in kb.questions.values():
            reply = ask(t, q)
            assert reply.why in ("answered", "dont-know"), (t.id, q.id, reply)
            if reply.value is not None:
                assert reply.value in q.domain(), (t.id, q.id, reply.value)
                answered[q.id].add(reply.value)
    assert [q for q, values in answered.items() if not values] == []
    assert set(kb.questions) <= set(ORACLE)
    # the corpus is not one-sided: most questions get more than one answer over the calls
    assert sum(len(v) > 1 for v in answered.values()) >= 0.8 * len(answered)


def test_an_unknown_or_reworded_question_is_dont_know_not_a_crash(
    kb: KnowledgeBase, by_id: dict[str, Truth]
) -> None:
    t = by_id["monthly-plan-ran-out"]
    new = Question(
        "has-smart-plug", "Is the box on a smart plug?", (Answer("yes", "Yes"), Answer("no", "No")), 10, ()
    )
    assert ask(t, new).why == "no-oracle" and ask(t, new).value is None
    reworded = dataclasses.replace(kb.questions["network-type"], answers=(Answer("wifi", "Wi-Fi"),))
    assert ask(t, reworded).why == "off-domain"


@pytest.mark.parametrize(
    ("screen", "value"),
    [
        ("Failed to authorize", "failed-to-authorize"),
        ("Authorization failed", "authorization-failed"),
        ("Invalid username or password", "invalid-details"),
        ("Authentication failed", "authentication-failed"),
        ("Login failed", "login-failed"),
        ("Connection failed", "connection-failed"),
        ("Connection refused", "connection-refused"),
        ("Unknown host", "host-not-found"),
        ("Server unreachable", "server-unreachable"),
        ("Connection timeout", "timeout"),
        ("Too many connections", "max-connections"),
        ("Max connections reached", "max-connections"),
        ("blank screen", "other"),
        ("Your account has expired", "account-expired"),
        ("Network error", "network-error"),
        ("HTTP 401 Unauthorized", "http-401-403"),
        ("Error 404", "http-404"),
        ("Page not found", "http-404"),
        ("Server not found", "host-not-found"),  # the longer phrase wins over "Not found"
        ("503 Service Unavailable", "http-5xx"),
        ("Playlist could not be loaded", "other"),
        (None, None),
    ],
)
def test_the_error_message_is_read_against_the_labels(
    kb: KnowledgeBase, by_id: dict[str, Truth], screen: str | None, value: str | None
) -> None:
    t = dataclasses.replace(by_id["monthly-plan-ran-out"], screen=screen)
    assert ask(t, kb.questions["error-message"]).value == value


def test_the_callers_bank_tells_a_failed_payment_our_panel_does_not_show(
    kb: KnowledgeBase, by_id: dict[str, Truth]
) -> None:
    question = kb.questions["last-payment"]
    hidden = by_id["payment-failed-but-panel-shows-active"]
    assert ask(hidden, kb.questions["subscription-state"]).value == "active"  # the panel hides it
    assert ask(hidden, question).value == "declined"  # the caller's bank does not
    assert ask(by_id["monthly-plan-ran-out"], question).value == "none"
    assert ask(by_id["free-trial-ended-after-a-day"], question).value == "none"
    assert ask(by_id["reseller-disabled-line-silently"], question).value == "paid"


def test_tests_are_attempts_in_the_callers_world(kb: KnowledgeBase, by_id: dict[str, Truth]) -> None:
    q = kb.questions

    def answer(scenario: str, question: str) -> str | None:
        return ask(by_id[scenario], q[question]).value

    # re-entered on the phone from the email: the typo stays on the TV, the phone logs in
    assert answer("typo-works-on-phone-because-retyped", "mobile-data-test") == "works"
    assert answer("typo-works-on-phone-because-retyped", "other-app-test") == "still-fails"
    assert answer("typo-capital-k-on-firestick-remote", "careful-retype-test") == "works"
    assert answer("typo-zero-read-as-letter-o", "careful-retype-test") == "still-fails"  # misreads
    # a zero-width character leaves no gap; a space at either end of a box does, in that box only
    assert answer("zero-width-character-from-a-document", "password-space-check") == "clean"
    assert answer("leading-space-in-password", "password-space-check") == "space-found"
    assert answer("leading-space-in-password", "username-space-check") == "clean"
    assert answer("whatsapp-password-trailing-space", "password-space-check") == "space-found"
    assert answer("username-space-via-phone-keyboard-app", "username-space-check") == "space-found"
    assert answer("username-space-via-phone-keyboard-app", "password-space-check") == "clean"
    # the port: the same as the email's, another, or none in the box
    assert answer("port-left-off-the-address", "port-matches-email") == "missing"
    assert answer("port-8000-instead-of-8080", "port-matches-email") == "differs"
    assert answer("provider-moved-to-another-port", "port-matches-email") == "matches"
    # Kodi's single box is the playlist login; a setup that never worked cannot tell busy times
    assert answer("kodi-playlist-box-with-server-address", "login-method") == "m3u"
    assert answer("port-left-off-the-address", "peak-hours") == "new-setup"
    # VPN helps against the ISP, hurts when it is the problem
    assert answer("isp-blocks-port-8080", "vpn-on-test") == "works"
    assert answer("isp-blocks-port-8080", "dns-change-test") == "still-fails"
    assert answer("uk-isp-dns-login-failed", "dns-change-test") == "works"
    assert answer("vpn-app-on-firestick-blocked-by-provider", "vpn-off-test") == "works"
    assert answer("device-limit-with-harmless-vpn", "vpn-off-test") == "still-fails"
    assert answer("hotel-wifi-blocks-iptv", "vpn-on-test") == "still-fails"
    # our panel shows active although the payment failed; the server says otherwise
    assert answer("payment-failed-but-panel-shows-active", "subscription-state") == "active"
    # the desk's own browser test: from our network, on the details read out (edge spaces lost)
    assert answer("payment-failed-but-panel-shows-active", "browser-test") is None  # no details here
    assert answer("space-after-pasted-server-address", "browser-test") == "account-active"
    # the TV refuses http, the phone does not; the desk gives the other scheme with its own port,
    # and a server that speaks only the typed scheme leaves nothing to switch to
    assert answer("lg-tv-needs-https-on-another-port", "scheme-switch-test") == "works"
    assert answer("lg-tv-needs-https-on-another-port", "mobile-data-test") == "works"
    assert answer("samsung-tv-refuses-plain-http", "scheme-switch-test") == "works"
    assert answer("https-typed-on-plain-http-port", "scheme-switch-test") == "works"
    assert answer("monthly-plan-ran-out", "scheme-switch-test") == "one-scheme"
    # a caller who cannot know says so
    assert answer("router-vpn-set-up-by-son", "vpn-in-use") is None
    assert answer("router-vpn-set-up-by-son", "router-vpn") == "not-sure"
    assert answer("typo-grandmother-samsung-set-up-by-son", "credentials-entry") == "someone-else"
    assert answer("vpn-switched-on-after-reading-advice", "vpn-in-use") == "yes"
    assert answer("vpn-switched-on-after-reading-advice", "router-vpn") == "no"
    assert answer("typo-grandmother-samsung-set-up-by-son", "worked-before") is None
    assert answer("line-shared-with-brother-elsewhere", "other-devices-active") is None
    assert answer("line-shared-with-brother-elsewhere", "close-others-test") == "still-fails"
    assert answer("smarters-reinstalled-new-mac", "other-app-test") == "works"  # TiviMate, no MAC


def test_a_test_this_device_cannot_run_has_its_own_answer(kb: KnowledgeBase, by_id: dict[str, Truth]) -> None:
    """No VPN app, no second app, no Clear cache button: the caller says so, from the scenario's
    limits and the device, instead of "don't know" or a try that tells nothing."""
    q = kb.questions

    def answer(t: Truth, question: str) -> str | None:
        return ask(t, q[question]).value

    firestick = by_id["monthly-plan-ran-out"]
    assert answer(by_id["isp-block-times-out"], "vpn-on-test") == "no-vpn-app"  # no VPN app
    assert answer(by_id["samsung-tv-refuses-plain-http"], "vpn-on-test") == "no-vpn-app"  # a TV runs none
    no_apps = dataclasses.replace(firestick, limits=frozenset({"cannot-install-apps"}))
    assert answer(no_apps, "other-app-test") == "cannot-install"
    assert answer(firestick, "other-app-test") == "still-fails"  # on this same device: still expired
    # an LG TV has no Clear cache button: reopening clears nothing, so a stale cache stays
    stale = by_id["renewed-but-app-remembers-expiry"]
    assert answer(stale, "clear-cache-test") == "works"
    assert answer(dataclasses.replace(stale, device="lg-tv"), "clear-cache-test") == "not-cleared"
    cannot = dataclasses.replace(stale, limits=frozenset({"cannot-clear-cache"}))
    assert answer(cannot, "clear-cache-test") == "not-cleared"


def test_a_caller_who_cannot_do_a_test_now_says_so(kb: KnowledgeBase, by_id: dict[str, Truth]) -> None:
    """No phone at hand, no welcome email, no DNS setting found: the answer for it follows from the
    scenario's limits."""
    q = kb.questions

    def answer(t: Truth, question: str) -> str | None:
        return ask(t, q[question]).value

    assert answer(by_id["samsung-tv-dns-filter-cannot-change-dns"], "dns-change-test") == "cannot-change"
    lost = by_id["expired-caller-lost-the-email"]
    for question in ("careful-retype-test", "domain-matches-email", "port-matches-email"):
        assert answer(lost, question) == "no-email", question
    no_phone = dataclasses.replace(by_id["monthly-plan-ran-out"], limits=frozenset({"no-phone"}))
    assert answer(no_phone, "mobile-data-test") == answer(no_phone, "phone-on-wifi-test") == "not-now"
    assert answer(by_id["office-wifi-on-phone"], "phone-on-wifi-test") == "not-now"  # the phone is the device


def test_desk_facts_come_only_when_the_desk_can_run_its_tools(kb: KnowledgeBase, truths: list[Truth]) -> None:
    for t in truths:
        facts = desk_facts(t)
        sources = {s for _, _, s in facts}
        assert ("details-source", t.desk.details, "desk") in facts, t.id  # stated on every call
        assert ("probe" in sources) == t.desk.probe, t.id
        exact = t.desk.details == "exact-copy"
        assert ("lint" in sources) == (t.desk.lints and exact), t.id  # the caller's own text
        heard = {a for a, _, s in facts if s == "answer"}  # a read-out: only what was heard
        assert bool(heard) == (t.desk.lints and not exact), t.id
        usable, unknown = usable_desk_facts(kb, t)
        assert unknown == [], (t.id, unknown)
        for attribute, _, source in usable:
            spec = kb.attributes[attribute]
            assert source in spec.set_by or source == "answer" or attribute in kb.questions, (t.id, attribute)


def test_a_read_out_copy_gives_no_character_level_evidence(truths: list[Truth]) -> None:
    for t in truths:
        if t.desk.details == "read-out":
            assert not {a for a, _, _ in desk_facts(t)} & CHARACTER_LEVEL, t.id


def test_the_probe_sees_from_the_desk_not_from_the_callers_network(by_id: dict[str, Truth]) -> None:
    def probe(scenario: str) -> dict[str, str]:
        return {a: v for a, v, s in desk_facts(by_id[scenario]) if s == "probe"}

    assert probe("uk-isp-dns-login-failed")["account-check"] == "active"  # the ISP is the caller's
    assert probe("samsung-tv-refuses-plain-http")["scheme-check"] == "ok"  # the TV is the caller's
    assert probe("two-letters-swapped-in-domain") == {"dns-lookup": "fails"}
    assert probe("port-left-off-the-address")["port-check"] == "refused"
    assert probe("kids-tablet-streaming-on-one-connection")["connection-slots"] == "full"
    assert probe("free-trial-ended-after-a-day")["trial-line"] == "yes"
    assert probe("banned-on-xui-panel-we-cannot-see")["account-check"] == "refused-ambiguous"
    lint = {a: v for a, v, s in desk_facts(by_id["zero-width-character-from-a-document"]) if s == "lint"}
    assert lint["credentials-non-ascii"] == "yes"


# --- noise ---------------------------------------------------------------------------------


def test_wrong_answers_are_persistent_valid_and_at_the_rate(kb: KnowledgeBase, truths: list[Truth]) -> None:
    questions = [q for q in kb.questions.values() if not q.solves]
    changed = total = 0
    for t in truths:
        for q in questions:
            value = q.answers[0].value
            first = noisy(t.id, q, value, 0.2)
            assert noisy(t.id, q, value, 0.2) == first  # asked again: the same answer
            assert first in q.domain()
            assert noisy(t.id, q, value, 0.0) == value
            assert noisy(t.id, q, None, 0.2) is None  # don't know stays don't know
            assert noisy(t.id, q, value, 1.0) != value
            changed += first != value
            total += 1
    assert 0.16 <= changed / total <= 0.24


def test_a_test_that_can_end_the_call_is_never_noised(kb: KnowledgeBase, truths: list[Truth]) -> None:
    tests = [q for q in kb.questions.values() if q.solves]
    assert tests
    for t in truths:
        for q in tests:
            assert all(noisy(t.id, q, a.value, 1.0) == a.value for a in q.answers)


def test_other_draws_are_other_callers_mistakes(kb: KnowledgeBase, truths: list[Truth]) -> None:
    pairs = [(t, q) for t in truths for q in kb.questions.values() if not q.solves]
    standard = [noisy(t.id, q, q.answers[0].value, 0.2) for t, q in pairs]
    assert standard == [noisy(t.id, q, q.answers[0].value, 0.2, draw=0) for t, q in pairs]
    other = [noisy(t.id, q, q.answers[0].value, 0.2, draw=1) for t, q in pairs]
    assert other != standard
    wrong = sum(v != q.answers[0].value for v, (_, q) in zip(other, pairs, strict=True))
    assert 0.16 <= wrong / len(pairs) <= 0.24  # the same rate, other answers


def test_draws_multiply_the_noisy_calls_only(truths: list[Truth]) -> None:
    some = [t for t in truths if t.id == "monthly-plan-ran-out"]
    results = run_all(some, SCENARIOS, None, ("information",), (0.0, 0.2), jobs=1, draws=3)
    assert sorted((r.noise, r.draw) for r in results) == [(0.0, 0), (0.2, 0), (0.2, 1), (0.2, 2)]
    assert "3 draws of wrong answers" in markdown(results, some, "title")


# --- the bench ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inference(kb: KnowledgeBase) -> Inference:
    return Inference(kb)


def test_a_call_observes_the_desk_asks_and_walks_the_fixes(
    kb: KnowledgeBase, inference: Inference, by_id: dict[str, Truth]
) -> None:
    result = run_call(kb, inference, by_id["monthly-plan-ran-out"], "information", 0.0)
    assert result.right_first and not result.confident_wrong
    assert result.solved_by == ("subscription-expired", "renew-line")
    assert result.status == "solved" and result.right_by_end
    assert result.questions == len(result.asked) and result.seconds == sum(
        kb.questions[q].cost for q, _ in result.asked
    )
    assert result.declarations[0].probability == pytest.approx(result.declarations[0].probability)
    # a truthful caller answers every question as the oracle says
    for question, value in result.asked:
        assert value == (ask(by_id["monthly-plan-ran-out"], kb.questions[question]).value or "?")


def test_a_fix_that_does_not_help_is_reported_as_such(
    kb: KnowledgeBase, inference: Inference, by_id: dict[str, Truth]
) -> None:
    """The brother's line cannot be freed by closing the caller's own devices."""
    result = run_call(kb, inference, by_id["line-shared-with-brother-elsewhere"], "information", 0.0)
    assert result.fixes >= 1
    assert result.solved_by in (None, ("connection-limit", "reset-connections-or-upgrade"))


def test_wrong_answers_reach_the_session(
    kb: KnowledgeBase, inference: Inference, by_id: dict[str, Truth]
) -> None:
    t = by_id["typo-zero-read-as-letter-o"]
    for policy in ("information", "checklist", "random"):
        clean = run_call(kb, inference, t, policy, 0.0)
        assert clean.wrong_answers == 0
        wrong = run_call(kb, inference, t, policy, 1.0)  # every answer wrong, but attempts'
        assert wrong.questions >= 1
        first: dict[str, str] = {}
        for question, value in wrong.asked:  # an answer asked again comes after its first
            first.setdefault(question, value)
        noised = {q: v for q, v in first.items() if not kb.questions[q].solves}
        assert wrong.wrong_answers == sum(v != "?" for v in noised.values())
        for question, value in noised.items():
            truth = ask(t, kb.questions[question]).value
            assert value == "?" if truth is None else value != truth


def test_a_renamed_question_is_counted_as_oracle_could_not_answer(
    tmp_path: Path, truths: list[Truth]
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    for path in rules.rglob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("error-message", "screen-words"), encoding="utf-8"
        )
    (rules / "questions" / "error-message.yaml").rename(rules / "questions" / "screen-words.yaml")
    kb = load_knowledge_base(rules)
    assert "screen-words" in kb.questions
    some = [t for t in truths if not t.desk.lints][:12]
    results = run_all(some, SCENARIOS, rules, ("random",), (0.0,), jobs=1)
    asked = [r for r in results if any(q == "screen-words" for q, _ in r.asked)]
    assert asked  # random order reaches it in some calls
    for r in results:
        assert ("screen-words", "?") in r.asked if r in asked else "screen-words" not in r.no_oracle
        assert r.no_oracle == (("screen-words",) if r in asked else ())
    assert f"question `screen-words`: {len(asked)} times" in markdown(results, some, "t")


def test_the_report_has_every_policy_and_noise_level(kb: KnowledgeBase, truths: list[Truth]) -> None:
    some = [t for t in truths if t.id in ("monthly-plan-ran-out", "port-left-off-the-address")]
    results = run_all(some, SCENARIOS, None, ("information", "checklist", "random"), (0.0, 0.1), jobs=1)
    assert len(results) == 12
    report = markdown(results, some, "title")
    for policy in ("information", "checklist", "random"):
        for noise in ("0%", "10%"):
            assert f"| {policy} | {noise} | 2 |" in report
    assert "right first diagnosis" in report and "Calibration" in report


@pytest.mark.slow
def test_the_bench_command_writes_markdown_and_json(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(SCENARIOS / "no-internet.yaml", scenarios)
    out, js = tmp_path / "r.md", tmp_path / "r.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "calls_bench.py"), "--scenarios", str(scenarios), "--jobs", "1",
         "--policy", "information", "--noise", "0", "--out", str(out), "--json", str(js)],
        check=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert "| information | 0% | 3 |" in out.read_text()
    data = json.loads(js.read_text())
    assert len(data["calls"]) == 3 and data["summary"][0]["calls"] == 3
