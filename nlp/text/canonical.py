"""Unicode canonicalisation of Vietnamese text with a map from canonical offsets back to the input."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# One-for-one character replacements: same length, so they never move offsets.
_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\u2010": "-",  # hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u00d0": "\u0110",  # Icelandic eth Ð written for Vietnamese Đ
        "\u00f0": "\u0111",
        "\u0189": "\u0110",  # African D
    }
)

# The same replacements as (old, new) pairs: str.replace per pair scans at C speed, far faster
# than str.translate's per-character lookups, and one-for-one pairs give the same text.
_CHAR_PAIRS = tuple((chr(k), v) for k, v in _CHAR_MAP.items())

# Characters that carry nothing and are deleted (offsets then shift, recorded in the map).
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A base letter followed by combining marks: NFD input, composed per cluster.
_DECOMPOSED = re.compile("[^\u0300-\u036f\u1dc0-\u1dff][\u0300-\u036f\u1dc0-\u1dff]+")
_DROP_OR_DECOMPOSED = re.compile(_DROP.pattern + "|" + _DECOMPOSED.pattern)

# Old tone placement (hoà, khoẻ, thuỷ) → the placement most newspapers use (hòa, khỏe, thủy),
# only where the syllable ends after the pair; "qu" keeps its mark on the following vowel (quý).
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
    "o": "òóỏõọ",
    "u": "ùúủũụ",
}


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for i, marked in enumerate(_TONED[second]):
            for f_case, s_case in ((str.lower, str.lower), (str.upper, str.upper), (str.upper, str.lower)):
                old = f_case(first) + s_case(marked)
                new = f_case(_TONED[first][i]) + s_case(second)
                table[old] = new
    return table


_TONE_TABLE = _tone_table()


def _tone_pattern() -> str:
    """The keys of _TONE_TABLE as one class per first letter ("o[àá…]|O[…]"): the same strings
    as their plain alternation, found much faster."""
    seconds: dict[str, set[str]] = {}
    for key in _TONE_TABLE:
        seconds.setdefault(key[0], set()).add(key[1])
    return "|".join(f"{first}[{''.join(sorted(rest))}]" for first, rest in sorted(seconds.items()))


_OLD_TONE = re.compile("(?<![qQ])(" + _tone_pattern() + ")(?![^\\W\\d_])")


@dataclass(frozen=True)
class CanonicalText:
    """Canonical text plus breakpoints that map its offsets back to the original string."""

    text: str
    original: str
    # Sorted canonical positions where the canonical→original delta changes, with the delta there.
    _points: tuple[int, ...] = ()
    _deltas: tuple[int, ...] = ()
    # Canonical positions of characters composed from several original ones, with the extra count.
    _composed: dict[int, int] = field(default_factory=dict)

    def _delta(self, pos: int) -> int:
        i = bisect_right(self._points, pos) - 1
        return self._deltas[i] if i >= 0 else 0

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span [start, end) to the span of the original text it came from."""
        if not self._points:
            return start, end
        orig_start = start + self._delta(start)
        if end <= start:
            return orig_start, orig_start
        last = end - 1
        # The end maps through the last character inside the span, so a composed letter maps back
        # to its base and all its combining marks, and deleted characters after it stay outside.
        return orig_start, last + self._delta(last) + 1 + self._composed.get(last, 0)


def canonicalize(original: str) -> CanonicalText:
    """NFC, modern tone placement, plain spaces, dashes and quotes; offsets kept recoverable."""
    text = original
    for old, new in _CHAR_PAIRS:
        if old in text:
            text = text.replace(old, new)
    points: list[int] = []
    deltas: list[int] = []
    composed_extra: dict[int, int] = {}
    if _DROP.search(text) or not unicodedata.is_normalized("NFC", text):
        pieces: list[str] = []
        out_len = 0
        delta = 0
        last = 0
        for m in _DROP_OR_DECOMPOSED.finditer(text):
            pieces.append(text[last : m.start()])
            out_len += m.start() - last
            piece = "" if _DROP.fullmatch(m.group()) else unicodedata.normalize("NFC", m.group())
            removed = (m.end() - m.start()) - len(piece)
            if removed and piece:
                composed_extra[out_len + len(piece) - 1] = removed
            pieces.append(piece)
            out_len += len(piece)
            if removed:
                delta += removed
                points.append(out_len)
                deltas.append(delta)
            last = m.end()
        pieces.append(text[last:])
        text = "".join(pieces)
    text = _OLD_TONE.sub(lambda m: _TONE_TABLE[m.group(1)], text)
    return CanonicalText(text, original, tuple(points), tuple(deltas), composed_extra)
