"""Finding the answer the caller volunteered by their own words (headless)."""

from __future__ import annotations

import pytest

from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.tui.volunteered import answers_matching


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("it says Max connections", ("error-message", "max-connections")),
        ("max conn", ("error-message", "max-connections")),
        ("two TVs are on", ("other-devices-active", "yes")),
        ("I use a VPN", ("vpn-in-use", "yes")),
        ("no vpn", ("vpn-in-use", "no")),
        ("my subscription expired", ("subscription-state", "expired")),
    ],
)
def test_the_answer_meant_comes_first(frozen_kb: KnowledgeBase, said: str, meant: tuple[str, str]) -> None:
    best = answers_matching(frozen_kb, said)[0]
    assert (best.attribute, best.value) == meant


def test_no_words_list_every_answer_in_order(frozen_kb: KnowledgeBase) -> None:
    every = [(q.id, a.value) for q in frozen_kb.questions.values() for a in q.answers]
    assert [(m.attribute, m.value) for m in answers_matching(frozen_kb, "")] == every


def test_words_found_nowhere_list_nothing(frozen_kb: KnowledgeBase) -> None:
    assert answers_matching(frozen_kb, "zzqx") == []
