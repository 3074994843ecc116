"""The checks loading makes (``kb validate`` reports them, ``kb lint`` lists them first).

The loader (``kb.load``) finds these; they are listed here so that ``--list-checks``
and the authoring guide name every code in one catalogue.
"""

from __future__ import annotations

from xtream_doctor.authoring.lint.core import Check

LOAD_CHECKS: tuple[Check, ...] = (
    Check(
        "syntax",
        "error",
        "the file is not valid YAML",
    ),
    Check(
        "invalid",
        "error",
        "the file does not fit the schema: an unknown or missing key, a wrong kind of value",
    ),
    Check(
        "duplicate-id",
        "error",
        "two causes, facts, questions or rules share an id",
    ),
    Check(
        "unknown-reference",
        "error",
        "a cause, fact, value or guide named somewhere does not exist",
    ),
)
