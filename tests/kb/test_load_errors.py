"""A broken rule file gets one located line per problem, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import G1, write
from xtream_doctor.cli import main
from xtream_doctor.kb import KnowledgeBaseError, load_knowledge_base


def errors_of(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = main(["--rules", str(root), "kb", "validate"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    return [line for line in err.splitlines() if ": error: " in line]


def test_the_tiny_knowledge_base_loads(tiny_rules: Path) -> None:
    kb = load_knowledge_base(tiny_rules)
    assert set(kb.causes) == {"bulb", "fuse"}
    assert kb.questions["light"].domain() == {"on", "off"}


def test_bad_indentation_names_file_and_line(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_rules / "questions/light.yaml"
    path.write_text(path.read_text().replace("  off: The light is off", " off: The light is off"))
    (error,) = errors_of(tiny_rules, capsys)
    assert "light.yaml:5:" in error
    assert "indentation" in error


def test_an_unknown_key_suggests_the_right_one(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_rules / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("summary:", "sumary:"))
    errors = errors_of(tiny_rules, capsys)
    assert any(
        "bulb.yaml:3:1:" in e and "unknown key 'sumary'" in e and "Did you mean 'summary'?" in e
        for e in errors
    )


def test_a_duplicate_key_is_an_error(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_rules / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("prior: 10\n", "prior: 10\nprior: 20\n"))
    (error,) = errors_of(tiny_rules, capsys)
    assert "bulb.yaml:5:1:" in error
    assert "duplicate key 'prior'" in error


def test_a_rule_naming_a_missing_cause_is_an_error(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("rule_out: bulb", "rule_out: blub"))
    (error,) = errors_of(tiny_rules, capsys)
    assert "bulb.yaml:14:5:" in error
    assert "'blub', which does not exist" in error
    assert "Did you mean 'bulb'?" in error


def test_an_answer_outside_the_domain_is_an_error(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "causes/fuse.yaml"
    path.write_text(path.read_text().replace("{light: off}", "{light: of}"))
    (error,) = errors_of(tiny_rules, capsys)
    assert "fuse.yaml:13:12:" in error
    assert "'of' is not an answer of 'light'" in error
    assert "Did you mean 'off'?" in error


def test_a_duplicate_id_is_an_error(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        tiny_rules,
        "facts/bulb.yaml",
        """
        id: bulb
        meaning: a fact that reuses a cause's id
        set_by: probe
        values: {a: A, b: B}
    """,
    )
    (error,) = errors_of(tiny_rules, capsys)
    assert "facts/bulb.yaml:1:1:" in error
    assert "duplicate id 'bulb'" in error


def test_a_duplicate_rule_id_is_an_error(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_rules / "causes/fuse.yaml"
    path.write_text(path.read_text().replace("id: fuse-rule", "id: bulb-rule"))
    (error,) = errors_of(tiny_rules, capsys)
    assert "duplicate rule id 'bulb-rule'" in error


def test_an_id_must_equal_its_file_name(tiny_rules: Path) -> None:
    path = tiny_rules / "causes/fuse.yaml"
    path.write_text(path.read_text().replace("id: fuse\n", "id: fuses\n"))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tiny_rules)
    assert any("must equal the file name 'fuse'" in str(p) for p in caught.value.problems)


def test_every_problem_is_reported_at_once(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bulb = tiny_rules / "causes/bulb.yaml"
    bulb.write_text(bulb.read_text().replace("summary:", "sumary:").replace("prior: 10", "prior: ten"))
    fuse = tiny_rules / "causes/fuse.yaml"
    fuse.write_text(fuse.read_text().replace(G1, "009_nonexistent.txt", 1))
    errors = errors_of(tiny_rules, capsys)
    assert len(errors) >= 3
    assert any("'prior' should be a number, not 'ten'" in e for e in errors)
    assert any("guide file name" in e for e in errors)


def test_yes_and_no_stay_words_not_booleans(tiny_rules: Path) -> None:
    write(
        tiny_rules,
        "questions/switch.yaml",
        f"""
        id: switch
        text: Is it switched on?
        answers: {{yes: Yes, no: No}}
        cost: 5
        sources: [{G1}]
    """,
    )
    kb = load_knowledge_base(tiny_rules)
    assert kb.questions["switch"].domain() == {"yes", "no"}


def test_a_test_that_solves_names_a_real_answer_and_a_real_cause(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "questions/light.yaml"
    path.write_text(path.read_text() + "solves:\n  onn: [bulb]\n  off: [blub]\n")
    errors = errors_of(tiny_rules, capsys)
    assert any("solves names 'onn'" in e and "Did you mean 'on'?" in e for e in errors)
    assert any("light.yaml:" in e and "solves names the cause 'blub'" in e for e in errors)


def test_a_cause_may_say_how_to_keep_it_from_happening_again(tiny_rules: Path) -> None:
    path = tiny_rules / "causes/bulb.yaml"
    path.write_text(path.read_text() + f"prevention:\n  steps: [Buy a spare bulb.]\n  sources: [{G1}]\n")
    prevention = load_knowledge_base(tiny_rules).causes["bulb"].prevention
    assert prevention is not None and [s.text for s in prevention.steps] == ["Buy a spare bulb."]
