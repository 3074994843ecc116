"""One case on the phone: the session plus what only the screen needs.

Headless.  The diagnosis is the session's (skipped fixes too, so a resumed
case remembers them); this adds the escalation view asked for, which view
follows from the session's state, the question kept on screen while findings
arrive in the background, which answers the app asked, autosave, the ticket, and the close
(who took the call, and staff's word on how it ended).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.selection import Choice
from xtream_doctor.engine.session import Event, Session, State
from xtream_doctor.kb.model import Cause, Fix, KnowledgeBase
from xtream_doctor.probe import Finding
from xtream_doctor.probe.copy import COPIES, DETAILS_SOURCE, DetailsCopy, copy_evidence, copy_fact
from xtream_doctor.records.closure import Closure
from xtream_doctor.tui.casefile import CaseDetails, CaseFile, CloseFields, replay
from xtream_doctor.tui.probing import observe_findings
from xtream_doctor.tui.ticket import escalation_summary
from xtream_doctor.tui.wording import short_question

View = Literal["question", "fixes", "conflict", "escalation", "solved"]
# A question shown for less than this has not been read out yet: findings may still replace it
# (a server test back in a fraction of a second must not cost the agent a key).
READ_OUT = 2.0


@dataclass
class Case:
    case_id: str
    session: Session
    casefile: CaseFile | None = None
    details: CaseDetails = field(default_factory=CaseDetails)
    secrets: tuple[str, ...] = field(default=(), repr=False)  # passwords: to mask, never to store
    started: float = field(default_factory=time.time)
    leftovers: list[str] = field(default_factory=list)  # probe sentences with no fact in the KB
    escalated: bool = False
    held: Choice | None = None  # the question on screen, kept while findings arrive in the background
    read_out: float = READ_OUT  # seconds on screen after which a question is being read out
    unasked: set[tuple[int, str]] = field(default_factory=set)  # (round, attribute) the app did not ask
    clock: Callable[[], float] = time.time
    closing: CloseFields = field(default_factory=CloseFields)  # the staff id, and the close once made
    deleted: bool = False  # deleted as a practice case: never saved again
    stated_copy: DetailsCopy = "read-out"  # as staff chose it, for rules that have no details-source fact
    _saved: object = field(default=None, repr=False, compare=False)  # what was last stored
    _shown: tuple[str, float] = field(default=("", 0.0), repr=False, compare=False)  # question, since

    @property
    def kb(self) -> KnowledgeBase:
        return self.session.kb

    def state(self) -> State:
        return self.session.state()

    @property
    def skipped_fixes(self) -> set[tuple[str, str]]:
        return self.session.skipped_fixes()

    @property
    def copy(self) -> DetailsCopy:
        """Where the desk's copy of the details came from (read out, unless staff said otherwise)."""
        fact = self.state().facts.get(DETAILS_SOURCE)
        return next((c for c in COPIES if fact is not None and c == fact.value), self.stated_copy)

    def note_copy(self, copy: DetailsCopy) -> None:
        """The desk states where its copy came from, so the rules weigh our tests of it rightly
        (and the lint's findings are sorted by it, whether the rules know the fact or not;
        rules that know no such fact are not told)."""
        self.stated_copy = copy
        if DETAILS_SOURCE in self.kb.attributes:
            self.take_findings([copy_fact(copy)])

    def take_findings(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        """Lint and probe findings into the session, as evidence of what they can speak of
        for this copy; return the notes about the desk's own copy (for staff, not evidence)."""
        evidence = copy_evidence(findings, self.copy)
        leftovers = observe_findings(self.session, evidence.facts)
        self.leftovers += [f"{f.attribute} = {f.value}: {f.message}" for f in leftovers]
        return evidence.notes

    @property
    def device(self) -> str | None:
        fact = self.state().facts.get("device")
        return fact.value if fact else None

    # --- what the screen shows -------------------------------------------

    def view(self) -> View:
        state = self.state()
        if state.status == "solved":
            return "solved"
        if self.escalated:
            return "escalation"
        if state.status == "asking" or self.question() is not None:
            return "question"
        if state.status == "conflict":
            return "conflict"
        return "fixes" if self.current_fix() else "escalation"

    def current_fix(self) -> tuple[Cause, Fix] | None:
        """The fix to try now, as the session offers it (never a skipped one)."""
        option = self.session.next_fix()
        if option is None:
            return None
        return self.kb.causes[option.cause], option.fix

    def asked(self) -> int:
        """How many questions the app has asked and had answered (or "don't know") so far:
        not what the caller said first, nor what was set on the start screen.  A changed
        answer is the same question; one asked again after a fix that helped partly is a
        new one.  (A resumed case counts every answer: the record does not say which were
        volunteered.)"""
        asked: set[tuple[int, str]] = set()
        round_ = 0
        for e in self.session.events:
            if e.kind == "fix" and e.partly:
                round_ += 1
            elif e.kind in ("answer", "dont-know"):
                asked.add((round_, e.attribute))
        return len(asked - self.unasked)

    def question(self) -> Choice | None:
        """The question to show: the one kept on screen while it is still open, else the
        engine's choice."""
        held = self.held
        if held is not None:
            state = self.state()
            asks = held.question.id
            if state.status != "solved" and asks not in state.facts and asks not in state.skipped:
                return held
            self.held = None
        choice = self.state().next_question
        shown = choice.question.id if choice else ""
        if shown != self._shown[0]:
            self._shown = (shown, self.clock())  # when this question came on screen
        return choice

    def hold(self) -> None:
        """Keep the question now on screen while findings land (the server test, in the
        background): they change the picture, not the question being read out.  One shown
        for less than ``READ_OUT`` seconds has not been read out yet, and may still change."""
        if self.held is None and self.view() == "question":
            choice = self.state().next_question
            just_shown = choice is not None and choice.question.id == self._shown[0]
            if just_shown and self.clock() - self._shown[1] < self.read_out:
                return
            self.held = choice

    def better(self) -> str:
        """What the findings that came in while a question was held now offer instead, in
        plain words (empty when nothing is better than the question on screen)."""
        if self.question() is None or self.held is None:
            return ""
        state = self.state()
        nxt = state.next_question
        if state.status == "asking" and nxt is not None and nxt.question.id != self.held.question.id:
            asks = short_question(nxt.question.text)
            return f"The server test found more: a better question is ready (“{asks}”)."
        if state.status == "found" and state.leading:
            title = self.kb.causes[state.leading].title
            return f"The server test found more: {title} now stands out ({state.confidence:.0%})."
        if state.status == "undecidable":
            return "The server test found more: no question is worth asking now; its fixes are ready."
        if state.status == "conflict":
            return "The server test found more: the answers no longer fit one cause; re-check one."
        return ""

    def release(self) -> None:
        """Leave the held question for the engine's choice."""
        self.held = None

    # --- what staff do ---------------------------------------------------

    def answer(self, attribute: str, value: str, asked: bool | None = True) -> None:
        """``asked``: the app asked it (True); the caller said it first or it was set on the
        start screen (False); an earlier answer was changed (None: counted as it was)."""
        self.held = None
        self.session.answer(attribute, value)
        self._count(attribute, asked)

    def dont_know(self, attribute: str, asked: bool | None = True) -> None:
        self.held = None
        self.session.dont_know(attribute)
        self._count(attribute, asked)

    def _count(self, attribute: str, asked: bool | None) -> None:
        key = (sum(1 for e in self.session.events if e.kind == "fix" and e.partly), attribute)
        if asked:
            self.unasked.discard(key)
        elif asked is not None:
            self.unasked.add(key)

    def forget(self, attribute: str) -> None:
        self.held = None
        self.session.forget(attribute)

    def undo(self) -> Event | tuple[Cause, Fix] | None:
        """Take back the last thing staff did; a skipped fix comes back as (cause, fix)."""
        self.held = None
        event = self.session.undo()
        if event is not None and event.kind == "skip-fix":
            cause = self.kb.causes[event.cause]
            return cause, next(f for f in cause.fixes if f.id == event.fix)
        return event

    def still_pointed_at(self) -> list[Cause]:
        """Mended faults that what the probe or lint saw since the mending points at again
        (the mending may not have taken)."""
        events = self.session.events
        last = max((i for i, e in enumerate(events) if e.kind == "fix" and e.partly), default=None)
        if last is None:
            return []
        seen = {e.attribute for e in events[last + 1 :] if e.kind == "observe"}
        rising: set[str] = set()  # causes a rule on those facts raises or confirms
        for firing in self.state().outcome.firings:
            if any(attribute in seen for attribute, _ in firing.facts):
                rising |= {w.cause for w in self.session.kb_rule(firing.rule).weights if w.ratio > 1.0}
        return [self.kb.causes[c] for c, _ in self.session.mended() if c in rising]

    def fix_result(self, helped: bool | None, partly: bool = False) -> tuple[Cause, Fix] | None:
        """The caller tried the current fix: it helped (perhaps only partly), it did not, or skip it."""
        current = self.current_fix()
        if current is None:
            return None
        self.held = None
        cause, fix = current
        if helped is None:
            self.session.skip_fix(cause.id, fix.id)
        else:
            self.session.fix_tried(cause.id, fix.id, helped, partly)
        return current

    def note(self, **changes: str) -> None:
        """Free-text details for the ticket: app_version, mac, error."""
        self.details = replace(self.details, **changes)

    # --- saving and reloading --------------------------------------------

    def save(self) -> None:
        """Store the case, unless nothing changed since it was last stored (or it was deleted)."""
        if self.casefile is None or self.deleted:
            return
        now = (tuple(self.session.events), self.details, self.closing)
        if now == self._saved:
            return
        self.casefile.save(self.case_id, self.session, self.details, self.secrets, self.started, self.closing)
        self._saved = now

    def close(self, closed: Closure, cause: str | None, notes: str, staff_id: str | None) -> None:
        """Staff's word on how the case ended; saved with the case from now on."""
        self.closing = CloseFields(staff_id or None, cause, notes, closed)

    def delete(self) -> bool:
        """Remove the case from the store, and its ticket (a practice case); whether it was there."""
        gone = self.casefile.delete(self.case_id) if self.casefile is not None else False
        self.deleted = True  # only once it is gone: a failed delete leaves it saved as ever
        return gone

    def rebase(self, kb: KnowledgeBase, inference: Inference | None = None) -> list[str]:
        """Carry the case over to reloaded rules; describe what no longer fits."""
        session, skipped = replay(kb, self.session.events, inference)
        self.held = None  # its question may have changed with the rules
        self.session = session  # a skip of a fix the new rules lack is dropped with the rest
        return skipped

    def ticket(self) -> str:
        return escalation_summary(
            self.kb, self.session, self.case_id, self.details, self.leftovers, self.secrets, self.closing
        )

    def write_ticket(self) -> Path | None:
        if self.casefile is None:
            return None
        return self.casefile.write_ticket(self.case_id, self.ticket())
