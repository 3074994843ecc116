"""`xtream-doctor diagnose`: one step with --fact, or a whole call in a plain terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from xtream_doctor.cli import main
from xtream_doctor.cli.diagnose import interactive
from xtream_doctor.engine import Session
from xtream_doctor.kb import load_knowledge_base


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_facts_prints_the_first_question_as_json(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--rules", str(tiny_rules), "diagnose", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "asking"
    assert data["next_question"]["id"] == "light"
    assert {a["value"] for a in data["next_question"]["answers"]} == {"on", "off"}


def test_a_fact_leads_to_the_diagnosis_and_its_fixes(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--rules", str(tiny_rules), "diagnose", "--fact", "light=on", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "found"
    assert data["candidates"][0]["cause"] == "fuse"
    assert data["confidence"] >= 0.9
    assert data["fixes"]["fuse"][0]["title"] == "Replace the fuse"
    assert data["posterior"]["bulb"] == pytest.approx(1 / 11, abs=1e-3)  # lowered, not deleted


def test_plain_output_names_the_cause(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--rules", str(tiny_rules), "diagnose", "--fact", "light=off")
    assert code == 0
    assert "Diagnosis (91% sure): The bulb" in out and "Replace the bulb" in out


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ("light", "should look like attribute=value"),
        ("light=dim", "not a value of 'light'"),
        ("x=y", "unknown attribute"),
    ],
)
def test_a_bad_fact_is_one_line_and_exit_2(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], fact: str, message: str
) -> None:
    code, _, err = run(capsys, "--rules", str(tiny_rules), "diagnose", "--fact", fact)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_the_interactive_loop_answers_undoes_and_explains(tiny_rules: Path) -> None:
    kb = load_knowledge_base(tiny_rules)
    session = Session(kb)
    out = io.StringIO()
    # why, answer 1 (on), undo at the fix prompt, answer 2 (off), the fix did not help
    interactive(kb, session, io.StringIO("w\n1\nu\n2\nn\n"), out)
    text = out.getvalue()
    assert "If “The light is on”" in text  # the why
    assert [e.kind for e in session.events] == ["answer", "fix"]
    assert session.events[0].value == "off"
    # the bulb is still likelier, but nothing is left to ask: the other cause's fix is offered
    assert "No question left is worth" in text and "Replace the fuse (for: The fuse" in text


def test_dont_know_is_accepted_interactively(tiny_rules: Path) -> None:
    kb = load_knowledge_base(tiny_rules)
    session = Session(kb)
    out = io.StringIO()
    interactive(kb, session, io.StringIO("?\n"), out)
    assert session.skipped() == {"light"}
    assert "The caller could not answer 1 question(s)" in out.getvalue()
