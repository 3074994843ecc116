"""The generated files on disk: which are stale or left over, and writing them.

Hand-written pages live beside the generated ones (the authoring guide, the
case-record format); generated pages start with ``MARKER`` (the schemas carry
``SCHEMA_COMMENT``) and only those are ever rewritten or reported as left over.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from xtream_doctor.authoring.docs.common import MARKER
from xtream_doctor.authoring.docs.schema import SCHEMA_COMMENT

HAND_WRITTEN = ("authoring.md", "case-records.md")


def default_docs_dir(rules_root: Path) -> Path:
    return rules_root.resolve().parent / "kb-docs"


def _generated(path: Path) -> bool:
    if path.suffix == ".json":
        try:
            return SCHEMA_COMMENT in path.read_text(encoding="utf-8")[:400]
        except OSError:
            return False
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == MARKER
    except (OSError, UnicodeDecodeError):
        return False


def leftovers(out: Path, files: Mapping[str, str]) -> list[str]:
    """Generated files on disk that the rules no longer produce (a deleted cause)."""
    if not out.is_dir():
        return []
    found = []
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in files and rel not in HAND_WRITTEN and _generated(path):
            found.append(rel)
    return found


def stale(out: Path, files: Mapping[str, str]) -> list[tuple[str, str]]:
    """(path, why) for every file that ``write`` would change."""
    problems: list[tuple[str, str]] = []
    for rel, text in sorted(files.items()):
        path = out / rel
        if not path.exists():
            problems.append((rel, "missing"))
        elif path.read_text(encoding="utf-8") != text:
            problems.append((rel, "out of date"))
    problems += [(rel, "left over: no longer generated") for rel in leftovers(out, files)]
    return problems


def write(out: Path, files: Mapping[str, str]) -> list[tuple[str, str]]:
    """Write what changed, delete generated leftovers; return (path, "wrote" or "removed")."""
    touched: list[tuple[str, str]] = []
    for rel, why in stale(out, files):
        path = out / rel
        if why.startswith("left over"):
            path.unlink()
            touched.append((rel, "removed"))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[rel], encoding="utf-8")
            touched.append((rel, "wrote"))
    return touched
