"""Finding document references in canonical text: numbered ones, lists of them, laws by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.documents.codes import CORE, Symbol, default_type, read_symbol
from nlp.documents.context import issuer_after
from nlp.documents.tables import (
    PARTY,
    alternation,
    issuer_names,
    law_names,
    name_stops,
    quantity_words,
    type_words,
)


@dataclass
class Ref:
    """A reference being built: its span in canonical text and the fields known so far."""

    start: int
    end: int
    doc_type: str | None
    number: str | None = None
    year: int | None = None
    code: str | None = None
    issuer: str | None = None
    title_span: tuple[int, int] | None = None
    rule: str = ""
    system: str | None = None
    typed: bool = False  # the type word is written
    code_type: str | None = None  # the type the symbol's abbreviation gives
    member: bool = False  # a later member of a list (the cited part before the list is not its own)
    list_next: bool = False  # the next reference continues this one's list


# A symbol's issuer that the Party uses for several bodies: the body named in the text is more exact
# ("57-NQ/TW của Bộ Chính trị", "15-NQ/TU của Thành ủy").
SHARED_ISSUERS = frozenset({"Ban Chấp hành Trung ương", "Tỉnh ủy"})

# ---- patterns -------------------------------------------------------------------------------------
_NOT_AFTER_WORD = r"(?:(?<![\w/.-])|(?<=số)|(?<=Số))"


@cache
def _type_alt() -> str:
    return alternation(list(type_words()))


@cache
def _issuer_alt() -> str:
    return alternation(list(issuer_names()))


@cache
def _core_re() -> re.Pattern[str]:
    return re.compile(_NOT_AFTER_WORD + CORE)


@cache
def _type_before() -> re.Pattern[str]:
    """Type word, optional "của <body>" (only with "số"), optional "số", ending where a number starts."""
    return re.compile(
        rf"(?<!\w)(?P<type>(?i:{_type_alt()}))"
        rf"(?:(?P<of>\s+của\s+(?:{_issuer_alt()})(?:\s+[A-ZĐ]\w*)*\s+)(?=(?i:số)))?"
        r"(?:\s+|(?=(?i:số)))(?P<so>(?i:số)\s*:?\s*)?\Z"
    )


_SO_BEFORE = re.compile(r"(?<!\w)(?P<so>(?i:số)\s*:?\s*)\Z")


@cache
def _bare_re() -> re.Pattern[str]:
    """Type word + optional "số" + a number with no symbol ("Thông tư 17", "văn bản số 832")."""
    return re.compile(
        rf"(?<!\w)(?P<type>(?i:{_type_alt()}))\s+(?P<so>(?i:số)\s*:?\s*)?"
        r"(?P<num>\d{1,5})(?![\d\w]|[.,]\d| ?[-/] ?[\dA-ZĐ])"
    )


_BARE_MEMBER = re.compile(
    r"(?P<sep>\s*,\s*(?:và\s+)?|\s*;\s*|\s+(?:và|hoặc)\s+)(?P<so>số\s*:?\s*)?(?P<num>\d{1,5})(?![\d\w]|[.,]\d| ?[-/] ?[\dA-ZĐ])"
)
# What may follow a number cited alone in a list: punctuation, a connective, a date or an issuer.
_BARE_MEMBER_END = re.compile(
    r"\s*(?:[,;.:)\]\"]|\Z)|\s+(?:và|hoặc|của|về|ngày|năm\s+\d{4}|đã|được|có|là|do|thì|cùng|đều|nhằm"
    r"|quy\s+định|hướng\s+dẫn|ban\s+hành|tại|trong|theo)(?!\w)"
)
_NEXT_WORD = re.compile(r"\s*(?P<w>%|[^\s,.;:()\"]+)")
_YEAR_AFTER = re.compile(r"\s+năm\s+(?:19|20)\d{2}(?!\d)")


def _quantity_follows(text: str, pos: int) -> bool:
    """A bare number followed by a time, scale or measure word is a quantity ("kế hoạch 5 năm")."""
    if _YEAR_AFTER.match(text, pos):
        return False
    w = _NEXT_WORD.match(text, pos)
    if not w:
        return False
    word = w.group("w").lower()
    two = text[w.start("w") : w.start("w") + 20].lower().split()
    pair = " ".join(two[:2]) if len(two) > 1 else word
    qw = quantity_words()
    return word in qw or pair in qw


def _type_of(word: str) -> str:
    return type_words()[re.sub(r"\s+", " ", word.lower())].doc_type


def _is_generic(word: str) -> bool:
    return _type_of(word) == "Văn bản"


# ---- numbered references -------------------------------------------------------------------------
def _from_symbol(text: str, m: re.Match[str], sym: Symbol) -> Ref | None:
    """A reference from a number+symbol match, with the type word or "số" written before it."""
    window_start = max(0, m.start() - 90)
    before = _type_before().search(text, window_start, m.start())
    typed = before is not None
    so = before is not None and before.group("so") is not None
    if before is None:
        s = _SO_BEFORE.search(text, window_start, m.start())
        so = s is not None
        start = s.start() if s else m.start()
    else:
        start = before.start()
    if not typed and not sym.known:
        return None
    if sym.system == PARTY and not typed and sym.doc_type is None:
        return None
    if not typed and not so and not sym.known:
        return None
    doc_type = default_type(sym)
    if before is not None and not (_is_generic(before.group("type")) and doc_type is not None):
        doc_type = _type_of(before.group("type"))
    if doc_type is None:
        if not typed and not so:
            return None
        doc_type = "Văn bản"
    rule = "typed_symbol" if typed else ("so_symbol" if so else "symbol")
    issuer = sym.issuer
    if before is not None and before.group("of"):
        # "Quyết định của Bộ Chính trị số 31-QĐ/TW": the body named inside the reference.
        named, _ = issuer_after(text, before.start("of"))
        if named is not None and (issuer is None or issuer in SHARED_ISSUERS):
            issuer = named
    return Ref(
        start,
        m.end(),
        doc_type,
        sym.number,
        sym.year,
        sym.code,
        issuer,
        rule=rule,
        system=sym.system,
        typed=typed,
        code_type=sym.doc_type,
    )


def numbered(text: str) -> list[Ref]:
    """References with a number: "Nghị định số 100/2019/NĐ-CP", "số 01-ĐA/ĐUK", "Thông tư 17"."""
    refs: list[Ref] = []
    for m in _core_re().finditer(text):
        ref = _from_symbol(text, m, read_symbol(m))
        if ref is not None:
            refs.append(ref)
    taken = [(r.start, r.end) for r in refs]
    for m in _bare_re().finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        word = m.group("type")
        tw = type_words()[re.sub(r"\s+", " ", word.lower())]
        so = m.group("so") is not None
        if not so and not (tw.bare and word[0].isupper() and not word.isupper()):
            continue
        if _quantity_follows(text, m.end()):
            continue
        refs.append(Ref(m.start(), m.end(), tw.doc_type, m.group("num"), rule="typed_number", typed=True))
    refs.sort(key=lambda r: r.start)
    return refs


def extend_lists(text: str, refs: list[Ref]) -> list[Ref]:
    """Members of a list after a typed reference: they take its type; bare numbers share a symbol."""
    out: list[Ref] = []
    i = 0
    while i < len(refs):
        group = [refs[i]]
        j = i + 1
        pos = refs[i].end
        while True:
            nxt = refs[j] if j < len(refs) else None
            if nxt is not None and not nxt.typed and _joins(text[pos : nxt.start]):
                group.append(nxt)
                pos = nxt.end
                j += 1
                continue
            b = _BARE_MEMBER.match(text, pos)
            if b and (nxt is None or b.end() <= nxt.start) and _bare_member_ok(text, b, group):
                start = b.start("so") if b.group("so") else b.start("num")
                group.append(Ref(start, b.end(), None, b.group("num"), rule="list_number"))
                pos = b.end()
                continue
            break
        if len(group) > 1:
            _share(group)
        out.extend(group)
        i = j
    return out


def _joins(sep: str) -> bool:
    """The text between two references joins them into one list (", ", " và ", "; số ")."""
    return (
        re.fullmatch(r"(?:\s*,\s*(?:và\s+)?|\s*;\s*|\s+(?:và|hoặc)\s+)(?:(?i:số)\s*:?\s*)?", sep) is not None
    )


def _bare_member_ok(text: str, b: re.Match[str], group: list[Ref]) -> bool:
    if not group[0].typed:
        return False
    last = group[-1]
    # After a symbol with a year ("15/2020/NĐ-CP và 100 …") a bare number is not a document.
    if last.year is not None and last.code is not None:
        return False
    if _quantity_follows(text, b.end()):
        return False
    return _BARE_MEMBER_END.match(text, b.end()) is not None


def _share(group: list[Ref]) -> None:
    """Later members inherit the type; a member without symbol takes the nearest year-less symbol."""
    doc_type = group[0].doc_type
    for ref in group[1:]:
        ref.member = True
        if not ref.typed:
            ref.doc_type = ref.code_type or doc_type
            if ref.rule in ("symbol", "so_symbol"):
                ref.rule = "list_member"
        doc_type = ref.doc_type
    for k, ref in enumerate(group):
        if ref.code is not None:
            continue
        donors = [r for r in group[k + 1 :] if r.code] + [r for r in reversed(group[:k]) if r.code]
        donor = next((r for r in donors if r.year is None), None)
        if donor is not None:
            ref.code, ref.issuer, ref.system = donor.code, donor.issuer, donor.system
            ref.rule += "_shared_symbol"
    for ref in group[:-1]:
        ref.list_next = True


# ---- laws, codes and ordinances by name; the constitution; congress resolutions --------------------
_LAW_TYPE = re.compile(r"(?<!\w)(?P<type>Bộ +[Ll]uật|Luật|Pháp +lệnh) +")
_NAME_WORD = re.compile(r"(?P<w>[^\W\d_]+)(?P<comma>,)?\s*")
_YEAR_TAIL = re.compile(r"\s*,?\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?![\d/.-]\d)(?!\s*-\s*\d)")
_SO_CORE = re.compile(r"\s+(?:số\s*:?\s*)" + CORE)


@cache
def _known_law() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(law_names())})(?!\w)")


def _generic_name(text: str, pos: int) -> int:
    """End of a law's name starting at `pos`: a capitalised word, then words up to a stop word."""
    stops = name_stops()
    first = _NAME_WORD.match(text, pos)
    if not first or not first.group("w")[0].isupper() or first.group("w").lower() in stops:
        return pos
    end = first.end("w")
    p = first.end()
    comma = first.group("comma")
    for _ in range(9):
        w = _NAME_WORD.match(text, p)
        if not w or text[end:p].strip(" ,") or "\n" in text[end:p]:
            break
        word = w.group("w")
        if (
            comma
            or word.lower() in stops
            or (word[0].isupper() and word not in ("Nhà", "Việt", "Nam", "Quốc"))
        ):
            break  # a comma ends a name the law list does not know ("Luật Đất đai, Luật Nhà ở")
        following = _NAME_WORD.match(text, w.end())
        if following and f"{word} {following.group('w')}".lower() in stops:
            break  # a two-word stop ("quy định", "có hiệu lực")
        end = w.end("w")
        comma = w.group("comma")
        p = w.end()
    return end


def laws_by_name(text: str) -> list[Ref]:
    """ "Luật Đất đai năm 2024", "Bộ luật Lao động 2019", "Luật Phòng, chống ma túy số 23/2000/QH10"."""
    refs: list[Ref] = []
    for m in _LAW_TYPE.finditer(text):
        doc_type = _type_of(m.group("type"))
        pos = m.end()
        known = _known_law().match(text, pos)
        generic_end = _generic_name(text, pos)
        name_end = generic_end
        if known and (known.end() >= generic_end or not _YEAR_TAIL.match(text, generic_end)):
            name_end = known.end()
        if name_end <= pos:
            continue
        ref = Ref(m.start(), name_end, doc_type, rule="law_name", typed=True)
        ref.title_span = (pos, name_end)
        y = _YEAR_TAIL.match(text, name_end)
        if y:
            ref.year = int(y.group("year"))
            ref.end = y.end()
            ref.rule = "law_name_year"
        c = _SO_CORE.match(text, ref.end)
        if c:
            sym = read_symbol(c)
            ref.number, ref.code, ref.issuer, ref.system = sym.number, sym.code, sym.issuer, sym.system
            ref.year = sym.year or ref.year
            ref.end = c.end()
            ref.rule = "law_name_number"
        refs.append(ref)
    return refs


_CONSTITUTION = re.compile(
    r"(?<!\w)Hiến\s+pháp(?P<of>\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?"
    r"(?:\s*,?\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?!\d))?(?!\s+này)(?!\w)"
)


def constitutions(text: str) -> list[Ref]:
    """ "Hiến pháp năm 2013", "Hiến pháp" (not "Hiến pháp này")."""
    out = []
    for m in _CONSTITUTION.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        out.append(Ref(m.start(), m.end(), "Hiến pháp", year=year, rule="constitution", typed=True))
    return out


_CONGRESS = re.compile(r"(?<!\w)(?P<type>Nghị\s+quyết)\s+(?=Đại\s+hội|Hội\s+nghị|Trung\s+ương)")
_CONGRESS_WORD = re.compile(r"\s*(?P<w>[^\s,.;:()\"]+)")
_CONGRESS_STOP = frozenset(
    ["và", "đã", "đề", "về", "nhiệm", "với", "là", "được", "có", "cũng", "thì", "để", "nhằm", "trong", "tại"]
    + ["theo", "sẽ"]
)


def congress_resolutions(text: str) -> list[Ref]:
    """ "Nghị quyết Đại hội XIII của Đảng", "Nghị quyết Trung ương 4 khóa XII": no number, a title."""
    out = []
    for m in _CONGRESS.finditer(text):
        p = m.end()
        last_end = None
        for _ in range(16):
            w = _CONGRESS_WORD.match(text, p)
            if not w or w.group("w").lower() in _CONGRESS_STOP or "\n" in text[p : w.start("w")]:
                break
            if w.group("w") == "của":
                tail = re.match(r"của\s+Đảng(?![\w])(?!\s+bộ)", text[w.start("w") :])
                if tail and last_end is not None and last_end == p:
                    last_end = w.start("w") + tail.end()
                break
            word = w.group("w")
            if re.fullmatch(r"[IVXL]+|\d{1,2}", word) or (
                re.fullmatch(r"nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười\w*", word)
                and text[p - 4 : p].strip() == "thứ"
            ):
                last_end = w.end("w")
            p = w.end("w")
        if last_end is None:
            continue
        ref = Ref(m.start(), last_end, "Nghị quyết", rule="congress_resolution", typed=True)
        ref.title_span = (m.end(), last_end)
        out.append(ref)
    return out
