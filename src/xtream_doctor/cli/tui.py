"""Placeholder: the 'tui' command is being built (see the open issues)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Not registered yet."""


def run(args: argparse.Namespace) -> int:
    print("xtream-doctor: this command is not built yet")
    return 2
