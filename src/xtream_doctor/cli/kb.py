"""``xtream-doctor kb``: validate, test, and describe the knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from xtream_doctor.cli.common import load_kb
from xtream_doctor.kb.schema import FILE_KINDS, json_schema


def register(sub: Any) -> None:
    parser = sub.add_parser("kb", help="validate, test and document the knowledge base")
    kb_sub = parser.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    validate = kb_sub.add_parser("validate", help="load the rules and report every problem")
    validate.set_defaults(handler=run_validate)
    schema = kb_sub.add_parser("schema", help="print the JSON Schema of a kind of rule file")
    schema.add_argument("kind", nargs="?", choices=sorted(FILE_KINDS), default="causes")
    schema.set_defaults(handler=run_schema)
    test = kb_sub.add_parser("test", help="run every embedded example through the engine")
    test.add_argument("-v", "--verbose", action="store_true", help="list passing examples too")
    test.set_defaults(handler=run_test)


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


def run_test(args: argparse.Namespace) -> int:
    from xtream_doctor.engine.examples import run_examples

    kb = load_kb(args)
    results = run_examples(kb)
    failed = todo = 0
    for result in results:
        if result.example.todo:
            todo += 1
            state = "todo (holds now)" if result.passed else "todo"
            print(f"{state}: {result.label}: {result.example.todo}")
            continue
        if result.passed:
            if args.verbose:
                print(f"ok: {result.label}")
            continue
        failed += 1
        print(f"FAIL: {result.label}", file=sys.stderr)
        print(f"  given: {dict(result.example.given)}", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        print(f"  remaining: {', '.join(sorted(result.alive)) or '(none)'}", file=sys.stderr)
    passed = len(results) - failed - todo
    print(f"{passed} passed, {failed} failed, {todo} todo")
    return 1 if failed else 0
