"""`extract`: text in, mentions out. Canonicalise, split, run every extractor, resolve overlaps."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from nlp.doc import Doc
from nlp.records import Mention
from nlp.registry import EXTRACTORS
from nlp.text.sentences import Sentence

_REF_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


class RefDateError(ValueError):
    """A reference date that is not ISO 8601 (YYYY-MM-DD[THH:MM])."""


def parse_ref_date(value: str | datetime | None) -> datetime | None:
    """Read a reference date; a time zone is dropped, keeping the local wall-clock time written."""
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=None) if isinstance(value, datetime) else None
    text = value.strip()
    if not text:
        return None
    if not _REF_DATE.match(text):
        raise RefDateError(f"reference date {value!r} is not YYYY-MM-DD[THH:MM]")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as exc:
        raise RefDateError(f"reference date {value!r}: {exc}") from None


@dataclass(frozen=True)
class Analysis:
    """Mentions with offsets into the text as given, and the sentences they lie in."""

    mentions: list[Mention]
    sentences: list[Sentence]

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, mention: Mention) -> int:
        """Index of the sentence the mention starts in (the nearest one before it)."""
        return max(bisect_left(self._starts, mention.start + 1) - 1, 0)


def _load_extractors() -> None:
    # Importing the kind packages registers their extractors.
    import nlp.dates  # noqa: F401
    import nlp.documents  # noqa: F401
    import nlp.figures  # noqa: F401


def _resolve_overlaps(candidates: Iterable[tuple[int, Mention]]) -> list[Mention]:
    """Keep non-overlapping mentions: higher priority first, then longer spans, then earlier."""
    ranked = sorted(candidates, key=lambda pm: (-pm[0], -(pm[1].end - pm[1].start), pm[1].start))
    starts: list[int] = []
    kept: list[Mention] = []
    for _, m in ranked:
        i = bisect_left(starts, m.start)
        if i > 0 and kept[i - 1].end > m.start:
            continue
        if i < len(kept) and kept[i].start < m.end:
            continue
        starts.insert(i, m.start)
        kept.insert(i, m)
    return kept


def analyze(
    text: str, ref_date: str | datetime | None = None, kinds: Iterable[str] | None = None
) -> Analysis:
    """Run the pipeline on one text; every offset returned indexes `text` exactly as given."""
    _load_extractors()
    doc = Doc.from_text(text, parse_ref_date(ref_date))
    wanted = set(kinds) if kinds is not None else set(EXTRACTORS)
    candidates = [
        (ex.priority, m)
        for ex in EXTRACTORS.values()
        if ex.kind in wanted
        for m in ex.run(doc)
        if m.end > m.start
    ]
    mentions = []
    for m in _resolve_overlaps(candidates):
        start, end = doc.canonical.to_original(m.start, m.end)
        mentions.append(replace(m, start=start, end=end, text=text[start:end]))
    sentences = []
    for s in doc.sentences:
        start, end = doc.canonical.to_original(s.start, s.end)
        sentences.append(Sentence(start, end, text[start:end]))
    return Analysis(mentions, sentences)


def extract(
    text: str, ref_date: str | datetime | None = None, kinds: Iterable[str] | None = None
) -> list[Mention]:
    """Mentions of every registered kind in `text`, in order of start (SPEC §2)."""
    return analyze(text, ref_date, kinds).mentions
