"""The network checks: DNS, TCP connect, TLS certificate, and the account call.

Each coroutine returns an outcome and never raises, whatever the server does:
huge or endless bodies are capped by size and by a deadline (a compressed body
by what it unpacks to), a body cut short keeps what arrived, redirects are not
followed, protocol garbage becomes a ``protocol`` failure.  Requests are GET
only (HEAD answers 200 on every XC path, XTREAM-API.md section 1.7) with a
player's User-Agent (section 3.4), and credentials go through httpx's
``params`` so they are URL-encoded.  Proxy variables are ignored: the probe
tests the server from this desk, as the TCP check does.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import socket
import ssl
import time
import warnings
import zlib
from dataclasses import dataclass

import httpx

from xtream_doctor.probe.outcomes import (
    BodyCut,
    CheckOutcome,
    FailureKind,
    HttpAnswer,
    HttpFailure,
    HttpOutcome,
)
from xtream_doctor.probe.redact import redact

log = logging.getLogger("xtream_doctor.probe")

PLAYER_USER_AGENT = "VLC/3.0.20 LibVLC/3.0.20"
BODY_CAP = 256 * 1024


@dataclass(frozen=True)
class Settings:
    """How far the probe may go: time, size, and how it introduces itself."""

    budget: float = 8.0  # seconds for the whole probe
    check_timeout: float | None = None  # seconds per check; None = the budget
    slow_after: float = 3.0  # an account answer this slow is "slow"
    body_cap: int = BODY_CAP
    user_agent: str = PLAYER_USER_AGENT

    def per_check(self) -> float:
        """Each check stops itself a little before the budget, so its result
        (even a cut one) arrives before the overall deadline cancels it."""
        inside = self.budget - self.margin()
        return min(self.check_timeout or inside, inside)

    def margin(self) -> float:
        return min(0.25, self.budget * 0.1)

    def guard(self) -> float:
        """The hard stop around one request: a little after its own deadline,
        so a cut answer is returned rather than lost."""
        return self.per_check() + self.margin() / 2


@functools.cache
def verifying_ssl_context() -> ssl.SSLContext:
    """What a careful player uses; built once, since loading the CA store blocks."""
    return ssl.create_default_context()


@functools.cache
def probe_ssl_context() -> ssl.SSLContext:
    """Verification off (self-signed panels are common) and old TLS allowed:
    the probe wants the account answer; the certificate is checked apart.
    No CA store is loaded, so building it does not stall the event loop."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with contextlib.suppress(ValueError, ssl.SSLError), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # old panels offer TLS 1.0/1.1 only
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


async def check_dns(host: str, port: int, timeout: float) -> CheckOutcome:
    """dns: does the name resolve, and to what."""
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout)
    except TimeoutError:
        return CheckOutcome("dns", "timeout", f"no DNS answer within {timeout:.1f} s", _since(started))
    except (OSError, UnicodeError) as exc:
        return CheckOutcome("dns", "fails", redact(str(exc)), _since(started))
    addresses = sorted({str(info[4][0]) for info in infos})
    return CheckOutcome("dns", "resolves", ", ".join(addresses[:4]), _since(started))


async def check_tcp(host: str, port: int, timeout: float) -> CheckOutcome:
    """tcp: does the port accept a connection (refused at once, or silence)."""
    started = time.perf_counter()
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except TimeoutError:
        return CheckOutcome("tcp", "timeout", f"no connection within {timeout:.1f} s", _since(started))
    except ConnectionRefusedError as exc:
        return CheckOutcome("tcp", "refused", redact(str(exc)), _since(started))
    except socket.gaierror as exc:
        return CheckOutcome("tcp", "dns", redact(str(exc)), _since(started))
    except (OSError, UnicodeError) as exc:
        return CheckOutcome("tcp", "unreachable", redact(str(exc)), _since(started))
    elapsed = _since(started)
    await _close(writer)
    return CheckOutcome("tcp", "open", f"connected in {elapsed:.2f} s", elapsed)


async def check_tls(host: str, port: int, timeout: float) -> CheckOutcome:
    """tls: would a player that checks certificates accept this port's certificate."""
    started = time.perf_counter()
    try:
        context = await asyncio.wait_for(asyncio.to_thread(verifying_ssl_context), timeout)
    except TimeoutError:
        return CheckOutcome("tls", "timeout", "the CA store did not load in time", _since(started))
    try:
        left = max(timeout - _since(started), 0.0)  # loading the CA store took some of it
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=context, server_hostname=host or None), left
        )
    except TimeoutError:
        return CheckOutcome("tls", "timeout", f"no TLS handshake within {timeout:.1f} s", _since(started))
    except ssl.SSLCertVerificationError as exc:
        return CheckOutcome("tls", "untrusted", redact(exc.verify_message or str(exc)), _since(started))
    except ssl.SSLError as exc:
        kind = "no-tls" if "WRONG_VERSION_NUMBER" in str(exc) else "failed"
        return CheckOutcome("tls", kind, redact(str(exc)), _since(started))
    except socket.gaierror as exc:
        return CheckOutcome("tls", "dns", redact(str(exc)), _since(started))
    except (OSError, UnicodeError) as exc:
        return CheckOutcome("tls", "failed", redact(str(exc)), _since(started))
    await _close(writer)
    return CheckOutcome("tls", "trusted", "certificate verified", _since(started))


async def fetch_account(
    scheme: str, host: str, port: int, username: str, password: str, settings: Settings
) -> HttpOutcome:
    """GET /player_api.php once; the answer as seen, or why there is none.

    With an empty username and password the request carries no query at all:
    that is how the other scheme is tested, so the password only travels over
    the scheme that was typed."""
    shown_host = f"[{host}]" if ":" in host else host
    return await fetch(scheme, f"{scheme}://{shown_host}:{port}/player_api.php", host, port,
                       {"username": username, "password": password} if username or password else None,
                       settings)  # fmt: skip


async def fetch(
    scheme: str, url: str, host: str, port: int, params: dict[str, str] | None, settings: Settings
) -> HttpOutcome:
    """GET one URL, never following a redirect; the answer as seen, or why there is none."""
    started = time.perf_counter()
    timeout = settings.per_check()
    client = httpx.AsyncClient(
        verify=probe_ssl_context(),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": settings.user_agent, "Accept": "*/*", "Accept-Encoding": "gzip"},
    )
    try:
        async with client:
            return await asyncio.wait_for(
                _read(client, url, scheme, host, port, params, settings, started), settings.guard()
            )
    except TimeoutError:
        return HttpFailure(scheme, "timeout", f"no answer within {timeout:.1f} s", _since(started))
    except Exception as exc:  # every failure becomes an outcome, never an exception
        kind, detail = _failure(exc)
        log.debug("request over %s failed: %s (%s)", scheme, kind, detail)
        return HttpFailure(scheme, kind, detail, _since(started))


async def _read(
    client: httpx.AsyncClient,
    url: str,
    scheme: str,
    host: str,
    port: int,
    params: dict[str, str] | None,
    settings: Settings,
    started: float,
) -> HttpAnswer:
    async with client.stream("GET", url, params=params) as response:
        first_byte = _since(started)  # the status line and headers are in
        body = bytearray()
        cut: BodyCut = ""
        deadline = started + settings.per_check()
        chunks = response.aiter_raw()
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                cut = "time"
                break
            try:
                chunk = await asyncio.wait_for(anext(chunks), remaining)
            except StopAsyncIteration:
                break
            except TimeoutError:
                cut = "time"
                break
            except (httpx.RemoteProtocolError, httpx.ReadError):
                # closed short of its Content-Length (or mid-chunk): judge what did arrive
                cut = "closed"
                break
            body += chunk
            if len(body) > settings.body_cap:
                del body[settings.body_cap :]
                cut = "size"
                break
        headers = tuple((k.lower(), redact(v)) for k, v in response.headers.multi_items())
        decoded, unpacked_too_big = _decoded(
            bytes(body), response.headers.get("content-encoding", ""), settings.body_cap
        )
        return HttpAnswer(
            scheme=scheme,
            host=host,
            port=port,
            status=response.status_code,
            reason=response.reason_phrase,
            headers=headers,
            body=decoded,
            elapsed=_since(started),
            cut="size" if unpacked_too_big else cut,
            first_byte=first_byte,
        )


def _decoded(body: bytes, encoding: str, cap: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate on the capped raw body, never past ``cap`` bytes; and
    whether it would have unpacked to more (a gzip bomb is cut, not swallowed)."""
    if encoding.strip().lower() not in ("gzip", "deflate"):
        return body, False
    try:
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)
        out = decoder.decompress(body, cap)
    except zlib.error:
        return body, False
    return out, bool(decoder.unconsumed_tail) or len(out) >= cap


def _failure(exc: BaseException) -> tuple[FailureKind, str]:
    """Name what went wrong, from the exception and the ones beneath it."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    texts = [str(e) or type(e).__name__ for e in chain]
    text = redact(" / ".join(dict.fromkeys(texts)))
    if any(isinstance(e, ssl.SSLError) and "WRONG_VERSION_NUMBER" in str(e) for e in chain):
        return "tls-wrong-version", text
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return "tls-error", text
    if any(isinstance(e, socket.gaierror) for e in chain) or "Name or service not known" in text:
        return "dns", text
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "Connection refused" in text:
        return "refused", text
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", text
    if isinstance(exc, httpx.RemoteProtocolError) and "without sending" in str(exc):
        return "disconnected", text
    if isinstance(exc, httpx.RemoteProtocolError | httpx.DecodingError):
        return "protocol", text
    if isinstance(exc, httpx.ReadError | httpx.WriteError | ConnectionResetError):
        return "disconnected", text
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol | UnicodeError | ValueError):
        return "invalid-url", text
    if isinstance(exc, httpx.ConnectError | OSError):
        return "unreachable", text
    return "error", f"{type(exc).__name__}: {text}"


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.wait_closed(), 0.5)


def _since(started: float) -> float:
    return time.perf_counter() - started
