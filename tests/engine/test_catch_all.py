"""None of the known causes, as a hypothesis: its likelihood is the known causes' average, piece
by piece, so it falls when the answers agree on one cause and rises when each fits another."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import G1, cause, question, rule, write
from xtream_doctor.engine import Session
from xtream_doctor.kb import KnowledgeBaseError, load_knowledge_base
from xtream_doctor.kb.model import KnowledgeBase

CATCH_ALL = f"""id: unknown
title: None of the known causes
summary: Something the rules do not know.
prior: 10
catch_all: true
basis: 'support-engineering: a desk meets causes no rule describes'
fixes:
  - id: escalate
    title: Escalate
    steps: [Send it on.]
    sources: [{G1}]
"""


def _office(root: Path) -> KnowledgeBase:
    """Three causes of a dark office, three questions each speaking for (yes) or against (no) one."""
    for name in ("lamp", "mains", "switch"):
        question(root, f"sign-of-{name}", {"yes": "Yes", "no": "No"})
        rules = rule(f"{name}-sign", f"{{sign-of-{name}: 'yes'}}", f"raise: {{{name}: strongly}}")
        rules += rule(f"{name}-no-sign", f"{{sign-of-{name}: 'no'}}", f"lower: {{{name}: clearly}}")
        cause(root, name, rules)
    write(root, "causes/unknown.yaml", CATCH_ALL)
    return load_knowledge_base(root)


def test_answers_that_agree_on_one_cause_lower_the_catch_all(tmp_path: Path) -> None:
    kb = _office(tmp_path / "rules")
    session = Session(kb)
    start = session.state().probability("unknown")
    session.answer("sign-of-lamp", "yes")
    session.answer("sign-of-mains", "no")
    session.answer("sign-of-switch", "no")
    state = session.state()
    assert state.leading == "lamp"
    assert state.probability("unknown") < start


def test_answers_that_each_fit_another_cause_make_the_catch_all_lead(tmp_path: Path) -> None:
    kb = _office(tmp_path / "rules")
    session = Session(kb)
    for name in ("lamp", "mains", "switch"):
        session.answer(f"sign-of-{name}", "yes")  # every sign at once: no one cause explains them all
    state = session.state()
    assert state.leading == "unknown"
    assert state.status == "found"  # at the catch-all's own threshold (0.5): escalate
    assert session.next_fix(state) is None  # no fix: the call is escalated with what was tested


def test_one_answer_alone_leaves_the_catch_all_where_it_started(tmp_path: Path) -> None:
    kb = _office(tmp_path / "rules")
    session = Session(kb)
    start = session.state().probability("unknown")
    session.answer("sign-of-lamp", "yes")
    assert session.state().probability("unknown") == pytest.approx(start)


def test_a_rule_may_not_name_the_catch_all_and_there_is_only_one(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    _office(root)
    question(root, "smell", {"burnt": "Burnt", "none": "None"})
    cause(root, "fuse", rule("fuse-out", "{smell: none}", "rule_out: [fuse, unknown]"))
    write(root, "causes/other-unknown.yaml", CATCH_ALL.replace("id: unknown", "id: other-unknown"))
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(root)
    messages = [p.message for p in error.value.problems]
    assert any("names the catch-all cause 'unknown'" in m for m in messages)
    assert any("second catch-all cause" in m for m in messages)


def test_the_shipped_catch_all_is_never_a_known_cause_for_lint(kb: KnowledgeBase) -> None:
    catch_all = [c for c in kb.causes.values() if c.catch_all]
    assert [c.id for c in catch_all] == ["unknown-cause"]
    assert "unknown-cause" not in kb.known_causes()
    assert not [r for r in kb.rules if "unknown-cause" in r.speaks_of()]

