"""Priors fitted from the causes that cases confirmed, offered as a diff.

Each cause's prior becomes its share of the confirmed cases, smoothed
towards the current priors: the current priors count as ``strength``
pseudo-cases (by default one per cause), so a cause seen in few cases
moves little and a cause never seen keeps a small weight.  The fitted
shares are scaled to the current priors' total, so the numbers stay the
size editors know.  Nothing is written: the result is a unified diff of
the cause files to read and apply.
Deprecated causes keep their priors.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xtream_doctor.kb.model import KnowledgeBase

_PRIOR_LINE = re.compile(r"^(?P<head>prior:[ \t]*)(?P<value>[^\s#]+)(?P<tail>.*)$")


@dataclass(frozen=True)
class PriorFit:
    cause: str
    old: float
    new: float
    cases: int

    @property
    def changed(self) -> bool:
        return number(self.old) != number(self.new)


def number(value: float) -> str:
    """A prior as an editor would write it: 12, 3.5, 0.4."""
    text = f"{value:.1f}" if value >= 0.95 else f"{value:.2g}"
    return text[:-2] if text.endswith(".0") else text


def fit_priors(
    kb: KnowledgeBase, confirmed: Iterable[str | None], strength: float | None = None
) -> list[PriorFit]:
    active = [c for c in kb.causes.values() if c.status != "deprecated"]
    counts = Counter(c for c in confirmed if c is not None)
    total = sum(c.prior for c in active)
    pseudo = float(len(active)) if strength is None else strength
    seen = sum(counts[c.id] for c in active)
    if not active or total <= 0 or seen + pseudo <= 0:
        return []
    fits = []
    for cause in sorted(active, key=lambda c: c.id):
        share = (counts[cause.id] + pseudo * cause.prior / total) / (seen + pseudo)
        fits.append(PriorFit(cause.id, cause.prior, max(share * total, 0.001), counts[cause.id]))
    return fits


def cause_file(kb: KnowledgeBase, cause: str) -> Path | None:
    for suffix in (".yaml", ".yml"):
        path = Path(kb.root) / "causes" / f"{cause}{suffix}"
        if path.is_file():
            return path
    return None


def diff_root(kb: KnowledgeBase) -> Path:
    """The folder the diff applies in: the one that holds the rules folder."""
    return Path(kb.root).resolve().parent


def apply_hint(kb: KnowledgeBase, name: str = "priors") -> str:
    root = diff_root(kb)
    try:
        shown = os.path.relpath(root)
    except ValueError:  # another drive
        shown = str(root)
    where = "" if shown == "." else f" -d {shown}"
    return f"patch -p1{where} < {name}.diff"


def prior_diff(kb: KnowledgeBase, fits: Iterable[PriorFit]) -> str:
    """A unified diff that sets each changed prior in its cause file ('' if none changes).

    Paths are relative to the folder that holds the rules folder (rules/causes/x.yaml),
    so ``patch -p1`` (or ``git apply``) applies it there: see :func:`apply_hint`.
    """
    parts: list[str] = []
    for fit in fits:
        path = cause_file(kb, fit.cause)
        if not fit.changed or path is None:
            continue
        old = path.read_text(encoding="utf-8").splitlines(keepends=True)
        new = [_set_prior(line, fit.new) for line in old]
        shown = path.resolve().relative_to(diff_root(kb)).as_posix()
        parts += difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}", n=1)
    return "".join(parts)


def _set_prior(line: str, value: float) -> str:
    match = _PRIOR_LINE.match(line.rstrip("\n"))
    if not match:
        return line
    ending = line[len(line.rstrip("\r\n")) :]
    return f"{match['head']}{number(value)}{match['tail']}{ending}"
