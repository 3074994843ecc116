"""Numbers in rule files are ordinary: no infinities, no NaN, nothing absurd.

``prior: 1e400`` once loaded, linted and tested, then printed ``nan%`` and put
``NaN`` (not JSON) into ``diagnose --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kb.test_hostile_rule_files import problems_of
from xtream_doctor.kb import KnowledgeBaseError, load_knowledge_base

# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("1e400", "an ordinary number, not '1e400'"),
        ("nan", "an ordinary number, not 'nan'"),
        ("-inf", "an ordinary number, not '-inf'"),
        ("1e12", "more than 1 000 000"),
    ],
)
def test_a_prior_that_is_not_an_ordinary_number_is_an_error(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], number: str, says: str
) -> None:
    path = tiny_rules / "causes" / "bulb.yaml"
    path.write_text(path.read_text().replace("prior: 10", f"prior: {number}"))
    lines = problems_of(tiny_rules, capsys, "kb", "validate")
    assert any("causes/bulb.yaml:4:8: error: 'prior' " in line and says in line for line in lines), lines


def test_a_question_cannot_cost_more_than_an_hour(tiny_rules: Path) -> None:
    path = tiny_rules / "questions" / "light.yaml"
    path.write_text(path.read_text().replace("cost: 10", "cost: 86400"))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tiny_rules)
    assert "'cost' is 86400, more than 3600" in [p.message for p in caught.value.problems]


def test_diagnose_json_never_holds_nan(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xtream_doctor.cli import main

    path = tiny_rules / "causes" / "bulb.yaml"
    path.write_text(path.read_text().replace("prior: 10", "prior: 1e400"))
    code = main(["--rules", str(tiny_rules), "diagnose", "--json"])
    out, _ = capsys.readouterr()
    assert code == 2 and "NaN" not in out
    if out:
        json.loads(out)
