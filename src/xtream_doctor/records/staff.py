"""Who takes the calls: the staff id the app puts on every case it saves.

``$XTREAM_DOCTOR_STAFF`` wins; else ``staff = "ana"`` in ``config.toml`` in the
platform's config folder, read with the standard library's ``tomllib``.  A
broken file never stops the app (a caller may be waiting): it becomes one line,
``FILE:LINE: what was expected``, which the app shows, and the cases are saved
without a staff id until it is mended.  Headless, so it is tested without
Textual and the CLI can hand the result to the app.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV = "XTREAM_DOCTOR_STAFF"
EXAMPLE = 'staff = "ana"'
KEYS = ("staff",)


@dataclass(frozen=True)
class StaffConfig:
    staff: str | None = None  # None: not set (or the file is broken)
    source: str = ""  # where it came from: the variable, or the file
    path: Path | None = None  # the config file (for a hint where to set it)
    problem: str | None = None  # the file is broken: one line, FILE:LINE: what was expected


def config_file(
    env: Mapping[str, str] | None = None, platform: str = sys.platform, home: Path | None = None
) -> Path:
    """config.toml in the platform's config folder."""
    env = os.environ if env is None else env
    home = Path.home() if home is None else home
    if platform == "win32":
        folder = Path(env["APPDATA"]) if env.get("APPDATA") else home / "AppData" / "Roaming"
    elif platform == "darwin":
        folder = home / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_CONFIG_HOME", "")  # the spec: a relative path counts as unset
        folder = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".config"
    return folder / "xtream-doctor" / "config.toml"


def read_staff(
    env: Mapping[str, str] | None = None, path: Path | None = None, platform: str = sys.platform
) -> StaffConfig:
    """The staff id from the environment, else from the config file (``path``, or the platform's)."""
    env = os.environ if env is None else env
    path = config_file(env, platform) if path is None else path
    named = env.get(ENV, "").strip()
    if named:
        return StaffConfig(named, f"${ENV}", path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return StaffConfig(path=path)
    except OSError as exc:
        return StaffConfig(path=path, problem=f"{path}: cannot read it ({exc.strerror or exc})")
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        return StaffConfig(path=path, problem=f"{path}: not UTF-8 text; expected a line like {EXAMPLE}")
    except tomllib.TOMLDecodeError as exc:
        return StaffConfig(path=path, problem=_syntax(path, text, str(exc)))
    return _settings(path, text, data)


def _settings(path: Path, text: str, data: Mapping[str, object]) -> StaffConfig:
    problems = []
    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(f"{_where(path, text, key)}: unknown setting '{key}' ({hint}expected {EXAMPLE})")
    value = data.get("staff")
    staff = None
    if isinstance(value, str) and value.strip():
        staff = value.strip()
    elif "staff" in data:
        what = "empty" if isinstance(value, str) else f"a {_toml_type(value)}"
        problems.append(f"{_where(path, text, 'staff')}: staff is {what}; expected text in quotes, {EXAMPLE}")
    return StaffConfig(staff, str(path) if staff else "", path, "; ".join(problems) or None)


def _syntax(path: Path, text: str, message: str) -> str:
    """tomllib's message as FILE:LINE:COLUMN: what, with what the file should hold."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        where = f"{path}:{found[1]}:{found[2]}"
        message = message[: found.start()]
    else:
        message = message.replace(" (at end of document)", "")
        where = f"{path}:{max(1, len(text.splitlines()))}"
    return f"{where}: {message[:1].lower()}{message[1:]}; expected a line like {EXAMPLE} (text in quotes)"


def _where(path: Path, text: str, key: str) -> str:
    """FILE:LINE of the line that sets ``key`` (FILE alone if no line does, as in a table)."""
    line = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=|^\s*\[+\s*["']?{re.escape(key)}\b""")
    for number, text_line in enumerate(text.splitlines(), 1):
        if line.match(text_line):
            return f"{path}:{number}"
    return str(path)


def _toml_type(value: object) -> str:
    names = {bool: "true/false", int: "number", float: "number", dict: "table", list: "list"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "date or time")
