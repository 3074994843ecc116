"""bench/calls_compare.py: every figure of two bench runs side by side, each marked by which way
it moved, so a knowledge base change cannot be judged on the one figure that improved."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from bench.calls.run import run_call, to_json
from bench.calls.truth import load_truths
from bench.calls_compare import by_draw, load_calls, mark, spread, table

from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import load_knowledge_base

ROOT = Path(__file__).resolve().parents[2]


def test_the_direction_of_each_figure_is_its_own() -> None:
    assert mark(10, 12, True) == "better" and mark(10, 12, False) == "**worse**"
    assert mark(3, 3, True) == "=" and mark(3, 9, None) == "="


def test_a_call_no_longer_solved_shows_as_worse_and_the_json_reads_back(tmp_path: Path) -> None:
    kb = load_knowledge_base()
    inference = Inference(kb)
    truths = [t for t in load_truths() if t.true_cause == "subscription-expired"][:2]
    before = [run_call(kb, inference, t, "information", 0.0) for t in truths]
    assert all(r.solved_by is not None for r in before)
    after = [dataclasses.replace(before[0], solved_by=None, status="undecidable"), before[1]]
    (tmp_path / "before.json").write_text(to_json(before), encoding="utf-8")
    (tmp_path / "after.json").write_text(to_json(after), encoding="utf-8")
    # nothing lost on the way through JSON (compared as dicts: the script imports bench/calls as
    # ``calls``, the tests as ``bench.calls``, so their classes differ by name only)
    assert [dataclasses.asdict(c) for c in load_calls(tmp_path / "before.json")] == [
        dataclasses.asdict(c) for c in before
    ]

    text = table(before, after, "All calls")
    assert "| information | 0% | 2 | solved (any fix) | 2 | 1 | · | **worse** |" in text  # one draw: no SE
    assert "| information | 0% | 2 | right first diagnosis | 2 | 2 | · | = |" in text
    # only "solved" moved: unsolved with the right cause leading is still right by the end
    assert "\n1 figure(s) worse." in text

    shown = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "calls_compare.py"), str(tmp_path / "before.json"),
         str(tmp_path / "after.json"), "--split-desk"],
        check=True, cwd=ROOT, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    for title in ("## All calls", "## The desk has the caller's details", "## No desk tools"):
        assert title in shown


def test_the_standard_error_comes_from_the_spread_across_draws() -> None:
    kb = load_knowledge_base()
    call = run_call(kb, Inference(kb), load_truths()[0], "information", 0.0)
    assert call.solved_by is not None
    draws = [dataclasses.replace(call, noise=0.05, draw=d) for d in (0, 1)]
    unsolved = dataclasses.replace(draws[0], solved_by=None, status="undecidable")
    before, after = (
        by_draw(draws)[("information", 0.05)],
        by_draw([unsolved, draws[1]])[("information", 0.05)],
    )
    # the change is -1 in one draw and 0 in the other: sd 0.707, times sqrt(2) for a count summed over draws
    assert spread(before, after, "solved_any") == pytest.approx(1.0)
    assert spread(before, before, "solved_any") == 0.0
    assert spread({0: before[0]}, {0: after[0]}, "solved_any") is None
