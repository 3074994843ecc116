"""causes/<id>.md: one page per cause: how it shows, is confirmed and ruled out, its fixes,
sources, examples, and the diagram of its rules."""

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
    one_line,
    rule_sentence,
)
from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.model import Cause, Example, Rule


def pages(p: Pages) -> dict[str, str]:
    return {f"causes/{cause.id}.md": page(p, cause) for cause in p.kb.causes.values()}


def page(p: Pages, cause: Cause) -> str:
    kb = p.kb
    words = Words(kb, "../questions.md")
    confirming = [r for r in kb.rules if r.confirm == cause.id]
    ruling_out = [r for r in kb.rules if cause.id in r.rule_out]
    others_confirm = [r for r in kb.rules if r.confirm and r.confirm != cause.id]
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
        lines.append("No example leaves this cause alone yet.")
    lines += ["", "## How it is confirmed", ""]
    if confirming:
        lines += [f"- {rule_sentence(words, r, '')}" for r in confirming]
    else:
        lines.append("No rule confirms it: it is found when every other cause has been ruled out.")
    lines += ["", "## How it is ruled out", ""]
    if ruling_out:
        lines += [f"- {rule_sentence(words, r, '')}" for r in ruling_out]
    else:
        lines.append("No rule rules it out by name.")
    if others_confirm:
        lines += [
            "",
            f"It is also ruled out whenever another cause is confirmed ({len(others_confirm)} rules).",
        ]
    chain = _chain(p, confirming + ruling_out)
    if chain:
        lines += ["", "The facts these rules read are concluded by:", ""]
        lines += [f"- {rule_sentence(words, r, '')}" for r in chain]
    lines += [
        "",
        "## Fixes",
        "",
        "Try them in this order; a fix that does not help rules the cause out.",
        "",
    ]
    for number, fix in enumerate(cause.fixes, 1):
        lines += [
            f"### {number}. {fix.title}",
            "",
            f"`{fix.id}` · {words.sources(fix.sources, fix.basis)}",
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
    lines += _sources(p, cause)
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
        *_flowchart(p, confirming + ruling_out + chain),
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


def _sources(p: Pages, cause: Cause) -> list[str]:
    cited: dict[str, list[str]] = {}
    for source in cause.sources:
        cited.setdefault(source, []).append("the cause")
    for fix in cause.fixes:
        for source in fix.sources:
            cited.setdefault(source, []).append(f"fix `{fix.id}`")
    for source in cause.prevention.sources if cause.prevention else ():
        cited.setdefault(source, []).append("the steps once it works")
    for rule in p.kb.rules:
        if rule.confirm == cause.id or cause.id in rule.rule_out:
            for source in rule.sources:
                cited.setdefault(source, []).append(f"rule `{rule.id}`")
    return [
        f"- *{GUIDES.get(source, source)}* (`{source}`): {', '.join(cited[source])}"
        for source in sorted(cited)
    ]


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


def _flowchart(p: Pages, rules: list[Rule]) -> list[str]:
    """The cause's rules between the answers they read and the causes they decide."""
    attrs = sorted({c.attribute for r in rules for c in r.when} | {a for r in rules for a, _ in r.derive})
    causes = sorted({c for r in rules for c in r.rule_out} | {r.confirm for r in rules if r.confirm})
    lines = ["flowchart LR", *mermaid_nodes(p.kb, attrs, causes)]
    for rule in sorted(rules, key=lambda r: r.id):
        node = mermaid_id("r", rule.id)
        lines.append(f"  {node}[{mermaid_label(rule.id)}]")
        for condition in rule.when:
            label = " / ".join(sorted(condition.values))
            lines.append(f"  {mermaid_id('a', condition.attribute)} -->|{mermaid_label(label)}| {node}")
        if rule.confirm:
            lines.append(f"  {node} ==>|confirms| {mermaid_id('c', rule.confirm)}")
        for cause in rule.rule_out:
            lines.append(f"  {node} -.->|rules out| {mermaid_id('c', cause)}")
        for attr, value in rule.derive:
            lines.append(f"  {node} -->|{mermaid_label(value)}| {mermaid_id('a', attr)}")
    lines.append("  classDef cause fill:#fde2e2,stroke:#b33")
    lines.append("  classDef rule fill:#eef,stroke:#557")
    if causes:
        lines.append("  class " + ",".join(mermaid_id("c", c) for c in causes) + " cause")
    if rules:
        lines.append(
            "  class " + ",".join(mermaid_id("r", r.id) for r in sorted(rules, key=lambda r: r.id)) + " rule"
        )
    return lines
