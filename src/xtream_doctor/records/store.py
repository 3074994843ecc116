"""The embedded case store: SQLite (the standard library's ``sqlite3``, WAL mode).

One row per event, one row per case.  The ``cases`` row holds what the
saved-cases list shows (times, status, leading cause, username, device, app),
indexed for that list, and the rest of the record without its events (the
format of kb-docs/case-records.md); the ``events`` table holds the case's
history, one event a row, which is what resuming replays.  Saving a case
writes only the events that changed (a new answer is one row; an undo removes
the last row) and rewrites the one ``cases`` row, in one transaction.

Crash safety: every save is one transaction, committed with ``synchronous =
FULL`` (the write-ahead log is flushed to disk at each commit).  A process
killed at any moment loses at most the save it was making; SQLite rolls the
unfinished transaction back the next time the store is opened.

The store's files are readable by their owner only (0600): it may hold
usernames.  It never holds a password: the records it is given are already
redacted, and the app checks each one before it is stored.

The schema has a version (``PRAGMA user_version``) and a list of migrations,
one per version; opening a store runs those it has not had yet.  JSON Lines
stay the export and interchange format: :meth:`CaseStore.export_jsonl`,
:meth:`CaseStore.import_jsonl` (which reports torn and unreadable lines).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from xtream_doctor.records.log import CaseLog, LineProblem
from xtream_doctor.records.record import CaseRecord

# Each entry brings the schema from the version before it to its own number.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE cases (
            case_id    TEXT PRIMARY KEY,
            started    REAL,              -- seconds since the epoch (UTC); NULL when unknown
            ended      REAL,
            status     TEXT NOT NULL,     -- asking, found, undecidable, conflict, solved, imported
            leading    TEXT,              -- the most likely cause left
            username   TEXT,
            device     TEXT,
            app        TEXT,
            staff_id   TEXT,
            kb_version TEXT NOT NULL DEFAULT '',
            questions  INTEGER NOT NULL DEFAULT 0,
            record     TEXT NOT NULL      -- the case record without its events, as JSON
        );
        CREATE INDEX cases_by_recent ON cases (COALESCE(ended, started) DESC);
        CREATE INDEX cases_by_username ON cases (username, COALESCE(ended, started) DESC);
        CREATE TABLE events (
            case_id TEXT NOT NULL REFERENCES cases (case_id) ON DELETE CASCADE,
            seq     INTEGER NOT NULL,     -- 0, 1, 2 ... in the order they happened
            event   TEXT NOT NULL,        -- one event as JSON, as in a record's "events"
            PRIMARY KEY (case_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE imports (
            path     TEXT PRIMARY KEY,    -- a JSONL log imported into this store
            at       REAL NOT NULL,
            cases    INTEGER NOT NULL,
            problems INTEGER NOT NULL
        );
        """,
    ),
    (
        2,
        """
        ALTER TABLE cases ADD COLUMN outcome TEXT;       -- solved, escalated, call-back; NULL while open
        ALTER TABLE cases ADD COLUMN confirmed TEXT;     -- the confirmed cause
        ALTER TABLE cases ADD COLUMN outcome_note TEXT;  -- to whom it was escalated, or when to call back
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(RuntimeError):
    """The store cannot be opened or read (its message is one line)."""


@dataclass(frozen=True)
class CaseSummary:
    """One line of the saved-cases list, read from the ``cases`` table alone."""

    case_id: str
    started: float | None
    ended: float | None
    status: str
    leading: str | None
    username: str
    device: str
    app: str
    questions: int
    outcome: str | None = None  # how it was closed: solved, escalated, call-back; None while open
    confirmed: str | None = None  # the confirmed cause
    outcome_note: str = ""  # to whom it was escalated, or when to call back

    @property
    def when(self) -> float | None:
        return self.ended if self.ended is not None else self.started


@dataclass
class ImportReport:
    path: Path
    cases: int = 0
    problems: list[LineProblem] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"imported {self.cases} case{'s' if self.cases != 1 else ''} from {self.path}"
        if self.problems:
            n = len(self.problems)
            text += f"; {n} line{'s' if n != 1 else ''} could not be read: " + "; ".join(
                str(p) for p in self.problems[:3]
            )
            if n > 3:
                text += f"; and {n - 3} more"
        return text


def store_paths(path: Path) -> tuple[Path, Path]:
    """The store a path names, and the JSONL log to import into it on first start."""
    if path.suffix.lower() == ".jsonl":
        return path.with_suffix(".sqlite3"), path
    return path, path.with_suffix(".jsonl")


def default_case_log() -> Path:
    """$XTREAM_DOCTOR_CASES, else cases.sqlite3 in the user's data folder (a
    cases.jsonl there from an earlier version is imported on first start)."""
    if os.environ.get("XTREAM_DOCTOR_CASES"):
        return Path(os.environ["XTREAM_DOCTOR_CASES"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "xtream-doctor" / "cases.sqlite3"


def is_store(path: Path) -> bool:
    """A SQLite file (by its first bytes), whatever its name."""
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


class CaseStore:
    """A case store on disk.  One connection, used from the thread that opened it."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no such case store")
            _create_private(self.path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA secure_delete = ON")  # what an undo removes is zeroed, not left behind
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a case store ({exc})") from exc
        for suffix in ("-wal", "-shm"):
            _make_private(Path(f"{self.path}{suffix}"))
        self._written: dict[str, list[str]] = {}  # case id -> its events as stored

    # --- schema ---------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer xtream-doctor (schema {current}; this one knows "
                f"{SCHEMA_VERSION}); update xtream-doctor"
            )
        for version, script in MIGRATIONS:
            if version <= current:
                continue
            with self._transaction():
                for statement in _statements(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {version}")

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # --- writing ----------------------------------------------------------------

    def put(self, record: CaseRecord) -> None:
        """Store the case as it is now: the events that changed, and its row."""
        try:
            with self._transaction():
                self._put(record)
        except BaseException:
            self._written.pop(record.case_id, None)  # not stored after all: read it back next time
            raise

    def put_many(self, records: Iterable[CaseRecord]) -> int:
        """Store many cases in one transaction (an import); how many."""
        n = 0
        with self._transaction():
            for record in records:
                self._put(record)
                n += 1
        self._written.clear()
        return n

    def _put(self, record: CaseRecord) -> None:
        data = record.to_dict()
        events = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in data.pop("events")]
        details = record.details
        closed = data["closed"] or {}  # as written: its free text redacted
        self.db.execute(
            """INSERT INTO cases (case_id, started, ended, status, leading, username, device, app,
                                  staff_id, kb_version, questions, record, outcome, confirmed, outcome_note)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (case_id) DO UPDATE SET
                 started = excluded.started, ended = excluded.ended, status = excluded.status,
                 leading = excluded.leading, username = excluded.username, device = excluded.device,
                 app = excluded.app, staff_id = excluded.staff_id, kb_version = excluded.kb_version,
                 questions = excluded.questions, record = excluded.record, outcome = excluded.outcome,
                 confirmed = excluded.confirmed, outcome_note = excluded.outcome_note""",
            (
                record.case_id,
                record.started,
                record.ended,
                record.diagnosis.status,
                record.diagnosis.leading,
                details.get("username", ""),
                details.get("device", ""),
                details.get("app", ""),
                record.staff_id,
                record.kb_version,
                len(record.questions),
                json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                closed.get("outcome"),
                record.confirmed_cause,
                closed.get("to") or closed.get("when") or "",
            ),
        )
        stored = self._written.get(record.case_id)
        if stored is None:
            stored = self._events(record.case_id)
        same = 0
        for old, new in zip(stored, events, strict=False):
            if old != new:
                break
            same += 1
        if same < len(stored):
            self.db.execute("DELETE FROM events WHERE case_id = ? AND seq >= ?", (record.case_id, same))
        self.db.executemany(
            "INSERT INTO events (case_id, seq, event) VALUES (?, ?, ?)",
            [(record.case_id, seq, events[seq]) for seq in range(same, len(events))],
        )
        self._written[record.case_id] = events

    def delete(self, case_id: str) -> bool:
        """Remove a case and its events for good (a practice case); whether there was one.

        What it held is zeroed in the file (``secure_delete``), and the write-ahead
        log, which still holds copies of its pages, is folded in and emptied."""
        with self._transaction():  # its events go with it (ON DELETE CASCADE)
            gone = self.db.execute("DELETE FROM cases WHERE case_id = ?", (case_id,)).rowcount > 0
        self._written.pop(case_id, None)
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return gone

    def _events(self, case_id: str) -> list[str]:
        rows = self.db.execute("SELECT event FROM events WHERE case_id = ? ORDER BY seq", (case_id,))
        return [row[0] for row in rows]

    # --- reading ------------------------------------------------------------------

    def get(self, case_id: str) -> CaseRecord | None:
        row = self.db.execute("SELECT record FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        return self._record(case_id, row[0], self._events(case_id))

    def _record(self, case_id: str, text: str, events: list[str]) -> CaseRecord:
        data: dict[str, Any] = json.loads(text)
        data["events"] = [json.loads(e) for e in events]
        return CaseRecord.from_dict(data)

    def recent(self, limit: int = 20) -> list[CaseSummary]:
        """The latest cases first, from the ``cases`` table and its index alone."""
        rows = self.db.execute(
            """SELECT case_id, started, ended, status, leading, username, device, app, questions,
                      outcome, confirmed, outcome_note
               FROM cases ORDER BY COALESCE(ended, started) DESC LIMIT ?""",
            (limit,),
        )
        return [_summary(*row) for row in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0])

    def records(self) -> Iterator[CaseRecord]:
        """Every case, oldest first (for export and evaluation), read in one pass."""
        cursor = self.db.execute(
            """SELECT c.case_id, c.record, e.event FROM cases c LEFT JOIN events e USING (case_id)
               ORDER BY COALESCE(c.started, c.ended), c.case_id, e.seq"""
        )
        current: tuple[str, str] | None = None
        events: list[str] = []
        for case_id, text, event in cursor:
            if current is not None and case_id != current[0]:
                yield self._record(current[0], current[1], events)
                events = []
            current = (case_id, text)
            if event is not None:
                events.append(event)
        if current is not None:
            yield self._record(current[0], current[1], events)

    # --- JSON Lines, the interchange format -------------------------------------------

    def export_jsonl(self, out: IO[str]) -> int:
        """Every case as one line of the case-record format; how many."""
        n = 0
        for record in self.records():
            out.write(record.to_json() + "\n")
            n += 1
        return n

    def import_jsonl(self, path: Path) -> ImportReport:
        """Every case of a JSONL log (its last line per case id), in one transaction;
        torn and unreadable lines are reported, not imported."""
        records, problems = CaseLog(path).read()
        report = ImportReport(path, 0, problems)
        with self._transaction():
            for record in records:
                self._put(record)
                report.cases += 1
            self.db.execute(
                "INSERT OR REPLACE INTO imports (path, at, cases, problems) VALUES (?, ?, ?, ?)",
                (str(path.resolve()), time.time(), report.cases, len(problems)),
            )
        self._written.clear()
        return report

    def imported(self, path: Path) -> bool:
        row = self.db.execute("SELECT 1 FROM imports WHERE path = ?", (str(path.resolve()),)).fetchone()
        return row is not None

    def close(self) -> None:
        self.db.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if kind is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error:
                self.db.execute("ROLLBACK")
                raise
        self.db.execute("ROLLBACK")


def _summary(
    case_id: str, started: float | None, ended: float | None, status: str, leading: str | None,
    username: str | None, device: str | None, app: str | None, questions: int,
    outcome: str | None, confirmed: str | None, outcome_note: str | None,
) -> CaseSummary:  # fmt: skip
    """A row of the saved-cases query; NULL text (older rows) as empty."""
    return CaseSummary(
        case_id, started, ended, status, leading, username or "", device or "", app or "", questions,
        outcome, confirmed, outcome_note or "",
    )  # fmt: skip


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (SQLite gives its -wal and
    -shm files the same permissions as the database)."""
    new_folder = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    if new_folder:
        os.chmod(path.parent, 0o700)


def _make_private(path: Path) -> None:
    try:
        if path.exists() and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


__all__ = [
    "SCHEMA_VERSION",
    "CaseStore",
    "CaseSummary",
    "ImportReport",
    "StoreError",
    "default_case_log",
    "is_store",
    "store_paths",
]
