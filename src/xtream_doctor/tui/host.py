"""What the screens and the command palette ask of the app, as protocols.

The app (``tui/app.py``) builds the screens and passes itself, or one of its
methods, to their constructors; the screens know only these shapes, so no
screen imports the app and the app can be replaced by a stand-in in a test.
The palette's provider is built by Textual, not by us: it reads the app
through :class:`PaletteHost`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from xtream_doctor.kb.model import KnowledgeBase
from xtream_doctor.probe.copy import DetailsCopy
from xtream_doctor.tui.case import Case
from xtream_doctor.tui.casefile import CaseDetails, CaseFile


class CaseDesk(Protocol):
    """The saved cases and the rules in use: what the start screen lists and opens."""

    kb: KnowledgeBase
    casefile: CaseFile
    clock: Callable[[], float]

    async def rules_ready(self) -> None: ...

    def open_case(
        self,
        details: CaseDetails,
        password: str,
        device: str | None,
        app: str | None,
        copy: DetailsCopy = "read-out",
    ) -> Case: ...

    def resume_case(self, case_id: str) -> None: ...

    def delete_case(self, case_id: str) -> str | None: ...


class PaletteHost(CaseDesk, Protocol):
    """The app's own commands, for the palette."""

    def action_reload_rules(self) -> None: ...

    def action_toggle_theme(self) -> None: ...

    def action_help(self) -> None: ...
