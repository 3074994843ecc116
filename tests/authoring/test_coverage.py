"""rules/coverage.yaml: the guides' inventory, checked against the rules and rendered to kb-docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import G1, write
from xtream_doctor.authoring.docs import MARKER, generate
from xtream_doctor.authoring.docs.coverage import coverage_page
from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base


def _coverage(root: Path, encoded: str) -> Path:
    return write(
        root,
        "coverage.yaml",
        f"""
        items:
          - item: The light is off
            kind: test
            guides: [{G1}]
            encoded_by: [{encoded}]
          - item: Buy a brighter lamp
            kind: fix
            guides: [{G1}]
            not_encoded: advice for another day
        """,
    )


def test_every_id_the_coverage_names_must_exist(tiny_rules: Path) -> None:
    path = _coverage(tiny_rules, "light, no-such-rule")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(tiny_rules)
    (problem,) = raised.value.problems
    assert problem.code == "unknown-reference"
    assert problem.location.path.endswith("coverage.yaml") and problem.location.line == 5
    assert "'no-such-rule'" in problem.message
    assert path.exists()


def test_an_item_says_what_encodes_it_or_why_not(tiny_rules: Path) -> None:
    write(tiny_rules, "coverage.yaml", f"items:\n  - item: X\n    kind: cause\n    guides: [{G1}]\n")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(tiny_rules)
    assert "needs one of: encoded_by, not_encoded" in str(raised.value)


def test_the_page_lists_each_item_with_links_or_the_reason(tiny_rules: Path) -> None:
    _coverage(tiny_rules, "light")
    kb = load_knowledge_base(tiny_rules)
    page = coverage_page(kb)
    assert page.startswith(MARKER)
    assert "| The light is off | 001 | [light](questions.md#light) |" in page
    assert "*not encoded: advice for another day*" in page
    assert "2 items, 1 encoded, 1 not" in page
    assert "coverage.md" in generate(kb, tiny_rules.parent / "kb-docs")


def test_without_a_coverage_file_there_is_no_page(tiny_rules: Path) -> None:
    assert "coverage.md" not in generate(load_knowledge_base(tiny_rules), tiny_rules.parent / "kb-docs")


def test_the_shipped_coverage_has_every_kind_and_every_guide(kb: KnowledgeBase) -> None:
    assert {i.kind for i in kb.coverage} == {"cause", "fix", "test"}
    assert {g for i in kb.coverage for g in i.guides} == {
        "000_aecb2b6118ad169b.txt",
        "001_87ca5caec89acc6d.txt",
        "002_98861340fc9694f3.txt",
        "003_0f79ee2a1df8645e.txt",
        "004_6fa7296f4c6943c3.txt",
    }
    # every cause the guides give is encoded by some item (the catch-all is no guide's cause)
    named = {ident for i in kb.coverage for ident in i.encoded_by}
    assert set(kb.known_causes()) <= named
