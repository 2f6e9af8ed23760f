"""Language data of the document extractor: type words, type and issuer codes, law names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.langdata import data_path, load_rows, load_words

PARTY = "party"
STATE = "state"
_ANY = "any"


def fold_code(segment: str) -> str:
    """A code segment folded for lenient lookup: Đ typed as D, case ignored ("ND" ~ "NĐ", "TTG" ~ "TTg")."""
    return segment.replace("Đ", "D").replace("đ", "d").upper()


@dataclass(frozen=True)
class CodeTable:
    """Abbreviation → value per numbering system, with a folded index for D-for-Đ and case slips."""

    by_code: dict[str, dict[str, str]]
    folded: dict[str, tuple[str, ...]]

    def canonical(self, segment: str) -> str | None:
        """The abbreviation as the table writes it, or None if unknown or ambiguous once folded."""
        if segment in self.by_code:
            return segment
        forms = self.folded.get(fold_code(segment), ())
        return forms[0] if len(forms) == 1 else None

    def lookup(self, segment: str, system: str) -> str | None:
        """The value of an abbreviation in a numbering system (party/state), else None."""
        code = self.canonical(segment)
        if code is None:
            return None
        values = self.by_code[code]
        return values.get(system) or values.get(_ANY)

    def known(self, segment: str) -> bool:
        return self.canonical(segment) is not None


def _code_table(name: str) -> CodeTable:
    by_code: dict[str, dict[str, str]] = {}
    for row in load_rows(data_path(__file__, name)):
        code, value = row[0], row[1]
        system = row[2] if len(row) > 2 else _ANY
        by_code.setdefault(code, {})[system] = value
    folded: dict[str, list[str]] = {}
    for code in by_code:
        folded.setdefault(fold_code(code), []).append(code)
    return CodeTable(by_code, {k: tuple(v) for k, v in folded.items()})


@cache
def type_codes() -> CodeTable:
    """Type abbreviations (NQ, QĐ, NĐ, TT …) → doc_type (type_codes.tsv)."""
    return _code_table("type_codes.tsv")


@cache
def issuer_codes() -> CodeTable:
    """Issuer abbreviations (TW, ĐUK, CP, TTg, UBND …) → issuing body (issuers.tsv)."""
    return _code_table("issuers.tsv")


@cache
def court_stages() -> dict[str, str]:
    """Court procedure stages (ST, PT, GĐT, TT) → doc_type (court_codes.tsv)."""
    return {row[0]: row[1] for row in load_rows(data_path(__file__, "court_codes.tsv"))}


@cache
def court_cases() -> frozenset[str]:
    """Court case-kind abbreviations (HS, DS, HC …) that open a court document's code."""
    return frozenset(load_words(data_path(__file__, "court_cases.txt")))


@dataclass(frozen=True)
class TypeWord:
    doc_type: str
    bare: bool  # may be cited by a bare number ("Thông tư 17")


@cache
def type_words() -> dict[str, TypeWord]:
    """Lower-case type phrases (nghị định, thông tư liên tịch …) → canonical type (doc_types.tsv)."""
    return {
        row[0]: TypeWord(row[1], len(row) > 2 and row[2] == "bare")
        for row in load_rows(data_path(__file__, "doc_types.tsv"))
    }


@cache
def law_names() -> tuple[str, ...]:
    """Names of codes and laws, longest first, for laws cited by name without a year."""
    return tuple(sorted(load_words(data_path(__file__, "law_names.txt")), key=len, reverse=True))


@cache
def name_stops() -> frozenset[str]:
    """Words that end a law's name (name_stops.txt)."""
    return frozenset(load_words(data_path(__file__, "name_stops.txt")))


@cache
def quantity_words() -> frozenset[str]:
    """Words after a bare number that make it a quantity, not a document number."""
    return frozenset(w.lower() for w in load_words(data_path(__file__, "quantity_words.txt")))


@cache
def title_stops() -> dict[str, str]:
    """Phrases that end an unquoted title → "end" (said of the document) or "clause" (title_stops.tsv)."""
    return {row[0]: row[1] for row in load_rows(data_path(__file__, "title_stops.tsv"))}


@cache
def issuer_heads() -> tuple[str, ...]:
    """Words opening an issuing body's name in running text (issuer_heads.txt)."""
    return load_words(data_path(__file__, "issuer_heads.txt"))


@cache
def issuer_stops() -> frozenset[str]:
    """Words ending an issuing body's name in running text (issuer_stops.txt)."""
    return frozenset(load_words(data_path(__file__, "issuer_stops.txt")))


def alternation(phrases: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
