"""Build the real app on a frozen copy of the rules (tests/tui/rules), a case
log in tmp_path and, where a test wants one, a probe that answers from a script."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.probe import Finding, ProbeReport, Target, lint
from xtream_doctor.tui.app import XtreamDoctorApp

RULES = Path(__file__).parent / "rules"


@pytest.fixture(scope="session")
def frozen_kb() -> KnowledgeBase:
    """Six causes that do not change while the bundled knowledge base grows."""
    return load_knowledge_base(RULES)


class ScriptedProbe:
    """Stands in for the httpx probe: waits a moment, then reports these findings."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        delay: float = 0.05,
        error: BaseException | None = None,
        gated: bool = False,
    ):
        self.findings = tuple(findings)
        self.delay = delay
        self.error = error
        self.gate = asyncio.Event() if gated else None  # the test says when the probe may finish
        self.targets: list[Target] = []

    async def __call__(self, target: Target) -> ProbeReport:
        self.targets.append(target)
        await asyncio.sleep(self.delay)
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        return ProbeReport(
            target="scripted", address="http://probe.test:8080", findings=self.findings, elapsed=self.delay
        )


def probe_finding(attribute: str, value: str) -> Finding:
    return Finding(attribute, value, "probe", f"The probe saw {attribute} = {value}.")


MakeApp = Callable[..., XtreamDoctorApp]


@pytest.fixture
def make_app(tmp_path: Path, frozen_kb: KnowledgeBase) -> MakeApp:
    def make(kb: KnowledgeBase | None = None, **options: object) -> XtreamDoctorApp:
        options.setdefault("case_log", tmp_path / "cases.sqlite3")
        options.setdefault("rules_dir", RULES)
        return XtreamDoctorApp(kb or frozen_kb, **options)  # type: ignore[arg-type]

    return make


def refusing_app(make_app: MakeApp) -> tuple[XtreamDoctorApp, ScriptedProbe]:
    """The app with the real lint and a probe the server refuses the password to."""
    probe = ScriptedProbe([probe_finding("account-check", "wrong-credentials")])
    return make_app(probe=probe, lint=lint), probe
