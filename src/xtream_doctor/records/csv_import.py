"""Cases logged elsewhere: a helpdesk export as CSV, one row per case.

The header names the columns.  A column is an attribute of the knowledge
base when its name, lower-cased with spaces and underscores turned into
hyphens, is an attribute id ("Error Message" -> error-message), or when
``mapping`` maps the header to one ("-" ignores a column).  A few column
names are the case's own: case_id, cause (or confirmed_cause), staff_id,
started, ended, notes.  A cell holds a value id, its label, one of the
alternatives a label lists ("Max connections / Too many connections"), or a
synonym the question file declares, matched without regard to case, spaces
and punctuation; an empty cell, "?", "don't know", "unknown" or "n/a" means
the case has no answer.  kb-docs/case-records.md has the table.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from xtream_doctor.engine.session import Event
from xtream_doctor.kb.load import answer_spellings, spelling
from xtream_doctor.kb.model import FactSource, KnowledgeBase
from xtream_doctor.probe.redact import redact
from xtream_doctor.records.log import LineProblem
from xtream_doctor.records.record import CaseRecord, Diagnosis, FactRecord

CASE_COLUMNS = {
    "case-id": "case_id",
    "id": "case_id",
    "cause": "cause",
    "confirmed-cause": "cause",
    "staff-id": "staff_id",
    "staff": "staff_id",
    "started": "started",
    "ended": "ended",
    "notes": "notes",
}
NO_ANSWER = {"", "?", "don't know", "dont know", "dont-know", "unknown", "n/a", "na", "-"}
IGNORE = "-"


class CsvHeaderError(ValueError):
    """The header names a column that is neither an attribute nor a case field."""


def normalize(name: str) -> str:
    return "-".join(name.strip().lower().replace("_", " ").split())


def source_of(kb: KnowledgeBase, attribute: str) -> FactSource:
    """Where an imported fact would have come from in a session."""
    return kb.attributes[attribute].source  # a question's attribute is set by "answer"


def _columns(header: list[str], kb: KnowledgeBase, mapping: Mapping[str, str], path: str) -> list[str]:
    """What each column holds: an attribute id, a case field, or IGNORE."""
    # both sides of --map 'HEADER=ATTR' are names as people type them: 'Ticket ID=case_id'
    mapped = {normalize(k): v if v == IGNORE else normalize(v) for k, v in mapping.items()}
    out: list[str] = []
    unknown: list[str] = []
    for name in header:
        key = normalize(name)
        target = mapped.get(key, key)
        if target == IGNORE:
            out.append(IGNORE)
        elif target in kb.attributes:
            out.append(target)
        elif target in CASE_COLUMNS:
            out.append(CASE_COLUMNS[target])
        else:
            close = difflib.get_close_matches(target, [*kb.attributes, *CASE_COLUMNS], n=1, cutoff=0.6)
            unknown.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
            out.append(IGNORE)
    if unknown:
        raise CsvHeaderError(
            f"{path}:1: unknown attribute column {', '.join(unknown)} "
            "(name an attribute of the knowledge base, or map it: --map 'HEADER=attribute', --map 'HEADER=-')"
        )
    if "cause" not in out:
        raise CsvHeaderError(f"{path}:1: no 'cause' column (the confirmed cause of each case)")
    return out


def _value(kb: KnowledgeBase, attribute: str, cell: str) -> str | None:
    """The value id a cell names, or None if it names none (or names two)."""
    wanted = spelling(cell)
    values = kb.attributes[attribute].values
    exact = [a.value for a in values if a.value == cell.strip()]
    if exact:
        return exact[0]
    found = {a.value for a in values if wanted in answer_spellings(a)}
    return found.pop() if len(found) == 1 else None


def _time(cell: str) -> float | None:
    cell = cell.strip()
    if not cell:
        return None
    moment = datetime.fromisoformat(cell.replace("Z", "+00:00"))
    return round((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp(), 3)


def read_csv_cases(
    path: str | Path, kb: KnowledgeBase, mapping: Mapping[str, str] | None = None
) -> tuple[list[CaseRecord], list[LineProblem]]:
    """Every readable row as a record; a bad row is reported with its line and skipped.

    Raises CsvHeaderError when a column cannot be placed (nothing is read then).
    """
    shown = str(path)
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise CsvHeaderError(f"{shown}:1: empty file, expected a header row")
    columns = _columns(header, kb, mapping or {}, shown)
    records: list[CaseRecord] = []
    problems: list[LineProblem] = []
    start_line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(LineProblem(shown, start_line, f"not CSV ({exc}); skipped"))
            start_line = reader.line_num + 1
            continue
        line, start_line = start_line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            problems.append(
                LineProblem(shown, line, f"{len(row)} cells where the header has {len(columns)}; skipped")
            )
            continue
        try:
            records.append(_record(kb, columns, row, f"{Path(path).name}:{line}"))
        except ValueError as exc:
            problems.append(LineProblem(shown, line, f"{exc}; skipped"))
    return records, problems


def _record(kb: KnowledgeBase, columns: list[str], row: list[str], origin: str) -> CaseRecord:
    fields: dict[str, str] = {}
    facts: dict[str, FactRecord] = {}
    for column, cell in zip(columns, row, strict=True):
        if column == IGNORE:
            continue
        if column not in kb.attributes:
            fields[column] = cell.strip()
            continue
        if cell.strip().lower() in NO_ANSWER:
            continue
        value = _value(kb, column, cell)
        if value is None:
            expected = ", ".join(sorted(kb.attributes[column].domain()))
            raise ValueError(f"'{cell.strip()}' is not a value of '{column}' (expected {expected})")
        facts[column] = FactRecord(value, source_of(kb, column))
    try:
        started, ended = _time(fields.get("started", "")), _time(fields.get("ended", ""))
    except ValueError as exc:
        raise ValueError(f"a time is not ISO 8601 ({exc})") from exc
    at = started or 0.0
    events = tuple(
        Event("answer", a, f.value, "answer", at=at)
        if f.source == "answer"
        else Event("observe", a, f.value, f.source, at=at)
        for a, f in facts.items()
    )
    return CaseRecord(
        case_id=fields.get("case_id") or origin,
        kb_version="",
        started=started,
        ended=ended or started,
        staff_id=fields.get("staff_id") or None,
        facts=facts,
        diagnosis=Diagnosis("imported"),
        confirmed_cause=fields.get("cause") or None,
        notes=redact(fields.get("notes", "")),
        details={"imported_from": origin},
        events=events,
    )
