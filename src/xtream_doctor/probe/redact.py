"""The one place that removes passwords from URLs and text.

Xtream passwords travel in query strings (``player_api.php?password=``) and in
paths (``/live/U/P/1.ts``, ``/player_api/U/P``), so every log line, message,
exception text and record goes through :func:`redact` first.  Patterns catch
the URL forms; the known secret itself (and its encoded spellings) catches the
rest.  httpx logs full request URLs, so its loggers get a filter too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from urllib.parse import quote, quote_plus

MASK = "***"
MIN_LITERAL = 3  # shorter secrets would mask ordinary letters; the patterns still apply

_QUERY = re.compile(r"(?i)(?P<key>\b(?:password|passwd|pass|pwd|token)(?:=|%3D))[^&#\s\"'<>]*")
_PATH = re.compile(
    r"(?i)(?P<head>/(?:player_api|panel_api|playlist|epg|live|movie|series|timeshift|hls)"
    r"/[^/\s?#\"'<>]+/)[^/\s?#\"'<>]+"
)
_USERINFO = re.compile(r"(?P<head>://[^/\s:@]*:)[^@/\s]+@")
_JSON = re.compile(r'(?i)(?P<head>"(?:password|token)"\s*:\s*")(?:[^"\\]|\\.)*"')

_SECRETS: ContextVar[tuple[str, ...]] = ContextVar("xtream_doctor_secrets", default=())


def _spellings(secret: str) -> set[str]:
    """The secret as typed and as it appears once URL- or JSON-encoded."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}
    forms.add(json.dumps(secret)[1:-1])
    forms.add(json.dumps(secret, ensure_ascii=False)[1:-1])
    forms.add(json.dumps(secret).replace("/", "\\/")[1:-1])
    return {f for f in forms if len(f) >= MIN_LITERAL}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Return text with every password (by pattern or by value) masked."""
    known = {*secrets, *_SECRETS.get()}
    literals = sorted({form for s in known if s for form in _spellings(s)}, key=len, reverse=True)
    for literal in literals:
        text = text.replace(literal, MASK)
    text = _QUERY.sub(lambda m: m.group("key") + MASK, text)
    text = _PATH.sub(lambda m: m.group("head") + MASK, text)
    text = _JSON.sub(lambda m: m.group("head") + MASK + '"', text)
    return _USERINFO.sub(lambda m: m.group("head") + MASK + "@", text)


@contextlib.contextmanager
def secret_scope(secrets: Iterable[str]) -> Iterator[None]:
    """Within this block (and tasks started in it), logs also mask these values."""
    token = _SECRETS.set((*_SECRETS.get(), *(s for s in secrets if s)))
    try:
        yield
    finally:
        _SECRETS.reset(token)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, redacted, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep its template, drop the arguments
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "xtream_doctor.probe",
    "xtream_doctor.demo_server",
)


def install_log_redaction() -> None:
    """Put the filter on every logger that may see a request URL (idempotent).

    A logger's filters only see records logged on that very logger, so each
    one that logs URLs is named here.
    """
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
