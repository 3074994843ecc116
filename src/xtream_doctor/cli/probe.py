"""``xtream-doctor probe``: lint and probe the details a caller typed, or a CSV of them.

The password never goes on the command line (other users see argv): it comes
from an environment variable, standard input, or a prompt.  Everything
printed comes from redacted reports.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any, TextIO

from xtream_doctor.cli.common import UsageError, seconds_since_start
from xtream_doctor.probe import ProbeReport, Target, lint_report, run_probe


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "probe",
        help="lint and probe a server URL, username and password",
        description="Checks the typed details offline, then asks the server (DNS, port, http/https, "
        "player_api.php) and prints the facts it found. The password is read from --password-env, "
        "--password-stdin, or a prompt; never from the command line.",
    )
    parser.add_argument("url", nargs="?", help="the server field as the caller typed it")
    parser.add_argument("--username", "-u", help="the username as typed")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--password-env", metavar="VAR", help="read the password from this environment variable"
    )
    source.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    parser.add_argument(
        "--batch", metavar="FILE.csv", help="probe every line of a CSV (url,username,password)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="probes at once in --batch (default 8)")
    parser.add_argument("--budget", type=float, default=8.0, help="seconds for one probe (default 8)")
    parser.add_argument(
        "--slow-after", type=float, default=3.0, help="an answer this slow counts as slow (default 3)"
    )
    parser.add_argument("--offline", action="store_true", help="lint only; do not contact the server")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per line with --batch)")
    parser.set_defaults(handler=run, quick_exit=True)


def run(args: argparse.Namespace) -> int:
    if args.budget <= 0 or args.slow_after <= 0:
        raise UsageError("--budget and --slow-after must be positive numbers of seconds")
    if args.batch:
        if args.url or args.username:
            raise UsageError("--batch takes the details from the CSV; leave out URL and --username")
        if args.concurrency < 1:
            raise UsageError("--concurrency must be at least 1")
        from xtream_doctor.cli.probe_batch import run_batch

        return run_batch(args, read_targets(Path(args.batch)))
    if not args.url or args.username is None:
        raise UsageError("probe needs the server URL and --username (or --batch FILE.csv)")
    target = Target(args.url, args.username, read_password(args))
    if args.offline:
        report = lint_report(target)
    else:
        # the budget covers the whole command, its own start-up included
        report = run_probe(
            target, budget=args.budget, slow_after=args.slow_after, spent=seconds_since_start(args)
        )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_report(report, sys.stdout)
    return 0


def read_password(args: argparse.Namespace) -> str:
    """From the environment, stdin or a prompt; kept exactly as typed (spaces count)."""
    if args.password_env:
        if args.password_env not in os.environ:
            raise UsageError(f"environment variable {args.password_env} is not set")
        return os.environ[args.password_env]
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        raise UsageError("no password: use --password-env VAR or --password-stdin (no terminal to ask in)")
    return getpass.getpass("Password (not shown): ")


def read_targets(path: Path) -> list[Target]:
    """The CSV's rows as targets; columns url, username, password (any order, any case)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text") from exc
    if not rows:
        raise UsageError(f"{path} is empty; expected a header line url,username,password")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("url", "username", "password") if c not in header]
    if missing:
        raise UsageError(f"{path}: missing column(s) {', '.join(missing)} in the header line")
    at = {name: header.index(name) for name in ("url", "username", "password")}
    targets = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(at.values()):
            raise UsageError(f"{path}:{number}: expected {len(header)} columns, found {len(row)}")
        targets.append(Target(row[at["url"]], row[at["username"]], row[at["password"]]))
    if not targets:
        raise UsageError(f"{path} has a header but no lines to probe")
    return targets


def print_report(report: ProbeReport, out: TextIO) -> None:
    """A table staff can read: where from, fact, value, the sentence, the fix."""
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    took = f"{report.elapsed:.2f} s of a {report.budget:.1f} s budget" if report.budget else "offline"
    out.write(f"Probe of {report.target}\n  address tested: {report.address or '-'} ({took})\n\n")
    head = f"{'from':<6}{'fact':<27}{'value':<19}"
    out.write(head + "what it means\n" + "-" * min(width, 100) + "\n")
    indent = " " * len(head)
    for f in report.findings:
        lines = textwrap.wrap(f.message, width - len(indent)) or [""]
        out.write(f"{f.source:<6}{f.attribute:<27}{f.value:<19}{lines[0]}\n")
        for line in lines[1:]:
            out.write(indent + line + "\n")
        if f.proposal:
            out.write(
                textwrap.fill(f"fix: {f.proposal}", width, initial_indent=indent, subsequent_indent=indent)
            )
            out.write("\n")
        if f.detail:
            out.write(
                textwrap.fill(f"seen: {f.detail}", width, initial_indent=indent, subsequent_indent=indent)
            )
            out.write("\n")
    facts = ", ".join(f"{a}={v}" for a, v in report.facts().items())
    wrapped = textwrap.fill("Facts set: " + facts, width, subsequent_indent="  ", break_on_hyphens=False)
    out.write("\n" + wrapped + "\n")
    if report.timings:
        out.write("Timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items()) + "\n")
    for note in report.notes:
        out.write(f"Note: {note}\n")
