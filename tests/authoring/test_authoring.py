"""The authoring guide works: following only kb-docs/authoring.md, a new editor adds a cause.

The walkthrough's files and commands are read from the guide itself (the blocks marked
``<!-- walkthrough-file: PATH -->`` and ``<!-- walkthrough-commands -->``), written into a
copy of rules/, and run, so the guide cannot drift from what works.
"""

from __future__ import annotations

import re
import shlex
import shutil
import textwrap
from pathlib import Path

import pytest

from xtream_doctor.authoring.docs import default_docs_dir
from xtream_doctor.authoring.lint import CHECKS, LOAD_CHECKS, Linter, lint
from xtream_doctor.cli import main
from xtream_doctor.kb import KnowledgeBase, default_rules_dir, load_knowledge_base
from xtream_doctor.kb.guides import GUIDES

GUIDE = default_docs_dir(default_rules_dir()) / "authoring.md"
BLOCK = re.compile(
    r"<!-- walkthrough-(file: (?P<path>\S+)|commands) -->\n```\w*\n(?P<body>.*?)```", re.DOTALL
)


def walkthrough() -> list[tuple[str, str]]:
    """The guide's steps in order: ("file", path + body) or ("command", line)."""
    steps: list[tuple[str, str]] = []
    for match in BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        if match["path"]:
            steps.append(("file", f"{match['path']}\n{match['body']}"))
        else:
            steps += [("command", line) for line in match["body"].splitlines() if line.strip()]
    return steps


def new_files() -> dict[str, str]:
    return dict(body.split("\n", 1) for kind, body in walkthrough() if kind == "file")


def test_the_guide_has_a_walkthrough_with_a_question_and_a_cause() -> None:
    files = new_files()
    assert {Path(p).parent.as_posix() for p in files} == {"rules/questions", "rules/causes"}
    commands = [line for kind, line in walkthrough() if kind == "command"]
    for needed in ("kb validate", "kb test", "kb lint", "kb docs"):
        assert any(needed in line for line in commands), needed


def run_guide_command(line: str, copy: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    words = shlex.split(line)
    if words[:2] == ["cp", "-r"]:
        shutil.copytree(copy, copy.parent / Path(words[3]).name)
        return 0, ""
    assert words[0] == "xtream-doctor", f"the walkthrough runs only xtream-doctor and cp: {line}"
    code = main(["--rules", str(copy), *words[1:]])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.slow
def test_a_new_editor_can_follow_the_walkthrough(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), copy)
    before = load_knowledge_base(copy)
    added = {Path(p).stem for p in new_files()}
    taken = added & (set(before.causes) | set(before.attributes))
    assert not taken, f"rules/ now has {taken}: give the walkthrough in authoring.md other ids"
    baseline = Linter(before).run()

    outputs: dict[str, tuple[int, str]] = {}
    for kind, step in walkthrough():
        if kind == "file":
            path, body = step.split("\n", 1)
            target = tmp_path / path
            assert not target.exists()
            target.write_text(body, encoding="utf-8")
        else:
            outputs[step] = run_guide_command(step, copy, capsys)

    by_folder = {Path(p).parent.name: Path(p).stem for p in new_files()}
    cause, question = by_folder["causes"], by_folder["questions"]

    code, out = outputs["xtream-doctor kb validate"]
    assert code == 0
    assert f"ok: {len(before.causes) + 1} causes, {len(before.questions) + 1} questions" in out

    code, out = outputs[f"xtream-doctor kb test {cause}"]
    assert code == 0
    assert "2 passed, 0 failed" in out

    # As the guide says: other causes' exact 'candidates' may now also show the new cause,
    # and only that.
    code, out = outputs["xtream-doctor kb test"]
    for block in out.split("FAIL: ")[1:]:
        expected = re.search(r"expected: exactly (.*)", block)
        got = re.search(r"got:      (.*)", block)
        if expected and got:
            extra = set(got[1].split(", ")) - set(expected[1].split(", "))
            assert extra <= {cause}, block

    # kb lint: nothing about the new files, and no new error elsewhere.
    code, out = outputs["xtream-doctor kb lint"]
    assert code == (1 if any(p.severity == "error" for p in baseline) else 0)
    about_new = [line for line in out.splitlines() if any(f"/{name}.yaml:" in line for name in added)]
    assert not about_new, "\n".join(about_new)
    errors_now = {
        (line.rsplit("[", 1)[1].rstrip("]"), Path(line.split(":", 1)[0]).name)
        for line in out.splitlines()
        if ": error: " in line
    }
    assert errors_now <= {(p.code, Path(p.location.path).name) for p in baseline}

    code, out = outputs["xtream-doctor kb docs"]
    assert code == 0
    page = (tmp_path / "kb-docs" / "causes" / f"{cause}.md").read_text(encoding="utf-8")
    assert "# The home router needs a restart" in page
    assert "### 1. Restart the router, then the device" in page
    assert "   - On Amazon Fire TV Stick: Settings > My Fire TV > Restart" in page
    assert "How It Happens" not in page  # guide titles, not invented ones
    assert "*How to Fix IPTV Smarters Failed to Authorize (2026 Master Guide)*" in page
    assert f"[{question}](../questions.md#{question})" in page
    assert main(["--rules", str(copy), "kb", "docs", "--check"]) == 0
    assert (tmp_path / "rules-before").is_dir()  # step 0 kept a copy for the evaluation

    # The rule the guide shows for fixing other causes' examples fits in the new file.
    snippet = textwrap.dedent(GUIDE.read_text(encoding="utf-8").split("```yaml\n  ")[-1].split("```")[0])
    snippet = textwrap.dedent("  " + snippet)
    assert "id: router-out-details-wrong" in snippet
    path = copy / "causes" / f"{cause}.yaml"
    path.write_text(path.read_text().replace("examples:", textwrap.indent(snippet, "  ") + "examples:"))
    kb = load_knowledge_base(copy)
    assert any(r.id == "router-out-details-wrong" and r.owner == cause for r in kb.rules)
    capsys.readouterr()
    assert main(["--rules", str(copy), "kb", "test", cause]) == 0


def test_the_guide_explains_every_check() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [c.code for c in (*LOAD_CHECKS, *CHECKS) if f"`{c.code}`" not in guide]
    assert not missing, f"authoring.md does not explain: {missing}"


def test_the_guide_shows_kb_test_output_as_it_really_is(
    house: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The failure shown in the guide is the real output for the house knowledge base."""
    guide = GUIDE.read_text(encoding="utf-8")
    shown = guide.split("A failure reads")[1].split("```\n")[1].split("```")[0]
    path = house / "causes/switch.yaml"
    path.write_text(
        path.read_text().replace("because: Because.", "because: The light is off.").rstrip("\n")
        + "\n  - name: the light is off\n    given: {light: 'off', smell: none}\n    leading: switch\n"
    )
    main(["--rules", str(house), "kb", "test"])
    real = capsys.readouterr().out
    for line in shown.splitlines():
        pattern = re.escape(line.strip()).replace(r"rules/causes/", r".*rules/causes/")
        pattern = re.sub(r":\d+:\d+", r":\\d+:\\d+", pattern)
        assert re.search(pattern, real), f"the guide shows {line.strip()!r}; kb test prints:\n{real}"


def test_an_unquoted_colon_in_a_step_is_explained_not_a_crash(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "causes/bulb.yaml"
    path.write_text(path.read_text().replace("steps: [Replace it.]", "steps:\n      - Note: replace it.\n"))
    assert main(["--rules", str(tiny_rules), "kb", "validate"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "unknown key 'Note'" in err
    assert "put the whole text in quotes" in err


def test_a_colon_in_a_sentence_gets_the_quoting_hint(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "causes/bulb.yaml"
    path.write_text(
        path.read_text().replace("steps: [Replace it.]", "steps:\n      - Then do this: replace it.\n")
    )
    assert main(["--rules", str(tiny_rules), "kb", "validate"]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'Then do this'" in err
    assert "put the whole text in quotes" in err


def test_sources_in_the_walkthrough_are_real_guides() -> None:
    for body in new_files().values():
        for source in re.findall(r"\d{3}_[0-9a-f]{16}\.txt", body):
            assert source in GUIDES


def test_every_warning_on_the_shipped_knowledge_base_is_explained_in_the_guide(kb: KnowledgeBase) -> None:
    section = (
        GUIDE.read_text(encoding="utf-8")
        .split("<!-- known-warnings -->")[1]
        .split("<!-- /known-warnings -->")[0]
    )
    listed = set(re.findall(r"^\| `([a-z-]+)` \| `(rules/[^`]+)` \|", section, flags=re.MULTILINE))
    found = {
        (p.code, Path(p.location.path).relative_to(Path(p.location.path).parents[2]).as_posix())
        for p in lint(kb)
        if p.severity == "warning"
    }
    unexplained = sorted(found - listed)
    assert not unexplained, (
        f"kb lint warns about these; fix them or explain them in authoring.md: {unexplained}"
    )
    fixed = sorted(listed - found)
    assert not fixed, f"these warnings are gone: remove their rows from authoring.md: {fixed}"


def guide_block(starting: str) -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    (block,) = [b for b in blocks if b.startswith(starting)]
    return block


def test_the_fix_and_the_examples_the_guide_shows_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), copy)
    path = copy / "causes/connection-limit.yaml"
    fix = guide_block("fixes:\n").removeprefix("fixes:\n")
    examples = guide_block("examples:\n").removeprefix("examples:\n")
    text = path.read_text(encoding="utf-8").replace("fixes:\n", "fixes:\n" + fix, 1)
    path.write_text(text.replace("examples:\n", "examples:\n" + examples, 1), encoding="utf-8")
    kb = load_knowledge_base(copy)
    assert any(f.id == "restart-device" for f in kb.causes["connection-limit"].fixes)
    assert main(["--rules", str(copy), "kb", "test", "connection-limit"]) == 0
    out = capsys.readouterr().out
    assert "todo: " in out
    assert "known gap: no rule reads a timeout" in out
