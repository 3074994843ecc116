"""Rule folders as people and tools really leave them: a folder or a broken link
where a file should be, files that are not UTF-8 text, tabs, tags, alias bombs,
absurd numbers.  Each gives one clean line naming the file (and the line where
there is one), exit 2, no traceback, in ``kb validate`` and when the app starts."""

from __future__ import annotations

import errno
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import G1
from xtream_doctor.cli import main
from xtream_doctor.kb import load_knowledge_base
from xtream_doctor.kb.yaml_tree import ALIAS_LIMIT


def problems_of(root: Path, capsys: pytest.CaptureFixture[str], *command: str) -> list[str]:
    """Run a command on these rules; it must stop with exit 2 and located lines, no traceback."""
    code = main(["--rules", str(root), *command])
    captured = capsys.readouterr()
    assert code == 2, captured.out + captured.err
    assert "Traceback" not in captured.err and "Error:" not in captured.err
    return [line for line in captured.err.splitlines() if ": error: " in line]


def only_problem(root: Path, capsys: pytest.CaptureFixture[str], *command: str) -> str:
    (line,) = problems_of(root, capsys, *command)
    return line


# --- what is on disk is not a readable file ---------------------------------------------------


def _folder(path: Path) -> None:
    path.mkdir()


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone.yaml")


def _link_loop(path: Path) -> None:
    path.symlink_to(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # opening a socket file fails with ENXIO, even for root
    server.close()


ON_DISK: dict[str, tuple[Callable[[Path], None], str]] = {
    "a folder named like a rule file": (_folder, "is a folder, not a rule file"),
    "a link to a file that does not exist": (_dangling_link, "which does not exist"),
    "a link that loops": (_link_loop, "loops back on itself"),
    "a socket where a file should be": (_socket, "cannot read the file"),
}


@pytest.mark.parametrize("case", sorted(ON_DISK))
@pytest.mark.parametrize("command", [("kb", "validate"), ("--no-probe",)], ids=["kb validate", "app start"])
def test_what_is_not_a_readable_file_is_one_line_naming_it(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], case: str, command: tuple[str, ...]
) -> None:
    make, says = ON_DISK[case]
    make(tiny_rules / "causes" / "loop.yaml")
    line = only_problem(tiny_rules, capsys, *command)
    assert "causes/loop.yaml: error: " in line and says in line


def test_an_unreadable_file_is_one_line_naming_it(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tiny_rules / "causes" / "bulb.yaml"
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the read fail as it would for staff
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == "bulb.yaml":
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    line = only_problem(tiny_rules, capsys, "kb", "validate")
    assert "causes/bulb.yaml: error: cannot read the file: permission denied" in line


# --- bytes that are not UTF-8 text ------------------------------------------------------------

QUESTION = (
    "id: light\ntext: Is the light on?\nanswers:\n  on: The light is on\n  off: It is off\n"
    f"cost: 10\nsources: [{G1}]\n"
)


@pytest.mark.parametrize(
    ("data", "where", "says"),
    [
        (QUESTION.replace("It is off", "It is \xe9teint").encode("latin-1"), ":5:14:", "not UTF-8"),
        (QUESTION.encode("utf-16"), ":1:1:", "UTF-16"),
        (QUESTION.encode("utf-16-le"), ":1:1:", "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":1:1:", "not UTF-8"),
        (QUESTION.replace("cost: 10", "cost: 1\x000").encode(), ":6:8:", "a NUL byte"),
        (QUESTION.replace("Is the", "Is\x07the").encode(), ":2:9:", "control character U+0007"),
    ],
    ids=["latin-1", "utf-16 with BOM", "utf-16 without BOM", "binary", "NUL byte", "control character"],
)
def test_a_file_that_is_not_utf8_text_says_so_at_its_line(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str], data: bytes, where: str, says: str
) -> None:
    (tiny_rules / "questions" / "light.yaml").write_bytes(data)
    line = only_problem(tiny_rules, capsys, "kb", "validate")
    assert f"questions/light.yaml{where} error: " in line and says in line


def test_a_tab_in_the_indentation_is_called_a_tab(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "questions" / "light.yaml"
    path.write_text(path.read_text().replace("  off: The light is off", "\toff: The light is off"))
    line = only_problem(tiny_rules, capsys, "kb", "validate")
    assert "questions/light.yaml:5:1: error: " in line and "a tab in the indentation" in line
    assert "cannot start any token" not in line


# --- YAML features rule files do not use ------------------------------------------------------


def test_an_unknown_tag_is_an_error_at_its_line(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_rules / "causes" / "bulb.yaml"
    path.write_text(path.read_text().replace("title: The bulb", "title: !vault abc"))
    line = only_problem(tiny_rules, capsys, "kb", "validate")
    assert "causes/bulb.yaml:2:8: error: " in line and "'!vault'" in line


def _bomb(levels: int = 9) -> str:
    lines = [
        f"id: bulb\ntitle: T\nsummary: S\nprior: 1\nsources: [{G1}]",
        'a0: &a0 ["lol","lol","lol","lol"]',
    ]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_quickly(tiny_rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny_rules / "causes" / "bulb.yaml").write_text(_bomb())  # 4 * 10**8 values once expanded
    started = time.process_time()
    line = only_problem(tiny_rules, capsys, "kb", "validate")
    assert "causes/bulb.yaml:" in line and f"more than {ALIAS_LIMIT} values" in line
    assert time.process_time() - started < 5  # CPU seconds: linear work, whatever else runs


def test_an_alias_inside_its_own_anchor_is_a_loop(
    tiny_rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_rules / "causes" / "bulb.yaml"
    path.write_text(path.read_text() + "x-loop: &me [1, *me]\n")
    line = only_problem(tiny_rules, capsys, "kb", "validate")
    assert "causes/bulb.yaml:" in line and "(a loop)" in line


def test_a_few_aliases_still_work(tiny_rules: Path) -> None:
    path = tiny_rules / "causes" / "bulb.yaml"
    text = path.read_text().replace(f"sources: [{G1}]", f"sources: &guides [{G1}]", 1)
    path.write_text(text.replace(f"sources: [{G1}]", "sources: *guides"))
    assert load_knowledge_base(tiny_rules).causes["bulb"].fixes[0].sources == (G1,)
