"""The guides x knowledge coverage page (kb-docs/coverage.md), from rules/coverage.yaml.

The inventory of what the five guides give (every cause, fix and test) is written by
hand; this renders it with a link for each id that encodes an item, so a reader sees
at once what the rules use from the guides and what they leave out, and why.
"""

from __future__ import annotations

from xtream_doctor.authoring.docs.common import MARKER, Pages
from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.model import CoverageItem, KnowledgeBase

KINDS = (("cause", "Causes"), ("test", "Tests and what the messages say"), ("fix", "Fixes"))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _link(kb: KnowledgeBase, ident: str) -> str:
    """Where an id is documented: its cause page, the question catalogue, or the cause page of the
    rule or fix."""
    if ident in kb.causes:
        return f"[{ident}](causes/{ident}.md)"
    if ident in kb.attributes:
        return f"[{ident}](questions.md#{ident})"
    for rule in kb.rules:
        if rule.id == ident:
            if rule.owner in kb.causes:
                return f"[{ident}](causes/{rule.owner}.md)"
            return f"[{ident}](questions.md#{rule.owner})"
    for cause in kb.causes.values():
        if any(fix.id == ident for fix in cause.fixes):
            return f"[{ident}](causes/{cause.id}.md)"
    return f"`{ident}`"


def _encoded(kb: KnowledgeBase, item: CoverageItem) -> str:
    parts = [", ".join(_link(kb, i) for i in item.encoded_by)] if item.encoded_by else []
    if item.not_encoded:
        parts.append(f"*not encoded: {_cell(item.not_encoded)}*")
    return "<br>".join(parts)


def pages(p: Pages) -> dict[str, str]:
    return {"coverage.md": coverage_page(p.kb)} if p.kb.coverage else {}


def coverage_page(kb: KnowledgeBase) -> str:
    """The page's markdown."""
    items = kb.coverage
    encoded = sum(1 for i in items if i.encoded_by)
    lines = [
        MARKER,
        "# What the guides give, and what encodes it",
        "",
        "Every cause, fix and test the five troubleshooting guides give, as read by hand from them "
        "(`rules/coverage.yaml`, in our own words), with the causes, fixes, rules and questions that "
        "encode it, or why nothing does.",
        "",
        f"{len(items)} items, {encoded} encoded, {len(items) - encoded} not. "
        "Guides: " + ", ".join(f"{g[:3]} *{GUIDES[g]}*" for g in sorted(GUIDES)) + ".",
        "",
    ]
    for kind, title in KINDS:
        chosen = [i for i in items if i.kind == kind]
        if not chosen:
            continue
        lines += [f"## {title}", "", "| what the guide gives | guides | encoded by |", "|---|---|---|"]
        for item in chosen:
            guides = ", ".join(g[:3] for g in item.guides)
            lines.append(f"| {_cell(item.item)} | {guides} | {_encoded(kb, item)} |")
        lines.append("")
    return "\n".join(lines)
