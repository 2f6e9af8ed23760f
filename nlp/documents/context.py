"""Fields read from around a reference: cited part before it; issue date, issuer and title after it."""

from __future__ import annotations

import re
from functools import cache

from nlp.documents.tables import alternation, issuer_heads, issuer_stops, title_stops

# ---- part: "khoản 1, 2 Điều 8 (của) Nghị định …" → "Điều 8, khoản 1, 2" -------------------------
_UNIT = r"(?:điểm|khoản|điều|chương|mục|phần|phụ\s+lục)"
_VALUE = r"(?:\d{1,3}[a-zđ]?|[a-zđ]|[IVXLC]{1,6})(?!\w)"
_VALUES = rf"{_VALUE}(?:\s*(?:,|và|đến|-)\s*{_VALUE})*"
_PART_TAIL = re.compile(
    rf"(?P<part>(?:{_UNIT}\s+{_VALUES}\s*,?\s*)+)(?:(?:của|tại|theo|ban\s+hành\s+kèm\s+theo|kèm\s+theo)\s+)?\Z",
    re.IGNORECASE,
)
_PART_ITEM = re.compile(rf"(?P<unit>{_UNIT})\s+(?P<values>{_VALUES})", re.IGNORECASE)
# Largest unit first, as SPEC writes it ("Điều 8, khoản 1, 2").
_PART_ORDER = {"phụ lục": 0, "phần": 1, "chương": 2, "mục": 3, "điều": 4, "khoản": 5, "điểm": 6}
_PART_NAME = {
    "phụ lục": "Phụ lục",
    "phần": "Phần",
    "chương": "Chương",
    "mục": "Mục",
    "điều": "Điều",
    "khoản": "khoản",
    "điểm": "điểm",
}


def part_before(text: str, start: int) -> str | None:
    """The cited part written right before a reference, largest unit first, or None."""
    m = _PART_TAIL.search(text, max(0, start - 160), start)
    if not m:
        return None
    items = []
    for item in _PART_ITEM.finditer(m.group("part")):
        unit = re.sub(r"\s+", " ", item.group("unit").lower())
        items.append((_PART_ORDER[unit], f"{_PART_NAME[unit]} {item.group('values').strip()}"))
    items.sort(key=lambda x: x[0])
    return ", ".join(v for _, v in items) or None


# ---- issue date: "… ngày 12/3/2023", "ngày 12 tháng 3 năm 2023", "ngày 12-3" -----------------------
_DATE_AFTER = re.compile(
    r"\s*,?\s*\(?\s*(?:(?:được\s+)?(?:ban\s+hành|ký|thông\s+qua|công\s+bố)\s+)?"
    r"(?:ng[àa]y\s+(?P<d>\d{1,2})\s*(?:(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/])"
    r"|\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:,\s*)?năm\s+(?P<y2>\d{4}))?)"
    r"|năm\s+(?P<y3>(?:19|20)\d{2})(?!\d))"
)


def date_after(text: str, end: int) -> tuple[str | None, int]:
    """The issue date written right after a reference as ISO (partial: "XXXX-03-12"), and where it ends."""
    m = _DATE_AFTER.match(text, end)
    if not m:
        return None, end
    if m.group("y3"):
        return m.group("y3"), m.end()
    day = int(m.group("d"))
    month = int(m.group("m") or m.group("m2"))
    year = m.group("y") or m.group("y2")
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None, end
    stop = m.end()
    if text[m.start() : stop].lstrip(" ,").startswith("(") and text[stop : stop + 1] == ")":
        stop += 1
    return f"{year or 'XXXX'}-{month:02d}-{day:02d}", stop


# ---- issuer named in the text: "… của Bộ Chính trị", "… do UBND tỉnh ban hành", "X ban hành …" ------
_TOKEN = re.compile(r" +(?P<w>[^\s,.;:()\"]+)")


@cache
def head_alternation() -> str:
    """Regex alternation of the words that open an issuing body's name."""
    return alternation(issuer_heads())


@cache
def _issuer_after() -> re.Pattern[str]:
    return re.compile(rf"\s*,?\s*(?:của|do)\s+(?P<head>{head_alternation()})(?!\w)")


@cache
def _head_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{head_alternation()})(?!\w)")


_ISSUED_BY = re.compile(r"\s+(?:(?:vừa|đã|mới|chính\s+thức|cũng)\s+)*(?:ký\s+)?ban\s+hành\s+\Z")


# Head words that name no body on their own ("Bộ", "Sở"), unlike "Chính phủ" or "UBND".
_NAMELESS_HEADS = frozenset({"Bộ", "Ban", "Sở", "Cục", "Tổng cục", "Ủy ban", "Hội đồng", "Văn phòng", "Viện"})


# Word pairs inside a body's name whose first word alone would end it ("cấp cao" vs "do Sở cấp").
_BODY_PAIRS = frozenset({"cấp cao", "cấp tỉnh", "cấp huyện", "cấp xã"})


def body_end(text: str, pos: int) -> int:
    """End of an issuing body's name whose head word ends at `pos` ("UBND" → "UBND thành phố")."""
    stops = issuer_stops()
    end = pos
    for _ in range(12):
        w = _TOKEN.match(text, end)
        if not w:
            break
        word = w.group("w")
        nxt = _TOKEN.match(text, w.end())
        pair = f"{word} {nxt.group('w')}" if nxt else word
        if pair in stops:
            break
        if pair in _BODY_PAIRS:
            end = nxt.end("w") if nxt else w.end("w")
            continue
        # "Bộ Giáo dục và Đào tạo", "Tòa án nhân dân cấp cao tại Đà Nẵng" go on past "và", "tại".
        if word in stops and (word not in ("và", "tại") or not nxt or not nxt.group("w")[0].isupper()):
            break
        end = w.end("w")
    return end


def issuer_after(text: str, end: int) -> tuple[tuple[int, int] | None, int]:
    """The span of the issuing body named right after a reference ("của …", "do …"), and its end."""
    m = _issuer_after().match(text, end)
    if not m:
        return None, end
    stop = body_end(text, m.end("head"))
    if stop == m.end("head") and m.group("head") in _NAMELESS_HEADS:
        return None, end  # "do Bộ cấp": a head word that needs a name after it
    return (m.start("head"), stop), stop


def issuer_before(text: str, start: int) -> tuple[int, int] | None:
    """The body that issues the reference in "<body> (vừa) ban hành <reference>", as a span."""
    window = max(0, start - 120)
    found = None
    for m in _head_re().finditer(text, window, start):
        stop = body_end(text, m.end())
        if _ISSUED_BY.match(text[stop:start]):
            found = (m.start(), stop)
    return found


# ---- title: 'về "…"', 'về việc …', '"…"' right after the reference (its date and issuer skipped) -----
_OF_PHRASE = re.compile(r"\s*,?\s*của\s+")
# Words that end an issuer phrase being skipped: after them "về" no longer introduces the title.
_CLAUSE_WORDS = frozenset(
    ["về", "quy", "hướng", "ban", "sửa", "bổ", "đã", "được", "có", "là", "và", "nhằm", "để", "thì", "tại"]
    + ["theo", "trong", "với", "đang", "sẽ", "cũng", "không"]
)
_WORD = re.compile(r"\s+(?P<w>[^\s,.;:()\"]+)")
# "về việc" introduces a title the same way as "về"; "việc" is not part of it (tests/gold/README.md).
_ABOUT = re.compile(r"\s*,?\s*(?:(?:quy\s+định|hướng\s+dẫn)\s+)?(?:về(?:\s+việc)?|V/v)\s+")
_QUOTED = re.compile(r'\s*"(?P<t>[^"\n]{2,400})"')
_TITLE_MAX_WORDS = 30  # longer unquoted "titles" are the rest of a sentence
_CONNECTIVE_TAIL = re.compile(r"(?:\s*,|\s+và|\s+hoặc|\s+các|\s+tại)*\s*\Z")
_TITLE_END = re.compile(r'[.;:()\n"?!]|\s-\s')


def skip_of_phrase(text: str, pos: int) -> int:
    """Skip "của <body …>" (up to 12 words, no clause word, no punctuation); stay put if none."""
    m = _OF_PHRASE.match(text, pos)
    if not m:
        return pos
    p = m.end() - 1
    for _ in range(12):
        w = _WORD.match(text, p)
        if not w or w.group("w") in _CLAUSE_WORDS:  # lower case only: "Ban Bí thư" is a name
            break
        p = w.end()
    return p


@cache
def _title_stop() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?i:{alternation(list(title_stops()))})(?!\w)")


def title_after(
    text: str, pos: int, next_ref: int | None, quoted_only: bool = False
) -> tuple[int, int] | None:
    """The title's span right after position `pos` (quoted, or after "về"), or None."""
    q = _QUOTED.match(text, pos)
    if q:
        return q.start("t"), q.end("t")
    a = None if quoted_only else _ABOUT.match(text, pos)
    if not a:
        return None
    q = _QUOTED.match(text, a.end())
    if q:
        return q.start("t"), q.end("t")
    start = a.end()
    limit = min(len(text), start + 300, next_ref if next_ref is not None else len(text))
    stop = _TITLE_END.search(text, start, limit)
    end = stop.start() if stop else limit
    if stop is None and limit == start + 300:
        return None
    title = text[start:end]
    stop_m = _title_stop().search(title, 1)
    if stop_m:
        title = title[: stop_m.start()]
        if title_stops()[re.sub(r"\s+", " ", stop_m.group().lower())] == "clause" and "," in title:
            # "về X, các doanh nghiệp đã …": the words after the last comma are the new clause's subject.
            title = title[: title.rindex(",")]
    title = _CONNECTIVE_TAIL.sub("", title)
    if next_ref is not None and end == next_ref:
        # Cut the connective before the next reference ("… về X và Nghị quyết 19 …").
        title = _CONNECTIVE_TAIL.sub("", title)
    if len(title.split()) > _TITLE_MAX_WORDS:
        # A run-on: keep the part before the first comma, if that is a plausible title.
        title = title.split(",", 1)[0] if "," in title else ""
        if len(title.split()) > _TITLE_MAX_WORDS:
            return None
    end = start + len(title.rstrip(" ,"))
    return (start, end) if end > start else None
