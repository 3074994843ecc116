"""How the app reaches the probe: lint at once, the probe in the background.

Headless glue: findings become ``session.observe`` calls; the ones the
knowledge base has no attribute or value for are handed back so they can
still be shown and put on the ticket.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable, Sequence

from xtream_doctor.engine.session import Session
from xtream_doctor.probe import Finding, ProbeReport, Target, lint, probe

ProbeFunction = Callable[[Target], Awaitable[ProbeReport]]
LintFunction = Callable[[Target], Sequence[Finding]]

__all__ = ["Finding", "LintFunction", "ProbeFunction", "Target", "bundled_probe", "lint", "observe_findings"]


def bundled_probe(budget: float = 8.0) -> ProbeFunction:
    """The real httpx probe, within ``budget`` seconds."""
    return functools.partial(probe, budget=budget)


def observe_findings(session: Session, findings: Iterable[Finding]) -> list[Finding]:
    """Put each finding into the session once (since the last fix that helped partly, which
    made the login tests stale); return those the KB cannot take."""
    seen: set[tuple[str, str, str]] = set()
    for e in session.events:
        if e.kind == "observe":
            seen.add((e.attribute, e.value, e.source))
        elif e.kind == "fix" and e.partly:
            seen.clear()
    leftovers: list[Finding] = []
    for finding in findings:
        if (finding.attribute, finding.value, finding.source) in seen:
            continue  # the probe repeats lint's findings in its report
        spec = session.kb.attributes.get(finding.attribute)
        if spec is None or finding.value not in spec.domain():
            leftovers.append(finding)
            continue
        session.observe(finding.attribute, finding.value, finding.source, finding.message)
        seen.add((finding.attribute, finding.value, finding.source))
    return leftovers
