"""underthesea word tokens and POS tags for one sentence at a time, with offsets into the text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from nlp.text.fast_pos import pos_tag  # underthesea.pos_tag, same tags, faster features


@dataclass(frozen=True)
class Token:
    """A word (possibly several syllables) with its POS tag and span in the text."""

    start: int
    end: int
    text: str
    pos: str


@lru_cache(maxsize=4096)
def _tag(sentence: str) -> tuple[tuple[str, str], ...]:
    # Cached: the same clause is often asked for by several extractors.
    return tuple(pos_tag(sentence))


def align_words(piece: str, words: Iterable[str]) -> list[tuple[int, int] | None]:
    """The exact span in `piece` of each word underthesea returned for it (None: not found).

    underthesea may alter spacing inside a word; alignment walks syllable by syllable, so a span
    covers the text as written, and the words are placed in order.
    """
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for word in words:
        syllables = word.split()
        first = piece.find(syllables[0], cursor) if syllables else -1
        if first < 0:
            spans.append(None)
            continue
        last_end = first + len(syllables[0])
        for syl in syllables[1:]:
            at = piece.find(syl, last_end)
            if at < 0 or piece[last_end:at].strip():
                break
            last_end = at + len(syl)
        spans.append((first, last_end))
        cursor = last_end
    return spans


def tag_span(text: str, start: int, end: int) -> list[Token]:
    """POS-tag text[start:end] (one sentence or clause, never a whole article) with exact offsets."""
    piece = text[start:end]
    tagged = _tag(piece)
    spans = align_words(piece, (word for word, _ in tagged))
    return [
        Token(start + span[0], start + span[1], piece[span[0] : span[1]], tag)
        for span, (_, tag) in zip(spans, tagged, strict=True)
        if span is not None
    ]
