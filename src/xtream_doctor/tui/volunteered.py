"""What the caller says before being asked: find the answer among every question
by the words staff type (headless).

"it says max connections", "two TVs are on", "I use a VPN": each word is
looked up in the questions' words and the answers' labels (a word matches one
that starts with it, or that it starts with: "tvs" finds "TV").  The more of
the words a question and answer hold together, the higher it comes; among
those, the answers whose own label holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xtream_doctor.kb.model import KnowledgeBase

STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "been",
        "but",
        "do",
        "does",
        "for",
        "has",
        "have",
        "i",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "there",
        "they",
        "this",
        "to",
        "too",
        "was",
        "we",
        "were",
        "with",
        "you",
        "your",
        "says",
        "said",
        "say",
        "saying",
        "shows",
        "tells",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Match:
    attribute: str
    value: str
    label: str  # the answer's words
    question: str  # the words staff would have said
    score: int
    fit: float = 0.0  # the share of the answer's own words that were typed: "Expired" before "not expired"


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _hits(query: list[str], haystack: set[str]) -> int:
    return sum(
        1 for q in query if any(w.startswith(q) or (len(w) >= 2 and q.startswith(w)) for w in haystack)
    )


def answers_matching(kb: KnowledgeBase, query: str) -> list[Match]:
    """Every answer of every question, best match first; all of them, in the
    knowledge base's order, for an empty query."""
    wanted = [w for w in words(query) if w not in STOP] or words(query)
    out: list[Match] = []
    for question in kb.questions.values():
        asked = set(words(f"{question.text} {question.id} {question.help}"))
        for answer in question.answers:
            label = set(words(f"{answer.label} {answer.value}"))
            if wanted:
                # the words found anywhere in the question first, then those in the answer itself
                score = 2 * _hits(wanted, asked | label) + _hits(wanted, label)
                if not score:
                    continue
            else:
                score = 0
            own = [w for w in words(answer.label) if w not in STOP]
            fit = _hits(own, set(wanted)) / len(own) if own and wanted else 0.0
            out.append(Match(question.id, answer.value, answer.label, question.text, score, fit))
    return sorted(out, key=lambda m: (-m.score, -m.fit))  # stable: ties keep the knowledge base's order
