"""Priors fitted from confirmed causes: smoothed, printed as a diff, never applied by themselves."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from xtream_doctor.evaluation.priors import fit_priors, number, prior_diff
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base

CONFIRMED = ["wrong-password"] * 6 + ["connection-limit"] * 2 + [None, "no-such-cause"]


def test_fitted_priors_are_the_confirmed_shares_smoothed_towards_the_current_ones(
    helpdesk: KnowledgeBase,
) -> None:
    # Current priors 30, 12, 8, 10 (total 60) count as 4 pseudo-cases; 8 cases are confirmed.
    fits = {f.cause: f for f in fit_priors(helpdesk, CONFIRMED)}
    assert {c: number(f.new) for c, f in fits.items()} == {
        "wrong-password": "40",  # (6 + 4 * 30/60) / 12 * 60
        "connection-limit": "14",  # (2 + 4 * 12/60) / 12 * 60
        "vpn-blocked": "2.7",
        "server-down": "3.3",
    }
    assert fits["wrong-password"].cases == 6 and fits["server-down"].cases == 0
    assert sum(f.new for f in fits.values()) == pytest.approx(60)


def test_a_strong_prior_barely_moves(helpdesk: KnowledgeBase) -> None:
    fits = {f.cause: f for f in fit_priors(helpdesk, CONFIRMED, strength=10_000)}
    assert all(abs(f.new - f.old) < 0.1 for f in fits.values())
    assert not any(f.changed for f in fits.values())
    assert prior_diff(helpdesk, fits.values()) == ""


def test_the_diff_changes_only_prior_lines_and_applies_with_patch(
    helpdesk: KnowledgeBase, helpdesk_rules: Path, tmp_path: Path
) -> None:
    before = {p.name: p.read_text() for p in (helpdesk_rules / "causes").iterdir()}
    diff = prior_diff(helpdesk, fit_priors(helpdesk, CONFIRMED))
    assert {p.name: p.read_text() for p in (helpdesk_rules / "causes").iterdir()} == before  # nothing applied
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("---", "+++")]
    assert changed == ["-prior: 12", "+prior: 14", "-prior: 10", "+prior: 3.3", "-prior: 8", "+prior: 2.7",
                       "-prior: 30", "+prior: 40"]  # fmt: skip
    assert "--- a/helpdesk-rules/causes/connection-limit.yaml" in diff

    copy = tmp_path / "copy"
    shutil.copytree(helpdesk_rules, copy / "helpdesk-rules")
    tool = shutil.which("patch")
    if tool is None:
        pytest.skip("no patch program")
    subprocess.run([tool, "-p1", "-s"], input=diff, text=True, cwd=copy, check=True)
    applied = load_knowledge_base(copy / "helpdesk-rules")
    fitted = {"wrong-password": "40", "connection-limit": "14", "vpn-blocked": "2.7", "server-down": "3.3"}
    assert {c: number(applied.causes[c].prior) for c in applied.causes} == fitted
