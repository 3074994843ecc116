"""Small knowledge bases written file by file, for tests that need rules of their own.

``house`` writes a lint-clean one (three causes of a dark room, three questions);
tests break it one way each.  ``cause``, ``question``, ``fact`` and ``rule`` write
or describe one piece; ``lit`` adds the derived fact several tests chain through.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

G1 = "001_87ca5caec89acc6d.txt"


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def one_fix(title: str = "Replace it") -> str:
    """A 'fixes:' block with one fix of one step."""
    return f"""
fixes:
  - id: replace
    title: {title}
    steps: [Replace it.]
    sources: [{G1}]
"""


def cause(root: Path, ident: str, rules: str = "", examples: str = "", fixes: str = one_fix()) -> Path:
    text = f"id: {ident}\ntitle: The {ident}\nsummary: The {ident} is broken.\nprior: 10\nsources: [{G1}]\n"
    text += fixes.strip() + "\n"
    if rules.strip():
        text += "rules:\n" + rules.strip("\n") + "\n"
    if examples.strip():
        text += "examples:\n" + examples.strip("\n") + "\n"
    return write(root, f"causes/{ident}.yaml", text)


def question(root: Path, ident: str, answers: dict[str, str], extra: str = "", text: str = "") -> Path:
    """A question costing 10 s; ``extra`` is more of its YAML (asked_when, synonyms ...)."""
    listed = "".join(f"  {value}: {label}\n" for value, label in answers.items())
    body = f"id: {ident}\ntext: {text or ident + '?'}\nanswers:\n{listed}cost: 10\nsources: [{G1}]\n"
    if extra.strip():
        body += extra.strip() + "\n"
    return write(root, f"questions/{ident}.yaml", body)


LIGHT = {"on": "The light is on", "off": "The light is off"}


def light(root: Path, extra: str = "") -> Path:
    """The question 'light': Is the light on? (on / off)."""
    return question(root, "light", LIGHT, extra, text="Is the light on?")


def fact(root: Path, ident: str, set_by: str, values: dict[str, str], rules: str = "") -> Path:
    listed = "".join(f"  {value}: {label}\n" for value, label in values.items())
    text = f"id: {ident}\nmeaning: {ident}.\nset_by: {set_by}\nvalues:\n{listed}"
    if rules.strip():
        text += "rules:\n" + rules.strip("\n") + "\n"
    return write(root, f"facts/{ident}.yaml", text)


def rule(ident: str, when: str, conclusion: str, because: str = "Because.") -> str:
    """One entry of a 'rules:' list; ``when`` and ``conclusion`` are YAML as written."""
    return f"""
  - id: {ident}
    when: {when}
    {conclusion}
    because: {because}
    sources: [{G1}]
"""


def lit(root: Path, rules: str = rule("lit-when-on", "{light: 'on'}", "derive: {lit: 'yes'}")) -> Path:
    """The derived fact 'lit' (yes / no), concluded by ``rules`` (by default: lit when the light is on)."""
    return fact(root, "lit", "derived", {"yes": "Lit", "no": "Dark"}, rules)


def add_rule(root: Path, ident: str, text: str) -> None:
    """Add a rule to a cause of the house, first in its 'rules:'."""
    path = root / f"causes/{ident}.yaml"
    path.write_text(path.read_text().replace("rules:\n", "rules:\n" + text.strip("\n") + "\n", 1))


def house(root: Path) -> Path:
    """Three causes of a dark room; every cause can be found, every question matters.

    The light and the smell are plain to anyone in the room (``reliability: high``): with a
    caller's usual 0.9, two answers that each rule out one rival leave a cause at 83 %,
    short of the 90 % at which it is found."""
    question(root, "light", LIGHT, "reliability: high")
    question(root, "smell", {"burnt": "It smells burnt", "none": "No smell"}, "reliability: high")
    question(root, "device", {"firestick": "Fire TV Stick", "phone": "Phone"})
    cause(
        root,
        "bulb",
        rule("light-on", "{light: 'on'}", "rule_out: [bulb, fuse]"),
        "  - given: {light: 'off', smell: none}\n    leading: bulb\n",
        fixes=f"""
fixes:
  - id: replace
    title: Replace the bulb
    steps:
      - text: Screw in a new bulb.
        devices: {{firestick: Use the remote to turn the lamp off first.}}
    sources: [{G1}]
""",
    )
    cause(
        root,
        "fuse",
        rule("burnt-smell", "{smell: burnt}", "confirm: fuse")
        + rule("no-smell", "{smell: none}", "rule_out: fuse"),
        "  - given: {smell: burnt}\n    leading: fuse\n",
    )
    cause(
        root,
        "switch",
        rule("light-off", "{light: 'off'}", "rule_out: switch"),
        "  - given: {light: 'on'}\n    leading: switch\n",
    )
    return root
