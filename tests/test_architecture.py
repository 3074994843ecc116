"""The layers contract in pyproject.toml bites: on a copy of the package, an import from a
lower part into a higher one makes ``lint-imports`` fail and name the contract; the
untouched copy passes.  (That the real tree keeps the contract is ``lint-imports`` itself,
run by ``dev.py test``.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import xtream_doctor

SRC = Path(xtream_doctor.__file__).parent
PYPROJECT = SRC.parents[1] / "pyproject.toml"
LAYERS = "A part imports only the parts below it"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(command), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(SRC, tmp_path / "src" / "xtream_doctor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    return tmp_path


def add_import(root: Path, module: str, imported: str) -> None:
    base = root / "src" / Path(*module.split("."))
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\nimport {imported}  # noqa: E402\n")


def test_the_untouched_copy_keeps_every_contract(copy: Path) -> None:
    done = lint_imports(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{LAYERS} KEPT" in done.stdout


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("xtream_doctor.kb.model", "xtream_doctor.engine"),  # the bottom reaching up
        ("xtream_doctor.engine.session", "xtream_doctor.records"),  # the engine leaning on its users
        ("xtream_doctor.kb.load", "xtream_doctor.authoring.lint"),  # the model leaning on its editors' tools
        ("xtream_doctor.evaluation", "xtream_doctor.authoring"),  # two siblings on one layer
        ("xtream_doctor.records.record", "xtream_doctor.evaluation.metrics"),  # a record reading its verdict
    ],
)
def test_an_upward_import_breaks_the_layers_contract(copy: Path, module: str, imported: str) -> None:
    add_import(copy, module, imported)
    done = lint_imports(copy)
    assert done.returncode != 0
    assert f"{LAYERS} BROKEN" in done.stdout
    assert f"{module} -> {imported}" in done.stdout
