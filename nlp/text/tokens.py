"""underthesea word tokens and POS tags for one sentence at a time, with offsets into the text."""

from __future__ import annotations

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


def tag_span(text: str, start: int, end: int) -> list[Token]:
    """POS-tag text[start:end] (one sentence or clause, never a whole article) and align the words.

    underthesea may alter spacing inside a word; alignment walks syllable by syllable so every
    token keeps the exact offsets of the text it covers.
    """
    piece = text[start:end]
    tokens: list[Token] = []
    cursor = 0
    for word, tag in _tag(piece):
        syllables = word.split()
        if not syllables:
            continue
        first = piece.find(syllables[0], cursor)
        if first < 0:
            continue
        last_end = first + len(syllables[0])
        for syl in syllables[1:]:
            at = piece.find(syl, last_end)
            if at < 0 or piece[last_end:at].strip():
                break
            last_end = at + len(syl)
        tokens.append(Token(start + first, start + last_end, piece[first:last_end], tag))
        cursor = last_end
    return tokens
