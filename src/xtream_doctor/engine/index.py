"""Static facts about the rules, computed once per knowledge base.

Which answers can matter at all, which causes an attribute can reach, and
which other facts a simulated answer can depend on (its context): the last
lets a simulation be reused wherever that context is the same.
"""

from __future__ import annotations

from functools import cached_property

from xtream_doctor.kb.model import KnowledgeBase, Rule


class QuestionIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._context: dict[tuple[str, str], tuple[str, ...]] = {}

    @cached_property
    def relevant_values(self) -> dict[str, frozenset[str]]:
        """attribute -> the values some rule condition mentions (others change nothing)."""
        out: dict[str, set[str]] = {}
        for rule in self.kb.rules:
            for cond in rule.when:
                out.setdefault(cond.attribute, set()).update(cond.values)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def _readers(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for rule in self.kb.rules:
            for attribute in rule.attributes():
                out.setdefault(attribute, []).append(rule)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def influence(self) -> dict[str, frozenset[str]]:
        """attribute -> causes a fact on it can speak of, through derived facts too."""
        result: dict[str, frozenset[str]] = {}
        for attribute in self.kb.attributes:
            causes: set[str] = set()
            for rule in self._closure(attribute, None):
                causes.update(rule.speaks_of())
            result[attribute] = frozenset(causes)
        return result

    def _closure(self, attribute: str, value: str | None) -> list[Rule]:
        """Rules that can newly fire once ``attribute`` (= ``value``) is known."""
        rules: list[Rule] = []
        seen: set[str] = set()
        frontier = [
            r
            for r in self._readers.get(attribute, ())
            if value is None or any(c.attribute == attribute and value in c.values for c in r.when)
        ]
        while frontier:
            rule = frontier.pop()
            if rule.id in seen:
                continue
            seen.add(rule.id)
            rules.append(rule)
            for derived, _ in rule.derive:
                frontier.extend(self._readers.get(derived, ()))
        return rules

    def context(self, attribute: str, value: str) -> tuple[str, ...]:
        """The attributes whose values decide what ``attribute = value`` adds."""
        key = (attribute, value)
        if key not in self._context:
            attrs: set[str] = set()
            for rule in self._closure(attribute, value):
                attrs |= rule.attributes()
                attrs.update(a for a, _ in rule.derive)
            attrs.discard(attribute)
            self._context[key] = tuple(sorted(attrs))
        return self._context[key]
