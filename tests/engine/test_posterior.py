"""Graded evidence: a wrong answer lowers, never deletes; enough evidence finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import G1, cause, light, one_fix, rule, write
from xtream_doctor.engine import Inference, Session
from xtream_doctor.engine.fixpoint import Fixpoint
from xtream_doctor.engine.posterior import Evidence, Weigher, combine, discount
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base


def test_a_certain_rule_on_a_callers_answer_lowers_tenfold_not_to_zero() -> None:
    assert discount(0.0, 0.9) == pytest.approx(0.1)
    assert discount(float("inf"), 0.9) == pytest.approx(10.0)
    assert discount(20.0, 0.9) == pytest.approx(1 / discount(1 / 20.0, 0.9))
    assert 1.0 < discount(2.0, 0.9) < 2.0


def _e(rule: str, factor: float, *roots: str) -> Evidence:
    return Evidence("c", rule, "x", factor, (), frozenset(roots))


def test_rules_on_the_same_facts_count_once_and_the_strongest_wins() -> None:
    factor, items = combine([_e("weak", 0.5, "a"), _e("strong", 0.1, "a", "b"), _e("other", 0.5, "z")])
    assert factor == pytest.approx(0.1 * 0.5)
    assert {e.rule for e in items if not e.counted} == {"weak"}


def test_a_wrong_answer_lowers_but_never_removes_the_true_cause(kb: KnowledgeBase) -> None:
    session = Session(kb)
    session.answer("careful-retype-test", "still-fails")  # wrong: it is a typo
    lowered = session.state().probability("credentials-typo")
    assert 0 < lowered < kb.causes["credentials-typo"].prior / sum(c.prior for c in kb.causes.values())
    session.observe("account-check", "wrong-credentials", "probe")
    for fact in ("credentials-whitespace", "credentials-non-ascii", "server-field-has-m3u-link"):
        session.observe(fact, "no", "lint")
    state = session.state()
    assert state.leading == "credentials-typo"
    assert state.probability("credentials-typo") > 0.5


def test_a_strong_enough_run_of_evidence_reaches_found(tiny_rules: Path) -> None:
    session = Session(load_knowledge_base(tiny_rules))
    session.answer("light", "on")
    state = session.state()
    assert state.status == "found" and state.leading == "fuse"
    assert state.confidence >= session.kb.settings.confidence


def _maxconn_session(kb: KnowledgeBase) -> Session:
    session = Session(kb)
    session.answer("error-message", "max-connections")
    session.observe("account-check", "active", "probe")
    session.observe("connection-slots", "full", "probe")
    return session


def test_a_fix_that_did_not_help_offers_the_causes_next_fix_while_it_leads(kb: KnowledgeBase) -> None:
    session = _maxconn_session(kb)
    state = session.state()
    assert state.status == "found" and state.leading == "connection-limit"
    fixes = [f.id for f in kb.causes["connection-limit"].fixes]
    first = session.next_fix()
    assert first is not None and first.fix.id == fixes[0]
    session.fix_tried("connection-limit", fixes[0], helped=False)
    state = session.state()
    assert state.leading == "connection-limit"
    following = session.next_fix()
    assert following is not None and (following.cause, following.fix.id) == ("connection-limit", fixes[1])
    assert any(e.rule == f"fix:{fixes[0]}" for e in state.evidence("connection-limit"))


@pytest.fixture
def two_witnesses(tmp_path: Path) -> KnowledgeBase:
    """Two causes; two caller answers speak against one, two probe facts against the other."""
    root = tmp_path / "rules"
    light(root)
    write(
        root,
        "questions/dim.yaml",
        f"""
        id: dim
        text: Was the light dim before?
        answers: {{'yes': It was dim, 'no': It was not}}
        cost: 10
        sources: [{G1}]
        """,
    )
    for fact in ("meter", "smell"):
        write(
            root,
            f"facts/{fact}.yaml",
            f"""
            id: {fact}
            meaning: What the {fact} shows.
            set_by: probe
            values: {{power: There is power, none: There is no power}}
            """,
        )
    for ident, (a, va), (b, vb) in (
        ("bulb", ("light", "on"), ("dim", "no")),
        ("fuse", ("meter", "none"), ("smell", "none")),
    ):
        cause(
            root,
            ident,
            rule(f"{ident}-out", f"{{{a}: '{va}'}}", f"rule_out: {ident}", because="It says so.")
            + rule(f"{ident}-out-too", f"{{{b}: '{vb}'}}", f"rule_out: {ident}", because="It says so too."),
            fixes=one_fix(f"Replace the {ident}"),
        )
    return load_knowledge_base(root)


def test_an_improbable_answer_set_names_the_answer_to_recheck(two_witnesses: KnowledgeBase) -> None:
    session = Session(two_witnesses)
    session.answer("light", "on")
    session.answer("dim", "no")
    session.observe("meter", "none", "probe")
    session.observe("smell", "none", "probe")
    state = session.state()
    assert state.status == "conflict"
    assert {f.attribute for f in state.conflict} == {"light", "dim"}  # not the probe's readings
    session.dont_know("light")  # set a doubtful answer aside: the rest fits the bulb
    assert session.state().status == "found" and session.state().leading == "bulb"


def test_the_fast_fixpoint_weighs_like_experta(kb: KnowledgeBase) -> None:
    weigher, fast, slow = Weigher(kb), Fixpoint(kb), Inference(kb)
    for example in kb.examples:
        reliability = dict.fromkeys(example.given, 0.9)
        a = weigher.weigh(fast.run(example.given), reliability)
        b = weigher.weigh(slow.run(example.given), reliability)
        assert a.probabilities == pytest.approx(b.probabilities), example.name
