"""What the classifier needs besides the answer: the typed port, the time, the
thresholds and the redirect's own answer.  Its own module, below the
classifier and the account reader (``xtream_json``) that both read it."""

from __future__ import annotations

from dataclasses import dataclass

from xtream_doctor.probe.outcomes import HttpOutcome


@dataclass(frozen=True)
class Context:
    """What the classifier needs besides the answer."""

    typed_port: int
    now: float  # unix seconds
    slow_after: float = 3.0
    username: str = ""  # as typed, to notice a different stored spelling
    redirect_target: HttpOutcome | None = None  # what the redirect's target said, checked once
