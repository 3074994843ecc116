"""Problems found in the knowledge base, reported all at once with file:line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from xtream_doctor.kb.model import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    severity: Severity = "error"
    code: str = "invalid"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class KnowledgeBaseError(Exception):
    """Raised when the rules cannot be loaded; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""
