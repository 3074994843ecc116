"""The escalation summary staff paste into a ticket (headless, plain text).

What the second line of support needs without calling back, and no more:
device, app and version, MAC or device id, the exact error, every answer,
what the server test and the checks on the typed details found (each once,
in its own words), the causes still standing, the few ruled out by something
worth knowing (the rest only counted) and the fixes tried.  The details given
here never include the password, and the text is redacted once more before
it leaves.
"""

from __future__ import annotations

from collections.abc import Sequence

from xtream_doctor.engine.posterior import OTHER_CONFIRMED
from xtream_doctor.engine.session import Session, State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.probe.redact import redact
from xtream_doctor.tui.casefile import CaseDetails, CloseFields
from xtream_doctor.tui.wording import asked, doubt_detail, fact_words, fix_outcome, likely, said_by

UNLIKELY_SHOWN = 5  # ruled out by something worth knowing: the first few, then a count
FOUND_BY = {"probe": "server test", "lint": "the caller's own text", "desk": "the desk"}
HEADLINES = {
    "asking": "Escalated while still asking questions",
    "found": "One cause found; see below which of its fixes were tried",
    "undecidable": "No question can tell the remaining causes apart",
    "conflict": "The answers contradict the rules: no cause fits them all",
    "solved": "Solved",
}


def _question(kb: KnowledgeBase, attribute: str) -> str:
    """What was asked, in full (the ticket is read later, without the app)."""
    question = kb.questions.get(attribute)
    return " ".join(question.text.split()) if question else asked(kb, attribute)


def _label(kb: KnowledgeBase, attribute: str, value: str) -> str:
    spec = kb.attributes.get(attribute)
    return spec.label(value) if spec else value


def escalation_summary(
    kb: KnowledgeBase,
    session: Session,
    case_id: str,
    details: CaseDetails,
    extra_findings: Sequence[str] = (),
    secrets: Sequence[str] = (),
    closing: CloseFields | None = None,
) -> str:
    """The ticket text; ``extra_findings`` are probe sentences with no fact in the KB;
    ``closing``: who took the call and, once closed, how it ended and the notes."""
    state = session.state()
    facts = state.facts
    headline = HEADLINES.get(state.status, state.status)
    lead = kb.causes.get(state.leading or "")
    if state.status == "found" and lead is not None and lead.catch_all:
        headline = (
            "None of the known causes fits what was tested: for the provider's engineers "
            f"({state.confidence:.0%}); below, what was asked, what our server test saw, what was ruled out"
        )
    elif state.status == "undecidable" and likely(kb, state):
        headline = likely(kb, state)
    elif state.status == "undecidable" and session.skipped():
        headline = "The caller could not answer the questions that would tell the remaining causes apart"
    lines = [
        f"xtream-doctor case {case_id} (knowledge base {kb.version})",
        f"Status: {headline}",
        "",
        f"Device: {_fact(kb, state, 'device')}",
        f"App: {_fact(kb, state, 'app')}   version: {details.app_version or 'not noted'}",
        f"MAC / device id: {details.mac or 'not noted'}",
        f"Exact error: {details.error or 'not noted'}"
        + (
            f" ({_label(kb, 'error-message', facts['error-message'].value)})"
            if "error-message" in facts
            else ""
        ),
        f"Server: {details.server or 'not given'}   username: {details.username or 'not given'}",
        *_closing_lines(kb, closing or CloseFields()),
        "",
        "Answers:",
    ]
    lines += _answers(kb, session, state)
    if state.doubt is not None:
        lines.append(f"  Answers disagree: {doubt_detail(kb, state.doubt)} Worth asking again.")
    lines += ["", "Server test and checks on the typed details:"]
    lines += _findings(kb, state, extra_findings)
    lines += _candidates(kb, state)
    tried = [e for e in session.events if e.kind == "fix"]
    if tried:
        lines += ["", "Fixes tried:"]
        for event in tried:
            title = next((f.title for f in kb.causes[event.cause].fixes if f.id == event.fix), event.fix)
            lines.append(f"  - {title} ({event.cause}): {fix_outcome(event)}")
    return redact("\n".join(lines) + "\n", secrets)


def _answers(kb: KnowledgeBase, session: Session, state: State) -> list[str]:
    """Each question in a few words and its answer; staff's own checks say so."""
    lines = []
    for fact in (f for f in state.facts.values() if f.source == "answer"):
        own = " (our own check)" if said_by(kb, fact)[0] == "staff" else ""
        lines.append(f"  - {_question(kb, fact.attribute)} -> {_label(kb, fact.attribute, fact.value)}{own}")
    if not lines:
        lines.append("  (none)")
    unknown = sorted(session.skipped())
    if unknown:
        lines.append("  The caller could not say: " + "; ".join(asked(kb, a) for a in unknown))
    return lines


def _findings(kb: KnowledgeBase, state: State, extra: Sequence[str]) -> list[str]:
    """One line per finding, in its own words (its note, or else its label), each said once."""
    lines: list[str] = []
    for fact in (f for f in state.facts.values() if f.source in ("probe", "lint")):
        words = fact.note or _label(kb, fact.attribute, fact.value)
        line = f"  - [{FOUND_BY.get(fact.source, fact.source)}] {words}"
        if line not in lines:
            lines.append(line)
    lines += [f"  - [server test] {text}" for text in extra]
    return lines or ["  (none: no details typed, or the server test did not run)"]


def _closing_lines(kb: KnowledgeBase, closing: CloseFields) -> list[str]:
    """Who took the call; how staff closed it, the cause they confirmed, their notes."""
    lines = [f"Staff: {closing.staff_id}"] if closing.staff_id else []
    closed = closing.closed
    if closed is not None:
        how = {"solved": "solved", "escalated": f"escalated to {closed.to}", "call-back": "call back"}
        lines.append(
            f"Closed: {how[closed.outcome]}"
            + (f" {closed.when}" if closed.when else "")
            + (f": {closed.why}" if closed.why else "")
        )
    if closing.confirmed_cause:
        cause = kb.causes.get(closing.confirmed_cause)
        lines.append(f"Confirmed cause: {cause.title if cause else closing.confirmed_cause}")
    if closing.notes:
        lines.append(f"Notes: {closing.notes}")
    return lines


def _fact(kb: KnowledgeBase, state: State, attribute: str) -> str:
    fact = state.facts.get(attribute)
    return _label(kb, attribute, fact.value) if fact else "not known"


def _candidates(kb: KnowledgeBase, state: State) -> list[str]:
    lines = ["", "Most likely causes:"]
    for i, cand in enumerate(state.candidates, 1):
        lines.append(f"  {i}. {kb.causes[cand.cause].title} [{cand.cause}] {cand.probability:.0%}")
    if not state.candidates:
        lines.append("  (none)")
    if state.conflict:
        lines += ["", "Answers that fit no cause (re-check these first):"]
        lines += [
            f"  - {_question(kb, f.attribute)} -> {_label(kb, f.attribute, f.value)} ({said_by(kb, f)[1]})"
            for f in state.conflict
        ]
    return lines + _unlikely(kb, state)


def _unlikely(kb: KnowledgeBase, state: State) -> list[str]:
    """The causes ruled out by a fact about them or a fix that did not help, a few of them;
    the ones only lowered because another cause was confirmed are counted, not listed."""
    telling = [
        (cause, eliminations[0])
        for cause, eliminations in sorted(state.ruled_out.items())
        if eliminations and eliminations[0].strength != OTHER_CONFIRMED
    ]
    if not state.ruled_out:
        return []
    lines = ["", "Unlikely, and why:"]
    for cause, first in telling[:UNLIKELY_SHOWN]:
        title = kb.causes[cause].title if cause in kb.causes else cause
        why = "; ".join(fact_words(kb, a, v) for a, v in first.facts) or first.because
        lines.append(f"  - {title} [{cause}]: {why} ({first.rule})")
    if len(telling) > UNLIKELY_SHOWN:
        lines.append(f"  - and {len(telling) - UNLIKELY_SHOWN} more ruled out by what we know")
    others = len(state.ruled_out) - len(telling)
    if others:
        lines.append(f"  - {others} more unlikely only because another cause fits better")
    return lines
