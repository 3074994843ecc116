"""Lint: what is wrong with a knowledge base that loads; the door is ``lint(kb) -> problems``.

``checks`` runs the registry of checks (``checks.UNITS``), one family a module.
"""

from xtream_doctor.authoring.lint.checks import CHECKS, Linter, lint
from xtream_doctor.authoring.lint.core import Check
from xtream_doctor.authoring.lint.load import LOAD_CHECKS

__all__ = ["CHECKS", "LOAD_CHECKS", "Check", "Linter", "lint"]
