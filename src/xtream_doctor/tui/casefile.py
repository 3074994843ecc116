"""Autosave and resume of cases, on the shared case-record format (headless).

Every change to a case is saved to the case store (``xtream_doctor.records.store``,
SQLite): the events that changed and the case's row, in one transaction, so a
crash or a closed terminal loses at most the keypress being handled.
Resuming replays the record's events into a fresh session.  A JSONL case log
of an earlier version (beside the store, or named with --case-log) is imported
on first start.

Never the password: it is handed to ``record_from_session`` under a key
named ``password-N``, which the record drops and masks wherever its value appears;
the record is checked again before it is stored.
"""

from __future__ import annotations

import os
import secrets as _random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.session import Event, Session
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.records.closure import Closure
from xtream_doctor.records.record import CaseRecord, record_from_session, session_from_record
from xtream_doctor.records.store import CaseStore, CaseSummary, ImportReport, store_paths


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


@dataclass(frozen=True)
class CloseFields:
    """What a record holds beside the session: who took the call, and staff's word at the close."""

    staff_id: str | None = None
    confirmed_cause: str | None = None
    notes: str = ""
    closed: Closure | None = None

    @classmethod
    def of(cls, record: CaseRecord) -> CloseFields:
        return cls(record.staff_id, record.confirmed_cause, record.notes, record.closed)


class PasswordLeak(RuntimeError):
    """A secret survived into a line about to be written: nothing is written."""


class CaseFile:
    """The case store as the app uses it: save, list, resume, and where tickets go.

    ``path`` names the store; a path ending in ``.jsonl`` (a case log of an
    earlier version) names the store beside it, ``cases.sqlite3`` for
    ``cases.jsonl``, and that log is imported into it on first start.
    """

    def __init__(self, path: Path) -> None:
        self.path, self.legacy = store_paths(path)
        self.store = CaseStore(self.path)
        self.imported: ImportReport | None = None
        if self.legacy.is_file() and not self.store.imported(self.legacy):
            self.imported = self.store.import_jsonl(self.legacy)

    def save(
        self,
        case_id: str,
        session: Session,
        details: CaseDetails,
        secrets: Iterable[str] = (),
        started: float | None = None,
        close: CloseFields | None = None,
    ) -> CaseRecord:
        """Store the case now; ``close``: the staff id, and what staff said at the close."""
        state = session.state()
        close = close or CloseFields()
        extra = {k: v for k, v in asdict(details).items() if v}
        for attribute in ("device", "app"):
            if attribute in state.facts:
                extra[attribute] = state.facts[attribute].value
        secrets = [s for s in secrets if s]
        for i, secret in enumerate(secrets):
            extra[f"password-{i}"] = secret  # dropped by the record, and masked wherever it appears
        record = record_from_session(
            session,
            case_id=case_id,
            started=started,
            details=extra,
            staff_id=close.staff_id,
            confirmed_cause=close.confirmed_cause,
            notes=close.notes,
            closed=close.closed,
        )
        line = record.to_json()
        if any(len(s) >= 3 and s in line for s in secrets):
            raise PasswordLeak("a password survived into the case record; it was not saved")
        self.store.put(record)
        return record

    def recent(self, limit: int = 20) -> list[CaseSummary]:
        return self.store.recent(limit)

    def get(self, case_id: str) -> CaseRecord | None:
        return self.store.get(case_id)

    def delete(self, case_id: str) -> bool:
        """A practice case, for good: its rows (and their bytes) and its ticket file."""
        gone = self.store.delete(case_id)
        ticket = self.ticket_path(case_id)
        if ticket.exists():
            ticket.unlink()
            gone = True
        return gone

    def ticket_path(self, case_id: str) -> Path:
        """Where the escalation summary of a case goes: next to the store."""
        return self.path.parent / f"{case_id}.ticket.txt"

    def write_ticket(self, case_id: str, text: str) -> Path:
        """The ticket file, readable by its owner only (like the store)."""
        path = self.ticket_path(case_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, 0o600)  # a ticket written by an earlier version may be wider open
        return path


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
