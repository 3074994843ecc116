"""Ways to pick the next question, so the default can be compared.

``information`` is what the app does; ``checklist`` asks in the fixed order
the guides' checklists follow; ``random`` is the floor.  The two baselines
still skip questions that cannot touch a remaining cause, as a person
reading a checklist would skip a step that no longer applies.
"""

from __future__ import annotations

import random
from typing import Protocol

from xtream_doctor.engine.selection import askable
from xtream_doctor.engine.session import Session, State
from xtream_doctor.kb.model import Question

# The order the five guides walk a caller through: credentials and login
# method first (000, 001, 003), the URL (003, 004), the subscription (001, 003),
# other devices and the MAC (001), the network, DNS and VPN (000-004), then
# app-side tests (000, 003, 004) and the rest.
GUIDE_CHECKLIST: tuple[str, ...] = (
    "error-message", "login-method", "credentials-entry", "password-space-check",
    "username-space-check", "careful-retype-test", "server-scheme", "server-port", "server-path",
    "port-matches-email", "domain-matches-email", "subscription-state", "ban-notice",
    "other-devices-active", "close-others-test", "mac-check", "internet-works", "network-type",
    "vpn-in-use", "router-vpn", "vpn-off-test", "dns-change-test", "vpn-on-test", "mobile-data-test",
    "phone-on-wifi-test",
    "scheme-switch-test", "clear-cache-test", "other-app-test", "browser-test", "peak-hours",
    "others-reporting", "worked-before", "device-changed", "app", "device",
)  # fmt: skip


class Policy(Protocol):
    name: str

    def choose(self, session: Session, state: State) -> Question | None: ...


def _open_questions(session: Session, state: State) -> list[Question]:
    known = {a: f.value for a, f in state.facts.items()}
    skipped = session.skipped()
    alive = {c.cause for c in state.candidates}
    influence = session.index.influence
    return [
        q
        for q in session.kb.questions.values()
        if askable(q, known, skipped) and influence.get(q.id, frozenset()) & alive
    ]


class InformationPolicy:
    """The session's own choice: expected information per second."""

    name = "information"

    def choose(self, session: Session, state: State) -> Question | None:
        return state.next_question.question if state.next_question else None


class ChecklistPolicy:
    name = "checklist"

    def __init__(self, order: tuple[str, ...] = GUIDE_CHECKLIST) -> None:
        self.order = order

    def choose(self, session: Session, state: State) -> Question | None:
        rank = {q: i for i, q in enumerate(self.order)}
        open_ = _open_questions(session, state)
        return min(open_, key=lambda q: (rank.get(q.id, len(rank)), q.id), default=None)


class RandomPolicy:
    name = "random"

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def choose(self, session: Session, state: State) -> Question | None:
        open_ = sorted(_open_questions(session, state), key=lambda q: q.id)
        return self.rng.choice(open_) if open_ else None


def policy_named(name: str, seed: int = 0) -> Policy:
    policies: dict[str, Policy] = {
        "information": InformationPolicy(),
        "checklist": ChecklistPolicy(),
        "random": RandomPolicy(seed),
    }
    if name not in policies:
        raise ValueError(f"unknown policy '{name}' (expected {', '.join(policies)})")
    return policies[name]
