"""Strengths fitted from the causes that cases confirmed, offered as a diff.

For a graded rule (``raise`` / ``lower``) and a cause it speaks of, the
labelled cases tell how much more often the rule fires when that cause is
the confirmed one than when another is: a likelihood ratio, smoothed (one
pseudo-case each way) so a rule seen a few times moves little.  The word
closest to it on the fixed scale (in log terms) is suggested.  Only rules
that fired in at least ``minimum`` cases are fitted; a fitted ratio that
points the other way (a rule that raises a cause which the cases show it
should lower) is reported but never rewritten: that needs an editor's
judgement.  Nothing is written: the result is a unified diff to read.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xtream_doctor.evaluation.evaluate import CaseResult
from xtream_doctor.evaluation.priors import diff_root
from xtream_doctor.kb.model import STRENGTHS, KnowledgeBase, Rule


@dataclass(frozen=True)
class StrengthFit:
    rule: str
    cause: str
    direction: str  # "raise" or "lower"
    old: str
    ratio: float  # fitted likelihood ratio
    fired_with: int  # labelled cases where it fired and the cause was the confirmed one
    fired_without: int  # ... and another cause was

    @property
    def suggested(self) -> str | None:
        """The nearest word in the rule's own direction, or None if the cases point the other way."""
        towards = self.ratio if self.direction == "raise" else 1.0 / self.ratio
        if towards < 1.0:
            return None
        return min(STRENGTHS, key=lambda w: abs(math.log(STRENGTHS[w]) - math.log(towards)))

    @property
    def changed(self) -> bool:
        return self.suggested is not None and self.suggested != self.old


def fit_strengths(kb: KnowledgeBase, results: Sequence[CaseResult], minimum: int = 5) -> list[StrengthFit]:
    labelled = [r for r in results if r.cause is not None]
    fits: list[StrengthFit] = []
    for rule in kb.rules:
        fired = [r for r in labelled if rule.id in r.static.fired]
        if len(fired) < minimum:
            continue
        for direction, graded in (("raise", rule.raises), ("lower", rule.lowers)):
            for cause, word in graded:
                with_c = sum(r.cause == cause for r in labelled)
                without_c = len(labelled) - with_c
                hit_with = sum(r.cause == cause for r in fired)
                hit_without = len(fired) - hit_with
                ratio = ((hit_with + 1) / (with_c + 2)) / ((hit_without + 1) / (without_c + 2))
                fits.append(StrengthFit(rule.id, cause, direction, word, ratio, hit_with, hit_without))
    return fits


def strength_diff(kb: KnowledgeBase, fits: Iterable[StrengthFit]) -> str:
    """A unified diff that sets each changed strength in the file of its rule ('' if none)."""
    rules = {r.id: r for r in kb.rules}
    by_file: dict[Path, list[tuple[Rule, StrengthFit]]] = {}
    for fit in fits:
        rule = rules.get(fit.rule)
        if rule is None or not fit.changed or not rule.location.path:
            continue
        path = _file_of(kb, rule)
        if path is not None:
            by_file.setdefault(path, []).append((rule, fit))
    parts: list[str] = []
    for path, changes in sorted(by_file.items()):
        old = path.read_text(encoding="utf-8").splitlines(keepends=True)
        new = list(old)
        for rule, fit in changes:
            _rewrite(new, rule, fit)
        shown = path.resolve().relative_to(diff_root(kb)).as_posix()
        parts += difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}", n=1)
    return "".join(parts)


def _file_of(kb: KnowledgeBase, rule: Rule) -> Path | None:
    path = Path(rule.location.path)
    if not path.is_absolute():
        candidate = Path.cwd() / path
        path = candidate if candidate.is_file() else Path(kb.root).parent / path
    return path if path.is_file() else None


def _rewrite(lines: list[str], rule: Rule, fit: StrengthFit) -> None:
    """Replace ``cause: old`` by ``cause: new`` inside the rule's block, in place."""
    start = rule.location.line - 1
    pattern = re.compile(rf"(\b{re.escape(fit.cause)}:\s*['\"]?){re.escape(fit.old)}\b")
    for i in range(start, len(lines)):
        if i > start and re.match(r"^\s*- id:", lines[i]):
            return
        if pattern.search(lines[i]):
            lines[i] = pattern.sub(lambda m: m.group(1) + (fit.suggested or fit.old), lines[i], count=1)
            return
