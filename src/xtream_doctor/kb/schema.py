"""The shape of each rule file, written once.

The same description validates the YAML (with located, plain-language
problems) and generates the JSON Schema that editors use for completion, so
the two can never disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xtream_doctor.kb.model import RELIABILITY_LEVELS, STATUSES, STRENGTHS, Location
from xtream_doctor.kb.problems import Problem, did_you_mean
from xtream_doctor.kb.yaml_tree import Map, Node, Scalar, Seq

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SOURCE_PATTERN = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"


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


def _id(help_text: str = "a lower-case id with dashes, like 'wrong-port'") -> Str:
    return Str(ID_PATTERN, help_text)


SOURCES = ListOf(
    Str(SOURCE_PATTERN, "a guide file name from shared/guides, like '001_87ca5caec89acc6d.txt'"),
    min_items=1,
)
TEXT = Str(multiline=True)
# Knowledge no guide states, marked as such: "origin: what it says".
BASIS = Str(
    r"^[A-Za-z][A-Za-z0-9 ./+-]{1,40}: \S",
    "an origin and what it says, like 'support-engineering: XUI.one answers a refused login with a 404'",
    multiline=True,
)
BASIS_HELP = (
    "where this knowledge comes from when no guide says it, as 'origin: what it says' "
    "(e.g. 'support-engineering: ...', 'HTTP: ...'); needed when sources names no guide"
)
DEVICES = MapOf(TEXT)
WHEN = MapOf(ListOf(_id(), min_items=1, one_or_many=True), min_items=1)
FACTS = MapOf(_id())
STATUS = Str(enum=STATUSES)
STRENGTH = Str(enum=tuple(STRENGTHS))
GRADED = MapOf(STRENGTH, min_items=1)
CAUSES = ListOf(_id(), one_or_many=True)

RULE = Obj(
    (
        Field("id", _id(), "unique id of the rule", required=True),
        Field("when", WHEN, "conditions: attribute: value, or attribute: [values]; all must hold", True),
        Field("because", TEXT, "why, in plain words staff can read out", required=True),
        Field("sources", SOURCES, "the guide files this rule comes from (or give a basis)"),
        Field("basis", BASIS, BASIS_HELP),
        Field("raise", GRADED, "causes this rule makes more likely: cause: slightly, clearly or strongly"),
        Field("lower", GRADED, "causes this rule makes less likely: cause: slightly, clearly or strongly"),
        Field(
            "rule_out",
            ListOf(_id(), min_items=1, one_or_many=True),
            "causes that cannot be the one if the facts are right",
        ),
        Field("confirm", _id(), "the cause that must be the one if the facts are right"),
        Field("derive", FACTS, "facts this rule derives: attribute: value"),
        Field("status", STATUS, "lifecycle: experimental, test, stable, deprecated"),
    ),
    title="rule",
    one_of_required=("raise", "lower", "rule_out", "confirm", "derive"),
)

EXAMPLE = Obj(
    (
        Field("name", TEXT, "what the example shows"),
        Field("given", FACTS, "the facts of the case: attribute: value", required=True),
        Field("found", _id(), "this cause must reach the confidence threshold"),
        Field("leading", CAUSES, "the most likely cause must be this one (or one of these)"),
        Field("possible", CAUSES, "these causes must stay above the 'unlikely' threshold"),
        Field("unlikely", CAUSES, "these causes must fall below the 'unlikely' threshold"),
        Field("lowered", CAUSES, "these causes must end below where they started (their prior)"),
        Field("conflict", Str(enum=("yes", "no")), "yes: the facts fit no cause; no: they fit one"),
        Field("todo", TEXT, "a known gap: the example is reported but does not fail"),
    ),
    title="example",
    one_of_required=("found", "leading", "possible", "unlikely", "lowered", "conflict"),
)

FIX_STEP = OneOf(
    TEXT,
    Obj(
        (
            Field("text", TEXT, "the step, for any device", required=True),
            Field("devices", DEVICES, "the same step for a given device: device: text"),
        ),
        title="fix step",
    ),
)

FIX = Obj(
    (
        Field("id", _id(), "id of the fix, unique within the cause", required=True),
        Field("title", TEXT, "the fix in a few words", required=True),
        Field("steps", ListOf(FIX_STEP, min_items=1), "what the caller does, in order", True),
        Field("sources", SOURCES, "the guide files this fix comes from (or give a basis)"),
        Field("basis", BASIS, BASIS_HELP),
        Field("success", Num(0.01, 0.99), "chance it works when its cause is the real one (0.7 if unsaid)"),
        Field("cost", Num(minimum=1, maximum=3600), "seconds of call time it takes (120 if unsaid)"),
    ),
    title="fix",
)

CAUSE_FILE = Obj(
    (
        Field("id", _id(), "the cause's id; equal to the file name", required=True),
        Field("title", TEXT, "the cause in a few words", required=True),
        Field("summary", TEXT, "what is wrong, in plain words", required=True),
        Field("prior", Num(minimum=0.001), "how common it is, as a relative weight", required=True),
        Field("status", STATUS, "lifecycle: experimental, test, stable, deprecated"),
        Field("sources", SOURCES, "the guide files that describe this cause (or give a basis)"),
        Field("basis", BASIS, BASIS_HELP),
        Field("fixes", ListOf(FIX, min_items=1), "fixes to try, most likely first", required=True),
        Field("rules", ListOf(RULE), "rules that rule this cause in or out"),
        Field("examples", ListOf(EXAMPLE), "cases the rules must get right"),
    ),
    title="cause",
)

QUESTION_FILE = Obj(
    (
        Field("id", _id(), "the question's id, also the attribute it sets; equal to the file name", True),
        Field("text", TEXT, "the words staff say to the caller", required=True),
        Field("help", TEXT, "instructions for the caller, any device"),
        Field("devices", DEVICES, "instructions for a given device: device: text"),
        Field("answers", MapOf(TEXT, min_items=2), "possible answers: value: label", required=True),
        Field(
            "synonyms",
            MapOf(ListOf(TEXT, min_items=1, one_or_many=True)),
            "other spellings of an answer in helpdesk exports: value: [spellings]",
        ),
        Field("cost", Num(minimum=1, maximum=3600), "seconds of call time it takes", required=True),
        Field(
            "reliability",
            Str(enum=tuple(RELIABILITY_LEVELS)),
            "how often the answer is right: low, normal (the default), high, staff (our own check), exact",
        ),
        Field(
            "answer_rates",
            MapOf(Num(0.01, 1000)),
            "how common each answer is: value: weight (even if unsaid)",
        ),
        Field("dont_know", Num(0, 0.95), "how often callers cannot answer (0.1 if unsaid)"),
        Field(
            "ask_again_after_fix",
            Bool(),
            "true if the answer says how the login fails now: a fix that helps partly makes it stale",
        ),
        Field("asked_when", WHEN, "only ask when these facts hold"),
        Field("status", STATUS, "lifecycle: experimental, test, stable, deprecated"),
        Field("sources", SOURCES, "the guide files behind this question (or give a basis)"),
        Field("basis", BASIS, BASIS_HELP),
        Field("rules", ListOf(RULE), "rules deriving facts from this answer"),
        Field("examples", ListOf(EXAMPLE), "cases the rules must get right"),
    ),
    title="question",
)

FACT_FILE = Obj(
    (
        Field("id", _id(), "the attribute's id; equal to the file name", required=True),
        Field("meaning", TEXT, "what the fact says", required=True),
        Field(
            "set_by",
            ListOf(Str(enum=("probe", "lint", "derived")), one_or_many=True, min_items=1),
            "who sets it: probe, lint or derived (by rules)",
            True,
        ),
        Field("values", MapOf(TEXT, min_items=2), "possible values: value: meaning", required=True),
        Field(
            "reliability",
            Str(enum=tuple(RELIABILITY_LEVELS)),
            "how often this fact is right when the probe or lint sets it (their own rate if unsaid)",
        ),
        Field(
            "ask_again_after_fix",
            Bool(),
            "true if it checks the failing login itself: a fix that helps partly makes it stale",
        ),
        Field("sources", SOURCES, "the guide files behind this fact"),
        Field("basis", BASIS, BASIS_HELP),
        Field("rules", ListOf(RULE), "rules deriving this fact or using it"),
        Field("examples", ListOf(EXAMPLE), "cases the rules must get right"),
    ),
    title="fact",
)

SETTINGS_FILE = Obj(
    (
        Field("confidence", Num(0.5, 0.999), "a cause is found when its posterior reaches this", True),
        Field("unlikely", Num(0.001, 0.2), "below this posterior a cause is shown as unlikely"),
        Field(
            "conflict", Num(0.001, 0.9), "the answers do not fit when every cause's evidence is below this"
        ),
        Field("minimum_gain", Num(0, 2), "bits: a question that brings less is not worth asking"),
        Field(
            "reliability",
            MapOf(Num(0.5, 0.999), key=Str(enum=("answer", "probe", "lint"))),
            "how often a fact is right, by source: answer, probe, lint",
        ),
    ),
    title="settings",
)

COVERAGE_ITEM = Obj(
    (
        Field("item", TEXT, "what the guide gives, in our own words", required=True),
        Field("kind", Str(enum=("cause", "fix", "test")), "a cause, a fix or a test", required=True),
        Field("guides", SOURCES, "the guide files that give it", required=True),
        Field(
            "encoded_by",
            ListOf(_id(), min_items=1, one_or_many=True),
            "the causes, fixes, rules or questions that encode it, by id",
        ),
        Field("not_encoded", TEXT, "why nothing in the rules encodes it"),
    ),
    title="coverage item",
    one_of_required=("encoded_by", "not_encoded"),
)

COVERAGE_FILE = Obj(
    (Field("items", ListOf(COVERAGE_ITEM, min_items=1), "every cause, fix and test the guides give", True),),
    title="coverage",
)

FILE_KINDS: dict[str, Obj] = {
    "causes": CAUSE_FILE,
    "questions": QUESTION_FILE,
    "facts": FACT_FILE,
    "settings": SETTINGS_FILE,
    "coverage": COVERAGE_FILE,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of rule file (causes, questions, facts)."""
    schema = FILE_KINDS[kind].json()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://xtream-doctor.invalid/schema/{kind}.schema.json",
        "title": f"xtream-doctor {FILE_KINDS[kind].title} file",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def strip_meta(value: Any) -> Any:
    """Drop the location bookkeeping the checker adds (for tests and dumps)."""
    if isinstance(value, dict):
        return {k: strip_meta(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        return [strip_meta(v) for v in value]
    return value


Checker = Callable[[Node, list[Problem], str], Any]
__all__ = ["FILE_KINDS", "Location", "json_schema", "strip_meta"]
