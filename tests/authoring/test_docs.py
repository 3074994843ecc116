"""kb-docs/ is generated from rules/, kept up to date by CI, and never touches hand-written pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.builders import G1, add_rule, cause, lit, rule
from xtream_doctor.authoring.docs import HAND_WRITTEN, MARKER, default_docs_dir, generate, stale
from xtream_doctor.authoring.docs import diagram as diagram_page
from xtream_doctor.cli import main
from xtream_doctor.kb import KnowledgeBase, default_rules_dir, load_knowledge_base
from xtream_doctor.kb.guides import GUIDES


def test_kb_docs_is_up_to_date_with_the_rules(kb: KnowledgeBase) -> None:
    out = default_docs_dir(default_rules_dir())
    problems = stale(out, generate(kb, out))
    assert not problems, (
        "kb-docs/ does not match rules/: run 'xtream-doctor kb docs' and commit the result:\n"
        + "\n".join(f"  {path}: {why}" for path, why in problems)
    )


def test_generating_twice_gives_the_same_bytes(kb: KnowledgeBase, tmp_path: Path) -> None:
    assert generate(kb, tmp_path / "kb-docs") == generate(kb, tmp_path / "kb-docs")


def docs(rules: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--rules", str(rules), "kb", "docs", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_check_lists_missing_stale_and_left_over_files(
    house: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = house.parent / "kb-docs"
    code, text = docs(house, capsys, "--check")
    assert code == 1
    assert f"{out / 'causes/bulb.md'}: missing" in text
    assert "run 'xtream-doctor kb docs'" in text

    code, text = docs(house, capsys)
    assert code == 0
    assert f"wrote {out / 'index.md'}" in text
    assert docs(house, capsys, "--check")[0] == 0

    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("The bulb is broken.", "The bulb has burnt out."))
    code, text = docs(house, capsys, "--check")
    assert code == 1
    assert f"{out / 'causes/bulb.md'}: out of date" in text

    (house / "causes/switch.yaml").unlink()
    path.write_text(path.read_text().replace("rule_out: [bulb, fuse]", "rule_out: [bulb]"))
    code, text = docs(house, capsys, "--check")
    assert f"{out / 'causes/switch.md'}: left over: no longer generated" in text
    code, text = docs(house, capsys)
    assert f"removed {out / 'causes/switch.md'}" in text
    assert not (out / "causes/switch.md").exists()


def test_hand_written_pages_are_left_alone(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = house.parent / "kb-docs"
    out.mkdir()
    for name in HAND_WRITTEN:
        (out / name).write_text(f"# {name}, by hand\n")
    (out / "notes.md").write_text("# notes, by hand\n")
    assert docs(house, capsys)[0] == 0
    assert docs(house, capsys, "--check")[0] == 0
    for name in HAND_WRITTEN:
        assert (out / name).read_text() == f"# {name}, by hand\n"
    assert (out / "notes.md").exists()


def test_out_writes_elsewhere(house: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "site"
    assert docs(house, capsys, "--out", str(elsewhere))[0] == 0
    assert (elsewhere / "index.md").read_text().startswith(MARKER)
    assert not (house.parent / "kb-docs").exists()


def test_a_broken_knowledge_base_writes_nothing(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("summary:", "sumary:"))
    code, text = docs(house, capsys)
    assert code == 2
    assert "unknown key 'sumary'" in text
    assert not (house.parent / "kb-docs").exists()


# --- what the pages say -------------------------------------------------------------------------


@pytest.fixture
def pages(house: Path) -> dict[str, str]:
    return generate(load_knowledge_base(house), house.parent / "kb-docs")


def test_the_index_lists_every_cause_and_page(pages: dict[str, str]) -> None:
    index = pages["index.md"]
    for name in ("bulb", "fuse", "switch"):
        assert f"(causes/{name}.md)" in index
    for page in ("authoring.md", "questions.md", "sources.md", "diagram.md", "case-records.md"):
        assert f"({page})" in index
    assert "3 causes, 3 questions" in index


def test_a_cause_page_says_how_it_shows_is_confirmed_ruled_out_and_fixed(pages: dict[str, str]) -> None:
    fuse = pages["causes/fuse.md"]
    assert fuse.startswith(MARKER + "\n# The fuse\n")
    assert "The fuse is broken." in fuse
    assert "## How it shows" in fuse
    assert "[smell](../questions.md#smell) = “It smells burnt”" in fuse
    assert "## The rules about it" in fuse
    assert "**It is confirmed** (1 rule; certain if the facts are right" in fuse
    assert "If the answer to [smell](../questions.md#smell) is “It smells burnt”, it confirms" in fuse
    assert "**It is ruled out** (2 rules; certain if the facts are right" in fuse
    assert "is “No smell”, it rules out [fuse](fuse.md)" in fuse
    assert "If the answer to [light](../questions.md#light) is “The light is on”, it rules out" in fuse
    assert "Because: Because. (rule `no-smell`;" in fuse
    assert f"*{GUIDES['001_87ca5caec89acc6d.txt']}*" in fuse
    assert "[rules/causes/fuse.yaml](../../rules/causes/fuse.yaml#L1)" in fuse


def test_a_cause_page_shows_every_rule_about_it_with_its_strength(house: Path) -> None:
    add_rule(house, "switch", rule("dark-but-fine", "{light: 'off'}", "raise: {switch: clearly}"))
    add_rule(house, "switch", rule("odourless", "{smell: none}", "lower: {switch: slightly}"))
    switch = generate(load_knowledge_base(house), house.parent / "kb-docs")["causes/switch.md"]
    assert "**It is made more likely** (1 rule):" in switch
    assert (
        "- If the answer to [light](../questions.md#light) is “The light is off”, it makes "
        "[switch](switch.md) clearly more likely (×5)." in switch
    )
    assert "**It is made less likely** (1 rule):" in switch
    assert "is “No smell”, it makes [switch](switch.md) slightly less likely (÷2)" in switch
    assert "**It is ruled out** (1 rule;" in switch
    assert "The rule that confirms another cause counts against it too" in switch
    body = switch.split("```mermaid\n")[1]
    assert 'r_dark_but_fine -->|"clearly more likely"| c_switch' in body
    assert 'r_odourless -.->|"slightly less likely"| c_switch' in body


def test_a_cause_page_gives_the_graded_meaning_of_found_and_of_a_failed_fix(pages: dict[str, str]) -> None:
    bulb = pages["causes/bulb.md"]
    assert "## When it is found" in bulb
    assert "It is found when its posterior reaches 90% (`confidence` in rules/settings.yaml)" in bulb
    assert "It starts at its prior share, 33.3%, so its odds against the other causes" in bulb
    assert "together must grow ×18" in bulb
    assert "×6.9 at most for `strongly`, and a `confirm` on it ×10 against every other cause" in bulb
    assert "(../authoring.md#how-strong-evidence-must-be)" in bulb
    assert "A fix that does not help makes the cause less likely by its chance of working" in bulb
    assert "`replace` · works 70% of the time when this is the cause; when it does not help" in bulb
    assert "when it does not help, the cause is ×0.37 as likely" in bulb
    for elimination in ("every other cause has been ruled out", "rules the cause out", "No rule confirms it"):
        assert elimination not in bulb


def test_a_cause_with_only_a_basis_shows_it_under_sources(house: Path) -> None:
    path = house / "causes/switch.yaml"
    path.write_text(path.read_text().replace(f"sources: [{G1}]", "basis: 'convention: switches fail'"))
    assert "001_" not in path.read_text()
    switch = generate(load_knowledge_base(house), house.parent / "kb-docs")["causes/switch.md"]
    sources = switch.split("## Sources\n")[1].split("\n## ")[0]
    assert "No guide states it; what it rests on (its basis):" in sources
    assert "- the cause: convention: switches fail" in sources
    assert "- fix `replace`: convention: switches fail" in sources
    assert "- rule `light-off`: convention: switches fail" in sources


def test_a_cause_no_rule_speaks_of_still_has_its_diagram(house: Path) -> None:
    cause(house, "wiring")
    wiring = generate(load_knowledge_base(house), house.parent / "kb-docs")["causes/wiring.md"]
    assert "No rule speaks of it yet" in wiring
    body = wiring.split("```mermaid\n")[1].split("```")[0]
    assert 'c_wiring["The wiring"]' in body
    assert "class c_wiring cause" in body


def test_fix_steps_show_their_device_variants_by_device_name(pages: dict[str, str]) -> None:
    bulb = pages["causes/bulb.md"]
    assert "### 1. Replace the bulb" in bulb
    assert (
        "1. Screw in a new bulb.\n   - On Fire TV Stick: Use the remote to turn the lamp off first." in bulb
    )


def test_the_catalogue_says_what_each_answer_does(pages: dict[str, str]) -> None:
    catalogue = pages["questions.md"]
    for name in ("light", "smell", "device"):
        assert f"### {name}\n" in catalogue
    assert "| `burnt` | It smells burnt | confirms [fuse](causes/fuse.md)" in catalogue
    assert "| `phone` | Phone | — |" in catalogue


def test_the_catalogue_lists_derived_facts_with_the_rules_concluding_them(house: Path) -> None:
    lit(house)
    cause(house, "wiring", rule("lit-wiring", "{lit: 'yes'}", "rule_out: wiring"))
    pages = generate(load_knowledge_base(house), house.parent / "kb-docs")
    assert "### lit\n" in pages["questions.md"]
    assert "Concluded by:" in pages["questions.md"]
    assert "concludes that [lit](#lit) is “Lit”" in pages["questions.md"]
    assert "The facts these rules read are concluded by:" in pages["causes/wiring.md"]


def test_the_matrix_marks_which_guide_supports_which_cause(pages: dict[str, str]) -> None:
    matrix = pages["sources.md"]
    assert "| [bulb](causes/bulb.md) | · | CRF | · | · | · |" in matrix
    for source, title in GUIDES.items():
        assert f"*{title}* (`{source}`)" in matrix


def test_the_diagram_links_questions_to_causes(pages: dict[str, str]) -> None:
    diagram = pages["diagram.md"]
    body = diagram.split("```mermaid\n")[1].split("```")[0]
    assert body.startswith("flowchart LR\n")
    assert 'a_smell(["smell"])' in body
    assert "a_smell ==> c_fuse" in body
    assert "a_smell -.-> c_fuse" in body
    assert "a_light -.-> c_bulb" in body
    node_ids = re.findall(r"^\s+([A-Za-z0-9_-]+)[\[(]", body, flags=re.MULTILINE)
    assert node_ids and all("-" not in n for n in node_ids)


def test_a_big_diagram_is_drawn_in_parts(house: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diagram_page, "PART_EDGES", 2)
    diagram = generate(load_knowledge_base(house), house.parent / "kb-docs")["diagram.md"]
    assert "Drawn in 3 parts" in diagram
    assert "## Part 1: bulb" in diagram
    assert diagram.count("```mermaid") == 3


def test_every_diagram_stays_within_mermaids_limit(kb: KnowledgeBase) -> None:
    pages = generate(kb, default_docs_dir(default_rules_dir()))
    for name, text in pages.items():
        for block in text.split("```mermaid\n")[1:]:
            arrows = len(re.findall(r" (-->|-\.->|==>)", block.split("```")[0]))
            assert arrows <= diagram_page.MAX_EDGES, name


def test_the_cause_pages_show_rules_between_answers_and_causes(pages: dict[str, str]) -> None:
    body = pages["causes/fuse.md"].split("```mermaid\n")[1]
    assert 'a_smell -->|"burnt"| r_burnt_smell' in body
    assert "r_burnt_smell ==>|confirms| c_fuse" in body


def test_each_cause_page_has_its_part_of_the_diagram(pages: dict[str, str]) -> None:
    switch = pages["causes/switch.md"]
    body = switch.split("```mermaid\n")[1]
    assert "r_light_off -.->|rules out| c_switch" in body
    assert "r_burnt_smell" not in body


def test_the_shipped_docs_have_a_page_per_cause(kb: KnowledgeBase) -> None:
    out = default_docs_dir(default_rules_dir())
    pages = generate(kb, out)
    assert {p for p in pages if p.startswith("causes/")} == {f"causes/{c}.md" for c in kb.causes}


def test_docs_can_be_generated_from_a_copy(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(default_rules_dir(), tmp_path / "rules")
    assert docs(tmp_path / "rules", capsys)[0] == 0
    assert docs(tmp_path / "rules", capsys, "--check")[0] == 0
