"""Offline checks of the typed details: instant, no network, no guessing.

Each check emits its fact whether it passes or not (a passing check is
evidence too), and a proposal only when the correction is certain.  Messages
never quote the password; the server field is redacted because callers paste
whole playlist links into it.
"""

from __future__ import annotations

from xtream_doctor.probe.address import (
    ENDPOINTS,
    Address,
    char_name,
    edge_blanks,
    is_odd,
    parse_server,
    strip_invisible,
)
from xtream_doctor.probe.credentials import lint_credentials
from xtream_doctor.probe.findings import Finding, Target
from xtream_doctor.probe.redact import redact

# Ports whose usual scheme is known: XC defaults (25461 http, 25463 https) and the
# ports Cloudflare proxies for each scheme (XTREAM-API.md section 1.1).
HTTP_PORTS = frozenset({80, 8080, 8880, 2052, 2082, 2086, 2095, 25461})
HTTPS_PORTS = frozenset({443, 8443, 2053, 2083, 2087, 2096, 25463})


def _lint(attribute: str, value: str, message: str, proposal: str | None = None, detail: str = "") -> Finding:
    return Finding(attribute, value, "lint", message, proposal, detail)


def lint(target: Target) -> list[Finding]:
    """Every offline finding for the server field, username and password."""
    secrets = target.secrets()
    address = parse_server(target.server)
    findings = lint_server(address, secrets)
    findings += lint_credentials(target.username, target.password, address)
    return [
        Finding(
            f.attribute,
            f.value,
            f.source,
            redact(f.message, secrets),
            redact(f.proposal, secrets) if f.proposal else None,
            redact(f.detail, secrets),
        )
        for f in findings
    ]


def guessed_scheme(address: Address) -> str:
    """The scheme to add when none was typed: https only on a TLS port."""
    return "https" if address.port in HTTPS_PORTS else "http"


def corrected_server(address: Address) -> str:
    """The server field with every certain correction applied."""
    scheme = address.scheme or guessed_scheme(address)
    return address.base_url(scheme, explicit_port=False)


def lint_server(address: Address, secrets: tuple[str, ...] = ()) -> list[Finding]:
    """Scheme, port, path, pasted link, blanks at the ends, odd characters, and port against scheme."""
    fixed = corrected_server(address)
    findings = [
        _scheme(address, fixed),
        _port(address),
        _path(address, fixed),
        _m3u_link(address, fixed),
        _edge_blanks(address, fixed),
        _odd_characters(address, fixed),
    ]
    fits = _port_fits_scheme(address)
    if fits is not None:
        findings.append(fits)
    return findings


def _scheme(address: Address, fixed: str) -> Finding:
    if address.scheme:
        return _lint("server-scheme", "present", f"The address starts with {address.scheme}://.")
    typed = f" It starts with '{address.typed_scheme}://', which is neither." if address.typed_scheme else ""
    return _lint(
        "server-scheme",
        "missing",
        f"The address does not start with http:// or https://.{typed} Most apps need it.",
        proposal=fixed if address.host else None,
    )


def _port(address: Address) -> Finding:
    if address.port is not None:
        return _lint("server-port", "present", f"The address names port {address.port}.")
    if address.port_text:
        return _lint(
            "server-port",
            "missing",
            f"'{address.port_text}' after the colon is not a port number; the app will not find the port.",
        )
    default = 443 if address.scheme == "https" else 80
    return _lint(
        "server-port",
        "missing",
        f"The address has no port number, so the app will use port {default}; "
        "most providers use another one, such as 8080 or 25461.",
    )


def _path(address: Address, fixed: str) -> Finding:
    path = address.path
    if path in ("", "/") and not address.query:
        if path == "/":
            return _lint(
                "server-path",
                "trailing-slash",
                "The address ends with a slash; some apps then call '//player_api.php' and fail.",
                proposal=fixed,
            )
        return _lint("server-path", "none", "Nothing follows the port in the address.")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if last in ENDPOINTS or address.link_credentials():
        message = (
            f"The address holds the path '{path}'; the app adds '/player_api.php' itself, "
            "so it would call a page that does not exist."
        )
        return _lint("server-path", "extra-path", message, proposal=fixed)
    if path.rstrip("/") == "/c":
        return _lint(
            "server-path",
            "extra-path",
            "The address ends in '/c/', which is a MAG/Stalker portal address, not an Xtream one; "
            "ask the provider for the Xtream Codes address.",
        )
    return _lint(
        "server-path",
        "extra-path",
        f"The address holds the path '{path}' after the port; Xtream addresses end at the port.",
        detail=f"try {fixed}",
    )


def _m3u_link(address: Address, fixed: str) -> Finding:
    creds = address.link_credentials()
    if creds is None:
        return _lint("server-field-has-m3u-link", "no", "The server field is not a playlist link.")
    username, password = creds
    carried = "and a password" if password else "but no password"
    return _lint(
        "server-field-has-m3u-link",
        "yes",
        f"The server field holds a whole playlist link, with server {fixed}, "
        f"username '{username}' {carried}: enter each in its own field.",
        proposal=f"server {fixed}, username {username}, password: the one in the link",
    )


def _edge_blanks(address: Address, fixed: str) -> Finding:
    """A space or an invisible character at either end is what a paste leaves behind
    (the clipboard's cause, not a badly written address), and removing it is certain."""
    before, after = edge_blanks(address.raw)
    if not before and not after:
        return _lint("server-whitespace", "no", "The address has nothing blank at its start or end.")
    where = " and ".join(
        f"{names} at the {end}" for names, end in ((_names(before), "start"), (_names(after), "end")) if names
    )
    return _lint(
        "server-whitespace",
        "yes",
        f"The address has {where}; a paste brings those along and some apps send them as they are.",
        proposal=fixed if address.host and not any(is_odd(c) for c in _core(address.raw)) else None,
    )


def _names(chars: str) -> str:
    return ", ".join(sorted({char_name(c) for c in chars}))


def _core(raw: str) -> str:
    before, after = edge_blanks(raw)
    return raw[len(before) : len(raw) - len(after)]


def _odd_characters(address: Address, fixed: str) -> Finding:
    odd = [c for c in _core(address.raw) if is_odd(c)]
    if not odd:
        return _lint("server-odd-characters", "no", "The address is plain ASCII with no spaces inside.")
    names = sorted({char_name(c) for c in odd})
    # Removing invisible characters and quotes is certain; a letter from another
    # alphabet (or a space inside) is not: we cannot tell what was meant.
    certain = all(c not in strip_invisible(c) for c in odd) and bool(address.host)
    return _lint(
        "server-odd-characters",
        "yes",
        "The address holds characters that do not belong in it: " + ", ".join(names) + ".",
        proposal=fixed if certain and not any(c.isspace() for c in odd) else None,
    )


def _port_fits_scheme(address: Address) -> Finding | None:
    if address.scheme is None:
        return None
    port = address.effective_port()
    other = "https" if address.scheme == "http" else "http"
    usual_other = HTTPS_PORTS if address.scheme == "http" else HTTP_PORTS
    if port in usual_other:
        return _lint(
            "port-fits-scheme",
            "no",
            f"Port {port} usually speaks {other}://, but the address says {address.scheme}://.",
        )
    return _lint("port-fits-scheme", "yes", f"Port {port} goes with {address.scheme}://.")
