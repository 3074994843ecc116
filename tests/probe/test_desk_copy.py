"""The desk's copy of the details is not the caller's screen: what its lint may say depends
on where the copy came from (read out, an exact copy of the caller's text, our records)."""

from __future__ import annotations

from xtream_doctor.engine import Session
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import Finding, Target, lint
from xtream_doctor.probe.copy import CHARACTER_LEVEL, DetailsCopy, copy_evidence, copy_fact, desk_target

PASTED = Target("http://panel.example.com:8080 ", "active", "Qx7vLm2p ")


def evidence(target: Target, copy: DetailsCopy) -> tuple[dict[str, tuple[str, str]], list[Finding]]:
    result = copy_evidence(lint(desk_target(target, copy)), copy)
    return {f.attribute: (f.value, f.source) for f in result.facts}, list(result.notes)


def test_a_read_out_copy_loses_the_blanks_the_desk_typed_at_its_ends() -> None:
    trimmed = desk_target(PASTED, "read-out")
    assert (trimmed.server, trimmed.username, trimmed.password) == (
        "http://panel.example.com:8080",
        "active",
        "Qx7vLm2p",
    )
    assert desk_target(PASTED, "exact-copy") == PASTED


def test_a_read_out_copy_says_nothing_of_single_characters() -> None:
    facts, _notes = evidence(PASTED, "read-out")
    assert not set(facts) & CHARACTER_LEVEL  # a clean read-out is no evidence against a pasted blank


def test_what_was_heard_counts_as_the_callers_word_and_what_was_not_counts_for_nothing() -> None:
    heard, _ = evidence(Target("http://panel.example.com:8080/", "bob", "pw"), "read-out")
    assert heard["server-scheme"] == ("present", "answer")
    assert heard["server-port"] == ("present", "answer")
    assert heard["server-path"] == ("trailing-slash", "answer")
    unheard, _ = evidence(Target("panel.example.com", "bob", "pw"), "read-out")
    assert "server-scheme" not in unheard and "server-port" not in unheard  # callers skip "http://"


def test_an_exact_copy_is_linted_as_it_is() -> None:
    facts, notes = evidence(PASTED, "exact-copy")
    assert facts["credentials-whitespace"] == ("yes", "lint")
    assert facts["server-whitespace"] == ("yes", "lint")
    assert not notes


def test_a_playlist_link_typed_into_the_server_box_speaks_of_the_callers_app_only_when_exact() -> None:
    link = Target("http://panel.example.com:8080/get.php?username=bob&password=pw&type=m3u", "", "")
    read_out, notes = evidence(link, "read-out")
    assert "server-field-has-m3u-link" not in read_out
    assert any(n.attribute == "server-field-has-m3u-link" for n in notes)  # staff still see it
    exact, _ = evidence(link, "exact-copy")
    assert exact["server-field-has-m3u-link"] == ("yes", "lint")


def test_our_own_records_say_nothing_of_what_the_caller_typed() -> None:
    facts, notes = evidence(Target("panel.example.com:8080/", "bob", "pw"), "our-records")
    assert facts == {}
    assert {n.attribute for n in notes} == {"server-scheme", "server-path"}  # problems in our records


def test_a_lookalike_is_noted_for_a_read_out_and_weighs_only_against_a_refusal(kb: KnowledgeBase) -> None:
    _facts, notes = evidence(Target("http://panel.example.com:8080", "Marta2291", "Qx7vLm2p"), "read-out")
    assert [n.attribute for n in notes] == ["credentials-lookalike"]
    accepted = Session(kb)
    for finding in (copy_fact("exact-copy"), *lint(Target("http://p.example.com:8080", "Marta2291", "x"))):
        accepted.observe(finding.attribute, finding.value, finding.source)
    assert not [f for f in accepted.state().outcome.firings if f.rule == "typo-lookalike-characters"]
    accepted.observe("account-check", "wrong-credentials", "probe")
    assert [f for f in accepted.state().outcome.firings if f.rule == "typo-lookalike-characters"]


def test_an_m_alone_is_no_lookalike() -> None:
    found = [
        f
        for f in lint(Target("http://p.example.com:8080", "tom", "Qxvmp"))
        if f.attribute == "credentials-lookalike"
    ]
    assert found[0].value == "no"


def _call(kb: KnowledgeBase, copy: DetailsCopy) -> Session:
    """The caller pasted the password (a blank came along); the desk has the right one."""
    session = Session(kb)
    session.observe(*_fact(copy_fact(copy)))
    desk = Target("http://panel.example.com:8080", "active", "Qx7vLm2p")
    for finding in copy_evidence(lint(desk_target(desk, copy)), copy).facts:
        session.observe(*_fact(finding))
    session.observe("account-check", "active", "probe")
    session.observe("connection-slots", "free", "probe")
    session.answer("error-message", "failed-to-authorize")
    session.answer("credentials-entry", "pasted")
    return session


def _fact(finding: Finding) -> tuple[str, str, str]:
    return finding.attribute, finding.value, finding.source


def test_a_pasted_blank_stays_in_play_when_the_details_were_read_out(kb: KnowledgeBase) -> None:
    read_out = _call(kb, "read-out").state()
    assert read_out.probability("clipboard-whitespace") > 0.15
    exact = _call(kb, "exact-copy").state()  # an exact copy with no blank does rule it out
    assert exact.probability("clipboard-whitespace") < 0.02


def test_retyping_slowly_then_ends_the_call_on_the_pasted_blank(kb: KnowledgeBase) -> None:
    session = _call(kb, "read-out")
    session.answer("careful-retype-test", "works")
    state = session.state()
    assert state.status == "solved"
    assert state.solved_by is not None and state.solved_by.cause == "clipboard-whitespace"
    assert state.solved_by.also == ("credentials-typo",)
