"""The layers contract of the case packages holds, and breaks when a lower one imports a
higher one: a temporary copy of the source with one deliberate upward import fails it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACT = "Evaluation over simulation over records"


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
        env=env,
    )


@pytest.fixture
def copy_of_the_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src" / "xtream_doctor", project / "src" / "xtream_doctor",
                    ignore=shutil.ignore_patterns("__pycache__", "rules"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed beside this Python")
def test_the_records_importing_the_evaluation_breaks_the_contract(copy_of_the_project: Path) -> None:
    kept = lint_imports(copy_of_the_project)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    record = copy_of_the_project / "src" / "xtream_doctor" / "records" / "record.py"
    upward = "\nfrom xtream_doctor.evaluation import metrics  # noqa: E402\n"
    record.write_text(record.read_text(encoding="utf-8") + upward, encoding="utf-8")
    broken = lint_imports(copy_of_the_project)
    assert broken.returncode != 0
    assert CONTRACT in broken.stdout and "BROKEN" in broken.stdout
    assert "xtream_doctor.records.record -> xtream_doctor.evaluation.metrics" in broken.stdout
