"""``xtream-doctor diagnose``: the session in a plain terminal, or one step of it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from xtream_doctor.cli.common import UsageError, add_rules_option, load_kb
from xtream_doctor.engine import Session, State
from xtream_doctor.engine.explain import how, solution_words, why, why_not
from xtream_doctor.engine.summary import state_to_dict
from xtream_doctor.kb.model import KnowledgeBase


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "diagnose",
        help="diagnose in a plain terminal, or print the next step for given facts",
        description="Without --fact, asks questions interactively (numbers to answer, ? for "
        "don't know, u to undo, w for why, q to quit). With --fact, prints the next "
        "question or the diagnosis for those facts and exits.",
    )
    add_rules_option(parser)
    parser.add_argument("--fact", action="append", default=[], metavar="ATTR=VALUE", help="a known fact")
    parser.add_argument(
        "--dont-know", action="append", default=[], metavar="ATTR", help="answered don't know"
    )
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.set_defaults(handler=run)


def _parse_facts(session: Session, facts: list[str], unknown: list[str]) -> None:
    for item in facts:
        attribute, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--fact '{item}' should look like attribute=value")
        try:
            session.answer(attribute.strip(), value.strip())
        except ValueError as exc:
            raise UsageError(f"--fact '{item}': {exc}") from exc
    for attribute in unknown:
        try:
            session.dont_know(attribute)
        except ValueError as exc:
            raise UsageError(f"--dont-know '{attribute}': {exc}") from exc


def run(args: argparse.Namespace) -> int:
    kb = load_kb(args)
    session = Session(kb)
    _parse_facts(session, args.fact, args.dont_know)
    if args.fact or args.dont_know or args.json:
        state = session.state()
        if args.json:
            print(json.dumps(state_to_dict(kb, state), indent=2))
        else:
            print_state(kb, state, sys.stdout)
        return 0
    return interactive(kb, session, sys.stdin, sys.stdout)


def print_state(kb: KnowledgeBase, state: State, out: TextIO) -> None:
    out.write("Most likely:\n")
    for i, cand in enumerate(state.candidates[:8], 1):
        out.write(f"  {i}. {kb.causes[cand.cause].title} {cand.probability:.0%}\n")
    if len(state.candidates) > 8:
        out.write(f"  ... and {len(state.candidates) - 8} more\n")
    device = state.facts["device"].value if "device" in state.facts else None
    if state.status == "asking" and state.next_question:
        q = state.next_question.question
        out.write(f"\nNext question: {q.text}\n")
        if q.instructions_for(device):
            out.write(f"  ({q.instructions_for(device)})\n")
        for i, answer in enumerate(q.answers, 1):
            out.write(f"  {i}) {answer.label}\n")
        out.write("  ?) Don't know\n")
    elif state.status == "found" and state.leading:
        cause = kb.causes[state.leading]
        out.write(f"\nDiagnosis ({state.confidence:.0%} sure): {cause.title}\n  {cause.summary}\n  Fixes:\n")
        for n, fix in enumerate(cause.fixes, 1):
            out.write(f"   {n}. {fix.title}\n")
            for step in fix.steps:
                out.write(f"      - {step.for_device(device)}\n")
    elif state.status == "undecidable":
        if state.skipped:
            out.write(
                f"\nThe caller could not answer {len(state.skipped)} question(s) that would have helped;"
            )
            out.write(" no other question is worth the time.")
        else:
            out.write("\nNo question left is worth the caller's time.")
        out.write(" Fixes to try, best chance per minute first:\n")
        for n, option in enumerate(state.fixes[:6], 1):
            out.write(
                f"   {n}. {option.fix.title} (for: {kb.causes[option.cause].title}; "
                f"{option.chance:.0%} chance it solves it)\n"
            )
    elif state.status == "conflict":
        out.write("\nThese answers fit no cause well. Most likely wrong, re-check:\n")
        for fact in state.conflict:
            label = kb.attributes[fact.attribute].label(fact.value)
            question = kb.questions.get(fact.attribute)
            asked = question.text if question else kb.attributes[fact.attribute].meaning
            out.write(f"  - {asked} — “{label}” ({fact.source})\n")
    elif state.status == "solved" and state.solved_by:
        out.write(f"\nSolved: {solution_words(kb, state.solved_by)}.\n")
        prevention = kb.causes[state.solved_by.cause].prevention
        if prevention:
            out.write("So it does not happen again:\n")
            out.writelines(f"  {n}. {step.text}\n" for n, step in enumerate(prevention.steps, 1))


def interactive(kb: KnowledgeBase, session: Session, inp: TextIO, out: TextIO) -> int:
    """A keyboard loop for a plain terminal: the TUI's logic without the screen."""
    while True:
        state = session.state()
        print_state(kb, state, out)
        if state.status in ("solved", "undecidable", "conflict") or (
            state.status == "found" and not _walk_fixes(kb, session, state, inp, out)
        ):
            return 0
        if state.status != "asking" or state.next_question is None:
            continue
        question = state.next_question.question
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            return 0
        reply = line.strip().lower()
        if reply == "q":
            return 0
        if reply == "u":
            session.undo()
        elif reply == "w":
            for item in why(kb, state.next_question):
                out.write(f"  {item.text}\n")
        elif reply.startswith("n ") and reply[2:] in kb.causes:
            for item in why_not(kb, state, reply[2:]):
                out.write(f"  {item.text}\n")
        elif reply == "?":
            session.dont_know(question.id)
        elif reply.isdigit() and 1 <= int(reply) <= len(question.answers):
            session.answer(question.id, question.answers[int(reply) - 1].value)
        else:
            out.write("  Type an answer's number, ? (don't know), u (undo), w (why), n CAUSE (why not), q.\n")


def _walk_fixes(kb: KnowledgeBase, session: Session, state: State, inp: TextIO, out: TextIO) -> bool:
    """Offer the found cause's next fix; True if the session goes on."""
    cause = kb.causes[state.candidates[0].cause]
    for line in how(kb, state, cause.id)[:4]:
        out.write(f"  how: {line.text}\n")
    skipped: set[str] = set()
    while True:
        option = next((o for o in _own_fixes(session, state, cause.id) if o.fix.id not in skipped), None)
        if option is None:
            return False
        out.write(f"\nTry: {option.fix.title}. Did that fix it? [y/p(artly: new message)/n/s(kip)/u(ndo)/q] ")
        out.flush()
        reply = inp.readline().strip().lower()
        if reply in ("", "q"):
            return False
        if reply == "u":
            session.undo()
            return True
        if reply == "s":
            skipped.add(option.fix.id)
        elif reply in ("y", "p", "n"):
            session.fix_tried(cause.id, option.fix.id, helped=reply != "n", partly=reply == "p")
            return True


def _own_fixes(session: Session, state: State, cause: str) -> list[Any]:
    order = [f.id for f in session.kb.causes[cause].fixes]
    return sorted((o for o in state.fixes if o.cause == cause), key=lambda o: order.index(o.fix.id))
