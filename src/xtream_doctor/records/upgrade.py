"""Older case-record layouts, brought up to the current one.

Each format version has one step that rewrites a record of that version
into the next; reading runs the steps in turn, so a log written years ago
still loads.  Version 0 is the prototype's flat export (no ``format`` or
``version`` key; answers as a dict in the order asked, no times per
question); version 1 had no ``closed`` (how staff closed the case);
kb-docs/case-records.md describes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

FORMAT = "xtream-doctor-case"
VERSION = 2


class RecordError(ValueError):
    """A record that cannot be read; the message says which field and why."""


def version_of(data: Mapping[str, Any]) -> int:
    if "version" not in data and "format" not in data:
        if "id" in data and ("answers" in data or "probe" in data):
            return 0
        raise RecordError("not a case record (no 'format' and 'version' fields)")
    if data.get("format") != FORMAT:
        raise RecordError(f"not a case record (format '{data.get('format')}', expected '{FORMAT}')")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise RecordError(f"format version must be a whole number, not {version!r}")
    if version > VERSION:
        raise RecordError(
            f"format version {version} is newer than this xtream-doctor reads (up to {VERSION}); update it"
        )
    return version


def upgrade(data: Mapping[str, Any]) -> dict[str, Any]:
    """The record in the current layout (a copy; the input is not changed)."""
    version = version_of(data)
    out = dict(data)
    while version < VERSION:
        out = STEPS[version](out)
        version += 1
    return out


def _v0_to_v1(old: dict[str, Any]) -> dict[str, Any]:
    """The prototype's flat record: id, opened, closed, agent, kb, probe, lint,
    answers (in the order asked; "?" for don't know), result, status,
    confirmed, fixes, notes."""
    opened = _iso(old.get("opened"))
    closed = _iso(old.get("closed")) or opened
    facts: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    for source in ("probe", "lint"):
        for attribute, value in _dict(old, source).items():
            facts[attribute] = {"value": str(value), "source": source}
            events.append(
                {
                    "kind": "observe",
                    "attribute": attribute,
                    "value": str(value),
                    "source": source,
                    "at": opened,
                }
            )
    questions = []
    for attribute, value in _dict(old, "answers").items():
        answer = str(value)
        questions.append({"id": attribute, "answer": answer, "at": opened, "seconds": None})
        if answer == "?":
            events.append({"kind": "dont-know", "attribute": attribute, "at": opened})
        else:
            facts[attribute] = {"value": answer, "source": "answer"}
            events.append({"kind": "answer", "attribute": attribute, "value": answer, "at": opened})
    fixes = []
    for fix in old.get("fixes") or []:
        if not isinstance(fix, dict):
            raise RecordError("'fixes' must hold objects")
        entry = {
            "cause": fix.get("cause"),
            "fix": fix.get("fix"),
            "helped": bool(fix.get("helped")),
            "at": closed,
        }
        fixes.append(entry)
        events.append({"kind": "fix", **entry})
    result = old.get("result") or []
    if isinstance(result, str):
        result = [result]
    share = round(1 / len(result), 4) if result else 0.0
    return {
        "format": FORMAT,
        "version": 1,
        "case_id": str(old["id"]),
        "started": opened,
        "ended": closed,
        "staff_id": old.get("agent"),
        "kb_version": str(old.get("kb") or ""),
        "details": {},
        "facts": facts,
        "questions": questions,
        "fired": [],
        "diagnosis": {
            "status": old.get("status") or ("found" if len(result) == 1 else "undecidable"),
            "candidates": [{"cause": str(c), "probability": share} for c in result],
            "conflict": [],
            "solved_by": None,
        },
        "fixes": fixes,
        "confirmed_cause": old.get("confirmed"),
        "notes": str(old.get("notes") or ""),
        "events": events,
    }


def _dict(old: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = old.get(key) or {}
    if not isinstance(value, dict):
        raise RecordError(f"'{key}' must be an object")
    return value


def _iso(value: object) -> str | None:
    """v0 wrote 'YYYY-MM-DD HH:MM:SS' times without a zone; they were UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise RecordError(f"time '{value}' is not 'YYYY-MM-DD HH:MM:SS'") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def _v1_to_v2(old: dict[str, Any]) -> dict[str, Any]:
    """Version 1 could not be closed: no ``closed``.  Its ``confirmed_cause``, ``notes``
    and ``staff_id`` mean what they meant, so a case confirmed by hand stays confirmed."""
    return {**old, "version": 2, "closed": old.get("closed")}


STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}
