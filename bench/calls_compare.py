"""Two runs of the call bench side by side: every figure, before and after, and which way it moved.

Read from the ``--json`` files of ``calls_bench.py`` (same policies, rates and draws in both),
so a knowledge base change is judged on every figure at once, not on the one that improved.
``--split-desk`` also compares the calls where the desk has the caller's details (lint, and
the probe or the desk's browser test) apart from those where it has none.

    python bench/calls_compare.py BEFORE.json AFTER.json [--split-desk] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calls.run import CallResult, Declaration, Summary, summarise
from calls.truth import SCENARIOS, load_truths

COUNTS = frozenset(
    {
        "right_first", "confident_wrong", "right_by_end", "unresolved_right_leading", "conflicts",
        "solved_any",
        "found_all_fixes_failed",
    }
)  # fmt: skip
# (column, label, better when higher?); None: no better way (shown, never marked)
FIGURES: tuple[tuple[str, str, bool | None], ...] = (
    ("right_first", "right first diagnosis", True),
    ("confident_wrong", "confident-wrong", False),
    ("right_by_end", "right by the end", True),
    ("unresolved_right_leading", "unresolved, right cause leading", None),
    ("conflicts", "conflicts", False),
    ("solved_any", "solved (any fix)", True),
    ("mean_questions", "mean questions", False),
    ("p90_questions", "p90 questions", False),
    ("mean_seconds", "mean question seconds", False),
    ("p90_seconds", "p90 question seconds", False),
    ("mean_fix_seconds", "mean fix seconds", False),
    ("p90_total_seconds", "p90 call seconds", False),
    ("found_all_fixes_failed", "ended found, every fix failed", False),
)


def load_calls(path: Path) -> list[CallResult]:
    raw = json.loads(path.read_text(encoding="utf-8"))["calls"]
    out = []
    for call in raw:
        call = dict(call)
        call["declarations"] = tuple(Declaration(**d) for d in call["declarations"])
        call["solved_by"] = tuple(call["solved_by"]) if call["solved_by"] else None
        for key in ("no_oracle", "unknown_desk_facts"):
            call[key] = tuple(call[key])
        call["asked"] = tuple(tuple(pair) for pair in call.get("asked", ()))
        call["doubts"] = tuple(tuple(pair) for pair in call.get("doubts", ()))
        if "found_all_fixes_failed" not in call:  # a run from before the figure: "found" was the end
            call["found_all_fixes_failed"] = call["status"] == "found"
        call["wrong_asked"] = tuple(call.get("wrong_asked", ()))
        call["fix_causes_p"] = tuple(call.get("fix_causes_p", ()))
        out.append(CallResult(**call))
    return out


def mark(before: float, after: float, higher_is_better: bool | None) -> str:
    if higher_is_better is None or before == after:
        return "="
    return "better" if (after > before) == higher_is_better else "**worse**"


def _number(value: float) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


Key = tuple[str, float]


def by_draw(calls: Iterable[CallResult]) -> dict[Key, dict[int, Summary]]:
    """Each rate's figures draw by draw (one draw: one caller's mistakes per scenario)."""
    groups: dict[tuple[str, float, int], list[CallResult]] = {}
    for c in calls:
        groups.setdefault((c.policy, c.noise, c.draw), []).append(c)
    out: dict[Key, dict[int, Summary]] = {}
    for (policy, noise, draw), group in groups.items():
        out.setdefault((policy, noise), {})[draw] = summarise(group)[0]
    return out


def spread(old: dict[int, Summary], new: dict[int, Summary], column: str) -> float | None:
    """One standard error of after minus before, from how much the difference varies from draw
    to draw (None with fewer than two draws in common).  Counts are summed over the draws,
    the other figures are about their mean."""
    draws = sorted(old.keys() & new.keys())
    if len(draws) < 2:
        return None
    differences = [getattr(new[d], column) - getattr(old[d], column) for d in draws]
    deviation = statistics.stdev(differences)
    return deviation * math.sqrt(len(draws)) if column in COUNTS else deviation / math.sqrt(len(draws))


def table(before: Iterable[CallResult], after: Iterable[CallResult], title: str) -> str:
    before, after = list(before), list(after)
    old = {(s.policy, s.noise): s for s in summarise(before)}
    new = {(s.policy, s.noise): s for s in summarise(after)}
    old_draws, new_draws = by_draw(before), by_draw(after)
    lines = [f"## {title}", "", "| policy | wrong answers | calls | figure | before | after | ±1 SE | |"]
    lines.append("|---|---|---|---|---|---|---|---|")
    worse = 0
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        for column, label, higher in FIGURES:
            x, y = getattr(a, column), getattr(b, column)
            verdict = mark(x, y, higher)
            worse += verdict.startswith("**")
            calls = a.calls if a.calls == b.calls else f"{a.calls} / {b.calls}"
            se = spread(old_draws[key], new_draws[key], column)
            noise = "·" if se is None else _number(float(se))
            cells = (key[0], f"{key[1]:.0%}", calls, label, _number(x), _number(y), noise, verdict)
            lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    lines += [
        "",
        f"{worse} figure(s) worse. ±1 SE: one standard error of the change, from its spread across the "
        "draws of wrong answers (· with one draw).",
        "",
    ]
    return "\n".join(lines)


def split(calls: list[CallResult], desk: set[str], with_desk: bool) -> list[CallResult]:
    """The calls whose scenario's desk has (or has not) the caller's details."""
    return [c for c in calls if (c.scenario in desk) == with_desk]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--split-desk", action="store_true", help="also compare desk and no-desk calls apart")
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS)
    parser.add_argument("--out", type=Path, help="write the markdown here instead of stdout")
    args = parser.parse_args()
    before, after = load_calls(args.before), load_calls(args.after)
    report = [f"# Call bench: {args.before.name} against {args.after.name}", ""]
    report.append(table(before, after, "All calls"))
    if args.split_desk:
        desk = {t.id for t in load_truths(args.scenarios) if t.desk.lints}
        for has, title in ((True, "The desk has the caller's details"), (False, "No desk tools")):
            report.append(table(split(before, desk, has), split(after, desk, has), title))
    text = "\n".join(report)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


__all__ = ["FIGURES", "Summary", "load_calls", "mark", "table"]

if __name__ == "__main__":
    sys.exit(main())
