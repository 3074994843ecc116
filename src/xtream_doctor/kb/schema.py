"""The shape of each rule file, written once.

The same description validates the YAML (with located, plain-language
problems) and generates the JSON Schema that editors use for completion, so
the two can never disagree.  The types it is written in are in
``kb/schema_types.py``.
"""

from __future__ import annotations

from typing import Any

from xtream_doctor.kb.model import RELIABILITY_LEVELS, STATUSES, STRENGTHS
from xtream_doctor.kb.schema_types import ID_PATTERN, Bool, Field, ListOf, MapOf, Num, Obj, OneOf, Str

SOURCE_PATTERN = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"


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

PREVENTION = Obj(
    (
        Field("steps", ListOf(FIX_STEP, min_items=1), "what the caller can do so it does not recur", True),
        Field("sources", SOURCES, "the guide files these steps come from (or give a basis)"),
        Field("basis", BASIS, BASIS_HELP),
    ),
    title="prevention",
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
        Field("prevention", PREVENTION, "once it works: how the caller keeps it from happening again"),
        Field(
            "catch_all",
            Bool(),
            "true for the one cause that stands for every cause the knowledge base does not know: "
            "no rule names it; it leads when the answers fit no known cause, and the call is escalated",
        ),
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
        Field(
            "solves",
            MapOf(ListOf(_id(), min_items=1, one_or_many=True), min_items=1),
            "a try-and-see answer that means the login works now, and the causes it mends: "
            "answer: [causes]; that answer ends the call, solved by this test",
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
            ListOf(Str(enum=("probe", "lint", "desk", "derived")), one_or_many=True, min_items=1),
            "who sets it: probe, lint, desk (what staff state themselves) or derived (by rules)",
            True,
        ),
        Field("values", MapOf(TEXT, min_items=2), "possible values: value: meaning", required=True),
        Field(
            "reliability",
            Str(enum=tuple(RELIABILITY_LEVELS)),
            "how often this fact is right when the probe, lint or desk sets it (their own rate if unsaid)",
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
            "catch_all",
            Num(0.2, 0.99),
            "the catch-all cause (none of the known ones) is found, and the call escalated, at this",
        ),
        Field(
            "solve_value",
            Num(0, 36000),
            "seconds a call solved now saves (a second call, an escalation): a fix is offered only "
            "when its chance of solving the call times this is at least its cost",
        ),
        Field(
            "reliability",
            MapOf(Num(0.5, 0.999), key=Str(enum=("answer", "probe", "lint", "desk"))),
            "how often a fact is right, by source: answer, probe, lint, desk",
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


__all__ = ["FILE_KINDS", "json_schema", "strip_meta"]
