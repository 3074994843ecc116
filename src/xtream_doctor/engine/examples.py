"""Run the examples embedded in rule files through the real engine.

An example's facts come from where such facts come from in a call (a
question's attribute from the caller, a probe or lint fact from the
desk), so the reliabilities are the ones a session would use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.session import Session, State
from xtream_doctor.kb.model import Example, FactSource, KnowledgeBase


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    probabilities: Mapping[str, float]
    status: str
    problems: tuple[str, ...]  # empty when the example holds
    state: State | None = None

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def leading(self) -> str | None:
        return max(self.probabilities, key=lambda c: (self.probabilities[c], c), default=None)

    @property
    def label(self) -> str:
        name = self.example.name or ", ".join(f"{a}={v}" for a, v in self.example.given.items())
        return f"{self.example.location} [{self.example.owner}] {name}"


def source_of(kb: KnowledgeBase, attribute: str) -> FactSource:
    """Where a fact of this attribute comes from in a call."""
    return kb.attributes[attribute].source  # a question's attribute is set by "answer"


def state_of(kb: KnowledgeBase, inference: Inference, facts: Mapping[str, str]) -> State:
    """The session's state once these facts are known (no question chosen)."""
    session = Session(kb, inference, auto_select=False)
    for attribute, value in facts.items():
        source = source_of(kb, attribute)
        if source == "answer":
            session.answer(attribute, value)
        else:
            session.observe(attribute, value, source)
    return session.state()


def check_example(kb: KnowledgeBase, inference: Inference, example: Example) -> ExampleResult:
    state = state_of(kb, inference, example.given)
    p = dict(state.posterior.probabilities)
    settings = kb.settings
    problems: list[str] = []
    ranked = state.posterior.ranked()
    top, top_p = ranked[0]

    def pct(cause: str) -> str:
        return f"{cause} {p.get(cause, 0.0):.1%}"

    if example.found and (top != example.found or top_p < settings.confidence):
        problems.append(
            f"expected {example.found} found (at least {settings.confidence:.0%}); "
            f"it is at {p.get(example.found, 0.0):.1%}, leading: {top} {top_p:.1%}"
        )
    if example.leading and top not in example.leading:
        problems.append(
            f"expected the leading cause among {', '.join(sorted(example.leading))}; "
            f"it is {top} {top_p:.1%} ({', '.join(pct(c) for c in sorted(example.leading))})"
        )
    if low := sorted(c for c in example.possible if p.get(c, 0.0) < settings.unlikely):
        problems.append(
            f"expected possible (at least {settings.unlikely:.0%}) but unlikely: "
            + ", ".join(pct(c) for c in low)
        )
    if high := sorted(c for c in example.unlikely if p.get(c, 0.0) >= settings.unlikely):
        problems.append(
            f"expected unlikely (below {settings.unlikely:.0%}) but still possible: "
            + ", ".join(pct(c) for c in high)
        )
    total = sum(c.prior for c in kb.causes.values()) or 1.0
    if risen := sorted(c for c in example.lowered if p.get(c, 0.0) >= kb.causes[c].prior / total):
        problems.append(
            "expected lower than at the start but not: "
            + ", ".join(f"{pct(c)} (started at {kb.causes[c].prior / total:.1%})" for c in risen)
        )
    if example.conflict is not None and (state.status == "conflict") != example.conflict:
        problems.append(
            "expected the facts to fit no cause, but they fit"
            if example.conflict
            else f"expected the facts to fit a cause, but they fit none (best fit {state.posterior.fit:.3f})"
        )
    return ExampleResult(example, p, state.status, tuple(problems), state)


def run_examples(kb: KnowledgeBase, inference: Inference | None = None) -> list[ExampleResult]:
    inference = inference or Inference(kb)
    return [check_example(kb, inference, example) for example in kb.examples]
