"""What every subcommand needs: the knowledge base, loaded or explained."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base


def add_rules_option(parser: argparse.ArgumentParser, **extra: Any) -> None:
    """--rules, on each command that reads the knowledge base (and before any command)."""
    parser.add_argument(
        "--rules", metavar="DIR", help="knowledge base folder (default: the bundled rules)", **extra
    )


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
