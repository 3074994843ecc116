"""What running the probe first saves: questions asked with and without it.

Cases are drawn around the probe's facts for a known cause (so the caller's
answers agree with what the probe saw), then replayed twice with the same
answers: once with the probe's facts in the session, once without.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.simulation.replay import replay
from xtream_doctor.simulation.simulate import simulate_case


@dataclass(frozen=True)
class ProbeValue:
    cause: str
    without_probe: float  # mean questions
    with_probe: float
    seconds_without: float
    seconds_with: float
    cases: int


def probe_value(
    kb: KnowledgeBase,
    observations: Mapping[str, str],
    cause: str,
    inference: Inference | None = None,
    cases: int = 5,
    seed: int = 0,
) -> ProbeValue:
    inference = inference or Inference(kb)
    without, with_, s_without, s_with = [], [], [], []
    for i in range(cases):
        rng = random.Random(seed * 7919 + i)
        case = simulate_case(kb, inference, rng, cause=cause, given=observations)
        # without the probe, the caller still reads out what the lint saw in the typed details
        readable = {a: v for a, v in case.observations.items() if a in kb.questions}
        blind = replay(kb, {**case.answers, **readable}, inference=inference)
        probed = replay(kb, case.answers, observations=case.observations, inference=inference)
        without.append(blind.questions)
        with_.append(probed.questions)
        s_without.append(blind.seconds)
        s_with.append(probed.seconds)
    return ProbeValue(
        cause,
        statistics.mean(without),
        statistics.mean(with_),
        statistics.mean(s_without),
        statistics.mean(s_with),
        cases,
    )


def scenario_value(
    kb: KnowledgeBase,
    observations: Mapping[str, str],
    inference: Inference | None = None,
    causes: int = 3,
    cases: int = 3,
    seed: int = 0,
) -> list[ProbeValue]:
    """The probe's value for the likeliest causes its facts leave standing."""
    inference = inference or Inference(kb)
    alive = inference.run(dict(observations)).alive(kb.causes)
    likeliest = sorted(alive, key=lambda c: (-kb.causes[c].prior, c))[:causes]
    return [probe_value(kb, observations, c, inference, cases, seed) for c in likeliest]
