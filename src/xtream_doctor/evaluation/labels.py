"""Where the truth came from: how many cases have a confirmed cause, and how staff
gave it (closed as solved, a cause chosen at the close, a fix or test that solved
the call) or why a case has none.  Accuracy is only as good as these labels, so
every report says it first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xtream_doctor.records.inputs import EvalCase, Label

WORDS: dict[Label, str] = {
    "closed-solved": "closed as solved",
    "closed-chosen": "escalated or called back with a cause chosen at the close",
    "solved-on-call": "solved on the call by a fix or test but not closed",
    "given": "confirmed in the case file",
    "closed-none": "closed as escalated or call-back without a cause",
    "open": "not closed",
}
LABELLED: tuple[Label, ...] = ("closed-solved", "closed-chosen", "solved-on-call", "given")


def label_counts(cases: Sequence[EvalCase]) -> dict[Label, int]:
    """Cases by where their confirmed cause came from, in the order of WORDS."""
    counts = Counter(_label(c) for c in cases)
    return {label: counts[label] for label in WORDS if counts[label]}


def _label(case: EvalCase) -> Label:
    if (case.cause is not None) == (case.label in LABELLED):
        return case.label
    return "given" if case.cause is not None else "open"  # a case built by hand, not read from a record


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def label_sentence(cases: Sequence[EvalCase]) -> str:
    """'12 of 13 cases have a confirmed cause (9 closed as solved, 3 ...); 1 has none (not closed):
    it counts in the questions and the rules, not in accuracy.'"""
    if not cases:
        return "No cases."
    counts = label_counts(cases)

    def parts(labelled: bool) -> str:
        return ", ".join(f"{n} {WORDS[k]}" for k, n in counts.items() if (k in LABELLED) == labelled)

    have = sum(n for k, n in counts.items() if k in LABELLED)
    none = len(cases) - have
    text = f"{have} of {_count(len(cases), 'case has', 'cases have')} a confirmed cause"
    text += f" ({parts(True)})" if have else ""
    if none:
        text += f"; {_count(none, 'has', 'have')} none ({parts(False)}): "
        text += "it counts" if none == 1 else "they count"
        text += " in the questions and the rules, not in accuracy"
    return text + "."
