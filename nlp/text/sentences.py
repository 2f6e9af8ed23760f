"""Line-aware sentence splitting that keeps every sentence's offsets into the text."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache

# Longest stretch split at once; a longer line (a 20 MB single-line dump) is cut
# at sentence punctuation, else at spaces, so memory and time stay bounded.
MAX_CHUNK = 4000
_CHUNK_BREAK = re.compile(r"[.!?;…]\s+|\s+")
_END = re.compile(r"[.?!]")
_ENDS = ".?!"


@cache
def _abbreviations() -> frozenset[str]:
    """The words underthesea's sentence splitter never ends a sentence after ("tp", "ts", "a")."""
    st = importlib.import_module("underthesea.pipeline.sent_tokenize")
    st._load_model()
    return frozenset(st.sentence_tokenizer.abbrev_types)


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


def _spans(piece: str) -> list[tuple[int, int]]:
    """The sentences underthesea's `sent_tokenize(piece)` returns, as stripped spans of the piece.

    Its own algorithm (pipeline/sent_tokenize), jumping from one ".?!" to the next instead of
    walking every character: a run of three or more dots ends a sentence only before a capital
    or the end; a single "." does not between digits ("1.500") or after a known abbreviation;
    "?" and "!" always do.
    """
    abbreviations = _abbreviations()
    n = len(piece)
    out: list[tuple[int, int]] = []
    start = 0

    def add(a: int, b: int) -> None:
        part = piece[a:b]
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            out.append((a + lead, a + lead + len(stripped)))

    def skip_space(k: int) -> int:
        while k < n and piece[k] in " \t\n\r":
            k += 1
        return k

    i = 0
    while True:
        m = _END.search(piece, i)
        if m is None:
            break
        i = m.start()
        if piece[i] == ".":
            dot_end = i
            while dot_end < n and piece[dot_end] == ".":
                dot_end += 1
            if dot_end - i >= 3:
                after = dot_end
                while after < n and piece[after] in " \t":
                    after += 1
                if after >= n or piece[after].isupper():
                    add(start, dot_end)
                    start = skip_space(dot_end)
                i = dot_end
                continue
            if i > 0 and piece[i - 1].isdigit() and i + 1 < n and piece[i + 1].isdigit():
                i += 1
                continue
            w = i - 1
            while w >= 0 and (piece[w].isalnum() or piece[w] == "."):
                w -= 1
            word = piece[w + 1 : i]
            if word and word.lower() in abbreviations:
                i += 1
                continue
        end = i + 1
        while end < n and piece[end] in _ENDS:
            end += 1
        add(start, end)
        start = i = skip_space(end)
    add(start, n)
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split into lines first (underthesea glues lines), then sentences within each line, as
    underthesea's `sent_tokenize` would (tests/test_sentences.py compares them)."""
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.split("\n"):
        if line.strip():
            for base, piece in _chunks(line, line_start):
                if piece.strip():
                    sentences.extend(Sentence(base + a, base + b, piece[a:b]) for a, b in _spans(piece))
        line_start += len(line) + 1
    return sentences
