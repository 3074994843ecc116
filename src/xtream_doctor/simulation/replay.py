"""Replay one case: an oracle answers from its facts while a policy asks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.policies import InformationPolicy, Policy
from xtream_doctor.engine.session import Session
from xtream_doctor.kb.model import KnowledgeBase


@dataclass(frozen=True)
class ReplayResult:
    status: str
    candidates: tuple[str, ...]
    asked: tuple[tuple[str, str], ...]  # (question, answer or "?")
    seconds: float

    @property
    def questions(self) -> int:
        return len(self.asked)


def replay(
    kb: KnowledgeBase,
    answers: Mapping[str, str],
    policy: Policy | None = None,
    observations: Mapping[str, str] | None = None,
    inference: Inference | None = None,
    max_questions: int = 60,
) -> ReplayResult:
    """Ask until one cause remains or nothing splits; unknown answers are "don't know"."""
    policy = policy or InformationPolicy()
    session = Session(kb, inference, auto_select=isinstance(policy, InformationPolicy))
    for attribute, observed in (observations or {}).items():
        session.observe(attribute, observed, source="probe")
    asked: list[tuple[str, str]] = []
    seconds = 0.0
    state = session.state()
    while state.status == "asking" and len(asked) < max_questions:
        question = policy.choose(session, state)
        if question is None:
            break
        value = answers.get(question.id)
        if value is None:
            session.dont_know(question.id)
        else:
            session.answer(question.id, value)
        asked.append((question.id, value or "?"))
        seconds += question.cost
        state = session.state()
    status = "undecidable" if state.status == "asking" else state.status
    return ReplayResult(status, tuple(c.cause for c in state.candidates), tuple(asked), seconds)
