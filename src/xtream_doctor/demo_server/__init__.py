"""A demo Xtream panel on loopback: every scenario the probe must recognise.

Used by the tests, the bench and ``xtream-doctor demo-server`` (for trying the
probe, the TUI or a real player against known answers).
"""

from xtream_doctor.demo_server.scenarios import SCENARIOS, Scenario
from xtream_doctor.demo_server.server import DemoServer

__all__ = ["SCENARIOS", "DemoServer", "Scenario"]
