"""The escalation summary staff paste into a ticket (headless, plain text).

Everything the second line of support needs without calling back: device,
app and version, MAC or device id, the exact error, every answer, what the
probe and lint found, the causes still standing and the ones ruled out.
The details given here never include the password, and the text is
redacted once more before it leaves.
"""

from __future__ import annotations

from collections.abc import Sequence

from xtream_doctor.engine.session import Session, State
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.probe.redact import redact
from xtream_doctor.tui.casefile import CaseDetails, CloseFields
from xtream_doctor.tui.wording import fix_outcome

FOUND_BY = {"probe": "server test", "lint": "the caller's own text", "desk": "the desk"}
HEADLINES = {
    "asking": "Escalated while still asking questions",
    "found": "One cause found; see below which of its fixes were tried",
    "undecidable": "No question can tell the remaining causes apart",
    "conflict": "The answers contradict the rules: no cause fits them all",
    "solved": "Solved",
}


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
    if state.status == "undecidable" and session.skipped():
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
    answers = [f for f in facts.values() if f.source == "answer"]
    for fact in answers:
        question = kb.questions.get(fact.attribute)
        asked = question.text if question else fact.attribute
        lines.append(f"  - {asked} -> {_label(kb, fact.attribute, fact.value)}")
    if not answers:
        lines.append("  (none)")
    unknown = sorted(session.skipped())
    if unknown:
        lines.append(f"  Don't know: {', '.join(unknown)}")
    lines += ["", "Server test and checks on the typed details:"]
    observed = [f for f in facts.values() if f.source in ("probe", "lint")]
    for fact in observed:
        note = f": {fact.note}" if fact.note else ""
        where = FOUND_BY.get(fact.source, fact.source)
        lines.append(f"  - [{where}] {fact.attribute} = {_label(kb, fact.attribute, fact.value)}{note}")
    lines += [f"  - [server test] {text}" for text in extra_findings]
    if not observed and not extra_findings:
        lines.append("  (none: no details typed, or the server test did not run)")
    lines += _candidates(kb, state)
    tried = [e for e in session.events if e.kind == "fix"]
    if tried:
        lines += ["", "Fixes tried:"]
        for event in tried:
            title = next((f.title for f in kb.causes[event.cause].fixes if f.id == event.fix), event.fix)
            lines.append(f"  - {title} ({event.cause}): {fix_outcome(event)}")
    return redact("\n".join(lines) + "\n", secrets)


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
            f"  - {f.attribute} = {_label(kb, f.attribute, f.value)} ({f.source})" for f in state.conflict
        ]
    if state.ruled_out:
        lines += ["", "Unlikely:"]
        for cause, eliminations in sorted(state.ruled_out.items()):
            if not eliminations:
                lines.append(f"  - {cause}: other causes fit better")
                continue
            first = eliminations[0]
            by = ", ".join(f"{a} = {_label(kb, a, v)}" for a, v in first.facts) or first.because
            lines.append(f"  - {cause}: {by} ({first.rule})")
    return lines
