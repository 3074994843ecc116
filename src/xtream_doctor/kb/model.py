"""The knowledge model: what the YAML under rules/ means once loaded.

Everything here is plain, immutable data.  The loader builds it, the engine
compiles it, the docs and lint read it; none of them need YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

FactSource = Literal["answer", "probe", "lint", "derived"]
Status = Literal["experimental", "test", "stable", "deprecated"]
STATUSES: tuple[Status, ...] = ("experimental", "test", "stable", "deprecated")


@dataclass(frozen=True)
class Location:
    """Where something was written, so every message can point at it."""

    path: str
    line: int = 0  # 1-based; 0 when unknown (better none than a made-up one)
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True)
class Condition:
    """One clause of a rule: the attribute has one of these values."""

    attribute: str
    values: frozenset[str]

    def holds(self, facts: Mapping[str, str]) -> bool:
        return facts.get(self.attribute) in self.values

    def describe(self) -> str:
        if len(self.values) == 1:
            return f"{self.attribute} = {next(iter(self.values))}"
        return f"{self.attribute} in {{{', '.join(sorted(self.values))}}}"


@dataclass(frozen=True)
class Rule:
    """If every condition holds, conclude.  Conditions are positive only, so the
    result never depends on firing order (a monotone fixpoint)."""

    id: str
    when: tuple[Condition, ...]
    because: str
    sources: tuple[str, ...]
    rule_out: tuple[str, ...] = ()
    confirm: str | None = None
    derive: tuple[tuple[str, str], ...] = ()
    owner: str = ""  # the cause or fact file that holds the rule
    location: Location = Location("")

    def attributes(self) -> frozenset[str]:
        return frozenset(c.attribute for c in self.when)


@dataclass(frozen=True)
class Answer:
    value: str
    label: str
    synonyms: tuple[str, ...] = ()  # other spellings, for imported cases (a question's 'synonyms')


@dataclass(frozen=True)
class Attribute:
    """A fact's name and its finite domain.  Questions and observations both
    define one; the probe and lint set attributes, questions ask for them."""

    id: str
    values: tuple[Answer, ...]
    meaning: str
    set_by: tuple[FactSource, ...]
    location: Location = Location("")

    def domain(self) -> frozenset[str]:
        return frozenset(a.value for a in self.values)

    def label(self, value: str) -> str:
        for answer in self.values:
            if answer.value == value:
                return answer.label
        return value


@dataclass(frozen=True)
class Question:
    """Asks the caller for one attribute; the attribute has the question's id."""

    id: str
    text: str  # the words staff say to the caller
    answers: tuple[Answer, ...]
    cost: float  # seconds of call time
    sources: tuple[str, ...]
    status: Status = "stable"
    help: str = ""
    devices: Mapping[str, str] = field(default_factory=dict)  # device -> instructions
    asked_when: tuple[Condition, ...] = ()
    location: Location = Location("")

    @property
    def attribute(self) -> str:
        return self.id

    def domain(self) -> frozenset[str]:
        return frozenset(a.value for a in self.answers)

    def label(self, value: str) -> str:
        for answer in self.answers:
            if answer.value == value:
                return answer.label
        return value

    def instructions_for(self, device: str | None) -> str:
        if device and device in self.devices:
            return self.devices[device]
        return self.help


@dataclass(frozen=True)
class FixStep:
    text: str
    devices: Mapping[str, str] = field(default_factory=dict)

    def for_device(self, device: str | None) -> str:
        if device and device in self.devices:
            return self.devices[device]
        return self.text


@dataclass(frozen=True)
class Fix:
    id: str
    title: str
    steps: tuple[FixStep, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """Given these facts, the engine must leave exactly / at least / none of
    these candidates.  ``todo`` marks a known gap that does not fail."""

    given: Mapping[str, str]
    candidates: frozenset[str] | None = None
    includes: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    name: str = ""
    todo: str = ""
    owner: str = ""
    location: Location = Location("")


@dataclass(frozen=True)
class Cause:
    id: str
    title: str
    summary: str
    prior: float
    sources: tuple[str, ...]
    fixes: tuple[Fix, ...]
    status: Status = "stable"
    location: Location = Location("")


@dataclass(frozen=True)
class KnowledgeBase:
    causes: Mapping[str, Cause]
    questions: Mapping[str, Question]
    attributes: Mapping[str, Attribute]  # every attribute, asked or observed
    rules: tuple[Rule, ...]
    examples: tuple[Example, ...]
    version: str = ""
    root: str = ""

    def prior(self, cause: str) -> float:
        return self.causes[cause].prior

    def rules_using(self, attribute: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if attribute in r.attributes())
