"""What the support desk's own tools see of a call: the real lint of the details as the desk has
them, what the probe would report from the desk's network (not the caller's: an ISP block or a VPN
on the caller's side is invisible to it), and the account test page in the desk's browser.

Apart from the oracle, which answers for the caller: these are machines and staff at the desk,
never noised.
"""

from __future__ import annotations

from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.probe.address import parse_server
from xtream_doctor.probe.copy import DetailsCopy, copy_evidence, copy_fact, desk_target
from xtream_doctor.probe.findings import Target
from xtream_doctor.probe.lint import lint

from .truth import Details, Truth
from .world import boxes, clean, credentials_problem, server_of


def api_status(t: Truth) -> str:
    """The status player_api.php reports for the line."""
    if t.line.api_says:
        return t.line.api_says
    return {
        "active": "active",
        "expired": "expired",
        "trial-ended": "expired",
        "payment-failed": "disabled",
        "banned": "banned",
        "disabled": "disabled",
    }[t.line.state]


def desk_details(t: Truth) -> Details:
    """The details as the desk types them into its tool: what the boxes hold, exactly (the caller
    sent them as text) or as read out (edge spaces and invisible characters lost)."""
    typed = t.typed
    if t.desk.details == "read-out":
        typed = Details(clean(typed.server), clean(typed.username), clean(typed.password), typed.form)
    if typed.form == "m3u":
        return Details(typed.server, "", "", "m3u")
    return typed


def probe_facts(t: Truth, d: Details) -> dict[str, str]:
    """What the probe would report, from the desk, for these details."""
    address = parse_server(d.server)
    if not address.host:
        return {}
    server = server_of(t)
    username, password = d.username, d.password
    link = address.link_credentials()
    if link:
        username, password = username or link[0], password or link[1]
    ask_account = bool(username and password)
    first = address.effective_scheme
    port = address.effective_port(first)
    out: dict[str, str] = {}
    if address.host != server.host:
        out["dns-lookup"] = "fails"
        return out
    out["dns-lookup"] = "resolves"
    if port not in server.ports:
        out["port-check"] = server.closed_ports
    elif server.state == "down" and server.down_shows in ("refused", "timeout"):
        out["port-check"] = server.down_shows
    else:
        out["port-check"] = "open"
    if not ask_account:
        return out
    if out["port-check"] != "open":
        out["account-check"] = "no-answer"
        return out
    spoken = server.ports[port]
    out["scheme-check"] = "ok" if first == spoken else f"needs-{spoken}"
    if server.state == "overloaded" and server.overload_shows == "no-answer":
        out["account-check"] = "no-answer"
        return out
    out["response-time"] = "slow" if server.state == "overloaded" else "normal"
    if server.redirects:
        out["redirected"] = "yes"
        return out
    out["redirected"] = "no"
    if server.state == "down":
        out["account-check"] = "server-error"
        return out
    if server.refuses_desk:
        out["account-check"] = "blocked"
        return out
    if (username, password) != (t.email.username, t.email.password):
        out["account-check"] = "refused-ambiguous" if server.panel == "xui" else "wrong-credentials"
        return out
    status = api_status(t)
    if server.panel == "xui" and status != "active":
        out["account-check"] = "refused-ambiguous"
        return out
    out["account-check"] = status
    out["connection-slots"] = "full" if t.line.streams_elsewhere >= t.line.max_connections else "free"
    out["trial-line"] = "yes" if t.line.trial else "no"
    out["server-port-agrees"] = "yes" if port in server.ports else "no"
    return out


def desk_copy(t: Truth) -> DetailsCopy:
    return "exact-copy" if t.desk.details == "exact-copy" else "read-out"


def desk_facts(t: Truth) -> list[tuple[str, str, str]]:
    """(attribute, value, source): where the desk's copy came from (as the app's start screen
    says on every call), then lint and probe when this call's desk can run them, through the
    app's own door (``probe/copy.py``): a read-out copy's lint speaks only of what was heard."""
    copy = desk_copy(t)
    stated = copy_fact(copy)
    facts: list[tuple[str, str, str]] = [(stated.attribute, stated.value, stated.source)]
    d = desk_details(t)
    target = desk_target(Target(d.server, d.username, d.password), copy)
    if t.desk.lints:
        for finding in copy_evidence(lint(target), copy).facts:
            facts.append((finding.attribute, finding.value, finding.source))
    if t.desk.probe:
        tested = Details(target.server, target.username, target.password, d.form)
        facts += [(a, v, "probe") for a, v in probe_facts(t, tested).items()]
    return facts


def usable_desk_facts(kb: KnowledgeBase, t: Truth) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The desk facts the knowledge base knows, and the ones it does not (attribute=value)."""
    usable: list[tuple[str, str, str]] = []
    unknown: list[str] = []
    for attribute, value, source in desk_facts(t):
        spec = kb.attributes.get(attribute)
        if spec is None or value not in spec.domain():
            unknown.append(f"{attribute}={value}")
        else:
            usable.append((attribute, value, source))
    return usable, unknown


def desk_browser_page(t: Truth) -> str | None:
    """What the account test page shows in the desk's own browser, the address built by staff from
    the details the caller reads out (edge spaces and invisible characters lost, wrong letters
    kept), opened from the desk's network: no ISP block, DNS filter, firewall, VPN or device of the
    caller's is in the way.  ``None`` when the desk does not have the caller's details."""
    if not t.desk.lints:
        return None
    server = server_of(t)
    problem, address, username, password = boxes(t, t.typed)
    if problem and address.link is None:  # a bare address in a playlist box: the email's login
        username, password = t.email.username, t.email.password
    username, password = clean(username), clean(password)
    scheme = address.scheme or "http"
    port = address.effective_port(scheme)
    if clean(address.host) != server.host or port not in server.ports:
        return "no-connection"
    spoken = server.ports[port]
    if scheme != spoken:
        return "error-page" if spoken == "https" else "no-connection"
    if server.state == "down":
        return "error-page" if server.down_shows == "server-error" else "no-connection"
    if server.state == "overloaded" and server.overload_shows == "no-answer":
        return "no-connection"
    refused = "error-page" if server.panel == "xui" else None
    if credentials_problem(t, username, password):
        return refused or "auth-failed"
    if api_status(t) == "active":
        return "account-active"
    return refused or "expired"


__all__ = [
    "api_status",
    "desk_browser_page",
    "desk_copy",
    "desk_details",
    "desk_facts",
    "probe_facts",
    "usable_desk_facts",
]
