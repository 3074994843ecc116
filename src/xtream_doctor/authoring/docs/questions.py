"""questions.md: the question catalogue: every question and fact, its answers and what they do."""

from __future__ import annotations

from xtream_doctor.authoring.docs.common import MARKER, Pages, Words, cell, one_line, rule_sentence
from xtream_doctor.kb.model import Question


def pages(p: Pages) -> dict[str, str]:
    kb = p.kb
    words = Words(kb, "")
    lines = [
        MARKER,
        "# Question catalogue",
        "",
        "Every question staff can ask, then every fact the probe, the lint or the rules set. "
        "For each answer, what it does: the rules that read it and their conclusions. "
        "Cost is the call time a question takes, in seconds; the app asks the question that "
        "tells the remaining causes apart best per second.",
        "",
        "## Questions",
        "",
    ]
    for question in sorted(kb.questions.values(), key=lambda q: q.id):
        lines += _question(p, words, question)
    observed = sorted(
        (a for a in kb.attributes.values() if a.id not in kb.questions),
        key=lambda a: ("derived" in a.set_by, a.id),
    )
    lines += ["## Facts set without asking", ""]
    for attr in observed:
        lines += [
            f"### {attr.id}",
            "",
            f"{one_line(attr.meaning)} Set by: {', '.join(attr.set_by)}. {p.site.file(attr.location, '.')}",
            "",
        ]
        derivers = [r for r in kb.rules if any(a == attr.id for a, _ in r.derive)]
        if derivers:
            lines += ["Concluded by:", ""]
            lines += [f"- {rule_sentence(words, r, 'causes/')}" for r in derivers]
            lines.append("")
        lines += _answers_table(p, words, attr.id, [(a.value, a.label) for a in attr.values])
    return {"questions.md": "\n".join(lines).rstrip("\n") + "\n"}


def _question(p: Pages, words: Words, question: Question) -> list[str]:
    lines = [
        f"### {question.id}",
        "",
        f"> {one_line(question.text)}",
        "",
        f"Cost {question.cost:g} s · status {question.status} · {p.site.file(question.location, '.')}",
        "",
    ]
    if question.asked_when:
        lines += [f"Asked only when {words.conditions(question.asked_when)}.", ""]
    if question.help:
        lines += [f"Help: {one_line(question.help)}", ""]
    for device, text in question.devices.items():
        lines.append(f"- On {p.device_labels.get(device, device)}: {one_line(text)}")
    if question.devices:
        lines.append("")
    lines += _answers_table(p, words, question.id, [(a.value, a.label) for a in question.answers])
    for value, causes in question.solves.items():
        mends = ", ".join(f"[{c}](causes/{c}.md)" for c in causes)
        lines += [f"“{question.label(value)}” ends the call: solved by this test ({mends}).", ""]
    lines += [f"Sources: {words.sources(question.sources, question.basis)}", ""]
    return lines


def _answers_table(p: Pages, words: Words, attr: str, answers: list[tuple[str, str]]) -> list[str]:
    lines = ["| answer | meaning | what it does |", "|---|---|---|"]
    for value, label in answers:
        effects = [
            f"with {words.conditions([c for c in r.when if c.attribute != attr]) or 'nothing else'}: "
            f"{words.conclusion(r, 'causes/')} (`{r.id}`)"
            if len(r.when) > 1
            else f"{words.conclusion(r, 'causes/')} (`{r.id}`)"
            for r in p.kb.rules
            if any(c.attribute == attr and value in c.values for c in r.when)
        ]
        gates = [
            q.id
            for q in p.kb.questions.values()
            if any(c.attribute == attr and value in c.values for c in q.asked_when)
        ]
        if gates:
            effects.append("lets the app ask " + ", ".join(words.attribute(g) for g in gates))
        lines.append(f"| `{value}` | {cell(label)} | {cell('<br>'.join(effects)) or '—'} |")
    lines.append("")
    return lines
