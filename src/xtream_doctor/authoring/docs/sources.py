"""sources.md: which public troubleshooting guide supports which cause, and asks which question."""

from __future__ import annotations

from xtream_doctor.authoring.docs.common import MARKER, Pages, anchor
from xtream_doctor.kb.guides import GUIDES


def pages(p: Pages) -> dict[str, str]:
    kb = p.kb
    guides = sorted(GUIDES)
    lines = [
        MARKER,
        "# Guides and causes",
        "",
        "Which public troubleshooting guide supports which cause: **C** the guide describes the cause, "
        "**R** a rule about it cites the guide, **F** one of its fixes does.",
        "",
        "| guide | title |",
        "|---|---|",
    ]
    lines += [f"| {g[:3]} | *{GUIDES[g]}* (`{g}`) |" for g in guides]
    lines += [
        "",
        "| cause | " + " | ".join(g[:3] for g in guides) + " |",
        "|---" * (len(guides) + 1) + "|",
    ]
    for cause in sorted(kb.causes.values(), key=lambda c: c.id):
        cells = []
        for guide in guides:
            marks = ""
            if guide in cause.sources:
                marks += "C"
            if any(guide in r.sources for r in kb.rules if cause.id in r.speaks_of()):
                marks += "R"
            if any(guide in f.sources for f in cause.fixes):
                marks += "F"
            cells.append(marks or "·")
        lines.append(f"| [{cause.id}](causes/{cause.id}.md) | " + " | ".join(cells) + " |")
    lines += ["", "## Questions by guide", ""]
    for guide in guides:
        asked = sorted(q.id for q in kb.questions.values() if guide in q.sources)
        listed = ", ".join(f"[{q}](questions.md#{anchor(q)})" for q in asked) or "none"
        lines.append(f"- *{GUIDES[guide]}*: {listed}")
    return {"sources.md": "\n".join(lines) + "\n"}
