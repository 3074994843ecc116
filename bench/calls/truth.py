"""A call's truth: the caller's real situation, in the corpus's own words, and its loader.

The vocabulary here is the corpus's own, taken from the guides' stories, not
from the rules: a device and an app, what the boxes hold and what the welcome
email says, the line as the provider's server sees it and as our panel shows
it, the network between the device and the server, the server itself, and
what this caller can and cannot do or tell.  ``load_truths`` reads the
scenario files strictly.  What an attempt to log in runs into, in that world,
is ``world.py``.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
SMART_QUOTES = frozenset("\u2018\u2019\u201c\u201d\u00ab\u00bb")
DEFAULT_PORTS = {"http": 80, "https": 443}

DEVICES = frozenset(
    {"firestick", "android-tv", "samsung-tv", "lg-tv", "phone", "tablet", "computer", "mag", "enigma2"}
)
APPS = frozenset({"smarters", "tivimate", "ibo-player", "gse", "kodi", "xciptv", "ott-navigator"})
# Apps that show a MAC or device key on their login screen and that providers bind lines to (001);
# TiviMate does not use MAC binding in the same way.
MAC_APPS = frozenset({"smarters", "ibo-player", "gse", "xciptv"})
# Smart TVs run neither a VPN app nor TiviMate.
SMART_TVS = frozenset({"samsung-tv", "lg-tv"})
OUTSIDE = "unknown-cause"  # the true cause of a call whose fault the knowledge base does not know

# Things a caller cannot do or cannot tell; the oracle answers "don't know" for what they touch.
LIMITS = frozenset(
    {
        "no-phone",  # no smartphone with mobile data at hand
        "no-vpn-app",  # no VPN app to switch on
        "cannot-switch-vpn-off",  # the VPN runs on a router they cannot reach
        "no-browser",  # no web browser on the same Wi-Fi (unused: the browser test is staff-run)
        "cannot-change-dns",  # cannot find or change the DNS setting
        "cannot-install-apps",  # cannot install another app now
        "cannot-clear-cache",  # cannot find the app's settings
        "unsure-about-vpn",  # does not know whether a VPN runs (e.g. on the router)
        "unsure-about-other-devices",  # does not know who else uses the line right now
        "unsure-about-history",  # did not set it up and does not know its past
        "unsure-about-notice",  # does not know whether the provider wrote to them
        "no-email",  # cannot find the welcome email or message
        "cannot-find-mac",  # cannot find the MAC or device id on the screen
        "cannot-read-address",  # cannot read the server box back
    }
)


class TruthError(ValueError):
    """A scenario file that does not describe a world."""


@dataclass(frozen=True)
class Details:
    """What is in the login boxes, or what the welcome email says."""

    server: str = "http://line.example-tv.net:8080"
    username: str = "dave4827"
    password: str = "Kp7vRz4q"
    form: str = "xtream"  # xtream: three boxes; m3u: one box for a playlist link


@dataclass(frozen=True)
class History:
    worked_before: str = "yes"  # yes | no | unknown
    changed: str = "none"  # none | reinstalled | reset | new-device | unknown (since it last worked)
    pattern: str = "always"  # always | busy-times | unknown (when the login fails)


@dataclass(frozen=True)
class Line:
    """The subscription as the provider's server enforces it, and as our panel shows it."""

    state: str = "active"  # active | expired | trial-ended | payment-failed | banned | disabled
    panel_shows: str = ""  # what our reseller panel says; default: the state itself
    api_says: str = ""  # the status player_api.php reports: active | expired | banned | disabled
    trial: bool = False
    max_connections: int = 1
    streams_elsewhere: int = 0  # other devices holding a connection of this line now
    others_closable: bool = True  # the caller can close them (their own household)
    notice: bool = False  # the caller was told of a suspension or ban
    mac: str = "unbound"  # unbound | matches | differs (the app's MAC against the line's)


@dataclass(frozen=True)
class Network:
    kind: str = "home"  # home | public | mobile (what the device is on)
    internet: str = "up"  # up | down (the whole network) | device-offline | captive (venue login page)
    isp_dns_filter: bool = False  # the internet provider's DNS hides the server's name
    isp_block: bool = False  # the internet provider drops traffic to the server's address or port
    firewall: bool = False  # the network's own firewall (router, hotel, office) blocks the server
    vpn: str = "off"  # off | device | router
    vpn_hurts: bool = False  # the VPN in use stops the login
    vpn_beats_firewall: bool = True  # a VPN switched on gets past that firewall


@dataclass(frozen=True)
class Server:
    host: str = ""  # the name that works today; default: the email's
    ports: Mapping[int, str] = field(default_factory=dict)  # port -> scheme it speaks; default: the email's
    state: str = "up"  # up | down | overloaded (overloaded: failing now, at a busy time)
    down_shows: str = "refused"  # what the desk sees of an outage: refused | timeout | server-error
    overload_shows: str = "no-answer"  # what the desk sees of the load: no-answer | slow
    panel: str = "xtream"  # xtream | xui (XUI.one answers every refusal with the same 404 page)
    closed_ports: str = "refused"  # what a port with nothing behind it does: refused | timeout
    redirects: bool = False  # the account call is redirected to another host
    refuses_desk: bool = False  # a bot filter in front of the panel refuses our probe's client
    board: str = "auto"  # our status board: auto (reports outages and overload) | reports | quiet | none


@dataclass(frozen=True)
class AppState:
    stale_cache: bool = False  # the app on this device holds an old cache or login token
    quirk: str = "none"  # none | app (this app cannot log in to this server) | device (only on this device)
    adds_scheme: bool = False  # the app puts http:// in front of an address without one
    accepts_trailing_slash: bool = False
    trims_spaces: bool = False  # the app trims spaces at the ends of the server box


@dataclass(frozen=True)
class Elsewhere:
    """How the caller enters the details when a test moves to another phone or app."""

    phone_entry: str = "same"  # same: copies what the TV has, errors and all | fresh: from the email
    other_app_entry: str = "same"


@dataclass(frozen=True)
class Desk:
    probe: bool = False  # the desk can probe the server with the caller's details
    lint: bool | None = None  # the desk types the details into the tool; default: when it probes
    # read-out: the caller reads them out (edge spaces and invisible characters lost), as on most
    # calls | exact-copy: the caller sent them as text (a message, a screenshot's text)
    details: str = "read-out"
    panel: bool = True  # the desk can look the line up in the reseller panel

    @property
    def lints(self) -> bool:
        return self.probe if self.lint is None else self.lint


@dataclass(frozen=True)
class Truth:
    id: str
    guides: tuple[str, ...]
    story: str
    true_cause: str
    device: str
    app: str
    screen: str | None  # the words on the screen; None: the caller cannot say
    helpful_fixes: tuple[str, ...] = ()  # default: the true cause's first fix
    email: Details = field(default_factory=Details)
    typed: Details = field(default_factory=Details)
    entry: str = "typed"  # typed | pasted | mixed | unknown (how the details went into the boxes)
    misreads_email: bool = False  # reads two characters of the email as one, however carefully
    history: History = field(default_factory=History)
    line: Line = field(default_factory=Line)
    network: Network = field(default_factory=Network)
    server: Server = field(default_factory=Server)
    app_state: AppState = field(default_factory=AppState)
    device_refuses_http: bool = False  # the device blocks unencrypted http:// (some smart TVs)
    elsewhere: Elsewhere = field(default_factory=Elsewhere)
    limits: frozenset[str] = frozenset()
    desk: Desk = field(default_factory=Desk)
    # A fault no cause of the knowledge base describes (true_cause: unknown-cause), and where it
    # acts: everywhere (every device, app and network of the caller) | app (this app, any
    # device: another app logs in) | device (this device: the phone logs in) | network (the
    # caller's network: mobile data logs in, a VPN does not help).  The desk is never in it.
    outside: str = ""
    basis: str = ""  # where a scenario no guide tells comes from (public reports), in our words
    source: str = ""  # file the scenario came from

    def can(self, limit: str) -> bool:
        """False when the caller has this limit (cannot do or tell it)."""
        return limit not in self.limits


# --- loading ------------------------------------------------------------------


def _build(cls: type[Any], data: Any, where: str) -> Any:
    """A frozen dataclass from a mapping, refusing keys it does not have."""
    if isinstance(data, cls):
        return data
    if not isinstance(data, Mapping):
        raise TruthError(f"{where}: expected a mapping for {cls.__name__}, got {data!r}")
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise TruthError(f"{where}: unknown key(s) {', '.join(unknown)} (expected {', '.join(names)})")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, value in data.items():
        hint = hints[name]
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            value = _build(hint, value, f"{where}.{name}")
        elif typing.get_origin(hint) is tuple:
            value = tuple(value or ())
        elif typing.get_origin(hint) is frozenset:
            value = frozenset(value or ())
        elif hint is bool and not isinstance(value, bool):
            raise TruthError(f"{where}.{name}: expected true or false, got {value!r}")
        elif typing.get_origin(hint) in (Mapping, dict):
            value = {int(k): str(v) for k, v in (value or {}).items()}
        values[name] = value
    return cls(**values)


_CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("Truth", "entry"): frozenset({"typed", "pasted", "mixed", "unknown"}),
    ("Details", "form"): frozenset({"xtream", "m3u"}),
    ("History", "worked_before"): frozenset({"yes", "no", "unknown"}),
    ("History", "changed"): frozenset({"none", "reinstalled", "reset", "new-device", "unknown"}),
    ("History", "pattern"): frozenset({"always", "busy-times", "unknown"}),
    ("Line", "state"): frozenset(
        {"active", "expired", "trial-ended", "payment-failed", "banned", "disabled"}
    ),
    ("Line", "panel_shows"): frozenset({"", "active", "expired", "trial-ended", "payment-failed", "banned"}),
    ("Line", "api_says"): frozenset({"", "active", "expired", "banned", "disabled"}),
    ("Line", "mac"): frozenset({"unbound", "matches", "differs"}),
    ("Network", "kind"): frozenset({"home", "public", "mobile"}),
    ("Network", "internet"): frozenset({"up", "down", "device-offline", "captive"}),
    ("Network", "vpn"): frozenset({"off", "device", "router"}),
    ("Server", "state"): frozenset({"up", "down", "overloaded"}),
    ("Server", "down_shows"): frozenset({"refused", "timeout", "server-error"}),
    ("Server", "overload_shows"): frozenset({"no-answer", "slow"}),
    ("Server", "panel"): frozenset({"xtream", "xui"}),
    ("Server", "closed_ports"): frozenset({"refused", "timeout"}),
    ("Server", "board"): frozenset({"auto", "reports", "quiet", "none"}),
    ("AppState", "quirk"): frozenset({"none", "app", "device"}),
    ("Elsewhere", "phone_entry"): frozenset({"same", "fresh"}),
    ("Elsewhere", "other_app_entry"): frozenset({"same", "fresh"}),
    ("Desk", "details"): frozenset({"read-out", "exact-copy"}),
    ("Truth", "outside"): frozenset({"", "everywhere", "app", "device", "network"}),
}


def _check_choices(obj: Any, where: str) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        allowed = _CHOICES.get((type(obj).__name__, f.name))
        if allowed is not None and value not in allowed:
            raise TruthError(f"{where}.{f.name}: '{value}' is not one of {', '.join(sorted(allowed))}")
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            _check_choices(value, f"{where}.{f.name}")


def truth_from(data: Mapping[str, Any], source: str = "") -> Truth:
    """One scenario; ``typed`` fills in from ``email``, so it only says what differs."""
    where = f"{source}:{data.get('id', '?')}"
    raw = dict(data)
    email = _build(Details, raw.pop("email", {}) or {}, f"{where}.email")
    typed = _build(Details, {**dataclasses.asdict(email), **(raw.pop("typed", {}) or {})}, f"{where}.typed")
    for required in ("id", "guides", "story", "true_cause", "device", "app"):
        if required not in raw:
            raise TruthError(f"{where}: '{required}' is required")
    if "screen" not in raw:
        raise TruthError(f"{where}: 'screen' is required (null when the caller cannot say)")
    truth: Truth = _build(Truth, {**raw, "email": email, "typed": typed, "source": source}, where)
    _check_choices(truth, where)
    if truth.device not in DEVICES:
        raise TruthError(f"{where}: unknown device '{truth.device}' (expected {', '.join(sorted(DEVICES))})")
    if truth.app not in APPS:
        raise TruthError(f"{where}: unknown app '{truth.app}' (expected {', '.join(sorted(APPS))})")
    if truth.limits - LIMITS:
        raise TruthError(f"{where}: unknown limit(s) {', '.join(sorted(truth.limits - LIMITS))}")
    if bool(truth.outside) != (truth.true_cause == OUTSIDE):
        raise TruthError(f"{where}: 'outside' is for the calls whose true_cause is {OUTSIDE}, and only them")
    if not truth.guides and not truth.basis:
        raise TruthError(f"{where}: name the guides the story comes from, or give its 'basis'")
    return truth


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise TruthError(f"line {key_node.start_mark.line + 1}: '{key}' is given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_truths(folder: Path = SCENARIOS) -> list[Truth]:
    """Every scenario, in file then document order; ids must be unique."""
    truths: list[Truth] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            items = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or []
        except TruthError as error:
            raise TruthError(f"{path.name}: {error}") from None
        if not isinstance(items, list):
            raise TruthError(f"{path.name}: expected a list of scenarios")
        truths += [truth_from(item, path.name) for item in items]
    seen: set[str] = set()
    for truth in truths:
        if truth.id in seen:
            raise TruthError(f"{truth.source}: duplicate scenario id '{truth.id}'")
        seen.add(truth.id)
    return truths


def causes_of(truths: Iterable[Truth]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for truth in truths:
        counts[truth.true_cause] = counts.get(truth.true_cause, 0) + 1
    return counts
