"""The app staff keep open on a call.  Small on purpose: it holds the
dependencies it was given (knowledge base, rules folder, case log, lint and
probe functions, the staff id), opens and deletes cases, runs the two workers
(probe, reload) and turns any worker failure into one readable notification."""

from __future__ import annotations

import asyncio
import functools
import gc
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from xtream_doctor.engine.inference import Inference
from xtream_doctor.engine.session import Session
from xtream_doctor.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from xtream_doctor.probe.address import parse_server, server_field_strays
from xtream_doctor.probe.copy import COPY_LABELS, DetailsCopy, desk_target
from xtream_doctor.records.staff import StaffConfig
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.casefile import CaseDetails, CaseFile, CloseFields, new_case_id, resume
from xtream_doctor.tui.commands import DoctorCommands
from xtream_doctor.tui.failures import describe
from xtream_doctor.tui.messages import (
    ProbeFinished,
    ProbeStarted,
    ProbeStopped,
    RulesBroken,
    RulesReloaded,
)
from xtream_doctor.tui.probing import Finding, LintFunction, ProbeFunction, Target
from xtream_doctor.tui.screens.case import CaseScreen
from xtream_doctor.tui.screens.help import HelpScreen
from xtream_doctor.tui.screens.kb_errors import KbErrorsScreen
from xtream_doctor.tui.screens.start import StartScreen
from xtream_doctor.tui.screens.unsaved import UnsavedScreen
from xtream_doctor.tui.terminal_keys import read_escape_as_escape

WORKERS = {"probe": "The server test", "rules": "Reloading the rules"}


class XtreamDoctorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "xtream-doctor"
    COMMANDS = App.COMMANDS | {DoctorCommands}
    # App annotates this without ClassVar, so mypy rejects ClassVar here and ruff wants it:
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help", tooltip="Every key on one page"),
        Binding(
            "f5",
            "reload_rules",
            "Reload rules",
            id="app.reload-rules",
            show=False,
            tooltip="Read the rules again; a broken file keeps the last good ones",
        ),
        Binding(
            "ctrl+t", "toggle_theme", "Theme", id="app.toggle-theme", tooltip="Light or dark", show=False
        ),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit (every case is already saved)"),
    ]

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        case_log: Path,
        rules_dir: Path | None = None,
        probe: ProbeFunction | None = None,
        lint: LintFunction | None = None,
        probe_budget: float = 8.0,
        resume: str | None = None,
        load_rules: Callable[[Path | None], KnowledgeBase] = load_knowledge_base,
        clock: Callable[[], float] = time.time,
        staff: StaffConfig | None = None,
    ) -> None:
        """``staff``: who takes the calls at this desk (records/staff.py reads it), put on every case."""
        super().__init__()
        self.kb = kb
        self.rules_dir = rules_dir
        self.casefile = CaseFile(case_log)
        self.probe = probe
        self.lint = lint
        self.probe_budget = probe_budget
        self.resume_id = resume
        self.load_rules = load_rules
        self.clock = clock
        self.staff = staff or StaffConfig()
        self._secrets: set[str] = set()  # passwords typed in this run: masked in every message
        self._inference: Inference | None = None  # the rules compiled once, shared by the cases in turn
        self.unsaved: dict[str, tuple[Case, str]] = {}  # cases whose last save failed, and why

    def get_default_screen(self) -> Screen[None]:
        return StartScreen(self)

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        read_escape_as_escape(driver)  # Esc and a key typed right behind it are two keys
        return driver

    def on_mount(self) -> None:
        if self.staff.problem:
            self.notify(
                f"{self.staff.problem}. Cases are saved without a staff id until it is mended.",
                title="The staff id could not be read",
                severity="warning",
                timeout=20,
                markup=False,
            )
        imported = self.casefile.imported
        if imported is not None:
            self.notify(
                f"Case store {self.casefile.path.name}: {imported}.",
                severity="warning" if imported.problems else "information",
                timeout=10,
            )
        if self.resume_id:
            self.resume_case(self.resume_id)
        else:
            self.compile_rules(self.kb)  # while staff type the caller's details

    async def rules_ready(self) -> None:
        """Wait for the warm-up compile if it is still running (rather than compile twice)."""
        for worker in list(self.workers):
            if worker.group == "rules" and worker.is_running:
                await worker.wait()
                self._keep_compiled(worker.result)

    def _keep_compiled(self, result: object) -> None:
        if isinstance(result, Inference) and result.kb is self.kb and self._inference is None:
            self._inference = result
            # The rules, the compiled engine and the screens live as long as the app: keep
            # them out of the garbage collector's full scans, which otherwise pause keys.
            gc.freeze()

    def inference(self) -> Inference:
        """The compiled rules for the next case (compiled now if the warm-up is not done)."""
        if self._inference is None or self._inference.kb is not self.kb:
            self._inference = Inference(self.kb)
        return self._inference

    # --- cases ------------------------------------------------------------

    def open_case(
        self,
        details: CaseDetails,
        password: str,
        device: str | None,
        app: str | None,
        copy: DetailsCopy = "read-out",
    ) -> Case:
        """A new case from the start screen; ``copy`` says where the typed details came from."""
        server = details.server
        link = parse_server(server).link_credentials() if server else None
        kept, strays = server_field_strays(server, details.username)
        details = replace(details, server=kept)  # a password typed into the server box is not kept
        secrets = tuple(s for s in (password, link[1] if link else "", *strays) if s)
        self._secrets.update(secrets)
        case = Case(
            new_case_id(self.clock),
            Session(self.kb, self.inference()),
            self.casefile,
            details,
            secrets,
            started=self.clock(),
            closing=CloseFields(staff_id=self.staff.staff),
        )
        for attribute, value in (("device", device), ("app", app)):
            if value and attribute in self.kb.attributes:
                case.answer(attribute, value, asked=False)
        case.note_copy(copy)
        target = desk_target(Target(server, details.username, password), copy) if server else None
        notes: tuple[Finding, ...] = ()
        if target is not None and self.lint is not None:
            notes = case.take_findings(self.lint(target))
        again = None
        if target is not None and self.probe is not None:
            again = functools.partial(self._probe_again, case.case_id, target)
        screen = CaseScreen(case, self.save_case, again)
        self.push_screen(screen)
        if notes:
            self.notify(
                f"Your copy ({COPY_LABELS[copy]}): " + " ".join(n.message for n in notes)
                + " Not counted as the caller's: check it with them if it matters.",
                title="About the details as we have them",
                timeout=12,
                markup=False,
            )
        if again is not None:
            again(screen)
        return case

    def _probe_again(self, case_id: str, target: Target, screen: CaseScreen) -> None:
        self.run_probe(screen, case_id, target)

    def save_case(self, case: Case) -> str | None:
        """Save the case now; None, or why it could not be saved (it is kept to retry)."""
        try:
            case.save()
        except Exception as exc:  # a full disk must not end the call
            reason = describe(exc, self._secrets)
            self.unsaved[case.case_id] = (case, reason)
            return reason
        self.unsaved.pop(case.case_id, None)
        return None

    def retry_saves(self) -> dict[str, str]:
        """Save every case whose last save failed again; those that still fail, and why."""
        for case, _reason in list(self.unsaved.values()):
            self.save_case(case)
        return {case_id: reason for case_id, (_case, reason) in self.unsaved.items()}

    async def action_quit(self) -> None:
        """Quit, unless a case could not be saved: then say so and offer to retry."""
        if self.unsaved and not isinstance(self.screen, UnsavedScreen):
            self.push_screen(UnsavedScreen(self.retry_saves(), self.retry_saves))
            return
        self.exit()

    def resume_case(self, case_id: str) -> None:
        record = self.casefile.get(case_id)
        if record is None:
            self.notify(f"No saved case '{case_id}' in {self.casefile.path}.", severity="error")
            return
        session, skipped = resume(self.kb, record, self.inference())
        case = Case(
            record.case_id,
            session,
            self.casefile,
            CaseDetails.of(record),
            started=record.started or self.clock(),
            closing=replace(CloseFields.of(record), staff_id=record.staff_id or self.staff.staff),
        )
        self.push_screen(CaseScreen(case, self.save_case))
        if skipped:
            self.notify(
                "The rules changed since; dropped:\n" + "\n".join(skipped), severity="warning", timeout=10
            )

    def delete_case(self, case_id: str) -> str | None:
        """Delete a saved case (a practice one) and its ticket; None, or why it could not be."""
        try:
            if not self.casefile.delete(case_id):
                return f"no saved case '{case_id}'"
        except Exception as exc:  # a locked store must not end the app
            return describe(exc, self._secrets)
        self.unsaved.pop(case_id, None)
        return None

    # --- workers ----------------------------------------------------------

    @work(exclusive=True, group="probe", exit_on_error=False, description="probe")
    async def run_probe(self, screen: CaseScreen, case_id: str, target: Target) -> None:
        if self.probe is None:
            return
        screen.post_message(ProbeStarted(case_id, self.probe_budget))
        try:
            report = await asyncio.wait_for(self.probe(target), self.probe_budget + 5.0)
        except asyncio.CancelledError:
            screen.post_message(ProbeStopped(case_id, "cancelled"))
            raise
        except Exception as exc:
            screen.post_message(ProbeStopped(case_id, describe(exc, self._secrets)))
            raise
        screen.post_message(ProbeFinished(case_id, report))

    @work(thread=True, exclusive=True, group="rules", exit_on_error=False, description="compile rules")
    def compile_rules(self, kb: KnowledgeBase) -> Inference:
        inference = Inference(kb)
        Session(kb, inference).state()  # the first question of an empty case, worked out once
        return inference

    @work(thread=True, exclusive=True, group="rules", exit_on_error=False, description="reload rules")
    def reload_rules(self) -> None:
        try:
            kb = self.load_rules(self.rules_dir)
        except KnowledgeBaseError as exc:
            self.post_message(RulesBroken(exc.problems))
            return
        inference = Inference(kb)
        Session(kb, inference).state()
        self.post_message(RulesReloaded(kb, inference))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a worker's failure becomes a message for staff."""
        if event.state is WorkerState.SUCCESS:
            self._keep_compiled(event.worker.result)
        if event.state is not WorkerState.ERROR:
            return
        what = WORKERS.get(event.worker.group, event.worker.name or "A background task")
        self.notify(
            f"{what} failed: {describe(event.worker.error, self._secrets)}", severity="error", timeout=8
        )

    def on_rules_reloaded(self, message: RulesReloaded) -> None:
        self.kb = message.kb
        self._inference = message.inference
        gc.freeze()  # as after the first compile
        for screen in self.screen_stack:
            if isinstance(screen, CaseScreen):
                screen.rebase(message.kb, message.inference)
            elif isinstance(screen, StartScreen):
                screen.refresh_choices()
        kb = message.kb
        self.notify(
            f"Rules reloaded: {len(kb.causes)} causes, {len(kb.questions)} questions (version {kb.version})."
        )

    def on_rules_broken(self, message: RulesBroken) -> None:
        self.notify("The rules did not load; the last good ones stay in use.", severity="error", timeout=6)
        self.push_screen(KbErrorsScreen(message.problems, self.kb.version))

    # --- app actions ------------------------------------------------------

    def action_reload_rules(self) -> None:
        self.reload_rules()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
