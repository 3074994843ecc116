"""The case on the phone: the question (or the fixes, the conflict, the
escalation) on the left; the causes and the facts, live, on the right.

Every key calls the case (and so the session), then ``refresh_case`` shows
the new state and autosaves it.  No diagnosis happens here.  Long because it
holds every binding of the case screen (their ids, keys and tooltips are the
app's reference of keys); the views themselves are widgets of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, OptionList

from xtream_doctor.engine.explain import how, why, why_not
from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.closing import finish
from xtream_doctor.tui.messages import ProbeFinished, ProbeStarted, ProbeStopped
from xtream_doctor.tui.screens.close import CloseResult, CloseScreen
from xtream_doctor.tui.screens.explain import ExplainScreen
from xtream_doctor.tui.screens.reanswer import ReanswerScreen, Result
from xtream_doctor.tui.screens.volunteer import VolunteerScreen
from xtream_doctor.tui.volunteered import Match
from xtream_doctor.tui.widgets.candidates import CandidateList
from xtream_doctor.tui.widgets.conflict_view import ConflictView
from xtream_doctor.tui.widgets.escalation_view import EscalationView
from xtream_doctor.tui.widgets.facts import FactList
from xtream_doctor.tui.widgets.fix_checklist import FixChecklist
from xtream_doctor.tui.widgets.focus import FOCUS_KEYS
from xtream_doctor.tui.widgets.probe_bar import ProbeBar
from xtream_doctor.tui.widgets.question_view import QuestionView
from xtream_doctor.tui.widgets.solved_view import SolvedView
from xtream_doctor.tui.wording import describe_event, source_words

# Which actions make sense in which view (others are hidden from the footer).
ONLY_IN = {
    "answer": {"question"},
    "dont_know": {"question"},
    "why": {"question"},
    "fix": {"fixes"},
    "how": {"fixes", "solved"},
    "copy_ticket": {"escalation"},
}


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


class CaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *FOCUS_KEYS,
        Binding(
            "1",
            "answer(1)",
            "Answer",
            id="case.answer",
            key_display="1-9",
            tooltip="Pick an answer by number",
        ),
        *[Binding(str(n), f"answer({n})", "Answer", show=False) for n in range(2, 10)],
        Binding(
            "0,question_mark",
            "dont_know",
            "Don't know",
            id="case.dont-know",
            key_display="?",
            tooltip="The caller does not know: no evidence, next question",
        ),
        Binding("y", "fix('yes')", "Fixed", id="case.fix-yes", tooltip="The fix worked: the case is solved"),
        Binding(
            "n",
            "fix('no')",
            "Didn't help",
            id="case.fix-no",
            tooltip="The fix did not help: its cause becomes less likely, the diagnosis goes on",
        ),
        Binding(
            "p",
            "fix('partly')",
            "Partly",
            id="case.fix-partly",
            show=False,
            tooltip="It helped, but the app now says something else: that fault is mended, the diagnosis "
            "goes on for the other one",
        ),
        Binding("s", "fix('skip')", "Skip", id="case.fix-skip", tooltip="Skip this fix, offer the next one"),
        Binding(
            "a",
            "volunteer",
            "Caller says",
            id="case.volunteer",
            tooltip="Note what the caller says before being asked: any question, found by its words",
        ),
        Binding("u,ctrl+z", "undo", "Undo", id="case.undo", tooltip="Take back the last answer or fix"),
        Binding("w", "why", "Why?", id="case.why", tooltip="Which causes each answer would leave"),
        Binding("h", "how", "How?", id="case.how", tooltip="The rules and facts behind the diagnosis"),
        Binding(
            "c",
            "focus_causes",
            "Causes",
            id="case.causes",
            show=False,
            tooltip="Select a cause to see why (not)",
        ),
        Binding(
            "f",
            "focus_facts",
            "What we know",
            id="case.facts",
            show=False,
            tooltip="Select an answer to change it",
        ),
        Binding(
            "e", "escalate", "Escalate", id="case.escalate", tooltip="The escalation summary for the ticket"
        ),
        Binding(
            "ctrl+y",
            "copy_ticket",
            "Copy ticket",
            id="case.copy-ticket",
            tooltip="Copy the summary to the clipboard and save it next to the case log",
        ),
        Binding(
            "ctrl+d",
            "close_case",
            "Close case",
            priority=True,  # from the escalation's boxes too (an Input takes ctrl+d otherwise)
            id="case.close",
            tooltip="Done: say how it ended (solved, escalated, call-back), notes; then the next call",
        ),
        Binding("escape", "back", "Back", show=False, id="case.back"),
        Binding(
            "ctrl+n", "new_case", "New case", id="case.new", show=False, tooltip="Back to the start screen"
        ),
    ]

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

    def on_mount(self) -> None:
        self.sub_title = f"case {self.case.case_id}"
        self.query_one(CandidateList).border_subtitle = "c · Enter: why"
        self.query_one(FactList).border_subtitle = "f · Enter: change"
        self.refresh_case()

    # --- showing the state ----------------------------------------------

    @property
    def view(self) -> str:
        return self.query_one("#views", ContentSwitcher).current or "question"

    def refresh_case(self, save: bool = True) -> None:
        case = self.case
        state = case.state()
        view = case.view()
        if view == "question" and state.next_question is not None:
            self.query_one(QuestionView).show(state.next_question.question, case.device, case.asked() + 1)
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
        self.query_one(CandidateList).show(case.kb, state)
        self.query_one(FactList).show(case.kb, state)
        self.refresh_bindings()
        if save:
            self.save()

    def _focus_view(self, view: str) -> None:
        target = {
            "question": "#q-answers",
            "conflict": "#conflict-facts",
            "escalation": "#esc-app_version",
        }.get(view)
        if target:
            self.query_one(target).focus()
        else:
            self.set_focus(None)

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
        allowed = ONLY_IN.get(action)
        if allowed is None:
            return True
        return self.view in allowed

    # --- answering ----------------------------------------------------------

    def action_answer(self, number: int) -> None:
        if not self.query_one(QuestionView).pick(number):
            self.app.bell()

    def action_dont_know(self) -> None:
        self.query_one(QuestionView).pick(0)

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        if event.value is None:
            self.case.dont_know(event.attribute)
        else:
            self.case.answer(event.attribute, event.value)
        self.refresh_case()

    def action_volunteer(self, query: str = "") -> None:
        """Any question's answer, at any moment: it counts at once."""
        known = {a: f.value for a, f in self.case.state().facts.items() if f.source == "answer"}

        def noted(match: Match | None) -> None:
            if match is not None:
                self.volunteer(match.attribute, match.value)

        self.app.push_screen(VolunteerScreen(self.case.kb, known, query), noted)

    def volunteer(self, attribute: str, value: str) -> None:
        self.case.answer(attribute, value)
        self.case.escalated = False
        self.refresh_case()
        event = self.case.session.events[-1]
        self.notify(f"Noted: {describe_event(self.case.kb, event)}", timeout=3)

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

    # --- changing an earlier answer ----------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "facts" and event.option_id:
            self.recheck(event.option_id)
        elif event.option_list.id == "candidates" and event.option_id:
            self.explain_cause(event.option_id)

    def on_conflict_view_recheck(self, event: ConflictView.Recheck) -> None:
        self.recheck(event.attribute)

    def recheck(self, attribute: str) -> None:
        case = self.case
        fact = case.state().facts.get(attribute)
        question = case.kb.questions.get(attribute)
        if question is not None and (fact is None or fact.source != "derived"):

            def apply(result: Result) -> None:
                if result is None:
                    return
                kind, value = result
                if kind == "answer":
                    case.answer(attribute, value)
                elif kind == "dont-know":
                    case.dont_know(attribute)
                else:
                    case.forget(attribute)
                case.escalated = False
                self.refresh_case()

            self.app.push_screen(ReanswerScreen(question, fact.value if fact else None, case.device), apply)
            return
        if fact is None:
            return
        if fact.source == "derived":
            lines = [f"{attribute} = {fact.value}: the rules worked it out ({', '.join(fact.rules)})"]
            lines += [f"  {r.because}" for r in case.kb.rules if r.id in fact.rules]
        else:
            lines = [f"{attribute} = {fact.value}: {source_words(fact.source)}.", fact.note or "(no note)"]
            lines.append(
                "No question asks for it: start a new case with the corrected details to test them again."
            )
        self.app.push_screen(ExplainScreen(f"Where {attribute} comes from", lines))

    # --- explanations ---------------------------------------------------

    def explain_cause(self, cause: str) -> None:
        kb = self.case.kb
        title = kb.causes[cause].title if cause in kb.causes else cause
        self.app.push_screen(ExplainScreen(f"Why (not): {title}", why_not(kb, self.case.state(), cause)))

    def action_why(self) -> None:
        choice = self.case.state().next_question
        if choice is not None:
            self.app.push_screen(ExplainScreen("Why this question", why(self.case.kb, choice)))

    def action_how(self) -> None:
        state = self.case.state()
        current = self.case.current_fix()
        cause = current[0].id if current else state.solved_by.cause if state.solved_by else state.leading
        if cause:
            self.app.push_screen(ExplainScreen(f"How: {cause}", how(self.case.kb, state, cause)))

    def action_focus_causes(self) -> None:
        self._focus_list(self.query_one(CandidateList))

    def action_focus_facts(self) -> None:
        self._focus_list(self.query_one(FactList))

    def _focus_list(self, options: OptionList) -> None:
        if options.highlighted is None and options.option_count:
            options.highlighted = 0  # so Enter acts at once
        options.focus()

    def action_back(self) -> None:
        """Leave the escalation view asked for with e, or refocus.  Skipped fixes
        stay skipped (u takes the last skip back)."""
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

    def action_copy_ticket(self) -> None:
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

    def action_new_case(self) -> None:
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
