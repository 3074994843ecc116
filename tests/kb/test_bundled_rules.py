"""The bundled knowledge base: rules/ of the source tree here; inside the package
once installed from a wheel (.ci/wheel_check.py installs one outside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtream_doctor.kb import default_rules_dir
from xtream_doctor.kb.load import KINDS

ROOT = Path(__file__).resolve().parents[2]


def test_from_the_source_tree_the_bundled_rules_are_its_rules_folder() -> None:
    assert default_rules_dir() == ROOT / "rules"


def test_the_wheel_ships_every_kind_of_rule_file() -> None:
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert 'package_dir={"": "src", RULES: "rules"}' in setup
    assert all(f'"{kind}"' in setup for kind in KINDS)


def test_the_rules_do_not_depend_on_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rules").mkdir()
    monkeypatch.chdir(tmp_path)
    assert default_rules_dir() == ROOT / "rules"
