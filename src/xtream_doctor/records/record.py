"""One case as a record: what was known, asked, concluded and tried.

A record is a snapshot of a session, written as one JSON line (see
kb-docs/case-records.md for the format).  It keeps the session's history
of events so a case can be resumed, and a readable digest beside it (facts
with their sources, questions in order with the seconds each took, the
rules that fired, the diagnosis, the fixes tried).  It never holds a
password: password-like details are dropped, their values and every URL
form of a password are masked in all free text.

The record, its JSON both ways and the session round trip stay in one file on
purpose: a field added to one of them and not the others is the bug to avoid.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast, get_args

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.session import DONT_KNOW, Event, EventKind, Session, Solution
from xtream_doctor.kb.model import FactSource, KnowledgeBase
from xtream_doctor.probe.redact import redact
from xtream_doctor.records.closure import Closure, Step
from xtream_doctor.records.fields import Reader, epoch, format_time, ms, parse_time
from xtream_doctor.records.upgrade import FORMAT, VERSION, RecordError, upgrade

__all__ = [
    "FORMAT",
    "VERSION",
    "CaseRecord",
    "Closure",
    "Diagnosis",
    "FactRecord",
    "FiringRecord",
    "FixRecord",
    "QuestionRecord",
    "RecordError",
    "Step",
    "format_time",
    "parse_time",
    "record_from_session",
    "session_from_record",
]

SOURCES: tuple[str, ...] = get_args(FactSource)
KINDS: tuple[str, ...] = get_args(EventKind)
# Details whose key looks like one of these are secrets: dropped, and their value masked everywhere.
_SECRET_KEY = re.compile(r"(?i)pass|pwd|secret|token")


@dataclass(frozen=True)
class FactRecord:
    value: str
    source: FactSource
    note: str = ""
    rules: tuple[str, ...] = ()  # for a derived fact, the rules that derived it


@dataclass(frozen=True)
class QuestionRecord:
    """A question as it was asked: the answer ("?" for don't know) and its seconds."""

    id: str
    answer: str
    at: float
    seconds: float | None  # None when unknown (an imported or upgraded case)


@dataclass(frozen=True)
class FiringRecord:
    rule: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FixRecord:
    cause: str
    fix: str
    helped: bool
    at: float
    partly: bool = False  # it helped, and the case went on (a second fault)


@dataclass(frozen=True)
class Diagnosis:
    status: str  # asking, found, undecidable, conflict, solved (as the session said)
    candidates: tuple[tuple[str, float], ...] = ()  # cause, probability; most likely first
    conflict: tuple[str, ...] = ()  # attributes whose answers contradict the rules
    solved_by: Solution | None = None  # the fix or the try-and-see test that made it work

    @property
    def leading(self) -> str | None:
        return self.candidates[0][0] if self.candidates else None


@dataclass(frozen=True)
class CaseRecord:
    case_id: str
    kb_version: str
    started: float | None  # seconds since the epoch, UTC; None when unknown
    ended: float | None
    staff_id: str | None = None
    facts: Mapping[str, FactRecord] = field(default_factory=dict)
    questions: tuple[QuestionRecord, ...] = ()
    fired: tuple[FiringRecord, ...] = ()
    diagnosis: Diagnosis = Diagnosis("asking")
    fixes: tuple[FixRecord, ...] = ()
    confirmed_cause: str | None = None
    notes: str = ""
    details: Mapping[str, str] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    version: int = VERSION
    closed: Closure | None = None  # how staff closed the case; None while it is open

    def given(self) -> dict[str, FactRecord]:
        """The facts that were supplied (answers, probe, lint), not derived by rules."""
        return {a: f for a, f in self.facts.items() if f.source != "derived"}

    def to_dict(self) -> dict[str, Any]:
        return _encode(self)

    def to_json(self) -> str:
        """One line of JSON (no newline inside), free text redacted."""
        return json.dumps(_encode(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseRecord:
        """Read a record of this or an older format version; RecordError if malformed."""
        return _decode(upgrade(data))

    @classmethod
    def from_json(cls, line: str) -> CaseRecord:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(f"not JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(data, dict):
            raise RecordError("not a JSON object")
        return cls.from_dict(data)


# --- from and back to a session ------------------------------------------------


def record_from_session(
    session: Session,
    *,
    case_id: str,
    staff_id: str | None = None,
    started: float | datetime | None = None,
    notes: str = "",
    confirmed_cause: str | None = None,
    details: Mapping[str, object] | None = None,
    ended: float | datetime | None = None,
    closed: Closure | None = None,
) -> CaseRecord:
    """Snapshot a session.  ``details``: device, app, app_version, mac, error,
    server (its URL is redacted), username (optional); a password given here
    is dropped and its value masked wherever it appears (the notes, the close's
    free text and the staff id too)."""
    state = session.state()
    secrets, kept = _split_details(details or {})
    scrub: Callable[[str], str] = lambda text: redact(text, secrets)  # noqa: E731
    events = tuple(Event(**{**e.__dict__, "note": scrub(e.note), "at": ms(e.at)}) for e in session.events)
    first = events[0].at if events else None
    start = ms(epoch(started)) if started is not None else first
    end = ms(epoch(ended)) if ended is not None else (events[-1].at if events else start)
    return CaseRecord(
        case_id=case_id,
        kb_version=session.kb.version,
        started=start,
        ended=end,
        staff_id=scrub(staff_id) if staff_id is not None else None,
        facts={
            a: FactRecord(f.value, f.source, scrub(f.note), f.rules) for a, f in sorted(state.facts.items())
        },
        questions=_questions(session.kb, events, start),
        fired=tuple(sorted({FiringRecord(f.rule, f.facts) for f in state.outcome.firings}, key=_firing_key)),
        diagnosis=Diagnosis(
            state.status,
            tuple((c.cause, round(c.probability, 4)) for c in state.candidates),
            tuple(f.attribute for f in state.conflict),
            state.solved_by,
        ),
        fixes=tuple(FixRecord(e.cause, e.fix, e.helped, e.at, e.partly) for e in events if e.kind == "fix"),
        confirmed_cause=confirmed_cause,
        notes=scrub(notes),
        details={k: scrub(v) for k, v in kept.items()},
        events=events,
        closed=closed.scrubbed(scrub) if closed is not None else None,
    )


def _solution_dict(solved: Solution | None) -> dict[str, Any] | None:
    """{"cause", "fix"} for a fix (as ever), {"cause", "test", "also"} for a test that worked."""
    if solved is None:
        return None
    also = {"also": list(solved.also)} if solved.also else {}
    return {"cause": solved.cause, solved.by: solved.step} | also


def _solution(raw: dict[str, Any] | None) -> Solution | None:
    if not raw:
        return None
    if "test" in raw:
        also = tuple(str(c) for c in raw.get("also", ()))
        return Solution(str(raw["cause"]), str(raw["test"]), "test", also)
    return Solution(str(raw["cause"]), str(raw["fix"]))


def session_from_record(kb: KnowledgeBase, record: CaseRecord, inference: Inference | None = None) -> Session:
    """Resume a case: replay its events (with their times) into a new session.

    Raises ValueError naming the event if the knowledge base no longer knows
    an attribute, a value, a cause or a fix the record used.
    """
    times = iter([e.at for e in record.events])

    def clock() -> float:
        return next(times, None) or time.time()

    session = Session(kb, inference, clock=clock)
    for number, event in enumerate(record.events, 1):
        try:
            session.apply(event)
        except ValueError as exc:
            raise ValueError(f"case {record.case_id}, event {number} ({event.kind}): {exc}") from exc
    return session


def _questions(
    kb: KnowledgeBase, events: tuple[Event, ...], start: float | None
) -> tuple[QuestionRecord, ...]:
    out: list[QuestionRecord] = []
    previous = start
    for event in events:
        if event.kind in ("answer", "dont-know") and event.attribute in kb.questions:
            seconds = None if previous is None else round(max(0.0, event.at - previous), 1)
            out.append(QuestionRecord(event.attribute, event.value, event.at, seconds))
        previous = event.at
    return tuple(out)


def _split_details(details: Mapping[str, object]) -> tuple[list[str], dict[str, str]]:
    secrets = [str(v) for k, v in details.items() if _SECRET_KEY.search(k) and v]
    kept = {k: str(v) for k, v in details.items() if not _SECRET_KEY.search(k) and v is not None}
    return secrets, kept


def _firing_key(firing: FiringRecord) -> tuple[str, tuple[tuple[str, str], ...]]:
    return (firing.rule, firing.facts)


# --- JSON ----------------------------------------------------------------------


def _encode(record: CaseRecord) -> dict[str, Any]:
    free: Callable[[str], str] = redact  # pattern-only masking, whoever built the record
    return {
        "format": FORMAT,
        "version": VERSION,
        "case_id": record.case_id,
        "started": format_time(record.started),
        "ended": format_time(record.ended),
        "staff_id": record.staff_id,
        "kb_version": record.kb_version,
        "details": {k: free(v) for k, v in record.details.items()},
        "facts": {
            a: {
                "value": f.value,
                "source": f.source,
                **({"note": free(f.note)} if f.note else {}),
                **({"rules": list(f.rules)} if f.rules else {}),
            }
            for a, f in record.facts.items()
        },
        "questions": [
            {"id": q.id, "answer": q.answer, "at": format_time(q.at), "seconds": q.seconds}
            for q in record.questions
        ],
        "fired": [{"rule": f.rule, "facts": [list(p) for p in f.facts]} for f in record.fired],
        "diagnosis": {
            "status": record.diagnosis.status,
            "candidates": [{"cause": c, "probability": p} for c, p in record.diagnosis.candidates],
            "conflict": list(record.diagnosis.conflict),
            "solved_by": _solution_dict(record.diagnosis.solved_by),
        },
        "fixes": [
            {"cause": f.cause, "fix": f.fix, "helped": f.helped, "at": format_time(f.at)}
            | ({"partly": True} if f.partly else {})
            for f in record.fixes
        ],
        "confirmed_cause": record.confirmed_cause,
        "notes": free(record.notes),
        "closed": record.closed.to_dict(free) if record.closed is not None else None,
        "events": [_encode_event(e, free) for e in record.events],
    }


def _encode_event(event: Event, free: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": event.kind, "at": format_time(event.at)}
    if event.kind in ("answer", "dont-know", "observe", "forget"):
        out["attribute"] = event.attribute
    if event.kind in ("answer", "observe"):
        out["value"] = event.value
    if event.kind == "observe":
        out["source"] = event.source
        if event.note:
            out["note"] = free(event.note)
    if event.kind == "skip-fix":
        out.update(cause=event.cause, fix=event.fix)
    if event.kind == "fix":
        out.update(cause=event.cause, fix=event.fix, helped=event.helped)
        if event.partly:
            out["partly"] = True
    return out


def _source(value: str, where: str) -> FactSource:
    if value not in SOURCES:
        raise RecordError(f"{where}: unknown source '{value}' (expected {', '.join(SOURCES)})")
    return cast(FactSource, value)


def _decode(data: Mapping[str, Any]) -> CaseRecord:
    r = Reader(data)
    facts: dict[str, FactRecord] = {}
    for attribute, raw in r.get("facts", dict, {}).items():
        if not isinstance(raw, dict):
            raise RecordError(f"'facts.{attribute}' must be an object")
        f = Reader(raw, f"facts.{attribute}")
        facts[attribute] = FactRecord(
            f.text("value"),
            _source(f.text("source"), f"facts.{attribute}"),
            f.text("note", ""),
            tuple(f.get("rules", list, [])),
        )
    d = Reader(r.get("diagnosis", dict, {"status": "asking"}), "diagnosis")
    solved = d.get("solved_by", dict, None, optional=True)
    return CaseRecord(
        case_id=r.text("case_id"),
        kb_version=r.text("kb_version", ""),
        started=r.time("started"),
        ended=r.time("ended"),
        staff_id=r.get("staff_id", str, None, optional=True),
        facts=facts,
        questions=tuple(
            QuestionRecord(
                q.text("id"),
                q.text("answer"),
                cast(float, q.time("at", required=True)),
                q.get("seconds", (int, float), None, optional=True),
            )
            for q in r.items("questions")
        ),
        fired=tuple(
            FiringRecord(f.text("rule"), tuple((str(p[0]), str(p[1])) for p in f.get("facts", list, [])))
            for f in r.items("fired")
        ),
        diagnosis=Diagnosis(
            d.text("status"),
            tuple(
                (c.text("cause"), float(c.get("probability", (int, float), 0.0)))
                for c in d.items("candidates")
            ),
            tuple(d.get("conflict", list, [])),
            _solution(solved),
        ),
        fixes=tuple(
            FixRecord(
                f.text("cause"),
                f.text("fix"),
                bool(f.get("helped", bool)),
                cast(float, f.time("at", True)),
                bool(f.get("partly", bool, False)),
            )
            for f in r.items("fixes")
        ),
        confirmed_cause=r.get("confirmed_cause", str, None, optional=True),
        notes=r.text("notes", ""),
        details={str(k): str(v) for k, v in r.get("details", dict, {}).items() if v is not None},
        events=tuple(_decode_event(e) for e in r.items("events")),
        closed=Closure.read(r.child("closed")),
    )


def _decode_event(e: Reader) -> Event:
    kind = e.text("kind")
    if kind not in KINDS:
        raise RecordError(f"{e.where}: unknown event kind '{kind}' (expected {', '.join(KINDS)})")
    at = cast(float, e.time("at", required=True))
    if kind == "fix":
        return Event(
            "fix",
            cause=e.text("cause"),
            fix=e.text("fix"),
            helped=bool(e.get("helped", bool)),
            partly=bool(e.get("partly", bool, False)),
            at=at,
        )
    if kind == "skip-fix":
        return Event("skip-fix", cause=e.text("cause"), fix=e.text("fix"), at=at)
    attribute = e.text("attribute")
    if kind == "dont-know":
        return Event("dont-know", attribute, DONT_KNOW, "answer", at=at)
    if kind == "forget":
        return Event("forget", attribute, at=at)
    source = _source(e.text("source", "answer"), e.where)
    return Event(cast(EventKind, kind), attribute, e.text("value"), source, e.text("note", ""), at=at)
