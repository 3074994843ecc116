"""The case on the phone: the question (or the fixes, the conflict, the
escalation) on the left; the causes and the facts, live, on the right.

Every key calls the case (and so the session) at once, then ``refresh_case``
shows the new state and autosaves it.  No diagnosis happens here.  The keys
and their meaning per view are in ``case_keys.py``; the views themselves are
widgets of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Input, OptionList

from xtream_doctor.engine.explain import how, why, why_not
from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.closing import finish
from xtream_doctor.tui.keys import LIST_MOVES, refuse, scroll, settle
from xtream_doctor.tui.messages import ProbeFinished, ProbeStarted, ProbeStopped
from xtream_doctor.tui.screens.case_keys import CASE_BINDINGS, ONLY_IN, TYPED
from xtream_doctor.tui.screens.close import CloseResult, CloseScreen
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.screens.reanswer import ReanswerScreen, Result
from xtream_doctor.tui.screens.volunteer import VolunteerScreen
from xtream_doctor.tui.volunteered import Match
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.conflict_view import ConflictView
from xtream_doctor.tui.widgets.doubt_line import DoubtLine
from xtream_doctor.tui.widgets.escalation_view import EscalationView
from xtream_doctor.tui.widgets.facts import FactList
from xtream_doctor.tui.widgets.fix_checklist import FixChecklist
from xtream_doctor.tui.widgets.probe_bar import ProbeBar
from xtream_doctor.tui.widgets.question_view import QuestionView, answer_mark
from xtream_doctor.tui.widgets.solved_view import SolvedView
from xtream_doctor.tui.wording import describe_event, fix_title, said_by


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


class CaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = CASE_BINDINGS

    def __init__(
        self,
        case: Case,
        save: Callable[[Case], str | None],
        probe_again: Callable[[CaseScreen], None] | None = None,
    ) -> None:
        """``save`` saves the case now and says why it could not, or None (the app's ``save_case``);
        ``probe_again`` tests the server again for this screen's case (the app's, when the case
        has a server and a probe: the password stays with the app)."""
        super().__init__()
        self.case = case
        self._save_case = save
        self._probe_again = probe_again
        self._save_later: Timer | None = None
        self.escalation = EscalationView(id="escalation")  # kept: its notes are read after unmount too

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-body"):
            with Vertical(id="main"):
                yield ProbeBar(id="probe")
                yield DoubtLine(id="doubt")
                with ContentSwitcher(initial="question", id="views"):
                    yield QuestionView(id="question")
                    yield FixChecklist(id="fixes")
                    yield ConflictView(id="conflict")
                    yield self.escalation
                    yield SolvedView(id="solved")
            with Vertical(id="side"):
                yield CandidateList(id="candidates")
                yield FactList(id="facts")
        yield Footer(show_command_palette=False)

    # Focused by hand, never scrolled into view (see ``_focus_view``); "" since None falls
    # back to the app's "*", which focuses the answers and scrolls the question away.
    AUTO_FOCUS = ""

    def on_mount(self) -> None:
        self.sub_title = f"case {self.case.case_id}"
        self.query_one(CandidateList).border_subtitle = "c · Enter: why"
        self.query_one(FactList).border_subtitle = "f · Enter: change"
        self.refresh_case()
        self._focus_view(self.view)

    # --- showing the state ----------------------------------------------

    @property
    def view(self) -> str:
        return self.query_one("#views", ContentSwitcher).current or "question"

    def refresh_case(self, save: bool = True) -> None:
        case = self.case
        state = case.state()
        view = case.view()
        choice = case.question()
        if view == "question" and choice is not None:
            number = case.asked() + 1
            self.query_one(QuestionView).show(choice.question, case.device, number, case.better())
        elif view == "fixes":
            self.query_one(FixChecklist).show(case)
        elif view == "conflict":
            self.query_one(ConflictView).show(case.kb, state)
        elif view == "escalation":
            self.query_one(EscalationView).show(case)
        elif view == "solved":
            self.query_one(SolvedView).show(case)
        switcher = self.query_one("#views", ContentSwitcher)
        if switcher.current != view:
            switcher.current = view
            self._focus_view(view)
        self.query_one(DoubtLine).show(case.kb, state, self.check_action("recheck_doubt", ()) is True)
        self.query_one(CandidateList).show(case.kb, state)
        self.query_one(FactList).show(case.kb, state)
        self.refresh_bindings()
        if save:
            self.save()

    def _focus_view(self, view: str) -> None:
        """At once (not ``Widget.focus``, which waits behind the keys already typed)."""
        target = {
            "question": "#q-answers",
            "conflict": "#conflict-facts",
            "escalation": "#esc-app_version",
        }.get(view)
        # Not scrolled into view: the answers' list is taller than the question at 80x24, and
        # scrolling to its top would hide the words to say above it.
        self.set_focus(self.query_one(target) if target else None, scroll_visible=False)

    def on_unmount(self) -> None:
        if self._save_later is not None:  # notes typed in the last moment before quitting
            self._save_later.stop()
            self.save()

    def pull_notes(self) -> None:
        """Take the escalation notes from their boxes, as they are now."""
        if self.escalation.loaded:
            self.case.note(**self.escalation.values())

    def save(self) -> None:
        self.pull_notes()
        reason = self._save_case(self.case)
        if reason is not None:
            self.notify(
                f"Could not save the case: {reason}. It stays open here; quitting offers to retry.",
                severity="error",
                timeout=10,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TYPED and isinstance(self.focused, Input):
            return False  # a letter for the box
        if action == "switch" and not self.case.better():
            return False
        if action == "recheck_doubt" and self.case.state().doubt is None:
            return False
        allowed = ONLY_IN.get(action)
        if allowed is None:
            return True
        return self.view in allowed

    def on_key(self, event: events.Key) -> None:
        """A key no binding took and no box typed: refused visibly, never dropped unseen."""
        if event.is_printable and not isinstance(self.focused, Input):
            event.stop()
            refuse(self, f"‘{event.character}’ does nothing here. F1 lists the keys.")

    # --- answering ----------------------------------------------------------

    def action_answer(self, number: int) -> None:
        view = self.query_one(QuestionView)
        picked = view.pick(number)
        if picked is None:
            count = len(view.question.answers) if view.question else 0
            keys = "1" if count == 1 else f"1-{answer_mark(count - 1)}"
            refuse(
                self,
                f"No answer {answer_mark(number - 1)}: this question has {count} ({keys}, ? don't know).",
            )
            return
        self.record(*picked)

    def action_dont_know(self) -> None:
        picked = self.query_one(QuestionView).dont_know()
        if picked is not None:
            self.record(*picked)

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        self.record(event.attribute, event.value)  # a click

    def record(self, attribute: str, value: str | None) -> None:
        """The answer to the question on screen; the next is the engine's choice."""
        if value is None:
            self.case.dont_know(attribute)
        else:
            self.case.answer(attribute, value)
        self.refresh_case()

    def action_switch(self) -> None:
        """Leave the question kept on screen for what the new findings offer."""
        self.case.release()
        self.refresh_case(save=False)

    async def action_volunteer(self, query: str = "") -> None:
        """Any question's answer, at any moment: it counts at once."""
        known = {a: f.value for a, f in self.case.state().facts.items() if f.source == "answer"}

        def noted(match: Match | None) -> None:
            if match is not None:
                self.volunteer(match.attribute, match.value)

        await self.app.push_screen(VolunteerScreen(self.case.kb, known, query), noted)

    def volunteer(self, attribute: str, value: str) -> None:
        self.case.answer(attribute, value, asked=False)
        self.case.escalated = False
        self.refresh_case()
        event = self.case.session.events[-1]
        self.notify(f"Noted: {describe_event(self.case.kb, event)}", timeout=3)

    def action_undo_anywhere(self) -> None:
        self.action_undo()

    def action_undo(self) -> None:
        undone = self.case.undo()
        if undone is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.case.escalated = False
        if isinstance(undone, tuple):
            self.notify(f"Skip taken back: {undone[1].title}", timeout=3)
        else:
            self.notify(f"Undone: {describe_event(self.case.kb, undone)}", timeout=3)
        self.refresh_case()

    # --- the arrows and Enter, on whatever is in view ---------------------

    async def action_move(self, key: str) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            raise SkipAction  # the box's own keys
        if isinstance(focused, OptionList):
            if key == "enter":
                await self.choose(focused)
                return
            getattr(focused, f"action_{LIST_MOVES[key]}")()
            if focused.id == "q-answers":
                self.query_one(QuestionView).reveal()
            return
        if self.view == "fixes" and self.query_one(FixChecklist).move(key):
            return
        if focused is not None and scroll(focused, key):
            return
        raise SkipAction

    async def choose(self, options: OptionList) -> None:
        """Enter on a list: what a click on its highlighted line does, but at once."""
        option = options.highlighted_option
        if option is None or option.id is None:
            return
        if options.id == "q-answers":
            picked = self.query_one(QuestionView).highlighted()
            if picked is not None:
                self.record(*picked)
        elif options.id in ("facts", "conflict-facts"):
            await self.recheck(option.id)
        elif options.id == "candidates":
            await self.explain_cause(option.id)

    # --- changing an earlier answer ----------------------------------------

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "facts" and event.option_id:
            await self.recheck(event.option_id)
        elif event.option_list.id == "candidates" and event.option_id:
            await self.explain_cause(event.option_id)

    async def action_recheck_doubt(self) -> None:
        """Ask again the answer most likely wrong (or have the doubtful fix tried again)."""
        doubt = self.case.state().doubt
        if doubt is None:
            return
        if doubt.fix is not None:
            self.case.session.retry_fix(*doubt.fix)
            self.case.escalated = False
            self.refresh_case()
            title = fix_title(self.case.kb, *doubt.fix)
            self.notify(f"Try it again, step by step: {title}", timeout=4, markup=False)
            return
        await self.recheck(doubt.attribute)

    async def on_conflict_view_recheck(self, event: ConflictView.Recheck) -> None:
        await self.recheck(event.attribute)

    async def recheck(self, attribute: str) -> None:
        case = self.case
        fact = case.state().facts.get(attribute)
        question = case.kb.questions.get(attribute)
        if question is not None and (fact is None or fact.source != "derived"):

            def apply(result: Result) -> None:
                if result is None:
                    return
                kind, value = result
                if kind == "answer":
                    case.answer(attribute, value, asked=None)
                elif kind == "dont-know":
                    case.dont_know(attribute, asked=None)
                else:
                    case.forget(attribute)
                case.escalated = False
                self.refresh_case()

            current = fact.value if fact else None
            await self.app.push_screen(ReanswerScreen(question, current, case.device), apply)
            return
        if fact is None:
            return
        if fact.source == "derived":
            lines = [f"{attribute} = {fact.value}: the rules worked it out ({', '.join(fact.rules)})"]
            lines += [f"  {r.because}" for r in case.kb.rules if r.id in fact.rules]
        else:
            lines = [f"{attribute} = {fact.value}: {said_by(case.kb, fact)[1]}.", fact.note or "(no note)"]
            lines.append(
                "No question asks for it: start a new case with the corrected details to test them again."
            )
        await self.app.push_screen(ExplainScreen(f"Where {attribute} comes from", lines))

    # --- explanations ---------------------------------------------------

    async def explain_cause(self, cause: str) -> None:
        kb = self.case.kb
        title = kb.causes[cause].title if cause in kb.causes else cause
        await self.app.push_screen(
            ExplainScreen(f"Why (not): {title}", why_not(kb, self.case.state(), cause))
        )

    async def action_why(self) -> None:
        choice = self.case.question()
        if choice is not None:
            title = "Why this question" + (
                " (worked out before the server test)" if self.case.better() else ""
            )
            await self.app.push_screen(ExplainScreen(title, why(self.case.kb, choice)))

    async def action_how(self) -> None:
        state = self.case.state()
        current = self.case.current_fix()
        cause = current[0].id if current else state.solved_by.cause if state.solved_by else state.leading
        if cause:
            title = self.case.kb.causes[cause].title if cause in self.case.kb.causes else cause
            await self.app.push_screen(ExplainScreen(f"How: {title}", how(self.case.kb, state, cause)))

    def action_focus_causes(self) -> None:
        self._focus_list(self.query_one(CandidateList))

    def action_focus_facts(self) -> None:
        self._focus_list(self.query_one(FactList))

    def _focus_list(self, options: OptionList) -> None:
        if options.highlighted is None and options.option_count:
            options.highlighted = 0  # so Enter acts at once
        self.set_focus(options)

    async def action_back(self) -> None:
        """Leave the escalation view asked for with e, or refocus.  Skipped fixes
        stay skipped (u takes the last skip back)."""
        await settle(self.app)  # the notes typed just before are in their boxes
        if self.case.escalated:
            self.case.escalated = False
            self.refresh_case(save=False)
        elif self.view == "escalation" and self.case.skipped_fixes:
            self.notify("Every fix left was skipped; u brings the last one back.", timeout=4)
        self._focus_view(self.view)

    # --- fixes, escalation -------------------------------------------------

    def action_fix(self, verdict: str) -> None:
        helped = {"yes": True, "partly": True, "no": False}.get(verdict)
        done = self.case.fix_result(helped, partly=verdict == "partly")
        if done is None:
            return
        self.refresh_case()
        if verdict == "partly":
            again = " Testing the server again." if self._probe_again else ""
            self.notify(f"{done[0].title}: mended. Now find the other fault.{again}", timeout=4)
            if self._probe_again is not None:  # its login test was of the old fault
                self._probe_again(self)
        if verdict == "no" and self.case.state().status != "conflict":
            state = self.case.state()
            now = state.probability(done[0].id)
            still = "still the likeliest" if state.leading == done[0].id else "less likely now"
            self.notify(f"{done[0].title}: {still} ({now:.0%}). Carrying on.", timeout=3)

    def action_escalate(self) -> None:
        self.case.escalated = not self.case.escalated
        self.refresh_case(save=False)

    def on_escalation_view_noted(self, event: EscalationView.Noted) -> None:
        self.pull_notes()  # from the boxes themselves: later keys may already be in
        self.query_one(EscalationView).show(self.case)
        if self._save_later is not None:
            self._save_later.stop()
        self._save_later = self.set_timer(0.8, self.save)  # once the typing pauses, not per key

    async def action_copy_ticket(self) -> None:
        await settle(self.app)  # the keys typed just before are in the boxes
        self.save()  # with the notes as the boxes hold them now
        text = self.case.ticket()
        self.app.copy_to_clipboard(text)
        try:
            path = self.case.write_ticket()
        except OSError as exc:
            self.notify(f"Copied, but could not write the ticket file: {exc}", severity="warning")
            return
        where = f" and saved to {path}" if path else ""
        self.notify(f"Ticket copied to the clipboard{where}.", timeout=4)

    def action_close_case(self) -> None:
        self.pull_notes()
        self.app.push_screen(CloseScreen(self.case, self.case.view()), self._after_close)

    def _after_close(self, result: CloseResult) -> None:
        if result is None:
            return
        done, message = finish(self.case, result, self._save_case)
        self.notify(message, severity="information" if done else "error", timeout=6 if done else 10)
        if done:
            self.dismiss(None)

    async def action_new_case(self) -> None:
        await settle(self.app)
        self.save()
        self.dismiss(None)

    # --- probe and reload -----------------------------------------------

    def on_probe_started(self, message: ProbeStarted) -> None:
        if message.case_id == self.case.case_id:
            self.query_one(ProbeBar).start(message.budget, "the server")

    def on_probe_finished(self, message: ProbeFinished) -> None:
        if message.case_id != self.case.case_id:
            return
        report = message.report
        self.case.hold()  # the question being read out stays; what is better is offered
        before = len(self.case.state().facts)
        self.case.take_findings(report.findings)  # the lint's notes were shown when the case opened
        self.case.leftovers += list(report.notes)
        new = len(self.case.state().facts) - before
        self.query_one(ProbeBar).finish(
            f"Server test in {report.elapsed:.1f} s: {_count(len(report.findings), 'result')}, "
            f"{max(new, 0)} new"
        )
        self.refresh_case()
        for cause in self.case.still_pointed_at():
            self.notify(
                f"The server test still points at: {cause.title}. The mending may not have taken; "
                "check it with the caller.",
                severity="warning",
                timeout=8,
            )

    def on_probe_stopped(self, message: ProbeStopped) -> None:
        if message.case_id == self.case.case_id:
            self.query_one(ProbeBar).finish(f"Server test stopped: {message.reason}", failed=True)

    def rebase(self, kb: KnowledgeBase, inference: Inference | None = None) -> None:
        skipped = self.case.rebase(kb, inference)
        if skipped:
            self.notify("Dropped after the reload:\n" + "\n".join(skipped), severity="warning", timeout=10)
        self.refresh_case()
