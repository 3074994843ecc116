"""A real Xtream-speaking server on loopback: plain, TLS, a silent and a refusing port.

Three listeners, each on its own thread: the plain-http panel; a TLS port
that, like nginx, answers a plain-http request with its 400 page and a TLS
handshake with the panel (self-signed); and a port that accepts connections
and never answers (a firewall that lets the SYN through, a hung panel).  A
fourth port is bound but never listens, so every connection to it is refused
at once, and no other program can take its number meanwhile.  Standard library
only.  Request lines are logged redacted, never printed.  With ``record`` on,
the server keeps what arrived in clear text (plain http on either port), so a
test can check that no password went over plain http.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from xtream_doctor.demo_server import pages
from xtream_doctor.demo_server.scenarios import Reply, Request, reply_for
from xtream_doctor.demo_server.tls import make_certificate, server_context
from xtream_doctor.probe.redact import install_log_redaction, redact

log = logging.getLogger("xtream_doctor.demo_server")
ACCOUNT_PATHS = ("/player_api.php", "/panel_api.php")
ENDLESS_LIMIT = 120.0  # seconds an endless body runs at most, even if nobody stops it


class _Handler(BaseHTTPRequestHandler):
    """One request on the panel: pick the scenario by username and answer."""

    server: _Listener
    protocol_version = "HTTP/1.1"
    timeout = 5
    https = False
    plain_on_tls = False

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), redact(format % args))

    def do_HEAD(self) -> None:
        # XC and XC_VM nginx answer 200, empty, to anything but GET/POST (section 1.7).
        self._send(Reply(200, b"", "text/plain"), head=True)

    do_OPTIONS = do_HEAD

    def do_POST(self) -> None:
        self.do_GET()

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        demo = self.server.demo
        if demo.record and not self.https:  # what crossed the wire unencrypted
            line: bytes = getattr(self, "raw_requestline", b"")
            head = line + (str(self.headers).encode() if parsed else b"")
            with demo.lock:
                demo.heard.append(head)
        return parsed

    def do_GET(self) -> None:
        if self.plain_on_tls:
            self._send(Reply(400, pages.plain_http_to_tls(), "text/html"))
            return
        parts = urlsplit(self.path)
        path = "/" + "/".join(p for p in parts.path.split("/") if p)  # nginx merges slashes
        if path not in ACCOUNT_PATHS:
            self._send(Reply(404, pages.nginx_page(404, "Not Found"), "text/html"))
            return
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        username, password = query.get("username", ""), query.get("password", "")
        if not username or not password:
            self._send(Reply(200, b"", "text/html"))  # XC: credentials missing (section 3.1)
            return
        demo = self.server.demo
        request = Request(
            username=username,
            password=password,
            host=(self.headers.get("Host") or demo.host).rsplit(":", 1)[0],
            port=self.server.server_address[1],
            https=self.https,
            http_port=demo.http_port,
            https_port=demo.https_port,
            now=time.time(),
            refused_port=demo.refused_port,
        )
        self._send(reply_for(request, demo.password))

    def _send(self, reply: Reply, head: bool = False) -> None:
        self.close_connection = True
        stop = self.server.demo.stopping
        if reply.delay and stop.wait(self.server.demo.slow_delay):
            return
        if reply.raw is not None:
            self.wfile.write(reply.raw)
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type + "; charset=utf-8")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        if reply.endless:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self._drip(reply.body, stop)
            return
        self.send_header("Content-Length", str(len(reply.body) * reply.repeat + reply.short_by))
        self.end_headers()
        if head:
            return
        for _ in range(reply.repeat):
            self.wfile.write(reply.body)
        self.wfile.flush()  # then close_connection ends it, short of what was announced

    def _drip(self, chunk: bytes, stop: threading.Event) -> None:
        ends = time.monotonic() + ENDLESS_LIMIT
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while time.monotonic() < ends and not stop.wait(0.1):
            self.wfile.write(framed)
            self.wfile.flush()


class _TlsHandler(_Handler):
    https = True


class _PlainOnTlsHandler(_Handler):
    plain_on_tls = True


class _Listener(socketserver.ThreadingTCPServer):
    """A threaded TCP server that keeps a reference to its DemoServer."""

    allow_reuse_address = True
    request_queue_size = 128  # the probe opens five connections at once; batches many more
    daemon_threads = True
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], demo: DemoServer) -> None:
        self.demo = demo
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is normal here (the probe caps bodies).
        log.debug("connection from %s ended early", client_address)


class _TlsListener(_Listener):
    """nginx's TLS port: TLS gets the panel, plain http gets the 400 page (3.5)."""

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(5)
        try:
            first = request.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if not first:
            return
        context = self.demo.ssl_context
        if first[:1] != b"\x16":
            _PlainOnTlsHandler(request, client_address, self)
            return
        if context is None:
            return
        try:
            wrapped = context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            _TlsHandler(wrapped, client_address, self)
        finally:
            wrapped.close()


class DemoServer:
    """The demo panel: start it, point the probe or a player at it, stop it.

    Ports 0 pick free ones.  ``password`` None accepts any password; a set one
    makes every other password a wrong login (XC style).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        https_port: int = 0,
        silent_port: int = 0,
        *,
        password: str | None = None,
        slow_delay: float = 3.5,
        record: bool = False,
    ) -> None:
        self.host = host
        self.password = password
        self.slow_delay = slow_delay
        self.record = record
        self.heard: list[bytes] = []  # with record: each plain-http request line and headers
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._ports = (port, https_port, silent_port)
        self._threads: list[threading.Thread] = []
        self._held: list[socket.socket] = []
        self._serving: list[_Listener] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.ssl_context: ssl.SSLContext | None = None
        self._http: _Listener | None = None
        self._https: _TlsListener | None = None
        self._silent: socket.socket | None = None
        self._refusing: socket.socket | None = None

    @property
    def http_port(self) -> int:
        return self._http.server_address[1] if self._http else 0

    @property
    def https_port(self) -> int:
        return self._https.server_address[1] if self._https else 0

    @property
    def silent_port(self) -> int:
        return self._silent.getsockname()[1] if self._silent else 0

    @property
    def refused_port(self) -> int:
        return self._refusing.getsockname()[1] if self._refusing else 0

    @property
    def refused_url(self) -> str:
        return f"http://{self.host}:{self.refused_port}"

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def https_url(self) -> str:
        return f"https://{self.host}:{self.https_port}"

    @property
    def silent_url(self) -> str:
        return f"http://{self.host}:{self.silent_port}"

    @property
    def tls_available(self) -> bool:
        return self.ssl_context is not None

    def start(self) -> DemoServer:
        """Bind every port (raises OSError if one is taken) and serve in threads."""
        install_log_redaction()
        self._tmp = tempfile.TemporaryDirectory(prefix="xtream-doctor-demo-")
        made = make_certificate(Path(self._tmp.name))
        self.ssl_context = server_context(*made) if made else None
        port, https_port, silent_port = self._ports
        try:
            self._http = _Listener((self.host, port), _Handler, self)
            self._https = _TlsListener((self.host, https_port), _Handler, self)
            self._silent = socket.create_server((self.host, silent_port), backlog=128)
            self._refusing = socket.socket(self._silent.family, socket.SOCK_STREAM)
            self._refusing.bind((self.host, 0))  # bound, never listening: connections are refused
        except OSError:
            self.stop()
            raise
        for server in (self._http, self._https):
            self._spawn(server.serve_forever, 0.1)
            self._serving.append(server)
        self._spawn(self._hold_silently)
        log.info("demo panel on %s, TLS on %s, silent on %s", self.http_url, self.https_url, self.silent_url)
        return self

    def stop(self) -> None:
        """Stop serving, end slow and endless answers, close every socket."""
        self.stopping.set()
        for server in self._serving:
            server.shutdown()
        for listener in (self._http, self._https):
            if listener is not None:
                listener.server_close()
        for sock in (self._silent, self._refusing):
            if sock is not None:
                sock.close()
        for held in self._held:
            held.close()
        for thread in self._threads:
            thread.join(timeout=5)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="xtream-demo")
        thread.start()
        self._threads.append(thread)

    def _hold_silently(self) -> None:
        """Accept, never read, never write: the connection just hangs."""
        assert self._silent is not None
        self._silent.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                conn, _ = self._silent.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(conn)
