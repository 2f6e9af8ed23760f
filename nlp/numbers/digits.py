"""Numerals written in digits: "1.234,5", "84.350", "2,5", and the rarer English forms."""

from __future__ import annotations

import re

_GROUPED_DOTS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^\d{1,3}(?:,\d{3}){2,}$")
_GROUPED_SPACES = re.compile(r"^\d{1,3}(?: \d{3})+$")
_ASCII_NUMERAL = re.compile(r"^[0-9][0-9., ]*$")
# Forms only one convention can write: several comma groups or a comma group then a dot decimal
# (English), several dot groups or a dot group then a comma decimal (Vietnamese).
_ENGLISH_ONLY = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:,\d{3}){2,}|(?:,\d{3})+\.\d+)(?![\d,])")
_VIETNAMESE_ONLY = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:\.\d{3}){2,}|(?:\.\d{3})+,\d+)(?![\d.])")


def english_grouping(text: str) -> bool:
    """True when a text groups thousands with commas: it writes "1,234,567" or "1,234.5" and
    never "1.234.567" or "1.234,5". A lone "1,500" in such a text is then read as 1500."""
    english = len(_ENGLISH_ONLY.findall(text))
    return english > 0 and english > len(_VIETNAMESE_ONLY.findall(text))


def parse_numeral(raw: str, comma_thousands: bool = False) -> float | None:
    """Value of a digit string in Vietnamese convention ("." groups thousands, "," marks decimals).

    Ambiguous lone separators follow the Vietnamese reading: "1.500" is 1500 and "1,5" is 1.5.
    "1.5" (a dot not followed by three digits) and "0.500" can only be decimals; "1,000" (three
    zero decimals, which nobody writes) is a thousand. `comma_thousands` is for texts known to use
    English style (see `english_grouping`), where a lone "1,500" means 1500.
    Returns None for strings that are not a well-formed numeral.
    """
    s = raw.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not s:
        return None
    negative = s.startswith(("-", "−"))
    if negative:
        s = s[1:].strip()
    if not _ASCII_NUMERAL.match(s):
        return None  # other scripts' digits and superscripts ("³") are no numerals here
    value = _unsigned(s, comma_thousands)
    if value is None:
        return None
    return -value if negative else value


def _unsigned(s: str, comma_thousands: bool) -> float | None:
    if s.isdigit():
        return float(int(s))
    if _GROUPED_SPACES.match(s):
        return float(int(s.replace(" ", "")))
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        # The separator that comes last is the decimal mark: "1.234,5" (Vietnamese) or "1,234.5".
        if s.rfind(",") > s.rfind("."):
            whole, _, frac = s.rpartition(",")
            if not _GROUPED_DOTS.match(whole) and not whole.isdigit():
                return None
            return _join(whole.replace(".", ""), frac)
        whole, _, frac = s.rpartition(".")
        if not re.match(r"^\d{1,3}(?:,\d{3})+$", whole):
            return None
        return _join(whole.replace(",", ""), frac)
    if has_dot:
        if _GROUPED_DOTS.match(s) and not s.startswith("0"):
            return float(int(s.replace(".", "")))
        whole, _, frac = s.partition(".")
        return _join(whole, frac) if "." not in frac else None
    if has_comma:
        lone_group = re.match(r"^[1-9]\d{0,2},\d{3}$", s)
        if _GROUPED_COMMAS.match(s) or (lone_group and (comma_thousands or s.endswith(",000"))):
            return float(int(s.replace(",", "")))
        whole, _, frac = s.partition(",")
        return _join(whole, frac) if "," not in frac else None
    return None


def _join(whole: str, frac: str) -> float | None:
    if not (whole.isdigit() and frac.isdigit()):
        return None
    return float(f"{int(whole)}.{frac}")
