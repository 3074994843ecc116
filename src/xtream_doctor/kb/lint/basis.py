"""Every piece of knowledge says where it comes from: a guide, or a declared basis.

A rule, fix, cause or question cites the troubleshooting guides it comes from
in ``sources``.  Knowledge a support engineer brings that no guide states (a
panel's one-page refusal, a CDN's error codes, redirects) is welcome, marked as
such in ``basis``.  One with neither is reported (``no-basis``).
"""

from __future__ import annotations

from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.model import KnowledgeBase, Location
from xtream_doctor.kb.problems import Problem, Severity

CODE = "no-basis"
SEVERITY: Severity = "error"
SUMMARY = "a rule, fix, cause or question that names neither a guide in sources nor a basis"


def _grounded(sources: tuple[str, ...], basis: str) -> bool:
    return bool(basis.strip()) or any(s in GUIDES for s in sources)


def _problem(at: Location, what: str) -> Problem:
    return Problem(
        at,
        f"{what} names no guide in 'sources' and has no 'basis': cite the guide that says it, or "
        "declare where the knowledge comes from (basis: 'support-engineering: ...')",
        SEVERITY,
        CODE,
    )


def check_basis(kb: KnowledgeBase) -> list[Problem]:
    """The problems: each rule, fix, cause and question without a guide or a basis."""
    problems: list[Problem] = []
    for cause in kb.causes.values():
        if not _grounded(cause.sources, cause.basis):
            problems.append(_problem(cause.location, f"the cause '{cause.id}'"))
        for fix in cause.fixes:
            if not _grounded(fix.sources, fix.basis):
                at = fix.location if fix.location.path else cause.location
                problems.append(_problem(at, f"the fix '{fix.id}'"))
    for question in kb.questions.values():
        if not _grounded(question.sources, question.basis):
            problems.append(_problem(question.location, f"the question '{question.id}'"))
    for rule in kb.rules:
        if not _grounded(rule.sources, rule.basis):
            problems.append(_problem(rule.location, f"the rule '{rule.id}'"))
    return problems
