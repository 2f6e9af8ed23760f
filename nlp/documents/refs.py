"""Finding document references in canonical text: numbered ones, lists of them, laws by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.documents.codes import CORE, Symbol, default_type, read_symbol
from nlp.documents.context import date_after, head_alternation
from nlp.documents.tables import (
    PARTY,
    alternation,
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
    issuer: str | None = None  # from the symbol's code
    issuer_span: tuple[int, int] | None = None  # the body named inside the reference
    title_span: tuple[int, int] | None = None
    rule: str = ""
    system: str | None = None
    typed: bool = False  # the type word is written
    code_type: str | None = None  # the type the symbol's abbreviation gives
    member: bool = False  # a later member of a list (the cited part before the list is not its own)
    list_next: bool = False  # the next reference continues this one's list


# ---- patterns -------------------------------------------------------------------------------------


@cache
def _type_alt() -> str:
    return alternation(list(type_words()))


@cache
def _type_initials() -> str:
    """First letters of the type words, both cases: a cheap test before trying the alternation."""
    return re.escape("".join(sorted({c for w in type_words() for c in (w[0].lower(), w[0].upper())})))


@cache
def _core_re() -> re.Pattern[str]:
    return re.compile(CORE)


@cache
def _type_before() -> re.Pattern[str]:
    """Type word, optional "của <body>" (only with "số"), optional "số", ending where a number starts."""
    return re.compile(
        rf"(?<!\w)(?P<type>(?i:{_type_alt()}))"
        rf"(?:\s+của\s+(?P<of>(?:{head_alternation()})[^\d,.;:()\n]{{0,60}}?)\s+(?=(?i:số)))?"
        r"(?:\s+|(?=(?i:số)))(?P<so>(?i:số)\s*:?\s*)?\Z"
    )


_SO_BEFORE = re.compile(r"(?<!\w)(?P<so>(?i:số)\s*:?\s*)\Z")


# A number with no symbol, maybe "/YEAR": a candidate for "Thông tư 17", "văn bản số 832", "chỉ thị 08/2002".
_BARE_NUMBER = re.compile(
    r"(?P<num>\d(?<![\w.,/-]\d)\d{0,4})(?: ?/ ?(?P<year>(?:19|20)\d{2}))?(?![\d\w]|[.,]\d| ?[-/] ?[\dA-ZĐ])"
)
_SO_TAIL = re.compile(r"(?<!\w)(?i:số)\s*:?\s*\Z")
_TOKENS_BEFORE = re.compile(r"\S+")


@cache
def _last_type_words() -> frozenset[str]:
    """The last word of every type phrase, and "số": what must stand right before a cited number."""
    return frozenset({w.split()[-1] for w in type_words()} | {"số"})


def _type_ending_at(text: str, end: int) -> tuple[int, str] | None:
    """The type word that ends at `end` (followed only by spaces there): its start and the words."""
    window = text[max(0, end - 40) : end]
    tokens = list(_TOKENS_BEFORE.finditer(window))[-4:]
    if not tokens or window[tokens[-1].end() :].strip():
        return None
    for k in range(len(tokens), 0, -1):
        phrase = " ".join(t.group() for t in tokens[-k:])
        lead = len(phrase) - len(phrase.lstrip("\"'([“«"))  # an opening quote or bracket before the word
        if phrase[lead:].lower() in type_words():
            return end - len(window) + tokens[-k].start() + lead, phrase[lead:]
    return None


_BARE_MEMBER = re.compile(
    r"(?P<sep>\s*,\s*(?:và\s+)?|\s*;\s*|\s+(?:và|hoặc)\s+)(?P<so>số\s*:?\s*)?(?P<num>\d{1,5})(?![\d\w]|[.,]\d| ?[-/] ?[\dA-ZĐ])"
)
# What may follow a number cited alone in a list: punctuation, a connective, a date or an issuer.
_BARE_MEMBER_END = re.compile(
    r"\s*(?:[,;.:)\]\"]|\Z)|\s+(?:và|hoặc|của|về|ngày|năm\s+\d{4}|đã|được|có|là|do|thì|cùng|đều|nhằm"
    r"|quy\s+định|hướng\s+dẫn|ban\s+hành|tại|trong|theo)(?!\w)"
)
_YEARLIKE = re.compile(r"(?:19|20)\d{2}")
_OF_OR_DATE = re.compile(r"\s+(?:của|ngày)\s")
_NEXT_WORD = re.compile(r"\s*(?P<w>%|[^\s,.;:()\"]+)")
# "Nghị quyết 18 năm 2017" (a year of issue), not "kế hoạch 5 năm 2001 - 2005" (a span of years).
_YEAR_AFTER = re.compile(r"\s+năm\s+(?:19|20)\d{2}(?!\d)(?!\s*(?:-|đến)\s*\d)")


def _quantity_follows(text: str, pos: int) -> bool:
    """A bare number followed by a time, scale or measure word is a quantity ("kế hoạch 5 năm")."""
    issued = date_after(text, pos)[0]
    if _YEAR_AFTER.match(text, pos) or (issued is not None and len(issued) > 4):
        return False  # "quyết định 130 ngày 20/6/1975": the date of the document
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
    issuer_span = None
    if before is not None and before.group("of"):
        # "Quyết định của Bộ Chính trị số 31-QĐ/TW": the body named inside the reference.
        issuer_span = (before.start("of"), before.end("of"))
    return Ref(
        start,
        m.end(),
        doc_type,
        sym.number,
        sym.year,
        sym.code,
        sym.issuer,
        issuer_span=issuer_span,
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
    for m in _BARE_NUMBER.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.start() == 0 or not text[m.start() - 1].isspace():
            continue
        prev = text[max(0, m.start() - 14) : m.start()].split()
        if not prev or prev[-1].lower().rstrip(":") not in _last_type_words():
            continue  # cheap test first: most numbers follow no type word
        so_m = _SO_TAIL.search(text, max(0, m.start() - 8), m.start())
        found = _type_ending_at(text, so_m.start() if so_m else m.start())
        if found is None:
            continue
        start, word = found
        tw = type_words()[word.lower()]
        so = so_m is not None
        if not so and not (tw.bare and not word.isupper()):
            continue  # all capitals: a heading or a table cell ("KẾ HOẠCH 2"), not a citation
        if _quantity_follows(text, m.end()):
            continue
        lower_weak = len(m.group("num")) < 2 or not _BARE_MEMBER_END.match(text, m.end())
        if not so and word[0].islower() and not m.group("year") and lower_weak:
            continue  # "quyết định 130 ngày …" cites; "quyết định 3 vấn đề" does not
        yearlike = _YEARLIKE.fullmatch(m.group("num"))
        if not so and not m.group("year") and yearlike and not _OF_OR_DATE.match(text, m.end()):
            continue  # "kế hoạch 2005": the plan for a year
        year = int(m.group("year")) if m.group("year") else None
        refs.append(Ref(start, m.end(), tw.doc_type, m.group("num"), year, rule="typed_number", typed=True))
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
_LAW_TYPE = re.compile(r"(?=[BLPN])(?<!\w)(?P<type>Bộ +[Ll]uật|Luật|Pháp +lệnh|Nghị +định) +")
_NAME_WORD = re.compile(r"(?P<w>[^\W\d_]+)(?P<comma>,)?")
_NAME_GAP = re.compile(r" +- +(?=[A-ZĐ])| +")
_YEAR_TAIL = re.compile(r"\s*,?\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?![\d/.-]\d)(?!\s*-\s*\d)")
_SO_CORE = re.compile(r"\s+(?:số\s*:?\s*)" + CORE)
_AMENDING = re.compile(
    r"(?i:sửa\s+đổi)(?:,\s*(?i:bổ\s+sung))?[^.;:()\n]{0,80}?\s(?:của\s+)(?P<inner>Bộ\s+[Ll]uật|Luật)\s+"
)
_LAW_LIST_INTRO = re.compile(
    r"(?=[cn])(?<!\w)(?:các|những)\s+(?:bộ\s+)?luật\s*,?\s*(?:(?:như|gồm|là)\s*:?\s*)?"
)
_LIST_JOIN = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")
# Capitalised words that go on inside a law's name ("Luật Ngân hàng Nhà nước Việt Nam").
_NAME_PROPER = frozenset({"Nhà", "Việt", "Nam", "Quốc", "Nhân", "Đảng"})


@cache
def _known_law() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(law_names())})(?!\w)")


@cache
def _not_a_name() -> re.Pattern[str]:
    """A capitalised word after "Nghị định" that starts an issuer or a number, not a decree's name."""
    return re.compile(rf"(?:{head_alternation()}|Số|[A-ZĐ]+\b)")


def _generic_name(text: str, pos: int, allow_lower: bool = False) -> tuple[int, bool]:
    """End of a law's name from `pos` (a capitalised word, then words up to a stop word), and
    whether it joined parts with " - " ("Hôn nhân - Gia đình")."""
    stops = name_stops()
    first = _NAME_WORD.match(text, pos)
    if not first:
        return pos, False
    word = first.group("w")
    if word.lower() in stops or not (word[0].isupper() or allow_lower):
        return pos, False
    if len(word) > 1 and word.isupper():
        return first.end("w"), False  # an abbreviation: "Luật BHYT"
    end, p, dashed = first.end("w"), first.end(), False
    if first.group("comma"):
        return end, False  # a comma ends a name the law list does not know ("Luật Đất đai, Luật Nhà ở")
    for _ in range(10):
        gap = _NAME_GAP.match(text, p)
        w = _NAME_WORD.match(text, gap.end()) if gap else None
        if not gap or not w:
            break
        word = w.group("w")
        following = _NAME_WORD.match(text, w.end() + 1)
        pair = f"{word} {following.group('w')}".lower() if following else ""
        joined = "-" in gap.group()
        if word == "trong" and pair == "trong lĩnh":
            pass  # "xử phạt vi phạm hành chính trong lĩnh vực …" is one name
        elif not joined and (
            word.lower() in stops
            or pair in stops
            # a capitalised word starts something else, unless it is a proper part or an abbreviation
            or (word[0].isupper() and word not in _NAME_PROPER and not (len(word) > 1 and word.isupper()))
        ):
            break
        end, p = w.end("w"), w.end()
        dashed = dashed or joined
        if w.group("comma"):
            break
    return end, dashed


def _law_ref(text: str, start: int, doc_type: str, name_start: int, name_end: int, rule: str) -> Ref:
    ref = Ref(start, name_end, doc_type, rule=rule, typed=True)
    ref.title_span = (name_start, name_end)
    y = _YEAR_TAIL.match(text, name_end)
    if y:
        ref.year = int(y.group("year"))
        ref.end = y.end()
        ref.rule = rule + "_year"
    c = _SO_CORE.match(text, ref.end)
    if c:
        sym = read_symbol(c)
        ref.number, ref.code, ref.issuer, ref.system = sym.number, sym.code, sym.issuer, sym.system
        ref.year = sym.year or ref.year
        ref.end = c.end()
        ref.rule = rule + "_number"
    return ref


def _name_end(text: str, pos: int, decree: bool) -> int:
    """End of the name after a law's type word at `pos` (the law list first), or `pos` if none."""
    if decree:
        # "Nghị định Xử phạt hành chính …": a decree by name, never "Nghị định Chính phủ số …".
        if _not_a_name().match(text, pos):
            return pos
        return _generic_name(text, pos)[0]
    known = _known_law().match(text, pos)
    generic_end, dashed = _generic_name(text, pos)
    if generic_end == pos:
        lower_end, dashed = _generic_name(text, pos, allow_lower=True)
        if dashed or (lower_end > pos and _YEAR_TAIL.match(text, lower_end)):
            generic_end = lower_end  # "Luật hôn nhân - Gia đình", "Luật phòng cháy năm 2001"
    if known and (known.end() >= generic_end or not (dashed or _YEAR_TAIL.match(text, generic_end))):
        return known.end()
    return generic_end


def laws_by_name(text: str) -> list[Ref]:
    """ "Luật Đất đai năm 2024", "Bộ luật Lao động 2019", "Luật Phòng, chống ma túy số 23/2000/QH10"."""
    refs: list[Ref] = []
    if "uật" not in text and "Pháp lệnh" not in text and "Nghị định" not in text:
        return refs  # a fast test: most texts cite no law by name
    for m in _LAW_TYPE.finditer(text):
        doc_type = _type_of(m.group("type"))
        pos = m.end()
        amending = _AMENDING.match(text, pos) if doc_type != "Nghị định" else None
        if amending:
            # "Luật sửa đổi, bổ sung một số điều của Luật X": one law, its title the whole phrase.
            inner_end = _name_end(text, amending.end(), False)
            if inner_end > amending.end():
                refs.append(_law_ref(text, m.start(), doc_type, pos, inner_end, "amending_law"))
                continue
        name_end = _name_end(text, pos, doc_type == "Nghị định")
        if name_end <= pos:
            continue
        ref = _law_ref(text, m.start(), doc_type, pos, name_end, "law_name")
        refs.append(ref)
        if doc_type in ("Luật", "Bộ luật"):
            refs.extend(_listed_laws(text, ref.end, generic=False))
    for m in _LAW_LIST_INTRO.finditer(text):
        refs.extend(_listed_laws(text, m.end(), generic=True, first=True))
    return refs


def _listed_laws(text: str, pos: int, generic: bool, first: bool = False) -> list[Ref]:
    """Law names listed after one type word: "các luật Thuế giá trị gia tăng, Thuế thu nhập …"."""
    out: list[Ref] = []
    while True:
        if not first:
            j = _LIST_JOIN.match(text, pos)
            if not j:
                break
            pos = j.end()
        first = False
        known = _known_law().match(text, pos)
        end = known.end() if known else (_generic_name(text, pos)[0] if generic else pos)
        if end <= pos:
            break
        ref = _law_ref(text, pos, "Luật", pos, end, "listed_law")
        ref.member = True
        out.append(ref)
        pos = ref.end
    return out


_CONSTITUTION = re.compile(
    r"(?=H)(?<!\w)Hiến\s+pháp(?P<of>\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?"
    r"(?:\s*,?\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?!\d))?(?!\s+này)(?!\w)"
)


def constitutions(text: str) -> list[Ref]:
    """ "Hiến pháp năm 2013", "Hiến pháp" (not "Hiến pháp này")."""
    out: list[Ref] = []
    if "Hiến" not in text:
        return out
    for m in _CONSTITUTION.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        ref = Ref(m.start(), m.end(), "Hiến pháp", year=year, rule="constitution", typed=True)
        if m.group("of"):
            ref.title_span = (m.start("of") + len(m.group("of")) - len(m.group("of").lstrip()), m.end("of"))
        out.append(ref)
    return out


_CONGRESS = re.compile(r"(?=N)(?<!\w)(?P<type>Nghị\s+quyết)\s+(?=Đại\s+hội|Hội\s+nghị|Trung\s+ương)")
_CONGRESS_WORD = re.compile(r"\s*(?P<w>[^\s,.;:()\"]+)")
_CONGRESS_STOP = frozenset(
    ["và", "đã", "đề", "về", "nhiệm", "với", "là", "được", "có", "cũng", "thì", "để", "nhằm", "trong", "tại"]
    + ["theo", "sẽ"]
)


def congress_resolutions(text: str) -> list[Ref]:
    """ "Nghị quyết Đại hội XIII của Đảng", "Nghị quyết Trung ương 4 khóa XII": no number, a title."""
    out: list[Ref] = []
    if "Nghị quyết" not in text:
        return out
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
