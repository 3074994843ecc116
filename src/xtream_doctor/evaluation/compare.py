"""Two versions of the knowledge base on the same cases: what a rule change does.

The baseline is the version before the change (another rules/ folder);
the current rules are after it.  A case changed when the causes left with
all its facts differ, or when the replayed call ends elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xtream_doctor.evaluation.evaluate import CaseResult, Verdict
from xtream_doctor.evaluation.metrics import Summary

RANK: dict[Verdict, int] = {"right": 3, "ambiguous": 2, "wrong": 1, "contradicted": 0, "unlabelled": -1}


@dataclass(frozen=True)
class Change:
    case_id: str
    origin: str
    cause: str | None
    before: tuple[str, ...]  # causes left with all facts, most likely first
    after: tuple[str, ...]
    before_verdict: Verdict
    after_verdict: Verdict
    before_questions: int | None  # replay with the first policy
    after_questions: int | None
    before_end: tuple[str, ...] = ()  # where that replay ended
    after_end: tuple[str, ...] = ()

    @property
    def direction(self) -> str:
        """better, worse, or changed (no confirmed cause to judge by, or the same verdict)."""
        if self.cause is None:
            return "changed"
        delta = RANK[self.after_verdict] - RANK[self.before_verdict]
        return "better" if delta > 0 else "worse" if delta < 0 else "changed"


@dataclass(frozen=True)
class Comparison:
    before: Summary
    after: Summary
    changed: list[Change]

    def count(self, direction: str) -> int:
        return sum(c.direction == direction for c in self.changed)


def compare(
    before_summary: Summary,
    after_summary: Summary,
    before: Sequence[CaseResult],
    after: Sequence[CaseResult],
) -> Comparison:
    changed: list[Change] = []
    for old, new in zip(before, after, strict=True):
        old_run = old.replays[0] if old.replays else None
        new_run = new.replays[0] if new.replays else None
        old_end = old_run.alive if old_run else ()
        new_end = new_run.alive if new_run else ()
        if set(old.static.alive) == set(new.static.alive) and set(old_end) == set(new_end):
            continue
        changed.append(
            Change(
                new.case_id,
                new.origin,
                new.cause,
                old.static.alive,
                new.static.alive,
                old.static.verdict,
                new.static.verdict,
                old_run.questions if old_run else None,
                new_run.questions if new_run else None,
                old_end,
                new_end,
            )
        )
    order = {"worse": 0, "better": 1, "changed": 2}
    changed.sort(key=lambda c: (order[c.direction], c.origin))
    return Comparison(before_summary, after_summary, changed)
