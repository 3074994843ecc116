"""The rules say what the guides say in the project's own words: no run of eight words is copied
from a guide (menu paths such as 'Settings > Network > ...' are names, not prose, and are left out)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDES = Path("/work/shared/guides")
RUN = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_no_rule_file_copies_a_guide_sentence() -> None:
    guides = sorted(GUIDES.glob("0*.txt")) if GUIDES.is_dir() else []
    if not guides:
        pytest.skip("the guides are not on this machine")
    runs: set[tuple[str, ...]] = set()
    for guide in guides:
        words = _words(guide.read_text(encoding="utf-8", errors="replace"))
        runs |= {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}
    copied = []
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        prose = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if " > " not in line)
        words = _words(prose)
        copied += [
            f"{path.relative_to(ROOT)}: {' '.join(words[i : i + RUN])}"
            for i in range(len(words) - RUN + 1)
            if tuple(words[i : i + RUN]) in runs
        ]
    assert not copied, "copied from a guide:\n" + "\n".join(copied)
