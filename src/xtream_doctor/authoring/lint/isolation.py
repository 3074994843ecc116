"""Which causes can be found, and told apart: unreachable and inseparable causes.

A cause is reachable if some case leaves it as the only candidate (that case is
confirmed through the real engine); two causes are separable if some case rules
one out and keeps the other.  The search is bounded; a search that stops at its
bound is reported as unfinished, never as a finding.  Needs the dead rules found
by ``firing``, and runs last: it reuses every case the checks before it tried.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xtream_doctor.authoring.lint.core import Check, Context, Unit, holds
from xtream_doctor.authoring.lint.search import Partial, Result, SearchLimit, describe_facts, kills
from xtream_doctor.engine.inference import Outcome
from xtream_doctor.kb.model import Cause, Rule

UNREACHABLE_CAUSE = Check(
    "unreachable-cause",
    "warning",
    "no combination of answers leaves the cause as the only candidate",
)
INSEPARABLE_CAUSES = Check(
    "inseparable-causes",
    "warning",
    "no answer rules out one cause of a pair and keeps the other",
)

# How many cases one cause's isolation search may run: with the engine at a few
# milliseconds a case, the whole of lint stays within seconds.
NODES_PER_CAUSE = 2000


@dataclass
class Isolation:
    """What the search for a case that leaves only ``cause`` found."""

    cause: str
    found: Result | None = None  # a case where the engine leaves only the cause
    closest: Result | None = None  # the case that left it with the fewest rivals
    stuck: dict[str, Mapping[str, str]] = field(default_factory=dict)  # rival -> the case it got stuck in
    costly: dict[str, set[str]] = field(default_factory=dict)  # rival -> rules that took the cause with it
    cases: int = 0


def check_isolation(lint: Context) -> None:
    kb = lint.kb
    causes = sorted(kb.known_causes())  # the catch-all is never ruled out: it is no rule's
    searches: dict[str, Isolation] = {}
    unfinished: list[str] = []
    for cause in causes:
        lint.supports.truncated = False
        try:
            search = isolate(lint, cause)
        except SearchLimit:
            unfinished.append(cause)
            continue
        if search.found is None and lint.supports.truncated:
            unfinished.append(cause)
            continue
        searches[cause] = search
    if unfinished:
        lint.unfinished.append(f"isolating {', '.join(unfinished)}")
    isolated = {c for c, s in searches.items() if s.found is not None}
    try:
        separated, unsure = _separated(lint, causes, isolated)
    except SearchLimit as exc:
        lint.unfinished.append(f"telling causes apart ({exc})")
        return
    if unsure:
        listed = ", ".join(" and ".join(sorted(p)) for p in sorted(unsure, key=sorted))
        lint.unfinished.append(f"telling apart {listed}")
    separated |= unsure
    partners: dict[str, set[str]] = {c: set() for c in causes}
    for i, first in enumerate(causes):
        for second in causes[i + 1 :]:
            if frozenset({first, second}) in separated:
                continue
            partners[first].add(second)
            partners[second].add(first)
            lint.add(INSEPARABLE_CAUSES, kb.causes[first].location, _inseparable(lint, first, second))
    for cause, search in sorted(searches.items()):
        if search.found is not None:
            continue
        if search.stuck and set(search.stuck) <= partners[cause]:
            continue  # inseparable-causes already says why
        lint.add(UNREACHABLE_CAUSE, kb.causes[cause].location, _unreachable(lint, cause, search))


def _killers(lint: Context, target: str, keep: str) -> list[Rule]:
    """Live rules that remove ``target`` and leave ``keep``."""
    return [r for r in lint.kb.rules if r.id not in lint.dead and kills(r, target) and not kills(r, keep)]


def isolate(lint: Context, cause: str) -> Isolation:
    """Depth-first over cases: keep ``cause``, remove one more rival each step.

    At each case, the rival with the fewest ways out is taken next; its
    ways out are the supports of the live rules that remove it and not
    ``cause``, added to the case.  Since more facts never bring a cause
    back, a case that loses ``cause`` is dropped with all it would grow
    into, and a rival with no way out ends that branch.
    """
    search = Isolation(cause)
    stack: list[tuple[Partial, str]] = [(Partial(), "")]
    seen: set[frozenset[tuple[str, str]]] = set()
    while stack:
        partial, aim = stack.pop()
        if partial.given in seen:
            continue
        seen.add(partial.given)
        search.cases += 1
        if search.cases > NODES_PER_CAUSE:
            raise SearchLimit(f"more than {NODES_PER_CAUSE} cases for '{cause}'")
        result = lint.evaluator.run(partial.given)
        if cause not in result.alive:
            if aim:
                search.costly.setdefault(aim, set()).update(_removers(result.outcome, cause))
            continue
        if search.closest is None or len(result.alive) < len(search.closest.alive):
            search.closest = result
        if result.alive == {cause}:
            search.found = lint.evaluator.confirm(_smallest(lint, result, cause))
            return search
        options: list[Partial] | None = None
        target = ""
        for rival in sorted(result.alive - {cause}):
            grown: list[Partial] = []
            for rule in _killers(lint, rival, cause):
                grown.extend(lint.supports.of(rule.when, partial))
            if not grown:
                search.stuck.setdefault(rival, result.given)
                options = []
                break  # this rival cannot be removed from here
            if options is None or len(grown) < len(options):
                options, target = grown, rival
        ordered = sorted(set(options or ()), key=lambda p: (p.size(), sorted(p.given)), reverse=True)
        for option in ordered:
            if option.given not in seen:
                stack.append((option, target))
    return search


def _smallest(lint: Context, result: Result, cause: str) -> Result:
    """Drop the facts a case that singles out ``cause`` does not need."""
    facts = dict(result.given)
    for attribute in sorted(facts):
        fewer = {a: v for a, v in facts.items() if a != attribute}
        if lint.evaluator.run(fewer).alive == {cause} and _askable(lint, fewer):
            facts = fewer
    return lint.evaluator.run(facts)


def _askable(lint: Context, facts: Mapping[str, str]) -> bool:
    """Every question answered in the case could have been asked."""
    result = lint.evaluator.run(facts)
    questions = lint.kb.questions
    return all(
        holds(questions[a].asked_when, result) for a in facts if a in questions and questions[a].asked_when
    )


def _separated(
    lint: Context, causes: list[str], isolated: set[str]
) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """Pairs some case tells apart, and pairs the bounded search could not decide."""
    separated: set[frozenset[str]] = set()
    unsure: set[frozenset[str]] = set()
    everyone = set(causes)
    for result in list(lint.evaluator.results()):
        for kept in result.alive:
            for out in everyone - result.alive:
                separated.add(frozenset({kept, out}))
    for cause in isolated:
        for other in everyone - {cause}:
            separated.add(frozenset({cause, other}))
    for i, first in enumerate(causes):
        for second in causes[i + 1 :]:
            pair = frozenset({first, second})
            if pair in separated:
                continue
            lint.supports.truncated = False
            if _splits(lint, first, second) or _splits(lint, second, first):
                separated.add(pair)
            elif lint.supports.truncated:
                unsure.add(pair)
    return separated, unsure


def _splits(lint: Context, keep: str, target: str) -> bool:
    """Is there a case that removes ``target`` and keeps ``keep``?  Minimal cases suffice."""
    for rule in _killers(lint, target, keep):
        for partial in lint.supports.of(rule.when):
            result = lint.evaluator.run(partial.given)
            if keep in result.alive and target not in result.alive:
                return True
    return False


def _named(rule: Rule) -> str:
    return f"{rule.id}, which confirms '{rule.confirm}'" if rule.confirm else rule.id


def _inseparable(lint: Context, first: str, second: str) -> str:
    kb = lint.kb
    a, b = kb.causes[first], kb.causes[second]
    both = sorted(_named(r) for r in kb.rules if kills(r, first) and kills(r, second))
    only = sorted(r.id for r in kb.rules if r.id not in lint.dead and kills(r, first) != kills(r, second))
    if not both and not only:
        detail = "no rule rules out either of them"
    elif not only:
        detail = f"every rule that rules out one rules out the other too ({'; '.join(both)})"
    else:
        detail = (
            f"the rules that rule out only one of them ({', '.join(only)}) only fire together with "
            "rules that rule out the other"
        )
    return (
        f"'{first}' and '{second}' ({b.location}) cannot be told apart: {detail}, so a session where "
        "both remain ends undecided, both shown ranked by prior. Add a question whose answer is "
        f"expected with one cause and not with the other: for instance a test of the fix "
        f"{_fix_hint(a)} ('does it log in now?') with a rule 'rule_out: [{first}]' on the answer "
        f"'still-fails', or a question about what '{a.title}' and '{b.title}' look like differently."
    )


def _unreachable(lint: Context, cause: str, search: Isolation) -> str:
    head = f"no combination of answers leaves '{cause}' as the only candidate ({search.cases} case(s) tried)"
    if search.closest is None:
        return (
            f"{head}: it is ruled out before anything is known. Look for rules without conditions, "
            f"and give '{cause}' a rule that confirms it."
        )
    reasons: list[str] = []
    for rival, case in sorted(search.stuck.items()):
        spare = _killers(lint, rival, cause)
        both = sorted(_named(r) for r in lint.kb.rules if kills(r, rival) and kills(r, cause))
        if spare:
            ways = "; ".join(f"{r.id} when {', '.join(c.describe() for c in r.when)}" for r in spare)
            reasons.append(
                f"'{rival}' can only be ruled out by {ways}, which clashes with the case "
                f"{describe_facts(case)} that rules out the others"
            )
        elif both:
            reasons.append(
                f"'{rival}' cannot be ruled out while '{cause}' remains: every rule that rules out "
                f"'{rival}' also rules out '{cause}' ({'; '.join(both)})"
            )
        else:
            reasons.append(f"'{rival}' cannot be ruled out while '{cause}' remains: no rule rules it out")
    for rival, removers in sorted(search.costly.items()):
        if rival not in search.stuck:
            reasons.append(
                f"in every case tried, the answers that rule out '{rival}' also rule out '{cause}' "
                f"(through {', '.join(sorted(removers))})"
            )
    closest = search.closest
    if len(closest.alive) > 1:
        reasons.append(
            f"the closest case, {describe_facts(closest.given)}, still leaves "
            f"{', '.join(sorted(closest.alive - {cause}))} with it"
        )
    return (
        f"{head}: {'; '.join(reasons)}. Add a rule that rules those out in a case where '{cause}' "
        f"holds, or a rule with 'confirm: {cause}' on an answer that shows it."
    )


def _removers(outcome: Outcome, cause: str) -> set[str]:
    """The rules that took ``cause`` out of the candidates in this outcome."""
    out = set(outcome.ruled_out.get(cause, ()))
    for confirmed, rules in outcome.confirmed.items():
        if confirmed != cause or len(outcome.confirmed) > 1:
            out.update(rules)
    return out


def _fix_hint(cause: Cause) -> str:
    return f"'{cause.fixes[0].title}'" if cause.fixes else f"of '{cause.id}'"


ISOLATION = Unit("isolation", (UNREACHABLE_CAUSE, INSEPARABLE_CAUSES), check_isolation)
