"""Combine the outcomes of every check into the probe's facts, without the network.

The account call goes out over the typed scheme, with the username and
password; the other scheme is tested with the same URL and no credentials at
all (telling http from https needs none), so the password only ever travels
over the scheme that was typed.  If only the other scheme answers, the scheme
is wrong (XTREAM-API.md section 3.5: "wrong version number" means https on a
plain port, nginx's 400 page means http on its TLS port), and the account was
not asked: scheme-check says what to change.  A check that got no answer still
gives a fact and a sentence; a refused connection is port-check's ``refused``,
not an account that stayed silent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from xtream_doctor.probe.address import Address
from xtream_doctor.probe.classify import classify, is_plain_http_to_tls, probe_finding
from xtream_doctor.probe.context import Context
from xtream_doctor.probe.findings import Finding
from xtream_doctor.probe.outcomes import CheckOutcome, HttpAnswer, HttpFailure, HttpOutcome

_NO_ANSWER = {
    "timeout": "the server did not answer in time",
    "tls-wrong-version": "this port does not speak https",
    "tls-error": "the secure (TLS) connection failed",
    "disconnected": "the server closed the connection without answering",
    "error": "the request failed",
}


@dataclass(frozen=True)
class Observations:
    """Everything the checks saw; None for a check that did not run or finish."""

    address: Address
    typed_scheme: str  # the scheme asked first: typed, or http when none was typed
    dns: CheckOutcome | None
    tcp: CheckOutcome | None
    tls: CheckOutcome | None
    typed: HttpOutcome | None
    other: HttpOutcome | None
    asked_account: bool = True  # False when there was no username or password to ask with
    redirect_target: HttpOutcome | None = None  # the one check of where a redirect points


def speaks(outcome: HttpOutcome | None) -> bool:
    """An HTTP answer that is not nginx saying 'wrong scheme'."""
    return isinstance(outcome, HttpAnswer) and not is_plain_http_to_tls(outcome)


def verdict(obs: Observations, context: Context) -> list[Finding]:
    """dns-lookup, port-check, scheme-check and the account facts."""
    findings: list[Finding] = []
    findings += _dns(obs)
    findings += _port(obs, context.typed_port)
    if not obs.asked_account:
        return findings
    scheme_check, source = _scheme(obs)
    if scheme_check is not None:
        findings.append(scheme_check)
    if scheme_check is not None and scheme_check.value != "ok":
        return findings  # the account was asked over a scheme the port does not speak
    if isinstance(source, HttpAnswer):
        findings += classify(source, replace(context, redirect_target=obs.redirect_target))
    elif isinstance(source, HttpFailure):
        port_known = any(f.attribute == "port-check" for f in findings)
        findings += _no_answer(source, context.typed_port, port_known=port_known)
    else:
        findings.append(
            probe_finding("account-check", "no-answer", "The account call did not finish in time.")
        )
    return findings


def _dns(obs: Observations) -> list[Finding]:
    host, dns = obs.address.host, obs.dns
    if dns is None:
        return []
    if dns.kind == "resolves" and dns.detail == host.strip("[]"):
        return [
            probe_finding(
                "dns-lookup", "resolves", f"The address {host} is an IP address; no name to look up."
            )
        ]
    if dns.kind == "resolves":
        return [probe_finding("dns-lookup", "resolves", f"The name {host} resolves ({dns.detail}).")]
    why = "no DNS server answered in time" if dns.kind == "timeout" else "no such name"
    return [
        probe_finding(
            "dns-lookup",
            "fails",
            f"The name {host} does not resolve from here ({why}): a typo in the address, "
            "a retired domain, or DNS blocking.",
            dns.detail,
        )
    ]


def _port(obs: Observations, port: int) -> list[Finding]:
    tcp = obs.tcp
    if tcp is None or tcp.kind == "dns":
        return []
    if tcp.kind == "open":
        return [probe_finding("port-check", "open", f"Port {port} accepts connections.", tcp.detail)]
    if tcp.kind in ("refused", "unreachable"):
        why = "nothing listens there" if tcp.kind == "refused" else "the network reports it unreachable"
        return [
            probe_finding(
                "port-check",
                "refused",
                f"Connections to port {port} are refused at once ({why}): a wrong port, "
                "or the panel is down on that host.",
                tcp.detail,
            )
        ]
    return [
        probe_finding(
            "port-check",
            "timeout",
            f"Connecting to port {port} gets no reply at all: a firewall drops it "
            "(an IP ban or an ISP block), or the host is wrong.",
            tcp.detail,
        )
    ]


def _scheme(obs: Observations) -> tuple[Finding | None, HttpOutcome | None]:
    """scheme-check, and the outcome that speaks for the account."""
    typed, other = obs.typed, obs.other
    first = obs.typed_scheme
    second = "https" if first == "http" else "http"
    assumed = "" if obs.address.scheme else "No scheme was typed, so http:// was tried first. "
    if speaks(typed):
        note = _certificate(obs) if first == "https" else ""
        return probe_finding("scheme-check", "ok", f"{assumed}The port answers over {first}://.{note}"), typed
    wrong_version = isinstance(typed, HttpFailure) and typed.kind == "tls-wrong-version"
    plain_to_tls = isinstance(typed, HttpAnswer) and is_plain_http_to_tls(typed)
    if speaks(other) or wrong_version or plain_to_tls:
        if wrong_version:
            why = "the port does not speak TLS (wrong version number)"
        elif plain_to_tls:
            why = "the port refuses plain http (nginx: plain HTTP request sent to HTTPS port)"
        else:
            why = f"only {second}:// answers"
        note = _certificate(obs) if second == "https" and speaks(other) else ""
        message = (
            f"{assumed}The port speaks {second}://, not {first}://: {why}.{note} The account was not "
            f"asked over {second}:// (the password goes only over the scheme typed): change the "
            f"address to {second}:// and probe again to see the account."
        )
        return probe_finding("scheme-check", f"needs-{second}", message), None
    return None, typed


def _certificate(obs: Observations) -> str:
    tls = obs.tls
    if tls is None:
        return ""
    if tls.kind == "trusted":
        return " Its certificate is valid."
    if tls.kind == "untrusted":
        return (
            f" Its certificate is not trusted ({tls.detail}): apps that check certificates "
            "refuse it; this probe did not check it."
        )
    return ""


def _no_answer(failure: HttpFailure, port: int, *, port_known: bool = False) -> list[Finding]:
    """account-check for a call that got no HTTP answer.  When the request never
    reached a server (the name does not resolve, the address is unusable, the
    connection is refused at once) the account was not asked at all: dns-lookup,
    port-check and lint say why, and claiming "no answer" would tell the rules a
    server stayed silent."""
    if failure.kind in ("dns", "invalid-url"):
        return []
    if failure.kind in ("refused", "unreachable"):
        if port_known:  # the TCP check already said so (or saw otherwise, a moment earlier)
            return []
        why = "nothing listens there" if failure.kind == "refused" else "the network reports it unreachable"
        return [
            probe_finding(
                "port-check",
                "refused",
                f"Connections to port {port} are refused at once ({why}): a wrong port, "
                "or the panel is down on that host.",
                failure.detail,
            )
        ]
    if failure.kind == "protocol":
        return [
            probe_finding(
                "account-check",
                "server-error",
                "The server answered with something that is not valid HTTP.",
                failure.detail,
            )
        ]
    why = _NO_ANSWER[failure.kind]
    return [
        probe_finding(
            "account-check",
            "no-answer",
            f"No account answer over {failure.scheme}://: {why}.",
            failure.detail,
        )
    ]
