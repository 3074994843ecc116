"""The evaluation as a Markdown report (``xtream-doctor eval --report FILE.md``).

Charts are Mermaid ``xychart-beta`` blocks (drawn by GitHub, GitLab and
most Markdown viewers) with the same numbers in a table beside them, whose
bars are text, so the report reads well anywhere.  The tables are Markdown
source, written here: Rich draws tables for a terminal (padded, wrapped to a
width), not Markdown for a renderer, so only the terminal text uses it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xtream_doctor.evaluation.compare import Comparison
from xtream_doctor.evaluation.labels import label_sentence
from xtream_doctor.evaluation.metrics import NONE, Summary
from xtream_doctor.evaluation.pipeline import Evaluation
from xtream_doctor.evaluation.priors import apply_hint, number, prior_diff

BAR = 24  # characters of the longest text bar


def md_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()
) -> list[str]:
    def cell(v: object) -> str:
        text = "–" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)
        return text.replace("|", "\\|")

    align = ["---:" if i in right else "---" for i in range(len(headers))]
    return [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(cell(v) for v in row) + " |" for row in rows),
        "",
    ]


def bar(value: float, most: float) -> str:
    if most <= 0:
        return ""
    eighths = round(BAR * 8 * value / most)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _label(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def render(ev: Evaluation, top: int = 25) -> str:
    s = ev.summary
    lines = [
        "# Evaluation of the knowledge base on logged cases",
        "",
        f"Knowledge base `{ev.kb.version}` ({len(ev.kb.causes)} causes, {len(ev.kb.questions)} questions, "
        f"{len(ev.kb.rules)} rules); {s.static.cases} cases, {s.static.labelled} with a confirmed cause, "
        f"from {', '.join(f'`{f}`' for f in ev.files) or 'memory'}.",
        "",
        label_sentence(ev.cases),
        "",
    ]
    if ev.problems:
        lines += [f"{len(ev.problems)} line(s) of the case files were skipped or noted:", ""]
        lines += [f"- `{p}`" for p in ev.problems[:top]] + [""]
    lines += _static(s) + _replay(ev) + _causes(s) + _confusion(s) + _rules(s, top) + _look_at(ev, top)
    if ev.comparison:
        lines += _comparison(ev.comparison, top)
    lines += _priors(ev)
    lines += [
        f"_Evaluated in {ev.seconds:.1f} s on {ev.jobs} process(es), {ev.cases_per_second:,.0f} cases/s._",
        "",
    ]
    return "\n".join(lines)


def _static(s: Summary) -> list[str]:
    c = s.static.counts
    rows = [
        [
            "top-1 (most likely cause left is the confirmed one)",
            s.static.top1,
            _pct(s.static.top1, s.static.labelled),
        ],
        ["right (only the confirmed cause left)", c["right"], _pct(c["right"], s.static.labelled)],
        [
            "ambiguous (the confirmed cause among several)",
            c["ambiguous"],
            _pct(c["ambiguous"], s.static.labelled),
        ],
        ["wrong (the confirmed cause was ruled out)", c["wrong"], _pct(c["wrong"], s.static.labelled)],
        ["contradicted (no cause left)", c["contradicted"], _pct(c["contradicted"], s.static.cases)],
        ["no confirmed cause", c["unlabelled"], "–"],
    ]
    return ["## With all of each case's facts", "", *md_table(["", "cases", "share"], rows, right=(1, 2))]


def _replay(ev: Evaluation) -> list[str]:
    s = ev.summary
    if not s.policies:
        return []
    rows: list[list[object]] = [
        [p.policy, p.mean_questions, p.median_questions, p.mean_seconds, p.median_seconds,
         _pct(p.right, p.labelled), _pct(p.top1, p.labelled)]
        for p in s.policies
    ]  # fmt: skip
    rows.append(["entropy lower bound", s.bound.questions, None, s.bound.seconds, None, None, None])
    lines = [
        "## Replayed calls",
        "",
        "An oracle answers each question from the case's facts (\"don't know\" where the case has none) "
        "while the policy chooses the questions: *information* is the app's own choice, *checklist* the "
        "guides' fixed order, *random* the floor.",
        "",
        *md_table(
            ["policy", "questions", "median", "seconds", "median", "found", "top-1"], rows, (1, 2, 3, 4, 5, 6)
        ),
        f"The lower bound is the priors' entropy ({s.bound.bits:.2f} bits) over the most bits one question "
        "(or one second) can give.",
        "",
    ]
    first = s.policies[0]
    for other in s.policies[1:]:
        if first.mean_questions and first.mean_seconds:
            lines.append(
                f"- {other.policy}: {other.mean_questions / first.mean_questions:.2f}× the questions and "
                f"{other.mean_seconds / first.mean_seconds:.2f}× the seconds of {first.policy}."
            )
    lines += ["", "### Questions per case", ""]
    counts = {
        p.policy: Counter(run.questions for r in ev.results if (run := r.replay_by(p.policy)))
        for p in s.policies
    }
    most = max((n for c in counts.values() for n in c), default=0)
    xs = list(range(most + 1))
    series = counts[first.policy]
    peak = max(series.values(), default=0)
    lines += [
        "```mermaid",
        "xychart-beta",
        f'    title "Questions per case ({first.policy})"',
        f'    x-axis "questions asked" [{", ".join(map(str, xs))}]',
        f'    y-axis "cases" 0 --> {max(peak, 1)}',
        f"    bar [{', '.join(str(series.get(x, 0)) for x in xs)}]",
        "```",
        "",
    ]
    top = max((n for c in counts.values() for n in c.values()), default=0)
    rows = [[x, *(f"{c.get(x, 0)} {bar(c.get(x, 0), top)}" for c in counts.values())] for x in xs]
    lines += md_table(["questions", *counts], rows, right=(0,))
    return lines


def _causes(s: Summary) -> list[str]:
    if not s.causes:
        return []
    rows = [
        [
            r.cause,
            r.cases,
            f"{_pct(r.top1, r.cases)} {bar(r.accuracy, 1.0)}",
            _pct(r.right, r.cases),
            r.mean_questions,
        ]
        for r in s.causes
    ]
    lines = [
        "## Per cause",
        "",
        "```mermaid",
        "xychart-beta horizontal",
        '    title "Top-1 accuracy per cause (%)"',
        f"    x-axis [{', '.join(_label(r.cause) for r in s.causes)}]",
        '    y-axis "%" 0 --> 100',
        f"    bar [{', '.join(f'{100 * r.accuracy:.1f}' for r in s.causes)}]",
        "```",
        "",
    ]
    questions = s.policies[0].policy if s.policies else "replay"
    return lines + md_table(["cause", "cases", "top-1", "found", f"questions ({questions})"], rows, (1, 3, 4))


def _confusion(s: Summary) -> list[str]:
    if not s.confusion:
        return []
    columns = sorted({got for row in s.confusion.values() for got in row} - {NONE})
    if any(NONE in row for row in s.confusion.values()):
        columns.append(NONE)
    lines = [
        "## Confusion",
        "",
        "Rows: the confirmed cause; columns: the most likely cause left with all facts.",
        "",
    ]
    if len(columns) <= 12:
        rows = [[c, *(row.get(g, 0) or "·" for g in columns)] for c, row in s.confusion.items()]
        return lines + md_table(
            ["confirmed \\ diagnosed", *columns], rows, right=tuple(range(1, len(columns) + 1))
        )
    pairs = sorted(
        ((n, c, g) for c, row in s.confusion.items() for g, n in row.items() if g != c), reverse=True
    )
    return lines + md_table(["confirmed", "diagnosed", "cases"], [[c, g, n] for n, c, g in pairs], right=(2,))


def _rules(s: Summary, top: int) -> list[str]:
    fired = sorted(s.rules.fired.items(), key=lambda kv: (-kv[1], kv[0]))
    lines = ["## Rules", ""]
    lines += md_table(["rule", "fired in cases"], [[r, n] for r, n in fired if n][: top * 2], right=(1,))
    never = s.rules.never_fired
    lines += [
        f"**Never fired** ({len(never)} of {len(fired)}): " + (", ".join(f"`{r}`" for r in never) or "none"),
        "",
    ]
    if s.rules.in_contradictions:
        lines += [
            "**In contradictions** (rules that, on a minimal set of a case's facts, leave no cause):",
            "",
        ]
        involved = list(s.rules.in_contradictions.items())
        lines += md_table(["rule", "cases"], involved[: top * 2], right=(1,))
        if len(involved) > top * 2:
            lines += [f"… and {len(involved) - top * 2} more rules (`--json` lists them all).", ""]
    return lines


def _look_at(ev: Evaluation, top: int) -> list[str]:
    bad = [r for r in ev.results if r.static.verdict in ("wrong", "contradicted")]
    if not bad:
        return []
    rows = [
        [
            r.origin,
            r.case_id,
            r.cause,
            r.static.verdict,
            ", ".join(r.static.alive[:3]) or ", ".join(r.static.conflict),
        ]
        for r in bad[: top * 2]
    ]
    return [
        "## Cases to look at",
        "",
        *md_table(["where", "case", "confirmed", "verdict", "left (or contradicting facts)"], rows),
    ]


def _comparison(cmp: Comparison, top: int) -> list[str]:
    b, a = cmp.before, cmp.after
    rows: list[list[object]] = [
        ["top-1 accuracy", _pct(b.static.top1, b.static.labelled), _pct(a.static.top1, a.static.labelled)],
        *(
            _row(k, b.static.counts[k], a.static.counts[k])
            for k in ("right", "ambiguous", "wrong", "contradicted")
        ),
    ]
    if b.policies and a.policies:
        rows.append(
            [
                f"mean questions ({a.policies[0].policy})",
                b.policies[0].mean_questions,
                a.policies[0].mean_questions,
            ]
        )
        rows.append(["mean seconds", b.policies[0].mean_seconds, a.policies[0].mean_seconds])
    lines = [
        "## Compared with the baseline",
        "",
        f"Baseline `{b.kb_version}` (before) against `{a.kb_version}` (after).",
        "",
        *md_table(["", "before", "after"], rows, right=(1, 2)),
        f"{len(cmp.changed)} case(s) changed diagnosis: {cmp.count('better')} better, "
        f"{cmp.count('worse')} worse, {cmp.count('changed')} other.",
        "",
    ]
    if cmp.changed:
        rows = [
            [c.direction, c.origin, c.case_id, c.cause,
             f"{', '.join(c.before) or 'none'} ({c.before_verdict})",
             f"{', '.join(c.after) or 'none'} ({c.after_verdict})", c.before_questions, c.after_questions]
            for c in cmp.changed[: top * 4]
        ]  # fmt: skip
        lines += md_table(
            ["", "where", "case", "confirmed", "before", "after", "q before", "q after"], rows, (6, 7)
        )
    return lines


def _priors(ev: Evaluation) -> list[str]:
    if not ev.priors:
        return []
    rows = [[f.cause, f.cases, number(f.old), number(f.new)] for f in ev.priors]
    diff = prior_diff(ev.kb, ev.priors)
    lines = [
        "## Priors fitted from the confirmed causes",
        "",
        "Smoothed towards the current priors; **not applied**. To apply, save the diff as `priors.diff` "
        f"and run `{apply_hint(ev.kb)}`.",
        "",
        *md_table(["cause", "confirmed cases", "prior now", "fitted"], rows, right=(1, 2, 3)),
    ]
    return lines + (["```diff", diff.rstrip("\n"), "```", ""] if diff else ["Every prior already fits.", ""])


def _row(*cells: object) -> list[object]:
    return list(cells)
