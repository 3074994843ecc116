"""kb-docs/: Markdown pages generated from rules/, for people who read rather than edit.

``generate(kb, out)`` returns every generated file as text, keyed by its path
relative to ``out``; ``write`` puts them there and ``stale`` lists the ones
that differ from disk (``xtream-doctor kb docs --check`` and a pytest test
use it, so CI fails when rules/ changed and kb-docs/ was not regenerated).

One module a page (``index``, ``questions``, ``sources``, ``diagram``, ``coverage``,
``cause``, ``schema``), each with ``pages(Pages) -> {path: text}``; ``PAGES`` below is the
registry: a new page is one module and one line there.  ``common`` holds what
pages share, ``files`` what touches the disk.  The output depends on nothing
but the knowledge base and the place of ``out`` relative to rules/: no dates,
no absolute paths, stable order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from xtream_doctor.authoring.docs import cause, coverage, diagram, index, questions, schema, sources
from xtream_doctor.authoring.docs.common import MARKER, Pages
from xtream_doctor.authoring.docs.files import HAND_WRITTEN, default_docs_dir, leftovers, stale, write
from xtream_doctor.authoring.docs.schema import SCHEMA_COMMENT, schema_text
from xtream_doctor.kb.model import KnowledgeBase

PAGES: tuple[Callable[[Pages], dict[str, str]], ...] = (
    index.pages,
    questions.pages,
    sources.pages,
    diagram.pages,
    coverage.pages,
    cause.pages,
    schema.pages,
)


def generate(kb: KnowledgeBase, out: Path) -> dict[str, str]:
    """Every generated file under ``out``: relative path -> text."""
    context = Pages(kb, out)
    files: dict[str, str] = {}
    for page in PAGES:
        files.update(page(context))
    return files


__all__ = [
    "HAND_WRITTEN",
    "MARKER",
    "PAGES",
    "SCHEMA_COMMENT",
    "default_docs_dir",
    "generate",
    "leftovers",
    "schema_text",
    "stale",
    "write",
]
