"""Answer the knowledge base's questions from a call's truth, the way that caller would.

One function per question id reads the question's meaning (its text and its
answer labels in ``rules/questions/``) and says what this caller, in this
situation, would answer, or ``None`` for "don't know" when they could not
know or could not do what is asked.  Tests ("switch the VPN off and try
again") are attempts in the truth's world (``world.blocked_by``), so they
agree with each other whatever the rules think.

A question with no function here (one added or renamed later) is answered
"don't know" and reported as "oracle could not answer", and so is an answer
whose value the question no longer has: gaps show instead of crashing.

What the desk's own tools add (lint, probe, the desk's browser test) is in
``desk.py``.  ``noisy`` makes a caller give a wrong answer, persistently, at a
rate.

Long because it has one function per question: a new question is one function.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from xtream_doctor.kb.model import Question

from .desk import desk_browser_page
from .truth import DEFAULT_PORTS, MAC_APPS, SMART_TVS, Truth
from .world import (
    FIX_ATTEMPTS,
    Attempt,
    blocked_by,
    clean,
    entered,
    from_email,
    other_app,
    read_address,
    server_of,
)

Answer = str | None  # None: "don't know"
Ask = Callable[[Truth, Question], Answer]


def _works(t: Truth, attempt: Attempt) -> str:
    return "works" if blocked_by(t, attempt) is None else "still-fails"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


# --- what the caller sees and says ----------------------------------------------


def _app(t: Truth, q: Question) -> Answer:
    return {
        "smarters": "smarters",
        "tivimate": "tivimate",
        "ibo-player": "ibo-player",
        "gse": "gse",
        "kodi": "kodi-simple",
    }.get(t.app, "other")


def _device(t: Truth, q: Question) -> Answer:
    return {
        "firestick": "firestick",
        "android-tv": "android-tv",
        "samsung-tv": "smart-tv",
        "lg-tv": "smart-tv",
        "phone": "phone-tablet",
        "tablet": "phone-tablet",
        "computer": "computer",
    }.get(t.device, "other")


# Words a caller reads off the screen that staff take for the label's words.
_SAME_WORD = {
    "creden": "detail",
    "userna": "detail",
    "passwo": "detail",
    "incorr": "invali",
    "wrong": "invali",
}
_FILLER = frozenset({"a", "an", "it", "the", "or", "to", "of"})


def _words(text: str) -> list[str]:
    """Lower-case words cut to six letters, so "authorization" meets "authorize"; "username",
    "password" and "credentials" count as "details", "wrong" and "incorrect" as "invalid"; an
    error number is a word of its own ("Error 404")."""
    words = (w[:6] for w in re.findall(r"[a-z]+|[0-9]+", text.lower()))
    return [_SAME_WORD.get(w, w) for w in words if w not in _FILLER]


def _error_message(t: Truth, q: Question) -> Answer:
    """Staff pick the label whose wording the screen's words contain (the longest such phrase);
    words that match none are "something else"."""
    if t.screen is None:
        return None
    screen = _words(t.screen)
    best: tuple[int, bool, str] | None = None
    for answer in q.answers:
        for phrase in re.split(r"\s*/\s*|,\s*(?:or\s+)?", answer.label):
            words = _words(phrase)
            # a phrase in the screen's own word order beats the same words in another order
            # ("Authorization failed" is not "Failed to authorize")
            in_order = any(screen[i : i + len(words)] == words for i in range(len(screen)))
            score = (len(words), in_order)
            if words and all(w in screen for w in words) and (best is None or score > best[:2]):
                best = (len(words), in_order, answer.value)
    if best:
        return best[2]
    return "other" if "other" in q.domain() else None


def _login_method(t: Truth, q: Question) -> Answer:
    """How many boxes the caller filled in: three (Xtream) or one for a link (Kodi's single box too)."""
    return "xtream" if t.typed.form == "xtream" else "m3u"


def _credentials_entry(t: Truth, q: Question) -> Answer:
    """Typed or pasted; a caller who does not know, because someone else set it up, says so."""
    if t.entry == "unknown" and not t.can("unsure-about-history"):
        return "someone-else"
    return {"typed": "typed", "pasted": "pasted", "mixed": "pasted"}.get(t.entry)


def _typed_address(t: Truth) -> str | None:
    return None if not t.can("cannot-read-address") else t.typed.server


def _server_scheme(t: Truth, q: Question) -> Answer:
    raw = _typed_address(t)
    if raw is None:
        return None
    return "present" if re.match(r"^\s*https?://", raw, re.IGNORECASE) else "missing"


def _server_port(t: Truth, q: Question) -> Answer:
    raw = _typed_address(t)
    if raw is None:
        return None
    return "present" if read_address(raw).port is not None else "missing"


def _server_path(t: Truth, q: Question) -> Answer:
    raw = _typed_address(t)
    if raw is None:
        return None
    path = read_address(clean(raw)).path
    if path == "":
        return "none"
    return "trailing-slash" if path == "/" else "extra-path"


def _domain_matches_email(t: Truth, q: Question) -> Answer:
    if not t.can("cannot-read-address"):
        return None
    if not t.can("no-email"):
        return "no-email"
    same = read_address(clean(t.typed.server)).host == read_address(t.email.server).host
    return "matches" if same else "differs"


def _port_matches_email(t: Truth, q: Question) -> Answer:
    """The number at the end of the box against the email's: the same (or none in either), another,
    or none in the box; a caller without the email cannot compare."""
    if not t.can("cannot-read-address"):
        return None
    if not t.can("no-email"):
        return "no-email"
    box, email = read_address(t.typed.server).port, read_address(t.email.server).port
    if box == email:
        return "matches"
    return "missing" if box is None else "differs"


def _space_check(value: str, t: Truth) -> Answer:
    """A gap shows for a real space at the start or the end of the box; a zero-width character
    shows nothing."""
    if t.typed.form == "m3u":
        return None  # no username or password box to look at
    gap = value[:1].isspace() or value[-1:].isspace()
    return "space-found" if gap else "clean"


def _password_space_check(t: Truth, q: Question) -> Answer:
    return _space_check(t.typed.password, t)


def _username_space_check(t: Truth, q: Question) -> Answer:
    return _space_check(t.typed.username, t)


def _worked_before(t: Truth, q: Question) -> Answer:
    if not t.can("unsure-about-history") or t.history.worked_before == "unknown":
        return None
    return t.history.worked_before


def _device_changed(t: Truth, q: Question) -> Answer:
    """Set up again since it last worked (a reinstall, a reset, a new device); a setup that never
    worked on this device and says nothing of a change: "never worked"."""
    if not t.can("unsure-about-history"):
        return None
    if t.history.changed == "unknown":
        return "never-worked" if t.history.worked_before == "no" else None
    return _yes(t.history.changed != "none")


def _peak_hours(t: Truth, q: Question) -> Answer:
    """Only at busy times, or every time; a setup that has never worked cannot tell."""
    if not t.can("unsure-about-history"):
        return None
    if t.history.worked_before == "no":
        return "new-setup"
    if t.history.pattern == "unknown":
        return None
    return "busy-times" if t.history.pattern == "busy-times" else "always"


def _other_devices_active(t: Truth, q: Question) -> Answer:
    if not t.can("unsure-about-other-devices"):
        return None
    return _yes(t.line.streams_elsewhere > 0)


def _ban_notice(t: Truth, q: Question) -> Answer:
    return _yes(t.line.notice) if t.can("unsure-about-notice") else None


def _internet_works(t: Truth, q: Question) -> Answer:
    return _yes(t.network.internet == "up")


def _network_type(t: Truth, q: Question) -> Answer:
    return t.network.kind


def _vpn_in_use(t: Truth, q: Question) -> Answer:
    """A VPN app on this device (a VPN on the router is not on the device)."""
    return None if not t.can("unsure-about-vpn") else _yes(t.network.vpn == "device")


def _router_vpn(t: Truth, q: Question) -> Answer:
    """A caller who does not know how the box was set up says so."""
    return "not-sure" if not t.can("unsure-about-vpn") else _yes(t.network.vpn == "router")


# --- staff checks -------------------------------------------------------------------


def _subscription_state(t: Truth, q: Question) -> Answer:
    if not t.desk.panel:
        return None
    shown = t.line.panel_shows or t.line.state
    return "banned" if shown == "disabled" else shown


def _last_payment(t: Truth, q: Question) -> Answer:
    """The caller's own bank or card: a declined payment shows there whatever our panel says;
    a trial, or a plan left to run out, had no payment for this period."""
    if t.line.state == "payment-failed":
        return "declined"
    if t.line.trial or t.line.state in ("trial-ended", "expired"):
        return "none"
    return "paid"


def _mac_check(t: Truth, q: Question) -> Answer:
    if not t.desk.panel:
        return None
    if t.line.mac == "unbound":
        return "not-bound"
    if t.app not in MAC_APPS or not t.can("cannot-find-mac"):
        return None  # nothing on the screen to read out
    return t.line.mac


def _others_reporting(t: Truth, q: Question) -> Answer:
    board = t.server.board
    if board == "none":
        return None
    if board == "auto":
        return _yes(t.server.state in ("down", "overloaded"))
    return _yes(board == "reports")


# --- tests: one thing changed, try again -------------------------------------------------


def _careful_retype_test(t: Truth, q: Question) -> Answer:
    if not t.can("no-email"):
        return "no-email"
    username, password = from_email(t)
    return _works(t, Attempt(details=dataclasses.replace(t.typed, username=username, password=password)))


# Devices with no Clear cache button for an app: closing and reopening it clears nothing.
NO_CACHE_BUTTON = frozenset({"lg-tv", "computer", "mag", "enigma2"})


def _clear_cache_test(t: Truth, q: Question) -> Answer:
    """The cache cleared where the device has the button; where it has none (or the caller cannot
    find it), the app is only reopened, and a failure then is "could not be cleared"."""
    if not t.can("cannot-clear-cache") or t.device in NO_CACHE_BUTTON:
        return "works" if blocked_by(t, Attempt()) is None else "not-cleared"
    return _works(t, Attempt(cache_cleared=True))


def _close_others_test(t: Truth, q: Question) -> Answer:
    return _works(t, Attempt(others_closed=True))


def _dns_change_test(t: Truth, q: Question) -> Answer:
    return _works(t, Attempt(public_dns=True)) if t.can("cannot-change-dns") else "cannot-change"


def _mobile_data_test(t: Truth, q: Question) -> Answer:
    if not t.can("no-phone"):
        return "not-now"
    if t.device == "phone":  # the device is the phone: the same app, off the Wi-Fi
        if t.network.kind == "mobile":
            return _works(t, Attempt())
        return _works(t, Attempt(mobile_data=True))
    details = entered(t, t.elsewhere.phone_entry)
    return _works(t, Attempt(on_phone=True, mobile_data=True, fresh_app=True, details=details))


def _phone_on_wifi_test(t: Truth, q: Question) -> Answer:
    """The caller's phone on the device's own network, a new install, the details entered as they
    would be there; a caller with no phone, or whose device is the phone, cannot do it now."""
    if not t.can("no-phone") or t.device == "phone":
        return "not-now"
    details = entered(t, t.elsewhere.phone_entry)
    return _works(t, Attempt(on_phone=True, fresh_app=True, details=details))


def _other_app_test(t: Truth, q: Question) -> Answer:
    """A second app on this same device and network (the question says so, and names one that
    runs there); a caller who cannot add one, or a MAG box, says no app can be added."""
    if not t.can("cannot-install-apps") or t.device == "mag":
        return "cannot-install"
    details = entered(t, t.elsewhere.other_app_entry)
    return _works(t, Attempt(app=other_app(t), fresh_app=True, details=details))


def _scheme_switch_test(t: Truth, q: Question) -> Answer:
    """The desk gives the other scheme with our server's port for it, as the fix does; a server
    that speaks only the typed scheme leaves nothing to switch to."""
    other = "http" if read_address(t.typed.server).scheme == "https" else "https"
    if other not in server_of(t).ports.values():
        return "one-scheme"
    return _works(t, FIX_ATTEMPTS["switch-scheme"](t))


def _vpn_off_test(t: Truth, q: Question) -> Answer:
    if t.network.vpn == "off":
        return _works(t, Attempt())  # nothing to switch off: it fails as before
    if t.network.vpn == "router" and not t.can("cannot-switch-vpn-off"):
        return None
    return _works(t, Attempt(vpn="off"))


def _vpn_on_test(t: Truth, q: Question) -> Answer:
    """A VPN app already on this device, switched on; a caller with none says so (a smart TV or a
    set-top box runs none)."""
    if not t.can("no-vpn-app") or t.device in SMART_TVS or t.device in ("mag", "enigma2"):
        return "no-vpn-app"
    return _works(t, Attempt(vpn="on"))


def _browser_test(t: Truth, q: Question) -> Answer:
    """A staff test: the desk opens the test address itself (a TV has no browser to type it in)."""
    return desk_browser_page(t)


ORACLE: dict[str, Ask] = {
    "app": _app,
    "ban-notice": _ban_notice,
    "browser-test": _browser_test,
    "careful-retype-test": _careful_retype_test,
    "clear-cache-test": _clear_cache_test,
    "close-others-test": _close_others_test,
    "credentials-entry": _credentials_entry,
    "device-changed": _device_changed,
    "device": _device,
    "dns-change-test": _dns_change_test,
    "domain-matches-email": _domain_matches_email,
    "error-message": _error_message,
    "internet-works": _internet_works,
    "last-payment": _last_payment,
    "login-method": _login_method,
    "mac-check": _mac_check,
    "mobile-data-test": _mobile_data_test,
    "network-type": _network_type,
    "other-app-test": _other_app_test,
    "other-devices-active": _other_devices_active,
    "others-reporting": _others_reporting,
    "peak-hours": _peak_hours,
    "port-matches-email": _port_matches_email,
    "scheme-switch-test": _scheme_switch_test,
    "server-path": _server_path,
    "server-port": _server_port,
    "server-scheme": _server_scheme,
    "subscription-state": _subscription_state,
    "password-space-check": _password_space_check,
    "phone-on-wifi-test": _phone_on_wifi_test,
    "username-space-check": _username_space_check,
    "router-vpn": _router_vpn,
    "vpn-in-use": _vpn_in_use,
    "vpn-off-test": _vpn_off_test,
    "vpn-on-test": _vpn_on_test,
    "worked-before": _worked_before,
}


@dataclass(frozen=True)
class Reply:
    value: Answer
    why: str  # answered | dont-know | no-oracle | off-domain


def ask(t: Truth, question: Question) -> Reply:
    """The true answer of this caller, or why there is none."""
    function = ORACLE.get(question.id)
    if function is None:
        return Reply(None, "no-oracle")
    value = function(t, question)
    if value is None:
        return Reply(None, "dont-know")
    if value not in question.domain():
        return Reply(None, "off-domain")
    return Reply(value, "answered")


# --- noise ------------------------------------------------------------------------


def noisy(scenario: str, question: Question, value: Answer, rate: float, draw: int = 0) -> Answer:
    """With probability ``rate`` a different valid answer, the same one every time it is asked.

    The draw is seeded by scenario, question, rate and draw number, so a call replays
    identically and a wrong answer stays wrong when asked again; other draw numbers give
    other callers' mistakes.  "Don't know" stays "don't know".
    """
    if value is None or rate <= 0 or question.solves:
        return value  # a test that can end the call is an attempt: its outcome shows, as a fix's does
    salt = f"|{draw}" if draw else ""
    seed = hashlib.sha256(f"{scenario}|{question.id}|{rate:.4f}{salt}".encode()).digest()
    rng = random.Random(int.from_bytes(seed[:8], "big"))
    if rng.random() >= rate:
        return value
    others = sorted(question.domain() - {value})
    return rng.choice(others) if others else value


__all__ = ["DEFAULT_PORTS", "ORACLE", "Reply", "ask", "noisy"]
