"""Every shipped cause says what the caller can do once the call ends solved, so it does not
happen again: one to three steps, right after the fixes, cited from a guide or a declared basis,
with device variants only for devices the app asks about (kb lint does not look at these yet)."""

from __future__ import annotations

from xtream_doctor.kb import KnowledgeBase, default_rules_dir
from xtream_doctor.kb.guides import GUIDES


def test_every_cause_has_one_to_three_prevention_steps(kb: KnowledgeBase) -> None:
    missing = sorted(c.id for c in kb.causes.values() if c.prevention is None)
    assert not missing, f"no prevention block: {missing}"
    counts = {c.id: len(c.prevention.steps) for c in kb.causes.values() if c.prevention}
    assert all(1 <= n <= 3 for n in counts.values()), counts


def test_prevention_sits_between_the_fixes_and_the_rules(kb: KnowledgeBase) -> None:
    for cause in kb.causes.values():
        text = (default_rules_dir() / "causes" / f"{cause.id}.yaml").read_text(encoding="utf-8")
        fixes, prevention = text.index("\nfixes:\n"), text.index("\nprevention:\n")
        rules = text.find("\nrules:\n")
        assert fixes < prevention and (rules == -1 or prevention < rules), cause.id


def test_prevention_cites_a_guide_or_declares_its_basis(kb: KnowledgeBase) -> None:
    for cause in kb.causes.values():
        prevention = cause.prevention
        assert prevention is not None
        assert set(prevention.sources) <= set(GUIDES), cause.id
        assert prevention.sources or prevention.basis.startswith("support-engineering: "), cause.id


def test_prevention_device_variants_are_devices_the_app_asks_about(kb: KnowledgeBase) -> None:
    devices = kb.questions["device"].domain()
    for cause in kb.causes.values():
        assert cause.prevention is not None
        for step in cause.prevention.steps:
            assert set(step.devices) <= devices, (cause.id, sorted(step.devices))
            assert all(text.strip() and text != step.text for text in step.devices.values()), cause.id
