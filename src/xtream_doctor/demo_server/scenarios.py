"""The demo panel's scenarios: the username picks how the server answers.

One server serves every scenario at once: log in as ``expired`` and the line
is expired, as ``wrong-xui`` and the answer is XUI.one's padded 404.  Each
scenario names the real server it imitates, by section of
shared/XTREAM-API.md.  Any other username gets the XC answer to a wrong login.
One table of scenarios, long because there are many: a new one is a row.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xtream_doctor.demo_server import pages

DAY = 86400


@dataclass(frozen=True)
class Request:
    """What a scenario may look at."""

    username: str
    password: str
    host: str  # from the Host header
    port: int  # the port the request came in on
    https: bool
    http_port: int
    https_port: int
    now: float
    refused_port: int = 0  # a port on this host that refuses every connection


@dataclass(frozen=True)
class Reply:
    """How to answer; the server turns it into bytes on the wire."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds before answering (the server may scale it)
    endless: bool = False  # keep sending chunks until the client leaves
    repeat: int = 1  # send the body this many times (a huge body, never held whole)
    raw: bytes | None = None  # send these bytes instead of an HTTP answer
    short_by: int = 0  # announce this many bytes more than are sent, then close


@dataclass(frozen=True)
class Scenario:
    username: str
    summary: str  # what the caller would be living through
    imitates: str  # which real server, and where XTREAM-API.md says so
    reply: Callable[[Request], Reply] = field(repr=False)


def php_json(data: Any) -> bytes:
    """json_encode as PHP does it: compact, with '/' escaped (section 2)."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/").encode()


def account(
    req: Request,
    *,
    status: str = "Active",
    expires_in: float | None = 30 * DAY,
    trial: bool = False,
    active_cons: int = 0,
    max_connections: int = 1,
    ints: bool = False,
    auth: Any = 1,
    ports: tuple[int, int] | None = None,
    xui: bool = False,
) -> Reply:
    """The account object: user_info then server_info, XC types unless ``ints`` (2.1, 2.2)."""

    def num(value: int) -> int | str:
        return value if ints else str(value)

    exp = None if expires_in is None else int(req.now + expires_in)
    http_port, https_port = ports or (req.http_port, req.https_port)
    user = {
        "username": req.username,
        "password": req.password,
        "message": "Welcome to the demo panel" if xui else "",
        "auth": auth,
        "status": status,
        "exp_date": None if exp is None else num(exp),
        "is_trial": num(int(trial)),
        "active_cons": num(active_cons),
        "created_at": num(int(req.now - 60 * DAY)),
        "max_connections": num(max_connections),
        "allowed_output_formats": ["m3u8", "ts", "rtmp"],
    }
    server: dict[str, Any] = {
        "url": req.host,
        "port": num(http_port),
        "https_port": num(https_port),
        "server_protocol": "https" if req.https else "http",
        "rtmp_port": num(25462),
        "timezone": "Europe/London",
        "timestamp_now": int(req.now),
        "time_now": "2026-01-01 12:00:00",
    }
    if xui:
        server = {"xui": True, "version": "1.5.13", "revision": None, **server}
    else:
        server["process"] = True
    return Reply(200, php_json({"user_info": user, "server_info": server}))


def _xc_wrong(_: Request) -> Reply:
    return Reply(200, php_json({"user_info": {"auth": 0}}))


def _html(status: int, body: bytes, *headers: tuple[str, str]) -> Reply:
    return Reply(status, body, "text/html", headers)


def _redirect_away(req: Request) -> Reply:
    target = (
        f"http://moved.example.invalid:8080/player_api.php?username={req.username}&password={req.password}"
    )
    return Reply(302, b"", "text/html", (("Location", target),))


def _redirect_to(host: str, port: int) -> Callable[[Request], Reply]:
    def reply(req: Request) -> Reply:
        query = f"username={req.username}&password={req.password}"
        return Reply(302, b"", "text/html", (("Location", f"http://{host}:{port}/player_api.php?{query}"),))

    return reply


def _redirect_refused(req: Request) -> Reply:
    return _redirect_to(req.host, req.refused_port)(req)


def _redirect_working(req: Request) -> Reply:
    # another name for this very host: the target is a different address that answers
    return _redirect_to("localhost" if req.host != "localhost" else "127.0.0.1", req.http_port)(req)


@functools.cache
def gzip_bomb() -> bytes:
    """8 MiB of blanks, gzip-compressed to 8 KB (made once, in some 50 ms)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * (1 << 20)
    return b"".join(packer.compress(block) for _ in range(8)) + packer.flush()


PHP_WARNING = (
    b'<br />\n<b>Warning</b>:  Undefined array key "allowed_ips" in '
    b"<b>/home/xtreamcodes/iptv_xtream_codes/wwwdir/player_api.php</b> on line <b>97</b><br />\n"
)


def _redirect_self(req: Request) -> Reply:
    scheme = "https" if req.https else "http"
    target = (
        f"{scheme}://{req.host}:{req.port}/player_api.php?username={req.username}&password={req.password}"
    )
    return Reply(302, b"", "text/html", (("Location", target),))


_CF = (("Server", "cloudflare"), ("CF-RAY", "8f3a9c1d2e4b5a6c-LHR"))

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "active", "A working line", "XC 2.x: 200 JSON, every number a string (2.1, 3.1)", lambda r: account(r)
    ),
    Scenario(
        "ints",
        "A working line on a panel that sends numbers as ints",
        "tuliprox / XUI under PHP 8.1: ints for exp_date, counters and ports (2.1, 2.2)",
        lambda r: account(r, ints=True, max_connections=2),
    ),
    Scenario(
        "auth-string",
        "A working line on a clone panel",
        'clecio81/painel: auth as the string "1" (2.1)',
        lambda r: account(r, auth="1"),
    ),
    Scenario(
        "xui-active",
        "A working line on XUI.one",
        "XUI.one 1.5.13 capture: xui, version, int counters (2.1, 2.2)",
        lambda r: account(r, xui=True, ints=True),
    ),
    Scenario(
        "unlimited",
        "A line that never expires",
        "XC: exp_date null (tellytv eternal capture, 2.1)",
        lambda r: account(r, expires_in=None),
    ),
    Scenario(
        "expired",
        "An expired subscription",
        "XC: 200, auth 1, status Expired (3.1)",
        lambda r: account(r, status="Expired", expires_in=-3 * DAY),
    ),
    Scenario(
        "trial",
        "A trial line, still running",
        'XC: is_trial "1", short exp_date, one connection (2.1)',
        lambda r: account(r, trial=True, expires_in=DAY / 2),
    ),
    Scenario(
        "trial-expired",
        "A trial that ran out",
        'XC: is_trial "1", status Expired (2.1, 3.1)',
        lambda r: account(r, trial=True, status="Expired", expires_in=-DAY),
    ),
    Scenario(
        "banned",
        "A line the provider banned",
        "XC: status Banned (admin_enabled=0) (3.1)",
        lambda r: account(r, status="Banned"),
    ),
    Scenario(
        "disabled",
        "A line the reseller disabled",
        "XC: status Disabled (enabled=0) (3.1)",
        lambda r: account(r, status="Disabled"),
    ),
    Scenario(
        "inactive-clone",
        "An expired line on a clone panel",
        'clecio81/painel: auth "0", status Inactive (3.1)',
        lambda r: account(r, auth="0", status="Inactive", expires_in=-DAY),
    ),
    Scenario(
        "max-connections",
        "Every connection of the line in use",
        "XC/XUI: active_cons >= max_connections (3.1)",
        lambda r: account(r, active_cons=2, max_connections=2),
    ),
    Scenario(
        "moved-port",
        "The panel reports other ports than the typed one",
        "XC: server_info port/https_port from the streaming_servers row (2.2)",
        lambda r: account(r, ports=(8080, 8443)),
    ),
    Scenario(
        "wrong-xc",
        "Wrong username or password on an XC panel",
        'XC: 200 {"user_info":{"auth":0}} (3.1)',
        _xc_wrong,
    ),
    Scenario(
        "wrong-xui",
        "Wrong password, or an inactive line, on XUI.one",
        "XUI.one/XC_VM generate404: 404 nginx page plus six padding comments (3.1)",
        lambda r: _html(404, pages.xui_404()),
    ),
    Scenario(
        "wrong-clone",
        "Wrong password on a home-made panel",
        'clecio81/painel: 401 {"user_info":{"auth":0}} (3.1)',
        lambda r: Reply(401, php_json({"user_info": {"auth": 0}})),
    ),
    Scenario(
        "xui-debug",
        "An expired line on XUI.one in debug mode",
        "XUI.one debug page naming EXPIRED (3.1)",
        lambda r: _html(200, pages.xui_debug("EXPIRED")),
    ),
    Scenario(
        "html-page",
        "A captive portal or parked domain where the panel should be",
        "any HTML page on player_api.php (section 5)",
        lambda r: _html(200, pages.captive_portal()),
    ),
    Scenario(
        "plain-404",
        "Not an Xtream panel at this address",
        "nginx 404 without padding (section 5)",
        lambda r: _html(404, pages.nginx_page(404, "Not Found")),
    ),
    Scenario(
        "cloudflare-522",
        "The provider's server is down behind Cloudflare",
        "Cloudflare 52x origin-error page, server: cloudflare, cf-ray (3.5)",
        lambda r: _html(522, pages.cloudflare_52x(522, r.host), *_CF),
    ),
    Scenario(
        "rate-limited",
        "Too many calls per second",
        "nginx limit_req: 503 nginx page (3.1)",
        lambda r: _html(503, pages.nginx_page(503, "Service Temporarily Unavailable")),
    ),
    Scenario(
        "forbidden",
        "This IP is blocked after too many attempts",
        "XUI flood block: 403, empty body (3.1)",
        lambda r: Reply(403, b"", "text/html"),
    ),
    Scenario(
        "cf-challenge",
        "Cloudflare challenges the app",
        "403 with cf-mitigated: challenge (3.5)",
        lambda r: _html(403, pages.cloudflare_challenge(), *_CF, ("cf-mitigated", "challenge")),
    ),
    Scenario(
        "ua-filter",
        "The provider filters apps by User-Agent",
        "HTTP 461 for some User-Agents (3.4)",
        lambda r: Reply(461, b"", "text/plain"),
    ),
    Scenario(
        "empty-body",
        "An empty page",
        "XC: empty credentials or an Enigma2-locked line: 200, empty body (3.1)",
        lambda r: Reply(200, b"", "text/html"),
    ),
    Scenario(
        "redirect",
        "The account call is sent to another host",
        "a front proxy or domain move: 302 (3.5)",
        _redirect_away,
    ),
    Scenario(
        "redirect-loop",
        "The server redirects to itself",
        "a misconfigured front proxy: 302 to the same URL (3.5)",
        _redirect_self,
    ),
    Scenario(
        "slow",
        "A working line behind a very slow server",
        "XUI auth-flood throttling: each request sleeps (3.1)",
        lambda r: Reply(200, account(r).body, delay=3.5),
    ),
    Scenario(
        "huge",
        "An answer far larger than an account",
        "panel_api.php-sized body on the account call (1.3)",
        lambda r: Reply(200, b'{"available_channels":{"1":"' + b"x" * 65536, repeat=128),
    ),
    Scenario(
        "huge-blank",
        "Hundreds of MB of nothing",
        "a broken front proxy: 300 MB of blank lines on the account call (section 5)",
        lambda r: Reply(200, b"\n" * 65536, "text/html", repeat=4800),
    ),
    Scenario(
        "gzip-bomb",
        "A small compressed answer that unpacks to 8 MB of blanks",
        "a hostile server: gzip of blanks (section 5)",
        lambda r: Reply(200, gzip_bomb(), headers=(("Content-Encoding", "gzip"),)),
    ),
    Scenario(
        "php-warning",
        "A working line on a panel that prints a PHP warning first",
        "XC on a newer PHP with display_errors on: a warning, then the JSON (section 2)",
        lambda r: Reply(200, PHP_WARNING + account(r).body, "text/html"),
    ),
    Scenario(
        "short-close",
        "A complete account, then the connection drops",
        "XC 2.x behind a proxy that miscounts: whole JSON, Content-Length 200 bytes too long (3.1)",
        lambda r: Reply(200, account(r).body, short_by=200),
    ),
    Scenario(
        "redirect-refused",
        "The account call is sent to an address that refuses connections",
        "a domain move to a server not set up yet: 302 to a closed port (3.5)",
        _redirect_refused,
    ),
    Scenario(
        "redirect-working",
        "The account call is sent to another address that answers",
        "a front proxy sending players to the panel's other name: 302 (3.5)",
        _redirect_working,
    ),
    Scenario(
        "endless",
        "An answer that never ends",
        "a hostile or broken server: chunked body with no end",
        lambda r: Reply(200, b'{"user_info":' + b" " * 500, endless=True),
    ),
    Scenario(
        "invalid-json",
        "Broken JSON",
        "a panel that crashed mid-answer (JSON cut short)",
        lambda r: Reply(200, b'{"user_info":{"auth":1,"status":"Act'),
    ),
    Scenario(
        "garbage",
        "Not HTTP at all",
        "a hostile server: garbage status line and headers",
        lambda r: Reply(
            200, raw=b"HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\x00\x01\xff\r\n\r\n{}"
        ),
    ),
)

BY_USERNAME = {s.username: s for s in SCENARIOS}


def reply_for(req: Request, password: str | None) -> Reply:
    """The scenario's reply; a wrong password gets XC's wrong-login answer."""
    scenario = BY_USERNAME.get(req.username)
    if scenario is None or (password is not None and req.password != password):
        return _xc_wrong(req)
    return scenario.reply(req)
