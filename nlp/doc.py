"""The analysed document every extractor reads: canonical text, sentences, tokens on demand."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime

from nlp.text.canonical import CanonicalText, canonicalize
from nlp.text.sentences import Sentence, split_sentences
from nlp.text.tokens import Token, tag_span


@dataclass
class Doc:
    """Canonical text (offsets here are canonical; the pipeline maps them back) and its context."""

    canonical: CanonicalText
    sentences: list[Sentence]
    ref_date: datetime | None = None
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_text(cls, text: str, ref_date: datetime | None = None) -> Doc:
        canonical = canonicalize(text)
        sentences = split_sentences(canonical.text)
        return cls(canonical, sentences, ref_date, [s.start for s in sentences])

    @property
    def text(self) -> str:
        return self.canonical.text

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding canonical position `pos` (the nearest one before it)."""
        return max(bisect_right(self._sentence_starts, pos) - 1, 0)

    def sentence_at(self, pos: int) -> Sentence:
        if not self.sentences:
            return Sentence(0, len(self.text), self.text)
        return self.sentences[self.sentence_index(pos)]

    def written(self, start: int, end: int) -> str:
        """The original characters behind canonical span [start, end): for fields "as written"."""
        a, b = self.canonical.to_original(start, end)
        return self.canonical.original[a:b]

    def tokens(self, start: int, end: int) -> list[Token]:
        """underthesea words and POS tags of text[start:end]: a clause, never the whole article."""
        return tag_span(self.text, start, end)
