"""index.md: what the knowledge base holds, the other pages, and every cause by prior."""

from __future__ import annotations

from xtream_doctor.authoring.docs.common import MARKER, Pages, cell, n


def pages(p: Pages) -> dict[str, str]:
    kb = p.kb
    observed = [a for a in kb.attributes.values() if a.id not in kb.questions]
    lines = [
        MARKER,
        "# The knowledge base",
        "",
        f"{n(len(kb.causes), 'cause')}, {n(len(kb.questions), 'question')}, "
        f"{n(len(observed), 'fact')} set by the probe, the lint or rules, "
        f"{n(len(kb.rules), 'rule')} and {n(len(kb.examples), 'example')} "
        f"(knowledge base version `{kb.version}`).",
        "",
        "- [Authoring guide](authoring.md): how to add a fix, a question or a cause, and test it",
        "- [Question catalogue](questions.md): every question and fact, its answers and what they do",
        "- [Guides and causes](sources.md): which troubleshooting guide supports which cause",
        "- [Guide coverage](coverage.md): every cause, fix and test the guides give, and what encodes it",
        "- [Diagram](diagram.md): which questions and rules lead to which causes",
        "- [Case records](case-records.md): the format of logged cases",
        "- JSON Schema for editors: [causes](schema/causes.schema.json), "
        "[questions](schema/questions.schema.json), [facts](schema/facts.schema.json)",
        "",
        "## Causes",
        "",
        "Most common first (by prior, the relative weight a cause has before any answer).",
        "",
        "| cause | id | status | prior | rules | fixes | examples |",
        "|---|---|---|---|---|---|---|",
    ]
    for cause in sorted(kb.causes.values(), key=lambda c: (-c.prior, c.id)):
        rules = [r for r in kb.rules if cause.id in r.speaks_of()]
        examples = [e for e in kb.examples if e.owner == cause.id]
        lines.append(
            f"| [{cell(cause.title)}](causes/{cause.id}.md) | `{cause.id}` | {cause.status} | "
            f"{cause.prior:g} ({cause.prior / p.total_prior:.0%}) | {len(rules)} | "
            f"{len(cause.fixes)} | {len(examples)} |"
        )
    return {"index.md": "\n".join(lines) + "\n"}
