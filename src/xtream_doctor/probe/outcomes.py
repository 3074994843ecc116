"""What each network check saw, before any interpretation.

The client fills these in and never raises; the classifier and the verdict
read them and never touch the network, so the interpretation is pure and
tested without sockets.  Every ``detail`` is already redacted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FailureKind = Literal[
    "dns",  # the name does not resolve
    "refused",  # nothing listens on the port
    "unreachable",  # the network says the host cannot be reached
    "timeout",  # no connection or no answer in time
    "tls-wrong-version",  # https spoken to a plain-http port
    "tls-error",  # another TLS failure
    "disconnected",  # the server closed without answering
    "protocol",  # the answer is not valid HTTP
    "invalid-url",  # the address cannot be turned into a request
    "error",  # anything else, described in detail
]
BodyCut = Literal[
    "",  # the whole body arrived
    "size",  # more than the cap arrived (or a compressed body unpacks to more): reading stopped
    "time",  # the body was still coming at the deadline
    "closed",  # the server closed the connection before the end it announced
]


@dataclass(frozen=True)
class HttpAnswer:
    """An HTTP answer: status, headers and at most the capped body."""

    scheme: str
    host: str
    port: int
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]  # names lower-cased, in order
    body: bytes
    elapsed: float  # seconds until the body was read (or cut): the complete answer
    cut: BodyCut = ""  # why the body is incomplete, if it is
    first_byte: float | None = None  # seconds until the status line and headers; None: not measured

    @property
    def time_to_first_byte(self) -> float:
        return self.elapsed if self.first_byte is None else self.first_byte

    def header(self, name: str) -> str:
        """The first value of a header, or '' (names are case-insensitive)."""
        name = name.lower()
        return next((v for k, v in self.headers if k == name), "")


@dataclass(frozen=True)
class HttpFailure:
    """No HTTP answer: why, in a category and in words."""

    scheme: str
    kind: FailureKind
    detail: str
    elapsed: float


HttpOutcome = HttpAnswer | HttpFailure


@dataclass(frozen=True)
class CheckOutcome:
    """The result of a check below HTTP: DNS, TCP connect, TLS certificate."""

    name: Literal["dns", "tcp", "tls"]
    kind: str  # dns: resolves/fails/timeout; tcp: open/refused/unreachable/timeout/dns;
    #           tls: trusted/untrusted/no-tls/failed/timeout/dns
    detail: str
    elapsed: float
