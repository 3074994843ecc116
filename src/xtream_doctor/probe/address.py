"""Read the server field the way a forgiving player would.

Callers type ``host:8080``, ``http://host:8080/``, a whole playlist link, or
paste invisible characters along with it.  Lint reports each of those; the
probe needs the base address (scheme, host, port) that the player would end up
calling, so both read the field here, once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
SMART_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a")
ENDPOINTS = ("get.php", "player_api.php", "panel_api.php", "xmltv.php")
_PATH_FORMS = re.compile(
    r"^/(?P<kind>player_api|playlist|epg|live|movie|series|timeshift)/(?P<user>[^/]+)/(?P<pw>[^/]+)"
)


def is_odd(char: str) -> bool:
    """A character that does not belong in an address or a credential."""
    return (
        char in ZERO_WIDTH
        or char in SMART_QUOTES
        or char.isspace()
        or ord(char) > 127
        or unicodedata.category(char) in ("Cc", "Cf")
    )


def strip_invisible(text: str) -> str:
    """Drop the characters a clipboard adds without anyone seeing them."""
    return "".join(c for c in text if c not in ZERO_WIDTH and c not in SMART_QUOTES and not c.isspace())


def is_blank(char: str) -> bool:
    """A character nobody sees on screen: a space of any kind, or an invisible one."""
    return char.isspace() or char in ZERO_WIDTH or unicodedata.category(char) == "Cf"


def edge_blanks(text: str) -> tuple[str, str]:
    """The blank characters at the start and at the end of ``text`` (all of it if blank)."""
    start = 0
    while start < len(text) and is_blank(text[start]):
        start += 1
    end = len(text)
    while end > start and is_blank(text[end - 1]):
        end -= 1
    return text[:start], text[end:]


def char_name(char: str) -> str:
    """How staff can name a character on the phone."""
    if char == " ":
        return "a space"
    name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
    if char == "\t":
        return "a tab"
    if char.isspace():
        return f"an unusual blank ({name}, U+{ord(char):04X})"
    return f"'{char}' ({name})" if char.isprintable() else f"an invisible {name} (U+{ord(char):04X})"


@dataclass(frozen=True)
class Address:
    """The server field, split; ``None`` where the caller typed nothing."""

    raw: str
    scheme: str | None  # "http" or "https" as typed (lower-cased)
    host: str
    port: int | None
    port_text: str = ""  # what followed the colon, when it is not a valid port
    path: str = ""
    query: dict[str, str] = field(default_factory=dict)
    typed_scheme: str = ""  # an unknown scheme such as "htp", kept for the message

    @property
    def effective_scheme(self) -> str:
        """The scheme a player falls back to: http when none was typed."""
        return self.scheme or "http"

    def effective_port(self, scheme: str | None = None) -> int:
        """The typed port, or the default the player would use for the scheme."""
        return self.port or DEFAULT_PORTS[scheme or self.effective_scheme]

    def base_url(self, scheme: str | None = None, *, explicit_port: bool = True) -> str:
        """``scheme://host:port`` with no path: where player_api.php goes."""
        scheme = scheme or self.effective_scheme
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port is None and not explicit_port:
            return f"{scheme}://{host}"
        return f"{scheme}://{host}:{self.effective_port(scheme)}"

    def link_credentials(self) -> tuple[str, str] | None:
        """Username and password carried by a pasted playlist/API/stream link."""
        if self.path.rstrip("/").rsplit("/", 1)[-1] in ENDPOINTS and "username" in self.query:
            return self.query.get("username", ""), self.query.get("password", "")
        match = _PATH_FORMS.match(self.path)
        if match:
            return unquote(match["user"]), unquote(match["pw"])
        return None


def parse_server(raw: str) -> Address:
    """Split the server field; never raises, whatever was typed."""
    text = strip_invisible(raw)
    scheme: str | None = None
    typed_scheme = ""
    if "://" in text:
        typed_scheme, text = text.split("://", 1)
        scheme = typed_scheme.lower() if typed_scheme.lower() in DEFAULT_PORTS else None
    elif re.match(r"(?i)^https?:/*", text):  # "http:/host" or "http:host"
        typed_scheme, text = text.split(":", 1)
        scheme = typed_scheme.lower()
        text = text.lstrip("/")
    parts = urlsplit("//" + text)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    host, port, port_text = _split_host_port(netloc)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return Address(
        raw=raw,
        scheme=scheme,
        host=host,
        port=port,
        port_text=port_text,
        path=parts.path,
        query=query,
        typed_scheme=typed_scheme if scheme is None else "",
    )


def _split_host_port(netloc: str) -> tuple[str, int | None, str]:
    if netloc.startswith("["):
        host, _, rest = netloc[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif netloc.count(":") == 1:
        host, port_text = netloc.split(":")
    else:
        host, port_text = netloc, ""
    host = host.lower().rstrip(".")
    if port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536:
        return host, int(port_text), ""
    return host, None, port_text


# --- a password typed into the server box ----------------------------------------

_CREDENTIAL_LABEL = re.compile(
    r"(?i)^(?:user\s*name|username|user|login|pass\s*word|password|pass|pwd)\s*[:=]"
)
_ADDRESS_LIKE = re.compile(r"(?i)(://|^[a-z0-9.-]+\.[a-z]{2,}(:|/|$)|^\d{1,3}(\.\d{1,3}){3}(:|/|$))")


def server_field_strays(raw: str, username: str = "") -> tuple[str, tuple[str, ...]]:
    """The server box as it may be stored, and what in it looks like a password.

    When a password manager's Tab is lost, or a caller's message is pasted
    whole, the username and password end up in the server box: after the
    address as more words (``host:8080 bob s3cret``, ``password: s3cret``) or
    run on after the port (``host:8080bobs3cret``).  The stored value keeps the
    address and masks the rest; the strays are handed back so they are masked
    wherever else they appear (lint notes quote the port as typed).  The
    username typed in its own box is not a stray; a playlist link's password is
    the redaction patterns' business, not this function's.
    """
    words = raw.split()
    if len(words) <= 1 and not re.search(r":\d+[^\d\s/?#]\S{2,}", raw):
        return raw, ()  # one address as typed, odd spaces and all (lint reports them)
    at = next((i for i, w in enumerate(words) if _ADDRESS_LIKE.search(w)), 0)
    address_word = words[at]
    strays: list[str] = []
    for word in words[:at] + words[at + 1 :]:
        label = _CREDENTIAL_LABEL.match(word)
        value = word[label.end() :] if label else word
        if value and value != username:
            strays.append(value)
    kept = address_word
    port_text = parse_server(address_word).port_text
    run_on = re.match(r"^(\d+)(\D.{2,})$", port_text)  # a letter or two is a typo, not a password
    if run_on:
        junk = run_on.group(2)
        strays.append(junk)
        if username and junk.startswith(username) and len(junk) > len(username):
            strays.append(junk[len(username) :])
        kept = kept.replace(port_text, run_on.group(1) + "***", 1)
    if len(words) > 1:
        kept += " ***"
    return kept, tuple(dict.fromkeys(strays))
