"""What every subcommand needs: the knowledge base, loaded or explained."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base


def add_rules_option(parser: argparse.ArgumentParser, **extra: Any) -> None:
    """--rules, on each command that reads the knowledge base (and before any command)."""
    parser.add_argument(
        "--rules", metavar="DIR", help="knowledge base folder (default: the bundled rules)", **extra
    )


_IMPORTED = time.perf_counter()  # the fallback start: when the command's modules were loaded


def process_age() -> float:
    """How long this process has run: from the kernel's record of its start where there is
    one (Linux), else from when the command was imported."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start time, in ticks since boot
        return max(0.0, time.clock_gettime(time.CLOCK_BOOTTIME) - started)
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED


def seconds_since_start(args: argparse.Namespace) -> float:
    """How long the running command has taken so far: a time budget counts from its start
    (the process's start for the installed command, the call of main() in tests)."""
    started = getattr(args, "started", None)
    return 0.0 if started is None else max(0.0, time.perf_counter() - started)


class UsageError(Exception):
    """A mistake in what the user asked for: print it, exit 2."""


class KbLoadFailed(Exception):
    """The rules could not be loaded; the problems are already printed."""


def load_kb(args: argparse.Namespace) -> KnowledgeBase:
    """Load the rules named by --rules, or print every problem and raise."""
    root = Path(args.rules) if getattr(args, "rules", None) else None
    try:
        return load_knowledge_base(root)
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"xtream-doctor: {len(exc.problems)} problem(s) in the knowledge base", file=sys.stderr)
        raise KbLoadFailed from exc
