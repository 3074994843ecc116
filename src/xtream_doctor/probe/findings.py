"""What lint and the probe hand to the engine: facts with a sentence for staff.

A finding is one ``attribute = value`` from the knowledge base's vocabulary,
plus the words staff can read out and, when the correction is certain, the
correction itself.  The target is what the caller typed; it carries the
password, so it never shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from xtream_doctor.probe.redact import redact

FindingSource = Literal["lint", "probe", "desk", "answer"]  # answer: a detail the caller read out


@dataclass(frozen=True)
class Finding:
    """One fact with its evidence, ready for ``session.observe``."""

    attribute: str
    value: str
    source: FindingSource
    message: str  # a sentence staff can read out
    proposal: str | None = None  # a certain correction, e.g. the fixed address
    detail: str = ""  # what was seen, for the record

    def to_dict(self) -> dict[str, str | None]:
        return {
            "attribute": self.attribute,
            "value": self.value,
            "source": self.source,
            "message": self.message,
            "proposal": self.proposal,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Target:
    """The details as the caller typed them: server field, username, password.

    ``repr`` and ``str`` hide the password, and the server field too is
    redacted, because callers paste whole playlist links into it.
    """

    server: str
    username: str
    password: str = field(repr=False)

    def secrets(self) -> tuple[str, ...]:
        """The strings no output may contain."""
        return (self.password,) if self.password else ()

    def __repr__(self) -> str:
        server = redact(self.server, self.secrets())
        return f"Target(server={server!r}, username={self.username!r}, password='***')"

    __str__ = __repr__
