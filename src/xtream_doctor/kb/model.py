"""The knowledge model: what the YAML under rules/ means once loaded.

Everything here is plain, immutable data.  The loader builds it, the engine
compiles it, the docs and lint read it; none of them need YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

# answer: the caller's word; probe: our server test; lint: our check of an exact copy of the
# caller's details; desk: what the desk itself states (how it got the details); derived: rules.
FactSource = Literal["answer", "probe", "lint", "desk", "derived"]
Status = Literal["experimental", "test", "stable", "deprecated"]
STATUSES: tuple[Status, ...] = ("experimental", "test", "stable", "deprecated")

# The one scale of graded evidence editors pick from (a likelihood ratio:
# how many times more likely the rule's conditions are when the cause is the
# real one).  ``lower`` divides by the same numbers.  Certain conclusions
# (rule_out, confirm) are the limits 0 and infinity, discounted by how
# reliable the facts are (see engine/posterior.py).
STRENGTHS: dict[str, float] = {"slightly": 2.0, "clearly": 5.0, "strongly": 20.0}
RULE_OUT = 0.0
CONFIRM = float("inf")

# How often a fact from each source is right, when a question does not say.
DEFAULT_RELIABILITY: dict[str, float] = {"answer": 0.9, "probe": 0.98, "lint": 0.995, "desk": 0.99}
# The words a question may use for how reliable its answers are.
RELIABILITY_LEVELS: dict[str, float] = {
    "low": 0.8,
    "normal": 0.9,
    "high": 0.95,
    "staff": 0.97,
    "exact": 0.998,  # a machine reading an exact answer (the panel's own JSON, a DNS reply)
}


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
    raises: tuple[tuple[str, str], ...] = ()  # (cause, strength word)
    lowers: tuple[tuple[str, str], ...] = ()
    basis: str = ""  # where the knowledge comes from when no guide says it ("origin: what")

    def attributes(self) -> frozenset[str]:
        return frozenset(c.attribute for c in self.when)

    @cached_property
    def weights(self) -> tuple[Weight, ...]:
        """Everything the rule says about causes, as likelihood ratios."""
        out = [Weight(c, "rule out", RULE_OUT) for c in self.rule_out]
        if self.confirm:
            out.append(Weight(self.confirm, "confirm", CONFIRM))
        out += [Weight(c, s, STRENGTHS[s]) for c, s in self.raises]
        out += [Weight(c, s, 1.0 / STRENGTHS[s]) for c, s in self.lowers]
        return tuple(out)

    def speaks_of(self) -> frozenset[str]:
        return frozenset(w.cause for w in self.weights)


@dataclass(frozen=True)
class Weight:
    """One conclusion about one cause: its likelihood ratio and the word for it."""

    cause: str
    strength: str  # 'slightly', 'clearly', 'strongly', 'rule out', 'confirm'
    ratio: float

    @property
    def certain(self) -> bool:
        return self.ratio in (RULE_OUT, CONFIRM)


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
    reliability: float | None = None  # overrides the source's reliability (facts files only)
    ask_again_after_fix: bool = False  # a check of the failing login: re-run once a fix helps partly
    sources: tuple[str, ...] = ()  # the guides behind a fact file
    basis: str = ""  # a declared basis other than a guide

    def domain(self) -> frozenset[str]:
        return frozenset(a.value for a in self.values)

    @property
    def source(self) -> FactSource:
        """Where a fact of this attribute comes from in a call: who sets it (a derived-only
        fact given in an example or an import counts as the probe's)."""
        return next((s for s in self.set_by if s != "derived"), "probe")

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
    reliability: float = DEFAULT_RELIABILITY["answer"]  # how often a caller's answer is right
    rates: Mapping[str, float] = field(default_factory=dict)  # base answer rates; even if empty
    dont_know: float = 0.1  # how often callers cannot answer
    ask_again_after_fix: bool = False  # it says how the login fails: stale once a fix helps partly
    basis: str = ""  # a declared basis other than a guide
    # A try-and-see answer that means the login works now: the call ends, solved by this test;
    # answer value -> the causes such a success mends (the likeliest of them is recorded).
    solves: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def rate(self, value: str) -> float:
        """The base rate of an answer, as a share of the answers (even by default)."""
        if not self.rates:
            return 1.0 / len(self.answers)
        total = sum(self.rates.get(a.value, 1.0) for a in self.answers)
        return self.rates.get(value, 1.0) / total

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
    success: float = 0.7  # chance it works when its cause is the real one
    cost: float = 120.0  # seconds of call time
    basis: str = ""  # a declared basis other than a guide
    location: Location = Location("")


@dataclass(frozen=True)
class Example:
    """Given these facts, the posterior must: reach "found" for one cause,
    put one of some causes first, keep some possible, leave some unlikely, or
    show a conflict.  ``todo`` marks a known gap that does not fail."""

    given: Mapping[str, str]
    found: str | None = None
    leading: frozenset[str] = frozenset()
    possible: frozenset[str] = frozenset()
    unlikely: frozenset[str] = frozenset()
    lowered: frozenset[str] = frozenset()  # below where they started (their prior share)
    conflict: bool | None = None
    name: str = ""
    todo: str = ""
    owner: str = ""
    location: Location = Location("")

    def causes_named(self) -> frozenset[str]:
        named = frozenset({self.found} if self.found else ())
        return named | self.leading | self.possible | self.unlikely | self.lowered


@dataclass(frozen=True)
class Prevention:
    """What the caller can do once it works, so it does not happen again (read out at the close)."""

    steps: tuple[FixStep, ...]
    sources: tuple[str, ...] = ()
    basis: str = ""


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
    basis: str = ""  # a declared basis other than a guide
    prevention: Prevention | None = None
    # Stands for every cause the knowledge base does not know: no rule speaks of it, so its
    # likelihood is the background; it leads when the answers fit no known cause well.
    catch_all: bool = False


@dataclass(frozen=True)
class CoverageItem:
    """One cause, fix or test a guide gives, and what in the rules encodes it (rules/coverage.yaml)."""

    item: str  # in the project's words
    kind: str  # cause | fix | test
    guides: tuple[str, ...]
    encoded_by: tuple[str, ...] = ()  # ids of causes, fixes, rules or questions
    not_encoded: str = ""  # why nothing encodes it
    location: Location = Location("")


@dataclass(frozen=True)
class Settings:
    """The knowledge base's thresholds (rules/settings.yaml)."""

    confidence: float = 0.9  # "found" when the leading cause reaches this posterior
    unlikely: float = 0.02  # below this a cause is shown as unlikely
    conflict: float = 0.05  # every cause's evidence below this: the answers do not fit
    minimum_gain: float = 0.03  # bits; a question that brings less is not worth asking
    catch_all: float = 0.5  # the catch-all cause is "found" (escalate) when it reaches this
    solve_value: float = 600.0  # seconds a call solved now saves: a fix is offered when worth its cost
    reliability: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RELIABILITY))
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
    settings: Settings = field(default_factory=Settings)
    coverage: tuple[CoverageItem, ...] = ()  # the guides' inventory, when rules/coverage.yaml exists

    def prior(self, cause: str) -> float:
        return self.causes[cause].prior

    def known_causes(self) -> dict[str, Cause]:
        """The causes the rules speak of (all but the catch-all): the elimination checks' world."""
        return {c: spec for c, spec in self.causes.items() if not spec.catch_all}

    def rules_using(self, attribute: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if attribute in r.attributes())
