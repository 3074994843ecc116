"""Running the probe first saves questions, for every demo scenario."""

from __future__ import annotations

import pytest

from tests.probe.conftest import CANARY, timing_for
from xtream_doctor.cases.probe_value import scenario_value
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import Target, run_probe


@pytest.fixture(scope="module")
def inference(kb: KnowledgeBase) -> Inference:
    return Inference(kb)


@pytest.mark.parametrize("scenario", [s.username for s in SCENARIOS])
def test_the_probe_first_means_fewer_questions(
    kb: KnowledgeBase, inference: Inference, demo: DemoServer, scenario: str
) -> None:
    report = run_probe(Target(demo.http_url, scenario, CANARY), **timing_for(scenario))
    observed = {f.attribute: f.value for f in report.findings}
    (value,) = scenario_value(kb, observed, inference, causes=1, cases=1, seed=3)
    assert value.with_probe < value.without_probe, value
