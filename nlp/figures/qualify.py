"""Qualifier (gt, ge, lt, le, approx), change (increase/decrease) and comparison base of a figure."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from nlp.figures.lexer import Tok, match_at, match_before
from nlp.figures.lexicon import lexicon
from nlp.langdata import data_path, load_words

# Signs and words that end a comparison base ("so với cùng kỳ năm trước, …").
_BASE_STOP_SIGNS = frozenset({",", ";", ".", ":", "(", ")", "!", "?", '"', "…"})
_BASE_STOP_WORDS = frozenset(
    {"và", "nhưng", "trong", "còn", "là", "đạt", "tăng", "giảm", "thì", "nên", "do", "vì", "khi", "khiến"}
    | {"cho", "với", "để", "mà", "song", "tuy", "riêng", "trong đó", "chiếm", "hay", "hoặc"}
)
_MAX_BASE = 8
_VERBISH = frozenset({"đã", "đang", "sẽ", "là", "đạt", "lên", "xuống", "đến", "tới", "còn", "có", "được"})
# After these a start value is a level: "tăng từ 59,7 USD lên 64 USD".
_LEVEL_AFTER = frozenset({"lên", "xuống", "thành", "còn"})


@dataclass(frozen=True)
class Qualified:
    """Qualifier and change words found around a number, with the span they add."""

    qualifier: str
    start: int  # first token of the figure span (a qualifier word, or the number)
    end: int  # token index after the span (a trailing "trở lên", "nữa")
    change: str | None
    change_start: int  # first token of the change phrase (for the subject search), else start
    compared_start: int | None = None  # a base written between the verb and the number
    compared_end: int | None = None


def _number_before(toks: list[Tok], i: int, reach: int) -> bool:
    """A counted number right before "trên" ("5,6 ca trên 100.000 dân"): only nouns between,
    no verb ("vào ngày 5/4 đã lên đến trên 67 USD" keeps "trên" a qualifier)."""
    lex = lexicon()
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        if toks[k].is_num:
            return k < i - 1
        if not toks[k].is_word or toks[k].low in _VERBISH or match_at(lex.changes, toks, k):
            return False
    return False


def _base_follows(toks: list[Tok], j: int) -> bool:
    lex = lexicon()
    k = j + 1 if j < len(toks) and toks[j].text == "," else j
    return match_at(lex.bases, toks, k) is not None or match_at(lex.comparison, toks, k) is not None


def qualify(toks: list[Tok], start: int, end: int, has_from: bool, vague: bool) -> Qualified:
    """Read the words around the number tokens [start, end) (end: after its unit)."""
    lex = lexicon()
    qualifier = "approx" if vague else "eq"
    span_start, span_end = start, end
    # After the number: "từ 5 ha trở lên", "hơn 100 người nữa".
    after = match_at(lex.qualifiers, toks, end)
    after_q = after[0].value[0] if after and after[0].value[1] == "after" else None
    if after_q and after:
        span_end = after[1]
    elif has_from:
        # "từ 21 tiết học trở lên": the bound follows the counted noun (outside the span).
        for k in range(end + 1, min(len(toks), end + 4)):
            if not toks[k - 1].is_word:
                break
            hit = match_at(lex.qualifiers, toks, k)
            if hit and hit[0].value[1] == "after":
                after_q = hit[0].value[0]
                break
    before = match_before(lex.qualifiers, toks, start)
    change_hit = match_before(lex.changes, toks, start)
    if before is not None and before[0].value[1] == "before":
        phrase, q_start = before
        word = " ".join(phrase.tokens)
        # "cao hơn 2%": the comparative is a change, not a qualifier (longer phrase wins).
        if change_hit is not None and change_hit[1] < q_start:
            before = None
        elif word == "trên" and _number_before(toks, q_start, 4):
            before = None  # "trên" meaning per
        elif word == "vượt" and _base_follows(toks, end):
            before = None  # "vượt 5% kế hoạch": a change against the plan
        else:
            qualifier = phrase.value[0]
            # "ước đạt 500 tỷ": an estimate; the span keeps the number (tests/gold/README.md).
            span_start = q_start if phrase.tokens[0] != "ước" else start
            if word == "hơn" and end < len(toks) and toks[end].low == "nữa":
                span_end = max(span_end, end + 1)
    if after_q and (before is None or has_from or after_q == "ge"):
        qualifier = after_q
        if has_from and start > 0 and toks[start - 1].low == "từ":
            span_start = min(span_start, start - 1)
    elif before is None and start > 0 and toks[start - 1].low in ("đến", "tới"):
        trigger = any(match_at(lex.upto_triggers, toks, k) for k in range(max(0, start - 5), start - 1))
        if trigger:
            qualifier, span_start = "le", start - 1
    change, change_start, c_start, c_end = _change(toks, span_start)
    level_follows = any(toks[k].low in _LEVEL_AFTER for k in range(end, min(len(toks), end + 4)))
    if change and start > 0 and toks[start - 1].low == "từ" and level_follows:
        change = None  # "tăng từ 59,7 USD lên 64 USD": a starting level
    if change is None:
        comp = _comparative(toks, span_start)
        if comp is not None:
            change, c_start, c_end = comp
    return Qualified(qualifier, span_start, span_end, change, change_start, c_start, c_end)


def _comparative(toks: list[Tok], at: int) -> tuple[str, int | None, int | None] | None:
    """ "cao hơn thế giới gần 20 triệu đồng": a comparative, its base, then the difference."""
    lex = lexicon()
    for k in range(at - 1, max(-1, at - 7), -1):
        tok = toks[k]
        if not tok.is_word:
            return None
        if tok.low == "hơn" and k > 0:
            hit = match_before(lex.changes, toks, k + 1)
            if hit is None or hit[0].value[0] == "level":
                return None
            base_start, base_end = k + 1, at
            q_hit = match_before(lex.qualifiers, toks, base_end)
            while base_end > base_start and q_hit is not None:
                base_end = q_hit[1]
                q_hit = match_before(lex.qualifiers, toks, base_end)
            if base_end <= base_start:
                return None
            return hit[0].value[0], base_start, base_end
    return None


def _change(toks: list[Tok], at: int) -> tuple[str | None, int, int | None, int | None]:
    """The change phrase before token `at`, skipping fillers ("giảm mạnh 20%") and a base
    ("vượt kế hoạch 5%"). Returns change (None for levels), its first token, and the base span."""
    lex = lexicon()
    k = at
    base: tuple[int, int] | None = None
    for _ in range(3):
        hit = match_before(lex.changes, toks, k)
        if hit is not None:
            kind = hit[0].value[0]
            if kind == "level":
                return None, hit[1], None, None
            if base is not None and " ".join(hit[0].tokens) not in (
                "vượt",
                "tăng",
                "giảm",
                "cao hơn",
                "thấp hơn",
            ):
                base = None
            return kind, hit[1], base[0] if base else None, base[1] if base else None
        filler = match_before(lex.change_fillers, toks, k)
        if filler is not None:
            k = filler[1]
            continue
        base_hit = _base_before(toks, k)
        if base_hit is not None and base is None:
            base = (base_hit, k)
            k = base_hit
            continue
        break
    return None, at, None, None


def _base_before(toks: list[Tok], k: int) -> int | None:
    """Start of a base noun ending before k ("kế hoạch" in "vượt kế hoạch 5%")."""
    hit = match_before(lexicon().bases, toks, k)
    return hit[1] if hit else None


def compared_base(toks: list[Tok], end: int, percent: bool) -> tuple[int, int] | None:
    """Token span of the comparison base after a figure ending at `end`: "so với cùng kỳ năm
    trước", or for a percentage a base noun right after it ("105% kế hoạch")."""
    lex = lexicon()
    k = end
    if k < len(toks) and toks[k].text == ",":
        k += 1
    marker = match_at(lex.comparison, toks, k)
    if marker is not None:
        return _base_span(toks, marker[1])
    if percent:
        k = end
        if k < len(toks) and toks[k].low in ("của", "so"):
            k += 1
        if match_at(lex.bases, toks, k) is not None:
            return _base_span(toks, k)
    return None


@cache
def _not_multiple_bases() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "not_multiple_bases.txt")))


def multiple_of(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """Token span of what a multiplier ending at `end` multiplies: the noun phrase right after it
    ("gấp 3 lần cùng kỳ", "gấp 2 tiêu chuẩn cho phép"); None when a verb, number or sign follows."""
    if end >= len(toks):
        return None
    tok = toks[end]
    if not tok.text[:1].isalpha() or tok.low in _VERBISH or tok.low in _not_multiple_bases():
        return None
    if match_at(lexicon().changes, toks, end) is not None:
        return None
    return _base_span(toks, end)


def _base_span(toks: list[Tok], k: int) -> tuple[int, int] | None:
    j = k
    while j < len(toks) and j - k < _MAX_BASE:
        tok = toks[j]
        if tok.low == "cho" and j + 1 < len(toks) and toks[j + 1].low == "phép":
            j += 2  # "tiêu chuẩn cho phép" is one term: "cho" opens no new clause, and it ends the base
            break
        if tok.text in _BASE_STOP_SIGNS or tok.low in _BASE_STOP_WORDS:
            break
        if j > k and tok.low == "so" and j + 1 < len(toks) and toks[j + 1].low == "với":
            break
        j += 1
    return (k, j) if j > k else None
