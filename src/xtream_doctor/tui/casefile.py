"""Autosave and resume of cases, on the shared case-record format (headless).

Every change to a case appends a snapshot to the case log
(``xtream_doctor.cases``: append-only JSONL, the last line per case id wins),
so a crash or a closed terminal loses at most the keypress being handled.
Resuming replays the record's events into a fresh session.

Never the password: it is handed to ``record_from_session`` under a key
named ``password-N``, which the record drops and masks wherever its value appears;
the line is checked again before it is written.
"""

from __future__ import annotations

import os
import secrets as _random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from xtream_doctor.cases.log import CaseLog
from xtream_doctor.cases.record import CaseRecord, record_from_session, session_from_record
from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.session import Event, Session
from xtream_doctor.kb.model import KnowledgeBase


@dataclass(frozen=True)
class CaseDetails:
    """What staff typed or noted for the case, never the password."""

    server: str = ""  # the record redacts it: callers paste whole playlist links
    username: str = ""
    app_version: str = ""
    mac: str = ""  # MAC or device id read out by the caller
    error: str = ""  # the exact words of the error

    @classmethod
    def of(cls, record: CaseRecord) -> CaseDetails:
        d = record.details
        return cls(
            d.get("server", ""),
            d.get("username", ""),
            d.get("app_version", ""),
            d.get("mac", ""),
            d.get("error", ""),
        )


class PasswordLeak(RuntimeError):
    """A secret survived into a line about to be written: nothing is written."""


class CaseFile:
    """The case log as the app uses it: save a snapshot, list, resume."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.log = CaseLog(path)

    def save(
        self,
        case_id: str,
        session: Session,
        details: CaseDetails,
        secrets: Iterable[str] = (),
        started: float | None = None,
    ) -> CaseRecord:
        state = session.state()
        extra = {k: v for k, v in asdict(details).items() if v}
        for attribute in ("device", "app"):
            if attribute in state.facts:
                extra[attribute] = state.facts[attribute].value
        secrets = [s for s in secrets if s]
        for i, secret in enumerate(secrets):
            extra[f"password-{i}"] = secret  # dropped by the record, and masked wherever it appears
        record = record_from_session(session, case_id=case_id, started=started, details=extra)
        line = record.to_json()
        if any(len(s) >= 3 and s in line for s in secrets):
            raise PasswordLeak("a password survived into the case record; it was not saved")
        self.log.append(record)
        return record

    def recent(self, limit: int = 20) -> list[CaseRecord]:
        records, _problems = self.log.read()
        return sorted(records, key=lambda r: r.ended or r.started or 0.0, reverse=True)[:limit]

    def get(self, case_id: str) -> CaseRecord | None:
        return self.log.get(case_id)

    def ticket_path(self, case_id: str) -> Path:
        """Where the escalation summary of a case goes: next to the log."""
        return self.path.parent / f"{case_id}.ticket.txt"


def default_case_log() -> Path:
    """$XTREAM_DOCTOR_CASES, else cases.jsonl in the user's data folder."""
    if os.environ.get("XTREAM_DOCTOR_CASES"):
        return Path(os.environ["XTREAM_DOCTOR_CASES"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "xtream-doctor" / "cases.jsonl"


def new_case_id(clock: Callable[[], float] = time.time) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(clock()))
    return f"{stamp}-{_random.token_hex(2)}"


def resume(
    kb: KnowledgeBase, record: CaseRecord, inference: Inference | None = None
) -> tuple[Session, list[str]]:
    """The record's session on ``kb``.  If the rules changed since, the events
    they no longer accept are skipped and described instead of failing."""
    try:
        return session_from_record(kb, record, inference), []
    except ValueError:
        return replay(kb, record.events, inference)


def replay(
    kb: KnowledgeBase, events: Iterable[Event], inference: Inference | None = None
) -> tuple[Session, list[str]]:
    """A new session on ``kb`` with the events it still accepts (times kept)."""
    pending: list[float] = []
    session = Session(kb, inference, clock=lambda: pending.pop() if pending else time.time())
    skipped: list[str] = []
    for event in events:
        pending[:] = [event.at] if event.at else []
        try:
            session.apply(event)
        except ValueError as exc:
            skipped.append(f"{event.kind} {event.attribute or event.cause}: {exc}")
    pending.clear()
    return session, skipped
