"""Read an official document's own header: issuer, "Số: …", place and date, type and title."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from nlp.langdata import data_path, load_map, load_words
from scrapers.files.blocks import CELL_SEP

_HEAD_BLOCKS = 16  # the letterhead and heading sit in the first lines of page 1
_DECOR = re.compile(r"^[\s\-_=*~.·•o0]*$")  # rules and stars under the issuer ("-----", "*", "=====o0o=====")
_DECOR_EDGE = re.compile(r"(?:\s*[-_=*~]{3,}\s*)+$|^(?:\s*[-_=*~]{3,}\s*)+")
_NUMBER = re.compile(
    r"(?:^|\s)(?:Luật\s+|Pháp lệnh\s+)?(?:số|SỐ|Số)\s*(?:hiệu\s*)?:?\s*"
    r"(?P<num>\d+[a-zA-Z]?)?\s*(?:/\s*(?P<year>(?:19|20)\d\d))?\s*"
    r"(?P<code>[-/]?\s*[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/.]\s*[A-ZĐ0-9][A-Za-zĐđ0-9]*)*)"
)
_PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][^,|;:\d]{1,40}?),\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng\s*(?P<m>\d{1,2})?)\s*"
    r"năm\s*(?P<y>(?:19|20)\d\d)"
)
_PASSED = re.compile(
    r"(?:Được\s+)?(?P<issuer>[A-ZĐ][^.;]{3,80}?)\s+thông qua\s+ngày\s*(?P<d>\d{1,2})\s*tháng\s*"
    r"(?P<m>\d{1,2})\s*năm\s*(?P<y>(?:19|20)\d\d)"
)
_SUBJECT_LINE = re.compile(r"^(?:V/v|Về việc)\s", re.IGNORECASE)
_BODY_START = re.compile(r"^(?:[-+]\s*)?(?:Căn cứ|Xét|Theo đề nghị|Được|Ngày|Kính gửi|Điều\s+\d|Chương\s)")


@dataclass(frozen=True)
class Header:
    """What the letterhead says; `number_text` is the "Số: …" line as written (for its offset)."""

    doc_type: str | None = None
    number: str | None = None
    year: int | None = None
    code: str | None = None
    issuer: str | None = None
    issued_on: str | None = None
    place: str | None = None
    title: str | None = None
    number_text: str | None = None
    heading: tuple[int, ...] = ()  # indexes of the blocks that hold the type word and title


@cache
def _types() -> tuple[tuple[str, str], ...]:
    return tuple(load_map(data_path(__file__, "doc_types.tsv")).items())


@cache
def _code_types() -> dict[str, str]:
    return load_map(data_path(__file__, "code_types.tsv"))


@cache
def _geo_words() -> tuple[str, ...]:
    return load_words(data_path(__file__, "geo_words.txt"))


def _bare(text: str) -> str:
    """Upper case without diacritics, for comparisons that must ignore tone placement (HÒA/HOÀ)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper()


def _is_motto(cell: str) -> bool:
    bare = _bare(cell)
    return any(m in bare for m in ("CONG HOA XA HOI", "DOC LAP", "DANG CONG SAN VIET NAM"))


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split(CELL_SEP.strip()) if c.strip()]


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _doc_type(line: str) -> tuple[str, str] | None:
    """(canonical type, rest of the line) when the line opens with a heading type word."""
    bare = _bare(line)
    for word, canonical in _types():
        b = _bare(word)
        if bare.startswith(b) and (len(bare) == len(b) or not bare[len(b)].isalpha()):
            if not _is_upper(line[: len(word)]):
                return None  # "Quyết định số …" in a sentence is not a heading
            return canonical, line[len(word) :].strip(" :")
    return None


def _code_type(code: str | None) -> str | None:
    if not code:
        return None
    for part in re.split(r"[-/]", code):
        part = re.sub(r"\d+$", "", part)  # "QH14" → "QH"
        if part in _code_types():
            return _code_types()[part]
    return None


def _join_issuer(lines: list[str]) -> str | None:
    if not lines:
        return None
    out = lines[0]
    for line in lines[1:]:
        glue = " " if any(_bare(line).startswith(_bare(g) + " ") for g in _geo_words()) else " - "
        out += glue + line
    return out


def _iso(y: str, m: str | None, d: str | None) -> str:
    month = f"{int(m):02d}" if m else "XX"
    day = f"{int(d):02d}" if d else "XX"
    return f"{y}-{month}-{day}"


def parse_header(blocks: list[str]) -> Header | None:
    """The header of an official document from its first blocks, or None when it has none."""
    head = blocks[:_HEAD_BLOCKS]
    issuer_lines: list[str] = []
    number = year = code = number_text = place = issued_on = None
    doc_type = title = None
    heading: list[int] = []
    seen_number = seen_date = False
    for i, block in enumerate(head):
        if doc_type is not None:
            break
        cells = _cells(block)
        for j, cell in enumerate(cells):
            cell = _DECOR_EDGE.sub("", cell).strip()
            if not cell or _DECOR.match(cell):
                continue
            m = _NUMBER.search(cell) if not seen_number else None
            if m and (m.start() == 0 or cell[: m.start() + 1].strip() == "" or _doc_type(cell)):
                number = m.group("num")
                year = int(m.group("year")) if m.group("year") else None
                code = re.sub(r"\s+", "", m.group("code")).lstrip("-/") or None
                number_text = cell[m.start() :].strip()
                seen_number = True
                found = _doc_type(cell)
                if found:  # "ÁN LỆ SỐ 43/2021/AL": the type word and the number on one line
                    doc_type = found[0]
                    heading.append(i)
                continue
            d = _PLACE_DATE.search(" ".join(cells[j:]).replace(CELL_SEP.strip(), " "))
            if d and not seen_date:
                place, issued_on, seen_date = d.group("place").strip(), _iso(d["y"], d["m"], d["d"]), True
                break
            if _is_motto(cell):
                continue
            found = _doc_type(cell) if j == 0 and len(cells) == 1 else None
            if found and (seen_number or seen_date or issuer_lines):
                doc_type, rest = found
                heading.append(i)
                if rest:
                    # "ĐỀ CƯƠNG VÀ DỰ TOÁN …": a compound heading is the title as a whole.
                    title = cell if _bare(rest).startswith("VA ") else rest
                break
            if not seen_number and not seen_date and j == 0 and _is_upper(cell) and len(cell) < 80:
                issuer_lines.append(cell)
    if doc_type is None and not seen_number:
        return None
    # The title: the rest of the heading, then the next block(s) until the body begins.
    if heading:
        k = heading[-1] + 1
        while k < len(blocks) and k <= heading[-1] + 3:
            text = _DECOR_EDGE.sub("", blocks[k]).strip()
            if not text or _DECOR.match(text):
                k += 1
                continue
            if _BODY_START.match(text) or CELL_SEP.strip() in text:
                break
            if issuer_lines and _bare(text) in {_bare(" ".join(issuer_lines)), _bare(issuer_lines[0])}:
                break  # "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" repeated above the enacting formula
            if title and not text[0].islower() and _is_upper(text) != _is_upper(title):
                break
            if title and not text[0].islower() and not _is_upper(title):
                break
            title = f"{title} {text}" if title else text
            heading.append(k)
            k += 1
    if issued_on is None or not issuer_lines:
        for block in blocks[: _HEAD_BLOCKS + 4]:
            p = _PASSED.search(block)
            if p:
                issued_on = issued_on or _iso(p["y"], p["m"], p["d"])
                if not issuer_lines:
                    issuer_lines = [p.group("issuer").strip()]
                break
    if issued_on is None:
        # A law gives its date only at its end: "… thông qua ngày 30 tháng 3 năm 2021."
        for block in reversed(blocks[-15:]):
            p = _PASSED.search(block)
            if p:
                issued_on = _iso(p["y"], p["m"], p["d"])
                break
    doc_type = doc_type or _code_type(code)
    if doc_type is None and seen_number and any(_SUBJECT_LINE.match(b) for b in head):
        doc_type = "Công văn"  # an official letter: no type word, a "V/v …" subject line instead
    if doc_type is None:
        return None
    if title:
        title = _DECOR_EDGE.sub("", title).strip() or None
    return Header(
        doc_type=doc_type,
        number=number,
        year=year,
        code=code,
        issuer=_join_issuer(issuer_lines),
        issued_on=issued_on,
        place=place,
        title=title,
        number_text=number_text,
        heading=tuple(heading),
    )
