"""Read an Xtream account object whatever the panel's types.

XC sends every number as a string, XUI some as ints, clones ``auth`` as
"1"/"0" or true; ``exp_date`` is null, "", "0" or 0 for an unlimited line
(XTREAM-API.md sections 2.1, 2.2 and 4).  Every reader here tolerates all of
them and returns None for what it cannot read, never raising.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from xtream_doctor.probe.context import Context
from xtream_doctor.probe.findings import Finding

if TYPE_CHECKING:
    from xtream_doctor.probe.outcomes import HttpAnswer

STATUS_VALUES = {
    "active": "active",
    "expired": "expired",
    "banned": "banned",
    "disabled": "disabled",
    "inactive": "expired",
}  # "Inactive" is a clone's word for expired
CLOCK_SKEW = 300  # seconds of server clock error worth mentioning


def flex_int(value: Any) -> int | None:
    """An int from 3, "3", " 3 ", 3.0 or True; None from "", "N/A", null."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


def flex_bool(value: Any) -> bool | None:
    """True/False from 1, "1", true, "true", "yes" and their opposites."""
    if isinstance(value, bool):
        return value
    number = flex_int(value)
    if number is not None:
        return number != 0
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


def flex_expiry(value: Any) -> tuple[str, int | None]:
    """("unlimited", None), ("date", unix seconds) or ("unknown", None)."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "null", "0")):
        return "unlimited", None
    number = flex_int(value)
    if number is None:
        return "unknown", None
    return ("unlimited", None) if number <= 0 else ("date", number)


def _date(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(seconds))


def _finding(attribute: str, value: str, message: str, detail: str = "") -> Finding:
    return Finding(attribute, value, "probe", message, None, detail)


def describe_account(data: Any, answer: HttpAnswer, context: Context) -> list[Finding]:
    """account-check, connection-slots, trial-line and server-port-agrees from parsed JSON."""
    if isinstance(data, list) and data and isinstance(data[0], dict) and "auth" in data[0]:
        data = {"user_info": data[0]}  # a home-made panel's [{"auth":0}] (section 3.1)
    user = data.get("user_info") if isinstance(data, dict) else None
    if not isinstance(user, dict):
        return [
            _finding(
                "account-check",
                "not-xtream",
                f"The server answered with JSON that holds no account (HTTP {answer.status}); "
                "this is not an Xtream panel's account call.",
            )
        ]
    server = data.get("server_info") if isinstance(data.get("server_info"), dict) else {}
    findings = [_account_check(user, server, answer, context)]
    findings += _slots(user)
    trial = flex_bool(user.get("is_trial"))
    if trial is not None:
        findings.append(
            _finding("trial-line", "yes", "This is a trial line.")
            if trial
            else _finding("trial-line", "no", "This is a paid line, not a trial.")
        )
    agrees = _port_agrees(server, context.typed_port)
    if agrees is not None:
        findings.append(agrees)
    return findings


def _account_check(
    user: dict[str, Any], server: dict[str, Any], answer: HttpAnswer, context: Context
) -> Finding:
    auth = flex_bool(user.get("auth"))
    status_text = str(user.get("status") or "").strip()
    status = STATUS_VALUES.get(status_text.lower())
    notes = _notes(user, server, context)
    detail = _server_detail(server)
    if auth is False or (auth is None and status is None):
        if status == "expired":
            return _finding(
                "account-check", "expired", f"The panel says the line is {status_text}." + notes, detail
            )
        code = f" with HTTP {answer.status}" if answer.status != 200 else ""
        return _finding(
            "account-check",
            "wrong-credentials",
            f"The panel answers{code} that the username or password is wrong (auth 0).",
            detail,
        )
    if status in ("expired", "banned", "disabled"):
        assert status is not None
        return _finding("account-check", status, f"The panel says the line is {status_text}." + notes, detail)
    odd = f" (status '{status_text}')" if status_text and status is None else ""
    return _finding(
        "account-check",
        "active",
        f"The panel accepts the username and password: the line is active{odd}." + notes,
        detail,
    )


def _notes(user: dict[str, Any], server: dict[str, Any], context: Context) -> str:
    notes: list[str] = []
    kind, expires = flex_expiry(user.get("exp_date"))
    if kind == "unlimited":
        notes.append("It never expires.")
    elif expires is not None:
        days = (expires - context.now) / 86400
        when = (
            f"in {days:.0f} days" if days >= 1 else ("within a day" if days >= 0 else f"{-days:.0f} days ago")
        )
        verb = "expires" if days >= 0 else "expired"
        notes.append(f"It {verb} on {_date(expires)} ({when}).")
    formats = user.get("allowed_output_formats")
    if isinstance(formats, list):
        shown = ", ".join(str(f) for f in formats) or "none"
        notes.append(f"Stream formats allowed: {shown}." + (" No stream will play." if not formats else ""))
    stored = user.get("username")
    if isinstance(stored, str) and context.username and stored != context.username:
        notes.append(f"The panel spells the username '{stored}'.")
    message = user.get("message")
    if isinstance(message, str) and message.strip():
        notes.append(f"Panel message: {message.strip()[:200]}")
    server_now = flex_int(server.get("timestamp_now"))
    if server_now is not None and abs(server_now - context.now) > CLOCK_SKEW:
        notes.append(f"The server's clock is off by {abs(server_now - context.now) / 60:.0f} minutes.")
    return "".join(" " + n for n in notes)


def _server_detail(server: dict[str, Any]) -> str:
    keys = ("url", "port", "https_port", "server_protocol", "timezone", "timestamp_now", "version")
    shown = [f"{k}={server[k]}" for k in keys if k in server and server[k] not in (None, "")]
    return "server_info: " + ", ".join(shown) if shown else ""


def _slots(user: dict[str, Any]) -> list[Finding]:
    active, limit = flex_int(user.get("active_cons")), flex_int(user.get("max_connections"))
    if active is None or limit is None:
        return []
    if limit == 0:
        return [
            _finding("connection-slots", "free", f"{active} connection(s) in use; the line has no limit.")
        ]
    if active >= limit:
        return [
            _finding(
                "connection-slots",
                "full",
                f"{active} of {limit} allowed connection(s) are in use: the line has no free slot.",
            )
        ]
    return [_finding("connection-slots", "free", f"{active} of {limit} allowed connection(s) are in use.")]


def _port_agrees(server: dict[str, Any], typed_port: int) -> Finding | None:
    ports = {p for p in (flex_int(server.get("port")), flex_int(server.get("https_port"))) if p}
    if not ports:
        return None
    shown = " and ".join(str(p) for p in sorted(ports))
    if typed_port in ports:
        return _finding("server-port-agrees", "yes", f"The server reports port {shown}, as typed.")
    return _finding(
        "server-port-agrees",
        "no",
        f"The server reports port {shown}, not {typed_port} as typed; the provider may have changed ports.",
    )
