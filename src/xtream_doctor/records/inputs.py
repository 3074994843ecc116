"""Case files to evaluate: JSONL logs and CSV exports, as plain cases.

An evaluation needs little of a record: the facts that were supplied (not
derived — the rules derive those again), where each came from, and the
cause that really was behind the case.  A file that cannot be read at all,
or a fact on an attribute the knowledge base does not know, stops the run
with one line (CaseInputError); a bad line or row is a problem that is
reported, and the rest is evaluated.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.records.csv_import import CsvHeaderError, read_csv_cases
from xtream_doctor.records.log import CaseLog, LineProblem
from xtream_doctor.records.record import CaseRecord, RecordError
from xtream_doctor.records.store import CaseStore, StoreError, is_store


class CaseInputError(ValueError):
    """The cases cannot be evaluated at all; the message is one line."""


# Where a case's confirmed cause came from; the last two have none.
Label = Literal["closed-solved", "closed-chosen", "solved-on-call", "given", "closed-none", "open"]


@dataclass(frozen=True)
class EvalCase:
    """One case, reduced to what an evaluation uses (small, picklable)."""

    case_id: str
    origin: str  # file:line
    facts: tuple[tuple[str, str, str], ...]  # attribute, value, source
    cause: str | None  # the confirmed cause; None when not known
    label: Label = "given"  # where the confirmed cause came from (or why there is none)

    def values(self) -> dict[str, str]:
        return {a: v for a, v, _ in self.facts}


def truth(record: CaseRecord) -> tuple[str | None, Label]:
    """The confirmed cause of a case, and where it came from.  A closed case is staff's
    word, a cause or none; an open one takes the cause confirmed in the file, else the one
    the fix or test that made it work tells."""
    cause = record.confirmed_cause
    if record.closed is not None:
        if cause is None:
            return None, "closed-none"
        return cause, "closed-solved" if record.closed.outcome == "solved" else "closed-chosen"
    if cause is not None:
        return cause, "given"
    if record.diagnosis.solved_by:
        return record.diagnosis.solved_by.cause, "solved-on-call"
    return None, "open"


def case_from_record(record: CaseRecord, origin: str) -> EvalCase:
    cause, label = truth(record)
    facts = tuple((a, f.value, f.source) for a, f in sorted(record.given().items()))
    return EvalCase(record.case_id, origin, facts, cause, label)


def read_records(
    path: Path, kb: KnowledgeBase, mapping: Mapping[str, str] | None = None
) -> tuple[list[tuple[str, CaseRecord]], list[LineProblem]]:
    """(origin, record) pairs from one file: a case store (SQLite, by its first
    bytes), CSV by its suffix, JSONL otherwise."""
    if not path.is_file():
        raise CaseInputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    if path.suffix.lower() == ".csv":
        try:
            records, problems = read_csv_cases(path, kb, mapping)
        except CsvHeaderError as exc:
            raise CaseInputError(str(exc)) from exc
        except (UnicodeDecodeError, OSError) as exc:
            raise CaseInputError(f"{path}: cannot read it ({exc})") from exc
        return [(r.details.get("imported_from", str(path)), r) for r in records], problems
    if is_store(path):
        return _read_store(path), []
    problems = []
    latest: dict[str, tuple[str, CaseRecord]] = {}
    try:
        for number, record in CaseLog(path).lines(problems):
            latest[record.case_id] = (f"{path}:{number}", record)
    except OSError as exc:
        raise CaseInputError(f"{path}: cannot read it ({exc})") from exc
    return list(latest.values()), problems


def _read_store(path: Path) -> list[tuple[str, CaseRecord]]:
    """Every case of a case store (the app's SQLite file), read in place."""
    try:
        store = CaseStore(path, create=False)
    except StoreError as exc:
        raise CaseInputError(str(exc)) from exc
    try:
        return [(f"{path}:{record.case_id}", record) for record in store.records()]
    except (sqlite3.Error, RecordError) as exc:
        raise CaseInputError(f"{path}: cannot read the case store ({exc})") from exc
    finally:
        store.close()


def load_cases(
    paths: Sequence[str | Path],
    kb: KnowledgeBase,
    mapping: Mapping[str, str] | None = None,
    ignore_unknown: bool = False,
) -> tuple[list[EvalCase], list[LineProblem]]:
    """Every readable case of every file, and the problems found on the way.

    A fact on an attribute the knowledge base does not know raises
    CaseInputError, unless ``ignore_unknown`` leaves such facts out.
    """
    cases: list[EvalCase] = []
    problems: list[LineProblem] = []
    for path in map(Path, paths):
        pairs, found = read_records(path, kb, mapping)
        problems += found
        for origin, record in pairs:
            case = case_from_record(record, origin)
            checked = _check(kb, case, ignore_unknown, problems)
            if checked is not None:
                cases.append(checked)
    return cases, problems


def _check(
    kb: KnowledgeBase, case: EvalCase, ignore_unknown: bool, problems: list[LineProblem]
) -> EvalCase | None:
    path, _, line = case.origin.rpartition(":")
    number = int(line) if line.isdigit() else 0
    kept: list[tuple[str, str, str]] = []
    for attribute, value, source in case.facts:
        spec = kb.attributes.get(attribute)
        if spec is None:
            if ignore_unknown:
                continue
            close = difflib.get_close_matches(attribute, list(kb.attributes), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise CaseInputError(
                f"{case.origin}: unknown attribute '{attribute}'{hint}; evaluate with the rules it was "
                "logged with (--rules), or leave such facts out (--ignore-unknown)"
            )
        if value not in spec.domain():
            if ignore_unknown:
                continue
            problems.append(
                LineProblem(
                    path, number, f"case {case.case_id}: '{value}' is not a value of '{attribute}'; skipped"
                )
            )
            return None
        kept.append((attribute, value, source))
    if case.cause is not None and case.cause not in kb.causes:
        problems.append(
            LineProblem(
                path,
                number,
                f"case {case.case_id}: confirmed cause '{case.cause}' is not in the knowledge base "
                "(kept; it counts as wrong)",
            )
        )
    return EvalCase(case.case_id, case.origin, tuple(kept), case.cause, case.label)
