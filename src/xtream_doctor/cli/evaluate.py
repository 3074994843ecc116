"""``xtream-doctor eval``: how well the knowledge base does on logged cases."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from xtream_doctor.cli.common import KbLoadFailed, UsageError, add_rules_option, load_kb
from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "eval",
        aliases=["evaluate"],
        help="evaluate the knowledge base on logged cases (JSONL case logs or CSV exports)",
        description="Static: with all of each case's facts, which causes remain? Replay: an oracle "
        "answers from each case's facts while a policy asks; questions and seconds per case for the "
        "app's policy, the guides' checklist order and random order. Lines that cannot be read are "
        "reported and skipped. See kb-docs/case-records.md.",
    )
    parser.add_argument(
        "cases",
        nargs="+",
        metavar="CASES",
        help="case files: the app's case store (.sqlite3), .jsonl case logs or .csv exports",
    )
    add_rules_option(parser)
    parser.add_argument(
        "--baseline", metavar="DIR", help="another rules/ folder to compare with (before a change)"
    )
    parser.add_argument("--static", action="store_true", help="static evaluation only (no replayed calls)")
    parser.add_argument(
        "--policies",
        default="information,checklist,random",
        metavar="LIST",
        help="replay policies, comma-separated (default: information,checklist,random)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for machines instead of tables")
    parser.add_argument("--report", metavar="FILE.md", help="also write a Markdown report with charts")
    parser.add_argument(
        "--priors", action="store_true", help="print priors fitted from the confirmed causes, as a diff"
    )
    parser.add_argument(
        "--strengths",
        action="store_true",
        help="print the strengths of graded rules fitted from the confirmed causes, as a diff",
    )
    parser.add_argument(
        "--prior-strength",
        type=float,
        metavar="N",
        help="how many cases the current priors count for when fitting (default: one per cause)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=ATTR",
        help="CSV: read column HEADER as attribute ATTR (or ignore it: HEADER=-); repeatable",
    )
    parser.add_argument(
        "--ignore-unknown",
        action="store_true",
        help="leave out facts on attributes or values the rules do not know",
    )
    parser.add_argument(
        "--engine",
        choices=("fast", "experta"),
        default="fast",
        help="static evaluation: the direct fixpoint of the rules (fast, default) or the experta engine "
        "(the reference, some 20x slower); replays always use the app's session",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: every core)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random policy (default 0)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.set_defaults(handler=run)


def _mapping(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        header, sep, attribute = item.partition("=")
        if not sep or not header.strip() or not attribute.strip():
            raise UsageError(f"--map '{item}' should look like 'HEADER=attribute' (or 'HEADER=-')")
        out[header.strip()] = attribute.strip()
    return out


def _load_baseline(path: str) -> KnowledgeBase:
    try:
        return load_knowledge_base(Path(path))
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"xtream-doctor: {len(exc.problems)} problem(s) in the baseline rules {path}", file=sys.stderr)
        raise KbLoadFailed from exc


def run(args: argparse.Namespace) -> int:
    from xtream_doctor.evaluation import report, text
    from xtream_doctor.evaluation.evaluate import POLICIES
    from xtream_doctor.evaluation.jsonout import evaluation_dict
    from xtream_doctor.evaluation.pipeline import evaluate_cases
    from xtream_doctor.evaluation.priors import apply_hint, prior_diff
    from xtream_doctor.evaluation.progress import Progress
    from xtream_doctor.evaluation.strengths import strength_diff
    from xtream_doctor.records.inputs import CaseInputError, load_cases

    policies = [p.strip() for p in args.policies.split(",") if p.strip()]
    unknown = [p for p in policies if p not in POLICIES]
    if unknown or not policies:
        raise UsageError(
            f"--policies: unknown policy {', '.join(unknown) or '(none)'} (expected {', '.join(POLICIES)})"
        )
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    mapping = _mapping(args.map)
    kb = load_kb(args)
    baseline = _load_baseline(args.baseline) if args.baseline else None
    try:
        cases, problems = load_cases(args.cases, kb, mapping, args.ignore_unknown)
    except CaseInputError as exc:
        raise UsageError(str(exc)) from exc
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not cases:
        raise UsageError(f"no case to evaluate in {', '.join(args.cases)}")
    progress = Progress(len(cases), enabled=not args.no_progress)
    try:
        ev = evaluate_cases(
            kb,
            cases,
            baseline=baseline,
            replay=not args.static,
            policies=policies,
            seed=args.seed,
            jobs=args.jobs,
            prior_strength=args.prior_strength,
            engine=args.engine,
            on_progress=progress.advance,
        )
    finally:
        progress.close()
    ev.problems = problems
    ev.files = list(args.cases)
    if args.report:
        try:
            Path(args.report).write_text(report.render(ev), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--report: cannot write {args.report} ({exc.strerror})") from exc
    if args.json:
        print(json.dumps(evaluation_dict(ev), indent=2, ensure_ascii=False))
        return 0
    sys.stdout.write(text.render(ev))
    if args.priors:
        print("\n".join(text.prior_lines(ev)))
        diff = prior_diff(kb, ev.priors)
        if diff:
            print(f"\n# To apply, save what follows as priors.diff and run: {apply_hint(kb)}\n")
            sys.stdout.write(diff)
    if args.strengths:
        print("\n".join(["", *text.strength_lines(ev)]))
        diff = strength_diff(kb, ev.strengths)
        if diff:
            hint = apply_hint(kb, "strengths")
            print(f"\n# To apply, save what follows as strengths.diff and run: {hint}\n")
            sys.stdout.write(diff)
    if args.report:
        print(f"Report written to {args.report}")
    return 0
