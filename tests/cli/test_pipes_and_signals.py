"""The command as a shell user runs it: piped into ``head``, stopped by SIGTERM.

A closed pipe ends the command quietly (exit 141, as a Unix tool stopped by
SIGPIPE), never with a traceback; ``demo-server`` stopped by SIGTERM removes
its temporary folder (the TLS key) and never prints its password.  The pipe is
closed before the command writes, so the test does not depend on how much
output fits in the pipe before ``head`` leaves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from xtream_doctor.demo_server import DemoServer

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "xtream_doctor"]
PASSWORD = "Pipe-Canary-5e1d"
FREE_PORTS = ["--port", "0", "--https-port", "0", "--silent-port", "0"]


def environment(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "XD_TEST_PW": PASSWORD, **extra}


def into_a_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    reader, writer = os.pipe()
    os.close(reader)  # like `| head -0`: whatever the command writes meets a closed pipe
    try:
        return subprocess.run(
            [*COMMAND, *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
            timeout=120,
        )
    finally:
        os.close(writer)


@pytest.fixture(scope="module")
def panel() -> Iterator[DemoServer]:
    with DemoServer(password=PASSWORD) as server:
        yield server


@pytest.mark.parametrize(
    "args",
    [
        ["kb", "test", "-v"],
        ["diagnose", "--json"],
        ["demo-server", *FREE_PORTS, "--password", PASSWORD],
        ["probe", "{url}", "-u", "active", "--password-env", "XD_TEST_PW", "--budget", "5"],
        ["probe", "{url}", "-u", "active", "--password-env", "XD_TEST_PW", "--offline"],
    ],
    ids=lambda a: " ".join(a[:2]) + (" --offline" if "--offline" in a else ""),
)
def test_a_closed_pipe_ends_the_command_quietly(panel: DemoServer, args: list[str]) -> None:
    done = into_a_closed_pipe(*(a.format(url=panel.http_url) for a in args))
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert "Exception ignored" not in done.stderr
    assert PASSWORD not in done.stderr


def test_piped_into_head_the_first_line_comes_and_nothing_else() -> None:
    done = subprocess.run(
        f"{' '.join(COMMAND)} kb test -v | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
    )
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""


@pytest.fixture
def demo_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """demo-server with its temporary files under tmp_path, once its banner is out."""
    process = subprocess.Popen(
        [*COMMAND, "demo-server", *FREE_PORTS, "--password", PASSWORD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(TMPDIR=str(tmp_path)),
    )
    assert process.stdout is not None
    banner = [process.stdout.readline() for _ in range(4)]  # the banner is flushed at once
    try:
        yield process, banner
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_sigterm_stops_the_demo_server_and_removes_its_tls_key(
    demo_process: tuple[subprocess.Popen[str], list[str]], tmp_path: Path
) -> None:
    process, banner = demo_process
    (folder,) = tmp_path.glob("xtream-doctor-demo-*")
    assert (folder / "key.pem").exists() or "no certificate" in "".join(banner)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "demo panel stopped" in out and "Traceback" not in err
    assert not list(tmp_path.glob("xtream-doctor-demo-*"))


def test_the_demo_banner_never_shows_the_password(
    demo_process: tuple[subprocess.Popen[str], list[str]],
) -> None:
    _, banner = demo_process
    text = "".join(banner)
    assert PASSWORD not in text
    assert "the password given with --password" in text
    (browser,) = [line for line in banner if "browser test" in line]
    assert "password=***" in browser and "password=x" not in browser
