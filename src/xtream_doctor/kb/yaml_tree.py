"""Read YAML keeping line positions, rejecting duplicate keys.

Every scalar stays a string (YAML 1.1 would turn ``no`` into False and
``08`` into 8, which would silently corrupt answers such as ``no``); the
schema layer converts numbers where a number is expected.

Rule folders are edited by many hands, so reading a file never raises: a
directory or a broken link where a file should be, a file that is not UTF-8
text, a tab in the indentation, an unknown tag (``!vault``), an alias that
refers to itself or expands into a "billion laughs" all become one located
problem.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from xtream_doctor.kb.model import Location
from xtream_doctor.kb.problems import Problem


@dataclass(frozen=True)
class Scalar:
    value: str
    at: Location


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    at: Location


@dataclass(frozen=True)
class Map:
    entries: tuple[tuple[Scalar, Node], ...]
    at: Location

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.value == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.entries]


Node = Scalar | Seq | Map


# libyaml's loader, where PyYAML was built with it, reads the rules ~15x faster
# and keeps the same marks; the pure-Python one is the fallback.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# An alias (*name) repeats what its anchor (&name) holds.  A few are handy; a
# chain of them grows exponentially ("billion laughs"), so the values that
# aliases add to a file are counted and refused past this many.
ALIAS_LIMIT = 1000
# The only tags a rule file has: the ones YAML gives every plain value, list and mapping.
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _Refused(Exception):
    """The file's tree cannot be built; carries the one problem that says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _at(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


class _Converter:
    """yaml nodes -> Scalar/Seq/Map, in time linear in the file's size.

    An aliased node is the very same yaml node object in several places: it is
    converted once, and the values it adds each time it is repeated are
    counted against ALIAS_LIMIT.  An alias inside its own anchor is a loop.
    """

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.done: dict[int, tuple[Node, int]] = {}  # id(yaml node) -> (tree, values it holds)
        self.open: set[int] = set()  # nodes being converted: the path from the root
        self.repeated = 0  # values added by aliases so far

    def convert(self, node: yaml.Node, parent: Location) -> tuple[Node, int]:
        key = id(node)
        if key in self.open:
            raise _Refused(
                Problem(parent, "an alias refers to the list or mapping it is inside (a loop); remove it")
            )
        if key in self.done:
            tree, size = self.done[key]
            self.repeated += size
            if self.repeated > ALIAS_LIMIT:
                raise _Refused(
                    Problem(
                        parent,
                        f"aliases (*name) here repeat more than {ALIAS_LIMIT} values; rule files do not "
                        "need that many: write the values out, or repeat fewer",
                    )
                )
            return tree, size
        at = _at(self.path, node)
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(
                Problem(
                    at,
                    f"the YAML tag '{node.tag}' is not used in rule files (write the value without it; "
                    "put text that starts with '!' in quotes)",
                )
            )
        self.open.add(key)
        try:
            tree, size = self._convert(node, at)
        finally:
            self.open.discard(key)
        self.done[key] = (tree, size)
        return tree, size

    def _convert(self, node: yaml.Node, at: Location) -> tuple[Node, int]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, Location] = {}
            entries: list[tuple[Scalar, Node]] = []
            total = 1
            for key_node, value_node in node.value:
                key, key_size = self.convert(key_node, at)
                total += key_size
                if not isinstance(key, Scalar):
                    self.problems.append(Problem(key.at, "a key must be a plain word, not a list or mapping"))
                    continue
                if key.value in seen:
                    first = seen[key.value]
                    self.problems.append(
                        Problem(
                            key.at,
                            f"duplicate key '{key.value}' (first written at line {first.line}); "
                            "keep one of them",
                        )
                    )
                    continue
                seen[key.value] = key.at
                value, value_size = self.convert(value_node, key.at)
                total += value_size
                entries.append((key, value))
            return Map(tuple(entries), at), total
        if isinstance(node, yaml.SequenceNode):
            items: list[Node] = []
            total = 1
            for item in node.value:
                tree, size = self.convert(item, at)
                items.append(tree)
                total += size
            return Seq(tuple(items), at), total
        return Scalar(str(node.value), at), 1


# --- reading the bytes ---------------------------------------------------------


def read_rule_bytes(path: Path, shown: str) -> bytes | Problem:
    """The file's bytes, or the one problem that says why there are none."""
    try:
        if path.is_symlink() and not path.exists():
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return Problem(Location(shown), "is a symbolic link that loops back on itself; remove it")
            return Problem(
                Location(shown),
                f"is a symbolic link to '{os.readlink(path)}', which does not exist; remove it or fix it",
            )
        if path.is_dir():
            return Problem(
                Location(shown), "is a folder, not a rule file; rename it (rule files end in .yaml)"
            )
        return path.read_bytes()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(Location(shown), "is a symbolic link that loops back on itself; remove it")
        why = exc.strerror or type(exc).__name__
        if isinstance(exc, PermissionError):
            why = "permission denied (make it readable)"
        return Problem(Location(shown), f"cannot read the file: {why}")


def _line_of(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _looks_utf16(data: bytes) -> bool:
    """A byte-order mark, or ASCII text with a NUL beside every character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:2]
    return len(head) == 2 and head.count(0) == 1


def decode_rule_text(data: bytes, shown: str) -> str | Problem:
    """UTF-8 text, or a problem naming the line where it stops being that."""
    if _looks_utf16(data):
        return Problem(
            Location(shown, 1, 1),
            "the file is UTF-16 text; rule files are UTF-8: save it again as UTF-8",
            code="syntax",
        )
    nul = data.find(b"\x00")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if nul < 0 or exc.start < nul:
            line, column = _line_of(data, exc.start)
            byte = data[exc.start : exc.start + 1].hex().upper()
            return Problem(
                Location(shown, line, column),
                f"not UTF-8 text (byte 0x{byte} here); save the file as UTF-8",
                code="syntax",
            )
    if nul >= 0:
        line, column = _line_of(data, nul)
        return Problem(
            Location(shown, line, column),
            "a NUL byte: this is not a text file (a binary file, or a file saved with the wrong "
            "encoding); rule files are UTF-8 text",
            code="syntax",
        )
    return text


# --- parsing ---------------------------------------------------------------------


def _syntax(exc: yaml.YAMLError, text: str, shown: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml and PyYAML both refuse control characters, naming only an offset
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return Problem(
            Location(shown, line, column),
            f"YAML syntax: the control character U+{char:04X} is not allowed in YAML text; delete it",
            code="syntax",
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(Location(shown), f"YAML syntax: {exc}", code="syntax")
    mark = exc.problem_mark or exc.context_mark
    where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
    what = " ".join(x for x in (exc.context, exc.problem) if x)
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines):
        bad = lines[mark.line]
        indent = bad[: len(bad) - len(bad.lstrip(" \t"))]
        if "\t" in indent or (mark.column < len(bad) and bad[mark.column] == "\t"):
            return Problem(
                where,
                "YAML syntax: a tab in the indentation; YAML indents with spaces only: "
                "replace the tab with spaces",
                code="syntax",
            )
    hint = ""
    if "indent" in what or "mapping values are not allowed" in what or "expected <block end>" in what:
        hint = " (check the indentation: nested keys need more spaces than their parent)"
    return Problem(where, f"YAML syntax: {what}{hint}", code="syntax")


def parse_yaml(text: str, shown: str) -> tuple[Node | None, list[Problem]]:
    """Parse text already read; on a syntax error return no tree and one located problem."""
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        return None, [_syntax(exc, text, shown)]
    if node is None:
        return None, [Problem(Location(shown, 1, 1), "the file is empty", code="syntax")]
    try:
        tree, _ = _Converter(shown, problems).convert(node, _at(shown, node))
    except _Refused as refused:
        return None, [*problems, refused.problem]
    except RecursionError:
        return None, [Problem(Location(shown), "the file is nested too deeply to be a rule file")]
    return tree, problems


def read_yaml(path: Path, display: str | None = None) -> tuple[Node | None, list[Problem]]:
    """Read and parse one file; never raises: what stops it is one located problem."""
    shown = display or str(path)
    data = read_rule_bytes(path, shown)
    if isinstance(data, Problem):
        return None, [data]
    text = decode_rule_text(data, shown)
    if isinstance(text, Problem):
        return None, [text]
    return parse_yaml(text, shown)
