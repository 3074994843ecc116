"""A file whose id differs from its name: which of the two is the typo, by the references.

A cause, question or fact is known by its id, and its id must equal its file name.
When they differ, the references in the rules say which one is meant: if they use
the file's name, the id is the typo (fix the one id); if they use the id, the file
name is (rename the file).  The references to the file's name are then not reported
one by one with a "Did you mean" pointing at the typo; the one error on the id says
what to change.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from xtream_doctor.kb.model import Location
from xtream_doctor.kb.problems import Problem


@dataclass
class Misnamed:
    ident: str  # the id written in the file
    stem: str  # the file's name
    at: Location  # where the id is written
    to_id: list[Location] = field(default_factory=list)  # references that use the id
    to_stem: list[Location] = field(default_factory=list)  # references that use the file's name


class Misnamings:
    """Every misnamed file of one load, and the references to each of its two names."""

    def __init__(self) -> None:
        self.by_id: dict[str, Misnamed] = {}
        self.by_stem: dict[str, Misnamed] = {}

    def add(self, ident: str, stem: str, at: Location) -> None:
        misnamed = Misnamed(ident, stem, at)
        self.by_id[ident] = misnamed
        self.by_stem[stem] = misnamed

    def explains(self, name: str, known: Container[str], at: Location) -> bool:
        """Count a reference to a misnamed file; True when it names the file's name while
        the id is another (so its own "does not exist" would only repeat the id's error)."""
        if name in self.by_id and name in known:
            self.by_id[name].to_id.append(at)
        if name in self.by_stem and name not in known:
            self.by_stem[name].to_stem.append(at)
            return True
        return False

    def problems(self) -> list[Problem]:
        return [Problem(m.at, _message(m)) for m in self.by_id.values()]


def _message(m: Misnamed) -> str:
    head = f"id '{m.ident}' must equal the file name '{m.stem}'"
    if m.to_stem and len(m.to_stem) >= len(m.to_id):
        also = (
            f", and the {_n(len(m.to_id), 'reference')} to '{m.ident}' (first at {m.to_id[0]})"
            if m.to_id
            else ""
        )
        return (
            f"{head}: the rules name it '{m.stem}' ({_n(len(m.to_stem), 'reference')}, first at "
            f"{m.to_stem[0]}), so the id is the typo: change it to 'id: {m.stem}'{also}."
        )
    if m.to_id:
        return (
            f"{head}: the rules name it '{m.ident}' ({_n(len(m.to_id), 'reference')}, first at "
            f"{m.to_id[0]}), so the file name is the typo: rename the file to '{m.ident}.yaml'."
        )
    return f"{head}: rename the file to '{m.ident}.yaml', or change the id to 'id: {m.stem}'."


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
