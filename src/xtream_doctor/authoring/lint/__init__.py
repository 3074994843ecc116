"""Lint: what is wrong with a knowledge base that loads (see ``checks``)."""

from xtream_doctor.authoring.lint.checks import CHECKS, Check, Linter, lint

__all__ = ["CHECKS", "Check", "Linter", "lint"]
