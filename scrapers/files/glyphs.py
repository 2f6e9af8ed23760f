"""Restore glyphs a PDF font maps to no character, from the words the same document spells fully."""

from __future__ import annotations

import re
from collections import Counter

from scrapers.files.blocks import Block

DROPPED = "\ufffc"  # placeholder for a glyph drawn on the page but missing from the text layer

_WORD = re.compile(rf"[\w{DROPPED}]+")


def repair_dropped(blocks: list[Block]) -> tuple[list[Block], int]:
    """Fill each placeholder with the letter that makes the word one the document uses elsewhere.

    "Văn ph\ufffcng" becomes "Văn phòng" when "phòng" occurs in the text; a word with no such
    twin keeps its placeholder (the caller drops it and says so).
    """
    if not any(DROPPED in b.text for b in blocks):
        return blocks, 0
    vocab: Counter[str] = Counter(
        w.lower() for b in blocks for w in _WORD.findall(b.text) if DROPPED not in w and w.isalpha()
    )
    fixed = 0

    def fill(m: re.Match[str]) -> str:
        nonlocal fixed
        token = m.group(0)
        if DROPPED not in token:
            return token
        pattern = re.compile("".join("\\w" if ch == DROPPED else re.escape(ch) for ch in token.lower()))
        candidates = [(n, w) for w, n in vocab.items() if len(w) == len(token) and pattern.fullmatch(w)]
        if not candidates:
            return token
        word = max(candidates)[1]
        fixed += token.count(DROPPED)
        return "".join(
            (c.upper() if o.isupper() else c) if o == DROPPED else o for o, c in zip(token, word, strict=True)
        )

    out = [Block(_WORD.sub(fill, b.text), b.page, b.kind, b.breaks) for b in blocks]
    return out, fixed
