"""A session's state as plain data: for --json, case records and tickets."""

from __future__ import annotations

from typing import Any

from xtream_doctor.engine.explain import why
from xtream_doctor.engine.session import State
from xtream_doctor.kb.model import Cause, KnowledgeBase


def fixes_of(cause: Cause, device: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": fix.id,
            "title": fix.title,
            "steps": [step.for_device(device) for step in fix.steps],
            "sources": list(fix.sources),
        }
        for fix in cause.fixes
    ]


def state_to_dict(kb: KnowledgeBase, state: State) -> dict[str, Any]:
    device = state.facts["device"].value if "device" in state.facts else None
    out: dict[str, Any] = {
        "status": state.status,
        "kb_version": kb.version,
        "candidates": [
            {"cause": c.cause, "title": kb.causes[c.cause].title, "probability": round(c.probability, 4)}
            for c in state.candidates
        ],
        "confidence": round(state.confidence, 4),
        "posterior": {c: round(p, 4) for c, p in state.posterior.ranked()},
        "ruled_out": {
            cause: [
                {"rule": e.rule, "because": e.because, "facts": dict(e.facts), "factor": round(e.factor, 4)}
                for e in elims
            ]
            for cause, elims in sorted(state.ruled_out.items())
        },
        "facts": {
            a: {"value": f.value, "source": f.source, **({"rules": list(f.rules)} if f.rules else {})}
            for a, f in sorted(state.facts.items())
        },
    }
    if state.next_question:
        q = state.next_question.question
        out["next_question"] = {
            "id": q.id,
            "text": q.text,
            "help": q.instructions_for(device),
            "answers": [{"value": a.value, "label": a.label} for a in q.answers],
            "cost_seconds": q.cost,
            "why": [line.text for line in why(kb, state.next_question)],
        }
    if state.status in ("found", "undecidable"):
        out["fixes"] = {c.cause: fixes_of(kb.causes[c.cause], device) for c in state.candidates}
        out["fix_order"] = [
            {"cause": o.cause, "fix": o.fix.id, "chance": round(o.chance, 4)} for o in state.fixes[:10]
        ]
    if state.status == "conflict":
        out["conflict"] = [
            {"attribute": f.attribute, "value": f.value, "source": f.source} for f in state.conflict
        ]
    if state.solved_by:
        solved = state.solved_by
        out["solved_by"] = {"cause": solved.cause, solved.by: solved.step, "also": list(solved.also)}
        prevention = kb.causes[solved.cause].prevention
        out["prevention"] = [step.text for step in prevention.steps] if prevention else []
    if state.value_clashes:
        out["value_clashes"] = list(state.value_clashes)
    return out
