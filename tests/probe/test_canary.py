"""The password never leaves: not in output, log records (at DEBUG, httpx's
included), exception texts, reports, or files written from them."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from tests.probe.conftest import BUDGET, CANARY
from xtream_doctor.cli import main
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.probe import Target, lint, redact, run_probe
from xtream_doctor.probe.client import Settings, fetch_account

UNSAFE = "Canary&Pw#7f3a9/+x"  # a canary that URL-encoding changes


def spellings(secret: str) -> list[str]:
    return [secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]]


def assert_clean(text: str, secret: str = CANARY) -> None:
    for form in spellings(secret):
        assert form not in text, f"password leaked as {form!r}"


def test_no_scenario_leaks_the_password_into_reports_logs_or_files(
    demo: DemoServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    written = tmp_path / "reports.jsonl"
    with written.open("w", encoding="utf-8") as out:
        runs = [(demo.http_url, s.username) for s in SCENARIOS]
        runs += [(demo.https_url.replace("https", "http"), "active"), (demo.https_url, "wrong-xui")]
        runs += [(demo.silent_url, "active")]
        for server, username in runs:
            report = run_probe(Target(server, username, CANARY), budget=1.0)
            out.write(json.dumps(report.to_dict()) + "\n")
            assert_clean(repr(report))
    assert_clean(written.read_text(encoding="utf-8"))
    assert any("HTTP Request" in r.getMessage() for r in caplog.records), "httpx logs were not captured"
    for record in caplog.records:
        assert_clean(record.getMessage())
        assert_clean(str(record.args))
    assert_clean(caplog.text)


def test_a_password_that_url_encoding_changes_is_masked_in_every_spelling(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with DemoServer(password=UNSAFE) as strict:
        report = run_probe(Target(strict.http_url, "redirect", UNSAFE), budget=BUDGET)
    assert report.facts()["redirected"] == "yes"
    assert_clean(json.dumps(report.to_dict()), UNSAFE)
    assert_clean(caplog.text, UNSAFE)


def test_exception_texts_in_failures_are_redacted() -> None:
    # An address httpx cannot use: the failure detail must not carry the URL's password.
    target = Target(f"http://bad host:8080/live/u/{CANARY}/1.ts", "u", CANARY)
    report = run_probe(target, budget=1.0)
    assert_clean(json.dumps(report.to_dict()))
    assert_clean(" ".join(report.notes))


async def test_a_failed_request_detail_never_holds_the_password() -> None:
    outcome = await fetch_account("http", "127.0.0.1", 9, "u", CANARY, Settings(budget=1.0))
    assert_clean(repr(outcome))


def test_the_cli_never_prints_the_password(
    demo: DemoServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XD_TEST_PW", CANARY)
    link = f"{demo.http_url}/get.php?username=active&password={CANARY}"
    for argv in (
        ["probe", demo.http_url, "-u", "expired", "--password-env", "XD_TEST_PW", "--budget", "1"],
        ["probe", link, "-u", "", "--password-env", "XD_TEST_PW", "--json", "--budget", "1"],
    ):
        assert main(argv) == 0
    batch = tmp_path / "lines.csv"
    batch.write_text(
        f"url,username,password\n{demo.http_url},wrong-xui,{CANARY}\n{link},,\n", encoding="utf-8"
    )
    assert main(["probe", "--batch", str(batch), "--budget", "1"]) == 0
    assert main(["probe", "--batch", str(batch), "--budget", "1", "--json"]) == 0
    out, err = capsys.readouterr()
    assert_clean(out + err)
    assert "wrong-xui" in out and "refused-ambiguous" in out


def test_lint_never_quotes_the_password_whatever_is_wrong_with_it() -> None:
    for password in (f" {CANARY} ", f"{CANARY}\u200b", f"http://{CANARY}.com", f"{CANARY}&"):
        for finding in lint(Target("h:1", "u", password)):
            assert_clean(finding.message + (finding.proposal or "") + finding.detail)


def test_redact_masks_query_path_userinfo_and_json_forms() -> None:
    text = redact(
        f"GET /player_api.php?username=u&password={CANARY} /live/u/{CANARY}/1.ts "
        f"/player_api/u/{CANARY} http://u:{CANARY}@h/ "
        f'{{"password":"{CANARY}"}}'
    )
    assert CANARY not in text and text.count("***") == 5
