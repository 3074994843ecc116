"""Which causes can be found, and which no rule tells apart, under graded evidence.

A cause is *found* when its posterior reaches ``confidence`` (rules/settings.yaml)
while the facts fit some cause (the posterior's fit is at least ``conflict``): then
the app names it and offers its fixes.  ``unreachable-cause`` says lint found no
case in which a cause is found; ``inseparable-causes`` that no rule moves one cause
of a pair without moving the other alike, so whatever the answers their odds stay
at the ratio of their priors.

The search for a case that finds a cause climbs: from no facts, it adds the
smallest set of facts that makes one more rule fire (one that raises the cause, or
lowers another), the one that raises the cause's odds most, until the cause is
found or nothing raises it further.  Cases are weighed with the reliabilities a call
gives them (``Evaluator.posterior``), as in ``kb test``, and a case that finds the
cause is confirmed through the real engine.  The climb is greedy and bounded, so a
cause it does not find is reported with the best case it reached, as what lint
tried, never as proven; a climb stopped at its bound claims nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from xtream_doctor.authoring.lint.core import Check, Context, Unit
from xtream_doctor.authoring.lint.search import Partial, Result, SearchLimit, describe_facts
from xtream_doctor.authoring.strength import caller_ceiling, to_be_found
from xtream_doctor.engine.posterior import Posterior
from xtream_doctor.kb.model import CONFIRM, RULE_OUT, Rule

UNREACHABLE_CAUSE = Check(
    "unreachable-cause",
    "warning",
    "no combination of answers lint tried makes the cause found (reach the confidence)",
)
INSEPARABLE_CAUSES = Check(
    "inseparable-causes",
    "warning",
    "no rule moves one cause of a pair without moving the other alike",
)

# How many cases one cause's climb may weigh: a few hundred for the shipped rules.
CASES_PER_CAUSE = 1500
SHOWN_STEPS = 5  # steps of the climb a report lists
SHOWN_RIVALS = 3  # causes left beside it that a report names
GAIN = 1e-9  # a rise of the log-odds smaller than this is no rise


@dataclass
class Climb:
    """Where the climb for one cause ended: the case, whether it finds the cause, and the
    steps that led there (the facts each added, and the cause's posterior after it)."""

    cause: str
    case: Result
    posterior: Posterior
    found: bool
    cases: int
    steps: list[tuple[dict[str, str], float]] = field(default_factory=list)


def check_reach(lint: Context) -> None:
    kb = lint.kb
    partners = _inseparable(lint)
    for first, second in sorted(partners):
        lint.add(INSEPARABLE_CAUSES, kb.causes[first].location, _inseparable_message(lint, first, second))
    paired = {c for pair in partners for c in pair}
    unfinished: list[str] = []
    for cause in sorted(kb.known_causes()):  # the catch-all is found by its own threshold, on no rule
        if cause in paired:
            continue  # inseparable-causes says why it cannot stand alone
        try:
            climb = climb_to(lint, cause)
        except SearchLimit:
            unfinished.append(cause)
            continue
        if not climb.found:
            lint.add(UNREACHABLE_CAUSE, kb.causes[cause].location, _unreachable_message(lint, climb))
    if unfinished:
        lint.unfinished.append(f"finding {', '.join(unfinished)}")


# --- the climb ------------------------------------------------------------------------------


def helps(rule: Rule, cause: str) -> bool:
    """Does the rule, when it fires, raise ``cause`` or lower another cause?"""
    return any(
        (w.cause == cause and w.ratio > 1.0) or (w.cause != cause and w.ratio < 1.0) for w in rule.weights
    )


def _moves(lint: Context, cause: str) -> list[Partial]:
    """The smallest sets of facts that make a rule helping ``cause`` fire, each once."""
    moves: dict[frozenset[tuple[str, str]], Partial] = {}
    for rule in lint.kb.rules:
        if rule.id in lint.dead or not helps(rule, cause):
            continue
        for partial in lint.supports.of(rule.when):
            moves.setdefault(partial.given, partial)
    return [moves[k] for k in sorted(moves, key=lambda g: (len(g), sorted(g)))]


def _joined(case: Partial, move: Partial) -> Partial | None:
    """The case with the move's facts too; None when they clash or add nothing."""
    if move.given <= case.given:
        return None
    for attribute, value in move.claims:
        if case.value(attribute) not in (None, value):
            return None
    return Partial(case.given | move.given, case.claims | move.claims)


def climb_to(lint: Context, cause: str) -> Climb:
    """Greedy, lazily: a move's last gain bounds what it is re-weighed for (the gains of
    evidence mostly shrink as a case grows); before it stops, every move is weighed anew."""
    settings = lint.kb.settings
    evaluator = lint.evaluator
    weighed: set[frozenset[tuple[str, str]]] = set()
    steps: list[tuple[dict[str, str], float]] = []

    def weigh(partial: Partial) -> tuple[float, Result, Posterior]:
        weighed.add(partial.given)
        if len(weighed) > CASES_PER_CAUSE:
            raise SearchLimit(f"more than {CASES_PER_CAUSE} cases for '{cause}'")
        result = evaluator.run(partial.given)
        posterior = evaluator.posterior(result)
        return _score(posterior, cause, settings.conflict), result, posterior

    moves = _moves(lint, cause)
    case = Partial()
    score, result, posterior = weigh(case)
    gains = dict.fromkeys(range(len(moves)), math.inf)
    fresh: dict[int, Partial] = {}  # moves weighed on the current case: the case they make

    def reweigh(i: int) -> None:
        joined = _joined(case, moves[i])
        if joined is None:
            del gains[i]
            return
        gains[i] = _rise(score, weigh(joined)[0])
        fresh[i] = joined

    while not _finds(posterior, cause, settings.confidence, settings.conflict):
        fresh.clear()
        best = -1
        while gains:
            i = max(gains, key=lambda j: (gains[j], -j))
            if i in fresh:
                best = i
                break
            reweigh(i)
        if best >= 0 and gains[best] <= GAIN:  # stuck on old gains: weigh every move anew
            for i in sorted(set(gains) - set(fresh)):
                reweigh(i)
            best = max(gains, key=lambda j: (gains[j], -j), default=-1)
        if best < 0 or gains[best] <= GAIN:
            break
        added = dict(sorted(fresh[best].given - case.given))
        case = fresh[best]
        del gains[best]
        score, result, posterior = weigh(case)
        steps.append((added, posterior.probabilities.get(cause, 0.0)))
    found = _finds(posterior, cause, settings.confidence, settings.conflict)
    if found:
        result = evaluator.confirm(result)
    return Climb(cause, result, posterior, found, len(weighed), steps)


def _rise(before: float, after: float) -> float:
    """How much a move raises the log-odds (from none at all, any chance is a rise)."""
    if before == -math.inf:
        return math.inf if after > -math.inf else -math.inf
    return after - before


def _score(posterior: Posterior, cause: str, conflict: float) -> float:
    """The cause's log-odds; a case whose facts fit no cause is no way up."""
    if posterior.fit < conflict:
        return -math.inf
    p = posterior.probabilities.get(cause, 0.0)
    if p <= 0.0:
        return -math.inf
    return math.inf if p >= 1.0 else math.log(p / (1.0 - p))


def _finds(posterior: Posterior, cause: str, confidence: float, conflict: float) -> bool:
    return posterior.fit >= conflict and posterior.probabilities.get(cause, 0.0) >= confidence


# --- pairs no rule tells apart --------------------------------------------------------------


def _signature(rule: Rule, causes: list[str]) -> tuple[float, ...]:
    """What the rule multiplies each cause by, before reliability."""
    ratios = dict.fromkeys(causes, 1.0)
    for weight in rule.weights:
        if weight.ratio == CONFIRM:
            ratios.update({c: RULE_OUT for c in causes if c != weight.cause})
        else:
            ratios[weight.cause] = ratios.get(weight.cause, 1.0) * weight.ratio
    return tuple(ratios[c] for c in causes)


def _inseparable(lint: Context) -> set[tuple[str, str]]:
    causes = sorted(lint.kb.known_causes())
    signatures = {_signature(r, causes) for r in lint.kb.rules if r.id not in lint.dead and r.weights}
    pairs: set[tuple[str, str]] = set()
    for i, first in enumerate(causes):
        for j in range(i + 1, len(causes)):
            if all(s[i] == s[j] for s in signatures):
                pairs.add((first, causes[j]))
    return pairs


# --- the messages ---------------------------------------------------------------------------


def _unreachable_message(lint: Context, climb: Climb) -> str:
    kb = lint.kb
    cause = climb.cause
    p = climb.posterior.probabilities
    rivals = [c for c, _ in climb.posterior.ranked() if c != cause][:SHOWN_RIVALS]
    beside = ", ".join(f"{c} {p[c]:.0%}" for c in rivals)
    path = "; ".join(f"{describe_facts(added)} ({after:.0%})" for added, after in climb.steps[:SHOWN_STEPS])
    if len(climb.steps) > SHOWN_STEPS:
        path += f"; and {len(climb.steps) - SHOWN_STEPS} more step(s), {len(climb.case.given)} facts in all"
    reached = f"the answers that raise it most, one after the other: {path}" if path else "nothing raises it"
    untouched = [c for c in rivals if climb.posterior.factors.get(c, 1.0) >= 1.0]
    hint = (
        f" Nothing in that case lowers {', '.join(repr(c) for c in untouched)}: a rule that lowers "
        f"{'it' if len(untouched) == 1 else 'them'} on one of those answers is the likeliest way up."
        if untouched
        else ""
    )
    tests = sorted(q.id for q in kb.questions.values() for causes in q.solves.values() if cause in causes)
    ends = (
        f" (A call still ends on it when {', '.join(repr(t) for t in tests)} makes the login work: "
        "such a test ends the call without the cause being found.)"
        if tests
        else ""
    )
    return (
        f"no combination of answers lint tried makes '{cause}' found ({climb.cases} case(s) weighed): "
        f"{reached}. That leaves it at {p.get(cause, 0.0):.1%}, beside {beside}; {to_be_found(kb, cause)}, "
        f"and {caller_ceiling(kb)}. Raise '{cause}' on more of the answers that show it (each a rule "
        f"of its own, on facts no other rule about it reads), or lower the causes left beside it on "
        f"those answers (see 'How strong evidence must be' in kb-docs/authoring.md).{hint}{ends}"
    )


def _inseparable_message(lint: Context, first: str, second: str) -> str:
    kb = lint.kb
    a, b = kb.causes[first], kb.causes[second]
    fix = f"'{a.fixes[0].title}'" if a.fixes else f"of '{first}'"
    return (
        f"'{first}' and '{second}' ({b.location}) cannot be told apart: no rule moves one of them "
        f"without moving the other alike, so whatever the answers their odds stay at the ratio of "
        f"their priors ({a.prior:g} to {b.prior:g}) and neither is found while the other is likely. "
        "Add a question whose answer is expected with one cause and not with the other: for instance "
        f"a test of the fix {fix} ('does it log in now?') with 'raise: {{{first}: strongly}}' on "
        f"'works' and 'lower: {{{first}: strongly}}' on 'still-fails', or a question about what "
        f"'{a.title}' and '{b.title}' look like differently."
    )


REACH = Unit("reach", (UNREACHABLE_CAUSE, INSEPARABLE_CAUSES), check_reach)
