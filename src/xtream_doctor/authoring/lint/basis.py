"""Every piece of knowledge says where it comes from: a guide, or a declared basis.

A rule, fix, cause or question cites the troubleshooting guides it comes from
in ``sources``.  Knowledge a support engineer brings that no guide states (a
panel's one-page refusal, a CDN's error codes, redirects) is welcome, marked as
such in ``basis``.  One with neither is reported (``no-basis``).
"""

from __future__ import annotations

from xtream_doctor.authoring.lint.core import Check, Context, Unit
from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.model import Location

NO_BASIS = Check(
    "no-basis",
    "error",
    "a rule, fix, cause or question that names neither a guide in sources nor a basis",
)


def _grounded(sources: tuple[str, ...], basis: str) -> bool:
    return bool(basis.strip()) or any(s in GUIDES for s in sources)


def _report(lint: Context, at: Location, what: str) -> None:
    lint.add(
        NO_BASIS,
        at,
        f"{what} names no guide in 'sources' and has no 'basis': cite the guide that says it, or "
        "declare where the knowledge comes from (basis: 'support-engineering: ...')",
    )


def check_basis(lint: Context) -> None:
    """Each rule, fix, prevention, cause and question without a guide or a basis."""
    kb = lint.kb
    for cause in kb.causes.values():
        if not _grounded(cause.sources, cause.basis):
            _report(lint, cause.location, f"the cause '{cause.id}'")
        for fix in cause.fixes:
            if not _grounded(fix.sources, fix.basis):
                _report(lint, fix.location if fix.location.path else cause.location, f"the fix '{fix.id}'")
        prevention = cause.prevention
        if prevention and not _grounded(prevention.sources, prevention.basis):
            _report(lint, cause.location, f"the prevention steps of '{cause.id}'")
    for question in kb.questions.values():
        if not _grounded(question.sources, question.basis):
            _report(lint, question.location, f"the question '{question.id}'")
    for rule in kb.rules:
        if not _grounded(rule.sources, rule.basis):
            _report(lint, rule.location, f"the rule '{rule.id}'")


BASIS = Unit("basis", (NO_BASIS,), check_basis)
