"""Loader and checker for the example corpora kept beside each extractor (`nlp/<kind>/examples.jsonl`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.records import Mention

KIND_FOLDERS = {"figure": "figures", "date": "dates", "document": "documents"}


@dataclass(frozen=True)
class Example:
    """One example: a sentence, its reference date, and the mentions of `kind` it must give."""

    kind: str
    text: str
    expect: list[dict[str, Any]]
    ref_date: str | None
    where: str  # file:line, for failure messages

    @property
    def negative(self) -> bool:
        return not self.expect


def load_examples(kind: str) -> list[Example]:
    """Every example line of a kind. Each line: {"text", "ref_date"?, "expect": [partial mentions]}."""
    path = Path(__file__).with_name(KIND_FOLDERS[kind]) / "examples.jsonl"
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            data = json.loads(line)
            out.append(
                Example(kind, data["text"], data.get("expect", []), data.get("ref_date"), f"{path.name}:{n}")
            )
    return out


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool) and isinstance(got, int | float):
        return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-12)
    return bool(expected == got)


def check_example(example: Example, mentions: list[Mention]) -> list[str]:
    """Differences between an example's expectation and the mentions of its kind (empty if none)."""
    got = [m.to_dict() for m in mentions if m.kind == example.kind]
    problems: list[str] = []
    if len(got) != len(example.expect):
        problems.append(
            f"expected {len(example.expect)} {example.kind} mention(s), got {len(got)}: {[g['text'] for g in got]}"
        )
    for exp, g in zip(example.expect, got, strict=False):
        for key, value in exp.items():
            if key == "text":
                if value != g["text"]:
                    problems.append(f"span {g['text']!r} != expected {value!r}")
                continue
            if not _same(value, g.get(key)):
                problems.append(f"{g['text']!r}: {key} = {g.get(key)!r}, expected {value!r}")
    return problems
