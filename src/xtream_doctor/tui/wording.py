"""What staff read in toasts and headings: titles and the words of questions,
never rule or attribute ids (headless)."""

from __future__ import annotations

import re
import time

from xtream_doctor.engine.session import Doubt, Event, KnownFact, State
from xtream_doctor.kb.model import RELIABILITY_LEVELS, KnowledgeBase

CLEAR_LEAD = 0.6  # a cause this likely, and three times the next, is "likely", not one of several


def short_question(text: str, width: int = 70) -> str:
    """A question's first sentence, cut at a word if still long."""
    first = re.split(r"(?<=[?.!])\s", " ".join(text.split()), maxsplit=1)[0]
    if len(first) <= width:
        return first
    return first[: width - 1].rsplit(" ", 1)[0] + "…"


def asked(kb: KnowledgeBase, attribute: str) -> str:
    """The question for an attribute in a few words (the attribute's meaning if no question asks it)."""
    question = kb.questions.get(attribute)
    if question is not None:
        return short_question(question.text)
    spec = kb.attributes.get(attribute)
    return spec.meaning if spec is not None and spec.meaning else attribute


def value_label(kb: KnowledgeBase, attribute: str, value: str) -> str:
    spec = kb.attributes.get(attribute)
    return spec.label(value) if spec is not None else value


def fix_title(kb: KnowledgeBase, cause: str, fix: str) -> str:
    found = kb.causes.get(cause)
    return next((f.title for f in found.fixes if f.id == fix), fix) if found else fix


def fix_outcome(event: Event) -> str:
    if event.partly:
        return "helped partly (the app's message changed)"
    return "fixed it" if event.helped else "did not help"


def describe_event(kb: KnowledgeBase, event: Event) -> str:
    """One event in plain words: what was asked and the answer, or the fix and how it went."""
    if event.kind == "fix":
        outcome = fix_outcome(event)
        return f"“{fix_title(kb, event.cause, event.fix)}” {outcome}"
    if event.kind == "skip-fix":
        return f"“{fix_title(kb, event.cause, event.fix)}” skipped"
    question = asked(kb, event.attribute)
    if event.kind == "dont-know":
        return f"{question} → don't know"
    if event.kind == "forget":
        return f"forgetting the answer to: {question}"
    return f"{question} → {short_label(value_label(kb, event.attribute, event.value))}"


def short_label(label: str) -> str:
    """An answer's first wording when it lists several ("Failed to authorize / Invalid details")."""
    return label.split(" / ", 1)[0]


def fact_words(kb: KnowledgeBase, attribute: str, value: str) -> str:
    """A fact as staff would say it: the answer's words, with what it is about
    when the words alone ("Yes", "No") would not say."""
    label = short_label(value_label(kb, attribute, value))
    first = label.split(",")[0].split()[0].lower() if label.split() else ""
    if len(label.split()) >= 3 and first not in ("yes", "no"):
        return label
    return f"{attribute}: {label}"


def likely(kb: KnowledgeBase, state: State) -> str:
    """When one cause leads clearly though short of "found": that it is likely, and why
    asking more would not help (empty when no cause leads clearly)."""
    ranked = state.candidates
    if not ranked or ranked[0].probability < CLEAR_LEAD:
        return ""
    if len(ranked) > 1 and ranked[0].probability < 3 * ranked[1].probability:
        return ""
    title = kb.causes[ranked[0].cause].title if ranked[0].cause in kb.causes else ranked[0].cause
    return (
        f"{title} is likely ({ranked[0].probability:.0%}), not certain: no question left "
        "could change that enough to be worth asking"
    )


def undecided_heading(kb: KnowledgeBase, state: State, unanswered: int) -> str:
    """Why the diagnosis stops short of a cause found, in the words that are true: one
    cause likely, or several that no question (or none the caller could answer) tells apart."""
    lead = likely(kb, state)
    if lead:
        return f"{lead};"
    n = len(state.candidates)
    if unanswered:
        asked = "a question" if unanswered == 1 else f"{unanswered} questions"
        return f"The caller could not answer {asked} that would tell these {n} apart;"
    return f"No question can tell these {n} apart;"


SOURCES = {
    "answer": ("caller", "the caller said so"),
    "probe": ("server", "the server test found it"),
    "lint": ("typed", "the checks on the caller's own text found it"),
    "desk": ("desk", "the desk noted it"),
    "derived": ("rule", "the rules worked it out"),
}


STAFF = ("staff", "our own check (staff looked it up)")


def said_by(kb: KnowledgeBase, fact: KnownFact) -> tuple[str, str]:
    """Where a fact came from, as a short tag and in words.  The answer to a question
    staff answer themselves (reliability ``staff``: the panel, the status board, the
    browser test) is our own check, not the caller's word."""
    if fact.source == "answer":
        question = kb.questions.get(fact.attribute)
        if question is not None and question.reliability == RELIABILITY_LEVELS["staff"]:
            return STAFF
    return SOURCES.get(fact.source, (fact.source, fact.source))


def when(moment: float | None, now: float) -> str:
    """A case's time as staff say it: "14:03" today, "Mon 14:03" this week, else the date."""
    if moment is None:
        return "time unknown"
    then, today = time.localtime(moment), time.localtime(now)
    if then[:3] == today[:3]:
        return time.strftime("today %H:%M", then)
    if 0 <= now - moment < 6 * 86400:
        return time.strftime("%a %H:%M", then)
    return time.strftime("%d %b %Y %H:%M", then)


def doubt_words(kb: KnowledgeBase, doubt: Doubt) -> str:
    """'“No, only this device” may be wrong (39 %)' style: short, to read at a glance."""
    if doubt.fix is not None:
        return f"“{fix_title(kb, *doubt.fix)}” did not help: maybe not done right ({doubt.chance:.0%})."
    return f"“{value_label(kb, doubt.attribute, doubt.value)}” may be wrong ({doubt.chance:.0%})."


def doubt_detail(kb: KnowledgeBase, doubt: Doubt) -> str:
    """The longer say, for the ticket and explanations: which cause everything else points to."""
    cause = kb.causes[doubt.against].title if doubt.against in kb.causes else doubt.against
    if doubt.fix is not None:
        what = f"the fix “{fix_title(kb, *doubt.fix)}” was reported as not helping"
    else:
        what = f"the answer “{value_label(kb, doubt.attribute, doubt.value)}” ({asked(kb, doubt.attribute)})"
    return f"Everything else points to {cause}, but {what}: {doubt.chance:.0%} likely wrong."
