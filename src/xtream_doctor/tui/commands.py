"""The app's commands in the palette (ctrl+p), prefixed by what they act on;
case commands appear only over a case, start commands only on the start screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from xtream_doctor.tui.closing import outcome_words
from xtream_doctor.tui.host import PaletteHost

Command = tuple[str, str, Callable[[], object]]


class DoctorCommands(Provider):
    def _commands(self) -> list[Command]:
        from xtream_doctor.tui.screens.case import CaseScreen
        from xtream_doctor.tui.screens.start import StartScreen

        app = cast(PaletteHost, self.app)  # Textual builds the provider: no constructor of ours
        screen = self.screen
        commands: list[Command] = [
            (
                "rules: reload",
                "Read the rules again; a broken file keeps the last good ones",
                app.action_reload_rules,
            ),
            (
                "theme: toggle light / dark",
                "Switch between the light and the dark theme",
                app.action_toggle_theme,
            ),
            ("help: keys", "Every key on one page", app.action_help),
        ]
        if isinstance(screen, CaseScreen):
            commands += [
                (
                    "case: the caller says… (any question)",
                    "Note what the caller says before being asked, found by its words",
                    screen.action_volunteer,
                ),
                ("case: why this question", "What each answer would leave", screen.action_why),
                ("case: how", "The rules and facts behind the diagnosis", screen.action_how),
                ("case: undo", "Take back the last answer or fix", screen.action_undo),
                ("case: escalate", "Show the escalation summary", screen.action_escalate),
                (
                    "case: copy ticket",
                    "Copy the summary and save it next to the case log",
                    screen.action_copy_ticket,
                ),
                (
                    "case: change an answer",
                    "Go to what we know; Enter re-asks one",
                    screen.action_focus_facts,
                ),
                (
                    "case: close",
                    "Say how it ended (solved, escalated, call-back), the cause, notes",
                    screen.action_close_case,
                ),
                ("case: new case", "Save this case and go back to the start", screen.action_new_case),
            ]
        elif isinstance(screen, StartScreen):
            commands.append(("case: start", "Start a case with what is typed", screen.action_start))
            for saved in app.casefile.recent(10):
                commands.append(
                    (
                        f"case: resume {saved.case_id}",
                        outcome_words(app.kb, saved) + (f" · {saved.username}" if saved.username else ""),
                        partial(app.resume_case, saved.case_id),
                    )
                )
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
        for title, help_text, callback, score in self._volunteered(query):
            yield Hit(score, title, callback, help=help_text)

    def _volunteered(self, query: str) -> list[tuple[str, str, Callable[[], object], float]]:
        """Over a case, the answers the words typed point to: "says: Max connections"."""
        from xtream_doctor.tui.screens.case import CaseScreen
        from xtream_doctor.tui.volunteered import answers_matching
        from xtream_doctor.tui.wording import short_question

        screen = self.screen
        if not isinstance(screen, CaseScreen) or len(query.strip()) < 3:
            return []
        matches = [m for m in answers_matching(screen.case.kb, query) if m.score][:5]
        best = max((m.score for m in matches), default=1)
        return [
            (
                f"caller says: {m.label}",
                short_question(m.question),
                partial(screen.volunteer, m.attribute, m.value),
                0.5 * m.score / best,  # below a command whose name was typed
            )
            for m in matches
        ]
