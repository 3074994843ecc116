"""Build the real app on a frozen copy of the rules (tests/tui/rules), a case
log in tmp_path and, where a test wants one, a probe that answers from a script."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
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
Edit = Callable[[str], str]


def rules_with(folder: Path, edits: Mapping[str, Edit]) -> KnowledgeBase:
    """The frozen rules copied to ``folder``, each named file (a path below the rules;
    one not there starts empty) passed through its edit, and loaded."""
    shutil.copytree(RULES, folder)
    for name, edit in edits.items():
        path = folder / name
        path.write_text(edit(path.read_text(encoding="utf-8") if path.exists() else ""), encoding="utf-8")
    return load_knowledge_base(folder)


LONG_STEPS = [
    f"Step {n}, open the settings, find the login screen and read box {n} out to me slowly."
    for n in range(1, 9)
]
LONG_SUMMARY = " ".join(["The username or password typed in the app differs from the one on the line."] * 4)


def _long_fix(text: str) -> str:
    first_steps = re.search(r"(?s)    steps:\n(.*?)    sources:", text)
    assert first_steps is not None
    steps = "".join(f"      - {step}\n" for step in LONG_STEPS)
    text = text[: first_steps.start(1)] + steps + text[first_steps.end(1) :]
    summary = "summary: The username or password typed in the app differs from the one on the line."
    return text.replace(summary, f"summary: {LONG_SUMMARY}")


@pytest.fixture
def long_fix_kb(tmp_path: Path) -> KnowledgeBase:
    """The frozen rules, with a long summary and a first fix of eight long steps (:data:`LONG_STEPS`)."""
    return rules_with(tmp_path / "long-fix", {"causes/wrong-credentials.yaml": _long_fix})


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
