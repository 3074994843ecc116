"""A question may declare other spellings of its answers, for imported helpdesk exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import light
from xtream_doctor.kb import KnowledgeBaseError, load_knowledge_base


def test_synonyms_name_answers_of_their_question(tiny_rules: Path) -> None:
    path = tiny_rules / "questions" / "light.yaml"
    path.write_text(path.read_text() + "synonyms:\n  on: [Lit, Shining]\n  of: [Dark]\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tiny_rules)
    (problem,) = caught.value.problems
    assert problem.location.line == 10 and "'of', which is not an answer" in problem.message
    assert "Did you mean 'off'?" in problem.message


def test_a_synonym_stands_for_one_answer_only(tiny_rules: Path) -> None:
    path = tiny_rules / "questions" / "light.yaml"
    path.write_text(path.read_text() + "synonyms:\n  on: [the light is OFF]\n")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tiny_rules)
    assert "also how 'off' is written" in caught.value.problems[0].message


def test_synonyms_load_onto_the_answers(tiny_rules: Path) -> None:
    light(tiny_rules, "synonyms:\n  on: [Lit, Shining]\n  off: Dark")
    answers = load_knowledge_base(tiny_rules).questions["light"].answers
    assert [(a.value, a.synonyms) for a in answers] == [("on", ("Lit", "Shining")), ("off", ("Dark",))]
