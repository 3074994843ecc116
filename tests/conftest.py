"""Shared fixtures: the bundled knowledge base and small ones written per test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from xtream_doctor.kb import KnowledgeBase, default_rules_dir, load_knowledge_base

G1 = "001_87ca5caec89acc6d.txt"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(default_rules_dir())


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def tiny_rules(tmp_path: Path) -> Path:
    """A two-cause, one-question knowledge base that loads cleanly."""
    root = tmp_path / "rules"
    write(
        root,
        "questions/light.yaml",
        f"""
        id: light
        text: Is the light on?
        answers:
          on: The light is on
          off: The light is off
        cost: 10
        sources: [{G1}]
    """,
    )
    for cause, value in (("bulb", "on"), ("fuse", "off")):
        write(
            root,
            f"causes/{cause}.yaml",
            f"""
            id: {cause}
            title: The {cause}
            summary: The {cause} is broken.
            prior: 10
            sources: [{G1}]
            fixes:
              - id: replace
                title: Replace the {cause}
                steps: [Replace it.]
                sources: [{G1}]
            rules:
              - id: {cause}-rule
                when: {{light: {value}}}
                rule_out: {cause}
                because: The light says so.
                sources: [{G1}]
            examples:
              - given: {{light: {"off" if value == "on" else "on"}}}
                found: {cause}
        """,
        )
    return root
