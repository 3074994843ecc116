"""Strengths of graded rules fitted from logged cases, offered as a diff."""

from __future__ import annotations

from pathlib import Path

from tests.builders import cause, light, rule
from xtream_doctor.evaluation.evaluate import Evaluator
from xtream_doctor.evaluation.strengths import fit_strengths, strength_diff
from xtream_doctor.kb import load_knowledge_base
from xtream_doctor.records.inputs import EvalCase


def _rules(root: Path) -> Path:
    light(root)
    for ident, extra in (("bulb", "raise: {bulb: slightly}"), ("fuse", "lower: {fuse: strongly}")):
        cause(root, ident, rule(f"{ident}-dark", "{light: 'off'}", extra, because="It is dark."))
    return root


def test_a_rule_the_cases_show_stronger_gets_a_stronger_word_in_a_diff(tmp_path: Path) -> None:
    kb = load_knowledge_base(_rules(tmp_path / "rules"))
    cases = [EvalCase(f"b{i}", "t", (("light", "off", "answer"),), "bulb") for i in range(12)]
    cases += [EvalCase(f"f{i}", "t", (("light", "on", "answer"),), "fuse") for i in range(12)]
    ev = Evaluator(kb, policies=())
    results = [ev.evaluate(c, replay_too=False) for c in cases]
    fits = {(f.rule, f.cause): f for f in fit_strengths(kb, results)}
    bulb = fits[("bulb-dark", "bulb")]
    assert bulb.ratio > 10 and bulb.suggested == "strongly" and bulb.changed
    fuse = fits[("fuse-dark", "fuse")]
    assert fuse.ratio < 0.1 and fuse.suggested == "strongly" and not fuse.changed
    diff = strength_diff(kb, fits.values())
    assert "-    raise: {bulb: slightly}" in diff and "+    raise: {bulb: strongly}" in diff
    assert "fuse" not in diff


def test_a_rule_the_cases_contradict_is_reported_not_rewritten(tmp_path: Path) -> None:
    kb = load_knowledge_base(_rules(tmp_path / "rules"))
    cases = [EvalCase(f"f{i}", "t", (("light", "off", "answer"),), "fuse") for i in range(12)]
    cases += [EvalCase(f"b{i}", "t", (("light", "on", "answer"),), "bulb") for i in range(12)]
    ev = Evaluator(kb, policies=())
    fits = fit_strengths(kb, [ev.evaluate(c, replay_too=False) for c in cases])
    bulb = next(f for f in fits if f.cause == "bulb")
    assert bulb.suggested is None and not bulb.changed
    assert strength_diff(kb, fits) == ""
