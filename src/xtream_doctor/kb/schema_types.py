"""The checking types the rule-file schema is written in (``kb/schema.py``).

Each type checks one YAML node (located problems in plain words, "Did you
mean" for a near miss) and writes its own JSON Schema, so validation and the
editors' completion come from one description.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from xtream_doctor.kb.problems import Problem, did_you_mean
from xtream_doctor.kb.yaml_tree import Map, Node, Scalar, Seq

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Type:
    description = ""

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError


def _kind(node: Node) -> str:
    return {Scalar: "a single value", Seq: "a list", Map: "a mapping"}[type(node)]


@dataclass
class Str(Type):
    pattern: str | None = None
    pattern_help: str = ""
    enum: tuple[str, ...] = ()
    multiline: bool = False

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        if not isinstance(node, Scalar):
            problems.append(Problem(node.at, f"{what} should be text, but is {_kind(node)}"))
            return None
        value = node.value.strip() if not self.multiline else node.value
        if self.enum and value not in self.enum:
            problems.append(
                Problem(
                    node.at,
                    f"{what} is '{value}', expected one of: {', '.join(self.enum)}."
                    + did_you_mean(value, self.enum),
                )
            )
            return None
        if self.pattern and not re.match(self.pattern, value):
            problems.append(Problem(node.at, f"{what} '{value}' is not {self.pattern_help}"))
            return None
        if not value.strip():
            problems.append(Problem(node.at, f"{what} is empty"))
            return None
        return value

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.enum:
            out["enum"] = list(self.enum)
        if self.pattern:
            out["pattern"] = self.pattern
        return out


@dataclass
class Num(Type):
    minimum: float = 0
    maximum: float = 1_000_000  # beyond any weight or time a rule file means; keeps sums finite

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        if not isinstance(node, Scalar):
            problems.append(Problem(node.at, f"{what} should be a number, but is {_kind(node)}"))
            return None
        try:
            number = float(node.value)
        except ValueError:
            problems.append(Problem(node.at, f"{what} should be a number, not '{node.value}'"))
            return None
        if not math.isfinite(number):
            problems.append(
                Problem(node.at, f"{what} should be an ordinary number, not '{node.value.strip()}'")
            )
            return None
        if number < self.minimum:
            problems.append(Problem(node.at, f"{what} should be at least {_number(self.minimum)}"))
            return None
        if number > self.maximum:
            problems.append(
                Problem(node.at, f"{what} is {node.value.strip()}, more than {_number(self.maximum)}")
            )
            return None
        return number

    def json(self) -> dict[str, Any]:
        return {"type": ["number", "string"], "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class Bool(Type):
    TRUE = ("true", "yes")
    FALSE = ("false", "no")

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        word = node.value.strip().lower() if isinstance(node, Scalar) else ""
        if word in self.TRUE or word in self.FALSE:
            return word in self.TRUE
        shown = f"'{node.value.strip()}'" if isinstance(node, Scalar) else _kind(node)
        problems.append(Problem(node.at, f"{what} should be true or false, not {shown}"))
        return None

    def json(self) -> dict[str, Any]:
        return {"type": ["boolean", "string"], "enum": [True, False, "true", "false", "yes", "no"]}


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value >= 10_000 else f"{value:g}"


@dataclass
class ListOf(Type):
    item: Type
    min_items: int = 0
    one_or_many: bool = False  # a single value is accepted as a list of one

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        if isinstance(node, Scalar) and self.one_or_many:
            value = self.item.check(node, problems, what)
            return None if value is None else [value]
        if not isinstance(node, Seq):
            problems.append(Problem(node.at, f"{what} should be a list, but is {_kind(node)}"))
            return None
        if len(node.items) < self.min_items:
            problems.append(Problem(node.at, f"{what} needs at least {self.min_items} item(s)"))
        out = [
            self.item.check(item, problems, f"item {i + 1} of {what}") for i, item in enumerate(node.items)
        ]
        return [x for x in out if x is not None]

    def json(self) -> dict[str, Any]:
        array: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            array["minItems"] = self.min_items
        if self.one_or_many:
            return {"anyOf": [self.item.json(), array]}
        return array


@dataclass
class MapOf(Type):
    """A mapping from free keys (ids, values, devices) to one type."""

    value: Type
    key: Str = field(default_factory=lambda: Str(ID_PATTERN, "a lower-case id like 'wrong-port'"))
    min_items: int = 0

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        if not isinstance(node, Map):
            problems.append(Problem(node.at, f"{what} should be a mapping, but is {_kind(node)}"))
            return None
        if len(node.entries) < self.min_items:
            problems.append(Problem(node.at, f"{what} needs at least {self.min_items} entry"))
        out: dict[str, Any] = {}
        for key, value in node.entries:
            name = self.key.check(key, problems, f"key '{key.value}' in {what}")
            checked = self.value.check(value, problems, f"'{key.value}' in {what}")
            if name is not None and checked is not None:
                out[name] = checked
        out["__at__"] = {k.value: k.at for k, _ in node.entries}
        out["__loc__"] = node.at
        return out

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "propertyNames": self.key.json(),
            "additionalProperties": self.value.json(),
        }
        if self.min_items:
            out["minProperties"] = self.min_items
        return out


@dataclass
class Field:
    name: str
    type: Type
    description: str
    required: bool = False


@dataclass
class Obj(Type):
    fields: tuple[Field, ...]
    title: str = ""
    one_of_required: tuple[str, ...] = ()  # at least one of these must be present

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        if not isinstance(node, Map):
            problems.append(Problem(node.at, f"{what} should be a mapping of keys, but is {_kind(node)}"))
            return None
        known = {f.name: f for f in self.fields}
        out: dict[str, Any] = {"__loc__": node.at, "__at__": {}}
        for key, value in node.entries:
            if key.value.startswith("$") or key.value.startswith("x-"):
                continue  # editor hints ($schema) and private extensions
            spec = known.get(key.value)
            if spec is None:
                problems.append(
                    Problem(
                        key.at,
                        f"unknown key '{key.value}' in {what}; expected one of: "
                        f"{', '.join(known)}." + did_you_mean(key.value, known) + _colon_hint(key.value),
                    )
                )
                continue
            out["__at__"][key.value] = key.at
            checked = spec.type.check(value, problems, f"'{key.value}'")
            if checked is not None:
                out[key.value] = checked
        present = set(node.keys())
        for spec in self.fields:
            if spec.required and spec.name not in present:
                problems.append(
                    Problem(node.at, f"{what} is missing the required key '{spec.name}' ({spec.description})")
                )
        if self.one_of_required and not present & set(self.one_of_required):
            problems.append(Problem(node.at, f"{what} needs one of: {', '.join(self.one_of_required)}"))
        return out

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "patternProperties": {"^\\$": {}, "^x-": {}},
            "properties": {f.name: {**f.type.json(), "description": f.description} for f in self.fields},
            "required": [f.name for f in self.fields if f.required],
        }
        if self.title:
            out["title"] = self.title
        if self.one_of_required:
            out["anyOf"] = [{"required": [name]} for name in self.one_of_required]
        return out


def _colon_hint(key: str) -> str:
    if " " not in key.strip() and not key[:1].isupper():
        return ""  # keys are lower-case words; anything else is text cut at a colon
    return (
        " If this is text that holds a colon followed by a space, YAML reads it as 'key: value':"
        " put the whole text in quotes."
    )


@dataclass
class OneOf(Type):
    """Text or an object; picked by the node's kind so messages stay specific."""

    scalar: Type
    mapping: Type

    def check(self, node: Node, problems: list[Problem], what: str) -> Any:
        chosen = self.mapping if isinstance(node, Map) else self.scalar
        return chosen.check(node, problems, what)

    def json(self) -> dict[str, Any]:
        return {"anyOf": [self.scalar.json(), self.mapping.json()]}


# --- the vocabulary -------------------------------------------------------
