"""The pieces every part of a record is read and written with: times as ISO 8601
in UTC with milliseconds, and typed access to a JSON object whose errors name
the field (``diagnosis.candidates[2].cause must be str``).

Apart from record.py so the parts of a record kept in modules of their own (the
close, records/closure.py) read and write their fields the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from xtream_doctor.records.upgrade import RecordError


def epoch(value: float | datetime) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


def ms(value: float) -> float:
    return round(value, 3)


def format_time(value: float | None) -> str | None:
    """ISO 8601 in UTC with milliseconds: 2025-11-23T09:12:00.123Z."""
    if value is None:
        return None
    return datetime.fromtimestamp(value, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: object, what: str) -> float | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise RecordError(f"{what} must be an ISO 8601 time, not {type(text).__name__}")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise RecordError(f"{what} '{text}' is not an ISO 8601 time") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return ms(moment.timestamp())


class Reader:
    """Typed access to one JSON object, with errors that name the field."""

    def __init__(self, data: Mapping[str, Any], where: str = "") -> None:
        self.data = data
        self.where = where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., optional: bool = False) -> Any:
        if key not in self.data or (optional and self.data[key] is None):
            if default is ...:
                raise RecordError(f"missing field '{self._name(key)}'")
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise RecordError(f"field '{self._name(key)}' must be a number")
        if not isinstance(value, kind):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise RecordError(f"field '{self._name(key)}' must be {names}, not {type(value).__name__}")
        return value

    def text(self, key: str, default: Any = ...) -> Any:
        return self.get(key, str, default)

    def child(self, key: str) -> Reader | None:
        """The object under ``key``, or None when it is missing or null."""
        value = self.get(key, dict, None, optional=True)
        return None if value is None else Reader(value, self._name(key))

    def items(self, key: str) -> Iterator[Reader]:
        for i, item in enumerate(self.get(key, list, [])):
            if not isinstance(item, dict):
                raise RecordError(f"'{self._name(key)}[{i}]' must be an object")
            yield Reader(item, f"{self._name(key)}[{i}]")

    def time(self, key: str, required: bool = False) -> float | None:
        if required and self.data.get(key) is None:
            raise RecordError(f"missing field '{self._name(key)}'")
        return parse_time(self.data.get(key), self._name(key))
