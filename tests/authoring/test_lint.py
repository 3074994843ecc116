"""Each lint check fires on a small broken knowledge base, and says what, where and how to fix.

The ``house`` fixture (tests/builders.py) is a lint-clean knowledge base (three causes of a
dark room, three questions); each test breaks it in one way.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest

from tests.builders import G1, add_rule, cause, fact, lit, question, rule
from xtream_doctor.authoring.lint import CHECKS, LOAD_CHECKS, Linter, lint
from xtream_doctor.cli import main
from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, Problem, load_knowledge_base
from xtream_doctor.kb.model import Location, Rule


def problems(root: Path) -> list[Problem]:
    return lint(load_knowledge_base(root))


def only(found: list[Problem], code: str) -> list[Problem]:
    return [p for p in found if p.code == code]


def test_the_house_is_lint_clean(house: Path) -> None:
    assert problems(house) == []


# --- found while loading ----------------------------------------------------------------


def test_an_unknown_reference_fails_to_load_with_exit_2(
    house: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = house / "causes/switch.yaml"
    path.write_text(path.read_text().replace("rule_out: switch", "rule_out: swich"))
    assert main(["--rules", str(house), "kb", "lint"]) == 2
    out = capsys.readouterr().out
    assert "switch.yaml:" in out
    assert "'swich', which does not exist" in out
    assert "Did you mean 'switch'?" in out
    assert "[unknown-reference]" in out


def test_load_problems_come_as_json_too(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = house / "causes/switch.yaml"
    path.write_text(path.read_text().replace("{light: 'off'}", "{lihgt: 'off'}"))
    assert main(["--rules", str(house), "kb", "lint", "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["loaded"] is False
    (problem,) = report["problems"]
    assert problem["code"] == "unknown-reference"
    assert problem["path"].endswith("switch.yaml")
    assert problem["line"] > 0


# --- structural checks ---------------------------------------------------------------------


def test_a_device_variant_for_an_unknown_device_is_a_warning(house: Path) -> None:
    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("devices: {firestick:", "devices: {firetv:"))
    (problem,) = only(problems(house), "unknown-device")
    assert problem.severity == "warning"
    assert str(problem.location).endswith("bulb.yaml:1:1")
    assert "device 'firetv'" in problem.message
    assert "fix 'replace'" in problem.message
    assert "firestick, phone" in problem.message  # the answers it could be
    assert "Rename the key" in problem.message


def test_a_rule_about_another_cause_is_misplaced(house: Path) -> None:
    add_rule(house, "switch", rule("burnt-bulb", "{smell: burnt}", "rule_out: bulb"))
    (problem,) = only(problems(house), "misplaced-rule")
    assert problem.severity == "warning"
    assert "switch.yaml:" in str(problem.location)
    assert "rule 'burnt-bulb' is in the file of 'switch' but says nothing about 'switch'" in (problem.message)
    assert "Move it to the file of the cause it speaks about (bulb.yaml)" in problem.message


def test_a_rule_that_fires_on_an_empty_case_is_an_error(house: Path) -> None:
    # The schema demands at least one condition, so such a rule can only be built in Python;
    # lint still checks, through the engine, that nothing fires before anything is known.
    kb = load_knowledge_base(house)
    always = Rule("always", (), "Always.", (G1,), rule_out=("bulb",), location=Location("x.yaml", 3, 5))
    (problem,) = only(lint(dataclasses.replace(kb, rules=(*kb.rules, always))), "fires-on-empty-case")
    assert problem.severity == "error"
    assert str(problem.location) == "x.yaml:3:5"
    assert "fires before anything is known" in problem.message
    assert "Give it a condition" in problem.message


def test_a_rule_accepting_every_answer_matches_every_case(house: Path) -> None:
    cause(house, "wiring", rule("any-light", "{light: ['on', 'off']}", "rule_out: wiring"))
    (problem,) = only(problems(house), "matches-every-case")
    assert problem.severity == "error"
    assert "wiring.yaml:" in str(problem.location)
    assert "rule 'any-light' accepts every value" in problem.message
    assert "Keep in 'when' only the answers" in problem.message


def test_one_condition_accepting_every_answer_is_a_warning(house: Path) -> None:
    path = house / "causes/fuse.yaml"
    path.write_text(
        path.read_text().replace("when: {smell: none}", "when: {smell: none, light: ['on', 'off']}")
    )
    (problem,) = only(problems(house), "matches-every-answer")
    assert problem.severity == "warning"
    assert "fuse.yaml:" in str(problem.location)
    assert "accepts every answer of 'light'" in problem.message
    assert "drop the condition 'light'" in problem.message


def test_a_derived_fact_no_rule_derives_is_never_set(house: Path) -> None:
    fact(house, "power", "derived", {"ok": "Power is fine", "cut": "Power is cut"})
    add_rule(house, "switch", rule("power-cut", "{power: cut}", "rule_out: switch"))
    found = problems(house)
    (never,) = only(found, "never-set-fact")
    assert "power.yaml:1:1" in str(never.location)
    assert "no rule derives it" in never.message
    assert "power-cut" in never.message  # the rules it leaves dead
    assert "Add a rule with 'derive: {power: ...}'" in never.message
    (dead,) = only(found, "dead-rule")
    assert "rule 'power-cut' can never fire" in dead.message
    assert "nothing gives 'power' the value cut" in dead.message


# --- rules that can never fire ----------------------------------------------------------


def test_a_rule_needing_two_values_of_one_attribute_is_dead(house: Path) -> None:
    lit(house)
    cause(house, "wiring", rule("lit-but-off", "{lit: 'yes', light: 'off'}", "rule_out: wiring"))
    (dead,) = only(problems(house), "dead-rule")
    assert dead.severity == "error"
    assert "wiring.yaml:" in str(dead.location)
    assert "rule 'lit-but-off' can never fire" in dead.message
    assert "'lit = yes' and 'light = off' cannot hold at once" in dead.message
    assert "lit = yes comes only from rule 'lit-when-on' when light = on" in dead.message
    assert "Fix the condition, or delete the rule" in dead.message


def test_a_question_whose_asked_when_never_holds_is_never_asked(house: Path) -> None:
    lit(house)
    question(house, "bulb-age", {"old": "Old", "new": "New"}, "asked_when: {lit: 'no'}")
    add_rule(house, "bulb", rule("old-bulb", "{bulb-age: new}", "rule_out: bulb"))
    found = problems(house)
    (never,) = only(found, "never-asked")
    assert never.severity == "error"
    assert "bulb-age.yaml:1:1" in str(never.location)
    assert "question 'bulb-age' is never asked" in never.message
    assert "nothing gives 'lit' the value no" in never.message
    assert "Fix or remove 'asked_when'" in never.message
    assert only(found, "dead-rule")  # the rule reading it cannot fire either


# --- rules that disagree -----------------------------------------------------------------


def test_a_rule_ruling_out_what_another_confirms_on_the_same_facts_is_a_contradiction(house: Path) -> None:
    add_rule(house, "switch", rule("burnt-not-fuse", "{smell: burnt}", "rule_out: fuse"))
    (problem,) = only(problems(house), "contradicting-rules")
    assert problem.severity == "error"
    assert "rule 'burnt-not-fuse' contradicts rule 'burnt-smell'" in problem.message or (
        "rule 'burnt-smell' contradicts rule 'burnt-not-fuse'" in problem.message
    )
    assert "fuse.yaml:" in problem.message or "fuse.yaml:" in str(problem.location)
    assert "with only smell = burnt" in problem.message
    assert "confirms 'fuse' while" in problem.message
    assert "narrow the conditions of one of them" in problem.message


def test_two_rules_confirming_different_causes_on_the_same_facts_contradict(house: Path) -> None:
    add_rule(house, "switch", rule("burnt-switch", "{smell: burnt}", "confirm: switch"))
    (problem,) = only(problems(house), "contradicting-rules")
    assert "confirms 'switch' while 'burnt-smell' confirms 'fuse'" in problem.message or (
        "confirms 'fuse' while 'burnt-switch' confirms 'switch'" in problem.message
    )


def test_two_rules_deriving_different_values_from_the_same_facts_contradict(house: Path) -> None:
    lit_rules = rule("lit-when-on", "{light: 'on'}", "derive: {lit: 'yes'}") + rule(
        "dark-when-on", "{light: 'on'}", "derive: {lit: 'no'}"
    )
    lit(house, lit_rules)
    cause(
        house,
        "wiring",
        rule("lit", "{lit: 'yes'}", "rule_out: wiring") + rule("dark", "{lit: 'no'}", "rule_out: wiring"),
    )
    (problem,) = only(problems(house), "contradicting-rules")
    assert "derives lit = " in problem.message
    assert "while" in problem.message


def test_a_rule_that_rules_out_every_cause_is_an_error(house: Path) -> None:
    add_rule(house, "switch", rule("nothing-left", "{smell: none}", "rule_out: [bulb, fuse, switch]"))
    found = only(problems(house), "rules-out-everything")
    (problem,) = [p for p in found if "'nothing-left'" in p.message and "by itself" in p.message]
    assert problem.severity == "error"
    assert "switch.yaml:" in str(problem.location)
    assert "rule 'nothing-left' rules out every cause by itself" in problem.message
    assert "Rule out only the causes" in problem.message


def test_rules_that_together_rule_out_every_cause_whenever_one_fires(house: Path) -> None:
    add_rule(house, "switch", rule("no-smell-no-switch", "{smell: none}", "rule_out: [bulb, switch]"))
    found = only(problems(house), "rules-out-everything")
    assert found
    assert any("with only smell = none" in p.message and "no-smell" in p.message for p in found)
    assert all("narrow one of these rules" in p.message for p in found)


# --- questions and facts that change nothing ------------------------------------------------


def test_a_question_no_rule_reads_is_useless(house: Path) -> None:
    question(house, "weather", {"sunny": "Sunny", "rainy": "Rainy"})
    (problem,) = only(problems(house), "useless-question")
    assert problem.severity == "warning"
    assert "weather.yaml:1:1" in str(problem.location)
    assert "no rule reads its answer" in problem.message
    assert "Add a rule with 'when: {weather: ...}'" in problem.message


def test_a_question_read_only_by_dead_rules_is_useless(house: Path) -> None:
    question(house, "weather", {"sunny": "Sunny", "rainy": "Rainy"})
    lit(house)
    cause(house, "wiring", rule("sunny-dark", "{weather: sunny, lit: 'no'}", "rule_out: wiring"))
    (problem,) = only(problems(house), "useless-question")
    assert "the rules that read it (sunny-dark) can never fire" in problem.message


def test_the_device_question_is_useful_for_its_variants(house: Path) -> None:
    assert not only(problems(house), "useless-question")  # 'device' is read by no rule


def test_a_probe_fact_nobody_reads_is_unused(house: Path) -> None:
    fact(house, "voltage", "probe", {"normal": "Normal", "low": "Low"})
    (problem,) = only(problems(house), "unused-fact")
    assert problem.severity == "warning"
    assert "voltage.yaml:1:1" in str(problem.location)
    assert "the fact 'voltage' (set by probe) never changes the candidates" in problem.message
    assert "Use it in a rule's 'when', or delete it" in problem.message


def test_a_derived_value_nobody_reads_is_a_warning(house: Path) -> None:
    lit_rules = rule("lit-when-on", "{light: 'on'}", "derive: {lit: 'yes'}") + rule(
        "dark-when-off", "{light: 'off'}", "derive: {lit: 'no'}"
    )
    lit(house, lit_rules)
    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("{light: 'on'}", "{lit: 'yes'}"))
    (problem,) = only(problems(house), "unused-derived-value")
    assert "lit.yaml:" in str(problem.location)
    assert "rule 'dark-when-off' derives lit = no" in problem.message
    assert "drop it from 'derive'" in problem.message


# --- which causes can be found --------------------------------------------------------------


def unreachable(found: list[Problem]) -> dict[str, Problem]:
    """The unreachable-cause warnings, by the name of the cause's file."""
    return {Path(p.location.path).stem: p for p in only(found, "unreachable-cause")}


def test_a_cause_no_answers_can_make_found_is_unreachable(house: Path) -> None:
    cause(
        house,
        "wiring",
        rule("dark-not-wiring", "{light: 'off'}", "lower: {wiring: clearly}")
        + rule("odourless-not-wiring", "{smell: none}", "lower: {wiring: slightly}"),
    )
    found = problems(house)
    problem = unreachable(found)["wiring"]
    assert problem.severity == "warning"
    assert "wiring.yaml:1:1" in str(problem.location)
    assert "no combination of answers lint tried makes 'wiring' found" in problem.message
    assert "case(s) weighed" in problem.message
    # the climb: light = on rules out the bulb and the fuse; nothing sets the switch apart
    assert "the answers that raise it most, one after the other: light = on (48%)" in problem.message
    assert "That leaves it at 47.6%, beside switch 48%" in problem.message
    assert "a cause is found at 90%: from its prior share of 25.0% its odds must grow ×27" in problem.message
    assert "×6.9 at most with 'raise: strongly'" in problem.message
    assert "Nothing in that case lowers 'switch'" in problem.message
    # and a new cause that little lowers takes its share from the others: lint names it beside them
    assert set(unreachable(found)) == {"wiring", "bulb", "switch"}
    assert "beside wiring 10%" in unreachable(found)["bulb"].message
    assert not only(found, "inseparable-causes")


def test_a_cause_its_own_test_only_raises_once_is_reported_with_how_far_it_got(house: Path) -> None:
    """One strong rise from a caller's answer is ×6.9, far from the ×27 a quarter's share needs."""
    question(house, "breaker", {"up": "Up", "down": "Down"})
    cause(
        house,
        "wiring",
        rule("breaker-down", "{breaker: down}", "raise: {wiring: strongly}")
        + rule("breaker-up", "{breaker: up}", "lower: {wiring: strongly}"),
    )
    problem = unreachable(problems(house))["wiring"]
    assert "one after the other: breaker = down (" in problem.message
    assert "×6.9 at most with 'raise: strongly', and ×10 against every other cause with 'confirm'" in (
        problem.message
    )


def test_a_cause_a_test_ends_the_call_on_is_still_reported_but_says_so(house: Path) -> None:
    question(house, "breaker", {"up": "Up", "down": "Down"}, "solves: {down: [wiring]}")
    cause(house, "wiring", rule("breaker-down", "{breaker: down}", "raise: {wiring: strongly}"))
    problem = unreachable(problems(house))["wiring"]
    assert "A call still ends on it when 'breaker' makes the login work" in problem.message


def test_two_causes_every_rule_moves_alike_are_inseparable(house: Path) -> None:
    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("rule_out: [bulb, fuse]", "rule_out: [bulb, fuse, lamp]"))
    cause(house, "lamp", examples="  - given: {light: 'off', smell: none}\n    possible: [lamp]\n")
    found = problems(house)
    (problem,) = only(found, "inseparable-causes")
    assert problem.severity == "warning"
    assert "bulb.yaml:1:1" in str(problem.location)
    assert "'bulb' and 'lamp'" in problem.message
    assert "lamp.yaml:1:1" in problem.message
    assert "cannot be told apart" in problem.message
    assert "no rule moves one of them without moving the other alike" in problem.message
    assert "their odds stay at the ratio of their priors (10 to 10)" in problem.message
    assert "Add a question whose answer is expected with one cause and not with the other" in problem.message
    assert "'Replace the bulb'" in problem.message  # the kind of question: a test of its fix
    assert not only(found, "unreachable-cause")  # the pair explains it


def test_one_graded_rule_tells_two_causes_apart(house: Path) -> None:
    """Under graded evidence a 'lower' on one of them is enough: their odds move apart."""
    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("rule_out: [bulb, fuse]", "rule_out: [bulb, fuse, lamp]"))
    cause(house, "lamp", rule("lamp-odourless", "{smell: none}", "lower: {lamp: slightly}"))
    assert not only(problems(house), "inseparable-causes")


def test_a_cause_without_an_isolating_example_is_untested(house: Path) -> None:
    path = house / "causes/switch.yaml"
    path.write_text(path.read_text().split("examples:")[0])
    (problem,) = only(problems(house), "untested-cause")
    assert "switch.yaml:1:1" in str(problem.location)
    assert "leading: switch" in problem.message
    assert "xtream-doctor kb test" in problem.message


def test_knowledge_with_neither_a_guide_nor_a_basis_is_reported(house: Path) -> None:
    path = house / "causes/bulb.yaml"
    text = path.read_text()
    first = text.index(f"    sources: [{G1}]")  # the fix's
    text = text[:first] + text[first:].replace(f"    sources: [{G1}]\n", "", 1)
    path.write_text(text)
    found = only(problems(house), "no-basis")
    assert [p.severity for p in found] == ["error"]
    assert "the fix 'replace'" in found[0].message and "bulb.yaml" in str(found[0].location)
    assert found[0].location.line > 0
    assert "basis:" in found[0].message


def test_a_declared_basis_stands_in_for_a_guide(house: Path) -> None:
    path = house / "causes/bulb.yaml"
    text = path.read_text().replace(
        f"sources: [{G1}]\nfixes:", "basis: 'support-engineering: bulbs burn out'\nfixes:", 1
    )
    assert "basis:" in text
    path.write_text(text)
    kb = load_knowledge_base(house)
    assert kb.causes["bulb"].basis == "support-engineering: bulbs burn out"
    assert kb.causes["bulb"].sources == ()
    assert not only(lint(kb), "no-basis")


def test_a_basis_needs_an_origin(house: Path) -> None:
    path = house / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("fixes:", "basis: it just is\nfixes:", 1))
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(house)
    assert "an origin and what it says" in str(raised.value)


def test_the_shipped_rules_all_have_a_guide_or_a_basis() -> None:
    assert not [str(p) for p in lint(load_knowledge_base()) if p.code == "no-basis"]


def test_a_search_stopped_at_its_bound_says_so(house: Path) -> None:
    found = Linter(load_knowledge_base(house), max_runs=2).run()
    (problem,) = only(found, "search-limit")
    assert problem.severity == "warning"
    assert "stopped at its bound" in problem.message
    assert "--max-cases" in problem.message
    assert not only(found, "unreachable-cause")  # nothing claimed that was not searched


# --- the command ------------------------------------------------------------------------------


def run(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["--rules", str(root), "kb", "lint", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_clean_knowledge_base_exits_0(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(house, capsys)
    assert code == 0
    assert out == ""
    assert "0 error(s), 0 warning(s)" in err


def test_warnings_exit_0_unless_strict(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    question(house, "weather", {"sunny": "Sunny", "rainy": "Rainy"})
    code, out, _ = run(house, capsys)
    assert code == 0
    assert "weather.yaml:1:1: warning: asking 'weather'" in out
    assert out.rstrip().endswith("[useless-question]")
    assert run(house, capsys, "--strict")[0] == 1


def test_errors_exit_1(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cause(house, "wiring", rule("any-light", "{light: ['on', 'off']}", "rule_out: wiring"))
    code, out, err = run(house, capsys)
    assert code == 1
    assert ": error: " in out
    assert "Traceback" not in out + err


def test_json_lists_every_problem_with_its_code(house: Path, capsys: pytest.CaptureFixture[str]) -> None:
    question(house, "weather", {"sunny": "Sunny", "rainy": "Rainy"})
    code, out, _ = run(house, capsys, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["loaded"] is True
    assert (report["errors"], report["warnings"]) == (0, 1)
    (problem,) = report["problems"]
    assert problem["code"] == "useless-question"
    assert problem["severity"] == "warning"
    assert problem["path"].endswith("weather.yaml")
    assert (problem["line"], problem["column"]) == (1, 1)


def test_list_checks_names_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "lint", "--list-checks"]) == 0
    out = capsys.readouterr().out
    for check in (*LOAD_CHECKS, *CHECKS):
        assert check.code in out


def test_every_code_is_listed_once() -> None:
    codes = [c.code for c in (*LOAD_CHECKS, *CHECKS)]
    assert len(codes) == len(set(codes))


def test_every_check_has_a_test_here() -> None:
    source = Path(__file__).read_text()
    missing = [c.code for c in CHECKS if f'"{c.code}"' not in source]
    assert not missing


# --- the shipped knowledge base ----------------------------------------------------------------


def test_lint_on_the_shipped_knowledge_base_takes_seconds(kb: KnowledgeBase) -> None:
    # CPU seconds and cases tried, not wall time: other work on the machine must not fail it
    started = time.process_time()
    linter = Linter(kb)
    found = linter.run()
    assert time.process_time() - started < 20
    assert linter.evaluator.runs < 5000
    assert not only(found, "search-limit")


def test_the_shipped_knowledge_base_has_no_lint_errors(kb: KnowledgeBase) -> None:
    errors = [f"{p} [{p.code}]" for p in lint(kb) if p.severity == "error"]
    assert not errors, "\n".join(errors)


def test_a_test_that_solves_a_cause_its_answer_does_not_point_to_is_an_error(house: Path) -> None:
    path = house / "questions/smell.yaml"
    path.write_text(path.read_text() + "solves:\n  burnt: [fuse, bulb]\n")
    (problem,) = only(problems(house), "solves-unraised")
    assert "smell.yaml" in str(problem.location)
    assert "'smell' solves 'bulb' when answered 'burnt'" in problem.message
