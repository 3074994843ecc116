"""Read YAML keeping line positions, rejecting duplicate keys.

Every scalar stays a string (YAML 1.1 would turn ``no`` into False and
``08`` into 8, which would silently corrupt answers such as ``no``); the
schema layer converts numbers where a number is expected.
"""

from __future__ import annotations

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


def _at(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _convert(path: str, node: yaml.Node, problems: list[Problem]) -> Node:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, Location] = {}
        entries: list[tuple[Scalar, Node]] = []
        for key_node, value_node in node.value:
            key = _convert(path, key_node, problems)
            if not isinstance(key, Scalar):
                problems.append(Problem(key.at, "a key must be a plain word, not a list or mapping"))
                continue
            if key.value in seen:
                first = seen[key.value]
                problems.append(
                    Problem(
                        key.at,
                        f"duplicate key '{key.value}' (first written at line {first.line}); keep one of them",
                    )
                )
                continue
            seen[key.value] = key.at
            entries.append((key, _convert(path, value_node, problems)))
        return Map(tuple(entries), _at(path, node))
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(path, item, problems) for item in node.value), _at(path, node))
    return Scalar(str(node.value), _at(path, node))


def read_yaml(path: Path, display: str | None = None) -> tuple[Node | None, list[Problem]]:
    """Parse one file; on a syntax error return no tree and one located problem."""
    shown = display or str(path)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(Location(shown), f"cannot read the file: {exc}")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        hint = ""
        if "indent" in what or "mapping values are not allowed" in what or "expected <block end>" in what:
            hint = " (check the indentation: nested keys need more spaces than their parent)"
        return None, [Problem(where, f"YAML syntax: {what}{hint}", code="syntax")]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(shown), f"YAML syntax: {exc}", code="syntax")]
    if node is None:
        return None, [Problem(Location(shown, 1, 1), "the file is empty", code="syntax")]
    return _convert(shown, node, problems), problems
