"""Line-aware sentence splitting that keeps every sentence's offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from underthesea import sent_tokenize

# Longest stretch handed to underthesea at once; a longer line (a 20 MB single-line dump) is cut
# at sentence punctuation, else at spaces, so memory and time stay bounded.
MAX_CHUNK = 4000
_CHUNK_BREAK = re.compile(r"[.!?;…]\s+|\s+")


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span of the text it was split from."""

    start: int
    end: int
    text: str


def _chunks(line: str, offset: int) -> list[tuple[int, str]]:
    """Cut an over-long line into pieces of at most MAX_CHUNK characters at natural breaks."""
    out: list[tuple[int, str]] = []
    pos = 0
    while len(line) - pos > MAX_CHUNK:
        window = line[pos : pos + MAX_CHUNK]
        cut = 0
        for m in _CHUNK_BREAK.finditer(window, MAX_CHUNK // 2):
            cut = m.end()
        if cut == 0:
            cut = MAX_CHUNK
        out.append((offset + pos, line[pos : pos + cut]))
        pos += cut
    out.append((offset + pos, line[pos:]))
    return out


def _align(piece: str, base: int, parts: list[str]) -> list[Sentence]:
    """Locate underthesea's sentences in the piece; fall back to the whole piece if one is lost."""
    out: list[Sentence] = []
    cursor = 0
    for part in parts:
        part = part.strip()
        if not part:
            continue
        at = piece.find(part, cursor)
        if at < 0:
            # underthesea rewrote the text: keep what remains as one sentence rather than guess.
            rest = piece[cursor:].strip()
            if rest:
                lead = len(piece[cursor:]) - len(piece[cursor:].lstrip())
                out.append(Sentence(base + cursor + lead, base + cursor + lead + len(rest), rest))
            return out
        out.append(Sentence(base + at, base + at + len(part), part))
        cursor = at + len(part)
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split into lines first (underthesea glues lines), then sentences within each line."""
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.split("\n"):
        if line.strip():
            for base, piece in _chunks(line, line_start):
                if piece.strip():
                    sentences.extend(_align(piece, base, sent_tokenize(piece)))
        line_start += len(line) + 1
    return sentences
