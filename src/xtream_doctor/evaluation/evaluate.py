"""Evaluate one case against one knowledge base, two ways.

Static: with all of the case's facts, which causes remain?  Replay: an
oracle answers from the case's facts ("don't know" where the case has no
answer) while a selection policy asks, as in a call; how many questions,
how many seconds, and where does it end?  An Evaluator holds one compiled
engine and is reused for many cases (one per process: experta engines
cannot be pickled).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from xtream_doctor.engine.fixpoint import Fixpoint
from xtream_doctor.engine.inference import Inference, Outcome
from xtream_doctor.engine.policies import policy_named
from xtream_doctor.engine.posterior import Weigher, fact_reliability
from xtream_doctor.engine.selection import QuestionIndex
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.records.inputs import EvalCase
from xtream_doctor.simulation.replay import replay

Engine = Literal["fast", "experta"]
Verdict = Literal["right", "ambiguous", "wrong", "contradicted", "unlabelled"]
VERDICTS: tuple[Verdict, ...] = ("right", "ambiguous", "wrong", "contradicted", "unlabelled")
POLICIES: tuple[str, ...] = ("information", "checklist", "random")
# alive, fired, conflict facts, conflict rules, confidence, found, contradicted
_Static = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], float, bool, bool]


def outcome_contradicts(outcome: Outcome, kb: KnowledgeBase) -> bool:
    """Certain rules alone leave no cause: the facts contradict each other."""
    return not outcome.alive(kb.causes)


def verdict(cause: str | None, alive: Sequence[str], found: bool = False, conflict: bool = False) -> Verdict:
    """right: the true cause is found (at the confidence threshold); ambiguous:
    it leads but is not yet found; wrong: another cause leads (or is found:
    confident-wrong); contradicted: the facts fit no cause."""
    if conflict or not alive:
        return "contradicted"
    if cause is None:
        return "unlabelled"
    if alive[0] != cause:
        return "wrong"
    return "right" if found else "ambiguous"


@dataclass(frozen=True)
class StaticResult:
    alive: tuple[str, ...]  # causes above the "unlikely" threshold, most likely first
    verdict: Verdict
    fired: tuple[str, ...]  # rule ids, sorted
    conflict: tuple[str, ...] = ()  # attributes of a minimal contradicting set of facts
    conflict_rules: tuple[str, ...] = ()  # the rules that, on those facts, leave no cause
    confidence: float = 0.0  # posterior of the leading cause
    found: bool = False  # the leading cause reached the confidence threshold

    @property
    def confident_wrong(self) -> bool:
        return self.found and self.verdict == "wrong"

    @property
    def top1(self) -> str | None:
        return self.alive[0] if self.alive else None


@dataclass(frozen=True)
class ReplayRun:
    policy: str
    questions: int
    seconds: float
    alive: tuple[str, ...]
    verdict: Verdict
    asked: tuple[tuple[str, str], ...]

    @property
    def top1(self) -> str | None:
        return self.alive[0] if self.alive else None


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    origin: str
    cause: str | None
    static: StaticResult
    replays: tuple[ReplayRun, ...] = ()

    def replay_by(self, policy: str) -> ReplayRun | None:
        return next((r for r in self.replays if r.policy == policy), None)


class Evaluator:
    """One knowledge base, compiled once, evaluating many cases."""

    def __init__(
        self,
        kb: KnowledgeBase,
        policies: Sequence[str] = POLICIES,
        seed: int = 0,
        max_questions: int = 60,
        engine: Engine = "fast",
    ) -> None:
        """``engine``: how the static evaluation computes conclusions; "fast" is the
        direct fixpoint (engine.fixpoint), "experta" the reference engine.  Replays
        always run the real session on experta."""
        for name in policies:
            policy_named(name)  # an unknown name fails here, not in a worker
        self.kb = kb
        self.policies = tuple(policies)
        self.seed = seed
        self.max_questions = max_questions
        self._inference: Inference | None = None
        self.fixpoint = Fixpoint(kb) if engine == "fast" else None
        self.weigher = Weigher(kb)
        self.relevant = QuestionIndex(kb).relevant_values
        self.concludes = {r.id for r in kb.rules if r.rule_out or r.confirm}
        self._memo: dict[frozenset[tuple[str, str, str]], _Static] = {}

    @property
    def inference(self) -> Inference:
        """The experta engine, compiled on first use (a static run on the fast path needs none)."""
        if self._inference is None:
            self._inference = Inference(self.kb)
        return self._inference

    def evaluate(self, case: EvalCase, replay_too: bool = True) -> CaseResult:
        facts = self.usable(case)
        replays = self.replay(case, facts) if replay_too else ()
        return CaseResult(case.case_id, case.origin, case.cause, self.static(case, facts), replays)

    def usable(self, case: EvalCase) -> list[tuple[str, str, str]]:
        """The case's facts this knowledge base knows (another version may know fewer)."""
        attributes = self.kb.attributes
        return [(a, v, s) for a, v, s in case.facts if a in attributes and v in attributes[a].domain()]

    # --- static -----------------------------------------------------------

    def static(self, case: EvalCase, facts: list[tuple[str, str, str]] | None = None) -> StaticResult:
        facts = self.usable(case) if facts is None else facts
        # A fact no rule mentions cannot change anything: leave it out, and share the work.
        key = frozenset((a, v, s) for a, v, s in facts if v in self.relevant.get(a, ()))
        memo = self._memo.get(key)
        if memo is None:
            memo = self._static({a: (v, s) for a, v, s in key})
            self._memo[key] = memo
        alive, fired, conflict, rules, confidence, found, contradicted = memo
        judged = verdict(case.cause, alive, found, contradicted)
        return StaticResult(alive, judged, fired, conflict, rules, confidence, found)

    def _static(self, given: dict[str, tuple[str, str]]) -> _Static:
        facts = {a: v for a, (v, _) in given.items()}
        run = self.fixpoint.run if self.fixpoint else self.inference.run
        outcome = run(facts)
        reliability = {a: fact_reliability(self.kb, a, s) for a, (_, s) in given.items()}
        posterior = self.weigher.weigh(outcome, reliability)
        settings = self.kb.settings
        ranked = posterior.ranked()
        alive = tuple(c for c, p in ranked if p >= settings.unlikely) or (ranked[0][0],)
        confidence = ranked[0][1]
        contradicted = posterior.fit < settings.conflict
        found = not contradicted and confidence >= settings.confidence
        fired = tuple(sorted({f.rule for f in outcome.firings}))
        if not outcome_contradicts(outcome, self.kb):
            return alive, fired, (), (), confidence, found, contradicted
        # Only facts some fired rule matched can take part (a deriving rule names what it used).
        if self.fixpoint:
            matched = self.fixpoint.matched(facts, outcome)
        else:
            matched = {pair for f in outcome.firings for pair in f.facts}
        keep = {a: v for a, v in facts.items() if (a, v) in matched}
        for attribute in sorted(keep):
            trial = {a: v for a, v in keep.items() if a != attribute}
            left = self.fixpoint.any_alive(trial) if self.fixpoint else bool(run(trial).alive(self.kb.causes))
            if not left:
                del keep[attribute]
        minimal = run(keep)
        rules = tuple(sorted({f.rule for f in minimal.firings if f.rule in self.concludes}))
        return alive, fired, tuple(sorted(keep)), rules, confidence, found, contradicted

    def rank(self, causes: Sequence[str]) -> tuple[str, ...]:
        """Most likely first, as the session ranks its candidates."""
        return tuple(sorted(causes, key=lambda c: (-self.kb.causes[c].prior, c)))

    # --- replay -----------------------------------------------------------

    def replay(
        self, case: EvalCase, facts: list[tuple[str, str, str]] | None = None
    ) -> tuple[ReplayRun, ...]:
        facts = self.usable(case) if facts is None else facts
        answers = {a: v for a, v, s in facts if s == "answer" and a in self.kb.questions}
        observed = {a: v for a, v, _ in facts if a not in answers}
        runs: list[ReplayRun] = []
        for name in self.policies:
            # The same case gets the same random order in any process, in any run.
            seed = self.seed * 1_000_003 + zlib.crc32(case.case_id.encode())
            result = replay(
                self.kb, answers, policy_named(name, seed), observed, self.inference, self.max_questions
            )
            alive = result.candidates
            judged = verdict(
                case.cause, alive, result.status in ("found", "solved"), result.status == "conflict"
            )
            runs.append(ReplayRun(name, result.questions, result.seconds, alive, judged, result.asked))
        return tuple(runs)
