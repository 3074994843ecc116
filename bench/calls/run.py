"""Drive the engine's session through every call scenario and score the diagnosis.

A call: the desk's lint and probe facts first (when the scenario's desk can
run them), then questions chosen by the policy and answered by the oracle
(with persistent wrong answers at a rate), until the session stops asking.
When it declares a cause found, the caller tries that cause's fixes in order;
a fix helps only if it is one the truth says would help.  If a fix does not
help, the session goes on (asking again, or another cause found).  The call
ends when it is solved, in conflict, undecidable, out of fixes for the found
cause, or out of steps (questions plus fixes).  When the session says the
answers fit no cause, the agent re-checks the answer it names (at most two per
call); a persistent wrong answer comes back the same and is set aside.  When
nothing is left worth asking, the caller tries the fixes the session ranks
(``State.fixes``: best chance per minute across causes), at most four.

Only the session's public interface is used: ``answer``, ``dont_know``,
``observe``, ``fix_tried``, ``state()`` with ``status``, ``candidates`` (the
leading cause's probability is ``candidates[0].probability``) and
``next_question`` (through the policies).

One call, many calls and the report are in one file, the bench's one door.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import cast

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.policies import policy_named
from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase, load_knowledge_base
from xtream_doctor.kb.model import FactSource

from .desk import usable_desk_facts
from .oracle import ask, noisy
from .truth import OUTSIDE, Truth, causes_of, load_truths
from .world import fix_helps

POLICIES = ("information", "checklist", "random")
NOISE = (0.0, 0.05, 0.10, 0.20)
BUDGET = 40  # questions plus fixes in one call
MAX_RANKED_FIXES = 4  # fixes a caller tries from the ranked list before the call is escalated
MAX_RECHECKS = 2  # answers the agent re-checks when the session says the answers fit no cause
RECHECK_CORRECTS = 0.5  # a wrong answer asked again, named as doubtful, comes back right this often
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)  # lower edges of the calibration bins


def helps(kb: KnowledgeBase, truth: Truth, fix: str) -> bool:
    """Whether the caller, carrying out this fix, gets logged in (``world.fix_helps``)."""
    return fix_helps(truth, fix, kb.causes[truth.true_cause].fixes[0].id)


def seed_of(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Declaration:
    """One "found": the cause, its probability then, and whether it is the true cause."""

    cause: str
    probability: float
    right: bool


@dataclass(frozen=True)
class CallResult:
    scenario: str
    true_cause: str
    policy: str
    noise: float
    status: str  # solved | conflict | undecidable | escalated (none of the known causes) | found | budget
    declarations: tuple[Declaration, ...]
    solved_by: tuple[str, str] | None  # (cause, the fix or the test question that made it work)
    leading: str | None
    leading_probability: float
    questions: int
    seconds: float
    fixes: int
    wrong_answers: int
    dont_knows: int
    no_oracle: tuple[str, ...]  # questions asked that the oracle could not answer
    unknown_desk_facts: tuple[str, ...]
    asked: tuple[tuple[str, str], ...] = field(default=())  # (question, answer or "?"), in order
    draw: int = 0  # which draw of wrong answers (0: the standard one)
    fix_seconds: float = 0.0  # the fixes' `cost`, as the caller carries them out on the call
    doubts: tuple[tuple[str, bool], ...] = ()  # answers named as likely wrong: (question, was it wrong)
    found_all_fixes_failed: bool = False  # ended "found" on a cause whose every fix had failed
    wrong_asked: tuple[str, ...] = ()  # questions answered wrongly (the oracle's answer was noised)
    solved_by_test: bool = False  # solved_by names a try-and-see test, not a fix
    fix_causes_p: tuple[float, ...] = ()  # each fix tried: its cause's probability when offered

    @property
    def first_found(self) -> str | None:
        """The first cause the app stood behind: its first "found", or the cause it named when
        a try-and-see test solved the call before anything was found."""
        if self.declarations:
            return self.declarations[0].cause
        return self.solved_by[0] if self.solved_by and self.solved_by_test else None

    @property
    def right_first(self) -> bool:
        return self.first_found == self.true_cause

    @property
    def confident_wrong(self) -> bool:
        return any(not d.right for d in self.declarations)

    @property
    def solved_right(self) -> bool:
        return self.solved_by is not None and self.solved_by[0] == self.true_cause

    @property
    def right_by_end(self) -> bool:
        if self.solved_by is not None:
            return self.solved_right
        return self.leading == self.true_cause

    @property
    def unresolved_right_leading(self) -> bool:
        return self.solved_by is None and self.status != "conflict" and self.leading == self.true_cause


def run_call(
    kb: KnowledgeBase,
    inference: Inference,
    truth: Truth,
    policy_name: str,
    noise: float,
    budget: int = BUDGET,
    draw: int = 0,
) -> CallResult:
    policy = policy_named(policy_name, seed=seed_of(truth.id))
    session = Session(kb, inference=inference, auto_select=policy_name == "information")
    facts, unknown_facts = usable_desk_facts(kb, truth)
    for attribute, value, source in facts:
        session.observe(attribute, value, cast(FactSource, source))
    declarations: list[Declaration] = []
    declared: str | None = None
    tried: set[tuple[str, str]] = set()
    asked: list[tuple[str, str]] = []
    no_oracle: list[str] = []
    seconds = fix_seconds = 0.0
    fixes = wrong = dont_knows = rechecks = 0
    rechecked: set[str] = set()
    doubts: list[tuple[str, bool]] = []
    wrong_asked: set[str] = set()
    ended = ""

    fix_causes_p: list[float] = []

    def try_fix(cause: str, fix: str) -> None:
        nonlocal fixes, fix_seconds
        fix_causes_p.append(session.state().probability(cause))
        tried.add((cause, fix))
        session.fix_tried(cause, fix, helped=helps(kb, truth, fix))
        fixes += 1
        fix_seconds += next(f.cost for f in kb.causes[cause].fixes if f.id == fix)

    while True:
        state = session.state()
        if len(asked) + fixes >= budget and state.status in ("asking", "found"):
            ended = "budget"
            break
        doubt = state.doubt
        recheck = doubt is not None and doubt.fix is None and doubt.attribute not in rechecked
        if doubt is not None and recheck and state.status != "solved":
            # The app names the answer most likely wrong and staff ask it again, with emphasis:
            # a wrong answer comes back right about half the time, a right one stays right.
            question = kb.questions[doubt.attribute]
            rechecked.add(question.id)
            seconds += question.cost
            truthful = ask(truth, question).value
            doubts.append((question.id, doubt.value != truthful))
            again = noisy(truth.id, question, truthful, noise, draw)
            if again is not None and again != truthful and _corrects(truth.id, question.id, draw):
                again = truthful
            asked.append((question.id, again or "?"))
            if again is None:
                session.dont_know(question.id)
            elif again != doubt.value:
                session.answer(question.id, again)
                if again == truthful:
                    wrong_asked.discard(question.id)
            continue
        if state.status == "found":
            lead = state.candidates[0]
            if declared != lead.cause:
                declarations.append(Declaration(lead.cause, lead.probability, lead.cause == truth.true_cause))
                declared = lead.cause
            if kb.causes[lead.cause].catch_all:
                ended = "escalated"  # none of the known causes: the app escalates with what it tested
                break
            untried = [f.id for f in kb.causes[lead.cause].fixes if (lead.cause, f.id) not in tried]
            if not untried:
                ended = "found"
                break
            try_fix(lead.cause, untried[0])
            continue
        declared = None
        if state.status == "conflict" and rechecks < MAX_RECHECKS:
            doubtful = next(
                (f for f in state.conflict if f.source == "answer" and f.attribute not in rechecked), None
            )
            if doubtful is not None:
                # The agent re-checks the answer the session names; the caller says it again
                # (a wrong answer is persistent), so it is set aside as "don't know".
                question = kb.questions[doubtful.attribute]
                rechecked.add(question.id)
                rechecks += 1
                seconds += question.cost
                again = noisy(truth.id, question, ask(truth, question).value, noise, draw)
                if again is None or again == doubtful.value:
                    session.dont_know(question.id)
                else:
                    session.answer(question.id, again)
                continue
        if state.status not in ("asking", "undecidable"):
            break
        question = policy.choose(session, state) if state.status == "asking" else None
        if question is None:
            # Nothing left worth asking: the caller tries the fix the app offers now (the best
            # chance of solving it per second across causes, and worth its cost), untried.
            option = session.next_fix(dataclasses.replace(state, status="undecidable"))
            if option is not None and (option.cause, option.fix.id) in tried:
                option = None
            if option is None or fixes >= MAX_RANKED_FIXES:
                ended = "undecidable"
                break
            try_fix(option.cause, option.fix.id)
            continue
        reply = ask(truth, question)
        if reply.why in ("no-oracle", "off-domain"):
            no_oracle.append(question.id if reply.why == "no-oracle" else f"{question.id} (value)")
        value = noisy(truth.id, question, reply.value, noise, draw)
        if value is None:
            session.dont_know(question.id)
            dont_knows += 1
        else:
            session.answer(question.id, value)
            wrong += value != reply.value
            if value != reply.value:
                wrong_asked.add(question.id)
        asked.append((question.id, value or "?"))
        seconds += question.cost
    state = session.state()
    lead_probability = state.candidates[0].probability if state.candidates else 0.0
    exhausted = (
        ended == "found"
        and state.leading is not None
        and all((state.leading, f.id) in session.failed_fixes() for f in kb.causes[state.leading].fixes)
    )
    return CallResult(
        scenario=truth.id,
        true_cause=truth.true_cause,
        policy=policy_name,
        noise=noise,
        status=ended or state.status,
        declarations=tuple(declarations),
        solved_by=(state.solved_by.cause, state.solved_by.step) if state.solved_by else None,
        leading=state.leading,
        leading_probability=lead_probability,
        questions=len(asked),
        seconds=seconds,
        fixes=fixes,
        wrong_answers=wrong,
        dont_knows=dont_knows,
        no_oracle=tuple(no_oracle),
        unknown_desk_facts=tuple(unknown_facts),
        asked=tuple(asked),
        draw=draw,
        fix_seconds=fix_seconds,
        doubts=tuple(doubts),
        found_all_fixes_failed=exhausted,
        solved_by_test=state.solved_by is not None and state.solved_by.by == "test",
        fix_causes_p=tuple(round(p, 4) for p in fix_causes_p),
        wrong_asked=tuple(sorted(wrong_asked)),
    )


def _corrects(scenario: str, question: str, draw: int) -> bool:
    """Whether a caller asked again, with emphasis, corrects a wrong answer (seeded)."""
    seed = hashlib.sha256(f"recheck|{scenario}|{question}|{draw}".encode()).digest()
    return int.from_bytes(seed[:8], "big") / 2**64 < RECHECK_CORRECTS


# --- running many calls ------------------------------------------------------------

_WORKER: tuple[KnowledgeBase, Inference, dict[str, Truth]] | None = None


def _init(rules: str | None, scenarios: str) -> None:
    global _WORKER
    kb = load_knowledge_base(Path(rules)) if rules else load_knowledge_base()
    _WORKER = (kb, Inference(kb), {t.id: t for t in load_truths(Path(scenarios))})


def _run(job: tuple[str, str, float, int]) -> CallResult:
    assert _WORKER is not None
    kb, inference, truths = _WORKER
    scenario, policy, noise, draw = job
    return run_call(kb, inference, truths[scenario], policy, noise, draw=draw)


def run_all(
    truths: Sequence[Truth],
    scenarios: Path,
    rules: Path | None = None,
    policies: Sequence[str] = POLICIES,
    noise: Sequence[float] = NOISE,
    jobs: int = 2,
    draws: int = 1,
) -> list[CallResult]:
    """Every scenario under every policy and noise level (``draws`` draws of wrong answers
    for each level above 0); ``jobs`` worker processes."""
    work = [
        (t.id, p, n, d) for p in policies for n in noise for d in range(draws if n > 0 else 1) for t in truths
    ]
    args = (str(rules) if rules else None, str(scenarios))
    if jobs <= 1:
        _init(*args)
        return [_run(job) for job in work]
    with Pool(jobs, initializer=_init, initargs=args) as pool:
        return pool.map(_run, work, chunksize=max(1, len(work) // (jobs * 8)))


# --- the report ---------------------------------------------------------------------


def p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)] if ordered else 0.0


def _pct(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} % ({count})" if total else "-"


def _bin(probability: float) -> int:
    return max(i for i, edge in enumerate(BINS) if probability >= edge)


def _bin_names() -> list[str]:
    edges = [*BINS, 1.0]
    return [
        f"{edges[i]:.2f}–{edges[i + 1]:.2f}" if i < len(BINS) - 1 else f"≥ {edges[i]:.2f}"
        for i in range(len(BINS))
    ]


@dataclass(frozen=True)
class Summary:
    policy: str
    noise: float
    calls: int
    right_first: int
    confident_wrong: int
    right_by_end: int
    unresolved_right_leading: int
    conflicts: int
    solved_any: int
    mean_questions: float
    p90_questions: float
    mean_seconds: float
    p90_seconds: float
    calibration: tuple[tuple[int, int], ...]  # per bin: (found, right)
    mean_fix_seconds: float = 0.0
    p90_total_seconds: float = 0.0  # questions and fixes
    found_all_fixes_failed: int = 0  # calls ended "found" on a cause whose every fix failed
    doubts_named: int = 0  # answers the app named as likely wrong (and staff asked again)
    doubts_right: int = 0  # ... that were wrong indeed
    calls_with_wrong_answers: int = 0
    calls_wrong_answer_named: int = 0  # ... where a wrong answer was named


def summarise(results: Iterable[CallResult]) -> list[Summary]:
    groups: dict[tuple[str, float], list[CallResult]] = {}
    for r in results:
        groups.setdefault((r.policy, r.noise), []).append(r)
    out: list[Summary] = []
    for (policy, noise), calls in groups.items():
        bins = [[0, 0] for _ in BINS]
        for call in calls:
            for d in call.declarations:
                bins[_bin(d.probability)][0] += 1
                bins[_bin(d.probability)][1] += d.right
        out.append(
            Summary(
                policy=policy,
                noise=noise,
                calls=len(calls),
                right_first=sum(c.right_first for c in calls),
                confident_wrong=sum(c.confident_wrong for c in calls),
                right_by_end=sum(c.right_by_end for c in calls),
                unresolved_right_leading=sum(c.unresolved_right_leading for c in calls),
                conflicts=sum(c.status == "conflict" for c in calls),
                solved_any=sum(c.solved_by is not None for c in calls),
                mean_questions=statistics.fmean(c.questions for c in calls),
                p90_questions=p90([c.questions for c in calls]),
                mean_seconds=statistics.fmean(c.seconds for c in calls),
                p90_seconds=p90([c.seconds for c in calls]),
                calibration=tuple((b[0], b[1]) for b in bins),
                mean_fix_seconds=statistics.fmean(c.fix_seconds for c in calls),
                p90_total_seconds=p90([c.seconds + c.fix_seconds for c in calls]),
                found_all_fixes_failed=sum(c.found_all_fixes_failed for c in calls),
                doubts_named=sum(len(c.doubts) for c in calls),
                doubts_right=sum(wrong for c in calls for _, wrong in c.doubts),
                calls_with_wrong_answers=sum(c.wrong_answers > 0 for c in calls),
                calls_wrong_answer_named=sum(any(w for _, w in c.doubts) for c in calls),
            )
        )
    order = {p: i for i, p in enumerate(POLICIES)}
    return sorted(out, key=lambda s: (order.get(s.policy, len(order)), s.policy, s.noise))


def _draws_note(results: list[CallResult]) -> str:
    draws = 1 + max((r.draw for r in results), default=0)
    if draws == 1:
        return ""
    return f" Each wrong-answer rate above 0 is {draws} draws of wrong answers, pooled ({draws}x the calls)."


def markdown(results: list[CallResult], truths: Sequence[Truth], title: str) -> str:
    summaries = summarise(results)
    lines = [f"# {title}", ""]
    counts = causes_of(truths)
    probe = sum(t.desk.probe for t in truths)
    lines += [
        f"{len(truths)} call scenarios over {len(counts)} causes ({probe} with the desk's probe, "
        f"{sum(t.desk.lints for t in truths)} with its lint); budget {BUDGET} steps (questions + fixes) "
        "per call. Wrong answers are persistent per (scenario, question); lint, probe and fix "
        "outcomes are never noised. Question seconds are the questions' `cost`, fix seconds the "
        "fixes' `cost` (what they take on the call); a test that makes the login work solves the "
        "call. The desk's copy of the details is read out unless the story says the caller sent "
        "them as text." + _draws_note(results),
        "",
        "| policy | wrong answers | calls | right first diagnosis | confident-wrong "
        "| right by the end | unresolved, right cause leading | conflicts | solved (any fix or test) "
        "| mean q | p90 q | mean question s | p90 question s | mean fix s | p90 call s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s.policy} | {s.noise:.0%} | {s.calls} | {_pct(s.right_first, s.calls)} "
            f"| {_pct(s.confident_wrong, s.calls)} | {_pct(s.right_by_end, s.calls)} "
            f"| {_pct(s.unresolved_right_leading, s.calls)} | {_pct(s.conflicts, s.calls)} "
            f"| {_pct(s.solved_any, s.calls)} | {s.mean_questions:.1f} | {s.p90_questions:.0f} "
            f"| {s.mean_seconds:.0f} | {s.p90_seconds:.0f} | {s.mean_fix_seconds:.0f} "
            f"| {s.p90_total_seconds:.0f} |"
        )
    lines += _doubts(summaries)
    lines += [
        "",
        "## Calibration: `found` declarations by the leading cause's probability (right / found)",
        "",
        "| policy | wrong answers | " + " | ".join(_bin_names()) + " |",
        "|---|---|" + "---|" * len(BINS),
    ]
    for s in summaries:
        cells = [f"{right}/{found}" if found else "·" for found, right in s.calibration]
        lines.append(f"| {s.policy} | {s.noise:.0%} | " + " | ".join(cells) + " |")
    lines += _outside(results)
    lines += _per_cause(results, truths)
    lines += _wrong_without_noise(results)
    lines += _gaps(results)
    return "\n".join(lines) + "\n"


def _doubts(summaries: Sequence[Summary]) -> list[str]:
    lines = [
        "",
        "## The answer named as likely wrong, and calls that ended found with every fix failed",
        "",
        "When answers disagree the app names the one most likely wrong; here staff ask it again and "
        f"a wrong answer comes back right {RECHECK_CORRECTS:.0%} of the time.",
        "",
        "| policy | wrong answers | named | of which wrong indeed | calls with a wrong answer "
        "| ... where one was named | ended found, every fix failed |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s.policy} | {s.noise:.0%} | {s.doubts_named} | {_pct(s.doubts_right, s.doubts_named)} "
            f"| {s.calls_with_wrong_answers} "
            f"| {_pct(s.calls_wrong_answer_named, s.calls_with_wrong_answers)} "
            f"| {s.found_all_fixes_failed} |"
        )
    return lines


def _outside(results: list[CallResult]) -> list[str]:
    """The calls whose fault no cause of the knowledge base describes, apart: how soon the app
    stops, what it has the caller try, and whether it ever names a known cause found."""
    outside = [r for r in results if r.true_cause == OUTSIDE and r.policy == "information"]
    if not outside:
        return []
    lines = [
        "",
        "## Calls outside the knowledge base (information policy)",
        "",
        "The true cause is none the knowledge base knows (`unknown-cause` in the corpus). The app should "
        "stop within a few questions and escalate, never declare a known cause found, and not spend "
        "the caller's minutes on fixes of causes the evidence barely supports.",
        "",
        "| wrong answers | calls | median questions | p90 questions | ended escalated | leading at the end "
        "| confident-wrong | fixes tried | of which cause < 30 % |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for noise in sorted({r.noise for r in outside}):
        calls = [r for r in outside if r.noise == noise]
        n = len(calls)
        low = sum(p < 0.3 for r in calls for p in r.fix_causes_p)
        escalated = sum(r.status == "escalated" for r in calls)
        leading = sum(r.leading == OUTSIDE for r in calls)
        wrong = sum(r.confident_wrong for r in calls)
        lines.append(
            f"| {noise:.0%} | {n} | {statistics.median(r.questions for r in calls):.0f} "
            f"| {p90([r.questions for r in calls]):.0f} | {_pct(escalated, n)} | {_pct(leading, n)} "
            f"| {_pct(wrong, n)} | {sum(r.fixes for r in calls)} | {low} |"
        )
    return lines


def _per_cause(results: list[CallResult], truths: Sequence[Truth]) -> list[str]:
    counts = causes_of(truths)
    noise = sorted({r.noise for r in results})
    lines = [
        "",
        "## Per cause: right by the end of the call, information policy",
        "",
        "| cause | scenarios | " + " | ".join(f"{n:.0%} wrong" for n in noise) + " |",
        "|---|---|" + "---|" * len(noise),
    ]
    for cause in sorted(counts):
        cells = []
        for n in noise:
            calls = [
                r for r in results if r.policy == "information" and r.noise == n and r.true_cause == cause
            ]
            cells.append(f"{sum(c.right_by_end for c in calls)}/{len(calls)}")
        lines.append(f"| {cause} | {counts[cause]} | " + " | ".join(cells) + " |")
    return lines


def _wrong_without_noise(results: list[CallResult]) -> list[str]:
    lines = [
        "",
        "## Calls not right by the end with a truthful caller (no wrong answers)",
        "",
        "| policy | scenario | true cause | first found | ended | leading at the end |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.noise == 0 and not r.right_by_end:
            lines.append(
                f"| {r.policy} | {r.scenario} | {r.true_cause} | {r.first_found or '-'} | {r.status} "
                f"| {r.leading or '-'} |"
            )
    return lines


def _gaps(results: list[CallResult]) -> list[str]:
    no_oracle = Counter(q for r in results for q in r.no_oracle)
    desk = Counter(f for r in results for f in r.unknown_desk_facts)
    lines = ["", "## Oracle could not answer", ""]
    if not no_oracle and not desk:
        return [*lines, "Every question asked had an oracle answer (or an honest don't-know).", ""]
    for question, count in sorted(no_oracle.items()):
        lines.append(f"- question `{question}`: {count} times (answered don't-know)")
    for fact, count in sorted(desk.items()):
        lines.append(f"- desk fact `{fact}` unknown to the knowledge base: {count} calls (not observed)")
    return [*lines, ""]


def to_json(results: list[CallResult]) -> str:
    return json.dumps(
        {
            "summary": [asdict(s) for s in summarise(results)],
            "calls": [asdict(r) for r in results],
        },
        indent=1,
    )
