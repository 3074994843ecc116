"""What every lint check shares: its ``Check`` (code, severity, summary), the ``Context``
it reads and reports into, and the ``Unit`` that names a check function in the registry.

A check is a function ``run(context) -> None`` in the module of its family; it
reports with ``context.add(CHECK, location, message)``.  The order of the units in
``checks.UNITS`` is the order they run in and the order ``--list-checks`` lists
their codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xtream_doctor.authoring.lint.search import Evaluator, Result, Supports
from xtream_doctor.kb.model import Condition, KnowledgeBase, Location, Rule
from xtream_doctor.kb.problems import Problem, Severity


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    summary: str


@dataclass
class Context:
    """One lint run over one knowledge base: the search, what earlier checks found, the problems."""

    kb: KnowledgeBase
    evaluator: Evaluator
    supports: Supports
    problems: list[Problem] = field(default_factory=list)
    dead: set[str] = field(default_factory=set)  # rules no case fires (found by dead-rule)
    unfinished: list[str] = field(default_factory=list)  # searches stopped at their bound
    rules: dict[str, Rule] = field(init=False)

    def __post_init__(self) -> None:
        self.rules = {r.id: r for r in self.kb.rules}

    def add(self, check: Check, at: Location, message: str) -> None:
        self.problems.append(Problem(at, message, check.severity, check.code))

    def loc(self, attribute: str) -> str:
        spec = self.kb.attributes.get(attribute)
        return str(spec.location) if spec else attribute


@dataclass(frozen=True)
class Unit:
    """One check function in the registry: ``name`` is how ``search-limit`` names it when its
    search stops at the bound; ``checks`` are the codes it introduces (it may also report codes
    another unit introduced)."""

    name: str
    checks: tuple[Check, ...]
    run: Callable[[Context], None]


def holds(conditions: Iterable[Condition], result: Result) -> bool:
    """Do these conditions hold in a case, on its given or derived facts?"""
    for condition in conditions:
        values = set(result.outcome.derived.get(condition.attribute, {}))
        if condition.attribute in result.given:
            values.add(result.given[condition.attribute])
        if not values & condition.values:
            return False
    return True
