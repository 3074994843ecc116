"""An append-only JSONL log of case records that survives a crash.

Every change of a case appends a full snapshot line; reading keeps the last
line per case id.  Each line is written whole with one ``write`` on a file
opened for appending, then flushed to disk with ``fsync``.  A crash can
still cut the last line short: reading reports it and skips it, and the
next append starts on a fresh line so the torn bytes never spoil a record.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xtream_doctor.records.record import CaseRecord, RecordError


@dataclass(frozen=True)
class LineProblem:
    """A line of a case file that could not be read (and was skipped)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CaseLog:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def append(self, record: CaseRecord) -> None:
        """Write one snapshot line, durably.  Safe to call on every change."""
        data = (record.to_json() + "\n").encode("utf-8")
        created = not self.path.exists()
        if created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # a torn line from a crash: end it, start clean
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.path.parent)

    def read(self) -> tuple[list[CaseRecord], list[LineProblem]]:
        """Every case (its last snapshot), in order of first appearance, and the
        lines that could not be read.  A missing log is an empty one."""
        latest: dict[str, CaseRecord] = {}
        problems: list[LineProblem] = []
        for _, record in self.lines(problems):
            latest[record.case_id] = record  # a later snapshot keeps the first one's place
        return list(latest.values()), problems

    def get(self, case_id: str) -> CaseRecord | None:
        records, _ = self.read()
        return next((r for r in records if r.case_id == case_id), None)

    def lines(self, problems: list[LineProblem]) -> Iterator[tuple[int, CaseRecord]]:
        """Each readable line as (line number, record); the others go to ``problems``."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        chunks = data.split(b"\n")
        torn_tail = not data.endswith(b"\n")
        last = len(chunks) - 1 if data.endswith(b"\n") else len(chunks)
        for number, raw in enumerate(chunks[:last], 1):
            if not raw.strip():
                continue
            try:
                record = CaseRecord.from_json(raw.decode("utf-8"))
            except UnicodeDecodeError:
                problems.append(LineProblem(str(self.path), number, "not UTF-8 text; skipped"))
                continue
            except RecordError as exc:
                if number == last and torn_tail:
                    message = "torn last line (written when the program stopped?); skipped"
                else:
                    message = f"unreadable record: {exc}; skipped"
                problems.append(LineProblem(str(self.path), number, message))
                continue
            yield number, record


def _fsync_dir(folder: Path) -> None:
    """Make a new file's name durable too (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
