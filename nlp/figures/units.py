"""Read the unit after a number: currency, percent, measure (with a rate "/…"), or a measure word."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.figures.lexer import Tok, match_at
from nlp.figures.lexicon import lexicon

# Single-letter units that must touch the number ("5l", "200g"): spaced, they are words or initials.
_TOUCHING_ONLY = frozenset({"l", "g", "w"})


@dataclass(frozen=True)
class Unit:
    """What follows a number: quantity, canonical unit, rate denominator, and its token range."""

    quantity: str  # money | percent | measure | count
    unit: str | None
    per: str | None
    start: int
    end: int  # token index after the unit (and its "/…" denominator)
    measure_word: bool  # a count measure word ("lượt", "buổi")


def _denominator(toks: list[Tok], j: int) -> tuple[list[str], int]:
    """The words of a "/…" rate denominator at j ("đồng/lượng", "đồng/người/tháng")."""
    words: list[str] = []
    while j + 1 < len(toks) and toks[j].text == "/" and toks[j + 1].start - toks[j].end <= 1:
        k = j + 1
        if toks[k].is_num and k + 1 < len(toks) and toks[k + 1].is_word:
            k += 1  # "đồng/100 km"
        if not toks[k].is_word:
            break
        k += 1
        # Keep "m2", "km2", "m3" whole.
        if k < len(toks) and toks[k].is_num and not toks[k].spaced and toks[k].text in ("2", "3"):
            k += 1
        words.append(" ".join(t.text for t in toks[j + 1 : k]).replace(" 2", "2").replace(" 3", "3"))
        j = k
    return words, j


def read_unit(toks: list[Tok], j: int, sentence_low: str) -> Unit | None:
    """The unit starting at token j (right after the number and its scale words), or None."""
    lex = lexicon()
    if j >= len(toks):
        return None
    hit = match_at(lex.units, toks, j)
    if hit is None and j > 0 and toks[j - 1].low in lex.scales:
        hit = match_at(lex.scaled_units, toks, j)  # "2 tỷ bảng": pounds only after a scale word
    if hit is not None:
        phrase, end = hit
        first = toks[j]
        trapped = end < len(toks) and len(phrase.tokens) == 1 and (first.low, toks[end].low) in lex.traps
        touching_ok = first.low not in _TOUCHING_ONLY or not first.spaced
        if not trapped and touching_ok:
            quantity, unit = phrase.value
            if unit == "bbl" and first.low == "thùng" and "dầu" not in sentence_low:
                quantity, unit = "count", "thùng"  # crates of goods, not barrels of oil
            per_words, k = _denominator(toks, end)
            per = "/".join(per_words) if per_words else None
            if per is not None and quantity == "measure":
                unit = f"{unit}/{_canonical_denominator(per)}"  # "t/ha"; per keeps "ha"
            measure_word = quantity == "count"
            return Unit(quantity, unit, per, j, k, measure_word)
    hit = match_at(lex.measure_words, toks, j)
    if hit is not None and toks[j].text.islower():
        phrase, end = hit
        if end < len(toks) and len(phrase.tokens) == 1 and (toks[j].low, toks[end].low) in lex.traps:
            return None  # "năm bản lề"
        per_words, k = _denominator(toks, end)
        return Unit("count", " ".join(phrase.tokens), "/".join(per_words) or None, j, k, True)
    return None


def _canonical_denominator(per: str) -> str:
    """A measure's denominator in canonical form when it is itself a unit ("tấn/ha", "m3/ngày")."""
    units = lexicon().units
    for phrase in units.by_first.get(per.lower(), ()):
        if len(phrase.tokens) == 1 and phrase.value[0] == "measure":
            return phrase.value[1]
    return per.lower()
