"""A synthetic knowledge base of any size, shaped like the shipped one.

Used to see how question selection scales: the same number of rules per
cause, answers per question and conditions per rule, times a factor.
"""

from __future__ import annotations

import random

from xtream_doctor.kb.model import (
    Answer,
    Attribute,
    Cause,
    Condition,
    Example,
    Fix,
    FixStep,
    KnowledgeBase,
    Question,
    Rule,
)

SOURCE = ("001_87ca5caec89acc6d.txt",)


def synthetic_kb(shipped: KnowledgeBase, factor: int, seed: int = 7) -> KnowledgeBase:
    rng = random.Random(seed)
    n_causes = len(shipped.causes) * factor
    n_questions = len(shipped.questions) * factor
    rules_per_cause = max(1, round(len(shipped.rules) / max(1, len(shipped.causes))))
    causes = {
        f"c{i}": Cause(f"c{i}", f"cause {i}", "synthetic", rng.uniform(1, 20), SOURCE,
                       (Fix("fix", "fix it", (FixStep("do it"),), SOURCE),))
        for i in range(n_causes)
    }  # fmt: skip
    questions: dict[str, Question] = {}
    attributes: dict[str, Attribute] = {}
    for i in range(n_questions):
        answers = tuple(Answer(f"v{k}", f"value {k}") for k in range(rng.choice((2, 2, 3, 4))))
        q = Question(f"q{i}", f"question {i}?", answers, rng.choice((10, 15, 30, 60, 120)), SOURCE)
        questions[q.id] = q
        attributes[q.id] = Attribute(q.id, answers, q.text, ("answer",))
    rules: list[Rule] = []
    names = list(questions)
    for cause in causes:
        for k in range(rules_per_cause):
            when = []
            for attr in rng.sample(names, rng.choice((1, 1, 1, 2))):
                values = [a.value for a in questions[attr].answers]
                when.append(Condition(attr, frozenset(rng.sample(values, 1))))
            confirm = cause if k == 0 else None
            rule_out = () if confirm else (cause,)
            rules.append(Rule(f"{cause}-r{k}", tuple(when), "synthetic", SOURCE, rule_out, confirm))
    examples: tuple[Example, ...] = ()
    return KnowledgeBase(causes, questions, attributes, tuple(rules), examples, f"synthetic-x{factor}")
