"""Turn one HTTP answer to ``player_api.php`` into facts, without the network.

Two panel families answer differently (XTREAM-API.md section 3.1): the XC
family says everything in a 200 JSON body, the XUI family answers every refusal
with a padded 404 page.  Home-made panels, CDNs and captive portals add their
own shapes.  Numbers arrive as strings or ints, ``auth`` as 0/"0"/true, and
``exp_date`` null means unlimited (section 2.1); the helpers in
``xtream_json`` read all of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from xtream_doctor.probe.findings import Finding
from xtream_doctor.probe.outcomes import HttpAnswer
from xtream_doctor.probe.redact import redact
from xtream_doctor.probe.xtream_json import describe_account

XUI_PADDING = "a padding to disable MSIE and Chrome friendly error page"
PLAIN_HTTP_TO_TLS = "The plain HTTP request was sent to HTTPS port"
CLOUDFLARE_52X = {
    520: "the provider's server gave Cloudflare an unknown error",
    521: "the provider's server is down (Cloudflare cannot reach its web server)",
    522: "the provider's server did not answer Cloudflare in time",
    523: "Cloudflare cannot reach the provider's server",
    524: "the provider's server took too long to answer Cloudflare",
    525: "the TLS handshake between Cloudflare and the provider's server failed",
    526: "the provider's server has an invalid certificate for Cloudflare",
}
XUI_DEBUG_CODES = {
    "INVALID_CREDENTIALS": "wrong-credentials",
    "EXPIRED": "expired",
    "BANNED": "banned",
    "DISABLED": "disabled",
}


@dataclass(frozen=True)
class Context:
    """What the classifier needs besides the answer."""

    typed_port: int
    now: float  # unix seconds
    slow_after: float = 3.0
    username: str = ""  # as typed, to notice a different stored spelling


def probe_finding(attribute: str, value: str, message: str, detail: str = "") -> Finding:
    return Finding(attribute, value, "probe", message, None, detail)


def is_plain_http_to_tls(answer: HttpAnswer) -> bool:
    """nginx's 400 page for http:// spoken to its TLS port (section 3.5)."""
    return answer.status == 400 and PLAIN_HTTP_TO_TLS.lower() in _text(answer).lower()


def is_cloudflare(answer: HttpAnswer) -> bool:
    return "cloudflare" in answer.header("server").lower() or bool(answer.header("cf-ray"))


def classify(answer: HttpAnswer, context: Context) -> list[Finding]:
    """account-check and what else the answer shows, plus response-time and redirected."""
    findings = [_response_time(answer, context)]
    if 300 <= answer.status < 400:
        return findings + _redirect(answer)
    findings.append(probe_finding("redirected", "no", "The account call was answered without a redirect."))
    return findings + _account(answer, context)


def _response_time(answer: HttpAnswer, context: Context) -> Finding:
    took = f"{answer.elapsed:.1f} s"
    if answer.elapsed >= context.slow_after:
        return probe_finding(
            "response-time",
            "slow",
            f"The server took {took} to answer the account call; apps often give up sooner.",
        )
    return probe_finding("response-time", "normal", f"The server answered in {took}.")


def _redirect(answer: HttpAnswer) -> list[Finding]:
    location = redact(answer.header("location"))
    parts = urlsplit(location)
    scheme = parts.scheme or answer.scheme
    host = parts.hostname or answer.host
    try:
        port = (parts.port or (443 if scheme == "https" else 80)) if parts.hostname else answer.port
    except ValueError:
        port = answer.port
    detail = f"HTTP {answer.status} Location: {location}"
    if (host, port) != (answer.host, answer.port):
        return [
            probe_finding(
                "redirected",
                "yes",
                f"The account call is redirected to {scheme}://{host}:{port}; the provider may have "
                "moved, and some apps do not follow.",
                detail,
            )
        ]
    return [
        probe_finding(
            "redirected", "no", "The account call is redirected to another page on the same server."
        ),
        probe_finding(
            "account-check",
            "not-xtream",
            "The server answers the account call with a redirect instead of the account; "
            "this is not how an Xtream panel answers.",
            detail,
        ),
    ]


def _text(answer: HttpAnswer) -> str:
    return answer.body.decode("utf-8", errors="replace").lstrip("\ufeff")


def _account(answer: HttpAnswer, context: Context) -> list[Finding]:
    status, text = answer.status, _text(answer)
    if answer.cut == "time":
        return [_check("no-answer", f"The server started answering (HTTP {status}) but never finished.")]
    if status >= 500:
        return [_server_error(answer, text)]
    if status in (403, 429, 461, 407):
        return [_blocked(answer)]
    if status == 404:
        if XUI_PADDING in text:
            return [
                _check(
                    "refused-ambiguous",
                    "The panel refuses the login with its 404 page (XUI.one style): the username or "
                    "password is wrong, or the line is expired, banned or disabled; it does not say which.",
                )
            ]
        return [_check("not-xtream", "There is no Xtream account page at this address (plain 404).")]
    if status == 400 and is_plain_http_to_tls(answer):
        return [_check("not-xtream", "This port speaks https; the http:// request was refused (400).")]
    if "XUI.one - Debug Mode" in text:
        return [_xui_debug(text)]
    stripped = text.strip()
    if status == 200 and not stripped:
        return [
            _check(
                "not-xtream",
                "The server answered with an empty page; an Xtream panel answers with the account, "
                "so this is not the panel (or the line is locked to another device).",
            )
        ]
    if answer.cut == "size":
        return [_check("server-error", "The server sent far more than an account answer; reading stopped.")]
    if stripped[:1] in "{[":
        try:
            data: Any = json.loads(stripped)
        except (ValueError, RecursionError):
            return [_check("server-error", f"The server answered with broken JSON (HTTP {status}).")]
        return describe_account(data, answer, context)
    if status == 401:
        return [_check("refused-ambiguous", "The server refuses the login (401) without saying why.")]
    kind = "a web page" if stripped[:1] == "<" or "html" in answer.header("content-type") else "text"
    return [
        _check(
            "not-xtream",
            f"The server answered with {kind} instead of the account (HTTP {status}): a captive portal, "
            "a block page, a parked domain or another site, not the panel.",
            _title(text),
        )
    ]


def _check(value: str, message: str, detail: str = "") -> Finding:
    return probe_finding("account-check", value, message, detail)


def _title(text: str) -> str:
    match = re.search(r"(?is)<title[^>]*>(.*?)</title>", text[:20000])
    return f"page title: {' '.join(match.group(1).split())[:120]}" if match else ""


def _server_error(answer: HttpAnswer, text: str) -> Finding:
    status = answer.status
    if is_cloudflare(answer) and status in CLOUDFLARE_52X:
        message = f"Cloudflare answers for the provider: {CLOUDFLARE_52X[status]} (error {status})."
    elif status == 503 and "nginx" in answer.header("server").lower():
        message = "The server is overloaded or limits how fast it is called (503)."
    else:
        message = f"The server answered with an error (HTTP {status})."
    return _check("server-error", message + " This is on the provider's side.", _title(text))


def _blocked(answer: HttpAnswer) -> Finding:
    status = answer.status
    if answer.header("cf-mitigated").lower() == "challenge":
        message = "Cloudflare shows a bot challenge instead of the account: apps cannot pass it."
    elif status == 461 or (status == 403 and is_cloudflare(answer)):
        message = f"The server refuses this kind of client (HTTP {status}); it filters apps by User-Agent."
    elif status == 429:
        message = "The server says too many requests came from here (429); wait before trying again."
    elif status == 407:
        message = "A proxy in between asks for its own login (407)."
    else:
        message = (
            "The server refuses this network or client (403): often an IP block after too many "
            "attempts, or a User-Agent filter."
        )
    return _check("blocked", message)


def _xui_debug(text: str) -> Finding:
    match = re.search(r"(?is)<h2[^>]*>\s*([A-Z_]+)\s*</h2>", text)
    code = match.group(1) if match else ""
    value = XUI_DEBUG_CODES.get(code, "refused-ambiguous")
    return _check(
        value, f"The XUI.one panel (in debug mode) refuses the login with the code {code or 'unknown'}."
    )
