"""A skipped fix is part of the case's history: undo takes it back in turn,
and a saved case remembers it when it is resumed."""

from __future__ import annotations

import pytest

from xtream_doctor.engine import Session
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.record import CaseRecord, record_from_session, session_from_record


@pytest.fixture
def skipped(kb: KnowledgeBase) -> Session:
    session = Session(kb, clock=iter(range(1000, 2000)).__next__)
    session.observe("credentials-whitespace", "yes", source="lint")
    first = kb.causes["clipboard-whitespace"].fixes[0]
    session.skip_fix("clipboard-whitespace", first.id)
    return session


def test_a_skip_is_remembered_and_is_no_evidence(kb: KnowledgeBase, skipped: Session) -> None:
    first = kb.causes["clipboard-whitespace"].fixes[0]
    assert skipped.skipped_fixes() == {("clipboard-whitespace", first.id)}
    plain = Session(kb)
    plain.observe("credentials-whitespace", "yes", source="lint")
    assert skipped.state().posterior.probabilities == plain.state().posterior.probabilities


def test_undo_takes_the_skip_back(skipped: Session) -> None:
    undone = skipped.undo()
    assert undone is not None and undone.kind == "skip-fix"
    assert skipped.skipped_fixes() == set()


def test_a_resumed_case_remembers_its_skips(kb: KnowledgeBase, skipped: Session) -> None:
    record = record_from_session(skipped, case_id="skips")
    again = session_from_record(kb, CaseRecord.from_json(record.to_json()))
    assert again.skipped_fixes() == skipped.skipped_fixes()


def test_a_skip_of_an_unknown_fix_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="has no fix"):
        Session(kb).skip_fix("clipboard-whitespace", "no-such-fix")
