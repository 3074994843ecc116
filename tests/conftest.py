"""Shared fixtures: the bundled knowledge base and small ones written per test (see builders.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import G1, cause, light, one_fix, rule, write
from xtream_doctor.kb import KnowledgeBase, default_rules_dir, load_knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(default_rules_dir())


@pytest.fixture
def tiny_rules(tmp_path: Path) -> Path:
    """A two-cause, one-question knowledge base that loads cleanly."""
    root = tmp_path / "rules"
    light(root)
    for ident, value in (("bulb", "on"), ("fuse", "off")):
        cause(
            root,
            ident,
            rule(f"{ident}-rule", f"{{light: {value}}}", f"rule_out: {ident}", because="The light says so."),
            f"  - given: {{light: {'off' if value == 'on' else 'on'}}}\n    found: {ident}\n",
            fixes=one_fix(f"Replace the {ident}"),
        )
    return root


# --- a small helpdesk knowledge base for the case-record and evaluation tests: four causes,
# three questions, one probe fact.  Small enough to reason about by hand.

CASE_DATA = Path(__file__).parent / "records" / "data"  # a helpdesk CSV export, an old JSONL log

QUESTIONS = {
    "error-message": ("What does the app say?", {"auth-failed": "Failed to authorize",
                                                  "max-connections": "Max connections",
                                                  "timeout": "It times out"}, 20),
    "close-others-test": ("Close the app on other devices; does it work now?",
                          {"works": "It works now", "still-fails": "Still fails"}, 120),
    "vpn-in-use": ("Is a VPN on?", {"yes": "Yes, a VPN is on", "no": "No VPN is on"}, 10),
}  # fmt: skip

# cause -> (prior, [(condition, conclusion)]); conclusion "out" or "confirm"
CAUSES = {
    "wrong-password": (30, [({"account-check": "active"}, "out"),
                            ({"account-check": "wrong-credentials"}, "confirm"),
                            ({"error-message": "timeout"}, "out")]),
    "connection-limit": (12, [({"error-message": "max-connections"}, "confirm"),
                              ({"close-others-test": "still-fails"}, "out"),
                              ({"close-others-test": "works"}, "confirm")]),
    "vpn-blocked": (8, [({"vpn-in-use": "no"}, "out"),
                        ({"account-check": "wrong-credentials"}, "out")]),
    "server-down": (10, [({"account-check": "active"}, "out"),
                         ({"error-message": "auth-failed"}, "out"),
                         ({"account-check": "no-answer", "vpn-in-use": "no"}, "confirm")]),
}  # fmt: skip


def write_helpdesk_rules(root: Path) -> Path:
    write(
        root,
        "facts/account-check.yaml",
        f"""
        id: account-check
        meaning: What the server says about the typed details.
        set_by: probe
        values:
          active: Accepted
          wrong-credentials: Wrong username or password
          no-answer: No answer in time
        sources: [{G1}]
    """,
    )
    for qid, (text, answers, cost) in QUESTIONS.items():
        lines = "\n".join(f"  '{value}': {label}" for value, label in answers.items())
        write(
            root,
            f"questions/{qid}.yaml",
            f"id: {qid}\ntext: {text}\nanswers:\n{lines}\ncost: {cost}\nsources: [{G1}]\n",
        )
    for ident, (prior, rules) in CAUSES.items():
        body = [
            f"id: {ident}",
            f"title: The {ident}",
            f"summary: It is the {ident}.",
            f"prior: {prior}",
            f"sources: [{G1}]",
            "fixes:",
            "  - id: fix-it",
            f"    title: Fix the {ident}",
            "    steps: [Fix it.]",
            f"    sources: [{G1}]",
            "rules:",
        ]
        for n, (when, conclusion) in enumerate(rules):
            cond = ", ".join(f"{a}: '{v}'" for a, v in when.items())
            verb = "rule_out" if conclusion == "out" else "confirm"
            body += [
                f"  - id: {ident}-{n}",
                f"    when: {{{cond}}}",
                f"    {verb}: {ident}",
                "    because: The test says so.",
                f"    sources: [{G1}]",
            ]
        write(root, f"causes/{ident}.yaml", "\n".join(body) + "\n")
    return root


@pytest.fixture
def helpdesk_rules(tmp_path: Path) -> Path:
    return write_helpdesk_rules(tmp_path / "helpdesk-rules")


@pytest.fixture
def helpdesk(helpdesk_rules: Path) -> KnowledgeBase:
    return load_knowledge_base(helpdesk_rules)
