"""The probe against the real demo panel on 127.0.0.1: every scenario gives
the facts a support agent needs, and hostile servers give facts, not crashes."""

from __future__ import annotations

import asyncio
import socket

import pytest

from tests.probe.conftest import CANARY, SLOW_AFTER
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.probe import ProbeReport, Target, probe, run_probe

BUDGET = 2.0
HEALTHY = {"dns-lookup": "resolves", "port-check": "open", "scheme-check": "ok"}
ANSWERED = {**HEALTHY, "redirected": "no", "response-time": "normal"}
ACTIVE = {**ANSWERED, "account-check": "active", "connection-slots": "free", "server-port-agrees": "yes"}

# What the probe must find for each scenario (and which facts it must not invent).
EXPECTED: dict[str, tuple[dict[str, str], set[str]]] = {
    "active": ({**ACTIVE, "trial-line": "no"}, set()),
    "ints": ({**ACTIVE, "trial-line": "no"}, set()),
    "auth-string": ({**ACTIVE, "trial-line": "no"}, set()),
    "xui-active": ({**ACTIVE, "trial-line": "no"}, set()),
    "unlimited": ({**ACTIVE, "trial-line": "no"}, set()),
    "expired": ({**ANSWERED, "account-check": "expired", "trial-line": "no"}, set()),
    "trial": ({**ACTIVE, "trial-line": "yes"}, set()),
    "trial-expired": ({**ANSWERED, "account-check": "expired", "trial-line": "yes"}, set()),
    "banned": ({**ANSWERED, "account-check": "banned"}, set()),
    "disabled": ({**ANSWERED, "account-check": "disabled"}, set()),
    "inactive-clone": ({**ANSWERED, "account-check": "expired"}, set()),
    "max-connections": ({**ANSWERED, "account-check": "active", "connection-slots": "full"}, set()),
    "moved-port": ({**ANSWERED, "account-check": "active", "server-port-agrees": "no"}, set()),
    "wrong-xc": ({**ANSWERED, "account-check": "wrong-credentials"}, {"connection-slots", "trial-line"}),
    "wrong-xui": ({**ANSWERED, "account-check": "refused-ambiguous"}, {"connection-slots"}),
    "wrong-clone": ({**ANSWERED, "account-check": "wrong-credentials"}, {"connection-slots"}),
    "xui-debug": ({**ANSWERED, "account-check": "expired"}, set()),
    "html-page": ({**ANSWERED, "account-check": "not-xtream"}, set()),
    "plain-404": ({**ANSWERED, "account-check": "not-xtream"}, set()),
    "empty-body": ({**ANSWERED, "account-check": "not-xtream"}, set()),
    "cloudflare-522": ({**ANSWERED, "account-check": "server-error"}, set()),
    "rate-limited": ({**ANSWERED, "account-check": "server-error"}, set()),
    "invalid-json": ({**ANSWERED, "account-check": "server-error"}, set()),
    "huge": ({**ANSWERED, "account-check": "server-error"}, set()),
    "forbidden": ({**ANSWERED, "account-check": "blocked"}, set()),
    "cf-challenge": ({**ANSWERED, "account-check": "blocked"}, set()),
    "ua-filter": ({**ANSWERED, "account-check": "blocked"}, set()),
    "redirect": ({**HEALTHY, "redirected": "yes"}, {"account-check"}),
    "redirect-loop": ({**HEALTHY, "redirected": "no", "account-check": "not-xtream"}, set()),
    "slow": ({**HEALTHY, "response-time": "slow", "account-check": "active"}, set()),
    "endless": ({**HEALTHY, "response-time": "slow", "account-check": "no-answer"}, set()),
    "garbage": ({"port-check": "open", "account-check": "server-error"}, set()),
}


def probe_facts(server: str, username: str, password: str = CANARY, budget: float = BUDGET) -> dict[str, str]:
    report = run_probe(Target(server, username, password), budget=budget, slow_after=SLOW_AFTER)
    return {f.attribute: f.value for f in report.by_source("probe")}


def test_every_scenario_has_an_expectation() -> None:
    assert {s.username for s in SCENARIOS} == set(EXPECTED)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_scenario_gives_its_facts(demo: DemoServer, username: str) -> None:
    expected, absent = EXPECTED[username]
    found = probe_facts(demo.http_url, username)
    assert {k: found.get(k) for k in expected} == expected
    assert not absent & set(found)


def test_a_wrong_password_on_a_working_line_is_a_wrong_login(demo: DemoServer) -> None:
    assert probe_facts(demo.http_url, "active", CANARY + "x")["account-check"] == "wrong-credentials"


def test_an_unknown_username_is_a_wrong_login(demo: DemoServer) -> None:
    assert probe_facts(demo.http_url, "nobody-by-this-name")["account-check"] == "wrong-credentials"


def test_the_unlimited_line_says_it_never_expires(demo: DemoServer) -> None:
    report = run_probe(Target(demo.http_url, "unlimited", CANARY), budget=BUDGET)
    check = report.get("account-check")
    assert check is not None and "never expires" in check.message and "server_info" in check.detail


def test_the_redirect_names_where_it_goes_without_the_password(demo: DemoServer) -> None:
    report = run_probe(Target(demo.http_url, "redirect", CANARY), budget=BUDGET)
    redirected = report.get("redirected")
    assert redirected is not None and "moved.example.invalid:8080" in redirected.message
    assert "password=***" in redirected.detail and CANARY not in redirected.detail


def test_the_tls_port_works_over_https_and_reports_its_self_signed_certificate(demo: DemoServer) -> None:
    if not demo.tls_available:
        pytest.skip("neither the cryptography package nor the openssl command could make a certificate")
    report = run_probe(Target(demo.https_url, "active", CANARY), budget=BUDGET)
    assert report.facts()["scheme-check"] == "ok" and report.facts()["account-check"] == "active"
    scheme = report.get("scheme-check")
    assert scheme is not None and "not trusted" in scheme.message


def test_http_typed_for_the_tls_port_needs_https_and_still_reads_the_account(demo: DemoServer) -> None:
    if not demo.tls_available:
        pytest.skip("no certificate: the TLS port cannot complete a handshake")
    found = probe_facts(f"http://127.0.0.1:{demo.https_port}", "expired")
    assert (found["scheme-check"], found["account-check"]) == ("needs-https", "expired")


def test_https_typed_for_the_plain_port_needs_http_and_still_reads_the_account(demo: DemoServer) -> None:
    found = probe_facts(f"https://127.0.0.1:{demo.http_port}", "banned")
    assert (found["scheme-check"], found["account-check"]) == ("needs-http", "banned")


def test_a_missing_scheme_and_a_pasted_path_are_probed_at_the_base_address(demo: DemoServer) -> None:
    report = run_probe(Target(f"127.0.0.1:{demo.http_port}/get.php", "active", CANARY), budget=BUDGET)
    facts = report.facts()
    assert facts["server-scheme"] == "missing" and facts["server-path"] == "extra-path"
    assert facts["account-check"] == "active"


def test_a_pasted_playlist_link_with_empty_fields_is_probed_with_the_links_details(demo: DemoServer) -> None:
    link = f"{demo.http_url}/get.php?username=trial&password={CANARY}&type=m3u_plus"
    facts = run_probe(Target(link, "", ""), budget=BUDGET).facts()
    assert facts["server-field-has-m3u-link"] == "yes" and facts["trial-line"] == "yes"


def test_a_password_with_url_unsafe_characters_arrives_intact(demo: DemoServer) -> None:
    password = "a&b#c+d%e?f/g h"
    with DemoServer(password=password) as strict:
        facts = run_probe(Target(strict.http_url, "active", password), budget=BUDGET).facts()
    assert facts["credentials-url-unsafe"] == "yes" and facts["account-check"] == "active"


async def test_the_silent_port_gives_no_answer_within_the_budget(demo: DemoServer) -> None:
    # The guard only turns a hang into a failure; timings are measured in bench/.
    report = await asyncio.wait_for(probe(Target(demo.silent_url, "active", CANARY), budget=1.0), 10.0)
    facts = report.facts()
    assert (facts["port-check"], facts["account-check"]) == ("open", "no-answer")


async def test_a_closed_port_is_refused_and_gives_no_answer() -> None:
    with socket.create_server(("127.0.0.1", 0)) as holder:
        port = holder.getsockname()[1]
    report = await probe(Target(f"http://127.0.0.1:{port}", "active", CANARY), budget=BUDGET)
    facts = report.facts()
    assert (facts["port-check"], facts["account-check"]) == ("refused", "no-answer")


async def test_a_name_that_does_not_exist_fails_the_dns_lookup() -> None:
    report = await probe(Target("http://no-such-panel.invalid:8080", "active", CANARY), budget=BUDGET)
    facts = report.facts()
    assert facts["dns-lookup"] == "fails" and "port-check" not in facts and "account-check" not in facts


async def test_probes_run_concurrently_on_one_loop(demo: DemoServer) -> None:
    names = ["active", "expired", "wrong-xui", "forbidden"]
    reports: list[ProbeReport] = await asyncio.gather(
        *(probe(Target(demo.http_url, n, CANARY), budget=BUDGET) for n in names)
    )
    assert [r.facts()["account-check"] for r in reports] == [
        "active",
        "expired",
        "refused-ambiguous",
        "blocked",
    ]


def test_an_empty_server_field_is_linted_and_not_probed() -> None:
    report = run_probe(Target("", "active", CANARY), budget=BUDGET)
    assert report.by_source("probe") == [] and report.facts()["server-scheme"] == "missing"
    assert any("no host" in note for note in report.notes)


def test_without_a_password_only_the_address_is_tested(demo: DemoServer) -> None:
    report = run_probe(Target(demo.http_url, "active", ""), budget=BUDGET)
    assert report.facts()["port-check"] == "open" and "account-check" not in report.facts()
