"""The single entry point, ``xtream-doctor``: a thin shell over the core.

Each subcommand lives in its own module with a ``register(subparsers)`` that
adds its parser and sets ``handler``; handlers return an exit code.  Errors the
user can fix are printed to stderr as one line each, never as a traceback.

Options belong to the commands that use them and work after them, as in git,
ruff and pip: ``xtream-doctor kb validate --rules DIR``.  With no command the
app opens, so the app's options (and ``--rules``) also work on their own, and
in front of a command that takes them; in front of one that does not they are
an error, never silently ignored.  ``--version`` works everywhere.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence

from xtream_doctor import __version__
from xtream_doctor.cli import commands
from xtream_doctor.cli.common import KbLoadFailed, UsageError, add_rules_option, process_age
from xtream_doctor.cli.tui import add_arguments as add_app_arguments

BEFORE = "before_command_"  # dest prefix of the options written before the command
SIGPIPE_EXIT = 128 + 13  # what a shell reports for a program stopped by a closed pipe


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"xtream-doctor {__version__}")


def _leaves(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every parser below this one (a command's own parser), once each (aliases share one)."""
    seen: set[int] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if id(child) not in seen:
                    seen.add(id(child))
                    yield child
                    yield from _leaves(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xtream-doctor",
        description="Diagnose why an IPTV player cannot log in to an Xtream Codes server. "
        "With no command, opens the app for staff on a call.",
    )
    _add_version(parser)
    # the app is the default command: its options work without one
    add_rules_option(parser, dest=BEFORE + "rules", default=argparse.SUPPRESS)
    add_app_arguments(parser, dest_prefix=BEFORE, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.MODULES:
        module.register(sub)
    for child in _leaves(parser):
        _add_version(child)
        child.set_defaults(command_parser=child)
    return parser


def _merge_options_before_the_command(args: argparse.Namespace) -> None:
    """Options written before the command go to it if it takes them; else it is an error."""
    before = {k[len(BEFORE) :]: v for k, v in vars(args).items() if k.startswith(BEFORE)}
    for name in before:
        delattr(args, BEFORE + name)
    command: argparse.ArgumentParser | None = getattr(args, "command_parser", None)
    if command is None:  # no command: the app, whose options these are
        for name, value in before.items():
            setattr(args, name, value)
        return
    for name, value in before.items():
        option = "--" + name.replace("_", "-")
        if not hasattr(args, name):
            known = [o for a in command._actions for o in a.option_strings if o.startswith("--")]
            close = difflib.get_close_matches(option, known, n=1, cutoff=0.7)
            hint = f"; did you mean '{close[0]}' (after the command)?" if close else ""
            whose = " (it is an option of the app: xtream-doctor with no command)" if name != "rules" else ""
            command.error(f"{option} is not an option of '{command.prog}'{whose}{hint}")
        if getattr(args, name) not in (command.get_default(name), value):
            command.error(f"{option} is given twice, before and after the command, with different values")
        setattr(args, name, value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code.  Its time counts from this call."""
    return run_command(argv, time.perf_counter())[0]


def console() -> None:
    """The installed ``xtream-doctor`` (and ``python -m xtream_doctor``).

    A command that keeps a time budget (``probe``) ends with a quick exit once its
    output is flushed: unloading every module at exit takes a noticeable part of a
    second, more on a busy machine, and the budget covers the whole command."""
    code, args = run_command(None, time.perf_counter() - process_age())  # from the process's start
    if getattr(args, "quick_exit", False):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            code = _stdout_closed()
        logging.shutdown()
        os._exit(code)
    sys.exit(code)


def run_command(argv: Sequence[str] | None, started: float) -> tuple[int, argparse.Namespace]:
    """Parse and run; the exit code and what was parsed.  ``started``: the perf_counter
    time the command's own time (a probe's budget) counts from."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _merge_options_before_the_command(args)
    args.started = started
    handler = getattr(args, "handler", None)
    if handler is None:
        from xtream_doctor.cli import tui

        handler = tui.run
    try:
        code: int = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, while it can still be handled
    except KbLoadFailed:
        return 2, args
    except UsageError as exc:
        print(f"xtream-doctor: {exc}", file=sys.stderr)
        return 2, args
    except KeyboardInterrupt:
        print("xtream-doctor: interrupted", file=sys.stderr)
        return 130, args
    except BrokenPipeError:
        return _stdout_closed(), args
    return code, args


def _stdout_closed() -> int:
    """The reader of our output went away (``| head``): stop quietly, as Unix tools do.
    stdout is pointed at /dev/null so Python's own flush at exit cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return SIGPIPE_EXIT


if __name__ == "__main__":
    console()
