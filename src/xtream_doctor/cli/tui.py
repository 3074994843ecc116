"""``xtream-doctor`` with no command (or ``xtream-doctor tui``): the app for staff on a call."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from xtream_doctor.cli.common import add_rules_option, load_kb


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
        help="the case log (default: $XTREAM_DOCTOR_CASES or ~/.local/share/xtream-doctor/cases.jsonl)",
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


def run(args: argparse.Namespace) -> int:
    from xtream_doctor.kb import default_rules_dir
    from xtream_doctor.tui.app import XtreamDoctorApp
    from xtream_doctor.tui.casefile import default_case_log
    from xtream_doctor.tui.probing import bundled_probe, lint

    kb = load_kb(args)
    budget = getattr(args, "probe_budget", 8.0)
    app = XtreamDoctorApp(
        kb,
        case_log=Path(args.case_log) if getattr(args, "case_log", None) else default_case_log(),
        rules_dir=Path(args.rules) if getattr(args, "rules", None) else default_rules_dir(),
        probe=None if getattr(args, "no_probe", False) else bundled_probe(budget),
        lint=lint,
        probe_budget=budget,
        resume=getattr(args, "resume", None),
    )
    app.run()
    return 0
