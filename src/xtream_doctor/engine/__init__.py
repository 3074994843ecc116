"""The diagnosis engine: experta rules, the session, question selection."""

from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.engine.selection import Choice, Split
from xtream_doctor.engine.session import Candidate, Elimination, Event, KnownFact, Session, State

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
