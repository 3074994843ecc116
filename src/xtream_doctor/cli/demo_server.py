"""``xtream-doctor demo-server``: a demo Xtream panel on this machine.

Prints each scenario's username and the address to type, then serves until
Ctrl-C, SIGTERM (or ``--duration`` seconds).  Any password works unless
``--password`` sets one; it is a demo password, but the banner never shows it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from xtream_doctor.cli.common import UsageError
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.probe.redact import MASK, redact


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo-server",
        help="run a demo Xtream panel on this machine, one scenario per username",
        description="Serves player_api.php on --port (http), --https-port (self-signed TLS; plain http "
        "there gets nginx's 400 page) and --silent-port (accepts, never answers). The username "
        "picks the scenario. Port 0 picks a free port.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=25461, help="plain http port (default 25461, XC's)")
    parser.add_argument("--https-port", type=int, default=25463, help="TLS port (default 25463, XC's)")
    parser.add_argument(
        "--silent-port", type=int, default=25464, help="port that never answers (default 25464)"
    )
    parser.add_argument("--password", help="require this demo password (default: any password works)")
    parser.add_argument("--slow-delay", type=float, default=3.5, help="seconds the 'slow' scenario waits")
    parser.add_argument("--duration", type=float, help="stop after this many seconds (default: until Ctrl-C)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    for name in ("port", "https_port", "silent_port"):
        if not 0 <= getattr(args, name) < 65536:
            raise UsageError(f"--{name.replace('_', '-')} must be between 0 and 65535")
    server = DemoServer(
        args.host,
        args.port,
        args.https_port,
        args.silent_port,
        password=args.password,
        slow_delay=args.slow_delay,
    )
    # SIGTERM (kill, systemd, a CI runner) and SIGHUP (the terminal closed) stop it as
    # Ctrl-C does, so its temporary folder with the TLS key is removed.
    previous = _catch_stop_signals()
    try:
        try:
            server.start()
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {args.host}: {exc.strerror or exc} (pick other ports)"
            ) from exc
        print_banner(server)
        sys.stdout.flush()
        threading.Event().wait(args.duration)
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        server.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    print("demo panel stopped")
    return 0


def _catch_stop_signals() -> dict[int, Any]:
    """Turn SIGTERM and SIGHUP into _Stopped; the handlers they had before."""
    if threading.current_thread() is not threading.main_thread():
        return {}  # only the main thread may set handlers (tests run it elsewhere)
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    return {number: signal.signal(number, _stop_on_signal) for number in wanted}


class _Stopped(Exception):
    """A signal asked the demo panel to stop."""


def _stop_on_signal(number: int, frame: object) -> None:
    raise _Stopped(number)


def print_banner(server: DemoServer) -> None:
    # the password is a demo one, but it was typed on a command line: never echo it
    password = "the password given with --password" if server.password else "any password"
    print(f"Demo Xtream panel on {server.http_url} ({password}).")
    tls = (
        "self-signed"
        if server.tls_available
        else "no certificate could be made: plain http gets the 400 page"
    )
    print(f"  https only: {server.https_url} ({tls})")
    print(f"  never answers: {server.silent_url}")
    browser = redact(f"{server.http_url}/player_api.php?username=active&password=x")
    print(f"  browser test: {browser}  (put the password in place of {MASK})\n")
    width = max(len(s.username) for s in SCENARIOS)
    print(f"{'username':<{width}}  what the caller lives through  [imitates]")
    for scenario in SCENARIOS:
        print(f"{scenario.username:<{width}}  {scenario.summary}  [{scenario.imitates}]")
    print("\nAny other username is a wrong login (XC style). Ctrl-C stops.")
