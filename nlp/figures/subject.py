"""The subject of a figure: the noun phrase it counts or measures, from underthesea POS of its clause."""

from __future__ import annotations

import re
from functools import cache

from nlp.figures.lexicon import lexicon
from nlp.langdata import data_path, load_words
from nlp.numbers import NUMBER_WORDS
from nlp.text.tokens import Token

_NOUN = frozenset({"N", "Np", "Nc", "Ny", "Nb", "Nu"})
_MODIFIER = frozenset({"A", "M"})
_MAX_AFTER = 6
_MAX_BEFORE = 16
_MAX_LIST_ITEM = 4
_MAX_ITEMS = 8
# Words between two figures of one predicate chain that share a subject.
_MAX_CHAIN = 10
# Table cells of one row, as the report readers (scrapers.files) join them.
CELL_SEP = " | "
_LIST_END = frozenset({";", ".", ":", "!", "?", "…", ")"})
# Inside a subject before its predicate these may stand as modifiers ("mức giảm trừ", "tốc độ tăng").
_LEFT_ALLOWED = frozenset(
    {"tăng", "giảm", "mức", "tham gia", "thực hiện", "đạt", "chiếm", "bằng", "lên", "các", "bị", "được"}
)
# Signs between a subject and its figure: "Petrolimex với 1.831 tỷ đồng", "Loại 180 lít: 4 triệu".
_LINKS = frozenset({"với", ":", "(", "là"})
# Prepositions a subject before its figure may hold: "giá thu mua tại Vĩnh Long", "tổng số trích
# quỹ trong quý IV".
_LEFT_PREPS = frozenset({"tại", "ở", "của", "trên", "trong", "cho", "thuộc"})
_PLACE_NOUNS = frozenset({"tỉnh", "huyện", "xã", "thành phố", "nước", "quốc gia", "thị xã", "thị trấn"})
_AUX = frozenset({"sẽ", "đã", "đang", "vẫn", "cũng", "được", "bị", "còn", "lại", "đều", "tiếp tục"})
# A fine's amount has no subject: "phạt tiền 2-4 triệu đồng", "bị phạt hành chính đến 30 triệu".
_FINE_VERBS = frozenset({"phạt", "xử phạt"})
_LOCATIVES = frozenset({"tại", "ở"})
# Predicates after a comma that leave the phrase before them to the subject ("…, chiếm 30%").
_SHARE_VERBS = frozenset({"chiếm", "tương đương", "tương ứng"})
_DEMONSTRATIVES = frozenset({"này", "đó", "ấy", "kia"})
_TIME_WORDS = frozenset({"năm", "tháng", "quý", "ngày", "tuần"})
_TIME_EXTRA = frozenset(
    {"thời điểm", "nay", "qua", "này", "trước", "ngoái", "I", "II", "III", "IV", "i", "ii", "iii", "iv"}
)
# Days said from the day of writing: "tỷ giá … hôm nay ở mức".
_DAY_DEICTICS = frozenset(
    {
        "hôm nay",
        "hôm qua",
        "sáng nay",
        "trưa nay",
        "chiều nay",
        "tối nay",
        "đêm qua",
        "sáng qua",
        "chiều qua",
        "tối qua",
    }
)
_TIME_PREPS = frozenset(
    {"đến", "hết", "đến hết", "tính đến", "trong", "vào", "cuối", "đầu", "giữa", "từ", "sau"}
)


@cache
def clause_verbs() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "clause_verbs.txt")))


@cache
def _region_nouns() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "region_nouns.txt")))


@cache
def activity_measure_words() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "activity_measure_words.txt")))


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Stop words, words skipped before a figure, and predicate verbs (lower case)."""
    lex = lexicon()
    stops = frozenset(load_words(data_path(__file__, "subject_stops.txt")))
    skips = set(load_words(data_path(__file__, "subject_skips.txt")))
    for table in (lex.qualifiers, lex.changes, lex.change_fillers, lex.bases):
        for phrases in table.by_first.values():
            skips.update(" ".join(p.tokens) for p in phrases)
    predicates = frozenset(
        " ".join(p.tokens)
        for table in (lex.predicate_verbs, lex.changes)
        for ps in table.by_first.values()
        for p in ps
    )
    return stops, frozenset(skips), predicates


def _low(tok: Token) -> str:
    return tok.text.lower()


def _is_number(tok: Token) -> bool:
    return tok.text[:1].isdigit() or _low(tok) in NUMBER_WORDS


def _nounish(tok: Token) -> bool:
    """A token a noun phrase may hold: nouns, adjectives, verbs as modifiers, never numbers."""
    if _is_number(tok) or not tok.text[:1].isalpha():
        return False
    return tok.pos in _NOUN or tok.pos in _MODIFIER or tok.pos in ("V", "L", "T")


def _has_noun(tokens: list[Token]) -> bool:
    return any(t.pos in _NOUN or (t.pos == "M" and not _is_number(t)) for t in tokens)


def _item(tokens: list[Token], i: int, first_verb_ok: bool, limit: int, verbs_ok: bool = True) -> int:
    """End index of one noun phrase starting at tokens[i] (i itself when there is none)."""
    stops, _, _ = _words()
    id_prefixes = lexicon().id_prefixes
    j = i
    while j < len(tokens) and j - i < limit:
        tok = tokens[j]
        if _low(tok) in stops or not _nounish(tok) or tok.pos == "L":
            break
        if j == i and tok.pos == "V" and not first_verb_ok:
            break
        if j > i and tok.pos == "V" and not verbs_ok:
            break
        if j + 1 < len(tokens) and _is_number(tokens[j + 1]) and _low(tok) in id_prefixes:
            break  # "học sinh lớp 12": the number names the class
        if (
            j > i
            and tok.pos == "Np"
            and (_low(tokens[i]) in id_prefixes or _low(tokens[i]) in _PLACE_NOUNS)
            and _low(tokens[j - 1]) not in _region_nouns()
        ):
            break  # "3 quận Thanh Xuân, Tây Hồ": the names list what is counted; "miền Trung" is a region
        j += 1
    while j > i and tokens[j - 1].pos == "V" and not _has_noun(tokens[i : j - 1]) and not first_verb_ok:
        j -= 1
    return j


def subject_after(
    tokens: list[Token], anchor: int, measure_word: str | None, edge: list[str] | None = None
) -> tuple[int, int, bool] | None:
    """Noun phrase right after character offset `anchor` (the end of the number and its unit),
    lists kept whole ("cán bộ, đảng viên, quần chúng"). The flag is True when the tokenizer fused
    the measure word with the noun ("căn hộ"): that noun is then the subject, not a unit."""
    activity = measure_word in activity_measure_words()
    i = 0
    while i < len(tokens) and tokens[i].start < anchor:
        i += 1
    fused = False
    straddle = i > 0 and tokens[i - 1].end > anchor and tokens[i - 1].start < anchor
    if straddle and measure_word:
        # "hộ nghèo", "người dân": the measure word and the noun in one token.
        i -= 1
        fused = True
    elif straddle and tokens[i - 1].text[anchor - tokens[i - 1].start :].strip():
        # "tư camera": the tokenizer glued the last number word to the noun.
        rest = tokens[i - 1]
        glued = rest.text[anchor - rest.start :]
        lead = len(glued) - len(glued.lstrip())
        first = Token(anchor + lead, rest.end, glued.strip(), "N")
        tokens = [*tokens[: i - 1], first, *tokens[i:]]
        i -= 1
    if i >= len(tokens):
        return None
    # Before the figure the clause has its verb ("có 73 doanh nghiệp chế biến gỗ"): a verb after
    # the noun then modifies it. Otherwise the first verb after the noun is the predicate
    # ("khoảng 30% số hộ dùng nước giếng").
    head = [t for t in tokens[:i] if t.end <= anchor]
    commas = [n for n, t in enumerate(head) if t.text in (",", ";", ":")]
    head = head[commas[-1] + 1 :] if commas else head
    object_position = any(t.pos == "V" for t in head) or bool(measure_word)
    if not fused and tokens[i].pos == "V" and not (activity or measure_word):
        return None  # "73 … tăng": after a bare number a verb is the predicate
    end = _item(tokens, i, bool(measure_word), _MAX_AFTER, object_position)
    if end == i or not (_has_noun(tokens[i:end]) or measure_word):
        return None
    if not object_position and end < len(tokens) and tokens[end].pos == "V":
        # "135 triệu cổ phần bán cho nhà đầu tư chiến lược, chiếm 30%": the clause's predicate
        # comes after the comma, so the verb phrase before it modifies the noun.
        m = end
        while m < len(tokens) and tokens[m].text not in _LIST_END and tokens[m].text != "," and m - end < 8:
            m += 1
        if m + 1 < len(tokens) and tokens[m].text == "," and _low(tokens[m + 1]) in _SHARE_VERBS:
            end = m
    closing = end >= len(tokens) or not tokens[end].text[:1].isalnum() or tokens[end].pos == "C"
    if (
        measure_word == "người"
        and not fused
        and closing
        and all(t.pos == "V" and " " in t.text for t in tokens[i:end])
    ):
        # "thu hút 15 người tham gia.": a bare verb closing the clause is its predicate, and the
        # figure has no subject at all (an empty span); "người học", "người mua" (one syllable)
        # are agent nouns.
        return anchor, anchor, False
    last, j, items = end, end, 1
    while j + 1 < len(tokens) and tokens[j].text in (",", "và") and items < _MAX_ITEMS:
        nxt = _item(tokens, j + 1, False, _MAX_LIST_ITEM)
        if nxt >= len(tokens) and edge is not None:
            edge.append("right")  # the next item runs to the window's end: it may be cut there
        if nxt == j + 1 or not _has_noun(tokens[j + 1 : nxt]):
            if j + 2 >= len(tokens) and edge is not None:
                edge.append("right")  # a last word cut by the window ("tuyên truyền|viên")
            break
        follow = tokens[nxt] if nxt < len(tokens) else None
        if follow is not None and follow.text not in _LIST_END and follow.text != ",":
            break  # only a list that runs to the end of the clause is a list of subjects
        last, j, items = nxt, nxt, items + 1
    if last >= len(tokens) - 1 and edge is not None:
        edge.append("right")  # the window ends here: a list may run on
    start = tokens[i].start
    if fused and measure_word == "người":
        start = anchor  # "người" stays the unit; the rest of the word is the subject
    return start, tokens[last - 1].end, fused


def subject_before(
    tokens: list[Token],
    limit: int,
    figures: tuple[tuple[int, int], ...] = (),
    compared_ok: bool = True,
    edge: list[str] | None = None,
) -> tuple[int, int] | None:
    """The noun phrase the figure is said of, before it: "doanh thu đạt …", "Petrolimex với …",
    "có vốn điều lệ …", "Saigon Petro dư …"; None after an action verb with no subject before it
    ("bị phạt 3 triệu đồng"). `figures` are the spans of the other figures: a subject never
    runs into one, and "Loại 180 lít: 4 triệu đồng" takes the phrase before "180 lít"."""
    stops, skips, predicates = _words()
    k = len(tokens)
    while k > 0 and tokens[k - 1].end > limit:
        k -= 1
    k, linked = _skip_links(tokens, k, skips, predicates)
    # Over another figure right before ("Loại 180 lít: 4 triệu đồng").
    for a, b in figures:
        if k > 0 and a <= tokens[k - 1].start < b:
            while k > 0 and tokens[k - 1].end > a:
                k -= 1
            k, linked = _skip_links(tokens, k, skips, predicates)
    # Over the clause verb to its subject ("Saigon Petro dư hơn 214 tỷ đồng"), when no predicate
    # stands between (after "là", "đạt" the verb belongs to the subject: "lãi suất cho vay là").
    if k > 1 and _low(tokens[k - 1]) in clause_verbs():
        # Back over the verb group ("sẽ giảm thu", "đang giao dịch") to the noun before it.
        m = k - 1
        while m > 0 and k - m < 4 and (tokens[m - 1].pos in ("V", "R") or _low(tokens[m - 1]) in _AUX):
            m -= 1
        # After a predicate ("kim ngạch xuất khẩu đạt") the verb is a modifier, unless an
        # auxiliary marks it as the clause's verb ("vàng nhẫn đang giao dịch tại mức").
        has_aux = any(tokens[n].pos == "R" or _low(tokens[n]) in _AUX for n in range(m, k))
        if (
            m > 0
            and tokens[m - 1].pos in _NOUN
            and _low(tokens[m - 1]) not in stops
            and not _measure_head(_low(tokens[m - 1]))  # "tổng mức đầu tư": one noun
            and (has_aux or not linked)
        ):
            k = m
    if k > 0:
        k, grouped = _skip_verb_group(tokens, k, linked, skips, predicates, edge)
        linked = linked or grouped
    end = _skip_time(tokens, k)
    if end > 0 and any(a <= tokens[end - 1].start < b for a, b in figures):
        return None  # "từ 59,7 USD trong ngày 15-3 lên 64 USD": the phrase is another figure's unit
    span_end = end
    if end > 1 and tokens[end - 1].text == ")":
        # "Tập đoàn Xăng dầu Việt Nam (Petrolimex) với …": the bracket stays in the subject.
        opening = next((n for n in range(end - 2, max(-1, end - 8), -1) if tokens[n].text == "("), None)
        if opening is not None and opening > 0:
            end = opening
    if end == 0 or (end <= 2 and edge is not None):
        if edge is not None:
            edge.append("left")  # the window starts here: the subject may lie further left
        if end == 0:
            return None
    demonstrative = end > 1 and (
        (_low(tokens[end - 1]) in _DEMONSTRATIVES and tokens[end - 2].pos in _NOUN)
        or (_low(tokens[end - 1]) == "nhất" and tokens[end - 2].pos in ("A", "V"))
    )
    if not _nounish(tokens[end - 1]) and not demonstrative:
        return None
    if tokens[end - 1].pos == "V" and not any(t.pos in _NOUN for t in tokens[max(0, end - 4) : end - 1]):
        return None  # an action verb ("phạt"), unless a noun it modifies comes first ("mức phạt")
    inside = [(a, b) for a, b in figures if b <= tokens[end - 1].start]
    j = end
    since_comma = 0
    last_comma: int | None = None
    while j > 0 and end - j < _MAX_BEFORE:
        tok = tokens[j - 1]
        low = _low(tok)
        if any(a <= tok.start < b for a, b in inside):
            if last_comma is not None:
                j = last_comma + 1  # "9.820 ha lúa, năng suất đạt": "lúa" is the figure's own noun
            break
        if j < end and low in NUMBER_WORDS and (low, _low(tokens[j])) in lexicon().traps:
            j -= 1  # "thương mại hai chiều": the number word opens a compound
            continue
        if j < end and _time_inside(tokens, j - 1, figures):
            j -= 2  # "giá dầu Brent giao tháng 3 trên sàn London": a time inside the phrase
            continue
        if (
            low in _LEFT_PREPS
            and j - 1 > 0
            and j < end
            and (_nounish(tokens[j - 2]) or _time_inside(tokens, j - 2, figures))
        ):
            j -= 1
            continue
        if tok.text == "," and j - 1 > 0 and _opens_sentence(tokens, j - 1):
            break  # "Chốt phiên, chỉ số Nikkei …": the comma closes a lead-in, not a list item
        if tok.text == "," and j - 1 > 0 and j < end and since_comma <= 3 and tokens[j - 2].pos in _NOUN:
            since_comma = 0
            last_comma = j - 1
            j -= 1  # a list of subjects: "thu BHXH, BHYT, BHTN được …"
            continue
        if last_comma is not None and tok.pos == "V" and since_comma > 0:
            j = last_comma + 1  # "Sau vòng bỏ giá, giá trúng thầu": the part before is no list item
            break
        if tok.text == ")" and j < end + 1:
            opening = next((n for n in range(j - 2, max(-1, j - 7), -1) if tokens[n].text == "("), None)
            if opening is not None and opening > 0 and _nounish(tokens[opening - 1]):
                j = opening  # "Tập đoàn Xăng dầu Việt Nam (Petrolimex) với …"
                continue
        if low in ("-", "và") and j - 1 > 0 and j < end and _nounish(tokens[j - 2]):
            j -= 1  # "văn hóa - xã hội", "chính sách và pháp luật"
            continue
        if (
            low == "với"
            and j - 1 > 0
            and j < end
            and (tokens[j - 2].pos == "Np" or any(ch.isupper() for ch in tokens[j - 2].text))
            and _low(tokens[j - 2]) != "so"
            and tokens[j].pos in _NOUN
        ):
            j -= 1  # "tỷ giá của đồng Việt Nam với đô la Mỹ": a pair of names inside the phrase
            continue
        if (
            j - 1 > 0
            and tokens[j - 2].pos in _NOUN
            and (
                (low in _DEMONSTRATIVES and tok.pos == "P")
                or (linked and tok.pos == "R" and low not in stops and low not in _AUX and j < end)
                or (low == "nhất" and j == end)
            )
        ):
            j -= 1  # "thiệt hại này", "thịt lợn hơi xuất chuồng" (a tagger's R), "giá cao nhất"
            continue
        if low == "nhất" and j == end and j - 1 > 0 and tokens[j - 2].pos in ("A", "V"):
            j -= 1
            continue
        if (low in stops and low not in _LEFT_ALLOWED) or not _nounish(tok):
            break
        if not linked and tok.pos == "V" and j < end:
            break  # "áp dụng lãi suất 9%": without a predicate the phrase is the verb's object
        since_comma += 1
        j -= 1
    if edge is not None and (
        j <= 1
        or (
            j <= 3
            and (
                _is_number(tokens[j - 1])
                or _low(tokens[j - 1]) in _LEFT_PREPS
                or _low(tokens[j - 1]) in _TIME_WORDS
            )
        )
    ):
        # The phrase reaches the window's start, or stops so near it at a preposition or number
        # that what lies before may carry it on ("… giao tháng 3 | trên sàn London").
        edge.append("left")
    if j > 0 and tokens[j - 1].pos in ("E", "C") or (j > 0 and _low(tokens[j - 1]) in ("so", "với")):
        # Stopped at a preposition: a list on the left was its object ("so với cùng kỳ, doanh số").
        commas = [n for n in range(j, end) if tokens[n].text == ","]
        if commas:
            j = commas[-1] + 1
    locative = (j < end and _low(tokens[j]) in _LOCATIVES) or (j > 0 and _low(tokens[j - 1]) in _LOCATIVES)
    # A verb that opens the sentence or clause before a predicate heads the subject ("Xuất khẩu
    # gạo đạt", and "Sản lượng lúa …", which the tagger calls a verb); elsewhere a verb is left out.
    opens_clause = linked and (j == 0 or tokens[j - 1].text in (",", ";", ":", "(", "\n"))
    while j < end and (
        (tokens[j].pos == "V" and not (opens_clause and j + 1 < end and _has_noun(tokens[j + 1 : end])))
        or _low(tokens[j]) in _LEFT_PREPS
        or _low(tokens[j]) in (",", "-", "và")
    ):
        j += 1
        opens_clause = False
    if locative and linked:
        return None  # "tại An Giang giảm 8.000 đồng/kg": a place, not what is measured
    if j >= end or not _has_noun(tokens[j:end]):
        return None
    if j > 0 and _low(tokens[j - 1]) in _FINE_VERBS and end - j <= 2:
        return None  # "phạt tiền 2-4 triệu đồng": a fine names no subject
    if span_end > end:
        end = span_end
    base_word = _low(tokens[j - 1]) if j > 1 else ""
    if base_word == "với" and _low(tokens[j - 2]) != "so":
        base_word = ""  # "sức mua chip tăng mạnh với doanh số đạt …": "với" is "with" here
    if compared_ok and base_word in ("hơn", "với", "so với"):
        # "giá này đắt hơn thế giới 20 triệu": the phrase after "hơn" is the base, not the subject.
        back = j - 1
        while back > 0 and (tokens[back - 1].pos == "A" or _low(tokens[back - 1]) in ("so", "cao", "thấp")):
            back -= 1
        found = subject_before(tokens, tokens[back].start, figures, compared_ok=False, edge=edge)
        if found is not None:
            return found
    return tokens[j].start, tokens[end - 1].end


_QUARTERS = frozenset({"i", "ii", "iii", "iv"})


def _time_inside(tokens: list[Token], k: int, figures: tuple[tuple[int, int], ...]) -> bool:
    """Does tokens[k] end a time phrase that a noun phrase holds ("dầu Brent giao tháng 3",
    "doanh thu năm 2023", "kim ngạch quý III", "kỳ hạn 12 tháng")? Not when the number is
    another figure."""
    if k < 2:
        return False
    tok, before = tokens[k], tokens[k - 1]
    if _low(tok) in _TIME_WORDS and _is_number(before):
        tok, before = before, tok  # a duration: "lãi suất kỳ hạn 12 tháng"
    if not (_is_number(tok) or _low(tok) in _QUARTERS) or any(a <= tok.start < b for a, b in figures):
        return False
    return _low(before) in _TIME_WORDS and _nounish(tokens[k - 2])


def _opens_sentence(tokens: list[Token], comma: int) -> bool:
    """Is everything before tokens[comma] a lead-in of the sentence ("Chốt phiên", "Tính chung
    10 tháng")? Only when the window starts at a sentence's first word."""
    words = " ".join(_low(t) for t in tokens[:comma])
    return bool(words) and tokens[0].text[:1].isupper() and words in _head_words()[0]


def _skip_links(
    tokens: list[Token], k: int, skips: frozenset[str], predicates: frozenset[str]
) -> tuple[int, bool]:
    """Step back over predicate verbs, qualifiers and links between a subject and its figure;
    the flag tells whether a predicate or link was among them."""
    linked = False
    while k > 0:
        low = _low(tokens[k - 1])
        pair = f"{_low(tokens[k - 2])} {low}" if k > 1 else ""
        stops = _words()[0]
        # Past a predicate, only verbs and adverbs ("sẽ đạt") are skipped: "thu nhập bình quân
        # đạt" keeps "bình quân" in the subject.
        if pair in predicates or (pair in skips and (not linked or pair in stops)):
            linked = linked or pair in predicates
            k -= 2
        elif low in predicates or low in _LINKS or (low in skips and (not linked or low in stops)):
            linked = linked or low in predicates or low in _LINKS
            k -= 1
        else:
            break
    return k, linked


def _skip_verb_group(
    tokens: list[Token],
    k: int,
    linked: bool,
    skips: frozenset[str],
    predicates: frozenset[str],
    edge: list[str] | None,
) -> tuple[int, bool]:
    """Step back over the verb group between a subject and its figure: "giá trúng thầu [được xác
    định là]", "thiệt hại này [ước tính lên tới]", "giá vàng [tiếp tục giảm, xuống mức]",
    "khối doanh nghiệp [nợ nhiều nhất,]". Adverbs and adjectives count only when a verb stands
    before them ("tăng mạnh"); before a noun they belong to it ("giá cao nhất"). The flag tells
    whether a predicate or clause verb was among them."""
    verbs = clause_verbs()
    m, committed, found = k, k, False
    while m > 0 and k - m < 7:
        tok = tokens[m - 1]
        low = _low(tok)
        if _is_number(tok) or tok.text in _LIST_END or tok.text == "(":
            break
        # After a link ("là") a clause verb modifies the subject ("thuế tiêu thụ đặc biệt là").
        # After a measure noun the verb names the measure ("tổng mức đầu tư", "mức tăng").
        verb = low in verbs and not linked and not (m > 1 and _measure_head(_low(tokens[m - 2])))
        if low in predicates or verb or low in _AUX or (low in skips and tok.pos in ("V", "R")):
            found = found or low in predicates or verb
        elif tok.text == "," or (tok.pos in ("A", "R") and low not in _words()[0]):
            m -= 1
            continue  # tentative: kept only if a verb comes before it ("tăng mạnh", "giảm,")
        else:
            base = _comparison_start(tokens, m)
            if base is None:
                break
            m = base  # "giảm đáng kể so với vụ trước, chỉ đạt": over the comparison base
            continue
        m -= 1
        committed = m
    if m == 0 and edge is not None:
        edge.append("left")  # the verb group reaches the window's start: the subject lies further left
    if (
        committed < k
        and committed > 0
        and (found or linked)
        and _nounish(tokens[committed - 1])
        and _has_noun(tokens[max(0, committed - 3) : committed])
    ):
        return committed, True
    return k, False


def _comparison_start(tokens: list[Token], m: int) -> int | None:
    """Index of "so"/"so với" opening a comparison base that ends at tokens[m - 1], if any."""
    for n in range(m - 1, max(-1, m - 9), -1):
        low = _low(tokens[n])
        if low in ("so", "so với"):
            return n
        if tokens[n].text in _LIST_END or tokens[n].text == ",":
            return None
    return None


def _time_token(low: str) -> bool:
    """One token for a whole time phrase, as the segmenter joins them: "năm ngoái", "tháng này"."""
    words = low.split()
    return len(words) > 1 and words[0] in _TIME_WORDS and all(w in _TIME_EXTRA for w in words[1:])


def _skip_time(tokens: list[Token], k: int) -> int:
    """Step back over a time phrase between the subject and its predicate: "… đến hết năm 2015",
    "… đến thời điểm 30/6/2016", "… 6 tháng ước đạt", "… năm nay"."""
    j = k
    steps = 0
    while j > 0 and steps < 7:
        tok = tokens[j - 1]
        low = _low(tok)
        if (
            _is_number(tok)
            and (low[:1].isdigit() or (j > 1 and _low(tokens[j - 2]) in _TIME_WORDS))
            or low in _TIME_WORDS
            or low in _TIME_PREPS
            or low in _TIME_EXTRA
            or low in _DAY_DEICTICS
            or _time_token(low)
        ):
            j -= 1
        else:
            break
        steps += 1
    # Only a phrase that holds a time word or a date is a time phrase.
    if j < k and any(
        _low(t) in _TIME_WORDS or _low(t) in _DAY_DEICTICS or _time_token(_low(t)) or "/" in t.text
        for t in tokens[j:k]
    ):
        return j
    return k


# The previous figure's comparison base, written after it.
_BASE_BEFORE = re.compile(r"^so (?:với )?[^;:.,!?()]{1,40}?(?= và$|, và$|,$)")
# "… tại X và M", "… tại X; M": figures told apart only by their place.
_PLACE_PAIR = re.compile(r"^(?:tại|ở) [^;,.:!?()\d]{1,60}?(?:;| và|,)$")
# "; tại X giảm": a clause that opens with its place and goes on with a predicate.
_PLACE_CLAUSE = re.compile(r"^[;,] *(?:tại|ở) [^;,.:!?()\d]{1,60}? ((?:\S+ ?){1,3})$")


def continues(text: str, previous_end: int, previous_subject: str | None, start: int) -> bool:
    """Does a figure without a subject of its own share the previous figure's? Yes when only a
    comma or a bracket and a verb separate them ("đạt 1.200 tỷ đồng, tăng 12%", "822.000 cổ phần,
    chiếm 0,183%", "18,3 tỷ baht (khoảng 450,75 triệu USD)"), or when a short stretch of the same
    clause ends in a predicate ("1.495,4 tỷ đồng và đến 30/9 thì tăng lên 2.175,1 tỷ đồng trước
    khi đạt 2.389,9 tỷ đồng", "từ 59,7 USD trong ngày 15-3 lên 64 USD")."""
    between = text[previous_end:start].strip()
    if between.lower().endswith(("phạt", "phạt tiền")):
        return False  # "45 vụ vi phạm, xử phạt 300 triệu đồng": a fine names no subject
    if previous_subject and previous_subject in between:
        # The subject written after the figure ("7 triệu đồng để nuôi X - chiếm 70%").
        between = between[between.index(previous_subject) + len(previous_subject) :].strip()
    words = between.split()
    if between[:1] in (",", "(", "-") and len(words) <= 3 and ";" not in between:
        return True
    between = _BASE_BEFORE.sub("", between).strip()  # "tăng 30,4% so với cùng kỳ và 3,7% so với tháng trước"
    if between in ("và", ", và", "hoặc"):
        return True  # "Nhật Bản là 26,9% và 1,6%": a pair of figures said of one subject
    if _PLACE_PAIR.match(between):
        return True  # "25.000 đồng/kg tại Kiên Giang; 22.000 đồng/kg tại Trà Vinh": one subject by place
    place = _PLACE_CLAUSE.match(between)
    if place is not None:
        # "giá thu mua tại Vĩnh Long đã giảm …; tại An Giang giảm 8.000 đồng/kg": the next place's
        # clause names only its place, so the previous clause's subject carries over.
        between = place.group(1)
    if not words or len(words) > _MAX_CHAIN or any(ch in between for ch in ";:.!?|\n"):
        return False
    predicates = _words()[2]
    tail = [w.strip(",()").lower() for w in words[-3:]]
    return any(" ".join(tail[n:]) in predicates for n in range(len(tail)))


def table_subject(text: str, start: int, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """In a table row ("Lúa | 9.820 | 6,1", cells joined by " | " as the report readers write
    them) a figure's subject stays inside its own cell; when that cell names none, the row label
    (the first cell with words, before the figure's) is the subject."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if CELL_SEP not in line:
        return span
    cells: list[tuple[int, int]] = []
    pos = line_start
    for cell in line.split(CELL_SEP):
        cells.append((pos, pos + len(cell)))
        pos += len(cell) + len(CELL_SEP)
    own = next((n for n, (a, b) in enumerate(cells) if a <= start < b), None)
    if own is None:
        return span
    a, b = cells[own]
    if span is not None and a <= span[0] and span[1] <= b:
        return span
    for a, b in cells[:own]:
        cell = text[a:b]
        if any(ch.isalpha() for ch in cell):
            lead = len(cell) - len(cell.lstrip())
            return a + lead, a + len(cell.rstrip())
    return None


# Clause breaks for the text-only reading of a clause head.
_HEAD_BREAKS = ",;:()|\n"
# A clause head never opens with these: the stretch is an adverbial, not a subject.
_HEAD_NO_START = frozenset(
    {
        "tại", "ở", "trên", "trong", "với", "từ", "theo", "khi", "nếu", "để", "do", "vì", "sau",
        "trước", "đến", "qua", "bởi", "nhờ", "so", "dưới", "vào", "hồi", "lúc", "cho", "của",
        "là", "có", "được", "bị", "mà", "thì", "nên", "gồm", "như", "mỗi", "đối", "mặc dù", "dù", "tuy",
    }
)  # fmt: skip
# A clause-head subject ends before these (time and place adverbials, "giá dầu thô trong những
# phiên gần đây"); "của"/"cho" stay inside ("mức chi cho bản thân").
_HEAD_CUT = frozenset(
    {"trong", "tại", "ở", "vào", "theo", "khi", "so", "sau", "đến", "hồi", "lúc", "nhờ", "do", "vì", "để"}
)  # fmt: skip
_HEAD_MAX = 12
# The whole stretch from the clause head to its verb group, cut or not ("giá dầu thô trong những
# phiên giao dịch gần đây"): a longer one is no subject phrase.
_HEAD_STRETCH = 20
# Words that show a verb group of its own inside the head ("SIA chỉ dự báo ở mức").
_HEAD_NOT_INSIDE = frozenset(
    {"là", "có", "chỉ", "đã", "đang", "sẽ", "vẫn", "cũng", "đều", "phải", "không", "chưa", "mỗi", "hãy", "cần", "bị"}
)  # fmt: skip


# A predicate word after these names a measure ("mức tăng", "tốc độ tăng"), not a predicate.
@cache
def _measure_heads() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "measure_heads.txt")))


def _measure_head(word: str) -> bool:
    """A measure noun a verb may follow as its modifier ("sản lượng xuất khẩu", "mức tăng")."""
    heads = _measure_heads()
    return word in heads or word.rsplit(" ", 1)[-1] in heads


def _skip_openers(words: list[str], openers: frozenset[str]) -> int:
    """Index of the first word after the clause openers ("trong đó", "riêng", …) a clause starts with."""
    i = 0
    while i < len(words):
        n = next((n for n in (3, 2, 1) if " ".join(words[i : i + n]).lower() in openers), 0)
        if not n:
            break
        i += n
    return i


@cache
def _head_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Clause openers, the verb group's vocabulary, and its verbs (lower case phrases)."""
    lex = lexicon()
    stops, skips, predicates = _words()
    openers = frozenset(load_words(data_path(__file__, "subject_openers.txt")))
    verbs = set(predicates) | clause_verbs() | _AUX
    verbs -= {"mức", "tổng", "tổng cộng", "khoảng", "ước", "xấp xỉ"}
    vocab = set(verbs) | skips | set(load_words(data_path(__file__, "subject_gap_words.txt")))
    for table in (lex.qualifiers, lex.changes, lex.change_fillers):
        for phrases in table.by_first.values():
            vocab.update(" ".join(p.tokens) for p in phrases)
    return openers, frozenset(vocab), frozenset(verbs)


def _phrase_back(words: list[str], k: int, vocab: frozenset[str]) -> int:
    """Start of the longest phrase of `vocab` (up to three syllables) ending at words[k - 1], or k."""
    for n in (3, 2, 1):
        if k - n >= 0 and " ".join(words[k - n : k]).lower() in vocab:
            return k - n
    return k


def clause_head(text: str, lower: int, start: int, end: int | None = None) -> tuple[int, int] | None:
    """The subject read from the text alone when the tagged window found none: the noun phrase at
    the head of the figure's clause, before a verb group that runs up to the figure ("giá dầu thô
    trong những phiên gần đây đã liên tục tăng từ …" → "giá dầu thô"). `lower` bounds the clause on
    the left (the sentence start or the previous figure's end). An action verb in the group
    ("bị phạt"), a clause opening with a preposition or a head longer than a noun phrase: None."""
    openers, vocab, verbs = _head_words()
    a = max([lower] + [text.rfind(ch, lower, start) + 1 for ch in _HEAD_BREAKS])
    spans: list[tuple[int, int]] = []
    pos = a
    for word in text[a:start].split():
        at = text.index(word, pos)
        spans.append((at, at + len(word)))
        pos = at + len(word)
    words = [text[s:e] for s, e in spans]
    # The verb group, read back from the figure.
    k, has_verb = len(words), False
    while k > 0:
        back = _phrase_back(words, k, vocab)
        if back == k:
            break
        phrase = " ".join(words[back:k]).lower()
        has_verb = has_verb or phrase in verbs or any(w in verbs for w in phrase.split())
        k = back
    # A figure that opens its clause and ends it ("nợ nhiều nhất, khoảng 5.160 tỷ đồng (…)"), or
    # one after a bare verb group, continues the clause before the comma.
    closes = end is not None and text[end : end + 2].strip()[:1] in ("", ",", ";", ".", "(")
    if k == 0 and (has_verb or (not words and closes)) and a > lower and text[a - 1] == ",":
        return _chain_head(text, lower, a - 1)  # "giá dầu tăng mạnh, đạt …, giao dịch quanh 85 USD"
    if not has_verb or k == 0 or k == len(words):
        return None
    # What opens the clause before its head ("Hiện giá …", "Trong khi châu Âu …").
    i = 0
    while i < k:
        # Openers, and adverbs of the verb group's vocabulary ("ước tính nguồn tăng này đạt"); a
        # preposition ("từ năm 2008 sẽ tăng") is no adverb here.
        n = next((n for n in (3, 2, 1) if i + n <= k and " ".join(words[i : i + n]).lower() in openers), 0)
        if not n and words[i].lower() not in _HEAD_NO_START:
            # Only phrases: a single word may open a compound noun ("chỉ số", "trung bình").
            n = next((n for n in (3, 2) if i + n <= k and " ".join(words[i : i + n]).lower() in vocab), 0)
        if not n:
            break
        i += n
    if i >= k or k - i > _HEAD_STRETCH or words[i].lower() in _HEAD_NO_START or not words[i][:1].isalpha():
        return None
    j = i + 1
    while j < k and words[j].lower() not in _HEAD_CUT:
        j += 1
    lows = [w.lower() for w in words[i:j]]
    ids = lexicon().id_prefixes.by_first
    if j - i > _HEAD_MAX or any(
        w in _HEAD_NOT_INSIDE
        or w.endswith(".")
        or (w[:1].isdigit() and not (n > 0 and lows[n - 1] in ids))  # "căn hộ số 101" is a name
        for n, w in enumerate(lows)
    ):
        return None  # another verb group or a number inside: no plain noun phrase
    if j - i == 1 and not words[i][:1].isupper():
        return None  # one lower-case syllable ("kêu bán", "trẻ lúc 4 tuổi"): rather a verb or a fragment
    for n, w in enumerate(lows):
        after = lows[n + 1] if n + 1 < len(lows) else ""
        if (
            w in _words()[2]
            and n > 0
            and not _measure_head(lows[n - 1])
            and after not in _DEMONSTRATIVES
            and f"{w} {after}" != "còn lại"
        ):
            return None  # "mức dự báo này tăng đáng kể so với …": the head has its own predicate
    return spans[i][0], spans[j - 1][1]


@cache
def _object_verbs() -> frozenset[str]:
    return frozenset(load_words(data_path(__file__, "subject_object_verbs.txt")))


# A time phrase that closes a subject before its predicate ("tổng số lao động tại thời điểm công
# bố … là 464 người").
_TIME_TAIL = re.compile(r"\s+(?:tại|vào|trong|đến|tính đến) thời điểm\b")


# Words that show another clause inside a change verb's object ("hạ tầng … bị phạt từ").
_OBJECT_NOT_INSIDE = frozenset({"bị", "phạt", "xử phạt", "là", "đã", "sẽ", "đang", "phải", "chỉ"})
# "từ" right before the figure, or "từ N … lên/xuống" before the second one of the pair.
_FROM_TO = re.compile(
    r"(?:^|\s)từ\s*$|(?:^|\s)từ\s+\d[\d.,]*[^,;:]{0,40}?\s(?:lên|xuống|đến|tới)(?: mức)?\s*$"
)


def changed_object(text: str, lower: int, start: int) -> tuple[int, int] | None:
    """ "tăng lương tối thiểu chung cho người lao động từ 290.000 đồng lên 350.000 đồng": the object
    of a change verb right before "từ N" is what both figures measure. `lower` is the sentence
    start."""
    before = text[lower:start].lower()
    if text[start : start + 3].lower() == "từ ":
        before += " từ"  # the figure's span holds "từ" ("tăng giá từ 10 - 20%")
    cut = _FROM_TO.search(before)
    if cut is None:
        return None
    words = _word_spans(text, lower, lower + cut.start())
    vocab = _head_words()[1]
    for n in range(len(words) - 1, max(-1, len(words) - 14), -1):
        w = text[words[n][0] : words[n][1]]
        if not w[:1].isalpha():
            return None  # a comma, a bracket or a number: no plain object
        if w.lower() in _object_verbs() and n + 1 < len(words):
            first = text[words[n + 1][0] : words[n + 1][1]].lower()
            if first in vocab or first in _HEAD_NO_START:
                return None  # "tăng mạnh từ": an adverb, not an object
            if any(text[x:y].lower() in _OBJECT_NOT_INSIDE for x, y in words[n + 1 :]):
                return None  # "… bị phạt từ": the verb before belongs to another clause
            return words[n + 1][0], words[-1][1]
    return None


def with_clause_head(
    text: str, s_start: int, lower: int, start: int, span: tuple[int, int] | None, end: int | None = None
) -> tuple[int, int] | None:
    """The tagged subject, or the clause head when the window named none or only the object of a
    place or time preposition ("… ở các khu công nghiệp phía Bắc trong năm qua vẫn tăng 7%"); the
    object of a change verb before "từ N" wins ("tăng lương tối thiểu từ …")."""
    changed = changed_object(text, s_start, start)
    if changed is not None:
        return changed
    if span is not None and span[1] <= start:
        tail = _TIME_TAIL.search(text, span[0], span[1])
        if tail is not None and tail.start() > span[0]:
            span = (span[0], tail.start())  # "… tại thời điểm công bố …" closes the subject
    if span is not None:
        if span[1] > start:
            return span
        before = text[lower : span[0]].split()
        while before and before[-1].lower() in ("các", "những", "một"):
            before.pop()
        last = text[span[0] : span[1]].split()[-1].lower()
        # A phrase that ends in the predicate ("bia tươi giảm") is no subject either.
        if (not before or before[-1].lower() not in _HEAD_CUT | {"từ", "của"}) and last not in _words()[2]:
            return span
    head = clause_head(text, lower, start, end)
    if head is None or (span is not None and head[0] > span[0]):
        return span
    return head


def sentence_head(text: str, s_start: int, start: int) -> tuple[int, int] | None:
    """The subject of the sentence, read from the text: the noun phrase before the first verb of
    the first clause that opens with one ("Theo bác sĩ, lymphoma đường ruột là …, chiếm 15-25% ca
    …" → "lymphoma đường ruột"). For a share ("chiếm N%") whose own clause names no subject."""
    openers, _, verbs = _head_words()
    pos = s_start
    for chunk in text[s_start:start].split(","):
        a, pos = pos, pos + len(chunk) + 1
        spans: list[tuple[int, int]] = []
        at = a
        for word in chunk.split():
            at = text.index(word, at)
            spans.append((at, at + len(word)))
            at += len(word)
        words = [text[x:y] for x, y in spans]
        i = _skip_openers(words, openers)
        if i >= len(words) or words[i].lower() in _HEAD_NO_START or not words[i][:1].isalpha():
            continue
        j = i
        while j < len(words) and words[j].lower() not in verbs and words[j].lower() not in _HEAD_CUT:
            j += 1
        if j == i or j >= len(words) or words[j].lower() not in verbs or j - i > _HEAD_MAX:
            return None
        if any(w[:1].isdigit() or w.lower() in _HEAD_NOT_INSIDE for w in words[i:j]):
            return None
        return spans[i][0], spans[j - 1][1]
    return None


# Words that make the figures after them a distributive list ("lần lượt 423 tỷ đồng; 227 tỷ đồng
# và 298,7 tỷ đồng", "tương ứng 2.170 tỷ đồng và 1.945 tỷ").
_DISTRIBUTIVE = ("lần lượt", "tương ứng")
_ITEM_MAX = 6
_LIST_REACH = 25  # words between the end of the list of items and the marker, at most


def _word_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Words and punctuation marks of text[a:b] with their offsets."""
    return [(a + m.start(), a + m.end()) for m in re.finditer(r"\w+|[^\w\s]+", text[a:b])]


def distributive(
    text: str, s_start: int, s_end: int, figures: list[tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """Figures of a distributive list paired with the items named before it, in order:
    "Bình Dương, An Giang và Đồng Nai … lần lượt 423 tỷ đồng; 227 tỷ đồng và 298,7 tỷ đồng" → the
    three places; "Hà Nội, TP HCM là …, tương ứng N và M" → the two cities. Index of the figure →
    the item's span; nothing when no list of exactly as many items stands before the marker."""
    out: dict[int, tuple[int, int]] = {}
    low = text[s_start:s_end].lower()
    stops, _, _ = _words()
    verbs = _head_words()[2]
    for marker in _DISTRIBUTIVE:
        at = low.find(marker)
        while at >= 0:
            m = s_start + at
            group = _group_after(text, m + len(marker), figures)
            at = low.find(marker, at + 1)
            if len(group) < 2:
                continue
            toks = _word_spans(text, s_start, m)
            items = _items_before(text, toks, len(group), stops | verbs)
            for n, span in zip(group, items, strict=False):
                out[n] = span
    return out


def _group_after(text: str, a: int, figures: list[tuple[int, int]]) -> list[int]:
    """Indices of the figures that follow offset `a` joined only by ",", ";", "và"."""
    group: list[int] = []
    for n, (fa, fb) in enumerate(figures):
        if fa < a:
            continue
        gap = text[a:fa].strip().lower()
        if group and gap not in ("", ",", ";", "và", ", và", "; và"):
            break
        if not group and len(gap.split()) > 3:
            break  # "lần lượt là", "tương ứng đạt": only a short verb between
        group.append(n)
        a = fb
    return group


def _items_before(
    text: str, toks: list[tuple[int, int]], n: int, stops: frozenset[str]
) -> list[tuple[int, int]]:
    """The rightmost whole list of exactly n short items ("A, B và C") among toks."""

    def is_word(k: int) -> bool:
        w = text[toks[k][0] : toks[k][1]]
        return w[:1].isalpha() and w.lower() not in stops

    def is_sep(k: int) -> bool:
        return text[toks[k][0] : toks[k][1]].lower() in (",", "và")

    for start in range(len(toks) - 1, -1, -1):
        if len(toks) - start > _LIST_REACH + n * (_ITEM_MAX + 1):
            break
        if not is_word(start) or (start > 0 and (is_word(start - 1) or is_sep(start - 1))):
            continue  # a list starts after a word that is no item
        items: list[tuple[int, int]] = []
        k = start
        while True:
            e = k
            while e < len(toks) and is_word(e):
                e += 1
            if e - k > _ITEM_MAX:
                items = []  # too long for a named item
                break
            items.append((toks[k][0], toks[e - 1][1]))
            s = e
            while s < len(toks) and is_sep(s):
                s += 1
            if s == e or s >= len(toks) or not is_word(s):
                k = e
                break
            k = s
        if len(items) == n and len(toks) - k <= _LIST_REACH:
            return items
    return []


def share_list_continues(text: str, previous_end: int, start: int) -> bool:
    """After a share ("chiếm 15-25% ca ung thư ruột non, gần 5% ca ung thư dạ dày và 0,2-1% …")
    the next figure of the same list is a share of the same subject: only its noun phrase and a
    comma or "và" stand between them."""
    between = text[previous_end:start]
    words = between.replace(",", " , ").split()
    if not words or words[-1] not in (",", "và") or len(words) > _MAX_LIST_ITEM + 4:
        return False
    verbs = _head_words()[2]
    return not any(ch in between for ch in ";:.!?()\n") and not any(w.lower() in verbs for w in words)


def named_before(
    text: str, tokens: list[Token], after: tuple[int, int], before: tuple[int, int] | None
) -> tuple[int, int]:
    """ "cổ phần bán ưu đãi cho người lao động là 822.000 cổ phần": when "là" links a phrase to the
    figure and the noun after the number only repeats a word of that phrase (a generic noun used
    as a unit), the phrase before names what is counted."""
    if before is None or before[1] > after[0]:
        return after
    noun = text[after[0] : after[1]].lower()
    link = next((t for t in tokens if t.start >= before[1]), None)
    if link is None or _low(link) != "là" or len(noun.split()) > 2:
        return after
    phrase = text[before[0] : before[1]].lower()
    if f" {noun} " not in f" {phrase} " or len(phrase.split()) <= len(noun.split()):
        return after
    return before


_CHAIN_CLAUSES = 3


def _chain_head(text: str, lower: int, end: int) -> tuple[int, int] | None:
    """The head of a chain of comma clauses that share one subject: back over clauses that open
    with a verb ("đạt mức cao nhất trong hai năm qua") to the one that opens with a noun phrase
    and its verb ("giá dầu thô tăng mạnh") → that noun phrase."""
    openers, _, verbs = _head_words()
    for _ in range(_CHAIN_CLAUSES):
        a = max([lower] + [text.rfind(ch, lower, end) + 1 for ch in _HEAD_BREAKS])
        spans = _word_spans(text, a, end)
        words = [text[x:y] for x, y in spans]
        i = _skip_openers(words, openers)
        if i < len(words) and _phrase_back(words, i + 1, verbs) == i:
            if a <= lower or text[a - 1] != ",":
                return None
            end = a - 1  # a clause that opens with its verb: the subject lies before
            continue
        if i >= len(words) or words[i].lower() in _HEAD_NO_START or not words[i][:1].isalpha():
            return None
        j = next((n for n in range(i + 1, len(words)) if _starts_verb(words, n, verbs)), None)
        if j is None or j - i > _HEAD_MAX:
            return None
        cut = next((n for n in range(i + 1, j) if words[n].lower() in _HEAD_CUT), j)
        lows = [w.lower() for w in words[i:cut]]
        if any(w in _HEAD_NOT_INSIDE or not w[:1].isalpha() for w in lows):
            return None
        return spans[i][0], spans[cut - 1][1]
    return None


def _starts_verb(words: list[str], n: int, verbs: frozenset[str]) -> bool:
    return any(" ".join(words[n : n + m]).lower() in verbs for m in (1, 2, 3))
