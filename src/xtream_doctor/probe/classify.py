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
from typing import Any
from urllib.parse import urlsplit

from xtream_doctor.probe.context import Context
from xtream_doctor.probe.findings import Finding
from xtream_doctor.probe.outcomes import HttpAnswer, HttpOutcome
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
# PHP's display_errors output, in HTML ("<br />\n<b>Warning</b>:  ...") or plain text.
PHP_MESSAGE = re.compile(
    r"(?is)^(?:<br\s*/?>\s*)?(?:<b>)?\s*(?P<kind>(?:PHP )?(?:Warning|Notice|Deprecated|"
    r"Fatal error|Parse error|Strict Standards))\s*(?:</b>)?\s*:\s*[^\n]*?\bon line\b[^\n]*"
)
XUI_DEBUG_CODES = {
    "INVALID_CREDENTIALS": "wrong-credentials",
    "EXPIRED": "expired",
    "BANNED": "banned",
    "DISABLED": "disabled",
}


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
        return findings + _redirect(answer, context)
    findings.append(probe_finding("redirected", "no", "The account call was answered without a redirect."))
    return findings + _account(answer, context)


def _response_time(answer: HttpAnswer, context: Context) -> Finding:
    """Time to the first byte and to the complete answer, measured apart and named."""
    first, whole = answer.time_to_first_byte, answer.elapsed
    if answer.cut == "time":
        return probe_finding(
            "response-time",
            "slow",
            f"The server started answering after {first:.1f} s (first byte) but had not finished "
            f"after {whole:.1f} s, when the probe stopped reading; apps give up on such an answer.",
        )
    timing = f"first byte after {first:.1f} s, complete answer after {whole:.1f} s"
    if whole >= context.slow_after:
        return probe_finding(
            "response-time",
            "slow",
            f"The server is slow to answer the account call ({timing}); apps often give up sooner.",
        )
    return probe_finding("response-time", "normal", f"The server answered quickly ({timing}).")


def redirect_destination(answer: HttpAnswer) -> tuple[str, str, int] | None:
    """Where a 3xx answer sends the player: scheme, host, port (None without a usable Location)."""
    location = answer.header("location").strip()
    if not location:
        return None
    parts = urlsplit(location)
    scheme = (parts.scheme or answer.scheme).lower()
    if scheme not in ("http", "https"):
        return None
    try:
        port = (parts.port or (443 if scheme == "https" else 80)) if parts.hostname else answer.port
    except ValueError:
        return None
    return scheme, parts.hostname or answer.host, port


def _target_says(target: HttpOutcome | None) -> tuple[str, str]:
    """How the redirect's target answered its one check (made without credentials)."""
    if target is None:
        return " It was not checked in time.", ""
    if isinstance(target, HttpAnswer):
        return f" That address answers (HTTP {target.status}).", ""
    why = {
        "refused": "refuses connections: nothing listens there, so following the redirect fails",
        "dns": "has a name that does not resolve, so following the redirect fails",
        "timeout": "does not answer, so following the redirect hangs",
        "unreachable": "cannot be reached from here",
        "tls-wrong-version": "does not speak https although the redirect says https",
        "tls-error": "fails the secure (TLS) connection",
        "disconnected": "closes the connection without answering",
        "protocol": "answers with something that is not HTTP",
        "invalid-url": "is not a usable address",
        "error": "could not be checked",
    }[target.kind]
    return f" That address {why}.", target.detail


def _redirect(answer: HttpAnswer, context: Context) -> list[Finding]:
    location = redact(answer.header("location"))
    destination = redirect_destination(answer)
    detail = f"HTTP {answer.status} Location: {location}"
    scheme, host, port = destination or (answer.scheme, answer.host, answer.port)
    if (host, port) != (answer.host, answer.port):
        said, seen = _target_says(context.redirect_target)
        return [
            probe_finding(
                "redirected",
                "yes",
                f"The account call is redirected to {scheme}://{host}:{port}; the provider may have "
                f"moved, and some apps do not follow.{said}",
                detail + (f" | the target: {seen}" if seen else ""),
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
    if answer.cut == "size":
        return [_too_big(answer)]
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
    warning = PHP_MESSAGE.match(stripped)
    if warning:
        return [_php_message(answer, stripped, warning)]
    if stripped[:1] in "{[":
        try:
            data: Any = json.loads(stripped)
        except (ValueError, RecursionError):
            if answer.cut == "closed":
                return [
                    _check(
                        "server-error",
                        f"The server closed the connection in the middle of its answer (HTTP {status}); "
                        "the panel is misbehaving. This is on the provider's side.",
                        _short_close(answer),
                    )
                ]
            return [_check("server-error", f"The server answered with broken JSON (HTTP {status}).")]
        findings = describe_account(data, answer, context)
        if answer.cut == "closed":  # the answer is whole; only the connection ended badly
            findings = [_with_detail(f, _short_close(answer)) if f.attribute == "account-check" else f
                        for f in findings]  # fmt: skip
        return findings
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


def _with_detail(finding: Finding, more: str) -> Finding:
    detail = f"{finding.detail}; {more}" if finding.detail else more
    return Finding(
        finding.attribute, finding.value, finding.source, finding.message, finding.proposal, detail
    )


def _short_close(answer: HttpAnswer) -> str:
    announced = answer.header("content-length")
    of = f" of the {announced} announced" if announced else ""
    return f"the connection closed after {len(answer.body)} bytes{of}"


def _too_big(answer: HttpAnswer) -> Finding:
    """A body past the cap: hundreds of MB, or a small compressed body that unpacks to that."""
    announced = answer.header("content-length")
    if answer.header("content-encoding").strip().lower() in ("gzip", "deflate"):
        what = "a compressed answer that unpacks to far more than an account (a 'zip bomb')"
    elif announced.isdigit() and int(announced) >= 1_000_000:
        what = f"{int(announced) / 1_000_000:,.0f} MB instead of an account answer"
    else:
        what = "far more than an account answer"
    return _check(
        "server-error",
        f"The panel sent {what}; reading stopped. The panel is misbehaving: players hang or run out "
        "of memory on such an answer. This is on the provider's side.",
        f"HTTP {answer.status}, Content-Length {announced or 'not given'}",
    )


def _php_message(answer: HttpAnswer, text: str, match: re.Match[str]) -> Finding:
    """A PHP warning, notice or error printed into the answer (before its JSON, or instead)."""
    kind = match.group("kind").strip().lower()
    after = text[match.end() :]
    brace = min((i for i in (after.find("{"), after.find("[")) if i >= 0), default=-1)
    line = " ".join(re.sub(r"<[^>]+>", "", match.group(0)).split())[:200]  # the warning alone
    if brace >= 0:
        message = (
            f"The panel prints a PHP {kind} before its JSON answer: apps cannot read the account. "
            "The panel is misbehaving (a PHP error on the provider's server); this is on the "
            "provider's side."
        )
    else:
        message = (
            f"The panel answers with a PHP {kind} instead of the account: it is broken on the "
            "provider's server. This is on the provider's side."
        )
    return _check("server-error", message, redact(line))


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
