"""The registry of extractors: each kind registers one function from a Doc to its mentions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nlp.doc import Doc
from nlp.records import Mention

ExtractorFn = Callable[[Doc], list[Mention]]


@dataclass(frozen=True)
class Extractor:
    """A registered extractor. Higher priority wins when spans of different kinds overlap."""

    kind: str
    priority: int
    run: ExtractorFn


EXTRACTORS: dict[str, Extractor] = {}


def register(kind: str, priority: int) -> Callable[[ExtractorFn], ExtractorFn]:
    """Decorator: register `fn` as the extractor of `kind`."""

    def wrap(fn: ExtractorFn) -> ExtractorFn:
        EXTRACTORS[kind] = Extractor(kind, priority, fn)
        return fn

    return wrap
