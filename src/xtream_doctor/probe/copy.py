"""Where the desk's copy of the details came from, and what its lint may say about the caller.

Staff type what the caller reads out; a voice carries no trailing blank, no invisible
character, no curly quote and no lookalike's exact shape.  So the lint of a read-out copy
speaks of the desk's typing, not of the caller's device: its character-level findings
become notes for staff, and only what was heard counts, as the caller's word (a scheme,
a port or a path said aloud is there; one not said may be there all the same: people skip
"http://" and a final slash).  An exact copy (the caller's own text, a screenshot's text)
is linted as it is.  Details taken from our own panel or records say nothing of what the
caller typed: their lint is a note about our records.

The account test of the desk's copy is evidence about the line and the server whatever the
copy; what it says of the caller's characters is the knowledge base's to weigh, through
the ``details-source`` fact observed at the start of every case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

from xtream_doctor.probe.address import edge_blanks
from xtream_doctor.probe.findings import Finding, Target

DetailsCopy = Literal["read-out", "exact-copy", "our-records"]
COPIES: tuple[DetailsCopy, ...] = get_args(DetailsCopy)
COPY_LABELS: dict[DetailsCopy, str] = {
    "read-out": "read out by the caller, typed by us",
    "exact-copy": "an exact copy of the caller's text (message, screenshot)",
    "our-records": "from our own panel or records",
}
DETAILS_SOURCE = "details-source"  # the fact that tells the knowledge base which copy it is

# Findings about single characters: no voice carries them.
CHARACTER_LEVEL = frozenset(
    {
        "credentials-whitespace",
        "credentials-non-ascii",
        "credentials-lookalike",
        "server-whitespace",
        "server-odd-characters",
        "server-field-has-m3u-link",
    }
)
# Absences a read-out cannot show: the caller may have skipped them while reading.
NOT_HEARD = frozenset(
    {
        ("server-scheme", "missing"),
        ("server-port", "missing"),
        ("server-path", "none"),
        ("credentials-url-unsafe", "no"),
        ("credentials-look-swapped", "no"),
    }
)
# The value of each lint finding that says "nothing wrong here" (all others: "no").
CLEAN = {
    "server-scheme": "present",
    "server-port": "present",
    "server-path": "none",
    "port-fits-scheme": "yes",
}


@dataclass(frozen=True)
class CopyEvidence:
    """The lint's findings sorted by what they speak of."""

    facts: tuple[Finding, ...]  # about the caller's setup: to observe
    notes: tuple[Finding, ...]  # about the desk's own copy: for staff to see, not evidence


def desk_target(target: Target, copy: DetailsCopy) -> Target:
    """The copy the probe should test: a read-out copy loses the blanks at its ends, which
    can only be the desk's own typing."""
    if copy != "read-out":
        return target
    return replace(
        target, server=_trim(target.server), username=_trim(target.username), password=_trim(target.password)
    )


def _trim(text: str) -> str:
    before, after = edge_blanks(text)
    return text[len(before) : len(text) - len(after)]


def copy_evidence(findings: Sequence[Finding], copy: DetailsCopy) -> CopyEvidence:
    """What the lint's findings are evidence of, for a copy of this kind (probe findings pass)."""
    facts: list[Finding] = []
    notes: list[Finding] = []
    for finding in findings:
        if finding.source != "lint" or copy == "exact-copy":
            facts.append(finding)
        elif copy == "our-records" or finding.attribute in CHARACTER_LEVEL:
            if finding.value != CLEAN.get(finding.attribute, "no"):
                notes.append(finding)
        elif (finding.attribute, finding.value) not in NOT_HEARD:
            facts.append(replace(finding, source="answer", message=f"As read out: {finding.message}"))
    return CopyEvidence(tuple(facts), tuple(notes))


def copy_fact(copy: DetailsCopy) -> Finding:
    """The ``details-source`` fact for this copy, as the desk states it."""
    return Finding(DETAILS_SOURCE, copy, "desk", f"The desk's copy of the details: {COPY_LABELS[copy]}.")
