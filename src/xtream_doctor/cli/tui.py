"""``xtream-doctor`` with no command (or ``xtream-doctor tui``): the app for staff on a call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xtream_doctor.cli.common import UsageError, add_rules_option, load_kb


def add_arguments(parser: argparse.ArgumentParser, **extra: Any) -> None:
    """The app's options; they also work with no command at all: ``xtream-doctor --resume ID``.
    ``extra`` is passed to each option (the main parser keeps them apart with a dest prefix)."""
    prefix = extra.pop("dest_prefix", "")
    parser.add_argument(
        "--resume",
        metavar="CASE_ID",
        help="open a saved case where it was left",
        dest=prefix + "resume",
        **extra,
    )
    parser.add_argument(
        "--case-log",
        metavar="FILE",
        help="the case store, SQLite (default: $XTREAM_DOCTOR_CASES or "
        "~/.local/share/xtream-doctor/cases.sqlite3); a case log FILE.jsonl of an earlier version "
        "names FILE.sqlite3 beside it and is imported into it on first start",
        dest=prefix + "case_log",
        **extra,
    )
    parser.add_argument(
        "--no-probe",
        action="store_true",
        help="do not test the server (lint still runs)",
        dest=prefix + "no_probe",
        **extra,
    )
    parser.add_argument(
        "--probe-budget",
        type=float,
        metavar="SECONDS",
        help="probe time budget (default 8)",
        dest=prefix + "probe_budget",
        **({"default": 8.0} | extra),
    )


def register(sub: Any) -> None:
    parser = sub.add_parser("tui", help="open the app for staff on a call (the default with no command)")
    add_rules_option(parser)
    add_arguments(parser)
    parser.set_defaults(handler=run)


def missing_terminal() -> str | None:
    """Which of stdin and stdout is not a terminal, if any: the app needs both
    (without them it would wait for keys that never come, writing escape codes)."""
    streams = (("stdin", sys.stdin), ("stdout", sys.stdout))
    missing = [name for name, stream in streams if stream is None or not stream.isatty()]
    return " and ".join(missing) or None


def run(args: argparse.Namespace) -> int:
    kb = load_kb(args)  # a broken rules folder is named first, terminal or not
    missing = missing_terminal()
    if missing:
        raise UsageError(
            f"the app needs a terminal, and {missing} {'is' if ' and ' not in missing else 'are'} not one "
            "(a pipe, a file or a service). Run it in a terminal window; for scripts use "
            "'xtream-doctor diagnose' or 'xtream-doctor probe'."
        )
    from xtream_doctor.kb import default_rules_dir
    from xtream_doctor.records.staff import read_staff
    from xtream_doctor.records.store import default_case_log
    from xtream_doctor.tui.app import XtreamDoctorApp
    from xtream_doctor.tui.probing import bundled_probe, lint

    budget = getattr(args, "probe_budget", 8.0)
    app = XtreamDoctorApp(
        kb,
        case_log=Path(args.case_log) if getattr(args, "case_log", None) else default_case_log(),
        rules_dir=Path(args.rules) if getattr(args, "rules", None) else default_rules_dir(),
        probe=None if getattr(args, "no_probe", False) else bundled_probe(budget),
        lint=lint,
        probe_budget=budget,
        resume=getattr(args, "resume", None),
        staff=read_staff(),  # $XTREAM_DOCTOR_STAFF or config.toml; a broken file is shown in the app
    )
    app.run()
    return 0
