"""The evaluation as JSON for machines (``xtream-doctor eval --json``)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from xtream_doctor.evaluation.compare import Comparison
from xtream_doctor.evaluation.evaluate import CaseResult
from xtream_doctor.evaluation.labels import label_counts
from xtream_doctor.evaluation.metrics import Summary
from xtream_doctor.evaluation.pipeline import Evaluation
from xtream_doctor.evaluation.priors import number, prior_diff

JSON_VERSION = 1


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def summary_dict(s: Summary) -> dict[str, Any]:
    out = dataclasses.asdict(s)
    out["static"]["top1_accuracy"] = s.static.top1_accuracy
    for row, policy in zip(out["policies"], s.policies, strict=True):
        row.update(accuracy=policy.accuracy, top1_accuracy=policy.top1_accuracy)
    for row, cause in zip(out["causes"], s.causes, strict=True):
        row["accuracy"] = cause.accuracy
    out["rules"]["never_fired"] = s.rules.never_fired
    out["contradictions"] = [{"case_id": c, "conflict": list(a)} for c, a in s.contradictions]
    return out


def case_dict(r: CaseResult) -> dict[str, Any]:
    return {
        "case_id": r.case_id,
        "origin": r.origin,
        "cause": r.cause,
        "static": {**dataclasses.asdict(r.static), "top1": r.static.top1},
        "replays": [
            {"policy": p.policy, "questions": p.questions, "seconds": p.seconds, "alive": list(p.alive),
             "verdict": p.verdict, "asked": [list(q) for q in p.asked]}
            for p in r.replays
        ],
    }  # fmt: skip


def comparison_dict(c: Comparison) -> dict[str, Any]:
    return {
        "before": summary_dict(c.before),
        "after": summary_dict(c.after),
        "changed": [{**dataclasses.asdict(ch), "direction": ch.direction} for ch in c.changed],
    }


def evaluation_dict(ev: Evaluation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "version": JSON_VERSION,
        "kb_version": ev.kb.version,
        "files": ev.files,
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in ev.problems],
        "summary": summary_dict(ev.summary),
        "labels": label_counts(ev.cases),  # where the confirmed causes came from (or why none)
        "cases": [case_dict(r) for r in ev.results],
        "strengths": [{**dataclasses.asdict(f), "suggested": f.suggested} for f in ev.strengths],
        "priors": {
            "fitted": [{**dataclasses.asdict(f), "suggested": number(f.new)} for f in ev.priors],
            "diff": prior_diff(ev.kb, ev.priors),
        },
        "throughput": {"seconds": ev.seconds, "jobs": ev.jobs, "cases_per_second": ev.cases_per_second},
    }
    if ev.comparison is not None:
        out["baseline"] = {
            "kb_version": ev.baseline.version if ev.baseline else "",
            **comparison_dict(ev.comparison),
        }
    return _finite(out)  # type: ignore[no-any-return]
