"""The evaluation as plain text for a terminal: short tables, most useful first."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.table import Table

from xtream_doctor.evaluation.compare import Comparison
from xtream_doctor.evaluation.console import console_for
from xtream_doctor.evaluation.labels import label_sentence
from xtream_doctor.evaluation.metrics import Summary
from xtream_doctor.evaluation.pipeline import Evaluation
from xtream_doctor.evaluation.priors import number

# A rule of dashes under the headers and nothing else; with no padding on the left and one
# space on the right of each cell, columns stand two spaces apart.
RULED = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "  ") -> list[str]:
    """Columns padded to fit (a rich Table); numbers right-aligned, text left-aligned."""
    numeric = [all(_is_number(row[i]) for row in rows) and bool(rows) for i in range(len(headers))]
    grid = Table(box=RULED, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for header, right in zip(headers, numeric, strict=True):
        grid.add_column(header, justify="right" if right else "left", no_wrap=True)
    for row in rows:
        grid.add_row(*(_cell(v) for v in row))
    out = io.StringIO()
    console_for(out).print(grid)
    return [(indent + line).rstrip() for line in out.getvalue().splitlines()]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) or (
        isinstance(value, str) and value.rstrip("%x").replace(".", "", 1).isdigit()
    )


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def render(ev: Evaluation, top: int = 10) -> str:
    s = ev.summary
    lines = [
        f"{s.static.cases} cases from {len(ev.files) or 1} file(s); knowledge base {ev.kb.version}, "
        f"{len(ev.kb.causes)} causes, {len(ev.kb.rules)} rules",
        label_sentence(ev.cases),
        f"{len(ev.problems)} line(s) skipped or noted (listed above)" if ev.problems else "",
        "",
        *static_lines(s),
        *replay_lines(s),
        *cause_lines(s, top),
        *confusion_lines(s, top),
        *rule_lines(s, top),
        *look_at_lines(ev, top),
    ]
    if ev.comparison:
        lines += comparison_lines(ev.comparison, top)
    lines.append(
        f"Evaluated in {ev.seconds:.1f} s on {ev.jobs} process(es): {ev.cases_per_second:,.0f} cases/s."
    )
    return "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1])) + "\n"


def static_lines(s: Summary) -> list[str]:
    c = s.static.counts
    lines = [
        "Static: with all of each case's facts, which cause is likeliest, and is it found?",
        f"  top-1 accuracy {pct(s.static.top1, s.static.labelled)} ({s.static.top1} of {s.static.labelled})",
        f"  right {c['right']}, ambiguous {c['ambiguous']}, wrong {c['wrong']}, "
        f"contradicted {c['contradicted']}, no confirmed cause {c['unlabelled']}",
        f"  confident-wrong (found, but not the confirmed cause): {s.static.confident_wrong}",
    ]
    rows = [r for r in s.static.calibration if r[2]]
    if rows:
        lines.append("  calibration: " + "; ".join(
            f"found at {low:.0%}-{high:.0%}: {right} of {n} right" for low, high, n, right in rows
        ))  # fmt: skip
    return [*lines, ""]


def replay_lines(s: Summary) -> list[str]:
    if not s.policies:
        return []
    rows: list[list[object]] = [
        [p.policy, f"{p.mean_questions:.2f}", p.median_questions, f"{p.mean_seconds:.0f}", p.median_seconds,
         pct(p.right, p.labelled), pct(p.top1, p.labelled)]
        for p in s.policies
    ]  # fmt: skip
    rows.append(["lower bound", f"{s.bound.questions:.2f}", None, f"{s.bound.seconds:.0f}", None, None, None])
    lines = ["Replay: an oracle answers from each case's facts while a policy asks"]
    lines += table(["policy", "questions", "median", "seconds", "median", "found", "top-1"], rows)
    first = s.policies[0]
    for other in s.policies[1:]:
        if first.mean_questions > 0 and first.mean_seconds > 0:
            lines.append(
                f"  {other.policy} / {first.policy}: "
                f"{other.mean_questions / first.mean_questions:.2f}x questions, "
                f"{other.mean_seconds / first.mean_seconds:.2f}x seconds"
            )
    lines.append(
        f"  (lower bound: prior entropy {s.bound.bits:.2f} bits; "
        "'found' = ended with the confirmed cause found)"
    )
    return [*lines, ""]


def cause_lines(s: Summary, top: int) -> list[str]:
    if not s.causes:
        return []
    rows = [
        [r.cause, r.cases, pct(r.top1, r.cases), pct(r.right, r.cases), r.mean_questions] for r in s.causes
    ]
    lines = ["Per cause (static top-1; found = found at the threshold; questions by the first policy)"]
    lines += table(["cause", "cases", "top-1", "found", "questions"], rows[: top * 2])
    if len(rows) > top * 2:
        lines.append(f"  ... and {len(rows) - top * 2} more causes (--json or --report for all)")
    return [*lines, ""]


def confusion_lines(s: Summary, top: int) -> list[str]:
    pairs = sorted(
        ((n, cause, got) for cause, row in s.confusion.items() for got, n in row.items() if got != cause),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    if not pairs:
        return []
    lines = ["Confusions (confirmed cause -> most likely cause left)"]
    lines += table(["confirmed", "diagnosed", "cases"], [[c, g, n] for n, c, g in pairs[:top]])
    if len(pairs) > top:
        lines.append(f"  ... and {len(pairs) - top} more (the report has the full table)")
    return [*lines, ""]


def rule_lines(s: Summary, top: int) -> list[str]:
    fired = sorted(s.rules.fired.items(), key=lambda kv: (-kv[1], kv[0]))
    never = s.rules.never_fired
    lines = ["Rules"]
    lines.append("  fired most: " + (", ".join(f"{r} ({n})" for r, n in fired[:top] if n) or "none"))
    lines.append(f"  never fired ({len(never)} of {len(fired)}): " + (", ".join(never[: top * 3]) or "none")
                 + (" ..." if len(never) > top * 3 else ""))  # fmt: skip
    if s.rules.in_contradictions:
        lines.append(
            "  in contradictions: "
            + ", ".join(f"{r} ({n})" for r, n in list(s.rules.in_contradictions.items())[:top])
        )
    return [*lines, ""]


def look_at_lines(ev: Evaluation, top: int) -> list[str]:
    bad = [r for r in ev.results if r.static.verdict in ("wrong", "contradicted")]
    if not bad:
        return []
    lines = [f"Cases to look at ({len(bad)} wrong or contradicted)"]
    for r in bad[:top]:
        left = ", ".join(r.static.alive[:3]) or "none: " + ", ".join(r.static.conflict) + " contradict"
        lines.append(f"  {r.origin}: {r.case_id}: confirmed {r.cause}, left {left}")
    if len(bad) > top:
        lines.append(f"  ... and {len(bad) - top} more")
    return [*lines, ""]


def comparison_lines(cmp: Comparison, top: int) -> list[str]:
    b, a = cmp.before, cmp.after
    lines = [f"Compared with the baseline (knowledge base {b.kb_version} -> {a.kb_version})"]
    rows: list[list[object]] = [
        ["top-1 accuracy", pct(b.static.top1, b.static.labelled), pct(a.static.top1, a.static.labelled)],
        *(
            _row(k, b.static.counts[k], a.static.counts[k])
            for k in ("right", "ambiguous", "wrong", "contradicted")
        ),
    ]
    if b.policies and a.policies:
        rows.append([f"questions ({a.policies[0].policy})", f"{b.policies[0].mean_questions:.2f}",
                     f"{a.policies[0].mean_questions:.2f}"])  # fmt: skip
        rows.append(["seconds", f"{b.policies[0].mean_seconds:.0f}", f"{a.policies[0].mean_seconds:.0f}"])
    lines += table(["", "before", "after"], rows)
    lines.append(
        f"  {len(cmp.changed)} case(s) changed diagnosis: {cmp.count('better')} better, "
        f"{cmp.count('worse')} worse, {cmp.count('changed')} other"
    )
    for c in cmp.changed[: top * 2]:
        lines.append(
            f"  {c.direction:>7}  {c.origin}: {c.case_id} (confirmed {c.cause or '?'}): "
            f"{', '.join(c.before) or 'none'} [{c.before_verdict}] -> "
            f"{', '.join(c.after) or 'none'} [{c.after_verdict}]"
        )
    if len(cmp.changed) > top * 2:
        lines.append(f"  ... and {len(cmp.changed) - top * 2} more (--json has them all)")
    return [*lines, ""]


def prior_lines(ev: Evaluation) -> list[str]:
    changed = [f for f in ev.priors if f.changed]
    lines = ["Priors fitted from the confirmed causes (not applied):"]
    lines += table(
        ["cause", "cases", "prior now", "fitted"],
        [[f.cause, f.cases, number(f.old), number(f.new)] for f in ev.priors],
    )
    if not changed:
        lines.append("  every prior already fits the cases")
    return lines


def strength_lines(ev: Evaluation) -> list[str]:
    lines = ["Strengths fitted from the confirmed causes (rules that fired in 5 or more cases; not applied):"]
    if not ev.strengths:
        return [*lines, "  no graded rule fired often enough to fit"]
    rows = [
        [f.rule, f.cause, f"{f.direction} {f.old}", f"x{f.ratio:.2g}", f.suggested or "the other way: review",
         f"{f.fired_with}/{f.fired_without}"]
        for f in sorted(ev.strengths, key=lambda f: (not f.changed, f.rule, f.cause))
    ]  # fmt: skip
    lines += table(["rule", "cause", "now", "fitted", "suggested", "fired with/without"], rows)
    return lines


def _row(*cells: object) -> list[object]:
    return list(cells)
