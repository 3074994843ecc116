"""diagram.md: which questions and facts lead to which causes, in parts when it grows large."""

from __future__ import annotations

from xtream_doctor.authoring.docs.common import MARKER, Pages, mermaid_id, mermaid_nodes

MAX_EDGES = 500  # Mermaid's default limit of arrows in one diagram (maxEdges)
PART_EDGES = 200  # more arrows than this in one diagram are hard to follow: draw it in parts

Edge = tuple[str, str, str]  # (attribute, target, kind) with target 'c:cause' or 'a:attribute'


def pages(p: Pages) -> dict[str, str]:
    chunks = _chunks(_edges(p))
    lines = [
        MARKER,
        "# Diagram: from questions to causes",
        "",
        "Which questions (rounded) and facts set by the probe, the lint or rules (slanted) lead to "
        "which causes: a thick arrow when some answer confirms the cause, a dotted one when some "
        "answer rules it out, a plain one when rules conclude a fact from it. The rules themselves, "
        "with the answers they need, are in the diagram on each cause's page.",
    ]
    if len(chunks) > 1:
        lines += [
            "",
            f"Drawn in {len(chunks)} parts, some causes each, so that each part stays readable "
            f"(and well within the {MAX_EDGES} arrows a Mermaid diagram may have).",
        ]
    for number, (causes, part) in enumerate(chunks, 1):
        if len(chunks) > 1:
            lines += ["", f"## Part {number}: {', '.join(causes)}"]
        lines += ["", "```mermaid", *_overview(p, part), "```"]
    return {"diagram.md": "\n".join(lines) + "\n"}


def _edges(p: Pages) -> list[Edge]:
    """Every arrow of the overview, once each."""
    edges: set[Edge] = set()
    for rule in p.kb.rules:
        for condition in rule.when:
            if rule.confirm:
                edges.add((condition.attribute, f"c:{rule.confirm}", "confirms"))
            for cause in rule.rule_out:
                edges.add((condition.attribute, f"c:{cause}", "rules out"))
            for attr, _ in rule.derive:
                edges.add((condition.attribute, f"a:{attr}", "concludes"))
    return sorted(edges)


def _chunks(edges: list[Edge]) -> list[tuple[list[str], list[Edge]]]:
    derived = [e for e in edges if e[1].startswith("a:")]
    by_cause: dict[str, list[Edge]] = {}
    for edge in edges:
        if edge[1].startswith("c:"):
            by_cause.setdefault(edge[1][2:], []).append(edge)
    if len(edges) <= PART_EDGES:
        return [(sorted(by_cause), edges)]
    chunks: list[tuple[list[str], list[Edge]]] = []
    causes: list[str] = []
    part: list[Edge] = []
    for cause in sorted(by_cause):
        if causes and len(part) + len(by_cause[cause]) > PART_EDGES:
            chunks.append((causes, part))
            causes, part = [], []
        causes.append(cause)
        part += by_cause[cause]
    if causes:
        chunks.append((causes, part))
    out = []
    for names, cause_edges in chunks:
        wanted = {a for a, _, _ in cause_edges}
        chain: list[Edge] = []
        while True:
            more = [e for e in derived if e[1][2:] in wanted and e not in chain]
            if not more:
                break
            chain += more
            wanted |= {a for a, _, _ in more}
        out.append((names, sorted(cause_edges + chain)))
    return out


def _overview(p: Pages, edges: list[Edge]) -> list[str]:
    attrs = sorted({a for a, _, _ in edges} | {t[2:] for _, t, _ in edges if t.startswith("a:")})
    causes = sorted({t[2:] for _, t, _ in edges if t.startswith("c:")})
    lines = ["flowchart LR", *mermaid_nodes(p.kb, attrs, causes)]
    arrows = {"confirms": "==>", "rules out": "-.->", "concludes": "-->"}
    for attr, target, kind in edges:
        kind_of, name = target.split(":", 1)
        lines.append(f"  {mermaid_id('a', attr)} {arrows[kind]} {mermaid_id(kind_of, name)}")
    if causes:
        lines.append("  classDef cause fill:#fde2e2,stroke:#b33")
        lines.append("  class " + ",".join(mermaid_id("c", c) for c in causes) + " cause")
    return lines
