#!/usr/bin/env python3
"""Set up and run xtream-doctor with nothing but Python >= 3.11.

    python3 dev.py app [ARGS...]   make .venv if needed, install, open the app
    python3 dev.py test            make .venv if needed, install, run every check

The virtual environment lives in .venv/ beside this file; it is reinstalled
only when pyproject.toml or setup.py changes.  Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 -- run by any python3, say why it stops
        sys.exit(f"xtream-doctor needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print("dev: creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".installed"
    build_files = b"".join((ROOT / name).read_bytes() for name in ("pyproject.toml", "setup.py"))
    want = hashlib.sha256(build_files).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    print("dev: installing xtream-doctor and its test tools into .venv ...", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    stamp.write_text(want)


def run(*cmd: str) -> int:
    print("dev: $", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def test() -> int:
    checks = [
        (str(BIN / "ruff"), "check", "src", "tests", "bench", "dev.py", "setup.py", ".ci"),
        (str(PY), "-m", "mypy"),
        (str(BIN / "lint-imports"),),
        (str(BIN / "xtream-doctor"), "kb", "validate"),
        (str(BIN / "xtream-doctor"), "kb", "test"),
        (str(BIN / "xtream-doctor"), "kb", "lint"),
        (str(BIN / "xtream-doctor"), "kb", "docs", "--check"),
        (str(PY), "-m", "pytest"),
    ]
    failed = [" ".join(c[:3]) for c in checks if run(*c) != 0]
    if failed:
        print("dev: FAILED: " + "; ".join(failed), file=sys.stderr)
        return 1
    print("dev: all checks passed")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test"):
        print(__doc__)
        return 2
    ensure_env()
    if argv[0] == "test":
        return test()
    os.chdir(ROOT)
    return subprocess.run([str(BIN / "xtream-doctor"), *argv[1:]]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
