"""The meaning of a temporal expression before and after resolution, and its ISO 8601 / TIMEX3 value."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Point:
    """A calendar position as the text gives it: absolute fields, or a deictic to resolve."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    pod: str | None = None  # MO, MI, AF, EV, NI
    quarter: int | None = None
    half: int | None = None
    week: int | None = None  # ISO week (with an ISO year in `year`)
    season: str | None = None  # SP, SU, FA, WI
    decade: int | None = None  # 199 → "199X"
    century: int | None = None  # 19 → "19XX"
    weekday: int | None = None  # 0 = Monday
    rel: tuple[str, int] | None = None  # ("day", -1) = yesterday; resolved from the reference date
    anchored: int | None = None  # day offset from the day the text last talked about ("cùng ngày")
    now: bool = False  # "nay", "hiện nay" as the end of an interval
    lunar: bool = False  # year/month/day are lunar (âm lịch)
    can_chi: str | None = None  # the lunar year by its name ("Giáp Thìn")
    pm: tuple[int, int] | None = None  # hours that a part of day moves by +12 ("8 giờ tối")
    direction: int = 0  # +1 "tới" (the next one), -1 "vừa qua" (the last one), 0 unsaid
    this_year: bool = False  # "6 tháng đầu năm", "cuối năm": the year written of, else the ref year

    def with_(self, **changes: object) -> Point:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_time(self) -> bool:
        return self.hour is not None

    @property
    def has_day(self) -> bool:
        return (
            self.day is not None or self.rel is not None and self.rel[0] == "day" or self.anchored is not None
        )

    @property
    def needs_ref(self) -> bool:
        return self.rel is not None or self.now or self.anchored is not None


def format_point(p: Point) -> str | None:
    """ISO 8601 / TIMEX3 value at the grain the point has; X stands for what is unknown.

    A value that would be all X ("đầu năm" without a reference date) is None.
    """
    if p.century is not None:
        base = f"{p.century:02d}XX"
    elif p.decade is not None:
        base = f"{p.decade:03d}X"
    else:
        year = f"{p.year:04d}" if p.year is not None else "XXXX"
        if p.week is not None:
            base = f"{year}-W{p.week:02d}"
        elif p.quarter is not None:
            base = f"{year}-Q{p.quarter}"
        elif p.half is not None:
            base = f"{year}-H{p.half}"
        elif p.season is not None:
            base = f"{year}-{p.season}"
        elif p.month is not None:
            base = f"{year}-{p.month:02d}"
            if p.day is not None:
                base += f"-{p.day:02d}"
        elif p.day is not None:
            base = f"{year}-XX-{p.day:02d}"
        else:
            base = year
    if p.hour is not None:
        if p.day is None and p.month is None and p.year is None and p.week is None:
            base = "XXXX-XX-XX"
        base += f"T{p.hour:02d}:{p.minute or 0:02d}"
        if p.second is not None:
            base += f":{p.second:02d}"
    elif p.pod is not None:
        base += f"T{p.pod}"
    return None if base == "XXXX" else base


@dataclass(frozen=True)
class Duration:
    """An amount of time: (number or None for X, ISO designator, is a time unit) parts."""

    parts: tuple[tuple[float | None, str, bool], ...] = field(default_factory=tuple)

    def value(self) -> str:
        date_part = "".join(_amount(n) + d for n, d, t in self.parts if not t)
        time_part = "".join(_amount(n) + d for n, d, t in self.parts if t)
        return "P" + date_part + ("T" + time_part if time_part else "")


def _amount(n: float | None) -> str:
    if n is None:
        return "X"
    if float(n).is_integer():
        return str(int(n))
    return f"{n:g}"
