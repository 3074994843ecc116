"""Causes no example shows as the likeliest: `kb test` never shows the rules making them so."""

from __future__ import annotations

from xtream_doctor.authoring.lint.core import Check, Context, Unit

UNTESTED_CAUSE = Check(
    "untested-cause",
    "warning",
    "no example shows the cause as the likeliest",
)


def check_untested(lint: Context) -> None:
    kb = lint.kb
    isolated = {
        e.found or next(iter(e.leading))
        for e in kb.examples
        if (e.found or len(e.leading) == 1) and not e.todo
    }
    for cause in kb.known_causes().values():  # the catch-all leads on no rule of its own
        if cause.id not in isolated:
            lint.add(
                UNTESTED_CAUSE,
                cause.location,
                f"no example shows the rules making '{cause.id}' the likeliest cause. Add one under "
                f"'examples:' in its file: 'given: {{...}}' with the answers of a typical case and "
                f"'found: {cause.id}' (or 'leading: {cause.id}'); run 'xtream-doctor kb test'.",
            )


UNTESTED = Unit("examples", (UNTESTED_CAUSE,), check_untested)
