"""One demo panel for every probe test, and the canary password they all use.

The canary must never appear in any output, log record, exception or file:
test_canary.py checks that, and every other test uses it so a leak anywhere
has a chance to show.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from xtream_doctor.demo_server import DemoServer

CANARY = "CanaryPw-7f3a9"
SLOW_DELAY = 0.6  # the demo's slow scenario waits this long ...
SLOW_AFTER = 0.3  # ... and the probe calls anything slower than this slow


@pytest.fixture(scope="session")
def demo() -> Iterator[DemoServer]:
    """The demo panel on 127.0.0.1, ephemeral ports, requiring the canary password."""
    server = DemoServer(password=CANARY, slow_delay=SLOW_DELAY)
    server.start()
    yield server
    server.stop()
