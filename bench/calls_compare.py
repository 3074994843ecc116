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
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calls.run import CallResult, Declaration, Summary, summarise
from calls.truth import SCENARIOS, load_truths

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
    ("mean_seconds", "mean seconds", False),
    ("p90_seconds", "p90 seconds", False),
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
        out.append(CallResult(**call))
    return out


def mark(before: float, after: float, higher_is_better: bool | None) -> str:
    if higher_is_better is None or before == after:
        return "="
    return "better" if (after > before) == higher_is_better else "**worse**"


def _number(value: float) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def table(before: Iterable[CallResult], after: Iterable[CallResult], title: str) -> str:
    old = {(s.policy, s.noise): s for s in summarise(before)}
    new = {(s.policy, s.noise): s for s in summarise(after)}
    lines = [f"## {title}", "", "| policy | wrong answers | calls | figure | before | after | |"]
    lines.append("|---|---|---|---|---|---|---|")
    worse = 0
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        for column, label, higher in FIGURES:
            x, y = getattr(a, column), getattr(b, column)
            verdict = mark(x, y, higher)
            worse += verdict.startswith("**")
            calls = a.calls if a.calls == b.calls else f"{a.calls} / {b.calls}"
            lines.append(
                f"| {key[0]} | {key[1]:.0%} | {calls} | {label} | {_number(x)} | {_number(y)} | {verdict} |"
            )
    lines += ["", f"{worse} figure(s) worse.", ""]
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
