"""Find the figures of one sentence: read each number, its range, unit and qualifiers, drop non-figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from nlp.doc import Doc
from nlp.figures import exclude
from nlp.figures.lexer import Tok, match_at, match_before, tokenize
from nlp.figures.lexicon import lexicon
from nlp.figures.numeral import Num, read_number
from nlp.figures.qualify import compared_base, multiple_of, qualify
from nlp.figures.units import Unit, read_unit
from nlp.langdata import data_path, load_words
from nlp.numbers import NUMBER_WORDS, parse_number_words

# A quick test that a sentence may hold a figure at all: digits, a number word other than the
# very frequent "năm"/"một" (year, "a"), those two before another number word, a scale or a
# measure word, or a vague multiple ("hàng trăm").
_MAYBE_NUMBER = re.compile(
    r"[0-9]|\b(?:hai|ba|bốn|sáu|bảy|bẩy|tám|chín|mười|gấp|nửa)\b"
    r"|\b(?:năm|một|hàng|vài|mấy|dăm|hơn|gần)\s+(?:mươi|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ|chục|lượt|buổi|người|hộ|lần"
    r"|cuộc|con|chiếc|ngôi|căn|cái|ca|vụ|suất|phần|đồng|USD|phần trăm|ha|tấn|km|mét)\b",
    re.IGNORECASE,
)
_RANGE_LINKS = frozenset({"-", "~", "đến", "tới"})
# Units whose figures take a written minus sign ("-20 độ C"); elsewhere "-" before digits is a dash.
_SIGNED_UNITS = frozenset({"°C", "°F"})
_SINGLE_WORD_OK_BEFORE = frozenset({"gấp"})


@dataclass(frozen=True)
class Draft:
    """A figure before its subject is found: canonical offsets and every field but the subject."""

    start: int
    end: int
    value: float
    value_max: float | None
    qualifier: str
    quantity: str
    unit: str | None
    per: str | None
    change: str | None
    compared: tuple[int, int] | None
    rule: str
    wants_subject: bool
    try_after: bool  # look for the subject after the figure first
    subject_anchor: int  # where a subject after the figure may start
    measure_word: bool
    predicate_limit: int  # the subject before the figure ends before this offset
    number_end: int  # end of the number and its scale words (the span's end if the unit is dropped)
    share_of: bool = False  # "X chiếm N% Y": the subject is X, before the figure


@cache
def _money_words() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "money_context.txt")))


@cache
def _fraction_words() -> tuple[frozenset[str], ...]:
    return (frozenset(load_words(data_path(__file__, "fraction_context.txt"))),)


@cache
def _known_words() -> frozenset[str]:
    """Words of our own tables: a capital on one of them is no proper name ("Hơn 30 người")."""
    lex = lexicon()
    words: set[str] = set()
    for table in (lex.qualifiers, lex.changes, lex.predicate_verbs, lex.comparison, lex.change_fillers):
        for phrases in table.by_first.values():
            for p in phrases:
                words.update(p.tokens)
    words.update({"có", "gồm", "với", "và", "là", "được", "thu", "chi", "khoảng", "tổng", "cả", "chỉ", "mỗi"})
    return frozenset(words)


@cache
def _subject_stops() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "subject_stops.txt")))


@cache
def _starters() -> frozenset[str]:
    """Words a figure may start with (besides digits): number words, "hàng", "gấp"."""
    return frozenset(NUMBER_WORDS) | lexicon().vague | {"gấp"}


def _money_sentence(low: str) -> bool:
    words = set(re.findall(r"\w+", low))
    text = f" {low} "
    return any((w in words) if " " not in w else (f" {w} " in text) for w in _money_words())


def _fraction(toks: list[Tok], num: Num) -> tuple[float, int] | None:
    """ "1/2 số hộ", "chiếm 2/3": a fraction a/b with a < b and a fraction word beside it."""
    i = num.start
    if not (num.plain_digits and i + 2 < len(toks)):
        return None
    slash, den = toks[i + 1], toks[i + 2]
    if not (
        slash.text == "/" and slash.start == toks[i].end and den.start == slash.end and den.text.isdigit()
    ):
        return None
    if i + 3 < len(toks) and toks[i + 3].start == den.end and toks[i + 3].text in ("/", "-", "."):
        return None  # "1/2/2023", "1/2-…"
    a, b = int(toks[i].text), int(den.text)
    if not (0 < a < b <= 100):
        return None
    words = _fraction_words()[0]
    after = toks[i + 3].low if i + 3 < len(toks) else ""
    after2 = f"{after} {toks[i + 4].low}" if i + 4 < len(toks) else ""
    before = toks[i - 1].low if i > 0 else ""
    if after in words or after2 in words or before in words:
        return a / b, i + 3
    return None


def _range(
    toks: list[Tok],
    num: Num,
    unit: Unit | None,
    comma_thousands: bool,
    low: str,
    first_negative: bool = False,
) -> tuple[Num, Unit | None, float] | None:
    """A second number joined by "-", "đến", "tới" after the first: "10 - 15 ha", "từ 4 đến 6 triệu
    đồng", "8,5-9%". Returns the second number, its unit and the first value with a shared scale."""
    k = unit.end if unit else num.end
    juxtaposed = unit is None and _next_digit_word(toks, num)
    below_zero = False  # "-45 đến -40 độ C": a minus sign before the second number
    if juxtaposed:
        second = read_number(toks, k, comma_thousands)  # "ba bốn người", "hai ba trăm người"
    else:
        if k + 1 >= len(toks) or toks[k].low not in _RANGE_LINKS:
            return None
        if toks[k].low in ("đến", "tới") and k + 2 < len(toks) and _minus_before(toks, k + 2):
            below_zero = True
            k += 1
        if not (toks[k + 1].is_num or toks[k + 1].low in lexicon().vague or num.form == "words"):
            return None
        second = read_number(toks, k + 1, comma_thousands)
    if second is None or second.form == "vague":
        return None
    unit2 = read_unit(toks, second.end, low)
    if below_zero or first_negative:
        if unit2 is None or unit2.unit not in _SIGNED_UNITS:
            return None  # a sign is read only on temperatures
        second = replace(second, value=-second.value) if below_zero else second
    first_value = -num.value if first_negative else num.value
    if num.scale == 1 and second.scale > 1 and num.value * second.scale <= second.value:
        first_value = num.value * second.scale  # "3-4 nghìn người", "từ 4 đến 6 triệu đồng"
    if juxtaposed and second.word_count > 1:
        # "hai ba trăm người": the second number's scale ("trăm") is the first's too.
        first_value = num.value * second.value / (num.value + 1)
    if not first_value < second.value:
        return None
    if unit is not None and (unit2 is None or unit2.unit != unit.unit):
        return None
    if toks[k].text == "-" and exclude.glued_after(toks, second) and unit2 is None:
        return None  # "20-10-2023" is a date, not a range
    return second, unit2 or unit, first_value


def _minus_before(toks: list[Tok], k: int) -> bool:
    """A minus sign glued to the digits at k, with a space before it and not at a line start
    ("nhiệt độ -20 độ C"); a "-" opening a line is a list dash, between numbers a range."""
    if k < 1 or not toks[k].is_num:
        return False
    sign = toks[k - 1]
    return (
        sign.text in ("-", "\u2212")
        and sign.end == toks[k].start
        and sign.spaced
        and not sign.line_start
        and (k < 2 or not toks[k - 2].is_num)
    )


def _next_digit_word(toks: list[Tok], num: Num) -> bool:
    """Is a lone digit word followed by the next one ("ba bốn", "năm sáu")? Together they count one
    thing roughly: a range, approx."""
    if num.form != "words" or num.word_count != 1 or num.end >= len(toks) or not toks[num.end].spaced:
        return False
    following = parse_number_words([toks[num.end].low])
    return following is not None and num.value < 10 and following == num.value + 1


def scan_sentence(doc: Doc, s_start: int, s_end: int, comma_thousands: bool) -> list[Draft]:
    """The figures of the sentence doc.text[s_start:s_end]."""
    text = doc.text
    if not _MAYBE_NUMBER.search(text, s_start, s_end):
        return []
    toks = tokenize(text, s_start, s_end)
    low = text[s_start:s_end].lower()
    drafts: list[tuple[Draft, str | None]] = []  # (draft, single-word number needing support)
    id_rejected: set[int] = set()
    starters = _starters()
    resume = 0  # the token after the last figure read
    for i in [k for k, t in enumerate(toks) if t.low in starters or "0" <= t.text[0] <= "9"]:
        if i < resume:
            continue
        found = _figure_at(doc, toks, i, comma_thousands, low, id_rejected)
        if found is None:
            continue
        draft, needs, end_tok = found
        per_hit = _per_in_words(toks, end_tok, comma_thousands) if draft.per is None else None
        if per_hit is not None:
            draft = replace(draft, per=text[per_hit[0] : per_hit[1]])
            if per_hit[2] > end_tok and toks[end_tok].low == "trên":
                end_tok = per_hit[2]  # "5,6 ca trên 100.000 dân": no figure of its own
        drafts.append((draft, needs))
        resume = max(end_tok, i + 1)
    # "một" counts only beside another count of the same thing ("một lần … hai lần").
    kept: list[Draft] = []
    for draft, needs in drafts:
        if needs == "contrast" and not any(
            o is not draft and o.unit == draft.unit and o.unit for o, _ in drafts
        ):
            continue
        kept.append(draft)
    return _dimensions(text, kept)


_TIMES_SIGNS = frozenset({"x", "×", "*"})


def _dimensions(text: str, drafts: list[Draft]) -> list[Draft]:
    """Dimensions "92 x 62,2 x 31,5 mm": every number takes the last one's unit, and all share the
    subject written before the first ("Kích thước máy là")."""
    out = list(drafts)
    n = len(out)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and text[out[j].end : out[j + 1].start].strip().lower() in _TIMES_SIGNS:
            j += 1
        last = out[j]
        if j > i and last.quantity == "measure" and all(d.unit is None for d in out[i:j]):
            first = out[i]
            for k in range(i, j + 1):
                out[k] = replace(
                    out[k],
                    quantity=last.quantity,
                    unit=last.unit,
                    try_after=False,
                    predicate_limit=first.predicate_limit,
                )
        i = j + 1
    return out


def _figure_at(
    doc: Doc, toks: list[Tok], i: int, comma_thousands: bool, low: str, id_rejected: set[int]
) -> tuple[Draft, str | None, int] | None:
    lex = lexicon()
    tok = toks[i]
    rule = "digits"
    multiplier = False
    # "gấp đôi" = 2, "gấp rưỡi" = 1.5 (SPEC §2.4 multipliers).
    if tok.low == "gấp" and i + 1 < len(toks) and toks[i + 1].low in ("đôi", "rưỡi"):
        value = 2.0 if toks[i + 1].low == "đôi" else 1.5
        num = Num(i + 1, i + 2, value, 1.0, "words", False, 1, toks[i + 1].low)
        multiplier = True
    else:
        maybe = read_number(toks, i, comma_thousands)
        if maybe is None:
            return None
        num = maybe
    negative = False
    start_tok = num.start
    if num.form == "digits":
        if (
            exclude.phone_like(toks, num)
            or exclude.digit_neighbours(toks, num)
            or exclude.plate_like(toks, num)
        ):
            return None
        if exclude.list_numbering(toks, num):
            return None
        if num.start > 0 and toks[num.start - 1].low == "âm":
            negative = True
            start_tok = num.start - 1
    minus = num.form == "digits" and not negative and _minus_before(toks, num.start)
    fraction = _fraction(toks, num) if num.form == "digits" else None
    if fraction is not None:
        value, end_tok = fraction
        num = Num(num.start, end_tok, value, 1.0, "digits", False, 0, "")
        rule = "fraction"
    elif num.form == "digits":
        if exclude.glued_before(toks, num) and not (num.start > 0 and toks[num.start - 1].text == "$"):
            return None
        # A unit glued to the digits ("30%", "170m", "500.000đ") or a range ("8,5-9%") is fine.
        if (
            exclude.glued_after(toks, num)
            and read_unit(toks, num.end, low) is None
            and not (toks[num.end].text == "-" and _range(toks, num, None, comma_thousands, low))
        ):
            return None
    unit = read_unit(toks, num.end, low)
    if num.start > 0 and toks[num.start - 1].text == "$" and toks[num.start - 1].end == toks[num.start].start:
        unit = Unit("money", "USD", None, num.end, num.end, False)
        start_tok = num.start - 1
    if unit is None and not multiplier and exclude.time_follows(toks, num.end):
        return None
    rng = _range(toks, num, unit, comma_thousands, low, minus) if fraction is None else None
    value, value_max = num.value, None
    end_num = num
    if rng is not None:
        second, unit, value = rng
        value_max = second.value
        end_num = second
        if exclude.time_follows(toks, second.end) and unit is None:
            return None
        unit = read_unit(toks, second.end, low) or unit
    if unit is not None and unit.start < end_num.end:
        unit = None
    has_unit = unit is not None
    if minus and unit is not None and unit.unit in _SIGNED_UNITS:
        start_tok = num.start - 1  # "-20 độ C": below zero, the sign is part of the figure
        negative = rng is None  # a range's first value came back signed
    # Identifiers, ordinals, names and dates.
    if not has_unit:
        if exclude.id_prefix_before(toks, start_tok) or (
            start_tok > 1
            and toks[start_tok - 1].low in (",", "và", "đến", "-")
            and (start_tok - 2) in id_rejected
        ):
            id_rejected.add(end_num.start)
            id_rejected.add(num.start)
            return None
        if exclude.year_like(num, toks) or (rng is not None and exclude.year_like(end_num, toks)):
            return None
        if exclude.name_before(toks, start_tok, _known_words()) or exclude.model_after_count(toks, start_tok):
            return None
        if num.form == "digits" and (
            exclude.bracketed_alone(toks, end_num) or exclude.name_after(toks, end_num)
        ):
            return None
        if num.value == 1 and end_num.end < len(toks) and toks[end_num.end].low == "trong":
            return None  # "là 1 trong 10 nước": one of, not a count
    elif start_tok > 0 and toks[start_tok - 1].low == "thứ":
        return None  # an ordinal even before a measure word ("thứ 3 lần")
    if exclude.score_context(toks, num, end_num.end):
        return None
    # Numbers in words: a lone digit word needs a unit or measure word ("hai xã", "ba tỷ đồng").
    needs: str | None = None
    if num.form == "words" and not multiplier:
        rule = "words"
        five = num.end - num.start > 1 and toks[num.end - 2].low in ("linh", "lẻ")  # "một trăm lẻ năm"
        if num.last_word == "năm" and not has_unit and not five:
            return None  # "hai mươi năm": twenty years, a duration
        single = num.word_count == 1 and num.value < 20 and num.scale == 1
        before_word = toks[num.start - 1].low if num.start > 0 else ""
        if single and not has_unit and before_word not in _SINGLE_WORD_OK_BEFORE:
            # "hai xã", "bốn nước": a lone digit word before a noun counts it; "năm" (also
            # "year") and "một" (also "a") need a measure word or unit.
            if toks[num.start].low in ("một", "năm") or not _noun_follows(toks, num.end):
                return None
            if num.end < len(toks) and (toks[num.start].low, toks[num.end].low) in lex.traps:
                return None  # "ba mẹ"
        if single and toks[num.start].low == "một":
            q_hit = match_before(lex.qualifiers, toks, num.start)
            if q_hit is not None and q_hit[0].tokens in (("trên",), ("dưới",)):
                q_hit = None  # "trên một chiếc xe": "on a car", a place, not "more than one"
            after = toks[num.end].low if num.end < len(toks) else ""
            counting = (
                before_word in ("thêm", "chỉ", "đúng")
                or after == "hoặc"
                or (
                    num.end + 2 < len(toks)
                    and toks[num.end + 1].low == "duy"
                    and toks[num.end + 2].low == "nhất"
                )
            )
            if (
                q_hit is None
                and not counting
                and not (has_unit and unit and unit.quantity in ("money", "percent"))
            ):
                needs = "contrast"
        if toks[num.start].text[:1].isupper() and not toks[num.start].line_start and num.start > 0:
            prev = toks[num.start - 1]
            if prev.is_word and prev.text[:1].isupper():
                return None  # inside a name: "Hai Bà Trưng"
    if num.form == "vague":
        rule = "vague"
        if not has_unit and exclude.time_follows(toks, num.end):
            return None
    if multiplier:
        rule = "multiplier"
    # Quantity and unit.
    quantity, unit_name, per = "count", None, None
    end_tok = end_num.end
    measure_word = False
    if unit is not None:
        quantity, unit_name, per, end_tok, measure_word = (
            unit.quantity,
            unit.unit,
            unit.per,
            unit.end,
            unit.measure_word,
        )
    elif end_num.scale >= 1000 and _money_sentence(low) and not _noun_follows(toks, end_tok):
        quantity, unit_name = "money", "VND"  # SPEC §2.4: money without a written currency
    has_from = start_tok > 0 and toks[start_tok - 1].low == "từ"
    q = qualify(toks, start_tok, end_tok, has_from and rng is None, num.form == "vague")
    qualifier = q.qualifier
    if rng is not None and end_num.start == num.end and qualifier == "eq":
        qualifier = "approx"  # "ba bốn người": three or four people, roughly
    span_start_tok = q.start
    if rng is not None and has_from:
        span_start_tok = min(span_start_tok, start_tok - 1)
    times = multiplier or (span_start_tok > 0 and toks[span_start_tok - 1].low == "gấp")
    if times:
        span_start_tok = min(span_start_tok, num.start - 1)
    change = q.change
    if negative:
        value = -value
    compared = None
    base = compared_base(toks, q.end, quantity == "percent")
    if base is None and times and q.compared_start is None:
        base = multiple_of(toks, q.end)  # "gấp 3 lần cùng kỳ": what it is a multiple of
    if base is not None:
        compared = (toks[base[0]].start, toks[base[1] - 1].end)
    elif q.compared_start is not None and q.compared_end is not None:
        compared = (toks[q.compared_start].start, toks[q.compared_end - 1].end)
    elif change is not None:
        compared = _compared_before(toks, span_start_tok)
    start = toks[span_start_tok].start
    end = toks[q.end - 1].end
    try_after = base is None or (quantity != "percent" and not times)
    draft = Draft(
        start=start,
        end=end,
        value=value,
        value_max=value_max,
        qualifier=qualifier,
        quantity=quantity,
        unit=unit_name,
        per=per,
        change=change,
        compared=compared,
        rule=rule,
        wants_subject=True,
        try_after=try_after,
        subject_anchor=toks[end_tok - 1].end,
        measure_word=measure_word,
        predicate_limit=toks[span_start_tok].start,
        number_end=toks[end_num.end - 1].end,
        share_of=span_start_tok > 0 and toks[span_start_tok - 1].low == "chiếm",
    )
    return draft, needs, q.end


def _per_in_words(toks: list[Tok], j: int, comma_thousands: bool) -> tuple[int, int, int] | None:
    """A denominator written in words after a figure: "một tháng", "mỗi sản phẩm", "cho một lần",
    "trên 100.000 dân". Returns its character span and the token index after it."""
    lex = lexicon()
    k = j
    if k < len(toks) and toks[k].low in ("cho", "trên") and k + 1 < len(toks):
        k += 1
    if k >= len(toks):
        return None
    if toks[k].low in ("một", "mỗi"):
        k += 1
        if k >= len(toks) or not toks[k].is_word or not toks[k].text.islower():
            return None
        first = toks[k]
        single = (
            match_at(lex.time_units, toks, k)
            or match_at(lex.measure_words, toks, k)
            or match_at(lex.units, toks, k)
        )
        last = k
        if (
            not single
            and k + 1 < len(toks)
            and toks[k + 1].is_word
            and toks[k + 1].text.islower()
            and toks[k + 1].low not in _subject_stops()
        ):
            last = k + 1
        return first.start, toks[last].end, last + 1
    if j < len(toks) and toks[j].low == "trên" and toks[k].is_num:
        num = read_number(toks, k, comma_thousands)
        if num is None or num.end >= len(toks) or not toks[num.end].is_word:
            return None
        return toks[k].start, toks[num.end].end, num.end + 1
    return None


def _noun_follows(toks: list[Tok], j: int) -> bool:
    """A lower-case word right after an amount: "5 triệu dân" counts people, not money."""
    if j >= len(toks) or not toks[j].is_word or not toks[j].text.islower():
        return False
    return (
        toks[j].low not in _subject_stops()
        and match_at(lexicon().changes, toks, j) is None
        and toks[j].low not in ("đồng", "nữa", "để", "ở", "tại", "mỗi", "hằng")  # "5 tỷ mỗi năm"
    )


def _compared_before(toks: list[Tok], at: int) -> tuple[int, int] | None:
    """ "So với cùng kỳ, doanh thu tăng 12%": a base written at the head of the sentence."""
    lex = lexicon()
    for k in range(at):
        hit = match_at(lex.comparison, toks, k)
        if hit is None:
            continue
        j = hit[1]
        while j < at and toks[j].text != ",":
            j += 1
        if j < at and j > hit[1]:
            return toks[hit[1]].start, toks[j - 1].end
        return None
    return None
