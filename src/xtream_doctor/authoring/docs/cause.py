"""causes/<id>.md: one page per cause: how it shows, when it is found, every rule about it
(confirm, raise, lower, rule out), its fixes and what a failed one means, the steps once it
works, the tests that end the call, its guides and basis, examples, and the diagram of its rules."""

from __future__ import annotations

from xtream_doctor.authoring.docs.common import (
    MARKER,
    Pages,
    Words,
    cell,
    example_given,
    mermaid_id,
    mermaid_label,
    mermaid_nodes,
    n,
    one_line,
    rule_sentence,
)
from xtream_doctor.authoring.strength import needed_rise, prior_share
from xtream_doctor.engine.posterior import discount
from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.model import RULE_OUT, STRENGTHS, Cause, Example, Rule


def pages(p: Pages) -> dict[str, str]:
    return {f"causes/{cause.id}.md": page(p, cause) for cause in p.kb.causes.values()}


def page(p: Pages, cause: Cause) -> str:
    kb = p.kb
    words = Words(kb, "../questions.md")
    about = [r for r in kb.rules if cause.id in r.speaks_of()]
    chain = _chain(p, about)
    lines = [
        MARKER,
        f"# {cause.title}",
        "",
        f"`{cause.id}` · status {cause.status} · prior {cause.prior:g} "
        f"({cause.prior / p.total_prior:.0%} of all causes before any answer) · "
        f"{p.site.file(cause.location, 'causes')}",
        "",
        one_line(cause.summary),
        "",
        "## How it shows",
        "",
    ]
    isolating = [e for e in kb.examples if e.found == cause.id or e.leading == frozenset({cause.id})]
    if isolating:
        lines.append(
            "Typical cases, from the examples the rules are tested on; in each it is the likeliest cause:"
        )
        lines.append("")
        for example in isolating:
            name = f"{one_line(example.name)}: " if example.name else ""
            todo = f" *(known gap: {one_line(example.todo)})*" if example.todo else ""
            lines.append(f"- {name}{example_given(words, example)}{todo}")
    else:
        lines.append("No example shows it as the likeliest cause yet.")
    lines += ["", "## When it is found", "", *_found(p, cause)]
    lines += ["", "## The rules about it", "", *_rules(p, words, cause, about)]
    if chain:
        lines += ["", "The facts these rules read are concluded by:", ""]
        lines += [f"- {rule_sentence(words, r, '')}" for r in chain]
    lines += ["", "## Fixes", "", *_fixes_intro(p, cause), ""]
    answer = kb.settings.reliability["answer"]
    for number, fix in enumerate(cause.fixes, 1):
        lines += [
            f"### {number}. {fix.title}",
            "",
            f"`{fix.id}` · works {fix.success:.0%} of the time when this is the cause; when it does not "
            f"help, the cause is ×{discount(1.0 - fix.success, answer):.2f} as likely · about "
            f"{_minutes(fix.cost)} · {words.sources(fix.sources, fix.basis)}",
            "",
        ]
        for step_number, step in enumerate(fix.steps, 1):
            lines.append(f"{step_number}. {one_line(step.text)}")
            for device, text in step.devices.items():
                label = p.device_labels.get(device, device)
                lines.append(f"   - On {label}: {one_line(text)}")
        lines.append("")
    if cause.prevention:
        prevention = cause.prevention
        lines += [
            "## Once it works",
            "",
            f"What the caller can do so it does not happen again · "
            f"{words.sources(prevention.sources, prevention.basis)}",
            "",
        ]
        for step_number, step in enumerate(prevention.steps, 1):
            lines.append(f"{step_number}. {one_line(step.text)}")
            for device, text in step.devices.items():
                lines.append(f"   - On {p.device_labels.get(device, device)}: {one_line(text)}")
        lines.append("")
    tests = [(q, v) for q in kb.questions.values() for v, causes in q.solves.items() if cause.id in causes]
    if tests:
        lines += ["## Tests that end the call", ""]
        lines += [
            f"- [{q.id}](../questions.md#{q.id}) answered “{q.label(v)}”: solved by that test"
            for q, v in tests
        ]
        lines.append("")
    lines += ["## Sources", ""]
    lines += _sources(p, cause, about + chain)
    examples = [e for e in kb.examples if e.owner == cause.id]
    if examples:
        lines += ["", "## Examples", "", "| example | given | expected |", "|---|---|---|"]
        for example in examples:
            name = one_line(example.name) or "(unnamed)"
            if example.todo:
                name += f" *(todo: {one_line(example.todo)})*"
            given = cell(example_given(words, example))
            lines.append(f"| {cell(name)} | {given} | {cell(_expected(example))} |")
    lines += [
        "",
        "## Diagram",
        "",
        "```mermaid",
        *_flowchart(p, cause, about + chain),
        "```",
    ]
    return "\n".join(lines) + "\n"


def _chain(p: Pages, rules: list[Rule]) -> list[Rule]:
    """The rules deriving the facts that ``rules`` read, transitively."""
    out: list[Rule] = []
    wanted = {(c.attribute, v) for r in rules for c in r.when for v in c.values}
    seen: set[str] = {r.id for r in rules}
    while True:
        found = [r for r in p.kb.rules if r.id not in seen and any(pair in wanted for pair in r.derive)]
        if not found:
            return out
        for rule in found:
            seen.add(rule.id)
            out.append(rule)
            wanted |= {(c.attribute, v) for c in rule.when for v in c.values}


def _sources(p: Pages, cause: Cause, rules: list[Rule]) -> list[str]:
    """The guides behind the cause, its fixes, its steps once it works and its rules; then
    what no guide states, by its basis."""
    cited: dict[str, list[str]] = {}
    based: list[tuple[str, str]] = []
    items: list[tuple[str, tuple[str, ...], str]] = [("the cause", cause.sources, cause.basis)]
    items += [(f"fix `{f.id}`", f.sources, f.basis) for f in cause.fixes]
    if cause.prevention:
        items.append(("the steps once it works", cause.prevention.sources, cause.prevention.basis))
    items += [(f"rule `{r.id}`", r.sources, r.basis) for r in rules]
    for what, sources, basis in items:
        for source in sources:
            cited.setdefault(source, []).append(what)
        if basis:
            based.append((what, basis))
    lines = [
        f"- *{GUIDES.get(source, source)}* (`{source}`): {', '.join(cited[source])}"
        for source in sorted(cited)
    ]
    if based:
        if lines:
            lines += ["", "What no guide states, and what it rests on (its basis):", ""]
        else:
            lines += ["No guide states it; what it rests on (its basis):", ""]
        lines += [f"- {what}: {one_line(basis)}" for what, basis in based]
    return lines or ["No guide and no basis: `kb lint` reports that as `no-basis`."]


def _found(p: Pages, cause: Cause) -> list[str]:
    """The graded meaning of found, with the figures of this cause."""
    kb = p.kb
    reliability = kb.settings.reliability
    answer, probe = reliability["answer"], reliability["probe"]
    strongly = STRENGTHS["strongly"]
    lines = [
        f"It is found when its posterior reaches {kb.settings.confidence:.0%} (`confidence` in "
        "rules/settings.yaml): then the app names it and offers its fixes. It starts at its prior "
        f"share, {prior_share(kb, cause.id):.1%}, so its odds against the other causes together must "
        f"grow ×{needed_rise(kb, cause.id):.0f}. Each rule below multiplies them by its strength, "
        f"as sure as the facts it reads: a caller's answer (right {answer:.0%} of the time) counts "
        f"×{discount(strongly, answer):.1f} at most for `strongly`, and a `confirm` on it ×"
        f"{1 / discount(RULE_OUT, answer):.0f} against every other cause; a fact from our probe "
        f"({probe:.0%}) ×{discount(strongly, probe):.1f} and ×{1 / discount(RULE_OUT, probe):.0f}. "
        "Rules about it on the same facts count once, the strongest. "
        "[How strong evidence must be](../authoring.md#how-strong-evidence-must-be) works it through.",
    ]
    if any(cause.id in causes for q in kb.questions.values() for causes in q.solves.values()):
        lines += [
            "",
            "A test can also end the call on it without it being found: see "
            "[Tests that end the call](#tests-that-end-the-call).",
        ]
    return lines


def _rules(p: Pages, words: Words, cause: Cause, about: list[Rule]) -> list[str]:
    """Every rule about the cause, by what it does to it, in words."""
    answer = p.kb.settings.reliability["answer"]
    certain = 1 / discount(RULE_OUT, answer)
    groups = [
        (
            "It is confirmed",
            f"certain if the facts are right, so it counts as every other cause ruled out, as sure as "
            f"the facts: ×{certain:.0f} against each of them from a caller's answer",
            [r for r in about if r.confirm == cause.id],
        ),
        ("It is made more likely", "", [r for r in about if any(c == cause.id for c, _ in r.raises)]),
        ("It is made less likely", "", [r for r in about if any(c == cause.id for c, _ in r.lowers)]),
        (
            "It is ruled out",
            f"certain if the facts are right, so as sure as the facts: ÷{certain:.0f} from a caller's answer",
            [r for r in about if cause.id in r.rule_out],
        ),
    ]
    lines: list[str] = []
    for title, meaning, rules in groups:
        if not rules:
            continue
        lines += [f"**{title}** ({n(len(rules), 'rule')}{'; ' + meaning if meaning else ''}):", ""]
        lines += [f"- {rule_sentence(words, r, '')}" for r in rules]
        lines.append("")
    if not lines:
        lines = [
            "No rule speaks of it yet: whatever the answers, it stays at its prior share against the "
            "causes the answers leave, and it is never found.",
            "",
        ]
    others = [r for r in p.kb.rules if r.confirm and r.confirm != cause.id]
    if others:
        lines.append(
            (
                "The rule that confirms another cause"
                if len(others) == 1
                else f"Each of the {len(others)} rules that confirm another cause"
            )
            + " counts against it too, as a rule that rules it out would."
        )
    return lines[:-1] if lines and not lines[-1] else lines


def _fixes_intro(p: Pages, cause: Cause) -> list[str]:
    if not cause.fixes:
        return ["No fix yet."]
    return [
        "Try them in this order. A fix that does not help makes the cause less likely by its "
        "chance of working: after a fix that works 70% of the time fails, the cause is ×0.3 as "
        f"likely if the caller is right, ×{discount(0.3, p.kb.settings.reliability['answer']):.2f} "
        "once the caller's word is weighed. A cause whose every fix has failed is no longer found, "
        "however likely: the call goes on with questions or the other causes' fixes."
    ]


def _minutes(seconds: float) -> str:
    return f"{seconds:g} s" if seconds < 60 else f"{seconds / 60:g} min"


def _expected(example: Example) -> str:
    parts: list[str] = []
    if example.found:
        parts.append(f"found: {example.found}")
    if example.leading:
        parts.append("most likely: " + " or ".join(sorted(example.leading)))
    if example.possible:
        parts.append("still possible: " + ", ".join(sorted(example.possible)))
    if example.unlikely:
        parts.append("unlikely: " + ", ".join(sorted(example.unlikely)))
    if example.lowered:
        parts.append("less likely than at the start: " + ", ".join(sorted(example.lowered)))
    if example.conflict is not None:
        parts.append("the facts fit no cause" if example.conflict else "the facts fit a cause")
    return "; ".join(parts)


def _flowchart(p: Pages, cause: Cause, rules: list[Rule]) -> list[str]:
    """The cause's rules between the answers they read and the cause (or the facts they conclude);
    the cause is always drawn, even with no rule about it."""
    attrs = sorted({c.attribute for r in rules for c in r.when} | {a for r in rules for a, _ in r.derive})
    lines = ["flowchart LR", *mermaid_nodes(p.kb, attrs, [cause.id])]
    target = mermaid_id("c", cause.id)
    for rule in sorted(rules, key=lambda r: r.id):
        node = mermaid_id("r", rule.id)
        lines.append(f"  {node}[{mermaid_label(rule.id)}]")
        for condition in rule.when:
            label = " / ".join(sorted(condition.values))
            lines.append(f"  {mermaid_id('a', condition.attribute)} -->|{mermaid_label(label)}| {node}")
        if rule.confirm == cause.id:
            lines.append(f"  {node} ==>|confirms| {target}")
        for strength in (s for c, s in rule.raises if c == cause.id):
            lines.append(f"  {node} -->|{mermaid_label(f'{strength} more likely')}| {target}")
        for strength in (s for c, s in rule.lowers if c == cause.id):
            lines.append(f"  {node} -.->|{mermaid_label(f'{strength} less likely')}| {target}")
        if cause.id in rule.rule_out:
            lines.append(f"  {node} -.->|rules out| {target}")
        for attr, value in rule.derive:
            lines.append(f"  {node} -->|{mermaid_label(value)}| {mermaid_id('a', attr)}")
    lines.append("  classDef cause fill:#fde2e2,stroke:#b33")
    lines.append("  classDef rule fill:#eef,stroke:#557")
    lines.append(f"  class {target} cause")
    if rules:
        lines.append(
            "  class " + ",".join(mermaid_id("r", r.id) for r in sorted(rules, key=lambda r: r.id)) + " rule"
        )
    return lines
