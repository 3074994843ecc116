"""Turn a worker's exception into one sentence staff can act on (headless).

Each kind of timeout gets its own words; anything else is named, never a
traceback.  Every message goes through ``redact``: an exception may quote a
URL with the password in it.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from xtream_doctor.probe.redact import redact

TIMEOUTS: tuple[tuple[type[BaseException], str], ...] = (
    (httpx.ConnectTimeout, "could not connect to the server in time"),
    (httpx.ReadTimeout, "the server accepted the connection but did not answer in time"),
    (httpx.WriteTimeout, "could not send the request in time"),
    (httpx.PoolTimeout, "too many requests were waiting"),
    (TimeoutError, "did not finish in time"),
)


def describe(error: BaseException | None, secrets: Iterable[str] = ()) -> str:
    if error is None:
        return "stopped for an unknown reason"
    for kind, words in TIMEOUTS:
        if isinstance(error, kind):
            return words
    if isinstance(error, httpx.ConnectError):
        text = f"could not connect: {error}"
    elif isinstance(error, OSError):
        text = f"{error.strerror or error}"
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return redact(text, tuple(secrets))
