"""How strong evidence must be for a cause to be found: the arithmetic that `kb lint`,
`kb test` and the cause pages share with the guide (kb-docs/authoring.md).

A cause starts at its prior share (its prior over the sum of all priors) and is found
when its posterior reaches ``confidence``.  In odds, that is a climb from
``share / (1 - share)`` to ``confidence / (1 - confidence)`` (9 at 90 %), and every
counted rule multiplies the odds by its factor, once its facts' reliability is
taken into account (``engine.posterior.discount``).
"""

from __future__ import annotations

from xtream_doctor.engine.posterior import discount
from xtream_doctor.kb.model import RULE_OUT, STRENGTHS, KnowledgeBase


def prior_share(kb: KnowledgeBase, cause: str) -> float:
    total = sum(c.prior for c in kb.causes.values()) or 1.0
    return kb.causes[cause].prior / total


def odds(p: float) -> float:
    return p / (1.0 - p) if p < 1.0 else float("inf")


def needed_rise(kb: KnowledgeBase, cause: str) -> float:
    """By how much the cause's odds against the other causes together must grow to be found."""
    return odds(kb.settings.confidence) / odds(prior_share(kb, cause))


def rise(kb: KnowledgeBase, cause: str, p: float) -> float:
    """By how much the cause's odds grew, from its prior share to ``p``."""
    return odds(p) / odds(prior_share(kb, cause))


def caller_ceiling(kb: KnowledgeBase) -> str:
    """What one caller's answer can do at most, in words."""
    r = kb.settings.reliability["answer"]
    return (
        f"one caller's answer moves a cause ×{discount(STRENGTHS['strongly'], r):.1f} at most with "
        f"'raise: strongly', and ×{1.0 / discount(RULE_OUT, r):.0f} against every other cause with 'confirm'"
    )


def to_be_found(kb: KnowledgeBase, cause: str) -> str:
    """The climb a cause must make, in words."""
    return (
        f"a cause is found at {kb.settings.confidence:.0%}: from its prior share of "
        f"{prior_share(kb, cause):.1%} its odds must grow ×{needed_rise(kb, cause):.0f} against the "
        "other causes together"
    )
