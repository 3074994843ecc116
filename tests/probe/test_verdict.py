"""All the checks together: which scheme the port speaks, and which answer
speaks for the account, from outcomes built by hand (no network)."""

from __future__ import annotations

from xtream_doctor.demo_server import pages
from xtream_doctor.probe.address import parse_server
from xtream_doctor.probe.context import Context
from xtream_doctor.probe.outcomes import CheckOutcome, FailureKind, HttpAnswer, HttpFailure, HttpOutcome
from xtream_doctor.probe.verdict import Observations, verdict

ACCOUNT = b'{"user_info":{"auth":1,"status":"Active","exp_date":null}}'
CONTEXT = Context(typed_port=8080, now=1_750_000_000.0)
OPEN = CheckOutcome("tcp", "open", "", 0.01)
RESOLVES = CheckOutcome("dns", "resolves", "203.0.113.7", 0.01)


def ok(scheme: str, body: bytes = ACCOUNT, status: int = 200) -> HttpAnswer:
    return HttpAnswer(scheme, "panel.example.com", 8080, status, "", (), body, 0.05)


def fail(scheme: str, kind: FailureKind) -> HttpFailure:
    return HttpFailure(scheme, kind, f"{kind} happened", 0.05)


def observe(
    server: str,
    typed: HttpOutcome | None,
    other: HttpOutcome | None,
    *,
    dns: CheckOutcome | None = RESOLVES,
    tcp: CheckOutcome | None = OPEN,
    tls: CheckOutcome | None = None,
    asked: bool = True,
) -> dict[str, str]:
    address = parse_server(server)
    obs = Observations(address, address.effective_scheme, dns, tcp, tls, typed, other, asked)
    return {f.attribute: f.value for f in verdict(obs, CONTEXT)}


def messages(server: str, typed: HttpOutcome, other: HttpOutcome, tls: CheckOutcome | None = None) -> str:
    address = parse_server(server)
    obs = Observations(address, address.effective_scheme, RESOLVES, OPEN, tls, typed, other)
    return " ".join(f.message for f in verdict(obs, CONTEXT))


def test_the_typed_scheme_answering_is_ok() -> None:
    found = observe("http://panel.example.com:8080", ok("http"), fail("https", "tls-wrong-version"))
    assert found["scheme-check"] == "ok" and found["account-check"] == "active"


def test_https_on_a_plain_port_needs_http_and_the_account_is_not_asked_over_http() -> None:
    # The other scheme is tried without credentials: its answer says nothing about the account.
    found = observe("https://panel.example.com:8080", fail("https", "tls-wrong-version"), ok("http"))
    assert found["scheme-check"] == "needs-http" and "account-check" not in found
    text = messages("https://panel.example.com:8080", fail("https", "tls-wrong-version"), ok("http"))
    assert "change the address to http:// and probe again" in text


def test_http_on_nginxs_tls_port_needs_https() -> None:
    plain = ok("http", pages.plain_http_to_tls(), 400)
    found = observe("http://panel.example.com:8080", plain, ok("https"))
    assert found["scheme-check"] == "needs-https" and "account-check" not in found


def test_a_tls_port_that_hangs_up_on_http_needs_https_when_https_answers() -> None:
    found = observe("http://panel.example.com:8080", fail("http", "disconnected"), ok("https"))
    assert found["scheme-check"] == "needs-https"


def test_wrong_version_alone_still_says_the_port_is_not_tls() -> None:
    found = observe(
        "https://panel.example.com:8080", fail("https", "tls-wrong-version"), fail("http", "timeout")
    )
    assert found["scheme-check"] == "needs-http" and "account-check" not in found


def test_a_refused_port_is_refused_not_an_account_that_stayed_silent() -> None:
    refused = CheckOutcome("tcp", "refused", "", 0.0)
    found = observe(
        "http://panel.example.com:8080", fail("http", "refused"), fail("https", "refused"), tcp=refused
    )
    assert "scheme-check" not in found
    assert found["port-check"] == "refused" and "account-check" not in found


def test_a_refusal_the_tcp_check_missed_still_says_refused_and_names_the_port() -> None:
    args = ("http://panel.example.com:8080", fail("http", "refused"), fail("https", "refused"))
    found = observe(*args, tcp=None)
    assert found["port-check"] == "refused" and "account-check" not in found
    address = parse_server(args[0])
    obs = Observations(address, "http", RESOLVES, None, None, args[1], args[2])
    assert "port 8080" in " ".join(f.message for f in verdict(obs, CONTEXT))


def test_an_answer_that_is_not_http_is_a_server_error() -> None:
    found = observe(
        "http://panel.example.com:8080", fail("http", "protocol"), fail("https", "tls-wrong-version")
    )
    assert found["account-check"] == "server-error"


def test_without_a_typed_scheme_http_is_tried_and_said_so() -> None:
    text = messages("panel.example.com:8080", ok("http"), fail("https", "tls-wrong-version"))
    assert "No scheme was typed" in text


def test_a_self_signed_certificate_is_reported_though_the_probe_ignores_it() -> None:
    untrusted = CheckOutcome("tls", "untrusted", "self-signed certificate", 0.01)
    text = messages(
        "https://panel.example.com:8080", ok("https"), ok("http", pages.plain_http_to_tls(), 400), untrusted
    )
    assert "not trusted (self-signed certificate)" in text


def test_a_dns_failure_and_a_dns_timeout_both_fail_the_lookup_and_ask_no_account() -> None:
    # The account was never asked, so no claim that a server stayed silent.
    for kind in ("fails", "timeout"):
        dns = CheckOutcome("dns", kind, "", 0.0)
        found = observe("http://nowhere.invalid:8080", fail("http", "dns"), fail("https", "dns"), dns=dns)
        assert found["dns-lookup"] == "fails" and "account-check" not in found


def test_an_unreachable_network_counts_as_refused_and_silence_as_timeout() -> None:
    unreachable = CheckOutcome("tcp", "unreachable", "", 0.0)
    silent = CheckOutcome("tcp", "timeout", "", 0.0)
    args = ("http://panel.example.com:8080", fail("http", "timeout"), fail("https", "timeout"))
    assert observe(*args, tcp=unreachable)["port-check"] == "refused"
    assert observe(*args, tcp=silent)["port-check"] == "timeout"


def test_a_check_that_never_finished_still_gives_an_account_fact() -> None:
    assert observe("http://panel.example.com:8080", None, None)["account-check"] == "no-answer"


def test_without_credentials_the_account_is_not_judged() -> None:
    found = observe("http://panel.example.com:8080", None, None, asked=False)
    assert "account-check" not in found and found["port-check"] == "open"
