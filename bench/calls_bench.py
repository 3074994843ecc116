"""Diagnosis quality on call scenarios written from the guides' stories, not from the rules.

Every scenario in bench/calls/scenarios/ is run through the engine's session
under the information policy, the guides' checklist order and random order,
with 0, 5, 10 and 20 % persistent wrong answers, and the fix loop after each
"found".  Prints a markdown report (see bench/calls/README.md for what each
column means); ``--json`` also writes every call.

    python bench/calls_bench.py [--rules DIR] [--jobs N] [--json PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calls.run import NOISE, POLICIES, markdown, run_all, to_json
from calls.truth import SCENARIOS, load_truths
from xtream_doctor.kb import load_knowledge_base


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules", type=Path, help="knowledge base folder (default: the shipped one)")
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--policy", action="append", choices=POLICIES, help="only these policies")
    parser.add_argument("--noise", action="append", type=float, help="only these wrong-answer rates")
    parser.add_argument(
        "--draws",
        type=int,
        default=1,
        help="draws of wrong answers per rate above 0, pooled in the figures (default 1)",
    )
    parser.add_argument("--title", default="Diagnosis quality on the call corpus")
    parser.add_argument("--json", type=Path, help="also write every call as JSON here")
    parser.add_argument("--out", type=Path, help="write the markdown here instead of stdout")
    args = parser.parse_args()
    kb = load_knowledge_base(args.rules) if args.rules else load_knowledge_base()
    truths = load_truths(args.scenarios)
    started = time.perf_counter()
    results = run_all(
        truths,
        args.scenarios,
        args.rules,
        tuple(args.policy or POLICIES),
        tuple(args.noise if args.noise is not None else NOISE),
        args.jobs,
        args.draws,
    )
    took = time.perf_counter() - started
    report = markdown(results, truths, args.title)
    report += (
        f"\nKnowledge base {kb.version or '(unversioned)'}: {len(kb.causes)} causes, "
        f"{len(kb.questions)} questions, {len(kb.rules)} rules. {len(results)} calls in {took:.0f} s "
        f"on {args.jobs} process(es).\n"
        f"Produced by `python bench/calls_bench.py {shlex.join(sys.argv[1:])}`.\n"
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    else:
        print(report, end="")
    if args.json:
        args.json.write_text(to_json(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
