"""``xtream-doctor cases export|import``: JSON Lines in and out of the case store.

The app keeps its cases in a SQLite store; JSONL (kb-docs/case-records.md) is
the format to move them: to another machine, to a helpdesk, into ``eval``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xtream_doctor.cli.common import UsageError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "cases",
        help="export the case store as JSON Lines, or import JSON Lines into it",
        description="The app keeps every case in its case store (SQLite). JSON Lines, one case "
        "record a line, is the format to move them. See kb-docs/case-records.md.",
    )
    actions = parser.add_subparsers(dest="cases_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write every case of the store as JSON Lines")
    export.add_argument("-o", "--output", metavar="FILE.jsonl", help="write here (default: stdout)")
    _store_option(export)
    export.set_defaults(handler=run_export)
    into = actions.add_parser(
        "import", help="add the cases of JSONL logs to the store (last line per case wins)"
    )
    into.add_argument("logs", nargs="+", metavar="FILE.jsonl", help="case logs to import")
    _store_option(into)
    into.set_defaults(handler=run_import)


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="FILE",
        help="the case store (default: $XTREAM_DOCTOR_CASES or ~/.local/share/xtream-doctor/cases.sqlite3)",
    )


def _open(args: argparse.Namespace, create: bool) -> Any:
    from xtream_doctor.records.store import CaseStore, StoreError, default_case_log, store_paths

    path, _legacy = store_paths(Path(args.store) if args.store else default_case_log())
    try:
        return CaseStore(path, create=create)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc


def run_export(args: argparse.Namespace) -> int:
    store = _open(args, create=False)
    try:
        if args.output:
            with Path(args.output).open("w", encoding="utf-8") as out:
                n = store.export_jsonl(out)
        else:
            n = store.export_jsonl(sys.stdout)
    finally:
        store.close()
    print(f"xtream-doctor: exported {n} case{'s' if n != 1 else ''} from {store.path}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    logs = [Path(p) for p in args.logs]
    for log in logs:
        if not log.is_file():
            raise UsageError(f"{log}: no such file")
    store = _open(args, create=True)
    problems = 0
    try:
        for log in logs:
            report = store.import_jsonl(log)
            for problem in report.problems:
                print(problem, file=sys.stderr)
            problems += len(report.problems)
            print(f"xtream-doctor: {report.cases} case(s) from {log} into {store.path}", file=sys.stderr)
    finally:
        store.close()
    return 1 if problems else 0
