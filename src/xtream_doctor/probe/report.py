"""The probe's result: every finding, how long each check took, and a record.

Everything in a report is already redacted, so it can be printed, logged or
written to a case file as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xtream_doctor.probe.findings import Finding


@dataclass(frozen=True)
class ProbeReport:
    """Lint and probe findings for one target, with timings in seconds."""

    target: str  # the server field (redacted) and username, for the record
    address: str  # scheme://host:port the account call went to; no credentials
    findings: tuple[Finding, ...]
    timings: Mapping[str, float] = field(default_factory=dict)  # check -> seconds
    elapsed: float = 0.0
    budget: float = 0.0
    started_at: float = 0.0  # unix seconds
    notes: tuple[str, ...] = ()

    def facts(self) -> dict[str, str]:
        """attribute -> value, in the order found (lint first)."""
        return {f.attribute: f.value for f in self.findings}

    def get(self, attribute: str) -> Finding | None:
        return next((f for f in self.findings if f.attribute == attribute), None)

    def by_source(self, source: str) -> list[Finding]:
        return [f for f in self.findings if f.source == source]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record; holds no password."""
        return {
            "target": self.target,
            "address": self.address,
            "started_at": round(self.started_at, 3),
            "elapsed": round(self.elapsed, 3),
            "budget": self.budget,
            "facts": self.facts(),
            "findings": [f.to_dict() for f in self.findings],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "notes": list(self.notes),
        }
