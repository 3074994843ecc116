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
BUDGET = 10.0  # scenarios that answer return at once; this only bounds a hang
WAITS = 1.5  # the budget for the scenarios that never finish, which wait for all of it
NEVER_SLOW = 60.0  # a threshold no answer on loopback reaches, however busy the machine
NEVER_FINISH = {"endless"}


def timing_for(username: str) -> dict[str, float]:
    """Budget and slow threshold for a scenario, so that no outcome depends on how busy
    the machine is: only 'slow' is judged slow (its server waits SLOW_DELAY first), and
    only the scenarios that never finish wait out their budget."""
    return {
        "budget": WAITS if username in NEVER_FINISH else BUDGET,
        "slow_after": SLOW_AFTER if username == "slow" else NEVER_SLOW,
    }


@pytest.fixture(scope="session")
def demo() -> Iterator[DemoServer]:
    """The demo panel on 127.0.0.1, ephemeral ports, requiring the canary password."""
    server = DemoServer(password=CANARY, slow_delay=SLOW_DELAY)
    server.start()
    yield server
    server.stop()
