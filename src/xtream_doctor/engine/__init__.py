"""The diagnosis engine: experta rules, the session, question selection."""

from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.engine.selection import Choice, Split
from xtream_doctor.engine.session import Session
from xtream_doctor.engine.state import Candidate, Elimination, Event, KnownFact, State

__all__ = [
    "Candidate",
    "Choice",
    "Elimination",
    "Event",
    "Inference",
    "KnownFact",
    "Outcome",
    "Session",
    "Split",
    "State",
]
