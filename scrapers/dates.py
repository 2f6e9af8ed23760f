"""Publication times as pages write them (ISO, RFC 822, Vietnamese datelines) → ISO 8601 at +07:00."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

VN_TZ = timezone(timedelta(hours=7))

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
# "7/3/2026, 00:05", "07-03-2026 - 00:01 AM", "20-10-2023 10:00", "23/12/2025 09:02 (GMT+7)".
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"
    r"(?:\s*[,|-]?\s*(?:lúc\s*)?(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm|SA|CH)?)?"
)
# "10:00 20/10/2023" (time first, as some portals write it).
_HM_DMY = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})\s*[,|-]?\s*(?:ngày\s*)?(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
# "ngày 28 tháng 11 năm 2013" (legal texts and formal datelines).
_WORDY = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_GMT = re.compile(r"GMT\s*([+-])\s*(\d{1,2})")


def _fmt(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ).isoformat(timespec="seconds")


def _hour(h: int, ampm: str | None) -> int:
    if not ampm:
        return h
    pm = ampm.lower() in ("pm", "ch")
    if h == 12:
        return 12 if pm else 0
    return h + 12 if pm else h


def parse_date(text: str | None) -> str | None:
    """The first date or date-time in `text` as ISO 8601.

    A time without a zone is Vietnam time (+07:00); a zone other than +07:00 is converted to it.
    A date without a time is returned as a plain date ("2026-01-08").
    """
    if not text:
        return None
    text = text.strip()
    m = _ISO.search(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        try:
            if m[4] is None:
                return date(y, mo, d).isoformat()
            tz = VN_TZ
            if m[7]:
                z = m[7]
                if z == "Z":
                    tz = UTC
                else:
                    sign = -1 if z[0] == "-" else 1
                    digits = z[1:].replace(":", "")
                    tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            dt = datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=tz)
            return _fmt(dt)
        except ValueError:
            pass
    m2 = _HM_DMY.search(text)
    if m2:
        try:
            dt = datetime(int(m2[5]), int(m2[4]), int(m2[3]), int(m2[1]), int(m2[2]))
            return _fmt(dt.replace(tzinfo=_zone(text)))
        except ValueError:
            pass
    m4 = _WORDY.search(" ".join(text.split()))
    if m4:
        try:
            return date(int(m4[3]), int(m4[2]), int(m4[1])).isoformat()
        except ValueError:
            pass
    m3 = _DMY.search(text)
    if m3:
        try:
            y, mo, d = int(m3[3]), int(m3[2]), int(m3[1])
            if m3[4] is None:
                return date(y, mo, d).isoformat()
            hh = _hour(int(m3[4]), m3[7])
            dt = datetime(y, mo, d, hh, int(m3[5]), int(m3[6] or 0))
            return _fmt(dt.replace(tzinfo=_zone(text)))
        except ValueError:
            pass
    if re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            return _fmt(parsedate_to_datetime(text))
        except (TypeError, ValueError):
            return None
    return None


def _zone(text: str) -> timezone:
    m = _GMT.search(text)
    if not m:
        return VN_TZ
    hours = int(m[2]) * (-1 if m[1] == "-" else 1)
    return timezone(timedelta(hours=hours))


def to_datetime(iso: str | None) -> datetime | None:
    """Parse an ISO value written by `parse_date` back (a plain date is midnight, Vietnam time)."""
    if not iso:
        return None
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ)
