"""The probe against the real demo panel on 127.0.0.1: every scenario gives
the facts a support agent needs, and hostile servers give facts, not crashes.

No outcome here depends on how fast this machine is: a budget is only an upper
bound for scenarios that answer (they return as soon as they have), only the
scenarios that never finish wait for it, and "slow" is asked only where the
server itself waits longer than the threshold."""

from __future__ import annotations

import asyncio

import pytest

from tests.probe.conftest import BUDGET, CANARY, NEVER_SLOW, WAITS, timing_for
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.probe import ProbeReport, Target, probe, run_probe

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
    "huge-blank": ({**ANSWERED, "account-check": "server-error"}, set()),
    "gzip-bomb": ({**ANSWERED, "account-check": "server-error"}, set()),
    "php-warning": ({**ANSWERED, "account-check": "server-error"}, set()),
    "short-close": ({**ACTIVE, "trial-line": "no"}, set()),
    "redirect-refused": ({**HEALTHY, "redirected": "yes"}, {"account-check"}),
    "redirect-working": ({**HEALTHY, "redirected": "yes"}, {"account-check"}),
    "forbidden": ({**ANSWERED, "account-check": "blocked"}, set()),
    "cf-challenge": ({**ANSWERED, "account-check": "blocked"}, set()),
    "ua-filter": ({**ANSWERED, "account-check": "blocked"}, set()),
    "redirect": ({**HEALTHY, "redirected": "yes"}, {"account-check"}),
    "redirect-loop": ({**HEALTHY, "redirected": "no", "account-check": "not-xtream"}, set()),
    "slow": ({**HEALTHY, "response-time": "slow", "account-check": "active"}, set()),
    "endless": ({**HEALTHY, "response-time": "slow", "account-check": "no-answer"}, set()),
    "garbage": ({"port-check": "open", "account-check": "server-error"}, set()),
}


def probe_facts(server: str, username: str, password: str = CANARY) -> dict[str, str]:
    report = run_probe(Target(server, username, password), **timing_for(username))
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


def test_http_typed_for_the_tls_port_needs_https(demo: DemoServer) -> None:
    if not demo.tls_available:
        pytest.skip("no certificate: the TLS port cannot complete a handshake")
    found = probe_facts(f"http://127.0.0.1:{demo.https_port}", "expired")
    assert found["scheme-check"] == "needs-https" and "account-check" not in found


def test_https_typed_for_the_plain_port_needs_http(demo: DemoServer) -> None:
    found = probe_facts(f"https://127.0.0.1:{demo.http_port}", "banned")
    assert found["scheme-check"] == "needs-http" and "account-check" not in found


def test_with_https_typed_the_password_never_goes_over_plain_http() -> None:
    # The plain-http port records what reaches it in clear; the probe tries http there too.
    with DemoServer(password=CANARY, record=True) as clear:
        report = run_probe(Target(f"https://127.0.0.1:{clear.http_port}", "active", CANARY), budget=BUDGET)
        heard = b"\n".join(clear.heard)
    assert report.facts()["scheme-check"] == "needs-http"
    assert b"GET /player_api.php HTTP/1.1" in heard  # the other scheme was tested ...
    assert b"username" not in heard and CANARY.encode() not in heard  # ... with no credentials


def test_with_http_typed_the_password_goes_over_http_only_and_the_recorder_sees_it() -> None:
    # The other side of the check above: the recorder does see a password sent in clear.
    with DemoServer(password=CANARY, record=True) as clear:
        if not clear.tls_available:
            pytest.skip("no certificate: the TLS port cannot complete a handshake")
        report = run_probe(Target(clear.http_url, "active", CANARY), budget=BUDGET)
        heard = b"\n".join(clear.heard)
    assert report.facts()["account-check"] == "active"
    assert heard.count(CANARY.encode()) == 1  # the typed scheme, once


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
    report = await asyncio.wait_for(probe(Target(demo.silent_url, "active", CANARY), budget=WAITS), 30.0)
    facts = report.facts()
    assert (facts["port-check"], facts["account-check"]) == ("open", "no-answer")


async def test_a_closed_port_is_refused_not_an_answer_that_never_came(demo: DemoServer) -> None:
    # demo.refused_port is bound and never listens: refused every time, and no one else can take it.
    report = await probe(Target(demo.refused_url, "active", CANARY), budget=BUDGET)
    facts = report.facts()
    assert facts["port-check"] == "refused" and "account-check" not in facts
    assert "no answer" not in " ".join(f.message for f in report.findings).lower()


@pytest.mark.parametrize(
    ("username", "says"),
    [
        ("redirect-refused", "That address refuses connections"),
        ("redirect-working", "That address answers (HTTP 200)"),
        ("redirect", "That address has a name that does not resolve"),
    ],
)
def test_a_redirect_says_whether_its_target_answers(demo: DemoServer, username: str, says: str) -> None:
    report = run_probe(Target(demo.http_url, username, CANARY), budget=BUDGET, slow_after=NEVER_SLOW)
    redirected = report.get("redirected")
    assert redirected is not None and redirected.value == "yes" and says in redirected.message


def test_the_redirect_target_is_checked_without_credentials() -> None:
    # redirect-working sends the player to this same panel under another name: it records the check.
    with DemoServer(password=CANARY, record=True) as clear:
        run_probe(Target(clear.http_url, "redirect-working", CANARY), budget=BUDGET)
        heard = b"\n".join(clear.heard)
    assert heard.count(CANARY.encode()) == 1  # the account call; not the check of where it points
    assert b"Host: localhost" in heard


@pytest.mark.parametrize(
    ("username", "says"),
    [
        ("huge-blank", "The panel sent 315 MB instead of an account answer"),
        ("gzip-bomb", "a compressed answer that unpacks to far more than an account"),
        ("php-warning", "The panel prints a PHP warning before its JSON answer"),
    ],
)
def test_a_misbehaving_panel_is_called_that_not_an_empty_page_or_another_site(
    demo: DemoServer, username: str, says: str
) -> None:
    check = run_probe(Target(demo.http_url, username, CANARY), budget=BUDGET).get("account-check")
    assert check is not None and check.value == "server-error"
    assert says in check.message and "provider's side" in check.message
    assert "empty page" not in check.message and "captive portal" not in check.message


def test_a_complete_answer_cut_short_of_its_length_is_read_for_what_it_says(demo: DemoServer) -> None:
    check = run_probe(Target(demo.http_url, "short-close", CANARY), budget=BUDGET).get("account-check")
    assert check is not None and check.value == "active"
    assert "closed after" in check.detail and "announced" in check.detail


def test_first_byte_and_complete_answer_are_timed_apart(demo: DemoServer) -> None:
    report = run_probe(Target(demo.http_url, "endless", CANARY), budget=WAITS)
    timing = report.get("response-time")
    assert timing is not None and timing.value == "slow"
    assert "started answering after" in timing.message and "had not finished after" in timing.message
    normal = run_probe(Target(demo.http_url, "active", CANARY), budget=BUDGET, slow_after=NEVER_SLOW)
    said = normal.get("response-time")
    assert said is not None and "first byte after" in said.message and "complete answer after" in said.message


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
