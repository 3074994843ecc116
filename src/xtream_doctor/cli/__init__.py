"""The single entry point, ``xtream-doctor``: a thin shell over the core.

Each subcommand lives in its own module with a ``register(subparsers)`` that
adds its parser and sets ``handler``; handlers return an exit code.  Errors the
user can fix are printed to stderr as one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from xtream_doctor import __version__
from xtream_doctor.cli import commands
from xtream_doctor.cli.common import KbLoadFailed, UsageError
from xtream_doctor.cli.tui import add_arguments as add_app_arguments


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xtream-doctor",
        description="Diagnose why an IPTV player cannot log in to an Xtream Codes server. "
        "With no command, opens the app for staff on a call.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--rules", metavar="DIR", help="knowledge base folder (default: the bundled rules/)")
    add_app_arguments(parser)  # the app is the default command: its options work without one
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from xtream_doctor.cli import tui

        handler = tui.run
    try:
        code: int = handler(args)
    except KbLoadFailed:
        return 2
    except UsageError as exc:
        print(f"xtream-doctor: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xtream-doctor: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
