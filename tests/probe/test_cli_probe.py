"""`xtream-doctor probe` and `demo-server`, run in-process: tables, JSON, batches,
and one-line errors with exit code 2 for the user's mistakes."""

from __future__ import annotations

import io
import json
import socket
import sys
from pathlib import Path

import pytest

from tests.probe.conftest import CANARY
from xtream_doctor.cli import main
from xtream_doctor.cli.probe_batch import Progress
from xtream_doctor.demo_server import DemoServer


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def password_env(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XD_PW", CANARY)
    return "XD_PW"


def test_the_table_shows_facts_sentences_and_fixes(
    demo: DemoServer, password_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "probe", f"{demo.http_url}/", "-u", "max-connections", "--password-env", password_env
    )
    assert code == 0
    assert "server-path" in out and "trailing-slash" in out and f"fix: {demo.http_url}" in out
    assert "connection-slots" in out and "full" in out and "no free slot" in out
    assert "Facts set:" in out and "account-check=active" in out


def test_json_output_is_the_report(
    demo: DemoServer, password_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "probe", demo.http_url, "-u", "banned", "--password-env", password_env, "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["facts"]["account-check"] == "banned"
    assert {f["source"] for f in data["findings"]} == {"lint", "probe"} and "http" in data["timings"]


def test_the_password_can_come_from_stdin_with_its_spaces_kept(
    demo: DemoServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{CANARY} \n"))
    code, out, _ = run(capsys, "probe", demo.http_url, "-u", "active", "--password-stdin", "--json")
    facts = json.loads(out)["facts"]
    assert (
        code == 0
        and facts["credentials-whitespace"] == "yes"
        and facts["account-check"] == "wrong-credentials"
    )


def test_offline_mode_lints_without_contacting_anything(
    password_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "probe",
        "panel.invalid:8080",
        "-u",
        "bob",
        "--password-env",
        password_env,
        "--offline",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["facts"]["server-scheme"] == "missing"
    assert {f["source"] for f in data["findings"]} == {"lint"}


def test_offline_mode_names_the_target_as_typed_not_as_python_sees_it(
    password_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "probe", "panel.invalid:8080", "-u", "bob", "--password-env", password_env, "--offline"
    )
    first = out.splitlines()[0]
    assert code == 0 and first == "Probe of panel.invalid:8080 (username bob)"
    assert "Target(" not in out and "password=" not in out


def test_without_a_terminal_a_missing_password_source_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run(capsys, "probe", "http://h:1", "-u", "bob")
    assert code == 2 and out == "" and err.startswith("xtream-doctor: no password") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["probe"], "needs the server URL"),
        (["probe", "http://h:1", "-u", "u", "--password-env", "XD_UNSET_VAR"], "XD_UNSET_VAR is not set"),
        (["probe", "http://h:1", "-u", "u", "--budget", "0"], "must be positive"),
        (["probe", "http://h:1", "--batch", "x.csv"], "leave out URL"),
        (["probe", "--batch", "/no/such/file.csv"], "cannot read"),
    ],
)
def test_user_mistakes_are_one_line_errors(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and says in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "is empty"),
        ("url,username\nhttp://h:1,u\n", "missing column(s) password"),
        ("url,username,password\n", "no lines to probe"),
        ("url,username,password\nhttp://h:1,u\n", ":2: expected 3 columns"),
    ],
)
def test_a_broken_batch_file_is_explained(
    tmp_path: Path, content: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "probe", "--batch", str(path))
    assert code == 2 and says in err


def test_a_batch_probes_every_line_and_counts_the_outcomes(
    demo: DemoServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ["active", "expired", "expired", "wrong-xui", "forbidden", "active"]
    rows = "".join(f"{demo.http_url},{name},{CANARY}\n" for name in names)
    path = tmp_path / "lines.csv"
    path.write_text("url,username,password\n" + rows, encoding="utf-8")
    code, out, err = run(capsys, "probe", "--batch", str(path), "--concurrency", "3", "--budget", "2")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 7
    assert [line.split()[1] for line in lines[:6]] == [
        "active",
        "expired",
        "expired",
        "refused-ambiguous",
        "blocked",
        "active",
    ]
    assert "active 2" in lines[6] and "expired 2" in lines[6] and "blocked 1" in lines[6]
    assert "probe: 6/6 done" in err


def test_a_batch_in_json_gives_one_object_per_line_in_order(
    demo: DemoServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        f"password,url,username\n{CANARY},{demo.http_url},trial\n{CANARY},{demo.http_url},banned\n"
    )
    code, out, err = run(capsys, "probe", "--batch", str(path), "--json")
    objects = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [o["line"] for o in objects] == [1, 2]
    assert [o["facts"]["account-check"] for o in objects] == ["active", "banned"]
    assert "Probed 2 line(s)" in err


def test_progress_rewrites_one_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    progress = Progress(2)
    progress.tick()
    progress.tick()
    assert fake.getvalue() == "\rprobe: 1/2 done\rprobe: 2/2 done\n"


def test_the_demo_server_command_lists_every_scenario_and_stops(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "demo-server", "--port", "0", "--https-port", "0", "--silent-port", "0", "--duration", "0.2"
    )
    assert code == 0 and "Demo Xtream panel on http://127.0.0.1:" in out
    assert "wrong-xui" in out and "XUI.one" in out and "never answers" in out and "stopped" in out


def test_the_demo_server_on_a_taken_port_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        code, _, err = run(capsys, "demo-server", "--port", port, "--https-port", "0", "--silent-port", "0")
    assert code == 2 and "cannot listen" in err and err.count("\n") == 1
