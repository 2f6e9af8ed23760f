"""Vietnamese folding for full-text search: NFC, then đ→d, so unaccented queries find accented text."""

from __future__ import annotations

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})
_FTS_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """NFC text with đ folded to d; FTS5's `remove_diacritics 2` strips the remaining marks."""
    return unicodedata.normalize("NFC", text).translate(_D)


def fts_query(query: str) -> str:
    """A user query as an FTS5 phrase-per-word AND query, folded, with no FTS syntax exposed."""
    words = _FTS_WORD.findall(fold(query))
    return " ".join(f'"{w}"' for w in words)
