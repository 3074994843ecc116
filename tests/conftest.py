"""Shared fixtures: the bundled knowledge base and small ones written per test (see builders.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import cause, light, one_fix, rule
from xtream_doctor.kb import KnowledgeBase, default_rules_dir, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(default_rules_dir())


@pytest.fixture
def tiny_rules(tmp_path: Path) -> Path:
    """A two-cause, one-question knowledge base that loads cleanly."""
    root = tmp_path / "rules"
    light(root)
    for ident, value in (("bulb", "on"), ("fuse", "off")):
        cause(
            root,
            ident,
            rule(f"{ident}-rule", f"{{light: {value}}}", f"rule_out: {ident}", because="The light says so."),
            f"  - given: {{light: {'off' if value == 'on' else 'on'}}}\n    found: {ident}\n",
            fixes=one_fix(f"Replace the {ident}"),
        )
    return root
