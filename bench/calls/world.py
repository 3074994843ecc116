"""The world of a call: what an attempt to log in runs into, and what a fix changes.

``blocked_by(truth, attempt)`` walks one login the way it really happens
(network, address, name, port, route, scheme, server, credentials, line,
connections, MAC, app) and names the first thing that stops it, as a cause
id.  Every test the agent asks for ("switch the VPN off and try again") is an
attempt with one thing changed, and every fix is one too, so the oracle's
answers and the fixes' outcomes follow from the same world, whichever
question asks them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .truth import (
    DEFAULT_PORTS,
    MAC_APPS,
    OUTSIDE,
    SMART_QUOTES,
    SMART_TVS,
    ZERO_WIDTH,
    Details,
    Server,
    Truth,
)

# --- the server box, read the way an app reads it ---------------------------


@dataclass(frozen=True)
class Address:
    raw: str
    scheme: str | None  # http | https, or None when missing or unknown
    bad_scheme: bool  # something like htp:// was typed
    host: str
    port: int | None
    path: str
    query: Mapping[str, str]

    def effective_port(self, scheme: str | None = None) -> int:
        return self.port or DEFAULT_PORTS[scheme or self.scheme or "http"]

    @property
    def link(self) -> tuple[str, str] | None:
        """Username and password when the box holds a playlist or API link."""
        if self.path.rstrip("/").endswith(".php") and "username" in self.query:
            return self.query.get("username", ""), self.query.get("password", "")
        return None


def read_address(raw: str) -> Address:
    text = raw
    scheme: str | None = None
    bad = False
    match = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://", text)
    if match:
        typed = match.group(1).lower()
        text = text[match.end() :]
        if typed in DEFAULT_PORTS:
            scheme = typed
        else:
            bad = True
    before_query, _, query_text = text.partition("?")
    hostport, slash, rest = before_query.partition("/")
    path = "/" + rest if slash else ""
    query: dict[str, str] = {}
    for pair in query_text.split("&") if query_text else ():
        key, _, value = pair.partition("=")
        if key:
            query[key] = value
    if query_text and not path:
        path = "?"
    host, _, port_text = hostport.partition(":")
    port = int(port_text) if port_text.strip().isdigit() else None
    return Address(raw, scheme, bad, host.strip().lower(), port, path, query)


def invisible_or_edge(text: str) -> bool:
    """Characters a clipboard adds without anyone seeing them: edge spaces, zero-width ones."""
    return text != text.strip() or any(c in ZERO_WIDTH for c in text)


def visibly_odd(text: str) -> bool:
    """Characters that do not belong in an address and can be seen: inner spaces, quotes, letters
    from other alphabets."""
    inner = text.strip()
    return any((c.isspace() or c in SMART_QUOTES or (ord(c) > 127 and c not in ZERO_WIDTH)) for c in inner)


def clean(text: str) -> str:
    """What a person reading the text aloud would say: no edge spaces, no invisible characters."""
    return "".join(c for c in text if c not in ZERO_WIDTH).strip()


# --- an attempt to log in ----------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One try at logging in, with what the agent asked the caller to change."""

    on_phone: bool = False  # on the caller's phone instead of the device (the mobile-data test)
    mobile_data: bool = False  # over mobile data, not the device's network
    app: str = ""  # another app than the caller's ("" = theirs)
    fresh_app: bool = False  # a new install: no old cache, a new MAC
    details: Details | None = None  # None: what the boxes hold now
    vpn: str = "as-is"  # as-is | off | on (a good VPN switched on, a server in the provider's country)
    public_dns: bool = False  # the device's DNS set to 1.1.1.1
    cache_cleared: bool = False
    others_closed: bool = False  # the app closed everywhere else, two minutes waited


def server_of(t: Truth) -> Server:
    """The server with its defaults filled in from the email."""
    email = read_address(t.email.server)
    host = t.server.host or email.host
    ports = dict(t.server.ports) or {email.effective_port(): email.scheme or "http"}
    return dataclasses.replace(t.server, host=host, ports=ports)


def boxes(t: Truth, details: Details) -> tuple[str | None, Address, str, str]:
    """(problem, address, username, password) as the app takes them from the login form."""
    address = read_address(details.server)
    if details.form == "m3u":
        if address.link is None:
            return "wrong-login-method", address, "", ""
        username, password = address.link
        return None, address, username, password
    if address.link is not None:
        return "wrong-login-method", address, details.username, details.password
    return None, address, details.username, details.password


def line_problem(t: Truth) -> str | None:
    if t.line.state in ("expired", "trial-ended", "payment-failed"):
        return "subscription-expired"
    if t.line.state in ("banned", "disabled"):
        return "account-disabled-or-banned"
    return None


def credentials_problem(t: Truth, username: str, password: str) -> str | None:
    if (username, password) == (t.email.username, t.email.password):
        return None
    if (clean(username), clean(password)) == (t.email.username, t.email.password):
        return "clipboard-whitespace"
    return "credentials-typo"


def blocked_by(t: Truth, a: Attempt | None = None) -> str | None:
    """The first thing that stops this login, as a cause id; None if it logs in."""
    a = a or Attempt()
    server = server_of(t)
    net = t.network
    app = a.app or t.app
    on_device = not a.on_phone
    same_instance = on_device and not a.app and not a.fresh_app
    home_path = not a.mobile_data and net.kind == "home"
    on_network = not a.mobile_data  # the device's own network (home, hotel, office, hotspot)
    vpn_on = a.vpn == "on"
    # the VPN that was already running, if this attempt goes through it
    old_vpn = a.vpn == "as-is" and (
        (net.vpn == "device" and on_device) or (net.vpn == "router" and on_network and home_path)
    )

    if on_network and (
        net.internet in ("down", "captive") or (net.internet == "device-offline" and on_device)
    ):
        return "no-internet"
    details = a.details or t.typed
    problem, address, username, password = boxes(t, details)
    if problem:
        return problem
    if app == "kodi" and details.form != "m3u":
        return "wrong-login-method"
    raw = details.server
    if visibly_odd(raw) or address.bad_scheme:
        return "malformed-server-url"
    if invisible_or_edge(raw) and not (t.app_state.trims_spaces and not any(c in ZERO_WIDTH for c in raw)):
        return "clipboard-whitespace"
    scheme = address.scheme
    if scheme is None:
        if not t.app_state.adds_scheme:
            return "malformed-server-url"
        scheme = "http"
    if (
        details.form == "xtream"
        and address.path not in ("",)
        and not (address.path == "/" and t.app_state.accepts_trailing_slash)
    ):
        return "malformed-server-url"
    if address.host != server.host:
        return "host-not-found"
    if home_path and net.isp_dns_filter and not a.public_dns and not vpn_on:
        return "isp-dns-filtering"
    port = address.effective_port(scheme)
    if port not in server.ports:
        return "wrong-port"
    if home_path and net.isp_block and not vpn_on:
        return "isp-ip-port-blocking"
    if on_network and net.firewall and not (vpn_on and net.vpn_beats_firewall):
        return "local-firewall"
    if old_vpn and net.vpn_hurts:
        return "vpn-blocking"
    if scheme != server.ports[port] or (scheme == "http" and on_device and t.device_refuses_http):
        return "http-https-mismatch"
    if server.state == "down":
        return "server-down"
    if server.state == "overloaded":
        return "server-overloaded"
    if (t.app_state.quirk == "app" and app == t.app) or (
        t.app_state.quirk == "device" and app == t.app and on_device
    ):
        return "app-specific-quirk"
    credentials = credentials_problem(t, username, password)
    if credentials:
        return credentials
    line = line_problem(t)
    if line:
        return line
    if t.line.streams_elsewhere >= t.line.max_connections and not (
        a.others_closed and t.line.others_closable
    ):
        return "connection-limit"
    if t.line.mac != "unbound" and app in MAC_APPS and (t.line.mac == "differs" or not same_instance):
        return "mac-binding"
    if t.app_state.stale_cache and same_instance and not a.cache_cleared:
        return "stale-app-cache"
    if outside_hits(t, app, on_device, on_network):
        return OUTSIDE
    return None


def outside_hits(t: Truth, app: str, on_device: bool, on_network: bool) -> bool:
    """Whether the fault no cause describes stops this attempt (see ``Truth.outside``)."""
    scope = t.outside
    return (
        scope == "everywhere"
        or (scope == "app" and app == t.app)
        or (scope == "device" and on_device)
        or (scope == "network" and on_network)
    )


def other_app(t: Truth) -> str:
    """The app the agent suggests for the other-app test."""
    if t.device in SMART_TVS or t.device in ("mag", "enigma2"):
        return "smarters" if t.app == "ibo-player" else "ibo-player"
    return "ibo-player" if t.app == "tivimate" else "tivimate"


def from_email(t: Truth) -> tuple[str, str]:
    """Username and password typed by hand from the email: right, unless the caller misreads it
    (then the same letters as before, without what a clipboard added)."""
    if t.misreads_email:
        return clean(t.typed.username), clean(t.typed.password)
    return t.email.username, t.email.password


def entered(t: Truth, how: str) -> Details:
    """The details as entered again elsewhere: the same as now, or fresh from the email."""
    if how == "fresh":
        username, password = from_email(t)
        return dataclasses.replace(t.email, username=username, password=password)
    if t.typed.form == "m3u" and read_address(t.typed.server).link is None:
        # only a bare address in a playlist box: in a three-box form they add the email's login
        return Details(t.typed.server, t.email.username, t.email.password, "xtream")
    if t.typed.form == "m3u":
        link = read_address(t.typed.server)
        base = t.typed.server.split("/get.php")[0]
        user, pw = link.link or ("", "")
        return Details(base, user, pw, "xtream")
    return dataclasses.replace(t.typed, form="xtream")


# --- fixes the caller carries out, as attempts ------------------------------------------


def _with(t: Truth, **changes: str) -> Details:
    return dataclasses.replace(t.typed, **changes)


def _retyped(t: Truth) -> Attempt:
    username, password = from_email(t)
    return Attempt(details=_with(t, username=username, password=password))


def _re_enter_from_email(t: Truth) -> Attempt:
    """Pasted again on a phone or tablet (the same clipboard), typed by hand elsewhere."""
    if t.device in ("phone", "tablet") and t.entry in ("pasted", "mixed"):
        if credentials_problem(t, t.typed.username, t.typed.password) == "clipboard-whitespace":
            return Attempt()
        return Attempt(details=_with(t, username=t.email.username, password=t.email.password))
    return _retyped(t)


def _read_back(t: Truth) -> Attempt:
    """Reading aloud finds wrong letters, not spaces or invisible characters."""
    if credentials_problem(t, t.typed.username, t.typed.password) == "credentials-typo":
        return Attempt(details=_with(t, username=t.email.username, password=t.email.password))
    return Attempt()


def _delete_hidden_space(t: Truth) -> Attempt:
    """Only a visible gap at the end of a box is deleted."""
    return Attempt(
        details=_with(
            t,
            username=t.typed.username.rstrip(),
            password=t.typed.password.rstrip(),
            server=t.typed.server.rstrip(),
        )
    )


def _rewrite_server_address(t: Truth) -> Attempt:
    """scheme://name:port from the welcome email, typed by hand, in the three-box form."""
    email = read_address(t.email.server)
    port = f":{email.port}" if email.port else ""
    return Attempt(details=_with(t, server=f"{email.scheme or 'http'}://{email.host}{port}"))


def _use_port_from_email(t: Truth) -> Attempt:
    """The address as typed up to the name, then the email's port, nothing after it."""
    typed, email = read_address(t.typed.server), read_address(t.email.server)
    start = f"{typed.scheme}://" if typed.scheme else ""
    port = f":{email.port}" if email.port else ""
    return Attempt(details=_with(t, server=f"{start}{typed.host}{port}"))


def _correct_server_name(t: Truth) -> Attempt:
    typed, email = read_address(t.typed.server), read_address(t.email.server)
    return Attempt(details=_with(t, server=t.typed.server.replace(typed.host, email.host, 1)))


def _switch_scheme(t: Truth) -> Attempt:
    """The other scheme, on the port where the server speaks it; no such port: nothing changes."""
    typed, server = read_address(t.typed.server), server_of(t)
    other = "http" if typed.scheme == "https" else "https"
    ports = sorted(p for p, scheme in server.ports.items() if scheme == other)
    if not ports:
        return Attempt()
    port = "" if ports[0] == DEFAULT_PORTS[other] and typed.port is None else f":{ports[0]}"
    return Attempt(details=_with(t, server=f"{other}://{typed.host}{port}"))


def _use_xtream_login(t: Truth) -> Attempt:
    """Three boxes: the start of the link as server, the link's (or the email's) login."""
    address = read_address(t.typed.server)
    username, password = address.link or (t.typed.username, t.typed.password)
    if t.typed.form == "m3u" and address.link is None:
        username, password = t.email.username, t.email.password
    port = f":{address.port}" if address.port else ""
    server = f"{address.scheme or 'http'}://{address.host}{port}"
    return Attempt(details=Details(server, username, password, "xtream"))


def _playlist_link_for_kodi(t: Truth) -> Attempt:
    if t.app != "kodi":
        return Attempt()
    link = f"{t.email.server}/get.php?username={t.email.username}&password={t.email.password}&type=m3u_plus"
    return Attempt(details=Details(link, "", "", "m3u"))


def _other_app(t: Truth, app: str) -> Attempt:
    return Attempt(app=app, fresh_app=True, details=entered(t, t.elsewhere.other_app_entry))


# Fixes whose effect the world model can play out.  Fixes done by staff or the provider
# (a MAC reset, a renewal, an escalation) are not here: a scenario's helpful_fixes says.
FIX_ATTEMPTS: dict[str, Callable[[Truth], Attempt]] = {
    "re-enter-from-email": _re_enter_from_email,
    "read-back-character-by-character": _read_back,
    "delete-hidden-space": _delete_hidden_space,
    "type-instead-of-paste": _retyped,
    "rewrite-server-address": _rewrite_server_address,
    "use-port-from-email": _use_port_from_email,
    "correct-server-name": _correct_server_name,
    "switch-scheme": _switch_scheme,
    "use-xtream-login": _use_xtream_login,
    "playlist-link-for-kodi": _playlist_link_for_kodi,
    "switch-app": lambda t: _other_app(t, other_app(t)),
    "other-app-meanwhile": lambda t: _other_app(t, "tivimate"),
    "change-dns": lambda t: Attempt(public_dns=True),
    "use-vpn": lambda t: Attempt(vpn="on"),
    "use-other-network": lambda t: Attempt(mobile_data=True),
    "switch-vpn-off": lambda t: Attempt(vpn="off"),
    "change-vpn-server": lambda t: Attempt(vpn="on") if t.network.vpn != "off" else Attempt(),
    "force-stop-clear-cache": lambda t: Attempt(cache_cleared=True),
    "close-other-devices": lambda t: Attempt(others_closed=True),
}


def fix_would_help(t: Truth, fix: str) -> bool | None:
    """Whether carrying out this fix logs the caller in; None when the model cannot play it out.

    A fix is done with staff guiding, or later, so the caller's limits during the call
    (cannot find the DNS setting, no VPN app at hand) do not stop it; what the device cannot
    run at all (a VPN app or TiviMate on a smart TV) does."""
    if fix == "shorter-route":
        return blocked_by(t, Attempt(public_dns=True)) is None or fix_would_help(t, "use-vpn") is True
    attempt = FIX_ATTEMPTS.get(fix)
    if attempt is None:
        return None
    if fix in ("use-vpn", "change-vpn-server") and t.device in SMART_TVS | {"mag", "enigma2"}:
        return False
    if fix == "other-app-meanwhile" and t.device in SMART_TVS | {"mag", "enigma2"}:
        return False
    return blocked_by(t, attempt(t)) is None


def fix_helps(t: Truth, fix: str, first_fix: str) -> bool:
    """The oracle's "did that fix it?": the world model where it can play the fix out, else the
    scenario's helpful_fixes (by default the true cause's first fix, ``first_fix``)."""
    world = fix_would_help(t, fix)
    if world is not None:
        return world
    return fix in (t.helpful_fixes or (first_fix,))
