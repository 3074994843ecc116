"""The lint checks: what can be wrong with a knowledge base that loads.

Every check has a stable code, a severity and a one-line summary (listed by
``xtream-doctor kb lint --list-checks`` and in kb-docs/authoring.md).  Each
problem says what is wrong, where (file:line) and how to fix it.

The checks live one family a module (``structure``, ``firing``,
``contradictions``, ``influence``, ``reach``, ``untested``, ``basis``); ``UNITS`` below
is the registry, in the order they run: a new check is a ``Unit`` in the
module of its family (or a new module) and one line here.  Checks that read
``Context.dead`` come after ``firing.DEAD_RULES``.

The semantic checks search over cases (see ``search``): a rule is alive if
some case fires it; a cause is reachable if some case makes it found, its
posterior at the confidence (that case is confirmed through the real engine);
two causes are separable if some rule moves one and not the other alike.
Every case behind a reported contradiction is confirmed through the engine
too.  The searches are bounded; when a bound is hit, lint says so
(``search-limit``) rather than claim something it did not try.
"""

from __future__ import annotations

from collections.abc import Mapping

from xtream_doctor.authoring.lint import (
    basis,
    contradictions,
    firing,
    influence,
    reach,
    structure,
    untested,
)
from xtream_doctor.authoring.lint.core import Check, Context, Unit
from xtream_doctor.authoring.lint.load import LOAD_CHECKS
from xtream_doctor.authoring.lint.search import Evaluator, SearchLimit, Supports
from xtream_doctor.kb.model import KnowledgeBase, Location
from xtream_doctor.kb.problems import Problem

UNITS: tuple[Unit, ...] = (
    structure.PLACEMENT,
    structure.DEVICES,
    firing.EMPTY_CASE,
    structure.WHOLE_DOMAINS,
    structure.NEVER_SET,
    structure.SOLVES,
    firing.DEAD_RULES,
    firing.NEVER_ASKED_QUESTIONS,
    contradictions.CONTRADICTIONS,
    influence.INFLUENCE,
    reach.REACH,
    untested.UNTESTED,
    basis.BASIS,
)

SEARCH_LIMIT = Check(
    "search-limit",
    "warning",
    "lint stopped a search at its bound; the checks named were not finished",
)
CHECKS: tuple[Check, ...] = (*(c for unit in UNITS for c in unit.checks), SEARCH_LIMIT)

# How many cases lint as a whole may run: with the engine at a few milliseconds a
# case, the whole of lint stays within seconds.
MAX_CASES = 20000


class Linter:
    """Runs every check once over one knowledge base; ``run`` returns the problems in file order."""

    def __init__(
        self, kb: KnowledgeBase, max_runs: int = MAX_CASES, evaluator: Evaluator | None = None
    ) -> None:
        self.kb = kb
        self.evaluator = evaluator or Evaluator(kb, max_runs)
        self.context = Context(kb, self.evaluator, Supports(kb))

    def run(self) -> list[Problem]:
        context = self.context
        for unit in UNITS:
            try:
                unit.run(context)
            except SearchLimit as exc:
                context.unfinished.append(f"{unit.name} ({exc})")
        if context.unfinished:
            context.add(
                SEARCH_LIMIT,
                Location(self.kb.root or "rules"),
                f"lint tried {self.evaluator.runs} cases and stopped at its bound in: "
                f"{'; '.join(context.unfinished)}. The checks named were not finished; nothing is claimed "
                "about what they did not reach. Raise the bound with --max-cases.",
            )
        return sorted(set(context.problems), key=_order)


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    at = problem.location
    return (at.path, at.line, at.column, problem.code, problem.message)


def lint(kb: KnowledgeBase, max_runs: int = MAX_CASES) -> list[Problem]:
    """Every problem lint finds in a loaded knowledge base, in file order."""
    return Linter(kb, max_runs).run()


def codes() -> Mapping[str, Check]:
    return {c.code: c for c in (*LOAD_CHECKS, *CHECKS)}
