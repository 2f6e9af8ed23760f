"""Read the number that starts at a token: digits, words, mixed scales, slang, vague multiples."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.figures.lexer import Tok
from nlp.figures.lexicon import lexicon
from nlp.numbers import NUMBER_WORDS, parse_number_words, parse_numeral

# Number words that cannot open a number ("tư nhân", "lẻ loi", "mươi" alone).
# Scale words open a number only after "hàng"/"vài" ("tỷ lệ phần trăm hộ" holds no figure).
_NO_START = frozenset(
    {"linh", "lẻ", "mốt", "lăm", "nhăm", "tư", "mươi", "chục", "rưỡi", "phẩy", "không"}
    | {"trăm", "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ"}
)
_VAGUE_SCALES = {"chục": 10.0, "trăm": 100.0}


@dataclass(frozen=True)
class Num:
    """A number read from tokens [start, end): its value, the scale applied, and how it was written."""

    start: int
    end: int
    value: float
    scale: float  # product of the scale words read (1 when none)
    form: str  # digits | words | vague
    plain_digits: bool  # one digit string without separators or scale ("2022")
    word_count: int  # number words read (0 for digits)
    last_word: str


def _scale_word(toks: list[Tok], j: int) -> float | None:
    """Factor of a scale word at j, unless it opens a trap ("tỷ lệ", "triệu chứng")."""
    if j >= len(toks):
        return None
    lex = lexicon()
    factor = lex.scales.get(toks[j].low)
    if factor is None or toks[j].low == "tr":
        return None
    if j + 1 < len(toks) and (toks[j].low, toks[j + 1].low) in lex.traps:
        return None
    return factor


def _read_scales(toks: list[Tok], j: int, value: float) -> tuple[float, float, int]:
    """Apply the scale words from j ("3 nghìn tỷ", "2 triệu rưỡi", "624 tỷ 322 triệu")."""
    scale = 1.0
    while True:
        factor = _scale_word(toks, j)
        if factor is None:
            break
        value *= factor
        scale *= factor
        j += 1
        if j < len(toks) and toks[j].low == "rưỡi":
            value += factor / 2
            j += 1
    # A lower block after the scale: "624 tỷ 322 triệu", "2 triệu 500 nghìn".
    if scale > 1 and j + 1 < len(toks) and toks[j].is_num and toks[j].spaced:
        low_value = parse_numeral(toks[j].text)
        factor = _scale_word(toks, j + 1)
        if low_value is not None and factor is not None and factor < scale and low_value * factor < scale:
            inner_value, _, k = _read_scales(toks, j + 1, low_value)
            if inner_value < scale:
                return value + inner_value, scale, k
    return value, scale, j


def _digits(toks: list[Tok], i: int, comma_thousands: bool) -> Num | None:
    raw = toks[i].text
    j = i + 1
    # Space-grouped thousands: "12 345 678" (only plain 1-3 digit heads, exactly 3-digit groups).
    if raw.isdigit() and len(raw) <= 3 and not raw.startswith("0"):
        while (
            j < len(toks)
            and toks[j].is_num
            and toks[j].text.isdigit()
            and len(toks[j].text) == 3
            and toks[j].start - toks[j - 1].end == 1
        ):
            raw += toks[j].text
            j += 1
    value = parse_numeral(raw, comma_thousands=comma_thousands)
    if value is None:
        return None
    plain = raw.isdigit() and j == i + 1
    scale = 1.0
    # Slang attached to the digits: "1tr5" = 1 500 000, "50k" = 50 000.
    if j < len(toks) and not toks[j].spaced and toks[j].low in ("tr", "k"):
        factor = 1e6 if toks[j].low == "tr" else 1e3
        value *= factor
        scale = factor
        j += 1
        if j < len(toks) and not toks[j].spaced and toks[j].text.isdigit() and len(toks[j].text) == 1:
            value += int(toks[j].text) * factor / 10
            j += 1
        return Num(i, j, value, scale, "digits", False, 0, "")
    value, scale, j = _read_scales(toks, j, value)
    return Num(i, j, value, scale, "digits", plain and scale == 1, 0, "")


def _words(toks: list[Tok], i: int) -> Num | None:
    if toks[i].low in _NO_START and not (
        toks[i].low == "không" and i + 1 < len(toks) and toks[i + 1].low == "phẩy"
    ):
        return None
    run: list[str] = []
    j = i
    lex = lexicon()
    while j < len(toks) and toks[j].low in NUMBER_WORDS and (j == i or toks[j].spaced):
        if toks[j].low in lex.scales and j + 1 < len(toks) and (toks[j].low, toks[j + 1].low) in lex.traps:
            break
        run.append(toks[j].low)
        j += 1
    for k in range(len(run), 0, -1):
        value = parse_number_words(run[:k])
        if value is not None:
            scale = 1.0
            for w in run[:k]:
                if w in lex.scales:
                    scale *= lex.scales[w]
            return Num(i, i + k, value, scale, "words", False, k, run[k - 1])
    return None


def _vague(toks: list[Tok], i: int) -> Num | None:
    """ "hàng trăm" → 100, "hàng chục tỷ" → 1e10, "vài nghìn" → 1000 (read as approx)."""
    value = 1.0
    j = i + 1
    while j < len(toks):
        factor = _VAGUE_SCALES.get(toks[j].low) or _scale_word(toks, j)
        if factor is None:
            break
        value *= factor
        j += 1
    if j == i + 1:
        return None
    return Num(i, j, value, value, "vague", False, j - i - 1, toks[j - 1].low)


def read_number(toks: list[Tok], i: int, comma_thousands: bool = False) -> Num | None:
    """The number that starts at token i, or None."""
    tok = toks[i]
    if tok.is_num:
        return _digits(toks, i, comma_thousands)
    if tok.low in lexicon().vague:
        return _vague(toks, i)
    if tok.low in NUMBER_WORDS:
        return _words(toks, i)
    return None
