"""A legal text's own heading and number are not references (SPEC §2.4): find and drop them."""

from __future__ import annotations

import re

from nlp.documents.refs import Ref
from nlp.documents.tables import type_words

_LINE = re.compile(r"[^\n]+")
# A header line holding only the document's own number: "Số: 294-QĐ/TW", "Số ký hiệu<TAB>101/2015/QH13".
_NUMBER_LABEL = re.compile(r"(?i:số(?:\s+ký\s+hiệu|\s+án\s+lệ|\s+hiệu)?)\s*:?")
_PLACE_DATE = re.compile(r"\s+[^\d\n]{0,40},\s*ngày\s+\d")


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]


def _covering(refs: list[Ref], start: int, end: int, text: str) -> Ref | None:
    """The reference that is the whole line (leading/trailing spaces aside), if any."""
    line = text[start:end]
    a = start + len(line) - len(line.lstrip())
    b = start + len(line.rstrip())
    for ref in refs:
        if ref.start == a and ref.end == b:
            return ref
    return None


def _own_name(text: str, lines: list[tuple[int, int]], doc_type: str) -> str | None:
    """The name under an all-caps type heading ("BỘ LUẬT" / "HÌNH SỰ" → "hình sự")."""
    for k, (a, b) in enumerate(lines[:12]):
        line = text[a:b].strip()
        if (
            line.isupper()
            and type_words().get(line.lower())
            and type_words()[line.lower()].doc_type == doc_type
        ) and k + 1 < len(lines):
            nxt = text[lines[k + 1][0] : lines[k + 1][1]].strip()
            if nxt.isupper() and len(nxt) < 120:
                return nxt.casefold()
    return None


def _is_header(text: str, ref: Ref) -> bool:
    """A line that holds only the text's own number: "Số: 294-QĐ/TW", "Số ký hiệu<TAB>101/2015/QH13",
    possibly followed by the place and date of issue ("Số: 15/2010/QĐ-UBND  Hà Nội, ngày …")."""
    if ref.number is None:
        return False
    line_start = text.rfind("\n", 0, ref.start) + 1
    line_end = text.find("\n", ref.end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start : ref.start].strip(" |")  # table borders of converted documents
    after = text[ref.end : line_end].rstrip(" |")
    if after.strip() and not _PLACE_DATE.match(after):
        return False
    if text[ref.start : ref.start + 2].lower() == "số":
        return not before.strip()
    if not before.strip() and re.search(r"(?i:số)\s*:", text[ref.start : ref.end]):
        return True  # "Luật số: 73/2021/QH14" on a line of its own: the gazette heading
    return _NUMBER_LABEL.fullmatch(before.strip()) is not None


def drop_own(text: str, refs: list[Ref]) -> list[Ref]:
    """Drop the heading of a legal text (its first line is a reference) and its self-references."""
    lines = _lines(text)
    if len(lines) < 2:
        return refs  # a single line is a sentence citing a document, not a document with its heading
    first_start, first_end = lines[0]
    own = _covering(refs, first_start, first_end, text)
    first_line = text[first_start:first_end].strip()
    numberless = re.fullmatch(r"(?P<type>.+?)\s+[Kk]hông\s+số", first_line)
    own_type = None
    if numberless and numberless.group("type").lower() in type_words():
        own_type = type_words()[numberless.group("type").lower()].doc_type
    elif own is not None:
        own_type = own.doc_type
    header_refs = [r for r in refs if _is_header(text, r)]
    headers = {id(r) for r in header_refs}
    own_numbers = {(r.number, r.code) for r in header_refs}
    if own is not None and own.number is not None:
        own_numbers.add((own.number, own.code))
    name = _own_name(text, lines, own_type) if own_type else None
    kept = []
    for r in refs:
        if r is own or id(r) in headers:
            continue
        if r.number is not None and (r.number, r.code) in own_numbers:
            continue
        if own_type is not None and r.doc_type == own_type:
            if own is None and r.number is None and r.year is None:
                continue  # "Hiến pháp" in the constitution's own text
            if name is not None and r.number is None and r.title_span is not None:
                title = text[r.title_span[0] : r.title_span[1]].casefold()
                if title == name and (r.year is None or (own is not None and r.year == own.year)):
                    continue  # "Bộ luật hình sự" inside the criminal code itself
        kept.append(r)
    return kept
