#!/usr/bin/env python3
"""CI: the wheel works outside the repository, as a user installs it.

Builds the wheel, installs it in a fresh virtual environment in a temporary
folder, and from another temporary folder (no rules/ anywhere near) runs
``kb validate``, ``diagnose --json`` and one probe against the demo server
started from that install.  Standard library only; exit 1 on any failure.

    python3 .ci/wheel_check.py [--keep]
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "ci-wheel-check"  # a demo password: the demo server accepts any


def step(text: str) -> None:
    print(f"wheel-check: {text}", flush=True)


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    shown = " ".join(str(c) for c in command)
    step(f"$ {shown}")
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        raise SystemExit(f"wheel-check: FAILED (exit {done.returncode}): {shown}")
    return done.stdout


def main(keep: bool) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="xtream-doctor-wheel-"))
    try:
        wheels, env_dir, elsewhere = scratch / "wheels", scratch / "venv", scratch / "elsewhere"
        elsewhere.mkdir()
        step(f"building the wheel into {wheels}")
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT, cwd=scratch)
        (wheel,) = wheels.glob("xtream_doctor-*.whl")
        step(f"a fresh virtual environment in {env_dir}")
        venv.EnvBuilder(with_pip=True).create(env_dir)
        bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
        pip = [bindir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        run(*pip, wheel, cwd=elsewhere)
        command = bindir / "xtream-doctor"
        clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        clean["XD_CI_PASSWORD"] = PASSWORD

        out = run(command, "kb", "validate", cwd=elsewhere, env=clean)
        if not out.startswith("ok: "):
            raise SystemExit(f"wheel-check: FAILED: kb validate said {out!r}")
        state = json.loads(run(command, "diagnose", "--json", cwd=elsewhere, env=clean))
        if state.get("status") != "asking" or not state.get("candidates"):
            raise SystemExit(f"wheel-check: FAILED: diagnose --json gave {state}")
        probe_the_demo_server(command, elsewhere, clean)
        step(f"ok: {wheel.name} installs and works outside the repository")
        return 0
    finally:
        if keep:
            step(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def probe_the_demo_server(command: Path, cwd: Path, env: dict[str, str]) -> None:
    step(f"$ {command} demo-server --port 0 --https-port 0 --silent-port 0 (in the background)")
    server = subprocess.Popen(
        [str(command), "demo-server", "--port", "0", "--https-port", "0", "--silent-port", "0"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # "Demo Xtream panel on http://127.0.0.1:PORT (any password)."
        if "http://" not in first:
            raise SystemExit(f"wheel-check: FAILED: the demo server said {first!r} {server.stderr}")
        url = first.split(" on ", 1)[1].split(" ", 1)[0]
        started = time.perf_counter()
        args = ["probe", url, "-u", "active", "--password-env", "XD_CI_PASSWORD", "--json", "--budget", "8"]
        report = json.loads(run(command, *args, cwd=cwd, env=env))
        facts = report["facts"]
        if facts.get("account-check") != "active" or facts.get("scheme-check") != "ok":
            raise SystemExit(f"wheel-check: FAILED: the probe of the demo server found {facts}")
        if PASSWORD in json.dumps(report):
            raise SystemExit("wheel-check: FAILED: the probe report holds the password")
        step(f"probe of the demo server: account-check=active in {time.perf_counter() - started:.1f} s")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
    if server.returncode != 0:
        raise SystemExit(f"wheel-check: FAILED: the demo server stopped with exit {server.returncode}")


if __name__ == "__main__":
    sys.exit(main(keep="--keep" in sys.argv[1:]))
