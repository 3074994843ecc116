"""The JSON Schema editors use: generated from the model, committed, referenced, and true.

``jsonschema`` is used when it is installed; otherwise a small validator for
exactly the keywords ``kb/schema.py`` emits stands in (its own tests below
keep it honest: it must reject what it should).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.builders import G1, write
from xtream_doctor.authoring.docs import default_docs_dir, schema_text
from xtream_doctor.cli import main
from xtream_doctor.kb import KnowledgeBaseError, default_rules_dir, load_knowledge_base
from xtream_doctor.kb.schema import FILE_KINDS, json_schema

RULES = default_rules_dir()
SCHEMAS = default_docs_dir(RULES) / "schema"


# --- YAML as an editor reads it (YAML 1.2 core: 'no' and 'on' are text) ------------------


class Yaml12Loader(yaml.SafeLoader):
    """Resolve plain scalars the way yaml-language-server does."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def editor_view(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


# --- a validator for the keywords the generated schema uses --------------------------------

TYPES = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
KNOWN = {
    "$schema", "$id", "$comment", "title", "description", "type", "enum", "pattern", "minimum", "maximum",
    "items", "minItems", "anyOf", "properties", "patternProperties", "additionalProperties",
    "required", "propertyNames", "minProperties",
}  # fmt: skip


def small_validate(schema: dict[str, Any], value: Any, at: str = "$") -> Iterator[str]:
    unknown = set(schema) - KNOWN
    assert not unknown, f"the stand-in validator does not know {unknown}: install jsonschema or teach it"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[t](value) for t in types):
            yield f"{at}: {value!r} is not of type {types}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{at}: {value!r} is not one of {schema['enum']}"
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        yield f"{at}: {value!r} does not match {schema['pattern']}"
    if "minimum" in schema and TYPES["number"](value) and value < schema["minimum"]:
        yield f"{at}: {value!r} is less than {schema['minimum']}"
    if "maximum" in schema and TYPES["number"](value) and value > schema["maximum"]:
        yield f"{at}: {value!r} is more than {schema['maximum']}"
    if "anyOf" in schema and not any(not list(small_validate(s, value, at)) for s in schema["anyOf"]):
        yield f"{at}: {value!r} matches none of the alternatives"
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield f"{at}: fewer than {schema['minItems']} items"
        if "items" in schema:
            for i, item in enumerate(value):
                yield from small_validate(schema["items"], item, f"{at}[{i}]")
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0):
            yield f"{at}: fewer than {schema['minProperties']} properties"
        for name in schema.get("required", []):
            if name not in value:
                yield f"{at}: '{name}' is a required property"
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, item in value.items():
            if "propertyNames" in schema:
                yield from small_validate(schema["propertyNames"], key, f"{at}.{key} (name)")
            if key in properties:
                yield from small_validate(properties[key], item, f"{at}.{key}")
            elif any(re.search(p, key) for p in patterns):
                continue
            elif schema.get("additionalProperties") is False:
                yield f"{at}: additional property '{key}' is not allowed"
            elif isinstance(schema.get("additionalProperties"), dict):
                yield from small_validate(schema["additionalProperties"], item, f"{at}.{key}")


def errors(schema: dict[str, Any], value: Any) -> list[str]:
    try:
        import jsonschema  # type: ignore[import-untyped]
    except ImportError:
        return list(small_validate(schema, value))
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)]


def shipped_files() -> list[tuple[str, Path]]:
    files = [(kind, path) for kind in FILE_KINDS for path in sorted((RULES / kind).glob("*.yaml"))]
    return [*files, ("settings", RULES / "settings.yaml"), ("coverage", RULES / "coverage.yaml")]


# --- the committed schema ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_the_committed_schema_matches_the_model(kind: str) -> None:
    committed = SCHEMAS / f"{kind}.schema.json"
    assert committed.exists(), f"{committed} is missing: run 'xtream-doctor kb docs'"
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        f"{committed} has drifted from src/xtream_doctor/kb/schema.py: run 'xtream-doctor kb docs' and commit"
    )


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_kb_schema_prints_the_same_schema(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "schema", kind]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    committed.pop("$comment")
    assert printed == committed == json_schema(kind)


def test_every_shipped_rule_file_names_its_schema_on_the_first_line() -> None:
    wrong = []
    for kind, path in shipped_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        up = "../" if kind in ("settings", "coverage") else "../../"
        want = f"# yaml-language-server: $schema={up}kb-docs/schema/{kind}.schema.json"
        if first != want:
            wrong.append(f"{path}: first line is {first!r}, expected {want!r}")
        assert (path.parent / up / "kb-docs/schema" / f"{kind}.schema.json").resolve().exists()
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("kind", "path"), shipped_files(), ids=lambda x: getattr(x, "name", x))
def test_every_shipped_rule_file_validates_against_its_schema(kind: str, path: Path) -> None:
    assert errors(json_schema(kind), editor_view(path)) == []


# --- the schema says no where the loader says no -----------------------------------------------

BROKEN = {
    "an unknown key": ("sumary: The", "summary: The"),
    "a missing required key": ("", "title: The bulb\n"),
    "an id that is not kebab-case": ("id: Bulb_1\n", "id: bulb\n"),
    "a misspelt guide": ("sources: [001_nope.txt]\n", f"sources: [{G1}]\n"),
    "a prior below the minimum": ("prior: 0\n", "prior: 10\n"),
    "a rule without a conclusion": ("    because: x\n", "    rule_out: bulb\n"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_schema_rejects_what_the_loader_rejects(tiny_rules: Path, case: str) -> None:
    good, replace = BROKEN[case][1], BROKEN[case][0]
    path = tiny_rules / "causes/bulb.yaml"
    text = path.read_text()
    assert good in text
    path.write_text(text.replace(good, replace, 1))
    with pytest.raises(KnowledgeBaseError):
        load_knowledge_base(tiny_rules)
    assert errors(json_schema("causes"), editor_view(path)), f"the schema accepts {case}"


def test_the_schema_accepts_the_tiny_knowledge_base(tiny_rules: Path) -> None:
    for kind in FILE_KINDS:
        for path in (tiny_rules / kind).glob("*.yaml"):
            assert errors(json_schema(kind), editor_view(path)) == [], path


def test_yes_and_no_stay_answers_for_editors(tmp_path: Path) -> None:
    path = write(
        tmp_path, "q.yaml", f"id: q\ntext: Q?\nanswers:\n  yes: Yes\n  no: No\ncost: 5\nsources: [{G1}]\n"
    )
    assert errors(json_schema("questions"), editor_view(path)) == []
