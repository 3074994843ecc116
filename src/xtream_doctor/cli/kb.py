"""``xtream-doctor kb``: validate, lint, test and document the knowledge base.

Exit codes: 0 all well; 1 the knowledge base loads but has errors (lint
errors, failing examples, stale docs, or warnings with ``--strict``); 2 it
does not load at all (every problem is printed, one line each).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from xtream_doctor.cli.common import add_rules_option, load_kb
from xtream_doctor.kb import (
    KnowledgeBase,
    KnowledgeBaseError,
    Problem,
    default_rules_dir,
    load_knowledge_base,
)
from xtream_doctor.kb.schema import FILE_KINDS, json_schema


def register(sub: Any) -> None:
    parser = sub.add_parser("kb", help="validate, lint, test and document the knowledge base")
    kb_sub = parser.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)

    validate = kb_sub.add_parser("validate", help="load the rules and report every problem")
    add_rules_option(validate)
    validate.set_defaults(handler=run_validate)

    lint = kb_sub.add_parser(
        "lint",
        help="find rules that never fire, causes that can never be found, questions that change nothing",
        description="Load the rules, then check what loading cannot: dead rules, contradictions, "
        "causes no answers make found, pairs of causes no rule tells apart, questions and "
        "facts that change nothing. Exit 1 on errors (or on warnings with --strict), 2 if the rules "
        "do not load.",
    )
    add_rules_option(lint)
    lint.add_argument("--json", action="store_true", help="print the problems as JSON")
    lint.add_argument("--strict", action="store_true", help="fail on warnings too")
    lint.add_argument(
        "--max-cases",
        type=int,
        default=None,
        metavar="N",
        help="at most N cases tried (default 20000)",
    )
    lint.add_argument("--list-checks", action="store_true", help="list every check with its code and exit")
    lint.set_defaults(handler=run_lint)

    test = kb_sub.add_parser(
        "test",
        help="run every embedded example through the engine",
        description="Run the examples written in the rule files through the engine. A failure shows "
        "what was expected, what remained, which rule removed a cause that should remain and which "
        "rules could have removed a cause that should not. 'todo' examples are reported, never failed.",
    )
    add_rules_option(test)
    test.add_argument(
        "names", nargs="*", metavar="ID", help="only the examples of these causes, questions or facts"
    )
    test.add_argument("-v", "--verbose", action="store_true", help="list passing examples and untested rules")
    test.set_defaults(handler=run_test)

    docs = kb_sub.add_parser(
        "docs",
        help="generate kb-docs/ from the rules (--check: fail if it is out of date)",
        description="Write the generated pages of kb-docs/ (index, one page per cause, the question "
        "catalogue, the guide matrix, the diagram, the JSON Schemas). Hand-written pages are left alone.",
    )
    add_rules_option(docs)
    docs.add_argument("--check", action="store_true", help="change nothing; exit 1 listing stale files")
    docs.add_argument(
        "--out", metavar="DIR", help="where to write (default: kb-docs/ beside the rules folder)"
    )
    docs.set_defaults(handler=run_docs)

    schema = kb_sub.add_parser("schema", help="print the JSON Schema of a kind of rule file")
    schema.add_argument("kind", nargs="?", choices=sorted(FILE_KINDS), default="causes")
    schema.set_defaults(handler=run_schema)


def run_validate(args: argparse.Namespace) -> int:
    kb = load_kb(args)
    print(
        f"ok: {len(kb.causes)} causes, {len(kb.questions)} questions, "
        f"{len(kb.attributes) - len(kb.questions)} observed facts, {len(kb.rules)} rules, "
        f"{len(kb.examples)} examples (version {kb.version})"
    )
    return 0


def run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(args.kind), indent=2))
    return 0


# --- lint ---------------------------------------------------------------------------


def _problem_json(problem: Problem) -> dict[str, Any]:
    at = problem.location
    return {
        "code": problem.code,
        "severity": problem.severity,
        "path": at.path,
        "line": at.line or None,
        "column": at.column or None,
        "message": problem.message,
    }


def run_lint(args: argparse.Namespace) -> int:
    from xtream_doctor.authoring.lint import CHECKS, LOAD_CHECKS, Linter
    from xtream_doctor.authoring.lint.search import LintBug

    if args.list_checks:
        print("found while loading (also by 'kb validate'):")
        for check in LOAD_CHECKS:
            print(f"  {check.code:<22} {check.severity:<8} {check.summary}")
        print("found by lint:")
        for check in CHECKS:
            print(f"  {check.code:<22} {check.severity:<8} {check.summary}")
        return 0
    root = Path(args.rules) if getattr(args, "rules", None) else None
    try:
        kb = load_knowledge_base(root)
    except KnowledgeBaseError as exc:
        if args.json:
            print(
                json.dumps({"loaded": False, "problems": [_problem_json(p) for p in exc.problems]}, indent=2)
            )
        else:
            for problem in exc.problems:
                print(f"{problem} [{problem.code}]")
            print(
                f"lint: the rules do not load: {len(exc.problems)} problem(s); fix these first",
                file=sys.stderr,
            )
        return 2
    started = time.perf_counter()
    linter = Linter(kb, max_runs=args.max_cases) if args.max_cases else Linter(kb)
    try:
        problems = linter.run()
    except LintBug as exc:
        print(f"xtream-doctor: a bug in lint, not in the rules; please report it: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if args.json:
        print(
            json.dumps(
                {
                    "loaded": True,
                    "kb_version": kb.version,
                    "errors": errors,
                    "warnings": warnings,
                    "cases_tried": linter.evaluator.runs,
                    "cases_run_through_the_engine": linter.evaluator.engine_runs,
                    "problems": [_problem_json(p) for p in problems],
                },
                indent=2,
            )
        )
    else:
        for problem in problems:
            print(f"{problem} [{problem.code}]")
        print(
            f"lint: {errors} error(s), {warnings} warning(s) in {len(kb.causes)} causes, "
            f"{len(kb.questions)} questions, {len(kb.rules)} rules "
            f"({linter.evaluator.runs} cases tried, {linter.evaluator.engine_runs} of them confirmed "
            f"through the engine, {seconds:.1f} s)",
            file=sys.stderr,
        )
    if errors or (warnings and args.strict):
        return 1
    return 0


# --- test ---------------------------------------------------------------------------


def run_test(args: argparse.Namespace) -> int:
    from xtream_doctor.authoring.examples import Reporter

    kb = load_kb(args)
    examples = list(kb.examples)
    if args.names:
        owners = {e.owner for e in kb.examples} | set(kb.causes) | set(kb.attributes)
        unknown = sorted(set(args.names) - owners)
        if unknown:
            print(f"xtream-doctor: no cause, question or fact named {', '.join(unknown)}", file=sys.stderr)
            return 2
        examples = [e for e in examples if e.owner in args.names]
    reporter = Reporter(kb)
    failed = todo = now_passing = passed = 0
    fired: set[str] = set()
    for example in examples:
        report = reporter.report(example)
        fired |= report.fired
        label = report.result.label
        if example.todo:
            todo += 1
            if report.passed:
                now_passing += 1
                print(f"TODO PASSES NOW: {label}")
                print(f"  remove its 'todo:' line, the rules cover it now ({example.todo})")
            else:
                print(f"todo: {label}\n  known gap: {example.todo}")
                if args.verbose:
                    print("\n".join(f"  {line}" for line in report.lines))
            continue
        if report.passed:
            passed += 1
            if args.verbose:
                print(f"ok: {label}")
            continue
        failed += 1
        print(f"FAIL: {label}")
        print("\n".join(f"  {line}" for line in report.lines))
    untested = _untested_rules(kb, fired, args.names)
    if untested and args.verbose:
        print("rules no example fires: " + ", ".join(untested))
    summary = f"{passed} passed, {failed} failed, {todo} todo"
    if now_passing:
        summary += f" ({now_passing} of them pass now)"
    if untested:
        summary += f"; {len(untested)} rule(s) no example fires" + (
            "" if args.verbose else " (-v lists them)"
        )
    print(summary)
    return 1 if failed else 0


def _untested_rules(kb: KnowledgeBase, fired: set[str], names: list[str]) -> list[str]:
    rules = [r for r in kb.rules if not names or r.owner in names]
    return sorted(r.id for r in rules if r.id not in fired)


# --- docs ---------------------------------------------------------------------------


def run_docs(args: argparse.Namespace) -> int:
    from xtream_doctor.authoring.docs import default_docs_dir, generate, stale, write

    kb = load_kb(args)
    rules_root = Path(args.rules) if getattr(args, "rules", None) else default_rules_dir()
    out = Path(args.out) if args.out else default_docs_dir(rules_root)
    files = generate(kb, out)
    if args.check:
        problems = stale(out, files)
        for rel, why in problems:
            print(f"{out / rel}: {why}")
        if problems:
            print(
                f"kb docs: {len(problems)} file(s) in {out} do not match the rules; "
                "run 'xtream-doctor kb docs' and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"kb docs: {out} is up to date ({len(files)} files)")
        return 0
    touched = write(out, files)
    for rel, action in touched:
        print(f"{action} {out / rel}")
    print(f"kb docs: {len(touched)} of {len(files)} file(s) changed in {out}")
    return 0
