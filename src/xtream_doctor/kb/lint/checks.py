"""The lint checks: what can be wrong with a knowledge base that loads.

Every check has a stable code, a severity and a one-line summary (listed by
``xtream-doctor kb lint --list-checks`` and in kb-docs/authoring.md).  Each
problem says what is wrong, where (file:line) and how to fix it.

The semantic checks search over cases (see ``search``): a rule is alive if
some case fires it; a cause is reachable if some case leaves it as the only
candidate (that case is confirmed through the real engine); two causes are
separable if some case rules one out and keeps the other.  Every case behind
a reported contradiction is confirmed through the engine too.  The search is
bounded; when a bound is hit, lint says so (``search-limit``) rather than
claim something it did not prove.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xtream_doctor.engine.inference import Outcome
from xtream_doctor.kb.lint import basis
from xtream_doctor.kb.lint.search import (
    Evaluator,
    Partial,
    Result,
    SearchLimit,
    Supports,
    describe_facts,
    kills,
)
from xtream_doctor.kb.model import Cause, Condition, KnowledgeBase, Location, Rule
from xtream_doctor.kb.problems import Problem, Severity


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    summary: str


LOAD_CHECKS: tuple[Check, ...] = (
    Check(
        "syntax",
        "error",
        "the file is not valid YAML",
    ),
    Check(
        "invalid",
        "error",
        "the file does not fit the schema: an unknown or missing key, a wrong kind of value",
    ),
    Check(
        "duplicate-id",
        "error",
        "two causes, facts, questions or rules share an id",
    ),
    Check(
        "unknown-reference",
        "error",
        "a cause, fact, value or guide named somewhere does not exist",
    ),
)
CHECKS: tuple[Check, ...] = (
    Check(
        "misplaced-rule",
        "warning",
        "a rule in a cause's file that says nothing about that cause",
    ),
    Check(
        "unknown-device",
        "warning",
        "device-specific text for a device that is not an answer of the 'device' question",
    ),
    Check(
        "fires-on-empty-case",
        "error",
        "a rule fires before anything is known",
    ),
    Check(
        "matches-every-case",
        "error",
        "every condition of a rule accepts every value: it fires whenever those facts are known",
    ),
    Check(
        "matches-every-answer",
        "warning",
        "a condition accepts every answer, so it only asks that the attribute is known",
    ),
    Check(
        "never-set-fact",
        "warning",
        "a fact is set only by rules, and no rule derives it",
    ),
    Check(
        "dead-rule",
        "error",
        "a rule that no combination of answers, probe and lint results can fire",
    ),
    Check(
        "never-asked",
        "error",
        "a question whose asked_when can never hold",
    ),
    Check(
        "contradicting-rules",
        "error",
        "rules that fire on the same facts and disagree (confirm / rule out, two confirms, two values)",
    ),
    Check(
        "rules-out-everything",
        "error",
        "whenever a rule fires, no cause is left",
    ),
    Check(
        "useless-question",
        "warning",
        "a question whose answer can never change the candidates",
    ),
    Check(
        "unused-fact",
        "warning",
        "a probe, lint or derived fact that no rule or question reads",
    ),
    Check(
        "unused-derived-value",
        "warning",
        "a rule derives a value of a fact that no rule or question reads",
    ),
    Check(
        "unreachable-cause",
        "warning",
        "no combination of answers leaves the cause as the only candidate",
    ),
    Check(
        "inseparable-causes",
        "warning",
        "no answer rules out one cause of a pair and keeps the other",
    ),
    Check(
        "untested-cause",
        "warning",
        "no example shows the rules leaving the cause as the only candidate",
    ),
    Check(basis.CODE, basis.SEVERITY, basis.SUMMARY),
    Check(
        "search-limit",
        "warning",
        "lint stopped a search at its bound; the checks named were not finished",
    ),
)
SEVERITY: dict[str, Severity] = {c.code: c.severity for c in CHECKS}

# How many of a rule's supports are run when looking for one that fires it.
SUPPORTS_PER_RULE = 12
# How many cases one cause's isolation search may run, and lint as a whole: with the
# engine at a few milliseconds a case, the whole of lint stays within seconds.
NODES_PER_CAUSE = 2000
MAX_CASES = 20000


@dataclass
class Isolation:
    """What the search for a case that leaves only ``cause`` found."""

    cause: str
    found: Result | None = None  # a case where the engine leaves only the cause
    closest: Result | None = None  # the case that left it with the fewest rivals
    stuck: dict[str, Mapping[str, str]] = field(default_factory=dict)  # rival -> the case it got stuck in
    costly: dict[str, set[str]] = field(default_factory=dict)  # rival -> rules that took the cause with it
    cases: int = 0


class Linter:
    """Runs every check once over one knowledge base; ``run`` returns the problems in file order."""

    def __init__(
        self, kb: KnowledgeBase, max_runs: int = MAX_CASES, evaluator: Evaluator | None = None
    ) -> None:
        self.kb = kb
        self.evaluator = evaluator or Evaluator(kb, max_runs)
        self.supports = Supports(kb)
        self.problems: list[Problem] = []
        self.rules = {r.id: r for r in kb.rules}
        self.dead: set[str] = set()
        self.witness: dict[str, Result] = {}  # rule id -> a case that fires it
        self.unfinished: list[str] = []

    # --- plumbing -----------------------------------------------------------

    def add(self, code: str, at: Location, message: str) -> None:
        self.problems.append(Problem(at, message, SEVERITY[code], code))

    def run(self) -> list[Problem]:
        checks = (
            ("devices", self.check_devices),
            ("placement", self.check_placement),
            ("empty case", self.check_empty_case),
            ("conditions", self.check_whole_domains),
            ("facts", self.check_never_set),
            ("rules", self.check_dead_rules),
            ("asked_when", self.check_never_asked),
            ("contradictions", self.check_contradictions),
            ("use", self.check_influence),
            ("examples", self.check_untested),
            ("isolation", self.check_isolation),
            ("basis", lambda: self.problems.extend(basis.check_basis(self.kb))),
        )
        for name, check in checks:
            try:
                check()
            except SearchLimit as exc:
                self.unfinished.append(f"{name} ({exc})")
        if self.unfinished:
            self.add(
                "search-limit",
                Location(self.kb.root or "rules"),
                f"lint tried {self.evaluator.runs} cases and stopped at its bound in: "
                f"{'; '.join(self.unfinished)}. The checks named were not finished; nothing is claimed "
                "about what they did not reach. Raise the bound with --max-cases.",
            )
        return sorted(set(self.problems), key=_order)

    def loc(self, attribute: str) -> str:
        spec = self.kb.attributes.get(attribute)
        return str(spec.location) if spec else attribute

    # --- cheap, structural checks ------------------------------------------

    def check_devices(self) -> None:
        device = self.kb.questions.get("device")
        known = device.domain() if device else frozenset()
        hint = (
            f"the 'device' question ({device.location}) has the answers {', '.join(sorted(known))}"
            if device
            else "there is no 'device' question, so no device variant is ever shown"
        )
        for question in self.kb.questions.values():
            for name in sorted(set(question.devices) - known):
                self.add(
                    "unknown-device",
                    question.location,
                    f"question '{question.id}' has instructions for the device '{name}', which is never "
                    f"shown: {hint}. Rename the key to one of those answers (or add the answer to "
                    "rules/questions/device.yaml).",
                )
        for cause in self.kb.causes.values():
            for fix in cause.fixes:
                for number, step in enumerate(fix.steps, 1):
                    for name in sorted(set(step.devices) - known):
                        self.add(
                            "unknown-device",
                            cause.location,
                            f"step {number} of the fix '{fix.id}' of '{cause.id}' has a variant for the "
                            f"device '{name}', which is never shown: {hint}. Rename the key to one of "
                            "those answers.",
                        )

    def check_placement(self) -> None:
        for rule in self.kb.rules:
            if rule.owner not in self.kb.causes or rule.owner in rule.speaks_of():
                continue
            about = sorted(rule.speaks_of())
            where = (
                f"the file of the cause it speaks about ({', '.join(f'{c}.yaml' for c in about)})"
                if about
                else "the file of the fact it derives (rules/facts/)"
            )
            self.add(
                "misplaced-rule",
                rule.location,
                f"rule '{rule.id}' is in the file of '{rule.owner}' but says nothing about "
                f"'{rule.owner}'. Move it to {where}, where editors look for it.",
            )

    def check_empty_case(self) -> None:
        result = self.evaluator.confirm(self.evaluator.run({}))
        for firing in result.outcome.firings:
            rule = self.rules[firing.rule]
            self.add(
                "fires-on-empty-case",
                rule.location,
                f"rule '{rule.id}' fires before anything is known, so it decides every case. "
                "Give it a condition in 'when' that only some cases meet.",
            )
        if not result.alive and len(self.kb.causes) > 1:
            self.add(
                "rules-out-everything",
                Location(self.kb.root or "rules"),
                "before anything is known no cause is left, so every session ends in a conflict. "
                "Look for rules that fire without conditions.",
            )

    def check_whole_domains(self) -> None:
        for rule in self.kb.rules:
            whole = [c for c in rule.when if self._whole(c)]
            if whole and len(whole) == len(rule.when):
                listed = "; ".join(c.describe() for c in whole)
                self.add(
                    "matches-every-case",
                    rule.location,
                    f"rule '{rule.id}' accepts every value of every fact it reads ({listed}), so it fires "
                    "in every case where those are known, whatever they say. Keep in 'when' only the "
                    "answers that point to the conclusion.",
                )
                continue
            for condition in whole:
                self.add(
                    "matches-every-answer",
                    rule.location,
                    f"rule '{rule.id}' accepts every answer of '{condition.attribute}' "
                    f"({condition.describe()}), so that condition only asks that it is known. Keep only "
                    f"the answers that matter, or drop the condition '{condition.attribute}'.",
                )

    def _whole(self, condition: Condition) -> bool:
        spec = self.kb.attributes.get(condition.attribute)
        return spec is not None and len(spec.domain()) > 1 and spec.domain() <= condition.values

    def check_never_set(self) -> None:
        for attr in self.kb.attributes.values():
            if set(attr.set_by) != {"derived"}:
                continue
            if not any(self.supports.derivers.get((attr.id, v)) for v in attr.domain()):
                readers = sorted(r.id for r in self.kb.rules_using(attr.id))
                also = f" The rules reading it ({', '.join(readers)}) can never fire." if readers else ""
                self.add(
                    "never-set-fact",
                    attr.location,
                    f"the fact '{attr.id}' says 'set_by: derived', but no rule derives it, so it is never "
                    f"known.{also} Add a rule with 'derive: {{{attr.id}: ...}}', or list who else sets it "
                    "(probe or lint) in set_by.",
                )

    # --- rules that can fire ------------------------------------------------

    def _fires(self, rule: Rule) -> Result | None:
        for partial in self.supports.of(rule.when):
            result = self.evaluator.run(partial.given)
            if rule.id in result.fired:
                return result
        return None

    def check_dead_rules(self) -> None:
        unsure: list[str] = []
        for rule in self.kb.rules:
            self.supports.truncated = False
            result = self._fires(rule)
            if result is not None:
                self.witness[rule.id] = result
                continue
            if self.supports.truncated:
                unsure.append(rule.id)
                continue
            self.dead.add(rule.id)
            self.add(
                "dead-rule",
                rule.location,
                f"rule '{rule.id}' can never fire: {self._why_not(rule.when)} "
                "Fix the condition, or delete the rule.",
            )
        if unsure:
            self.unfinished.append(f"whether {', '.join(unsure)} can fire (too many ways to meet them)")

    def _why_not(self, conditions: Sequence[Condition]) -> str:
        """Why no case meets these conditions, in words."""
        for condition in conditions:
            attr = condition.attribute
            if not any(self.supports.settable(attr, v) for v in condition.values):
                return (
                    f"nothing gives '{attr}' the value{'s' if len(condition.values) > 1 else ''} "
                    f"{', '.join(sorted(condition.values))}: no question or probe sets '{attr}' "
                    f"({self.loc(attr)}) and no rule derives that value."
                )
        for condition in conditions:
            if not self.supports.of([condition]):
                return f"'{condition.describe()}' can never hold: {self._how(condition)}."
        for i, first in enumerate(conditions):
            for second in conditions[i + 1 :]:
                if not self.supports.of([first, second]):
                    return (
                        f"'{first.describe()}' and '{second.describe()}' cannot hold at once "
                        f"({self._how(first)}; {self._how(second)})."
                    )
        if not self.supports.of(conditions):
            listed = "; ".join(self._how(c) for c in conditions)
            return f"its conditions cannot all hold at once ({listed})."
        tried = self.supports.of(conditions)[0]
        return (
            f"the engine did not fire it even with {describe_facts(tried.facts())}, "
            "the smallest case meeting its conditions."
        )

    def _how(self, condition: Condition) -> str:
        """How a condition can come to hold: directly, or through which rules."""
        attr = condition.attribute
        ways: list[str] = []
        for value in sorted(condition.values):
            if value in self.supports.direct.get(attr, ()):
                question = self.kb.questions.get(attr)
                if question and question.asked_when:
                    needs = ", ".join(c.describe() for c in question.asked_when)
                    ways.append(f"{attr} = {value} is only asked when {needs}")
                else:
                    ways.append(f"{attr} = {value} is answered directly")
            for rule in self.supports.derivers.get((attr, value), ()):
                needs = ", ".join(c.describe() for c in rule.when)
                ways.append(f"{attr} = {value} comes only from rule '{rule.id}' when {needs}")
        return "; ".join(ways) or f"nothing sets {condition.describe()}"

    def check_never_asked(self) -> None:
        for question in self.kb.questions.values():
            if not question.asked_when:
                continue
            self.supports.truncated = False
            tries = self.supports.of(question.asked_when)
            if any(self._holds(question.asked_when, self.evaluator.run(p.given)) for p in tries):
                continue
            if self.supports.truncated:
                self.unfinished.append(f"whether '{question.id}' can be asked")
                continue
            self.add(
                "never-asked",
                question.location,
                f"question '{question.id}' is never asked: its asked_when "
                f"({', '.join(c.describe() for c in question.asked_when)}) can never hold: "
                f"{self._why_not(question.asked_when)} Fix or remove 'asked_when'.",
            )

    def _tries(self, conditions: Sequence[Condition]) -> list[Partial]:
        return self.supports.of(conditions)[:SUPPORTS_PER_RULE]

    @staticmethod
    def _holds(conditions: Iterable[Condition], result: Result) -> bool:
        for condition in conditions:
            values = set(result.outcome.derived.get(condition.attribute, {}))
            if condition.attribute in result.given:
                values.add(result.given[condition.attribute])
            if not values & condition.values:
                return False
        return True

    # --- rules that disagree ------------------------------------------------

    def check_contradictions(self) -> None:
        reported: set[frozenset[str]] = set()
        emptied: set[str] = set()
        for rule in self.kb.rules:
            if rule.id in self.dead:
                continue
            for partial in self._tries(rule.when):
                result = self.evaluator.run(partial.given)
                if rule.id not in result.fired:
                    continue
                clashes = self._clashes(rule, result)
                if clashes or (not result.alive and len(self.kb.causes) > 1):
                    self.evaluator.confirm(result)
                for other, clash in clashes:
                    pair = frozenset({rule.id, other})
                    if pair in reported:
                        continue
                    reported.add(pair)
                    where = self.rules[other].location if other in self.rules else "the facts given"
                    self.add(
                        "contradicting-rules",
                        rule.location,
                        f"rule '{rule.id}' contradicts rule '{other}' ({where}): with only "
                        f"{describe_facts(result.given)}, both fire and {clash}. Decide which is right: "
                        "narrow the conditions of one of them, or delete it.",
                    )
                if not result.alive and rule.id not in emptied and len(self.kb.causes) > 1:
                    emptied.add(rule.id)
                    self.add(
                        "rules-out-everything",
                        rule.location,
                        self._everything_message(rule, result),
                    )

    def _clashes(self, rule: Rule, result: Result) -> list[tuple[str, str]]:
        outcome = result.outcome
        out: list[tuple[str, str]] = []
        if rule.confirm:
            for other in sorted(set(outcome.ruled_out.get(rule.confirm, ())) - {rule.id}):
                out.append((other, f"'{rule.id}' confirms '{rule.confirm}' while '{other}' rules it out"))
            for cause, rules in sorted(outcome.confirmed.items()):
                if cause != rule.confirm:
                    for other in sorted(set(rules) - {rule.id}):
                        out.append(
                            (
                                other,
                                f"'{rule.id}' confirms '{rule.confirm}' while '{other}' confirms '{cause}'",
                            )
                        )
        for cause in rule.rule_out:
            for other in sorted(set(outcome.confirmed.get(cause, ())) - {rule.id}):
                out.append((other, f"'{rule.id}' rules out '{cause}' while '{other}' confirms it"))
        for attribute, value in rule.derive:
            for other_value, rules in sorted(outcome.derived.get(attribute, {}).items()):
                if other_value != value:
                    for other in sorted(set(rules) - {rule.id}):
                        out.append(
                            (
                                other,
                                f"'{rule.id}' derives {attribute} = {value} "
                                f"while '{other}' derives {other_value}",
                            )
                        )
        return out

    def _everything_message(self, rule: Rule, result: Result) -> str:
        alone = all(kills(rule, c) for c in self.kb.causes)
        if alone:
            return (
                f"rule '{rule.id}' rules out every cause by itself, so whenever it fires the session ends "
                "with no candidate. Rule out only the causes the answer speaks against."
            )
        culprits = sorted(
            {r for rules in result.outcome.ruled_out.values() for r in rules}
            | {r for rules in result.outcome.confirmed.values() for r in rules}
        )
        shown = ", ".join(culprits[:6]) + (f" and {len(culprits) - 6} more" if len(culprits) > 6 else "")
        return (
            f"whenever rule '{rule.id}' fires (for instance with only {describe_facts(result.given)}), "
            f"no cause is left: together, {shown} rule out every cause. Every answer should leave at "
            "least one cause; narrow one of these rules, or add the cause that answer points to."
        )

    # --- facts and questions that change nothing ----------------------------

    def check_influence(self) -> None:
        read: dict[str, set[str]] = {}  # attribute -> values some live rule or question reads
        useful: set[tuple[str, str]] = set()
        live = [r for r in self.kb.rules if r.id not in self.dead]
        for rule in self.kb.rules:
            for condition in rule.when:
                read.setdefault(condition.attribute, set()).update(condition.values)
        for question in self.kb.questions.values():
            for condition in question.asked_when:
                read.setdefault(condition.attribute, set()).update(condition.values)
        changed = True
        while changed:
            changed = False
            for rule in live:
                effective = bool(rule.weights) or any(p in useful for p in rule.derive)
                if not effective:
                    continue
                for condition in rule.when:
                    for value in condition.values:
                        if (condition.attribute, value) not in useful:
                            useful.add((condition.attribute, value))
                            changed = True
            for question in self.kb.questions.values():
                if any((question.id, a.value) in useful for a in question.answers):
                    for condition in question.asked_when:
                        for value in condition.values:
                            if (condition.attribute, value) not in useful:
                                useful.add((condition.attribute, value))
                                changed = True
        used_attrs = {a for a, _ in useful}
        device_variants = any(q.devices for q in self.kb.questions.values()) or any(
            s.devices for c in self.kb.causes.values() for f in c.fixes for s in f.steps
        )
        for question in self.kb.questions.values():
            if question.id in used_attrs or (question.id == "device" and device_variants):
                continue
            readers = sorted(r.id for r in self.kb.rules_using(question.id))
            if not readers and question.id not in read:
                why = "no rule reads its answer"
            elif not readers:
                why = "it only gates questions whose answers change nothing themselves"
            else:
                why = f"the rules that read it ({', '.join(readers)}) {self._ineffective(readers)}"
            self.add(
                "useless-question",
                question.location,
                f"asking '{question.id}' can never change the candidates: {why}. Add a rule with "
                f"'when: {{{question.id}: ...}}' that rules a cause in or out, or delete the question.",
            )
        for attr in self.kb.attributes.values():
            if attr.id in self.kb.questions or attr.id in used_attrs:
                continue
            readers = sorted(r.id for r in self.kb.rules_using(attr.id))
            who = ", ".join(attr.set_by)
            if not readers and attr.id not in read:
                why = "no rule or question reads it"
            else:
                why = f"the rules that read it ({', '.join(readers)}) {self._ineffective(readers)}"
            self.add(
                "unused-fact",
                attr.location,
                f"the fact '{attr.id}' (set by {who}) never changes the candidates: {why}. Use it in a "
                "rule's 'when', or delete it.",
            )
        for rule in live:
            for attribute, value in rule.derive:
                if attribute in used_attrs and value not in read.get(attribute, set()):
                    self.add(
                        "unused-derived-value",
                        rule.location,
                        f"rule '{rule.id}' derives {attribute} = {value}, but no rule or question reads "
                        f"that value of '{attribute}' ({self.loc(attribute)}). Use it in a rule's 'when', "
                        "or drop it from 'derive'.",
                    )

    def _ineffective(self, readers: list[str]) -> str:
        dead = [r for r in readers if r in self.dead]
        if len(dead) == len(readers):
            return "can never fire"
        return (
            "only derive facts that nothing uses"
            if not dead
            else "can never fire or only derive unused facts"
        )

    # --- examples -------------------------------------------------------------

    def check_untested(self) -> None:
        isolated = {
            e.found or next(iter(e.leading))
            for e in self.kb.examples
            if (e.found or len(e.leading) == 1) and not e.todo
        }
        for cause in self.kb.causes.values():
            if cause.id not in isolated:
                self.add(
                    "untested-cause",
                    cause.location,
                    f"no example shows the rules making '{cause.id}' the likeliest cause. Add one under "
                    f"'examples:' in its file: 'given: {{...}}' with the answers of a typical case and "
                    f"'found: {cause.id}' (or 'leading: {cause.id}'); run 'xtream-doctor kb test'.",
                )

    # --- which causes can be told apart ----------------------------------------

    def check_isolation(self) -> None:
        causes = sorted(self.kb.causes)
        searches: dict[str, Isolation] = {}
        unfinished: list[str] = []
        for cause in causes:
            self.supports.truncated = False
            try:
                search = self._isolate(cause)
            except SearchLimit:
                unfinished.append(cause)
                continue
            if search.found is None and self.supports.truncated:
                unfinished.append(cause)
                continue
            searches[cause] = search
        if unfinished:
            self.unfinished.append(f"isolating {', '.join(unfinished)}")
        isolated = {c for c, s in searches.items() if s.found is not None}
        try:
            separated, unsure = self._separated(causes, isolated)
        except SearchLimit as exc:
            self.unfinished.append(f"telling causes apart ({exc})")
            return
        if unsure:
            listed = ", ".join(" and ".join(sorted(p)) for p in sorted(unsure, key=sorted))
            self.unfinished.append(f"telling apart {listed}")
        separated |= unsure
        partners: dict[str, set[str]] = {c: set() for c in causes}
        for i, first in enumerate(causes):
            for second in causes[i + 1 :]:
                if frozenset({first, second}) in separated:
                    continue
                partners[first].add(second)
                partners[second].add(first)
                self.add(
                    "inseparable-causes", self.kb.causes[first].location, self._inseparable(first, second)
                )
        for cause, search in sorted(searches.items()):
            if search.found is not None:
                continue
            if search.stuck and set(search.stuck) <= partners[cause]:
                continue  # inseparable-causes already says why
            self.add("unreachable-cause", self.kb.causes[cause].location, self._unreachable(cause, search))

    def _killers(self, target: str, keep: str) -> list[Rule]:
        """Live rules that remove ``target`` and leave ``keep``."""
        return [r for r in self.kb.rules if r.id not in self.dead and kills(r, target) and not kills(r, keep)]

    def _isolate(self, cause: str) -> Isolation:
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
            result = self.evaluator.run(partial.given)
            if cause not in result.alive:
                if aim:
                    search.costly.setdefault(aim, set()).update(_removers(result.outcome, cause))
                continue
            if search.closest is None or len(result.alive) < len(search.closest.alive):
                search.closest = result
            if result.alive == {cause}:
                search.found = self.evaluator.confirm(self._smallest(result, cause))
                return search
            options: list[Partial] | None = None
            target = ""
            for rival in sorted(result.alive - {cause}):
                grown: list[Partial] = []
                for rule in self._killers(rival, cause):
                    grown.extend(self.supports.of(rule.when, partial))
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

    def _smallest(self, result: Result, cause: str) -> Result:
        """Drop the facts a case that singles out ``cause`` does not need."""
        facts = dict(result.given)
        for attribute in sorted(facts):
            fewer = {a: v for a, v in facts.items() if a != attribute}
            if self.evaluator.run(fewer).alive == {cause} and self._askable(fewer):
                facts = fewer
        return self.evaluator.run(facts)

    def _askable(self, facts: Mapping[str, str]) -> bool:
        """Every question answered in the case could have been asked."""
        result = self.evaluator.run(facts)
        return all(
            self._holds(self.kb.questions[a].asked_when, result)
            for a in facts
            if a in self.kb.questions and self.kb.questions[a].asked_when
        )

    def _separated(
        self, causes: list[str], isolated: set[str]
    ) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
        """Pairs some case tells apart, and pairs the bounded search could not decide."""
        separated: set[frozenset[str]] = set()
        unsure: set[frozenset[str]] = set()
        everyone = set(causes)
        for result in list(self.evaluator.results()):
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
                self.supports.truncated = False
                if self._splits(first, second) or self._splits(second, first):
                    separated.add(pair)
                elif self.supports.truncated:
                    unsure.add(pair)
        return separated, unsure

    def _splits(self, keep: str, target: str) -> bool:
        """Is there a case that removes ``target`` and keeps ``keep``?  Minimal cases suffice."""
        for rule in self._killers(target, keep):
            for partial in self.supports.of(rule.when):
                result = self.evaluator.run(partial.given)
                if keep in result.alive and target not in result.alive:
                    return True
        return False

    @staticmethod
    def _named(rule: Rule) -> str:
        return f"{rule.id}, which confirms '{rule.confirm}'" if rule.confirm else rule.id

    def _inseparable(self, first: str, second: str) -> str:
        a, b = self.kb.causes[first], self.kb.causes[second]
        both = sorted(self._named(r) for r in self.kb.rules if kills(r, first) and kills(r, second))
        only = sorted(
            r.id for r in self.kb.rules if r.id not in self.dead and kills(r, first) != kills(r, second)
        )
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

    def _unreachable(self, cause: str, search: Isolation) -> str:
        head = (
            f"no combination of answers leaves '{cause}' as the only candidate ({search.cases} case(s) tried)"
        )
        if search.closest is None:
            return (
                f"{head}: it is ruled out before anything is known. Look for rules without conditions, "
                f"and give '{cause}' a rule that confirms it."
            )
        reasons: list[str] = []
        for rival, case in sorted(search.stuck.items()):
            spare = self._killers(rival, cause)
            both = sorted(self._named(r) for r in self.kb.rules if kills(r, rival) and kills(r, cause))
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


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    at = problem.location
    return (at.path, at.line, at.column, problem.code, problem.message)


def lint(kb: KnowledgeBase, max_runs: int = MAX_CASES) -> list[Problem]:
    """Every problem lint finds in a loaded knowledge base, in file order."""
    return Linter(kb, max_runs).run()


def codes() -> Mapping[str, Check]:
    return {c.code: c for c in (*LOAD_CHECKS, *CHECKS)}
