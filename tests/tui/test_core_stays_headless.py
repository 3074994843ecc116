"""The diagnosis core never imports Textual (or Rich): each of its modules is
imported in a fresh interpreter and the test fails if either gets loaded.  The
evaluation draws its tables and progress bar with Rich, so only Textual is
forbidden there.

One exception is made, outside our code: ``import httpx`` tries to load its
own command-line client (``httpx._main``), which imports Rich whenever Rich is
installed.  The probe never uses that client, so the subprocess marks it as
unavailable (httpx then skips it, as it does when Rich is absent)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import xtream_doctor

CORE = ("kb", "engine", "probe", "records", "simulation", "authoring")
RICH_ALLOWED = ("evaluation",)
SRC = Path(xtream_doctor.__file__).parent


def core_modules(parts: tuple[str, ...] = CORE) -> list[str]:
    names = []
    for part in parts:
        names.append(f"xtream_doctor.{part}")
        for info in pkgutil.walk_packages([str(SRC / part)], prefix=f"xtream_doctor.{part}."):
            names.append(info.name)
    return sorted(names)


def test_there_are_core_modules_to_check() -> None:
    assert len(core_modules()) > 10
    assert len(core_modules(RICH_ALLOWED)) > 5


def ui_modules_pulled_in(module: str) -> str:
    code = (
        "import sys, importlib; sys.modules['httpx._main'] = None; "
        f"importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(bad))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=SRC.parents[1]
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_check_catches_a_module_that_does_import_rich() -> None:
    assert "rich" in ui_modules_pulled_in("xtream_doctor.tui.widgets.fit").split(",")


@pytest.mark.parametrize("module", core_modules())
def test_a_core_module_imports_neither_textual_nor_rich(module: str) -> None:
    pulled = ui_modules_pulled_in(module)
    assert pulled == "", f"{module} pulls in {pulled}"


@pytest.mark.parametrize("module", core_modules(RICH_ALLOWED))
def test_an_evaluation_module_does_not_import_textual(module: str) -> None:
    pulled = [m for m in ui_modules_pulled_in(module).split(",") if m.split(".")[0] == "textual"]
    assert pulled == [], f"{module} pulls in {pulled}"
