"""Regex rules that find temporal expressions in canonical text and read their meaning (one span each)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nlp.dates import lexicon as lx
from nlp.dates.lunar import CAN, CHI
from nlp.dates.timex import Duration, Point
from nlp.langdata import data_path, load_words
from nlp.numbers import NUMBER_WORDS, parse_number_words


@dataclass(frozen=True)
class Cand:
    """A candidate mention: a point, an interval (two points), a duration (or a range), a set."""

    start: int
    end: int
    kind: str  # point | interval | duration | set
    rule: str
    point: Point | None = None
    point2: Point | None = None
    duration: Duration | None = None
    duration2: Duration | None = None
    value: str | None = None  # a set's value, or "cùng kỳ"'s explicit year
    mod: str | None = None


Handler = Callable[[re.Match[str], str], Cand | None]
FLAGS = re.IGNORECASE

# ---------------------------------------------------------------------------------------------
# Building blocks
NS = r"(?<![\w.,/:])"  # a number starts here (not inside "1.234", "1/2", "A12")
NE = r"(?![\w/]|[.,]\d|-(?!T\d)[^\W\d_])"  # … and ends here (not "2005/NĐ-CP", "1,5", "01-ĐA")
POD = lx.alternation(lx.PARTS_OF_DAY)
WD = lx.alternation(lx.WEEKDAYS)
MONTHW = lx.alternation(lx.MONTHS)
POS = lx.alternation(lx.POSITION_MODS)
AMOUNT = lx.alternation(lx.AMOUNT_MODS)
UNIT = lx.alternation(lx.UNITS)
VAGUE = rf"(?:{lx.alternation(lx.VAGUE)})(?:\s+(?:chục|trăm|nghìn|ngàn|triệu))?"
NUMW = lx.alternation(w for w in NUMBER_WORDS if w not in ("linh", "lẻ", "phẩy", "chục"))
NUMWS = rf"(?:{NUMW})(?:\s+(?:{NUMW}|linh|lẻ))*"
NUM = r"\d+(?:,\d+)?"
YEAR4 = r"\d{4}"
BARE_YEAR = r"(?:1[89]\d\d|20\d\d)"
YEAR_REL = r"nay|ngoái|trước|tới|sau|kia|rồi"
CANCHI = rf"(?:{lx.alternation(CAN)})\s+(?:{lx.alternation(CHI)}|Tị)"
DAYWORD = r"ngày|hôm|mùng|mồng"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
# Day-grain prefixes: part of day, weekday, "ngày".
PREFIX = (
    rf"(?:(?P<pod>{POD})\s+)?(?:(?P<wd>{WD})\s*(?:,\s*|-\s*)?)?"
    rf"(?:(?P<dw>{DAYWORD})\s+)?"
)
LUNAR_SUFFIX = r"(?P<al>\s*\(?\s*(?:âm\s+lịch|ÂL)\b(?:\s*\))?)?"

HOLIDAY_NAMES = lx.alternation(lx.HOLIDAYS)
_STRONG_CUE_BEFORE = re.compile(
    rf"\b(?:{DAYWORD}|dịp|phiên|giao dịch|lễ|{POD}|{WD}|{HOLIDAY_NAMES})\s*,?\s*$", FLAGS
)
_CUE_BEFORE = re.compile(
    rf"(?:\b(?:{DAYWORD}|từ|đến|tới|vào|trước|sau|hết|lúc|giờ|phút|và|hoặc|qua|nay|đêm|dịp|phiên|giao dịch|{POD}|{WD}|"
    r"kể từ|cho đến|ra ngày|đầu|giữa|cuối|trong)|\d+h\d*|[(-])\s*,?\s*$",
    FLAGS,
)
_TET_MODIFIES = re.compile(
    rf"\b(?:{lx.alternation(load_words(data_path(lx.__file__, 'tet_modifies.txt')))})\s+$", FLAGS
)
_DAY_DEICTIC_BEFORE = re.compile(rf"\b(?:hôm nay|hôm qua|ngày mai|nay|qua|mai|{POD})\s*,?\s*$", FLAGS)
_NOT_DATE_BEFORE = re.compile(rf"\b(?:{lx.alternation(lx.NOT_DATE_BEFORE)})\s*$", FLAGS)
# Before "N giờ": words that make it an amount of hours. Strong ones hold even with minutes
# ("trong 2 giờ 30 phút"); weak ones only for a whole number of hours ("gần 2 giờ" vs "gần 20 giờ 45").
_DURATION_CUE_BEFORE = re.compile(
    r"\b(?:trong|mất|suốt|kéo dài|vòng|được|thêm|cả|mỗi|hàng|hằng|gấp|tổng cộng)\s*$", FLAGS
)
_WEAK_DURATION_CUE_BEFORE = re.compile(
    r"\b(?:sau|chỉ|đầy|hơn|chưa đầy|tối đa|ít nhất|lên tới|khoảng|chừng|gần|trên|dưới)\s*$", FLAGS
)
_DURATION_CUE_AFTER = re.compile(r"^\s*(?:qua|liền|nữa|đồng hồ|tới|nay|trước|sau|làm việc|[/])", FLAGS)
_ORDINAL_BEFORE = re.compile(r"\b(?:thứ|số|khóa|lần|hạng|top|tập|kỳ)\s*$", FLAGS)


def _orig(m: re.Match[str], text: str, group: str) -> str:
    """A group as written: rules match lower-cased text, but case tells "tháng Năm" from "tháng năm"."""
    return text[m.start(group) : m.end(group)]


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        m = int(text)
        return m if 1 <= m <= 12 else None
    return lx.MONTHS.get(lx.key(text))


def _number(text: str) -> float | None:
    """A count written in digits ("3", "1,5") or words ("hai mươi")."""
    t = text.strip()
    if re.fullmatch(NUM, t):
        return float(t.replace(",", "."))
    return parse_number_words(t.lower().split())


def _weekday(m: re.Match[str]) -> int | None:
    wd = m.groupdict().get("wd")
    return lx.WEEKDAYS.get(lx.key(wd)) if wd else None


def _pod(text: str | None) -> tuple[str | None, tuple[int, int] | None]:
    if not text:
        return None, None
    return lx.PARTS_OF_DAY[lx.key(text)]


def _valid_dm(d: int | None, m: int | None) -> bool:
    return d is not None and m is not None and 1 <= d <= 31 and 1 <= m <= 12 and not (m == 2 and d > 29)


def _before(text: str, pos: int, width: int = 40) -> str:
    return text[max(0, pos - width) : pos]


def _after(text: str, pos: int, width: int = 40) -> str:
    """The text right after a match, bounded: never slice the rest of a long document."""
    return text[pos : pos + width]


def _day_point(m: re.Match[str], d: int, mo: int, y: int | None) -> Point:
    pod, pm = _pod(m.groupdict().get("pod"))
    lunar = bool(m.groupdict().get("al"))
    return Point(year=y, month=mo, day=d, pod=pod, pm=pm, weekday=_weekday(m), lunar=lunar)


# ---------------------------------------------------------------------------------------------
# Handlers: each reads one match; returning None drops it.
def h_dmy(m: re.Match[str], text: str) -> Cand | None:
    d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
    if not _valid_dm(d, mo) or _NOT_DATE_BEFORE.search(_before(text, m.start())):
        return None
    return Cand(_after_count(m, text), m.end(), "point", "dmy", _day_point(m, d, mo, y))


def h_dm(m: re.Match[str], text: str) -> Cand | None:
    d, mo = int(m["d"]), int(m["m"])
    if not _valid_dm(d, mo):
        return None
    before = _before(text, m.start())
    if _NOT_DATE_BEFORE.search(before):
        return None
    has_prefix = any(m.groupdict().get(g) for g in ("pod", "wd", "dw"))
    in_parens = before.rstrip().endswith("(") and text[m.end() : m.end() + 1] == ")"
    if m["s"] == "." and not (in_parens or _DAY_DEICTIC_BEFORE.search(before) or m["dw"] or m["pod"]):
        return None  # "22.5" is a day only right after "hôm nay", "ngày" …; else a decimal
    if m["s"] == "-" and not (
        in_parens or m["dw"] or m["pod"] or m["wd"] or m["rel"] or _STRONG_CUE_BEFORE.search(before)
    ):
        return None  # "2-1" is a score, "từ 2-3 người" a range; "ngày 1-5", "dịp 8-3" are dates
    if not (
        has_prefix
        or in_parens
        or m["al"]
        or m["rel"]
        or _CUE_BEFORE.search(before)
        or _STRONG_CUE_BEFORE.search(before)
    ):
        return None  # "2/3 số hộ", "24/7"
    point = _day_point(m, d, mo, None).with_(
        rel=_year_rel(m["rel"]), direction=_DIRECTION.get(lx.key(m["dir"] or ""), 0)
    )
    return Cand(_after_count(m, text), m.end(), "point", "dm", point)


def h_d_thang_m(m: re.Match[str], text: str) -> Cand | None:
    d = _int(m["d"]) if m["d"].isdigit() else _month(m["d"])  # "mùng một": day words = month words
    mo, y = _month(m["m"]), _int(m["y"])
    if d is None or not _valid_dm(d, mo) or not (m["dw"] or y):
        return None
    return Cand(m.start(), m.end(), "point", "d_thang_m", _day_point(m, d, mo or 0, y))


def _position(m: re.Match[str]) -> str | None:
    pos = m.groupdict().get("mod")
    return lx.POSITION_MODS.get(lx.key(pos)) if pos else None


def _year_rel(rel: str | None) -> tuple[str, int] | None:
    if not rel:
        return None
    word = lx.key(rel).split()[-1]
    offsets = {"nay": 0, "này": 0, "ngoái": -1, "trước": -1, "rồi": -1, "kia": -2, "tới": 1, "sau": 1}
    return ("year", offsets[word]) if word in offsets else None


def h_month_year(m: re.Match[str], text: str) -> Cand | None:
    if text[m.start()] == "t" and not m.group(0).startswith("tháng"):
        return None  # "T9/2013" abbreviates tháng only in capitals
    mo, y = _month(m["m"]), int(m["y"])
    if mo is None or _NOT_DATE_BEFORE.search(_before(text, m.start())):
        return None
    lunar = lx.key(m["m"]) in ("giêng", "chạp")
    return Cand(
        m.start(), m.end(), "point", "month_year", Point(year=y, month=mo, lunar=lunar), mod=_position(m)
    )


def h_month(m: re.Match[str], text: str) -> Cand | None:
    mo = _month(m["m"])
    if mo is None:
        return None
    word = _orig(m, text, "m")
    rel = _year_rel(m["rel"])
    if word.lower() == "năm" and not (rel or word[0].isupper()):
        return None  # "tháng năm" = months and years; "tháng Năm" = May
    if re.match(r"^\s*(?:" + UNIT + r")\b", text[m.end() : m.end() + 12], FLAGS) and word.isdigit():
        return None  # "tháng 3 ngày"?: a duration list, not a month
    if re.search(r"\b(?:hàng|hằng|mỗi|các|những|vài|mấy|nhiều)\s*$", _before(text, m.start())):
        return None
    if _NOT_DATE_BEFORE.search(_before(text, m.start())):
        return None  # "đường Cách mạng Tháng Tám"
    lunar = lx.key(word) in ("giêng", "chạp")
    said = lx.key(m["dir"]) if m["dir"] else ""
    if said == "này":
        rel = ("year", 0)
    point = Point(month=mo, rel=rel, lunar=lunar, direction=_DIRECTION.get(said, 0))
    return Cand(m.start(), m.end(), "point", "month", point, mod=_position(m))


def h_month_year_bare(m: re.Match[str], text: str) -> Cand | None:
    """ "3/2023" without "tháng": a month unless something makes it a fraction, code or range part."""
    mo, y = _month(m["m"]), int(m["y"])
    before = _before(text, m.start("m"))
    if (
        mo is None
        or not 1900 <= y <= 2100
        or _NOT_DATE_BEFORE.search(before)
        or re.search(r"[\d/]\s*$", before)
    ):
        return None
    if mo == 1 and y in (2000, 2005) and re.search(r"\b(?:chi tiết|quy hoạch|bản đồ)\s*$", before, FLAGS):
        return None  # "quy hoạch chi tiết 1/2000" is a map scale
    return Cand(m.start(), m.end(), "point", "month_year", Point(year=y, month=mo), mod=_position(m))


_DIRECTION = {"tới": 1, "sắp tới": 1, "vừa qua": -1, "qua": -1, "trước": -1, "rồi": -1, "vừa rồi": -1}


def h_year(m: re.Match[str], text: str) -> Cand | None:
    y = int(m["y"])
    if y < 100 or y > 2200:
        return None
    return Cand(m.start(), m.end(), "point", "year", Point(year=y), mod=_position(m))


def h_bare_year(m: re.Match[str], text: str) -> Cand | None:
    before = _before(text, m.start("y"))
    cue = re.search(
        rf"\b(?:từ|đến|tới|trong|vào|sau|trước|hết|đầu|giữa|cuối|{lx.alternation(lx.PERIOD_WORDS)}|"
        r"tầm nhìn|kể từ|cho đến|mùa|cùng kỳ|so với|hồi)\s*$",
        before,
        FLAGS,
    )
    # A year heading a line or sentence: "2008: Hà Nội …", "2004 là một năm …".
    heads = re.match(r"\s*(?::|là\b)", _after(text, m.end())) and re.search(r"(?:^|[\n.!?\"/])\s*$", before)
    if not (cue or heads) or _NOT_DATE_BEFORE.search(before):
        return None
    return Cand(m.start(), m.end(), "point", "bare_year", Point(year=int(m["y"])), mod=_position(m))


def h_year_range(m: re.Match[str], text: str) -> Cand | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    start = m.start()
    if (
        m["nam"]
        and not m["tu"]
        and re.search(rf"(?:\d|\b(?:{NUMW}|{VAGUE}))\s+$", _before(text, m.start()), FLAGS)
    ):
        start = m.start("y1")  # "10 năm 1996-2006": "năm" is the duration's
    if not (y1 < y2 <= y1 + 100) or _NOT_DATE_BEFORE.search(_before(text, m.start())):
        return None
    if m["sep"] == "/" and not re.search(
        rf"\b(?:{lx.alternation(lx.PERIOD_WORDS)}|năm|mùa|vụ)\s*$", _before(text, m.start()), FLAGS
    ):
        return None
    return Cand(start, m.end(), "interval", "year_range", Point(year=y1), Point(year=y2))


def _after_count(m: re.Match[str], text: str) -> int:
    """Start of a date whose leading "ngày" is the unit of a count before it ("2 ngày 17-18/10")."""
    dw = m.groupdict().get("dw")
    before = _before(text, m.start())
    counted = re.search(rf"(?:(?<![\d:h.,])\d+|\b(?:{NUMW}))\s+$", before, FLAGS)
    if (
        dw
        and m.start("dw") == m.start()
        and counted
        and not re.search(r"giờ\s+\d+\s+$", before, FLAGS)
        and not _NOT_DATE_BEFORE.search(before[: counted.start()])  # "quyết định 130 ngày 20/6/1975"
    ):
        return m.end("dw") + len(_after(text, m.end("dw"))) - len(_after(text, m.end("dw")).lstrip())
    return m.start()


def h_day_range(m: re.Match[str], text: str) -> Cand | None:
    d1, d2, mo, y = int(m["d1"]), int(m["d2"]), int(m["m"]), _int(m["y"])
    if not (_valid_dm(d1, mo) and _valid_dm(d2, mo) and d1 < d2):
        return None
    if not (m["tu"] or m["dw"] or m["pod"] or y or _CUE_BEFORE.search(_before(text, m.start()))):
        return None
    return Cand(
        _after_count(m, text),
        m.end(),
        "interval",
        "day_range",
        Point(year=y, month=mo, day=d1),
        Point(year=y, month=mo, day=d2),
    )


def h_day_list(m: re.Match[str], text: str) -> Cand | None:
    """ "ngày 15 và 16/2": the first day of a list takes the month (and year) written after the last."""
    d1, mo, y = int(m["d1"]), int(m["m"]), _int(m["y"])
    if not _valid_dm(d1, mo):
        return None
    point = _day_point(m, d1, mo, y).with_(direction=_DIRECTION.get(lx.key(m["dir"] or ""), 0))
    return Cand(_after_count(m, text), m.end(), "point", "day_list", point)


def h_month_range(m: re.Match[str], text: str) -> Cand | None:
    m1, m2, y = _month(m["m1"]), _month(m["m2"]), _int(m["y"])
    if m1 is None or m2 is None or m1 >= m2:
        return None
    return Cand(
        m.start(), m.end(), "interval", "month_range", Point(year=y, month=m1), Point(year=y, month=m2)
    )


def h_quarter(m: re.Match[str], text: str) -> Cand | None:
    q = ROMAN.get(m["q"].lower()) or _int(m["q"])
    if q is None or not 1 <= q <= 4:
        return None
    y = _int(m["y"])
    return Cand(
        m.start(),
        m.end(),
        "point",
        "quarter",
        Point(year=y, quarter=q, rel=_year_rel(m["rel"])),
        mod=_position(m),
    )


def h_half(m: re.Match[str], text: str) -> Cand | None:
    half = 1 if lx.key(m["h"]) == "đầu" else 2
    y = _int(m["y"])
    rel = _year_rel(m["rel"])
    return Cand(
        m.start(), m.end(), "point", "half", Point(year=y, half=half, rel=rel, this_year=not (y or rel))
    )


def h_n_months(m: re.Match[str], text: str) -> Cand | None:
    n = _number(m["n"])
    if n is None or not n.is_integer() or not 1 <= n <= 12:
        return None
    y = _int(m["y"])
    rel = _year_rel(m["rel"])
    implicit = not (y or rel)
    if not (m["pos"] or y or m["rel"] or m["cua"]):
        return None
    k = int(n)
    first, last = (13 - k, 12) if m["pos"] and lx.key(m["pos"]) in ("cuối", "sau") else (1, k)
    return Cand(
        m.start(),
        m.end(),
        "interval",
        "n_months",
        Point(year=y, month=first, rel=rel, this_year=implicit),
        Point(year=y, month=last, rel=rel, this_year=implicit),
    )


def h_decade(m: re.Match[str], text: str) -> Cand | None:
    y = m["y"]
    if len(y) == 4:
        if int(y) % 10:
            return None
        decade = int(y) // 10
    elif len(y) == 2 and int(y) % 10 == 0:
        century = 19
        c = m["c"]
        if c:
            n = _int(c) or _century_number(c)
            century = (n - 1) if n else (20 if lx.key(c) == "này" else 19)
        decade = century * 10 + int(y) // 10
    else:
        return None
    return Cand(m.start(), m.end(), "point", "decade", Point(decade=decade), mod=_position(m))


def _century_number(c: str) -> int | None:
    roman = {"i": 1, "v": 5, "x": 10, "l": 50}
    s = c.lower()
    if not s or any(ch not in roman for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = roman[ch]
        total += -v if i + 1 < len(s) and roman[s[i + 1]] > v else v
    return total


def h_century(m: re.Match[str], text: str) -> Cand | None:
    n = _int(m["c"]) or _century_number(m["c"])
    if not n or n > 30:
        return None
    return Cand(m.start(), m.end(), "point", "century", Point(century=n - 1), mod=_position(m))


def h_season(m: re.Match[str], text: str) -> Cand | None:
    season = lx.SEASONS[lx.key(m["s"] or m["s2"])]
    y = _int(m["y"])
    rel = _year_rel(m["rel"])
    can_chi = m["cc"]
    if not (y or rel or can_chi):
        return None
    return Cand(m.start(), m.end(), "point", "season", Point(year=y, season=season, rel=rel, can_chi=can_chi))


def h_relative(m: re.Match[str], text: str) -> Cand | None:
    unit, n = lx.RELATIVE[lx.key(m["r"])]
    before = _before(text, m.start())
    if re.search(r"\b(?:hằng|hàng|mỗi|những|các|mấy|nhiều|vài)\s*$", before, FLAGS):
        return None  # "những năm trước", "hằng năm trước ngày 31/3"
    if unit == "quarter" and not re.search(
        r"(?:\b(?:trong|vào|của|từ|đến|tới|hết|ngay|sang|với)|^|[,.;:(])\s*$", before, FLAGS
    ):
        return None  # "kim loại quý này": precious, not a quarter
    return Cand(m.start(), m.end(), "point", "relative", Point(rel=(unit, n)), mod=_position(m))


def h_position_unit(m: re.Match[str], text: str) -> Cand | None:
    """ "đầu tuần", "cuối năm", "cuối tháng này": the current period with a mod."""
    unit = {"tuần": "week", "tháng": "month", "năm": "year", "quý": "quarter"}[lx.key(m["u"])]
    word = lx.key(m["r"]) if m["r"] else ""
    n = {"": 0, "này": 0, "nay": 0, "qua": -1, "trước": -1, "ngoái": -1, "rồi": -1, "tới": 1, "sau": 1}[word]
    if unit == "year" and not word:
        # "đầu năm", "cuối năm": the year spoken of, without a ref date still a year (X)
        return Cand(m.start(), m.end(), "point", "position_unit", Point(this_year=True), mod=_position(m))
    return Cand(m.start(), m.end(), "point", "position_unit", Point(rel=(unit, n)), mod=_position(m))


def h_in_year(m: re.Match[str], text: str) -> Cand | None:
    """ "Trong năm, …": the year under review (the reference year)."""
    return Cand(m.start(), m.end(), "point", "in_year", Point(this_year=True, direction=-1))


def h_weekday_week(m: re.Match[str], text: str) -> Cand | None:
    unit, n = lx.RELATIVE[lx.key(m["r"])]
    pod, pm = _pod(m["pod"])
    return Cand(
        m.start(), m.end(), "point", "weekday_week", Point(rel=(unit, n), weekday=_weekday(m), pod=pod, pm=pm)
    )


def h_weekday(m: re.Match[str], text: str) -> Cand | None:
    wd_text = _orig(m, text, "wd")
    named = wd_text.split()[-1]
    sunday = lx.key(wd_text) in ("chủ nhật", "cn")
    cue = (
        m["pod"]
        or m["dir"]
        or re.search(r"\b(?:vào|hôm|ngày|sáng|chiều|tối|trưa|đêm)\s*$", _before(text, m.start()), FLAGS)
    )
    if lx.key(wd_text) == "cn" and (not cue or wd_text != "CN"):
        return None
    if not (sunday or named[0].isupper() or cue):
        return None  # "thứ hai là …" (secondly) is not Monday
    if named.isdigit() and not cue:
        return None
    at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
    if at_line_start and not (sunday or cue) and re.match(r"\s*,", _after(text, m.end())) is None:
        return None
    pod, pm = _pod(m["pod"])
    said = lx.key(m["dir"]) if m["dir"] else ""
    rel = ("week", 0) if said == "này" else None
    point = Point(weekday=_weekday(m), pod=pod, pm=pm, rel=rel, direction=_DIRECTION.get(said, 0))
    return Cand(m.start(), m.end(), "point", "weekday", point)


def h_pod_deictic(m: re.Match[str], text: str) -> Cand | None:
    pod, pm = _pod(m["pod"])
    word = lx.key(m["x"])
    if word in lx.ANCHORED:
        return Cand(
            m.start(), m.end(), "point", "pod_anchored", Point(anchored=lx.ANCHORED[word], pod=pod, pm=pm)
        )
    if word in lx.RELATIVE:
        return Cand(m.start(), m.end(), "point", "pod_relative", Point(rel=lx.RELATIVE[word], pod=pod, pm=pm))
    return Cand(
        m.start(), m.end(), "point", "pod_relative", Point(rel=("day", lx.DEICTIC[word]), pod=pod, pm=pm)
    )


def h_anchored(m: re.Match[str], text: str) -> Cand | None:
    return Cand(m.start(), m.end(), "point", "anchored", Point(anchored=lx.ANCHORED[lx.key(m["a"])]))


def _is_duration_hour(m: re.Match[str], text: str, hours: float, minutes: bool, h_form: bool = False) -> bool:
    """ "trong 2 giờ", "2 giờ qua" are durations; "lúc 8 giờ", "8 giờ sáng", "đến 22 giờ 30" are times."""
    if m.groupdict().get("pod"):
        return False
    if hours > 23:
        return True
    before = _before(text, m.start())
    if re.search(r"\b(?:lúc|vào|từ|đúng|đến|tới)\s*$", before, FLAGS):
        return False
    if _DURATION_CUE_BEFORE.search(before) or _DURATION_CUE_AFTER.match(_after(text, m.end())):
        return True
    # "khoảng 8h" is a clock time, but "sau 2h" (small, whole hours) an amount of time
    return not minutes and (not h_form or hours <= 6) and bool(_WEAK_DURATION_CUE_BEFORE.search(before))


def h_time(m: re.Match[str], text: str) -> Cand | None:
    if m.start() > 0 and text[m.start() - 1].isalpha():
        # "hơn10h": only a modifier may be glued to the hour
        glued = re.search(r"(\w+)$", text[max(0, m.start() - 12) : m.start()])
        if not glued or (lx.key(glued.group(1)) not in lx.AMOUNT_MODS and lx.key(glued.group(1)) != "lúc"):
            return None
    h = int(m["h"])
    mi = _int(m["mi"]) or 0
    if m["half"]:
        mi = 30
    if m["kem"]:
        h, mi = h - 1, 60 - int(m["kem"])
    if m["mi"] and int(m["mi"]) > 59:
        return None
    if _ORDINAL_BEFORE.search(_before(text, m.start())):
        return None
    h_form = "giờ" not in m.group(0).lower()
    if _is_duration_hour(m, text, h, bool(m["mi"] or m["half"] or m["kem"]), h_form):
        parts: tuple[tuple[float | None, str, bool], ...] = ((float(int(m["h"])), "H", True),)
        if m["mi"]:
            parts += ((float(int(m["mi"])), "M", True),)
        elif m["half"]:
            parts = ((int(m["h"]) + 0.5, "H", True),)
        mod = _amount_mod(text, m.start())
        start = mod[1] if mod else m.start()
        return Cand(
            start, m.end(), "duration", "hours", duration=Duration(parts), mod=mod[0] if mod else None
        )
    if h > 24 or mi > 59:
        return None
    pod, pm = _pod(m["pod"])
    mod = _amount_mod(text, m.start())
    rel = None
    if m["x"]:
        word = lx.key(m["x"])
        rel = ("day", lx.DEICTIC[word] if word in lx.DEICTIC else lx.RELATIVE[word][1])
    point = Point(hour=h, minute=mi, pod=pod, pm=pm, rel=rel)
    if mod is not None:
        return Cand(mod[1], m.end(), "point", "clock", point, mod=mod[0])
    return Cand(m.start(), m.end(), "point", "clock", point)


def h_hhmm(m: re.Match[str], text: str) -> Cand | None:
    before = _before(text, m.start())
    if _NOT_DATE_BEFORE.search(before):
        return None
    pod, pm = _pod(m["pod"])
    if m["ampm"] and m["ampm"].upper() in ("PM", "CH"):
        pm = (1, 11)
    point = Point(hour=int(m["h"]), minute=int(m["mi"]), second=_int(m["sec"]), pod=pod, pm=pm)
    return Cand(m.start(), m.end(), "point", "hhmm", point)


def _amount_mod(text: str, pos: int) -> tuple[str, int] | None:
    """A quantity modifier ("hơn", "gần") right before `pos`: (mod, its start)."""
    before = _before(text, pos, 30)
    mm = re.search(rf"(?:^|(?<=[\s(]))(?P<all>(?:(?:{AMOUNT})\s+)*(?P<w>{AMOUNT}))\s*$", before, FLAGS)
    if not mm:
        return None
    return lx.AMOUNT_MODS[lx.key(mm["w"])], pos - (len(before) - mm.start("all"))


def _count(raw: str) -> tuple[float | None, int] | None:
    """(value or None for vague, number of leading characters to drop) of a duration's amount."""
    if re.fullmatch(VAGUE, raw.strip(), FLAGS):
        return None, 0
    value = _number(raw)
    if value is not None:
        return value, 0
    # Number words: keep the longest tail that parses ("đã năm năm" never reaches here).
    words = raw.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        value = _number(tail)
        if value is not None:
            return value, raw.index(tail, 0)
    return None


def _word_pair(raw: str) -> tuple[float, float, int] | None:
    """Two digit words in a row that count one thing approximately ("ba bốn ngày", "năm sáu
    tháng": 3–4, 5–6): (low, high, characters to drop before them), or None."""
    words = raw.split()
    if len(words) < 2:
        return None
    low, high = (parse_number_words([w.lower()]) for w in words[-2:])
    if low is None or high is None or high != low + 1 or high > 10:
        return None
    if len(words) > 2 and parse_number_words([w.lower() for w in words[-3:]]) is not None:
        return None  # the pair ends a longer number ("hai mươi ba bốn" is no pair of counts)
    return low, high, raw.rindex(words[-2], 0, len(raw) - len(words[-1]))


# After "năm" read as "year": words that make it the digit five inside a longer number instead.
_NUMBER_GOES_ON = re.compile(r"\s+(?:mươi|trăm|nghìn|ngàn|vạn|phẩy)\b", FLAGS)


def _number_goes_on(m: re.Match[str], text: str) -> bool:
    """The amount in words does not end before the unit: it ends in "linh"/"lẻ" ("một trăm linh
    năm", 105), or the unit is "năm" and the number goes on after it ("hai trăm năm mươi", 250;
    "một nghìn năm trăm", 1,500)."""
    amount = (m["n2"] or m["n"]).split()
    if amount and amount[-1].lower() in ("linh", "lẻ"):
        return True
    return lx.key(m["u"]) == "năm" and bool(_NUMBER_GOES_ON.match(_after(text, m.end("u"))))


def h_duration(m: re.Match[str], text: str) -> Cand | None:
    unit_key = lx.key(m["u"])
    designator, is_time = lx.UNITS[unit_key]
    counted = _count(m["n"])
    if counted is None:
        return None
    value, drop = counted
    pair = None if m["n2"] else _word_pair(m["n"])
    if pair is not None:
        value, drop = pair[0], pair[2]  # "ba bốn ngày": three or four days
    start = m.start("n") + drop
    before = _before(text, start)
    if _ORDINAL_BEFORE.search(before) or re.search(r"[/\d]\s*$", before) or _NOT_DATE_BEFORE.search(before):
        return None  # "lần thứ 3", "quyết định 130 ngày 20/6/1975"
    if unit_key == "ngày" and re.match(r"\s+thứ\b", _after(text, m.end("u")), FLAGS):
        return None  # "ngày thứ 2" is a weekday or an ordinal day
    if _orig(m, text, "u")[0].isupper() and not _orig(m, text, "n")[0].isupper():
        return None  # "… 1276, năm 2015 Ngày đăng": a capital unit starts another phrase
    if unit_key == "năm" and re.match(r"\s*\d{4}(?!\s*[-/]\s*\d{4})", _after(text, m.end("u"))):
        return None  # "năm 2022" is a date
    if lx.key(m["n"]) == "năm" and re.search(r"\b(?:những|bao|các|mấy)\s*$", before, FLAGS):
        return None  # "những năm tháng": years and months
    is_word = not m["n"][drop:][:1].isdigit()
    if is_word and _number_goes_on(m, text):
        return None  # "một trăm linh năm hộ", "hai trăm năm mươi lăm người": "năm" is five
    if is_word and lx.key(m["n"][drop:]) == "một" and re.match(r"\s+nào", _after(text, m.end("u"))):
        return None  # "một ngày nào đó": some day
    if is_word and lx.key(m["n"][drop:]) == "một" and re.search(r"\b(?:là|thêm|có)\s*$", before, FLAGS):
        return None  # "2004 là một năm kinh doanh tốt": a year, not an amount of time
    vague = value is None
    if unit_key in ("giờ",) and not vague:
        hours = value or 0
        if not _is_duration_hour(m, text, hours, bool(m["n3"])) and not m["n2"]:
            return None  # a clock time, read by the time rule
    tail = lx.key(m["tail"]) if m["tail"] else ""
    mod = None
    mod_start = start
    if m["mod"]:
        mod, mod_start = lx.AMOUNT_MODS[lx.key(m["mod"])], m.start("mod")
    ago = re.search(r"\bcách\s+(?:đây|nay)\s+$", _before(text, mod_start), FLAGS)
    unit = None if is_time else {"Y": "year", "M": "month", "W": "week", "D": "day"}.get(designator)
    if ago and unit and value is not None and value.is_integer() and not (m["n2"] or m["n3"] or m["half"]):
        # "cách đây 5 năm": a date five years before the reference date, "cách đây" in the span
        start_ago = mod_start - (len(_before(text, mod_start)) - ago.start())
        return Cand(start_ago, m.end("u"), "point", "ago", Point(rel=(unit, -int(value))), mod=mod)
    # "2 năm trước" is an amount of time (gold convention), with "trước" in the span; in
    # "30 phút trước khi …", "3 ngày sau" the word relates to an event and stays outside.
    if tail == "sau" or (
        tail == "trước" and re.match(r"\s*(?:khi|lúc|đó|nữa)\b", _after(text, m.end()), FLAGS)
    ):
        tail = ""
    parts: tuple[tuple[float | None, str, bool], ...] = ((value, designator, is_time),)
    if m["half"]:
        parts = ((None if value is None else value + 0.5, designator, is_time),)
    if m["n3"]:
        second = _number(m["n3"])
        if second is None:
            return None
        d3, t3 = lx.UNITS[lx.key(m["u3"])]
        parts += ((second, d3, t3),)
    duration2 = None
    if pair is not None:
        duration2 = Duration(((pair[1], designator, is_time),))
        mod = mod or "approx"
    if m["n2"]:
        upper = _number(m["n2"])
        if upper is None or value is None or upper <= value:
            return None
        duration2 = Duration(((upper, designator, is_time),))
    end = m.end() if tail else m.end("u3") if m["u3"] else m.end("half") if m["half"] else m.end("u")
    return Cand(
        mod_start, end, "duration", "duration", duration=Duration(parts), duration2=duration2, mod=mod
    )


def h_vague_years(m: re.Match[str], text: str) -> Cand | None:
    designator = lx.UNITS[lx.key(m["u"])][0]
    return Cand(
        m.start(), m.end(), "duration", "vague_recent", duration=Duration(((None, designator, False),))
    )


def h_age(m: re.Match[str], text: str) -> Cand | None:
    value = _number(m["n"])
    if value is None or _ORDINAL_BEFORE.search(_before(text, m.start("n"))):
        return None
    if (
        re.search(r"\b(?:những|bao|các|mấy)\s*$", _before(text, m.start("n")), FLAGS)
        and not m["n"][0].isdigit()
    ):
        return None  # "những năm tháng tuổi trẻ"
    designator = lx.UNITS[lx.key(m["u"])][0] if m["u"] else "Y"
    mod = lx.AMOUNT_MODS[lx.key(m["mod"])] if m["mod"] else None
    duration2 = None
    if m["n2"]:
        upper = _number(m["n2"])
        if upper is None or upper <= value:
            return None
        duration2 = Duration(((upper, designator, False),))
    return Cand(
        m.start(),
        m.end(),
        "duration",
        "age",
        duration=Duration(((value, designator, False),)),
        duration2=duration2,
        mod=mod,
    )


def h_age_after(m: re.Match[str], text: str) -> Cand | None:
    value = int(m["n"])
    if value > 130:
        return None
    duration2 = Duration(((float(m["n2"]), "Y", False),)) if m["n2"] else None
    return Cand(
        m.start(),
        m.end(),
        "duration",
        "age",
        duration=Duration(((float(value), "Y", False),)),
        duration2=duration2,
    )


def h_set(m: re.Match[str], text: str) -> Cand | None:
    return Cand(m.start(), m.end(), "set", "set", value=lx.SETS[lx.key(m["s"])])


def h_per_one(m: re.Match[str], text: str) -> Cand | None:
    """ "4,6 triệu đồng một tháng": a rate's denominator in words is a set (SPEC §2.4)."""
    designator, is_time = lx.UNITS[lx.key(m["u"])]
    return Cand(
        m.start("one"), m.end(), "set", "per_unit", value="P" + ("T" if is_time else "") + "1" + designator
    )


def h_holiday(m: re.Match[str], text: str) -> Cand | None:
    lunar, month, day = lx.HOLIDAYS[lx.key(m["h"])]
    if (
        lx.key(m["h"]) == "tết"
        and not _orig(m, text, "h")[0].isupper()
        and not re.search(r"\b(?:ăn|đón|dịp|nghỉ|trước|sau|ngày)\s*$", _before(text, m.start()))
    ):
        return None
    if lx.key(m["h"]) == "tết" and _TET_MODIFIES.search(_before(text, m.start())):
        return None  # "quà Tết", "thưởng Tết": a kind of gift or bonus
    y = _int(m["y"])
    cc = m["cc"] or m["cc2"]
    if m["d"] and m["mo"]:
        d, mo = int(m["d"]), int(m["mo"])
        if _valid_dm(d, mo):
            return Cand(m.start(), m.end(), "point", "holiday_date", Point(year=y, month=mo, day=d))
    return Cand(
        m.start(),
        m.end(),
        "point",
        "holiday",
        Point(year=y, month=month, day=day, lunar=lunar, can_chi=cc, rel=_year_rel(m["rel"])),
    )


def h_tet_day(m: re.Match[str], text: str) -> Cand | None:
    d = _int(m["d"]) if m["d"].isdigit() else _month(m["d"])
    if d is None or not 1 <= d <= 30:
        return None
    y = _int(m["y"])
    month = 1
    if d >= 20 and not m["mung"]:  # "29 Tết", "30 Tết": the last days of the old year
        month = 12
        y = y - 1 if y else None
    return Cand(
        m.start(), m.end(), "point", "tet_day", Point(year=y, month=month, day=d, lunar=True, can_chi=m["cc"])
    )


def h_full_moon(m: re.Match[str], text: str) -> Cand | None:
    mo = _month(m["m"])
    if mo is None:
        return None
    return Cand(
        m.start(),
        m.end(),
        "point",
        "full_moon",
        Point(year=_int(m["y"]), month=mo, day=15, lunar=True, can_chi=m["cc"]),
    )


def h_lunar_year(m: re.Match[str], text: str) -> Cand | None:
    return Cand(m.start(), m.end(), "point", "can_chi_year", Point(can_chi=lx.key(m["cc"]).title()))


# ---------------------------------------------------------------------------------------------
# The rules, in order of preference when two candidates have the same length.
MOD = rf"(?:(?P<mod>{POS})\s+)?"
HOLIDAY = lx.alternation(lx.HOLIDAYS)
RULES: list[tuple[str, re.Pattern[str], Handler]] = [
    (
        "dmy",
        re.compile(
            PREFIX
            + rf"{NS}(?P<d>\d{{1,2}})(?P<s>[/.-])(?P<m>\d{{1,2}})(?P=s)(?P<y>{YEAR4}){NE}"
            + LUNAR_SUFFIX,
            FLAGS,
        ),
        h_dmy,
    ),
    (
        "d_thang_m",
        re.compile(
            PREFIX
            + rf"(?P<d>\d{{1,2}}|{MONTHW})\s+tháng\s+(?P<m>\d{{1,2}}|{MONTHW})\b(?:\s*(?:,\s*|năm\s+|/\s*)(?P<y>{YEAR4})\b)?"
            + LUNAR_SUFFIX,
            FLAGS,
        ),
        h_d_thang_m,
    ),
    (
        "day_range",
        re.compile(
            rf"(?:(?P<tu>từ)\s+)?(?:(?P<pod>{POD})\s+)?(?:(?P<dw>ngày|mùng|mồng)\s+)?{NS}(?P<d1>\d{{1,2}})\s*(?:-|đến|tới)\s*(?:ngày\s+)?"
            rf"(?P<d2>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>{YEAR4}))?{NE}",
            FLAGS,
        ),
        h_day_range,
    ),
    (
        "day_list",
        re.compile(
            rf"(?:(?P<pod>{POD})\s+)?(?:(?P<dw>ngày|mùng|mồng)\s+){NS}(?P<d1>\d{{1,2}})(?=\s*(?:và|,|hoặc)\s*(?:ngày\s+)?"
            rf"\d{{1,2}}/(?P<m>\d{{1,2}})(?:/(?P<y>{YEAR4}))?{NE}(?:\s+(?P<dir>tới|vừa\s+qua))?)",
            FLAGS,
        ),
        h_day_list,
    ),
    (
        "month_range",
        re.compile(
            rf"(?:(?P<tu>từ)\s+)?tháng\s+(?P<m1>\d{{1,2}}|{MONTHW})\s*(?:-|đến|tới)\s*(?:tháng\s+)?(?P<m2>\d{{1,2}})"
            rf"(?:\s*(?:[/-]\s*|năm\s+)(?P<y>{YEAR4}))?{NE}",
            FLAGS,
        ),
        h_month_range,
    ),
    (
        "dm",
        re.compile(
            PREFIX
            + rf"{NS}(?P<d>\d{{1,2}})(?P<s>[/.-])(?P<m>\d{{1,2}}){NE}(?![/.-]\d)"
            + LUNAR_SUFFIX
            + rf"(?:\s+(?P<rel>năm\s+(?:{YEAR_REL}))\b|\s+(?P<dir>tới|vừa\s+qua|vừa\s+rồi)\b)?",
            FLAGS,
        ),
        h_dm,
    ),
    (
        "month_year",
        re.compile(
            MOD + rf"tháng\s+(?P<m>\d{{1,2}}|{MONTHW})\s*(?:[/-]\s*|năm\s+|,\s*)(?P<y>{YEAR4}){NE}", FLAGS
        ),
        h_month_year,
    ),
    ("month_year_t", re.compile(rf"\bT(?P<m>\d{{1,2}})\s*/\s*(?P<y>{YEAR4}){NE}"), h_month_year),
    (
        "month_year_bare",
        re.compile(MOD + rf"{NS}(?P<m>\d{{1,2}})\s*[/-]\s*(?P<y>{YEAR4}){NE}", FLAGS),
        h_month_year_bare,
    ),
    (
        "n_months",
        re.compile(
            rf"(?P<n>\d{{1,2}}|{NUMWS})\s+tháng\s+(?:(?P<pos>đầu|cuối|sau)\s+)?(?P<cua>của\s+)?năm\b"
            rf"(?:\s+(?P<y>{YEAR4})\b|\s+(?P<rel>{YEAR_REL})\b)?",
            FLAGS,
        ),
        h_n_months,
    ),
    (
        "half",
        re.compile(
            rf"nửa\s+(?P<h>đầu|cuối|sau)\s+năm(?:\s+(?P<y>{YEAR4})\b|\s+(?P<rel>{YEAR_REL})\b)?", FLAGS
        ),
        h_half,
    ),
    (
        "quarter",
        re.compile(
            MOD
            + rf"quý\s+(?P<q>IV|III|II|I|[1-4])\b(?:\s*(?:[/-]\s*|năm\s+|,\s*)(?P<y>{YEAR4})\b|\s+năm\s+(?P<rel>{YEAR_REL})\b)?",
            FLAGS,
        ),
        h_quarter,
    ),
    (
        "decade",
        re.compile(
            MOD + r"(?:những\s+năm|thập\s+(?:niên|kỷ|kỉ))\s+(?P<y>\d{2}|\d{4})\b"
            r"(?:\s+(?:của\s+)?thế\s+k[ỷỉ]\s+(?P<c>\d{1,2}|[IVXL]+|trước|này)\b)?",
            FLAGS,
        ),
        h_decade,
    ),
    ("century", re.compile(MOD + r"thế\s+k[ỷỉ]\s+(?P<c>\d{1,2}|[IVXL]+)\b", FLAGS), h_century),
    (
        "season",
        re.compile(
            rf"(?:mùa\s+(?P<s>xuân|hè|hạ|thu|đông)|(?P<s2>xuân)(?=\s+{CANCHI}))(?:\s+(?P<cc>{CANCHI}))?(?:\s+(?:năm\s+)?(?P<y>{YEAR4})\b|\s+(?P<rel>năm\s+(?:{YEAR_REL})|này|tới|trước)\b)?",
            FLAGS,
        ),
        h_season,
    ),
    (
        "tet_day",
        re.compile(
            rf"(?:ngày\s+)?(?:(?P<mung>mùng|mồng)\s+)?(?P<d>\d{{1,2}}|{MONTHW})\s+Tết(?:\s+(?:Nguyên\s+đán\s+)?(?P<cc>{CANCHI}))?(?:\s+(?:năm\s+)?(?P<y>{YEAR4})\b)?",
            FLAGS,
        ),
        h_tet_day,
    ),
    (
        "full_moon",
        re.compile(
            rf"rằm\s+tháng\s+(?P<m>\d{{1,2}}|{MONTHW})\b(?:\s+(?:năm\s+)?(?P<cc>{CANCHI}))?(?:\s+(?:năm\s+)?(?P<y>{YEAR4})\b)?",
            FLAGS,
        ),
        h_full_moon,
    ),
    (
        "holiday",
        re.compile(
            rf"(?P<h>\b(?:{HOLIDAY}))\b(?:\s+(?P<cc>{CANCHI}))?(?:\s+(?:năm\s+)?(?P<y>{YEAR4})\b|\s+(?P<rel>năm\s+(?:{YEAR_REL}))\b)?(?:\s+(?P<cc2>{CANCHI}))?"
            rf"(?:\s*\(?\s*(?P<d>\d{{1,2}})/(?P<mo>\d{{1,2}})\s*\)?(?!/?\d))?",
            FLAGS,
        ),
        h_holiday,
    ),
    ("can_chi_year", re.compile(rf"\bnăm\s+(?P<cc>{CANCHI})\b", FLAGS), h_lunar_year),
    (
        "month",
        re.compile(
            MOD
            + rf"tháng\s+(?P<m>\d{{1,2}}|{MONTHW})\b(?!\s*[/-]\s*\d)(?:\s+(?P<rel>năm\s+(?:{YEAR_REL}))\b|\s+(?P<dir>này|sắp\s+tới|tới|vừa\s+qua)\b)?",
            FLAGS,
        ),
        h_month,
    ),
    ("year", re.compile(MOD + rf"năm\s+(?P<y>\d{{3,4}}){NE}", FLAGS), h_year),
    (
        "year_range",
        re.compile(
            rf"(?:(?P<tu>từ)\s+)?(?P<nam>năm\s+)?{NS}(?P<y1>{BARE_YEAR})\s*(?P<sep>-|/|đến|tới)\s*(?:năm\s+)?(?P<y2>{BARE_YEAR}){NE}",
            FLAGS,
        ),
        h_year_range,
    ),
    ("bare_year", re.compile(MOD + rf"{NS}(?P<y>{BARE_YEAR}){NE}", FLAGS), h_bare_year),
    (
        "weekday_week",
        re.compile(
            rf"(?:(?P<pod>{POD})\s+)?(?P<wd>{WD})\s+(?P<r>tuần\s+(?:này|trước|tới|sau|rồi))\b(?!\s+đó)", FLAGS
        ),
        h_weekday_week,
    ),
    (
        "weekday",
        re.compile(
            rf"(?:(?P<pod>{POD})\s+)?(?P<wd>\b(?:{WD}))\b(?:\s+(?P<dir>tới|này|vừa\s+qua|vừa\s+rồi|qua|trước|rồi)\b)?(?!\s+(?:tuần|đó)\b)",
            FLAGS,
        ),
        h_weekday,
    ),
    (
        "pod_deictic",
        re.compile(
            rf"(?P<pod>{POD})\s+(?P<x>{lx.alternation(lx.ANCHORED)}|{lx.alternation(k for k, v in lx.RELATIVE.items() if v[0] == 'day')}|nay|qua|mai)\b",
            FLAGS,
        ),
        h_pod_deictic,
    ),
    (
        "relative",
        re.compile(MOD + rf"\b(?P<r>{lx.alternation(lx.RELATIVE)})\b(?!\s+(?:đó|nữa|khi|nào))", FLAGS),
        h_relative,
    ),
    (
        "position_unit",
        re.compile(
            r"\b(?P<mod>đầu|giữa|cuối)\s+(?P<u>tuần|tháng|năm|quý)\b(?:\s+(?P<r>này|nay|qua|trước|tới|sau|ngoái|rồi)\b)?(?!\s*\d)",
            FLAGS,
        ),
        h_position_unit,
    ),
    (
        "in_year",
        re.compile(
            r"\btrong\s+năm\b(?!\s*(?:\d|nay|này|ngoái|trước|tới|sau|qua|học|tài|đó|kia|rồi|tính|ngân|kế|dương|âm|báo|\w+\s+(?:tuổi|năm)))",
            FLAGS,
        ),
        h_in_year,
    ),
    ("anchored", re.compile(rf"\b(?P<a>{lx.alternation(lx.ANCHORED)})\b", FLAGS), h_anchored),
    (
        "clock",
        re.compile(
            rf"(?<![\d.,/])(?P<h>\d{{1,2}})(?:\s*giờ|h)(?:\s*(?P<mi>\d{{1,2}})\s*(?:phút|p\b|')?|\s+(?P<half>rưỡi)|\s+kém\s+(?P<kem>\d{{1,2}})(?:\s*phút)?)?"
            rf"(?![\w])(?:\s+(?P<pod>{POD})\b)?(?:\s+(?P<x>hôm\s+nay|hôm\s+qua|ngày\s+mai|nay|qua|mai)\b)?",
            FLAGS,
        ),
        h_time,
    ),
    (
        "hhmm",
        re.compile(
            rf"{NS}(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<sec>[0-5]\d))?(?:\s*(?P<ampm>AM|PM|SA|CH)\b)?(?![\d]|[.,:]\d)(?:\s+(?P<pod>{POD})\b)?",
            FLAGS,
        ),
        h_hhmm,
    ),
    (
        "age",
        re.compile(
            rf"(?:(?P<mod>{AMOUNT})\s+)?{NS}(?P<n>{NUM}|{NUMWS})(?:\s*(?:-|đến)\s*(?P<n2>{NUM}))?\s+(?:(?P<u>tháng|năm|ngày|tuần)\s+)?tuổi\b",
            FLAGS,
        ),
        h_age,
    ),
    (
        "age_after",
        re.compile(rf"\b(?:độ\s+)?tuổi\s+(?P<n>\d{{1,3}})(?:\s*-\s*(?P<n2>\d{{1,3}}))?{NE}", FLAGS),
        h_age_after,
    ),
    (
        "per_unit",
        re.compile(
            r"(?:\b(?:đồng|USD|VND|VNĐ|euro|lần|lượt|người|tấn|kg|triệu|tỷ|nghìn|ngàn)|%)\s+(?P<one>một)\s+(?P<u>năm|tháng|tuần|ngày|giờ)\b",
            FLAGS,
        ),
        h_per_one,
    ),
    (
        "duration",
        re.compile(
            rf"(?:(?P<mod>{AMOUNT})\s+)?(?P<n>{NS}{NUM}|\b(?:{VAGUE}|{NUMWS}))"
            rf"(?:\s*(?:-|đến|tới)\s*(?P<n2>{NUM}|{NUMWS}))?\s+(?P<u>{UNIT})\b(?P<half>\s+rưỡi)?"
            rf"(?:\s+(?P<n3>{NUM}|{NUMWS})\s+(?P<u3>{UNIT})\b)?"
            r"(?:\s+(?P<tail>qua|trước|tới|sau|nữa|liền|nay|gần\s+đây|vừa\s+qua|trở\s+lại\s+đây)\b)?",
            FLAGS,
        ),
        h_duration,
    ),
    (
        "vague_recent",
        re.compile(r"\bnhững\s+(?P<u>năm|tháng|ngày|tuần)\s+(?:qua|gần\s+đây|vừa\s+qua)\b", FLAGS),
        h_vague_years,
    ),
    ("set", re.compile(rf"\b(?P<s>{lx.alternation(lx.SETS)})\b", FLAGS), h_set),
]


# Rules run on lower-cased text without IGNORECASE (several times faster for Vietnamese), and
# only in windows around a trigger: a short piece of text every match of the rule contains (its
# digits and separator, its key word), found by one plain search over the text.
# The words an amount before a time unit may end with: number words, "linh"/"lẻ", vague amounts
# with their optional scale word (as a trie, like the word triggers below: one test per character).
_AMOUNT_WORDS = lx.trie_alternation(
    [w for w in NUMBER_WORDS if w not in ("phẩy", "chục")]
    + [f"{v} {tail}" for v in lx.VAGUE for tail in ("", "chục", "trăm", "nghìn", "ngàn", "triệu")]
)
_TRIGGERS = {
    "date_sep": r"\d[/.-]\d",
    "day_month": r"\d/\d",
    "month_year_sep": r"\d\s*[/-]\s*\d",
    "t_month": r"t\d",
    "digits2": r"\d\d",
    "year_num": r"năm\s+\d\d\d",
    "digits4": r"\d\d\d\d",
    "decade": r"(?:năm|niên|kỷ|kỉ)\s+\d\d",
    "clock": r"\d\s*(?:giờ|h)",
    "hhmm": r"\d:\d",
    "month": r"tháng",
    # An amount right before a time unit (the unit may itself be "năm", five: "3 năm năm").
    "amount_unit": rf"(?:\d|{_AMOUNT_WORDS})\s+(?={lx.trie_alternation(lx.UNITS)})",
    "season": r"mùa|xuân",
    "tet": r"tết",
    "full_moon": r"rằm",
    "holiday": lx.trie_alternation(lx.HOLIDAYS),
    "weekday": lx.trie_alternation(lx.WEEKDAYS),
    "pod": lx.trie_alternation(lx.PARTS_OF_DAY),
    "set": lx.trie_alternation(lx.SETS),
    "per_one": r"một\s+(?:năm|tháng|tuần|ngày|giờ)",
    "age": r"tuổi",
    "century": r"thế\s+k",
    "quarter": r"quý",
    "half": r"nửa",
    "can_chi": rf"{lx.trie_alternation(CAN)}\s+{lx.trie_alternation([*CHI, 'Tị'])}",
    "position": r"(?:đầu|giữa|cuối)\s+(?:tuần|tháng|năm|quý)",
    "in_year": r"trong\s+năm",
    "recent": r"những\s+(?:năm|tháng|ngày|tuần)",
    "anchor": lx.trie_alternation(lx.ANCHORED),
    "rel": lx.trie_alternation(lx.RELATIVE),
}
_RULE_TRIGGER = {
    "dmy": "date_sep",
    "d_thang_m": "month",
    "day_range": "day_month",
    "day_list": "day_month",
    "month_range": "month",
    "dm": "date_sep",
    "month_year": "digits4",
    "month_year_t": "t_month",
    "month_year_bare": "month_year_sep",
    "n_months": "month",
    "half": "half",
    "quarter": "quarter",
    "decade": "decade",
    "century": "century",
    "season": "season",
    "tet_day": "tet",
    "full_moon": "full_moon",
    "holiday": "holiday",
    "can_chi_year": "can_chi",
    "month": "month",
    "year": "year_num",
    "year_range": "digits4",
    "bare_year": "digits4",
    "weekday_week": "weekday",
    "weekday": "weekday",
    "pod_deictic": "pod",
    "relative": "rel",
    "position_unit": "position",
    "in_year": "in_year",
    "anchored": "anchor",
    "clock": "clock",
    "hhmm": "hhmm",
    "age": "age",
    "age_after": "age",
    "per_unit": "per_one",
    "duration": "amount_unit",
    "vague_recent": "recent",
    "set": "set",
}
_WINDOW = 60  # characters a match may reach before or after its trigger


def _lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal letters, leaving escapes (\\W, \\S) alone."""
    out: list[str] = []
    escaped = False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


def _lower_text(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # keep offsets ("İ")


_COMPILED = [
    (
        name,
        re.compile(_lower_pattern(rx.pattern)),
        handler,
        re.compile(_lower_pattern(_TRIGGERS[_RULE_TRIGGER[name]])),
    )
    for name, rx, handler in RULES
]


def _windows(low: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """The stretches within _WINDOW characters of a trigger, overlapping ones merged."""
    spans: list[tuple[int, int]] = []
    size = len(low)
    for t in trigger.finditer(low):
        start, end = max(0, t.start() - _WINDOW), min(size, t.end() + _WINDOW)
        if spans and start <= spans[-1][1]:
            if end > spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def find_candidates(text: str) -> list[Cand]:
    """Every candidate of every rule (overlapping; the caller picks)."""
    low = _lower_text(text)
    out: list[Cand] = []
    windows: dict[str, list[tuple[int, int]]] = {}
    for _name, rx, handler, trigger in _COMPILED:
        spans = windows.get(trigger.pattern)
        if spans is None:
            spans = windows[trigger.pattern] = _windows(low, trigger)
        for start, end in spans:
            pos = start
            while pos < end:
                probe = rx.search(low, pos, end)
                if probe is None:
                    break
                # Re-match on the whole text: lookaheads must see past the window's end.
                m = rx.match(low, probe.start())
                if m is None or m.end() == m.start():
                    pos = probe.start() + 1
                    continue
                cand = handler(m, text)
                if cand is not None and cand.end > cand.start:
                    out.append(cand)
                pos = m.end()
    return out + _clock_on_day(out)


def _clock_on_day(cands: list[Cand]) -> list[Cand]:
    """ "11 giờ đêm ngày 13/8": the clock rule and the date rule both took "đêm"; join them."""
    clocks = [c for c in cands if c.rule == "clock" and c.point and c.point.pod and c.point.rel is None]
    days = [c for c in cands if c.kind == "point" and c.point and c.point.pod and c.point.day is not None]
    joined: list[Cand] = []
    by_start = {d.start: d for d in days}
    for c in clocks:
        # The day's candidate starts on the part-of-day word the clock rule ended with.
        for d in (by_start.get(p) for p in range(c.start + 1, c.end)):
            if d is not None and d.end > c.end and c.point is not None and d.point is not None:
                point = d.point.with_(hour=c.point.hour, minute=c.point.minute, pm=c.point.pm, pod=None)
                joined.append(Cand(c.start, d.end, "point", "time_on_date", point, mod=c.mod))
    return joined
