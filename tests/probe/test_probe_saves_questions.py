"""Running the probe first leaves less to ask, for every demo scenario."""

from __future__ import annotations

import pytest

from tests.probe.conftest import CANARY, timing_for
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.engine import Session
from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import Target, run_probe


@pytest.fixture(scope="module")
def inference(kb: KnowledgeBase) -> Inference:
    return Inference(kb)


@pytest.mark.parametrize("scenario", [s.username for s in SCENARIOS])
def test_the_probe_first_leaves_less_uncertainty(
    kb: KnowledgeBase, inference: Inference, demo: DemoServer, scenario: str
) -> None:
    report = run_probe(Target(demo.http_url, scenario, CANARY), **timing_for(scenario))
    session = Session(kb, inference=inference, auto_select=False)
    before = session.state().posterior.entropy()
    for finding in report.findings:
        session.observe(finding.attribute, finding.value, source=finding.source)
    after = session.state().posterior.entropy()
    assert after < before - 0.1, (scenario, before, after)
