"""Case logs generated from the simulator, for tests, the bench and demos.

Each simulated case (a true cause and a consistent fact assignment, with
optional answer noise and don't-knows) becomes a record as the app would
have written it: probe and lint facts observed, answers given, the cause
confirmed.
"""

from __future__ import annotations

from collections.abc import Iterator

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.session import Session
from xtream_doctor.kb.model import FactSource, KnowledgeBase
from xtream_doctor.records.inputs import EvalCase
from xtream_doctor.records.record import CaseRecord, record_from_session
from xtream_doctor.simulation.simulate import SimulatedCase, simulate_cases


def source_for(kb: KnowledgeBase, attribute: str) -> FactSource:
    return kb.attributes[attribute].source


def eval_case(kb: KnowledgeBase, case: SimulatedCase, case_id: str) -> EvalCase:
    facts = [(a, v, source_for(kb, a)) for a, v in sorted(case.observations.items())]
    facts += [(a, v, "answer") for a, v in sorted(case.answers.items())]
    return EvalCase(case_id, f"simulated:{case.seed}", tuple(facts), case.cause)


def record(
    kb: KnowledgeBase, case: SimulatedCase, case_id: str, inference: Inference | None = None
) -> CaseRecord:
    session = Session(kb, inference, clock=lambda: 1748772000.0, auto_select=False)
    for attribute, value in sorted(case.observations.items()):
        session.observe(attribute, value, source_for(kb, attribute))
    for attribute, value in case.answers.items():
        session.answer(attribute, value)
    return record_from_session(session, case_id=case_id, confirmed_cause=case.cause, notes="simulated")


def generated_cases(
    kb: KnowledgeBase, count: int, seed: int = 0, noise: float = 0.0, dont_know: float = 0.0
) -> Iterator[EvalCase]:
    inference = Inference(kb)
    for i, case in enumerate(simulate_cases(kb, count, seed, noise, dont_know, inference)):
        yield eval_case(kb, case, f"sim-{seed}-{i}")


def generated_records(
    kb: KnowledgeBase, count: int, seed: int = 0, noise: float = 0.0, dont_know: float = 0.0
) -> Iterator[CaseRecord]:
    inference = Inference(kb)
    for i, case in enumerate(simulate_cases(kb, count, seed, noise, dont_know, inference)):
        yield record(kb, case, f"sim-{seed}-{i}", inference)
