"""The non-JSON pages real servers send, rebuilt from their sources.

Each page is written from the description in XTREAM-API.md (no sample bodies
are shipped there): the section is named beside it.
"""

from __future__ import annotations

_NGINX_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n{extra}<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
# XUI.one / XC_VM generate404(): the nginx 404 page followed by six comments that
# stop browsers from replacing it with their own page (section 3.1, "6 padding comments").
_PADDING = "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n"


def nginx_page(status: int, reason: str, extra: str = "") -> bytes:
    """nginx's built-in error page (plain 404 for a wrong path, section 5)."""
    return _NGINX_PAGE.format(status=status, reason=reason, extra=extra).encode()


def xui_404() -> bytes:
    """The XUI family's answer to every refusal: wrong credentials, expired, banned ... (3.1)."""
    return nginx_page(404, "Not Found") + (_PADDING * 6).encode()


def plain_http_to_tls() -> bytes:
    """nginx on its TLS port, spoken to in plain http (section 3.5)."""
    return nginx_page(
        400,
        "Bad Request",
        "<center>The plain HTTP request was sent to HTTPS port</center>\r\n",
    )


def cloudflare_52x(status: int, host: str) -> bytes:
    """Cloudflare's origin-error page: title 'HOST | 52x: ...' (section 3.5)."""
    titles = {521: "Web server is down", 522: "Connection timed out", 524: "A timeout occurred"}
    title = titles.get(status, "Unknown error")
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n'
        f"<title>{host} | {status}: {title}</title>\n</head>\n<body>\n"
        f'<div id="cf-error-details"><h1>{title}</h1><span>Error code {status}</span>\n'
        f"<p>Visit cloudflare.com for more information.</p></div>\n</body>\n</html>\n"
    ).encode()


def cloudflare_challenge() -> bytes:
    """A bot challenge page; the header cf-mitigated: challenge is what counts (3.5)."""
    return (
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
        b"<body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>"
    )


def captive_portal() -> bytes:
    """A hotel/ISP/parked-domain page where the panel should be (section 5, 200 HTML)."""
    return (
        b"<!DOCTYPE html><html><head><title>Welcome - please sign in to the Wi-Fi</title></head>"
        b"<body><h1>Guest Wi-Fi</h1><p>Accept the terms to continue browsing.</p></body></html>"
    )


def xui_debug(code: str) -> bytes:
    """XUI.one in debug mode: 200 text/html naming the refusal code in <h2> (3.1)."""
    return (
        "<html><head><title>XUI.one - Debug Mode</title></head><body>"
        f"<h1>XUI.one - Debug Mode</h1><h2>{code}</h2>"
        "<p>This page is shown because debug mode is on.</p></body></html>"
    ).encode()
