"""The knowledge base the authoring tests break, one way each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import builders


@pytest.fixture
def house(tmp_path: Path) -> Path:
    """Three causes of a dark room, lint-clean (see ``tests.builders.house``)."""
    return builders.house(tmp_path / "rules")
