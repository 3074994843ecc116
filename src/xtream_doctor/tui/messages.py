"""Typed messages the workers post back to the screens.

Each carries the case it belongs to, so a result that arrives after staff
moved on to another case is dropped instead of landing in the wrong one.
"""

from __future__ import annotations

from textual.message import Message

from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import KnowledgeBase, Problem
from xtream_doctor.probe import ProbeReport


class ProbeStarted(Message):
    def __init__(self, case_id: str, budget: float) -> None:
        super().__init__()
        self.case_id = case_id
        self.budget = budget


class ProbeFinished(Message):
    """The probe's report: its findings land in the session."""

    def __init__(self, case_id: str, report: ProbeReport) -> None:
        super().__init__()
        self.case_id = case_id
        self.report = report


class ProbeStopped(Message):
    """The probe ended without a report (it failed or was cancelled)."""

    def __init__(self, case_id: str, reason: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.reason = reason


class RulesReloaded(Message):
    """New rules from disk, compiled, ready to replace the ones in use."""

    def __init__(self, kb: KnowledgeBase, inference: Inference) -> None:
        super().__init__()
        self.kb = kb
        self.inference = inference


class RulesBroken(Message):
    """The rules did not load; the last good knowledge base stays in use."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__()
        self.problems = problems
