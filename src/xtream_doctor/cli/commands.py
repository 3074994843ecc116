"""The subcommands, in the order ``--help`` lists them."""

from __future__ import annotations

from xtream_doctor.cli import cases, demo_server, diagnose, evaluate, kb, probe, tui

MODULES = (tui, diagnose, probe, evaluate, cases, kb, demo_server)
