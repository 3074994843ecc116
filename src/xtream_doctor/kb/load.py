"""Load rules/ into a KnowledgeBase, collecting every problem at once.

Long on purpose: one builder turns every kind of file (causes, questions, facts,
settings, coverage) into the model and checks the references between them, so
that every problem of a broken tree is reported in one pass, with its file and
line.  The shapes themselves are checked by ``kb/schema.py``; reading files by
``kb/yaml_tree.py``."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Any

from xtream_doctor.kb.guides import GUIDES
from xtream_doctor.kb.misnamed import Misnamings
from xtream_doctor.kb.model import (
    DEFAULT_RELIABILITY,
    RELIABILITY_LEVELS,
    Answer,
    Attribute,
    Cause,
    Condition,
    CoverageItem,
    Example,
    Fix,
    FixStep,
    KnowledgeBase,
    Location,
    Prevention,
    Question,
    Rule,
    Settings,
)
from xtream_doctor.kb.problems import KnowledgeBaseError, Problem, did_you_mean
from xtream_doctor.kb.schema import FILE_KINDS
from xtream_doctor.kb.yaml_tree import decode_rule_text, parse_yaml, read_rule_bytes

KINDS = ("causes", "questions", "facts")
SETTINGS = "settings.yaml"
COVERAGE = "coverage.yaml"  # the guides' inventory and what encodes each item (optional)


def default_rules_dir() -> Path:
    """The bundled knowledge base: installed inside the package (a wheel, see setup.py),
    else rules/ of the source tree this package runs from (an editable install, tests).
    Never the current folder: the rules must not change with where staff stand."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "rules"
    return installed if installed.is_dir() else package.parents[1] / "rules"


def rule_files(root: Path) -> list[tuple[str, Path]]:
    files = [(kind, p) for kind in KINDS for p in sorted((root / kind).glob("*.y*ml"))]
    if (root / SETTINGS).is_file():
        files.append(("settings", root / SETTINGS))
    if (root / COVERAGE).is_file():
        files.append(("coverage", root / COVERAGE))
    return files


def kb_version(root: Path) -> str:
    """A short hash of every rule file's name and bytes: which KB decided."""
    digest = hashlib.sha256()
    for _, path in rule_files(root):
        data = read_rule_bytes(path, str(path))
        if isinstance(data, bytes):
            _add_to_version(digest, root, path, data)
    return digest.hexdigest()[:12]


def _add_to_version(digest: Any, root: Path, path: Path, data: bytes) -> None:
    digest.update(path.relative_to(root).as_posix().encode())
    digest.update(data)


def _read_text(path: Path, shown: str) -> tuple[bytes, str] | Problem:
    """A rule file's bytes and its text, or the one problem that stops reading it."""
    data = read_rule_bytes(path, shown)
    if isinstance(data, Problem):
        return data
    text = decode_rule_text(data, shown)
    return text if isinstance(text, Problem) else (data, text)


def _display(path: Path) -> str:
    """The path as staff would type it: relative to the current folder when inside it.
    Only the folder is resolved: resolving a symbolic link that loops raises."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def load_knowledge_base(root: Path | None = None) -> KnowledgeBase:
    """Read, check and build; raise KnowledgeBaseError listing every problem."""
    root = root or default_rules_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeBaseError([Problem(Location(str(root)), "no rules folder here")])
    documents: list[tuple[str, str, dict[str, Any]]] = []
    settings: dict[str, Any] | None = None
    coverage: dict[str, Any] | None = None
    broken: set[str] = set()  # files that did not load: no cascade of errors about them
    misnamed = Misnamings()  # files whose id is not their name: which is the typo, once all is read
    version = hashlib.sha256()
    for kind, path in rule_files(root):
        shown = _display(path)
        read = _read_text(path, shown)  # each file is read once, for the version and the tree
        if isinstance(read, Problem):
            problems.append(read)
            broken.add(path.stem)
            continue
        data, text = read
        _add_to_version(version, root, path, data)
        tree, found = parse_yaml(text, shown)
        problems += found
        if tree is None:
            broken.add(path.stem)
            continue
        if kind == "settings":
            settings = FILE_KINDS[kind].check(tree, problems, "the settings file")
            continue
        if kind == "coverage":
            coverage = FILE_KINDS[kind].check(tree, problems, "the coverage file")
            continue
        checked = FILE_KINDS[kind].check(tree, problems, f"this {kind[:-1]} file")
        if checked is None:
            broken.add(path.stem)
            continue
        if "id" in checked and checked["id"] != path.stem:
            misnamed.add(checked["id"], path.stem, checked["__at__"]["id"])
        documents.append((kind, shown, checked))
    if not documents and not problems:
        problems.append(Problem(Location(str(root)), "no rule files found under causes/, questions/, facts/"))
    builder = _Builder(problems, broken, misnamed)
    for kind, shown, doc in documents:
        builder.add(kind, shown, doc)
    kb = builder.finish(version.hexdigest()[:12], str(root), _settings(settings), coverage)
    if any(p.severity == "error" for p in problems):
        raise KnowledgeBaseError(sorted(problems, key=lambda p: (p.location.path, p.location.line)))
    return kb


def _settings(raw: dict[str, Any] | None) -> Settings:
    if not raw:
        return Settings()
    defaults = Settings()
    return Settings(
        confidence=raw.get("confidence", defaults.confidence),
        unlikely=raw.get("unlikely", defaults.unlikely),
        conflict=raw.get("conflict", defaults.conflict),
        minimum_gain=raw.get("minimum_gain", defaults.minimum_gain),
        catch_all=raw.get("catch_all", defaults.catch_all),
        solve_value=raw.get("solve_value", defaults.solve_value),
        reliability={**DEFAULT_RELIABILITY, **_plain(raw.get("reliability", {}))},
        location=raw["__loc__"],
    )


class _Builder:
    """Turns checked documents into the model, then checks cross-references."""

    def __init__(self, problems: list[Problem], broken: set[str], misnamed: Misnamings) -> None:
        self.problems = problems
        self.broken = broken
        self.misnamed = misnamed
        self.causes: dict[str, Cause] = {}
        self.questions: dict[str, Question] = {}
        self.attributes: dict[str, Attribute] = {}
        self.rules: list[Rule] = []
        self.examples: list[Example] = []
        self.rule_ids: dict[str, Location] = {}
        self._located: dict[str, dict[str, Any]] = {}  # rule id -> its checked mapping
        self._example_raw: list[dict[str, Any]] = []

    def error(self, at: Location, message: str, code: str = "invalid") -> None:
        self.problems.append(Problem(at, message, code=code))

    def add(self, kind: str, shown: str, doc: dict[str, Any]) -> None:
        if "id" not in doc:
            return
        ident: str = doc["id"]
        at: Location = doc["__at__"]["id"]
        taken = self.causes.get(ident) or self.attributes.get(ident)
        if taken is not None:
            self.error(at, f"duplicate id '{ident}', already used at {taken.location}", "duplicate-id")
            return
        if kind == "causes":
            self._add_cause(doc, at)
        elif kind == "questions":
            self._add_question(doc, at)
        else:
            self._add_fact(doc, at)
        for rule in doc.get("rules", []):
            self._add_rule(rule, ident)
        for example in doc.get("examples", []):
            self._add_example(example, ident)

    def _add_cause(self, doc: dict[str, Any], at: Location) -> None:
        if not {"title", "summary", "prior", "fixes"} <= doc.keys():
            return
        fixes = []
        seen: set[str] = set()
        for fix in doc["fixes"]:
            if fix.get("id") in seen:
                self.error(fix["__at__"]["id"], f"duplicate fix id '{fix['id']}' in this cause")
            seen.add(fix.get("id", ""))
            fixes.append(
                Fix(
                    fix.get("id", ""),
                    fix.get("title", ""),
                    _steps(fix),
                    tuple(fix.get("sources", ())),
                    success=fix.get("success", 0.7),
                    cost=fix.get("cost", 120.0),
                    basis=fix.get("basis", "").strip(),
                    location=fix["__at__"].get("id", fix["__loc__"]),
                )
            )
        self.causes[doc["id"]] = Cause(
            id=doc["id"],
            title=doc["title"].strip(),
            summary=doc["summary"].strip(),
            prior=doc["prior"],
            sources=tuple(doc.get("sources", ())),
            fixes=tuple(fixes),
            status=doc.get("status", "stable"),
            location=at,
            basis=doc.get("basis", "").strip(),
            prevention=_prevention(doc.get("prevention")),
            catch_all=doc.get("catch_all", False),
        )

    def _add_question(self, doc: dict[str, Any], at: Location) -> None:
        if not {"text", "answers", "cost"} <= doc.keys():
            return
        synonyms = self._synonyms(doc)
        answers = tuple(
            Answer(v, label.strip(), synonyms.get(v, ())) for v, label in _plain(doc["answers"]).items()
        )
        question = Question(
            id=doc["id"],
            text=doc["text"].strip(),
            answers=answers,
            cost=doc["cost"],
            sources=tuple(doc.get("sources", ())),
            status=doc.get("status", "stable"),
            help=doc.get("help", "").strip(),
            devices={k: v.strip() for k, v in _plain(doc.get("devices", {})).items()},
            asked_when=self._conditions(doc.get("asked_when")),
            location=at,
            reliability=RELIABILITY_LEVELS[doc.get("reliability", "normal")],
            rates=_plain(doc.get("answer_rates", {})),
            dont_know=doc.get("dont_know", 0.1),
            ask_again_after_fix=doc.get("ask_again_after_fix", False),
            basis=doc.get("basis", "").strip(),
            solves={v: tuple(causes) for v, causes in _plain(doc.get("solves", {})).items()},
        )
        for value in sorted(set(question.solves) - question.domain()):
            self.error(
                doc["solves"]["__at__"][value],
                f"solves names '{value}', which is not an answer of this question."
                + did_you_mean(value, question.domain()),
                "unknown-reference",
            )
        for value in sorted(set(question.rates) - question.domain()):
            self.error(
                doc["answer_rates"]["__at__"][value],
                f"answer_rates names '{value}', which is not an answer of this question."
                + did_you_mean(value, question.domain()),
                "unknown-reference",
            )
        self.questions[question.id] = question
        self.attributes[question.id] = Attribute(question.id, answers, question.text, ("answer",), at)

    def _synonyms(self, doc: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        """A question's synonyms, checked: each names one of its answers, and no
        spelling stands for two answers."""
        raw = doc.get("synonyms")
        if not raw:
            return {}
        answers = _plain(doc["answers"])
        out: dict[str, tuple[str, ...]] = {}
        for value, spellings in _plain(raw).items():
            at = raw["__at__"][value]
            if value not in answers:
                self.error(
                    at,
                    f"'synonyms' names '{value}', which is not an answer of this question; expected one "
                    f"of: {', '.join(answers)}." + did_you_mean(value, answers),
                    "unknown-reference",
                )
                continue
            out[value] = tuple(s.strip() for s in spellings)
        taken: dict[str, str] = {}
        for value, label in answers.items():
            for key in answer_spellings(Answer(value, label)):
                taken.setdefault(key, value)
        for value, spellings in out.items():
            for text in spellings:
                key = spelling(text)
                if taken.setdefault(key, value) != value:
                    self.error(
                        raw["__at__"][value],
                        f"the synonym '{text}' of '{value}' is also how '{taken[key]}' is written; "
                        "a spelling can stand for one answer only",
                    )
        return out

    def _add_fact(self, doc: dict[str, Any], at: Location) -> None:
        if not {"meaning", "set_by", "values"} <= doc.keys():
            return
        values = tuple(Answer(v, label.strip()) for v, label in _plain(doc["values"]).items())
        level = doc.get("reliability")
        self.attributes[doc["id"]] = Attribute(
            doc["id"], values, doc["meaning"].strip(), tuple(doc["set_by"]), at,
            RELIABILITY_LEVELS[level] if level else None, doc.get("ask_again_after_fix", False),
            tuple(doc.get("sources", ())), doc.get("basis", "").strip(),
        )  # fmt: skip

    def _conditions(self, when: dict[str, Any] | None) -> tuple[Condition, ...]:
        if not when:
            return ()
        return tuple(Condition(attr, frozenset(values)) for attr, values in _plain(when).items())

    def _add_rule(self, raw: dict[str, Any], owner: str) -> None:
        if not {"id", "when", "because"} <= raw.keys():
            return
        at = raw["__at__"]["id"]
        if raw["id"] in self.rule_ids:
            self.error(
                at,
                f"duplicate rule id '{raw['id']}', already used at {self.rule_ids[raw['id']]}",
                "duplicate-id",
            )
            return
        self.rule_ids[raw["id"]] = at
        self.rules.append(
            Rule(
                id=raw["id"],
                when=self._conditions(raw["when"]),
                because=raw["because"].strip(),
                sources=tuple(raw.get("sources", ())),
                rule_out=tuple(raw.get("rule_out", ())),
                confirm=raw.get("confirm"),
                derive=tuple(_plain(raw.get("derive", {})).items()),
                owner=owner,
                location=at,
                raises=tuple(_plain(raw.get("raise", {})).items()),
                lowers=tuple(_plain(raw.get("lower", {})).items()),
                basis=raw.get("basis", "").strip(),
            )
        )
        self._located[raw["id"]] = raw

    def _add_example(self, raw: dict[str, Any], owner: str) -> None:
        if "given" not in raw:
            return
        self.examples.append(
            Example(
                given=_plain(raw["given"]),
                found=raw.get("found"),
                leading=frozenset(raw.get("leading", ())),
                possible=frozenset(raw.get("possible", ())),
                unlikely=frozenset(raw.get("unlikely", ())),
                lowered=frozenset(raw.get("lowered", ())),
                conflict={"yes": True, "no": False}.get(raw.get("conflict", "")),
                name=raw.get("name", "").strip(),
                todo=raw.get("todo", "").strip(),
                owner=owner,
                location=raw["__loc__"],
            )
        )
        self._example_raw.append(raw)

    # --- cross-references ------------------------------------------------

    def _check_cause(self, name: str, at: Location, what: str) -> None:
        if self.misnamed.explains(name, self.causes, at):
            return
        if name not in self.causes and name not in self.broken:
            self.error(
                at,
                f"{what} names the cause '{name}', which does not exist." + did_you_mean(name, self.causes),
                "unknown-reference",
            )

    def _check_fact(self, attr: str, values: frozenset[str] | set[str], at: Location, what: str) -> None:
        if self.misnamed.explains(attr, self.attributes, at):
            return
        attribute = self.attributes.get(attr)
        if attribute is None and attr in self.broken:
            return
        if attribute is None:
            self.error(
                at,
                f"{what} uses the attribute '{attr}', which no question or fact defines."
                + did_you_mean(attr, self.attributes),
                "unknown-reference",
            )
            return
        for value in sorted(values - attribute.domain()):
            self.error(
                at,
                f"{what}: '{value}' is not an answer of '{attr}'; expected one of: "
                f"{', '.join(sorted(attribute.domain()))}." + did_you_mean(value, attribute.domain()),
                "unknown-reference",
            )

    def _check_sources(self, sources: tuple[str, ...], at: Location) -> None:
        for source in sources:
            if source not in GUIDES:
                self.error(
                    at,
                    f"'{source}' is not one of the guides." + did_you_mean(source, GUIDES),
                    "unknown-reference",
                )

    def finish(
        self,
        version: str,
        root: str,
        settings: Settings | None = None,
        coverage: dict[str, Any] | None = None,
    ) -> KnowledgeBase:
        for cause in self.causes.values():
            self._check_sources(cause.sources, cause.location)
            for fix in cause.fixes:
                self._check_sources(fix.sources, fix.location)
            if cause.prevention:
                self._check_sources(cause.prevention.sources, cause.location)
        for question in self.questions.values():
            self._check_sources(question.sources, question.location)
            for causes in question.solves.values():
                for name in causes:
                    self._check_cause(name, question.location, f"question '{question.id}' solves")
            for cond in question.asked_when:
                self._check_fact(cond.attribute, cond.values, question.location, "'asked_when'")
        for rule in self.rules:
            raw = self._located[rule.id]
            self._check_sources(rule.sources, raw["__at__"].get("sources", rule.location))
            for cond in rule.when:
                where = raw["when"]["__at__"].get(cond.attribute, rule.location)
                self._check_fact(cond.attribute, cond.values, where, f"rule '{rule.id}'")
            for name in rule.rule_out:
                self._check_cause(name, raw["__at__"]["rule_out"], f"rule '{rule.id}'")
            if rule.confirm:
                self._check_cause(rule.confirm, raw["__at__"]["confirm"], f"rule '{rule.id}'")
            for key, graded in (("raise", rule.raises), ("lower", rule.lowers)):
                for name, _ in graded:
                    where = raw[key]["__at__"].get(name, rule.location)
                    self._check_cause(name, where, f"rule '{rule.id}'")
            for attr, value in rule.derive:
                where = raw["derive"]["__at__"].get(attr, rule.location)
                self._check_fact(attr, {value}, where, f"rule '{rule.id}' derives")
                attribute = self.attributes.get(attr)
                if attribute is not None and "derived" not in attribute.set_by:
                    self.error(
                        where,
                        f"rule '{rule.id}' derives '{attr}', whose file does not list 'derived' in set_by",
                    )
        self._check_catch_all()
        for example, raw in zip(self.examples, self._example_raw, strict=True):
            for attr, value in example.given.items():
                self._check_fact(attr, {value}, raw["given"]["__at__"].get(attr, example.location), "example")
            for name in sorted(example.causes_named()):
                self._check_cause(name, example.location, "example")
        items = self._coverage(coverage)
        self.problems += self.misnamed.problems()  # once every reference has been counted
        return KnowledgeBase(
            causes=dict(self.causes),
            questions=dict(self.questions),
            attributes=dict(self.attributes),
            rules=tuple(self.rules),
            examples=tuple(self.examples),
            version=version,
            root=root,
            settings=settings or Settings(),
            coverage=items,
        )

    def _check_catch_all(self) -> None:
        """One catch-all cause at most, and no rule names it: its likelihood is the background."""
        catch_all = [c for c in self.causes.values() if c.catch_all]
        for extra in catch_all[1:]:
            self.error(
                extra.location,
                f"'{extra.id}' is a second catch-all cause ('{catch_all[0].id}' is one): "
                "one cause stands for every cause the knowledge base does not know",
            )
        names = {c.id for c in catch_all}
        for rule in self.rules:
            named = sorted(rule.speaks_of() & names)
            if named:
                self.error(
                    rule.location,
                    f"rule '{rule.id}' names the catch-all cause '{named[0]}': no rule may, since it "
                    "stands for the causes the knowledge base does not know (its likelihood is the "
                    "background). Name the known causes the facts speak for or against instead.",
                )

    def _coverage(self, raw: dict[str, Any] | None) -> tuple[CoverageItem, ...]:
        """The guides' inventory; every id it names must be a cause, fix, rule or question."""
        if not raw:
            return ()
        known = {*self.causes, *self.questions, *self.attributes, *self.rule_ids}
        known |= {fix.id for cause in self.causes.values() for fix in cause.fixes}
        items = []
        for entry in raw.get("items", []):
            if not {"item", "kind", "guides"} <= entry.keys():
                continue
            at: Location = entry["__loc__"]
            self._check_sources(tuple(entry["guides"]), entry["__at__"]["guides"])
            for ident in entry.get("encoded_by", ()):
                if self.misnamed.explains(ident, known, entry["__at__"]["encoded_by"]):
                    continue
                if ident not in known and ident not in self.broken:
                    self.error(
                        entry["__at__"]["encoded_by"],
                        f"'encoded_by' names '{ident}', which is no cause, fix, rule or question."
                        + did_you_mean(ident, known),
                        "unknown-reference",
                    )
            items.append(
                CoverageItem(
                    item=" ".join(entry["item"].split()),
                    kind=entry["kind"],
                    guides=tuple(entry["guides"]),
                    encoded_by=tuple(entry.get("encoded_by", ())),
                    not_encoded=" ".join(entry.get("not_encoded", "").split()),
                    location=at,
                )
            )
        return tuple(items)


def spelling(text: str) -> str:
    """What is left of a spelling once case, accents, spaces and punctuation are
    ignored: 'Max. connections', 'max-connections' and 'MAX CONNECTIONS' agree."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def answer_spellings(answer: Answer) -> set[str]:
    """Every way an imported case may name this answer: its id, its label, each
    alternative a label lists ('Login failed / Connection failed'), and the
    synonyms its question file declares; as :func:`spelling` leaves them."""
    texts = {answer.value, answer.label, *answer.label.split("/"), *answer.synonyms}
    return {spelling(t) for t in texts} - {""}


def _steps(doc: dict[str, Any]) -> tuple[FixStep, ...]:
    return tuple(
        FixStep(s) if isinstance(s, str) else FixStep(s["text"], _plain(s.get("devices", {})))
        for s in doc.get("steps", [])
        if isinstance(s, str) or "text" in s  # a step without text is already reported
    )


def _prevention(doc: dict[str, Any] | None) -> Prevention | None:
    if not doc or "steps" not in doc:
        return None
    return Prevention(_steps(doc), tuple(doc.get("sources", ())), doc.get("basis", "").strip())


def _plain(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if not k.startswith("__")}
