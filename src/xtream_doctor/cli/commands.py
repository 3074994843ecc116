"""The subcommands, in the order ``--help`` lists them."""

from __future__ import annotations

from xtream_doctor.cli import demo_server, diagnose, evaluate, kb, probe, tui

MODULES = (tui, diagnose, probe, evaluate, kb, demo_server)
