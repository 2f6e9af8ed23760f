"""Generic article extractor for sites without a declaration: metadata first, then text density."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from scrapers.dates import parse_date
from scrapers.htmltext import BLOCK_TAGS, SKIP_TAGS, block_texts, clean_line, inline_text, iter_blocks
from scrapers.metadata import PageMeta, read_meta
from scrapers.page import Extracted, host_of
from scrapers.quality import token_prf, tokens

_CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "body", "font", "span", "center"})
_PARAGRAPH_TAGS = frozenset(["p", "div", "h2", "h3", "h4", "li", "table", "blockquote", "section"])
_TITLE_TAGS = frozenset(["h1", "h2", "h3"])
_SAPO_TAGS = frozenset(["p", "div", "h2", "h3", "span", "section"])
_A = frozenset(["a"])
_IMG = frozenset(["img"])
_TIME = frozenset(["time"])
_SAPO_NOT_UNDER = frozenset(["a", "li", "nav", "footer"])
_NEVER_BODY_TAGS = frozenset(
    {"nav", "footer", "header", "aside", "menu", "select"}
)  # not form: ASP.NET wraps whole pages in one
_TITLE_SPLIT = re.compile(r"\s+[-|–—:»]\s+")
_DMY_TEXT = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{4}")


class Heuristics:
    """The compiled patterns of sites/_generic.toml."""

    def __init__(self, data: dict[str, object]) -> None:
        def rx(key: str, flags: int = re.I) -> re.Pattern[str]:
            return re.compile(str(data[key]), flags)

        self.boilerplate = rx("boilerplate")
        self.content_hint = rx("content_hint")
        self.caption = rx("caption")
        self.sapo = rx("sapo")
        self.date = rx("date")
        self.attribution = rx("attribution")
        self.related_heading = rx("related_heading")
        self.byline_max_chars = int(str(data["byline_max_chars"]))
        self.byline_prefix = rx("byline_prefix")


@lru_cache(maxsize=1)
def heuristics() -> Heuristics:
    path = Path(__file__).with_name("sites") / "_generic.toml"
    with path.open("rb") as fh:
        return Heuristics(tomllib.load(fh))


_SIGNATURE_ATTRS = ("class", "id", "type", "data-role", "itemprop", "role", "data-marked-zoneid")


def signature(el: Tag) -> str:
    """Class names, id, and role-like attributes of an element, lower case, for pattern matching."""
    attrs = el.attrs
    if not attrs:
        return ""
    parts: list[str] = []
    for attr in _SIGNATURE_ATTRS:
        value = attrs.get(attr)
        if value is None:
            continue
        if isinstance(value, list):
            parts.extend(value)
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(parts).lower()


class PageIndex:
    """Every element of a page in document order with the span of its descendants, built in one pass.

    The extractor asks the same questions of many elements (its signature, whether it holds a
    paragraph, a link, an image); bs4's find/find_all walk the tree for each, this answers from lists.
    """

    def __init__(self, root: Tag, measure_body: bool = False) -> None:
        """Index every element under `root`; with `measure_body`, also do `measure` of the page's
        first <body> (of `root` when there is none) in the same walk."""
        self.root = root
        self.tags: list[Tag] = []
        self._pos: dict[int, int] = {}
        self._end: dict[int, int] = {}
        self._sigs: dict[int, str] = {}
        self._by_names: dict[frozenset[str], list[int]] = {}
        self._by_name: dict[str, list[int]] = defaultdict(list)
        tags, pos, end, by_name = self.tags, self._pos, self._end, self._by_name
        density = _DENSITY
        body_seen = not measure_body
        if measure_body:
            density.clear()

        def visit(el: Tag, in_link: bool, counting: bool) -> tuple[int, int]:
            # counting: inside the measured body and outside skipped subtrees (as `measure`)
            nonlocal body_seen
            text = links = 0
            here = in_link or el.name == "a"
            for child in el.contents:
                if isinstance(child, Tag):
                    i = len(tags)
                    cid = id(child)
                    pos[cid] = i
                    by_name[child.name].append(i)
                    tags.append(child)
                    if counting and child.name not in SKIP_TAGS:
                        t, lk = visit(child, here, True)
                        text += t
                        links += lk
                    elif not body_seen and child.name == "body":
                        body_seen = True
                        visit(child, False, True)
                    else:
                        visit(child, False, False)
                    end[cid] = len(tags)
                elif counting and isinstance(child, NavigableString) and not isinstance(child, Comment):
                    n = len(child.strip())
                    text += n
                    links += n if here else 0
            if counting:
                density[id(el)] = (text, links)
            return text, links

        visit(root, False, False)
        if not body_seen:
            measure(root)

    def signature(self, el: Tag) -> str:
        key = id(el)
        sig = self._sigs.get(key)
        if sig is None:
            sig = self._sigs[key] = signature(el)
        return sig

    def first(self, name: str) -> Tag | None:
        """The first element named `name` (bs4's `soup.find(name)`)."""
        found = self._by_name.get(name)
        return self.tags[found[0]] if found else None

    def named(self, names: frozenset[str]) -> list[Tag]:
        """Elements with one of `names`, in document order."""
        return [self.tags[i] for i in self._positions(names)]

    def _positions(self, names: frozenset[str]) -> list[int]:
        found = self._by_names.get(names)
        if found is None:
            found = self._by_names[names] = sorted(i for name in names for i in self._by_name.get(name, ()))
        return found

    def holds(self, el: Tag, names: frozenset[str]) -> bool:
        """Whether `el` has a descendant element named one of `names` (bs4's `el.find(names)`)."""
        start = self._pos.get(id(el))
        if start is None or self.tags[start] is not el:
            return el.find(list(names)) is not None
        positions = self._positions(names)
        j = bisect_right(positions, start)
        return j < len(positions) and positions[j] < self._end[id(el)]

    def descendants(self, el: Tag) -> list[Tag]:
        """The elements under `el`, in document order (bs4's `el.find_all(True)`)."""
        if el is self.root:
            return list(self.tags)
        start = self._pos.get(id(el))
        if start is None or self.tags[start] is not el:
            return [t for t in el.find_all(True) if isinstance(t, Tag)]
        return self.tags[start + 1 : self._end[id(el)]]

    def is_leaf(self, el: Tag) -> bool:
        """Whether `el` holds no element (bs4's `el.find(True) is None`)."""
        start = self._pos.get(id(el))
        if start is None or self.tags[start] is not el:
            return el.find(True) is None
        return self._end[id(el)] == start + 1


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


_NAV_OR_LINK = frozenset(["nav", "a"])


def _inside(el: Tag, names: frozenset[str]) -> bool:
    """Whether an ancestor of `el` is named one of `names` (bs4's `el.find_parent(names)`)."""
    parent = el.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def _hidden(el: Tag) -> bool:
    style = el.attrs.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


_DENSITY: dict[int, tuple[int, int]] = {}


def measure(root: Tag) -> None:
    """Text and link-text lengths of every element under `root`, in one pass (for link_density)."""
    _DENSITY.clear()

    def visit(el: Tag, in_link: bool) -> tuple[int, int]:
        text = links = 0
        here = in_link or el.name == "a"
        for child in el.contents:
            if isinstance(child, Tag):
                if child.name in SKIP_TAGS:
                    continue
                t, lk = visit(child, here)
                text += t
                links += lk
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                n = len(child.strip())
                text += n
                links += n if here else 0
        _DENSITY[id(el)] = (text, links)
        return text, links

    visit(root, False)


def link_density(el: Tag) -> float:
    """Share of an element's text that sits inside links (measured by `measure` when possible)."""
    cached = _DENSITY.get(id(el))
    if cached is not None:
        text_len, link_len = cached
    else:
        text_len = len(inline_text(el))
        link_len = sum(len(inline_text(a)) for a in el.find_all("a"))
    if not text_len:
        return 1.0
    return min(1.0, link_len / text_len)


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return token_prf(a, b)[2]


def _bag_similarity(a: str, b: str, bags: dict[str, Counter[str]]) -> float:
    """`_similarity` with each text's token bag counted once (a page compares ~100 headings with
    the same few references); the same arithmetic as `quality.token_prf`."""
    if not a or not b:
        return 0.0
    pred = bags.get(a)
    if pred is None:
        pred = bags[a] = Counter(tokens(a))
    ref = bags.get(b)
    if ref is None:
        ref = bags[b] = Counter(tokens(b))
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    p = overlap / sum(pred.values())
    r = overlap / sum(ref.values())
    return 2 * p * r / (p + r)


# --- title -----------------------------------------------------------------------------------


def _clean_title(text: str, site_name: str) -> str:
    """Drop a " - Site name" suffix from a <title> or og:title."""
    parts = _TITLE_SPLIT.split(text)
    if len(parts) > 1:
        longest = max(parts, key=len)
        if len(longest) >= 0.5 * len(text) or (site_name and site_name.lower() in text.lower()):
            return longest
    return text


def _precedes(a: Tag, b: Tag) -> bool:
    """Whether element `a` comes before element `b` in document order (lxml keeps source lines)."""
    la, lb = a.sourceline, b.sourceline
    if la is not None and lb is not None and la != lb:
        return la < lb
    return any(el is b for el in a.find_all_next())


def find_title(
    soup: BeautifulSoup, meta: PageMeta, root: Tag | None, idx: PageIndex | None = None
) -> tuple[str, Tag | None]:
    """The article's title and the element showing it.

    A heading matching the metadata title wins (sites shorten og:title); without metadata, the
    heading nearest before the text root (portals put the site name in <h1>).
    """
    idx = idx or PageIndex(soup)
    title_tag = idx.first("title")
    page_title = _clean_title(inline_text(title_tag), meta.site_name) if isinstance(title_tag, Tag) else ""
    meta_titles = [t for t in (meta.headline, meta.og_title) if t]
    references = meta_titles + ([page_title] if page_title else [])
    candidates = [(inline_text(h), h) for h in idx.named(_TITLE_TAGS)]
    candidates = [(t, h) for t, h in candidates if 3 <= len(t) <= 400 and not _inside(h, _NAV_OR_LINK)]
    best: tuple[float, str, Tag | None] = (0.0, "", None)
    bags: dict[str, Counter[str]] = {}
    for text, el in candidates:
        score = max((_bag_similarity(text, ref, bags) for ref in references), default=0.0)
        score -= {"h1": 0.0, "h2": 0.05, "h3": 0.1}[el.name]
        if score > best[0]:
            best = (score, text, el)
    if best[0] >= 0.6:
        return best[1], best[2]
    if meta_titles:
        return _clean_title(meta_titles[0], meta.site_name), None
    if root is not None:
        before = [
            (t, h) for t, h in candidates if root not in h.parents and h is not root and _precedes(h, root)
        ]
        if before:
            return before[-1]
    h1s = [(t, h) for t, h in candidates if h.name == "h1" and len(t) >= 10]
    if h1s:
        return max(h1s, key=lambda c: len(c[0]))
    return page_title, None


# --- body ------------------------------------------------------------------------------------


def _is_boilerplate(el: Tag, h: Heuristics, sig: str | None = None) -> bool:
    sig = signature(el) if sig is None else sig
    return bool(sig) and bool(h.boilerplate.search(sig)) and not h.content_hint.search(sig)


def _scoring_skip(el: Tag) -> bool:
    return el.name in _NEVER_BODY_TAGS or _hidden(el)


def find_content_root(body: Tag, h: Heuristics, idx: PageIndex | None = None) -> Tag | None:
    """The element holding most well-formed paragraph text (readability-style scoring)."""
    idx = idx or PageIndex(body)
    scores: dict[int, float] = defaultdict(float)
    elements: dict[int, Tag] = {}
    in_related = False
    for line, owner in iter_blocks(body, _scoring_skip):
        if owner is not None and owner.name in ("h1", "h2", "h3", "h4", "h5"):
            in_related = bool(h.related_heading.match(line))
        if owner is None or len(line) < 20 or in_related:
            continue
        points = 1 + line.count(",") + min(len(line) / 100, 3)
        # A block holding only inline content is a paragraph: its points go to its container.
        holds_blocks = owner.name in _CONTAINER_TAGS and idx.holds(owner, _PARAGRAPH_TAGS)
        el: Tag | None = owner if holds_blocks else owner.parent
        for weight in (1.0, 0.5, 0.3, 0.2):
            if el is None or not isinstance(el, Tag) or el.name == "html":
                break
            scores[id(el)] += points * weight
            elements[id(el)] = el
            el = el.parent
    if not scores:
        return None
    best: tuple[float, Tag | None] = (0.0, None)
    for key, score in scores.items():
        el = elements[key]
        sig = idx.signature(el)
        factor = 1.0
        if sig and h.content_hint.search(sig):
            factor *= 1.25
        if _is_boilerplate(el, h, sig):
            factor *= 0.3
        final = score * factor * (1 - link_density(el))
        if final > best[0]:
            best = (final, el)
    return best[1]


def collect_captions(root: Tag, h: Heuristics, idx: PageIndex | None = None) -> list[str]:
    """Photo captions inside the article root (kept apart from the body)."""
    idx = idx or PageIndex(root)
    found: list[Tag] = []
    for el in idx.descendants(root):
        if el.name == "figcaption" or (el.name != "figure" and h.caption.search(idx.signature(el))):
            if any(p in found for p in el.parents):
                continue
            found.append(el)
    texts: list[str] = []
    for el in found:
        text = " ".join(block_texts(el))
        if text and text not in texts:
            texts.append(text)
    return texts


def body_skip(root: Tag, h: Heuristics, sig_of: Callable[[Tag], str] = signature) -> Callable[[Tag], bool]:
    def skip(el: Tag) -> bool:
        if el is root:
            return False
        if el.name in _NEVER_BODY_TAGS or el.name == "figcaption" or _hidden(el):
            return True
        if el.name not in BLOCK_TAGS and el.name not in ("td", "th"):
            return False  # inline elements (a linked document number …) belong to their sentence
        sig = sig_of(el)
        if sig and h.caption.search(sig) and el.name != "figure":
            return True
        return _is_boilerplate(el, h, sig)

    return skip


def _line_link_heavy(owner: Tag | None, idx: PageIndex) -> bool:
    if owner is None:
        return False
    if _inside(owner, _A):
        return True  # a teaser that is one big link
    if owner.name in ("td", "tr"):
        return False
    return idx.holds(owner, _A) and link_density(owner) > 0.6


def _byline_like(line: str, owner: Tag | None, h: Heuristics) -> bool:
    if len(line) > h.byline_max_chars or line.endswith((".", ":", "?", "!")):
        return False
    if owner is None:
        return False
    style = owner.get("style")
    right = isinstance(style, str) and "right" in style.lower()
    align = owner.get("align")
    right = right or (isinstance(align, str) and align.lower() == "right")
    strong = owner.find(["strong", "b"])
    all_strong = strong is not None and inline_text(strong) == line
    letters = [c for c in line if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return right or all_strong or upper


def _previous_element(el: Tag) -> Tag | None:
    for sib in el.previous_siblings:
        if isinstance(sib, Tag):
            return sib
        if str(sib).strip():
            return None
    return None


def _image_only(el: Tag | None, idx: PageIndex) -> bool:
    return el is not None and (el.name == "img" or idx.holds(el, _IMG)) and not inline_text(el)


def _caption_like(line: str, owner: Tag | None, idx: PageIndex) -> bool:
    """A short paragraph right under an image-only block, centred or all in italics."""
    if owner is None or len(line) > 300 or not _image_only(_previous_element(owner), idx):
        return False
    style = str(owner.get("style") or "") + str(owner.get("align") or "")
    if "center" in style.lower():
        return True
    italic = owner.find(["em", "i"])
    return italic is not None and inline_text(italic) == line


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][\w.]*$")


def _names_only(line: str) -> bool:
    """A line of personal names only ("Anh Dũng", "Nhật Xuân - Nghi Vũ"): a byline."""
    words = [w for w in re.split(r"[\s,\-–]+", line) if w and w not in ("và", "-")]
    return 1 < len(words) <= 8 and len(line) <= 60 and all(_NAME_WORD.match(w) for w in words)


def strip_tail(
    lines: list[tuple[str, Tag | None]], h: Heuristics
) -> tuple[list[tuple[str, Tag | None]], str | None, str | None]:
    """Take a trailing attribution ("Nguồn: …") and byline paragraphs off the body.

    Returns the remaining lines, the attribution and the byline (bylines may be "Tin, ảnh: P.Y").
    """
    lines = list(lines)
    source = byline = None
    for _ in range(3):
        if len(lines) < 2:
            break
        text, owner = lines[-1]
        m = h.attribution.match(text)
        if m and source is None:
            source = m["src"].strip()
            lines.pop()
            continue
        if _byline_like(text, owner, h) or _names_only(text):
            byline = byline or h.byline_prefix.sub("", text).strip() or text
            lines.pop()
            continue
        break
    return lines, source, byline


def body_lines(
    root: Tag, h: Heuristics, idx: PageIndex | None = None
) -> tuple[list[tuple[str, Tag | None]], list[str]]:
    """Body paragraphs of the root (with their elements) and captions found among them."""
    idx = idx or PageIndex(root)
    lines: list[tuple[str, Tag | None]] = []
    captions: list[str] = []
    cut_at: int | None = None  # where the first embedded teaser (related article) appeared
    for line, owner in iter_blocks(root, body_skip(root, h, idx.signature)):
        if _line_link_heavy(owner, idx):
            if cut_at is None and lines:
                cut_at = len(lines)
            continue
        if h.related_heading.match(line):
            if len(lines) >= 3:
                break
            continue
        if _caption_like(line, owner, idx):
            captions.append(line)
            continue
        lines.append((line, owner))
    if cut_at is not None:
        # After embedded related-article teasers, paragraphs continue the article only when they
        # sit in the same container as those before; a separate box there is promotion.
        containers = {id(o.parent) for _, o in lines[:cut_at] if o is not None}
        lines = lines[:cut_at] + [
            (t, o) for t, o in lines[cut_at:] if o is not None and id(o.parent) in containers
        ]
    return lines, captions


# --- sapo, date, trailing lines ------------------------------------------------------------------


def find_sapo(
    soup: BeautifulSoup, root: Tag | None, meta: PageMeta, h: Heuristics, idx: PageIndex | None = None
) -> tuple[str, Tag | None]:
    idx = idx or PageIndex(soup)
    for el in idx.named(_SAPO_TAGS):
        if _scoring_skip(el):
            continue
        sig = idx.signature(el)
        if not sig or not h.sapo.search(sig) or _is_boilerplate(el, h, sig):
            continue
        if _inside(el, _SAPO_NOT_UNDER):
            continue
        text = " ".join(block_texts(el))
        if len(text) >= 40 and not (root is not None and el in root.parents):
            if meta.description and _similarity(text, meta.description) < 0.3:
                continue
            return text, el
    return "", None


def _lead_after_title(title_el: Tag | None, root: Tag) -> str:
    """A paragraph standing between the title and the text root: the lead of many portals."""
    if title_el is None:
        return ""
    for el in title_el.find_all_next(["p", "div", "h2", "h3", "h4"], limit=40):
        if el is root or root in el.parents or el in root.parents and el is not root:
            if el is root or root in el.parents:
                return ""
            continue
        if el.find(["p", "div", "table"]) is not None or _inside(el, _A):
            continue
        text = inline_text(el)
        if len(text) >= 20 and not _DMY_TEXT.search(text) and link_density(el) < 0.3:
            return text
    return ""


def find_published(
    soup: BeautifulSoup, meta: PageMeta, title_el: Tag | None, h: Heuristics, idx: PageIndex | None = None
) -> str | None:
    iso = parse_date(meta.published)
    if iso and "T" in iso:
        return iso
    # A date without a time in the metadata: the page's dateline may add the time.
    shown = _shown_date(soup, title_el, h, idx or PageIndex(soup))
    if iso and shown and shown.startswith(iso):
        return shown
    return iso or shown


def _shown_date(soup: BeautifulSoup, title_el: Tag | None, h: Heuristics, idx: PageIndex) -> str | None:
    """The dateline shown on the page: <time>, dates just after the title, date-classed elements.

    A value with a time of day is preferred over a bare date.
    """
    found: list[str] = []
    for time_el in idx.named(_TIME)[:3]:
        iso = parse_date(str(time_el.get("datetime") or "")) or parse_date(inline_text(time_el))
        if iso:
            found.append(iso)
    if title_el is not None:
        for el in title_el.find_all_next(string=_DMY_TEXT, limit=6):
            iso = parse_date(clean_line(el.parent.get_text(" ")) if el.parent else str(el))
            if iso:
                found.append(iso)
    for tag in idx.tags:
        if h.date.search(idx.signature(tag)) and idx.is_leaf(tag):
            text = inline_text(tag)
            if _DMY_TEXT.search(text):
                iso = parse_date(text)
                if iso:
                    found.append(iso)
                    if len(found) > 8:
                        break
    with_time = [d for d in found if "T" in d]
    best = with_time or found
    return best[0] if best else None


def _author_from_meta(meta: PageMeta, site_name: str, host: str) -> str | None:
    host_label = host.split(".")[0].lower() if host else ""
    for name in meta.authors:
        low = name.lower().replace(" ", "")
        if "." in name and " " not in name:
            continue  # "NLD.COM.VN", "baochinhphu.vn": the site, not a person
        if host_label and host_label in low:
            continue
        if site_name and site_name.lower().replace(" ", "") in low:
            continue
        if name.isupper() and any(w in low for w in ("online", "news", "tv")):
            continue
        return name
    return None


def extract_generic(soup: BeautifulSoup, url: str | None = None) -> Extracted:
    """Read an article off any page: metadata first, then the densest block of paragraphs."""
    h = heuristics()
    idx = PageIndex(soup, measure_body=True)  # and `measure(body)`
    meta = read_meta(soup, idx.tags)
    found_body = idx.first("body")
    body = found_body if found_body is not None else soup
    root = find_content_root(body, h, idx)
    title, title_el = find_title(soup, meta, root, idx)
    ex = Extracted(title=title, method="generic", canonical_url=meta.canonical or None)
    if root is None:
        return ex
    sapo, _ = find_sapo(soup, root, meta, h, idx)
    if not sapo:
        lead = _lead_after_title(title_el, root)
        if lead and (not meta.description or _similarity(lead, meta.description) >= 0.5):
            sapo = lead
    lines, inline_captions = body_lines(root, h, idx)
    # The lead is often the first paragraph inside the text root, or repeated there.
    if lines and sapo and _similarity(lines[0][0], sapo) > 0.9:
        lines = lines[1:]
    if not sapo and lines and meta.description:
        first = lines[0][0]
        p, r, _ = token_prf(meta.description, first)
        if p > 0.9 and len(tokens(first)) <= 2 * len(tokens(meta.description)) + 5:
            sapo, lines = first, lines[1:]
    lines = [(t, o) for t, o in lines if t != title and t != sapo]
    author = _author_from_meta(meta, meta.site_name, host_of(url) or "")
    lines, source, byline = strip_tail(lines, h)
    author = author or byline
    ex.sapo = sapo
    ex.paragraphs = [t for t, _ in lines]
    ex.captions = collect_captions(root, h, idx) + [c for c in inline_captions if c not in ex.paragraphs]
    ex.published_at = find_published(soup, meta, title_el, h, idx)
    ex.modified_at = parse_date(meta.modified)
    ex.author = author
    crumbs = [c for c in meta.breadcrumb if c.lower() not in ("trang chủ", "home") and c != title]
    ex.category = meta.section or (crumbs[-1] if crumbs else None)
    ex.tags = meta.tags
    ex.source = source
    return ex
