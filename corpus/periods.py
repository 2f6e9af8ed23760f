"""Calendar spans of TIMEX values ("2023-Q3", "2022-02/2023-10-20") and buckets for statistics."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from datetime import date
from typing import Any

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# Seasons and parts of a year some extractors write (TIMEX3): spring, summer, fall, winter.
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_SEASON_MONTHS = {"SP": (2, 4), "SU": (5, 7), "FA": (8, 10), "WI": (11, 13)}

BUCKETS = ("month", "quarter", "year")


def point_span(value: str) -> tuple[date, date] | None:
    """First and last day of a single calendar value; None when unresolved (X) or not a calendar date."""
    v = value.strip()
    try:
        if m := _DAY.match(v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(v):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, monthrange(y, mo)[1])
        if m := _YEAR.match(v):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if m := _QUARTER.match(v):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), date(y, 3 * q, monthrange(y, 3 * q)[1])
        if m := _HALF.match(v):
            y, h = int(m[1]), int(m[2])
            return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        if m := _WEEK.match(v):
            y, w = int(m[1]), int(m[2])
            start = date.fromisocalendar(y, w, 1)
            return start, date.fromisocalendar(y, w, 7)
        if m := _SEASON.match(v):
            y = int(m[1])
            first, last = _SEASON_MONTHS[m[2]]
            end_y, end_m = (y + 1, 1) if last == 13 else (y, last)
            return date(y, first, 1), date(end_y, end_m, monthrange(end_y, end_m)[1])
    except ValueError:  # 2023-02-30, week 54 …
        return None
    return None


def value_span(value: str | None) -> tuple[date, date] | None:
    """Calendar span of a date or interval value ("2022/2025" → 2022-01-01 … 2025-12-31)."""
    if not value or value.startswith("P"):
        return None  # durations and sets have no place on the calendar
    if "/" in value:
        a, _, b = value.partition("/")
        first, last = point_span(a), point_span(b)
        if first is None or last is None or last[1] < first[0]:
            return None
        return first[0], last[1]
    return point_span(value)


def bucket(day: date, by: str) -> str:
    """The label of the month, quarter or year a day falls in: "2023-10", "2023-Q4", "2023"."""
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if by == "year":
        return str(day.year)
    raise ValueError(f"unknown bucket {by!r}; choose from {', '.join(BUCKETS)}")


def published_day(published_at: str | None) -> date | None:
    """The calendar day of an ISO publication time ("2023-10-20T10:00:00+07:00" → 2023-10-20)."""
    if not published_at:
        return None
    span = point_span(published_at[:10])
    return span[0] if span else None


def nearest_date(mention: dict[str, Any], dates: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The calendar date or period closest to a mention among `dates` (those of its sentence).

    Durations, sets and unresolved values do not say when; ties go to the date written first.
    """
    best: dict[str, Any] | None = None
    best_distance = 0
    for d in dates:
        if d.get("type") not in ("date", "interval", "time") or value_span(d.get("value")) is None:
            continue
        distance = max(d["start"] - mention["end"], mention["start"] - d["end"], 0)
        if best is None or distance < best_distance:
            best, best_distance = d, distance
    return best
