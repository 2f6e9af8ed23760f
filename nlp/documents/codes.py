"""Reading a document's number and symbol ("57-NQ/TW", "100/2019/NĐ-CP") into typed fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.documents.tables import PARTY, STATE, court_cases, court_stages, issuer_codes, type_codes

# A symbol segment: capital first ("NQ", "TTg", "QĐi", "QH14", "UBND.KT"), not running into a word.
SEGMENT = r"[A-ZĐƯ][A-Za-zĐđƯư0-9]*(?:\.[A-ZĐ][A-Za-zĐđ0-9]*)*(?!\w)"
_SEP = r" ?{} ?"
# Number, then either the Party form "-TYPE/ISSUER" or the state form "[/YEAR]/SYMBOL".
CORE = (
    # The first digit comes first so that the regex engine can skip to digits fast; then look behind.
    r"(?P<num>\d(?:(?<![\w/.-]\d)|(?<=số\d)|(?<=Số\d))\d{0,4}(?:[a-z](?= ?[-/]))?)"
    r"(?:"
    + _SEP.format("-")
    + rf"(?P<ptype>{SEGMENT})"
    + _SEP.format("/")
    + rf"(?P<pissuer>{SEGMENT}(?:-{SEGMENT})*)"
    + r"|"
    + r"(?: ?/ ?(?P<year>(?:19|20)\d{2}))?"
    + _SEP.format("/")
    + rf"(?P<scode>{SEGMENT}(?:{_SEP.format('-')}{SEGMENT})*)"
    + r")"
    # A symbol that goes on with more slashes ("01/PL/BS/HĐTD", a contract annex) is no document's.
    + r"(?! ?/ ?\w)"
)
CORE_RE = re.compile(CORE)

_ASSEMBLY = re.compile(r"(UBTVQH|QH)(\d{1,2})")
_JOINT = {"Thông tư liên tịch", "Nghị quyết liên tịch"}
# Doc type of a legislative symbol without a type abbreviation ("45/2019/QH14" is a law).
_ASSEMBLY_TYPE = {"QH": "Luật", "UBTVQH": "Nghị quyết"}


@dataclass(frozen=True)
class Symbol:
    """What a number and symbol say: number, year, normalised code, system, type and issuer."""

    number: str
    year: int | None
    code: str
    system: str  # PARTY or STATE
    doc_type: str | None  # from the type abbreviation, None if the symbol has none
    issuer: str | None
    known: bool  # the symbol has an abbreviation from the tables (so it is plausibly a document)


def _canon(segment: str) -> str:
    """A segment in the tables' spelling (Đ for D, "TTg" for "TTG") when it is a known code, for lookup."""
    for table in (type_codes(), issuer_codes()):
        code = table.canonical(segment)
        if code is not None:
            return code
    if segment in court_stages() or segment in court_cases():
        return segment
    form = segment.replace("D", "Đ")
    if form in court_stages() or form in court_cases():
        return form
    return segment


def _issuers(segments: list[str], system: str, joint: bool) -> str | None:
    names: list[str] = []
    for seg in segments:
        name = issuer_codes().lookup(seg, system)
        if name is None:
            m = _ASSEMBLY.fullmatch(seg)
            name = issuer_codes().lookup(m.group(1), system) if m else None
        if name is not None and name not in names:
            names.append(name)
            if not joint:
                break
    return ", ".join(names) if names else None


def _split(code: str) -> list[str]:
    return [s for s in re.split(r" ?- ?", code) if s]


def read_symbol(m: re.Match[str]) -> Symbol:
    """Interpret a CORE_RE match."""
    number = m.group("num")
    if m.group("ptype") is not None:
        tseg = m.group("ptype")
        iss = _split(m.group("pissuer"))
        doc_type = type_codes().lookup(_canon(tseg), PARTY)
        issuer = _issuers([_canon(s) for s in iss], PARTY, doc_type in _JOINT)
        known = doc_type is not None or issuer is not None
        return Symbol(number, None, f"{tseg}/{'-'.join(iss)}", PARTY, doc_type, issuer, known)
    year = int(m.group("year")) if m.group("year") else None
    written = _split(m.group("scode"))
    code = "-".join(written)  # as written (SPEC: ASCII hyphens, no spaces); tables are read leniently
    segs = [_canon(s) for s in written]
    first = segs[0]
    assembly = _ASSEMBLY.fullmatch(first)
    if assembly:
        # "45/2019/QH14": the type comes from the word before it (a law when none is written).
        return Symbol(number, year, code, STATE, None, _issuers([assembly.group(1)], STATE, False), True)
    t = type_codes().lookup(first, STATE)
    if t is not None:
        issuer = _issuers(segs[1:], STATE, t in _JOINT)
        if issuer is None and t == "Nghị quyết":
            # Journalists often write the Party "NQ/TW" in the state form ("36/NQ-TW").
            issuer = _issuers(segs[1:], PARTY, False)
        return Symbol(number, year, code, STATE, t, issuer, True)
    if first in court_cases() and len(segs) > 1 and segs[1] in court_stages():
        return Symbol(number, year, code, STATE, court_stages()[segs[1]], None, True)
    issuer = _issuers([first], STATE, False)
    if issuer is not None:
        # A symbol opening with the issuer ("123/UBND-KT") is a công văn (Nghị định 30/2020, Phụ lục I).
        return Symbol(number, year, code, STATE, "Công văn", issuer, True)
    return _unknown(number, year, code)


def _unknown(number: str, year: int | None, code: str) -> Symbol:
    return Symbol(number, year, code, STATE, None, None, False)


def default_type(symbol: Symbol) -> str | None:
    """The type a symbol implies when no type word is written: its abbreviation, or a law for QH."""
    if symbol.doc_type is not None:
        return symbol.doc_type
    assembly = _ASSEMBLY.match(symbol.code.upper())
    if assembly and assembly.end() == len(symbol.code):
        return _ASSEMBLY_TYPE[assembly.group(1)]
    return None
