"""Run the examples embedded in rule files through the real engine."""

from __future__ import annotations

from dataclasses import dataclass

from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb.model import Example, KnowledgeBase


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    alive: frozenset[str]
    problems: tuple[str, ...]  # empty when the example holds

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        name = self.example.name or ", ".join(f"{a}={v}" for a, v in self.example.given.items())
        return f"{self.example.location} [{self.example.owner}] {name}"


def check_example(kb: KnowledgeBase, inference: Inference, example: Example) -> ExampleResult:
    alive = frozenset(inference.run(example.given).alive(kb.causes))
    problems: list[str] = []
    if example.candidates is not None and alive != example.candidates:
        missing = sorted(example.candidates - alive)
        extra = sorted(alive - example.candidates)
        if missing:
            problems.append(f"expected to remain but ruled out: {', '.join(missing)}")
        if extra:
            problems.append(f"expected ruled out but remain: {', '.join(extra)}")
    if missing_in := sorted(example.includes - alive):
        problems.append(f"expected to remain but ruled out: {', '.join(missing_in)}")
    if still := sorted(example.excludes & alive):
        problems.append(f"expected ruled out but remain: {', '.join(still)}")
    return ExampleResult(example, alive, tuple(problems))


def run_examples(kb: KnowledgeBase, inference: Inference | None = None) -> list[ExampleResult]:
    inference = inference or Inference(kb)
    return [check_example(kb, inference, example) for example in kb.examples]
