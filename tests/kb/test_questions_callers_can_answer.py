"""Questions read aloud to a caller who is no technician (the second knowledge review): each asks
one thing they can see or do on the device in front of them, and has an answer for what callers
really say, among them "I can't do that now", which moves no cause."""

from __future__ import annotations

import pytest

from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.kb.load import answer_spellings, spelling


def moves_nothing(kb: KnowledgeBase, question: str, value: str) -> bool:
    """No rule reads this answer, and no question waits for it: it changes nothing."""
    readers = [r.id for r in kb.rules for c in r.when if c.attribute == question and value in c.values]
    waiting = [q.id for q in kb.questions.values() for c in q.asked_when if c.attribute == question]
    return not readers and not waiting


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("other-app-test", "cannot-install"),
        ("vpn-on-test", "no-vpn-app"),
        ("clear-cache-test", "not-cleared"),
        ("mobile-data-test", "not-now"),
        ("phone-on-wifi-test", "not-now"),
        ("dns-change-test", "cannot-change"),
        ("careful-retype-test", "no-email"),
        ("domain-matches-email", "no-email"),
        ("port-matches-email", "no-email"),
        ("password-space-check", "hidden"),
        ("credentials-entry", "someone-else"),
        ("credentials-entry", "uploaded"),
        ("router-vpn", "not-sure"),
    ],
)
def test_a_test_or_check_the_caller_cannot_do_has_an_answer_that_changes_nothing(
    kb: KnowledgeBase, question: str, value: str
) -> None:
    assert value in kb.questions[question].domain()
    assert moves_nothing(kb, question, value)


def test_the_other_app_is_tried_on_this_same_device_with_an_app_that_runs_there(kb: KnowledgeBase) -> None:
    """Callers with a Samsung TV or an iPhone, told to try TiviMate, tried it on their phone: a
    login there says nothing of a TV that may be offline, which five rules assume it does."""
    question = kb.questions["other-app-test"]
    assert "same device" in question.text
    devices = kb.questions["device"].domain()
    assert set(question.devices) == devices  # every device is told which app to add
    for device in ("smart-tv", "phone-tablet", "other"):
        assert "TiviMate" not in question.instructions_for(device), device


def test_the_login_method_asks_about_the_username_and_password_boxes(kb: KnowledgeBase) -> None:
    """IPTV Smarters shows four boxes for Xtream and two for a playlist: counting boxes misleads.
    "unsure" read as the playlist login confirmed wrong-login-method on a bare address."""
    question = kb.questions["login-method"]
    assert "password" in question.text and "three" not in question.text.lower()
    assert all("three" not in a.label.lower() for a in question.answers)
    assert not any(spelling("unsure") in answer_spellings(a) for a in question.answers)


def test_the_password_is_shown_before_it_is_looked_at(kb: KnowledgeBase) -> None:
    """A password shown as dots hides a blank: "no gap" there says nothing."""
    question = kb.questions["password-space-check"]
    assert "eye icon" in question.text
    assert "dots" in question.help


def test_the_vpn_test_is_not_offered_as_doable_on_a_smart_tv(kb: KnowledgeBase) -> None:
    question = kb.questions["vpn-on-test"]
    assert "no VPN app" in question.instructions_for("smart-tv")


def test_the_cache_test_has_a_step_for_every_device(kb: KnowledgeBase) -> None:
    """The iPhone step cleared no cache and Samsung and LG had none, yet "still fails" lowered the
    cause: where no cache can be cleared, the step says which answer to pick."""
    question = kb.questions["clear-cache-test"]
    assert set(question.devices) == kb.questions["device"].domain()
    for device in ("smart-tv", "phone-tablet", "computer", "other"):
        assert "could not be cleared" in question.instructions_for(device), device


def test_questions_speak_to_the_caller_without_the_desks_words(kb: KnowledgeBase) -> None:
    """The desk's word "line" for a subscription is jargon, a ban asked about "for sharing it"
    sounds like an accusation, and "our panel shows paid" gives the caller the answer first."""
    assert " line " not in f" {kb.questions['ban-notice'].text} "
    assert "sharing" not in kb.questions["ban-notice"].text
    assert "panel" not in kb.questions["last-payment"].text
    assert "port" in kb.questions["scheme-switch-test"].help  # the other scheme goes with its own port
