"""Offline checks of the username and password, the way a careful agent reads them.

The guides blame most failed logins on what was typed: clipboard spaces,
characters that look alike on a TV font, invisible characters, and symbols
some apps do not URL-encode (XTREAM-API.md section 1.8).  The password is
never quoted back: messages name the kind of character, proposals say what to
do to the password instead of spelling it.
"""

from __future__ import annotations

import re

from xtream_doctor.probe.address import SMART_QUOTES, ZERO_WIDTH, Address, char_name
from xtream_doctor.probe.findings import Finding

LOOKALIKES = {
    "0": "0 (zero)",
    "O": "O (capital o)",
    "1": "1 (one)",
    "l": "l (lower-case L)",
    "I": "I (capital i)",
    "rn": "rn (r followed by n, which reads like m)",
}
URL_UNSAFE = "&#+%?/"
_LABEL = re.compile(r"(?i)^\s*(user\s*name|username|user|login|pass\s*word|password|pass|pwd)\s*[:=]\s*")
_TLDS = "com|net|org|tv|xyz|me|io|cc|pro|live|site|online|top|club|info|biz|co|uk|de|fr|nl|es|it"
_URL_LIKE = re.compile(
    r"(?i)(://|^www\.|^\d{1,3}(\.\d{1,3}){3}(:\d+)?/?$|^[a-z0-9.-]+\.[a-z]{2,}:\d+/?$"
    rf"|^[a-z0-9-]+(\.[a-z0-9-]+)*\.({_TLDS})/?$)"
)
_STRAIGHT = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def _sentence(parts: list[str]) -> str:
    """Join clauses into one sentence; capitalise only the first letter (the
    rest may hold an 'I' or 'O' that must keep its case)."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _finding(attribute: str, value: str, message: str, proposal: str | None = None) -> Finding:
    return Finding(attribute, value, "lint", message, proposal)


def lint_credentials(username: str, password: str, address: Address | None = None) -> list[Finding]:
    """Whitespace, lookalikes, non-ASCII, URL-unsafe characters, swapped fields."""
    return [
        _whitespace(username, password),
        _lookalike(username, password),
        _non_ascii(username, password),
        _url_unsafe(username, password),
        _swapped(username, password, address),
    ]


def _whitespace(username: str, password: str) -> Finding:
    problems: list[str] = []
    proposals: list[str] = []
    for field, value in (("username", username), ("password", password)):
        if not any(c.isspace() for c in value):
            continue
        where = []
        if value[:1].isspace():
            where.append("at the start")
        if value[-1:].isspace():
            where.append("at the end")
        if any(c.isspace() for c in value.strip()):
            where.append("inside")
        problems.append(f"the {field} has a space {' and '.join(where)}")
        if not any(c.isspace() for c in value.strip()):
            proposals.append(
                f"username '{value.strip()}'"
                if field == "username"
                else "retype the password without the space" + ("s" if value != value.strip() else "")
            )
    if not problems:
        return _finding(
            "credentials-whitespace", "no", "Neither the username nor the password holds a space."
        )
    message = _sentence(problems) + ". The server counts a space as a character."
    return _finding("credentials-whitespace", "yes", message, "; ".join(proposals) or None)


def _lookalikes_in(value: str) -> list[str]:
    return [label for chars, label in LOOKALIKES.items() if chars in value]


def _lookalike(username: str, password: str) -> Finding:
    in_user = _lookalikes_in(username)
    in_pass = _lookalikes_in(password)
    if not in_user and not in_pass:
        return _finding("credentials-lookalike", "no", "No characters that look alike on a TV screen.")
    parts = []
    if in_user:
        spots = [f"{c!r} at position {i + 1}" for i, c in enumerate(username) if c in "0O1lI"]
        parts.append(f"the username has {', '.join(in_user)} ({', '.join(spots)})")
    if in_pass:
        parts.append(f"the password has {', '.join(in_pass)}")
    message = _sentence(parts) + ". Ask the caller to read each one out and say which it is."
    return _finding("credentials-lookalike", "yes", message)


def _odd_chars(value: str) -> list[str]:
    return [c for c in value if ord(c) > 127 or (not c.isprintable() and not c.isspace())]


def _non_ascii(username: str, password: str) -> Finding:
    odd_user, odd_pass = _odd_chars(username), _odd_chars(password)
    if not odd_user and not odd_pass:
        return _finding("credentials-non-ascii", "no", "The username and password are plain ASCII.")
    parts = []
    proposals = []
    for field, value, odd in (("username", username, odd_user), ("password", password, odd_pass)):
        if not odd:
            continue
        names = (
            sorted({char_name(c) for c in odd}) if field == "username" else sorted({_kind(c) for c in odd})
        )
        parts.append(f"the {field} holds {', '.join(names)}")
        fixable = all(c in ZERO_WIDTH or c in _STRAIGHT for c in odd)
        if fixable and field == "username":
            fixed = "".join(_STRAIGHT.get(c, c) for c in value if c not in ZERO_WIDTH)
            proposals.append(f"username '{fixed}'")
        elif fixable:
            proposals.append("retype the password by hand, with straight quotes and nothing invisible")
    message = _sentence(parts) + ". Pasted text often carries these; the server sees them."
    return _finding("credentials-non-ascii", "yes", message, "; ".join(proposals) or None)


def _kind(char: str) -> str:
    """A character class, so the password's letters are never spelt out."""
    if char in ZERO_WIDTH or not char.isprintable():
        return "an invisible character"
    if char in SMART_QUOTES:
        return "a curly (smart) quote"
    if char.isspace():
        return "an unusual blank"
    return "a letter or sign outside plain ASCII"


def _url_unsafe(username: str, password: str) -> Finding:
    parts = []
    for field, value in (("username", username), ("password", password)):
        found = [c for c in URL_UNSAFE if c in value]
        if found:
            parts.append(f"the {field} contains {' '.join(found)}")
    if not parts:
        return _finding("credentials-url-unsafe", "no", "No characters that break a URL (& # + % ? /).")
    message = (
        _sentence(parts) + ". Apps that do not encode these send a cut or altered "
        "login, which looks like a wrong password."
    )
    return _finding("credentials-url-unsafe", "yes", message)


def _swapped(username: str, password: str, address: Address | None) -> Finding:
    reasons: list[str] = []
    proposal: str | None = None
    link = address.link_credentials() if address else None
    if link and username and password and (username, password) == (link[1], link[0]):
        reasons.append("the username and password are the playlist link's password and username, swapped")
        proposal = f"username '{link[0]}', password: the one typed as the username"
    for field, value in (("username", username), ("password", password)):
        label = _LABEL.match(value)
        if label:
            reasons.append(f"the {field} starts with the label '{label.group(1)}'")
            if field == "username" and not _LABEL.match(value[label.end() :]):
                proposal = proposal or f"username '{value[label.end() :]}'"
        elif _URL_LIKE.search(value.strip()):
            reasons.append(f"the {field} looks like a web address")
    if address and address.host and username.strip().lower() == address.host:
        reasons.append("the username is the server's name")
    if not reasons:
        return _finding(
            "credentials-look-swapped", "no", "The username and password look like a username and a password."
        )
    message = _sentence(reasons) + ". The fields look mixed up."
    return _finding("credentials-look-swapped", "yes", message, proposal)
