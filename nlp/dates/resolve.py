"""Resolution of a Point against the reference date and the narrative anchor; year inference."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nlp.dates.lunar import lunar_to_solar, year_of_can_chi
from nlp.dates.timex import Point

_FUTURE_WEIGHT = 3.0  # a day ahead counts as three days back (see infer_year)
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass
class Context:
    """What a partial or relative expression is resolved against."""

    ref: datetime | None
    anchor: date | None = None  # the day the text last talked about
    anchor_here: bool = False  # … and it was named in the sentence being resolved
    future: bool = False  # the sentence speaks of plans ("sẽ", "dự kiến"): prefer the next date


def _month_shift(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def span_in_year(p: Point, year: int) -> tuple[date, date] | None:
    """First and last solar day that a yearless point covers in `year` (None if impossible)."""
    try:
        if p.lunar and p.month is not None:
            if p.day is not None:
                d = lunar_to_solar(year, p.month, p.day)
                return (d, d) if d else None
            a, b = lunar_to_solar(year, p.month, 1), lunar_to_solar(year, p.month, 29)
            return (a, b) if a and b else None
        if p.month is not None and p.day is not None:
            d = date(year, p.month, p.day)
            return d, d
        if p.month is not None:
            return date(year, p.month, 1), date(year, p.month, calendar.monthrange(year, p.month)[1])
        if p.quarter is not None:
            first = 3 * p.quarter - 2
            return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        if p.half is not None:
            return (
                (date(year, 1, 1), date(year, 6, 30))
                if p.half == 1
                else (date(year, 7, 1), date(year, 12, 31))
            )
        if p.season is not None:
            lo, hi = SEASON_MONTHS[p.season]
            y2, m2 = _month_shift(year, hi, 0) if hi <= 12 else (year + 1, hi - 12)
            return date(year, lo, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])
    except ValueError:
        return None
    return None


def infer_year(p: Point, ref: date, future: bool, direction: int = 0) -> int | None:
    """The year of a yearless point: the nearest occurrence, a day ahead counting three days back.

    News mostly report what happened, so an occurrence before the reference date wins unless the
    one after it is less than a third as far ("19/10" on 5 January is last October; "25/10" on 20
    October is this week's). In a sentence about plans (`future`) the weights are swapped.
    `direction` +1 ("tháng 5 tới") keeps only occurrences after the reference date, -1 ("vừa qua")
    only those that have begun.
    """
    best: tuple[float, int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        span = span_in_year(p, year)
        if span is None:
            continue
        start, end = span
        if (direction > 0 and start <= ref) or (direction < 0 and start > ref):
            continue
        if end < ref:
            score = (ref - end).days * (_FUTURE_WEIGHT if future else 1.0)
        elif start > ref:
            score = (start - ref).days * (1.0 if future else _FUTURE_WEIGHT)
        else:
            score = 0.0
        if best is None or score < best[0]:
            best = (score, year)
    return None if best is None else best[1]


def _nearest_weekday(ref: date, weekday: int, future: bool, strict: bool = False) -> date:
    """The weekday on or before the reference date (or on or after it; strictly after for "tới")."""
    if future:
        ahead = (weekday - ref.weekday()) % 7
        return ref + timedelta(days=ahead or (7 if strict else 0))
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


def _set_day(p: Point, d: date) -> Point:
    return p.with_(year=d.year, month=d.month, day=d.day, week=None, weekday=None)


def resolve(p: Point, ctx: Context) -> Point | None:
    """A point with the year, month and day the text implies; None when it needs a missing ref date."""
    ref = ctx.ref.date() if ctx.ref is not None else None
    future = ctx.future if p.direction == 0 else p.direction > 0
    if p.now:
        return None if ref is None else Point(year=ref.year, month=ref.month, day=ref.day)
    if p.this_year:
        # "Trong năm, …" looking back (direction -1) in a January article reviews the year before.
        year = None if ref is None else ref.year - (1 if p.direction < 0 and ref.month == 1 else 0)
        p = p.with_(this_year=False, direction=0, year=p.year if p.year is not None else year)
    if p.anchored is not None:
        base = ctx.anchor or ref
        if base is None:
            return None
        p = _set_day(p.with_(anchored=None), base + timedelta(days=p.anchored))
    if p.rel is not None:
        if ref is None:
            return None
        unit, n = p.rel
        p = p.with_(rel=None)
        if unit == "day":
            p = _set_day(p, ref + timedelta(days=n))
        elif unit == "week":
            d = ref + timedelta(weeks=n)
            if p.weekday is not None:
                p = _set_day(p, d - timedelta(days=d.weekday()) + timedelta(days=p.weekday))
            else:
                iso = d.isocalendar()
                p = p.with_(year=iso[0], week=iso[1])
        elif unit == "month":
            y, m = _month_shift(ref.year, ref.month, n)
            p = p.with_(year=y, month=m)
        elif unit == "quarter":
            y, m = _month_shift(ref.year, ref.month, 3 * n)
            p = p.with_(year=y, quarter=(m - 1) // 3 + 1)
        elif unit == "year":
            p = p.with_(year=ref.year + n)
    if p.weekday is not None and p.day is None:
        if ref is None:
            return None
        p = _set_day(p, _nearest_weekday(ref, p.weekday, future, strict=p.direction > 0))
    if p.can_chi is not None and p.year is None:
        p = p.with_(year=year_of_can_chi(p.can_chi, ref.year if ref else 0) if ref else None)
    partial = p.month is not None or p.quarter is not None or p.half is not None or p.season is not None
    if p.year is None and ref is not None and p.decade is None and p.century is None and partial:
        p = p.with_(year=infer_year(p, ref, future, p.direction))
    if p.lunar and p.year is None:
        return None  # a lunar date without its year has no solar value (SPEC §2.4: null)
    if p.lunar and p.year is not None and p.month is not None:
        solar = lunar_to_solar(p.year, p.month, p.day if p.day is not None else 15)
        if solar is None:
            return None
        p = p.with_(
            lunar=False, month=solar.month, year=solar.year, day=solar.day if p.day is not None else None
        )
    if p.hour is not None:
        if p.pm is not None and p.pm[0] <= p.hour <= p.pm[1]:
            p = p.with_(hour=p.hour + 12)
        if p.day is None and p.month is None and p.year is None and ctx.anchor_here and ctx.anchor:
            # A bare clock time takes a day named in its own sentence; else its date stays X.
            p = _set_day(p, ctx.anchor)
    return p


def shift_years(p: Point, n: int) -> Point:
    """The same period n years away ("cùng kỳ năm trước" of 2023-Q3 is 2022-Q3)."""
    if p.year is None:
        return p
    if p.week is not None:
        return p.with_(year=p.year + n)
    if p.month == 2 and p.day == 29:
        return p.with_(year=p.year + n, day=28)
    return p.with_(year=p.year + n)
