"""The escalation ticket when none of the known causes fits."""

from __future__ import annotations

from pathlib import Path

from tests.engine.test_catch_all import _office
from xtream_doctor.engine import Session
from xtream_doctor.tui.casefile import CaseDetails
from xtream_doctor.tui.ticket import escalation_summary


def test_the_ticket_says_none_of_the_known_causes_fits(tmp_path: Path) -> None:
    kb = _office(tmp_path / "rules")
    session = Session(kb)
    for name in ("lamp", "mains", "switch"):
        session.answer(f"sign-of-{name}", "yes")
    text = escalation_summary(kb, session, "c1", CaseDetails())
    assert "None of the known causes fits what was tested: for the provider's engineers" in text
