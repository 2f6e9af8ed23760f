"""Rules that tell a number which is not a figure: dates, times, codes, ids, ordinals, names, scores."""

from __future__ import annotations

from nlp.figures.lexer import Tok, match_at, match_before
from nlp.figures.lexicon import lexicon
from nlp.figures.numeral import Num
from nlp.numbers import NUMBER_WORDS


def _touching(a: Tok, b: Tok) -> bool:
    return a.end == b.start


def glued_before(toks: list[Tok], num: Num) -> bool:
    """Letters or a code glued before the number: "G7", "U23", "COVID-19", "U.23", "+84", "2/2022"."""
    if num.start == 0:
        return False
    first, prev = toks[num.start], toks[num.start - 1]
    if not _touching(prev, first):
        return False
    if prev.is_word or prev.text in ("+", "#", "@", "_", "&"):
        return True
    if prev.text in ("-", ".", "/", ":") and num.start > 1 and _touching(toks[num.start - 2], prev):
        before = toks[num.start - 2]
        return before.is_word or before.is_num  # "Su-30", "20-10", "2/2022", "10:30"
    return False


def glued_after(toks: list[Tok], num: Num) -> bool:
    """Letters or a code glued after the number: "720p", "4G", "10h", "01-ĐA", "19/10", "10:00"."""
    if num.end >= len(toks):
        return False
    nxt = toks[num.end]
    if not _touching(toks[num.end - 1], nxt):
        return False
    if nxt.is_word or nxt.is_num:
        return True
    if nxt.text in ("-", "/", ":", "_") and num.end + 1 < len(toks):
        after = toks[num.end + 1]
        return _touching(nxt, after) and (after.is_word or after.is_num)
    return False


def time_follows(toks: list[Tok], j: int) -> bool:
    """A time or duration word follows: "3 ngày", "63 tuổi", "10h30" (the dates extractor's)."""
    if j < len(toks) and toks[j].low in ("h", "g") and not toks[j].spaced:
        return True
    return match_at(lexicon().time_units, toks, j) is not None


# "số" counts after these words: "tổng số 64 nền kinh tế", "trong số 27 doanh nghiệp".
_COUNTING_SO = frozenset({"tổng", "trong", "con", "với", "cả", "lượng"})


def id_prefix_before(toks: list[Tok], i: int) -> bool:
    """An identifier or ordinal word stands right before: "lần thứ 3", "Điều 5", "số 12", "lớp 11"."""
    hit = match_before(lexicon().id_prefixes, toks, i)
    if hit is None:
        return False
    phrase, k = hit
    return not (phrase.tokens == ("số",) and k > 0 and toks[k - 1].low in _COUNTING_SO)


def bracketed_alone(toks: list[Tok], num: Num) -> bool:
    """A bare number alone in brackets: a rank or a list marker ("Hong Kong (8)", "(1) Miễn phí")."""
    return (
        num.start > 0
        and num.end < len(toks)
        and toks[num.start - 1].text == "("
        and toks[num.end].text == ")"
    )


def name_after(toks: list[Tok], num: Num) -> bool:
    """A bare number before a capitalised word or a street word and its name: an address or a
    name ("428 Đường Nguyễn Huệ", "286 Lý Thường Kiệt", "94-96 Tạ Uyên", "93 đường Nguyễn Du")."""
    if num.end >= len(toks):
        return False
    nxt = toks[num.end]
    if nxt.is_word and nxt.text[0].isupper() and not nxt.line_start:
        return True
    # "quán 93 đường Nguyễn Du", "số 5 ngõ 12": a street word, then its name or number
    street = match_at(lexicon().street_words, toks, num.end)
    if street is None or street[1] >= len(toks):
        return False
    name = toks[street[1]]
    return name.is_num or (name.is_word and name.text[0].isupper())


def model_after_count(toks: list[Tok], k: int) -> bool:
    """A bare number right after a count and its measure word names a model ("bốn chiếc 777",
    "hai chiếc 321"): the count is the figure, the number is what is counted."""
    hit = match_before(lexicon().measure_words, toks, k)
    if hit is None or hit[1] == 0:
        return False
    before = toks[hit[1] - 1]
    return before.is_num or before.low in NUMBER_WORDS


def year_like(num: Num, toks: list[Tok]) -> bool:
    """A bare four-digit year 1900-2100 ("2022")."""
    return num.plain_digits and len(toks[num.start].text) == 4 and 1900 <= num.value <= 2100


def phone_like(toks: list[Tok], num: Num) -> bool:
    """Phone numbers and other zero-led codes ("0912345678"); "05 người" of official style is kept."""
    text = toks[num.start].text
    head = text.split(".")[0].split(",")[0]
    if text.startswith("0") and len(head) >= 3:
        return True  # "0912345678", "0243.8256789"; "05 người", "0,5" are kept
    return text.startswith("0") and text.isdigit() and len(text) >= 4


def _plate_head(toks: list[Tok], k: int) -> int | None:
    """Index after a licence plate's head starting at k ("51X6", "29A", "51LD"), or None."""
    if k < 0 or k + 1 >= len(toks) or not toks[k].is_num or len(toks[k].text) != 2:
        return None
    letters = toks[k + 1]
    if not (_touching(toks[k], letters) and letters.text.isascii() and letters.text.isupper()):
        return None
    if not (letters.text.isalpha() and len(letters.text) <= 2):
        return None
    j = k + 2
    if j < len(toks) and _touching(letters, toks[j]) and toks[j].is_num and len(toks[j].text) == 1:
        j += 1  # "51X6": a series digit
    return j


def plate_like(toks: list[Tok], num: Num) -> bool:
    """Either part of a licence plate ("51X6 - 5464", "29A-123.45", "56K - 4314")."""
    head_end = _plate_head(toks, num.start)
    if head_end is not None and head_end + 1 < len(toks):
        return toks[head_end].text in ("-", ".") and toks[head_end + 1].is_num
    if num.start < 2 or toks[num.start - 1].text not in ("-", "."):
        return False
    return any(_plate_head(toks, k) == num.start - 1 for k in (num.start - 4, num.start - 3))


def digit_neighbours(toks: list[Tok], num: Num) -> bool:
    """Another bare number right before or after, across spaces only: parts of a phone number
    ("0912 345 678") or of a table row ("35 20 15")."""
    if (
        num.start > 0
        and toks[num.start - 1].is_num
        and toks[num.start].spaced
        and toks[num.start].start - toks[num.start - 1].end <= 1
    ):
        return True
    return num.end < len(toks) and toks[num.end].is_num and toks[num.end - 1].is_num and toks[num.end].spaced


def list_numbering(toks: list[Tok], num: Num) -> bool:
    """ "1. Nội dung", "2) …" at a line start, a number standing alone on its line, or a table
    row's number: a whole first cell before a text cell ("1 | Rau các loại | 830 ha")."""
    first = toks[num.start]
    if not first.line_start:
        return False
    if num.end >= len(toks):
        return True
    nxt = toks[num.end]
    if nxt.line_start:
        return True
    if nxt.text == "|" and num.end + 1 < len(toks) and toks[num.end + 1].is_word:
        return True
    return nxt.text in (".", ")", ":", "/") and _touching(toks[num.end - 1], nxt)


def score_context(toks: list[Tok], num: Num, span_end: int) -> bool:
    """ "thắng 2-1", "tỷ số 1-1": a pair of numbers joined by a dash near a score word."""
    joined = (num.end < len(toks) and toks[num.end].text == "-") or (
        num.start > 0 and toks[num.start - 1].text == "-"
    )
    if not joined:
        return False
    lex = lexicon()
    for k in range(max(0, num.start - 5), num.start):
        if match_at(lex.score_words, toks, k) is not None:
            return True
    return False


def name_before(toks: list[Tok], i: int, known: frozenset[str]) -> bool:
    """A proper name or acronym right before: "Windows 98", "Boeing 737", "USB 1.1", "SEA Games 22"."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if not prev.is_word or prev.low in known:
        return False
    if prev.text.isupper() and len(prev.text) > 1:
        return True
    if not prev.text[0].isupper():
        return False
    # A capital that only opens the sentence or the line is no name.
    return (
        i - 1 > 0 and not prev.line_start and toks[i - 2].text not in (".", "!", "?", ":", '"', "(", "-", "…")
    )
