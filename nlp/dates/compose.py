"""Joins neighbouring candidates: time + date, "hôm qua (19/10)", "từ X đến Y", "X đến nay", "giai đoạn"."""

from __future__ import annotations

import re
from dataclasses import replace

from nlp.dates import lexicon as lx
from nlp.dates.atoms import FLAGS, POD, Cand, _after
from nlp.dates.timex import Point

_GAP_TO = re.compile(r"^\s*(?:-|đến|tới|cho\s+đến|cho\s+tới)(?:\s+(?:hết|tận))?\s*$", FLAGS)
_FROM_BEFORE = re.compile(r"(?:^|(?<=[\s(,]))(?P<tu>từ)\s+$", FLAGS)
_PERIOD_BEFORE = re.compile(rf"(?:^|(?<=[\s(,]))(?P<p>{lx.alternation(lx.PERIOD_WORDS)})\s*:?\s*$", FLAGS)
_NOW = lx.alternation(lx.NOW_WORDS)
_TO_NOW_AFTER = re.compile(
    rf"^\s*(?:(?:đến|tới|cho\s+đến|cho\s+tới)\s+(?:{_NOW})|trở\s+lại\s+đây|trở\s+về\s+đây)(?!\w)", FLAGS
)
_FROM_NOW_BEFORE = re.compile(
    r"(?:^|(?<=[\s(,]))(?P<x>từ\s+(?:nay|bây\s+giờ|giờ|hôm\s+nay)\s+(?:đến|tới|cho\s+đến|cho\s+tới)(?:\s+hết)?)\s+$",
    FLAGS,
)
_DATE_TIME_GAP = re.compile(r"^\s*[,-]?\s*(?:lúc\s+|vào\s+lúc\s+)?$", FLAGS)
_TIME_DATE_GAP = re.compile(rf"^\s*,?\s*(?:(?:{POD})\s+)?$", FLAGS)
_PAREN_OPEN = re.compile(r"^\s*\(\s*$")
_PAREN_CLOSE = re.compile(r"^\s*\)")


def _grain(p: Point) -> str:
    if p.hour is not None:
        return "time"
    if p.day is not None or p.anchored is not None or (p.rel is not None and p.rel[0] == "day"):
        return "day"
    if p.month is not None or (p.rel is not None and p.rel[0] == "month"):
        return "month"
    if p.quarter is not None:
        return "quarter"
    return "year" if p.year is not None or p.rel is not None else "other"


def _is_time_only(p: Point) -> bool:
    return p.hour is not None and p.day is None and p.rel is None and p.anchored is None and p.weekday is None


def _is_day(p: Point) -> bool:
    return p.hour is None and _grain(p) == "day" or (p.weekday is not None and p.hour is None)


def _borrow(a: Point, b: Point) -> Point:
    """Fill what the start of a range leaves out from its end: "từ ngày 1 đến 15/10/2023"."""
    if (
        a.year is None
        and a.rel is None
        and b.year is not None
        and (a.month is not None or a.quarter is not None)
    ):
        if a.month is not None and b.month is not None and a.month > b.month:
            a = a.with_(year=b.year - 1)
        else:
            a = a.with_(year=b.year)
    if _is_time_only(a) and b.day is not None:
        return a.with_(year=b.year, month=b.month, day=b.day, rel=b.rel, anchored=b.anchored)
    if a.month is None and a.day is not None and b.month is not None:
        a = a.with_(month=b.month, year=a.year if a.year is not None else b.year)
    return a


def compose(cands: list[Cand], text: str) -> list[Cand]:
    """Merge adjacent candidates (sorted, non-overlapping) into the larger expressions they form."""
    out = _merge_pairs(_explain(_share_year(cands, text), text), text)
    return [_approx(_extend_interval(c, text), text) for c in _to_now(out, text)]


def _explain(cands: list[Cand], text: str) -> list[Cand]:
    """ "hôm qua (19/10)", "đầu năm (1/1/2016)": the date in brackets says what the deictic means.

    Both stay mentions; the deictic takes its value from the bracket at its own grain.
    """
    out = list(cands)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        pa, pb = a.point, b.point
        if a.kind != "point" or b.kind != "point" or pa is None or pb is None:
            continue
        if not (_PAREN_OPEN.match(text[a.end : b.start]) and _PAREN_CLOSE.match(_after(text, b.end))):
            continue
        if (
            pb.weekday is not None
            and pb.day is None
            and pb.rel is None
            and pa.day is not None
            and pa.hour is None
        ):
            out[i + 1] = replace(b, point=pa.with_(pod=pb.pod, pm=pb.pm, weekday=None))
            continue
        if pa.rel is not None and pa.rel[0] == "day" or pa.anchored is not None or pa.weekday is not None:
            if pb.day is not None:
                point = pb.with_(pod=pa.pod, pm=pa.pm, hour=pa.hour, minute=pa.minute, weekday=None)
                out[i] = replace(a, point=point)
        elif (pa.this_year or (pa.rel is not None and pa.rel[0] == "year")) and pb.year is not None:
            out[i] = replace(a, point=Point(year=pb.year))
    return out


_AND = re.compile(r"^\s*(?:,|và|hoặc|cùng|so với)?\s*(?:cả\s+)?$", FLAGS)


def _share_year(cands: list[Cand], text: str) -> list[Cand]:
    """ "Quý IV và cả năm 2016", "tháng 6 và tháng 7/2023": a year written once serves both."""
    out = list(cands)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        pa, pb = a.point, b.point
        if a.kind != "point" or pa is None or pb is None or pb.year is None or pb.rel is not None:
            continue
        if pa.year is not None or pa.rel is not None or pa.this_year:
            continue
        if (pa.quarter is not None or pa.month is not None or pa.half is not None) and _AND.match(
            text[a.end : b.start]
        ):
            out[i] = replace(a, point=pa.with_(year=pb.year))
    return out


_APPROX_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(?P<w>khoảng|chừng|tầm|xấp xỉ|khoảng chừng)\s+$", FLAGS)


def _approx(c: Cand, text: str) -> Cand:
    """ "khoảng tháng 3 - 6/2027": an approximate date or period (mod approx, word in the span)."""
    if c.kind not in ("point", "interval") or c.mod is not None:
        return c
    before = text[max(0, c.start - 20) : c.start]
    m = _APPROX_BEFORE.search(before)
    if not m:
        return c
    return replace(c, start=c.start - (len(before) - m.start("w")), mod="approx")


def _merge_pairs(cands: list[Cand], text: str) -> list[Cand]:
    # Clock times join their days first, so that "từ 8 giờ đến 11 giờ ngày 22/10" ranges days.
    return _merge_pass(_merge_pass(cands, text, intervals=False), text, intervals=True)


def _merge_pass(cands: list[Cand], text: str, intervals: bool) -> list[Cand]:
    out: list[Cand] = []
    for c in cands:
        # A merged pair may merge again with what follows ("từ 8 giờ ngày 1/10 đến …").
        merged = _merge(out[-1], c, text, intervals) if out else None
        if merged is not None:
            out[-1] = merged
        else:
            out.append(c)
    return out


def _merge(a: Cand, b: Cand, text: str, intervals: bool) -> Cand | None:
    gap = text[a.end : b.start]
    if len(gap) > 20:
        return None
    pa, pb = a.point, b.point
    if a.kind == "point" and b.kind == "point" and pa is not None and pb is not None:
        # "10 giờ sáng 19/10", "20 giờ ngày 19/10": a clock time on a day.
        if not intervals and _is_time_only(pa) and _is_day(pb) and _TIME_DATE_GAP.match(gap):
            point = pb.with_(hour=pa.hour, minute=pa.minute, pm=pa.pm or pb.pm, pod=None)
            return Cand(a.start, b.end, "point", "time_on_date", point, mod=a.mod)
        # "20-10-2023 10:00", "Thứ bảy, 7/3/2026, 00:05": a dateline.
        if not intervals and _is_day(pa) and _is_time_only(pb) and _DATE_TIME_GAP.match(gap):
            point = pa.with_(hour=pb.hour, minute=pb.minute, pm=pb.pm or pa.pm, pod=None)
            return Cand(a.start, b.end, "point", "date_time", point, mod=b.mod or a.mod)
        # "từ X đến Y", "X - Y"
        if intervals and _GAP_TO.match(gap) and pa.now is False:
            return _interval(a, b, pa, pb, text, gap)
    if a.kind == "duration" and b.kind == "duration" and _GAP_TO.match(gap) and "-" not in gap:
        return None
    return None


def _interval(a: Cand, b: Cand, pa: Point, pb: Point, text: str, gap: str) -> Cand | None:
    before = text[max(0, a.start - 30) : a.start]
    tu = _FROM_BEFORE.search(before)
    period = _PERIOD_BEFORE.search(before)
    same = _grain(pa) == _grain(pb) and _grain(pa) != "other"
    if not (tu or period or same):
        return None
    if a.mod or b.mod:
        pa, pb = pa, pb
    start = a.start - (len(before) - tu.start("tu")) if tu else a.start
    pa = _borrow(pa, pb)
    return Cand(start, b.end, "interval", "from_to", pa, pb)


def _to_now(cands: list[Cand], text: str) -> list[Cand]:
    out: list[Cand] = []
    for i, c in enumerate(cands):
        if c.kind == "point" and c.point is not None:
            after = _TO_NOW_AFTER.match(_after(text, c.end))
            nxt_start = cands[i + 1].start if i + 1 < len(cands) else len(text)
            if after and c.end + after.end() <= nxt_start:
                before = text[max(0, c.start - 30) : c.start]
                tu = _FROM_BEFORE.search(before)
                start = c.start - (len(before) - tu.start("tu")) if tu else c.start
                end_point = Point(now=True)
                out.append(Cand(start, c.end + after.end(), "interval", "until_now", _start_of(c), end_point))
                continue
            before = text[max(0, c.start - 40) : c.start]
            from_now = _FROM_NOW_BEFORE.search(before)
            if from_now:
                start = c.start - (len(before) - from_now.start("x"))
                out.append(Cand(start, c.end, "interval", "from_now", Point(now=True), c.point))
                continue
        out.append(c)
    return out


def _start_of(c: Cand) -> Point:
    """The start of "từ đầu năm đến nay": a period with "đầu" starts at its first month."""
    p = c.point
    assert p is not None
    if c.mod == "start" and (p.this_year or (p.rel is not None and p.rel[0] == "year")):
        return p.with_(month=1)
    return p


def _extend_interval(c: Cand, text: str) -> Cand:
    """ "giai đoạn 2022 - 2025": the period word belongs to the interval's span."""
    if c.kind != "interval":
        return c
    before = text[max(0, c.start - 30) : c.start]
    period = _PERIOD_BEFORE.search(before)
    if period:
        return replace(c, start=c.start - (len(before) - period.start("p")))
    return c
