"""When answers disagree, the one most likely wrong: so staff can ask it again with one key.

Answers disagree when a cause leads (or a try-and-see test just made the login work for
it) while an answer speaks strongly against it.  Callers err about one time in ten, so
one of the answers against it may simply be wrong.  Which one: the odds that a given
fact is wrong are its own error odds, (1 - r) / r, times how much better everything else
is explained once the evidence resting on it is gone (the same measure as the conflict's
re-check).  Only what staff can re-check is named: an answer to a question (the caller's,
a staff check, a detail read out), or a fix reported as not helping (it may have been done
wrongly).  Never the lint of the caller's own text, the probe, or what the desk stated.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence

from xtream_doctor.engine.posterior import Evidence, Posterior, Weigher
from xtream_doctor.engine.state import Doubt, KnownFact

AGAINST = 0.4  # an item at or below this factor speaks clearly against its cause
NAMED = 0.3  # a fact is named once it is at least this likely to be wrong
FIX = "fix:"


def _total(weigher: Weigher, posterior: Posterior) -> float:
    """How well the evidence is explained overall: the prior-weighted sum of every cause's factor."""
    return sum(weigher.priors[c] * posterior.factors.get(c, 1.0) for c in weigher.priors)


def doubted(
    weigher: Weigher,
    items: Sequence[Evidence],
    posterior: Posterior,
    cause: str,
    given: Mapping[str, KnownFact],
    reliability: Callable[[str], float],
    fix_titles: Mapping[str, tuple[str, str]],
) -> Doubt | None:
    """The fact (or failed fix) against ``cause`` most likely wrong, if likely enough to name.

    ``reliability`` gives a root's r (an answer's, a fix report's); ``fix_titles`` maps a
    failed fix's root ("fix:<id>") to its (cause, fix id)."""
    against = [e for e in posterior.evidence.get(cause, ()) if e.counted and e.factor <= AGAINST]
    roots = {r for e in against for r in e.roots if _recheckable(r, given, weigher.kb.questions)}
    if not roots:
        return None
    base = _total(weigher, posterior)
    best: tuple[float, str] | None = None
    for root in sorted(roots):
        kept = [e for e in items if root not in e.roots]
        r = reliability(root)
        odds = (1.0 - r) / r * _total(weigher, weigher.posterior(kept)) / base
        chance = odds / (1.0 + odds)
        if best is None or chance > best[0]:
            best = (chance, root)
    if best is None or best[0] < NAMED:
        return None
    chance, root = best
    if root.startswith(FIX):
        fix_cause, fix = fix_titles[root]
        return Doubt(root, "did-not-help", cause, chance, (fix_cause, fix))
    fact = given[root]
    return Doubt(root, fact.value, cause, chance)


def _recheckable(root: str, given: Mapping[str, KnownFact], questions: Container[str]) -> bool:
    if root.startswith(FIX):
        return True
    fact = given.get(root)
    return fact is not None and fact.source == "answer" and root in questions
