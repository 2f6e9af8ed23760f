"""Site extractors as declarations: one TOML file per site or CMS in scrapers/sites/, selectors as data.

A declaration names its hosts and, per field, a list of sources tried in order (first non-empty
wins):

    "ld:datePublished"         a key of the page's NewsArticle JSON-LD
    "meta:article:tag"         a <meta> tag (property, name or itemprop)
    "h1.title-detail"          a CSS selector (the element's reading text)
    "time@datetime"            a CSS selector and an attribute
    "label:Số ký hiệu"         the cell after a table cell reading exactly this label
    "<source> | re:REGEX"      then the first group of REGEX in that text

`body` selects the article's text root(s); inside it `drop` selectors and `captions` selectors are
taken out (captions are kept apart). `extra.<name>` fields land in Article.extra.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from scrapers.dates import parse_date
from scrapers.generic import body_skip, heuristics, strip_tail
from scrapers.htmltext import block_texts, clean_line, inline_text, iter_blocks
from scrapers.metadata import ARTICLE_TYPES, _loads, _objects, _text, _types
from scrapers.page import Extracted

SITES_DIR = Path(__file__).with_name("sites")
TEXT_FIELDS = ("title", "sapo", "published", "modified", "author", "category", "source")


class DeclarationError(ValueError):
    """A declaration file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Declaration:
    name: str
    hosts: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]
    body: tuple[str, ...]
    drop: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)
    listing: tuple[str, ...] = ()  # selectors of article links on category pages
    next_page: tuple[str, ...] = ()  # selectors of the "next page" link of a category page
    feeds: tuple[str, ...] = ()  # feed or sitemap URLs to start a crawl from
    path: str = ""

    def matches(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == h or host.endswith("." + h) for h in self.hosts)


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise DeclarationError(f"{where}: '{key}' must be a string or a list of strings")
    return tuple(value)


def load_declaration(path: Path) -> Declaration:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DeclarationError(f"{path}: not valid TOML ({exc})") from None
    where = str(path)
    hosts = _strings(data, "hosts", where)
    body = _strings(data, "body", where)
    if not hosts or not body:
        raise DeclarationError(f"{path}: a declaration needs 'hosts' and 'body'")
    fields_data = data.get("fields", {})
    extra_data = data.get("extra", {})
    decl = Declaration(
        name=str(data.get("name") or path.stem),
        hosts=tuple(h.lower() for h in hosts),
        fields={k: _strings(fields_data, k, where) for k in fields_data},
        body=body,
        drop=_strings(data, "drop", where),
        captions=_strings(data, "captions", where),
        tags=_strings(data, "tags", where),
        extra={k: _strings(extra_data, k, where) for k in extra_data},
        listing=_strings(data, "listing", where),
        next_page=_strings(data, "next_page", where),
        feeds=_strings(data, "feeds", where),
        path=where,
    )
    unknown = set(decl.fields) - set(TEXT_FIELDS)
    if unknown:
        raise DeclarationError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}")
    return decl


@lru_cache(maxsize=1)
def all_declarations() -> tuple[Declaration, ...]:
    """Every declaration shipped in scrapers/sites/ (files starting with "_" are not sites)."""
    return tuple(load_declaration(p) for p in sorted(SITES_DIR.glob("*.toml")) if not p.name.startswith("_"))


def declaration_for(host: str | None) -> Declaration | None:
    if not host:
        return None
    for decl in all_declarations():
        if decl.matches(host):
            return decl
    return None


# --- reading sources --------------------------------------------------------------------------


class _Page:
    """A parsed page with its JSON-LD article object, read once."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.ld: dict[str, Any] = {}
        for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
            for obj in _objects(_loads(script.string or script.get_text() or "")):
                if _types(obj) & ARTICLE_TYPES and not self.ld:
                    self.ld = obj

    def values(self, source: str) -> list[str]:
        """All values a source gives, in page order."""
        source, _, pattern = source.partition(" | re:")
        source = source.strip()
        if source.startswith("ld:"):
            raw = self.ld.get(source[3:])
            items = raw if isinstance(raw, list) else [raw]
            out = [_text(v) for v in items if v]
        elif source.startswith("meta:"):
            key = re.compile(f"^{re.escape(source[5:])}$", re.I)
            out = []
            for attr in ("property", "name", "itemprop"):
                for el in self.soup.find_all("meta", attrs={attr: key}):
                    out.append(clean_line(str(el.get("content") or "")))
        elif source.startswith("label:"):
            out = self._labelled(source[6:].strip())
        else:
            selector, _, attr = source.partition("@")
            out = []
            for el in self.soup.select(selector.strip()):
                value = el.get(attr) if attr else " ".join(block_texts(el))
                out.append(clean_line(str(value or "")))
        out = [v for v in out if v]
        if pattern:
            rx = re.compile(pattern)
            found = [m.group(1) if m.groups() else m.group(0) for m in map(rx.search, out) if m]
            out = [clean_line(v) for v in found if v and v.strip()]
        return out

    def _labelled(self, label: str) -> list[str]:
        out = []
        for cell in self.soup.find_all(["td", "th", "dt"]):
            if inline_text(cell) != label:
                continue
            nxt = cell.find_next_sibling(["td", "th", "dd"])
            if isinstance(nxt, Tag):
                out.append(" ".join(block_texts(nxt)))
        return out

    def first(self, sources: tuple[str, ...]) -> str | None:
        for source in sources:
            values = self.values(source)
            if values:
                return values[0]
        return None


def _split_tags(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for tag in re.split(r"\s*[,;]\s*", value):
            tag = tag.strip().lstrip("#").strip()
            if tag and tag not in out:
                out.append(tag)
    return out


def extract_declared(soup: BeautifulSoup, decl: Declaration) -> Extracted:
    """Read an article off a page with a site declaration."""
    page = _Page(soup)
    h = heuristics()
    fields = decl.fields
    ex = Extracted(method=decl.name)
    ex.title = page.first(fields.get("title", ())) or ""
    ex.sapo = page.first(fields.get("sapo", ())) or ""
    ex.published_at = _date(page, fields.get("published", ()))
    ex.modified_at = _date(page, fields.get("modified", ()))
    ex.author = page.first(fields.get("author", ()))
    ex.category = page.first(fields.get("category", ()))
    ex.source = page.first(fields.get("source", ()))
    for source in decl.tags:
        values = page.values(source)
        if values:
            # A meta/JSON-LD value is a comma-separated list; a CSS match is one tag each.
            structured = source.startswith(("meta:", "ld:"))
            ex.tags = (
                _split_tags(values) if structured else list(dict.fromkeys(v.lstrip("#") for v in values))
            )
            break
    ex.extra = {}
    for name, sources in decl.extra.items():
        value = page.first(sources)
        if value:
            ex.extra[name] = value
    roots: list[Tag] = []
    for selector in decl.body:
        roots = [el for el in soup.select(selector) if isinstance(el, Tag)]
        if roots:
            break
    dropped = {id(el) for root in roots for sel in decl.drop for el in root.select(sel)}
    caption_els = [el for root in roots for sel in decl.captions for el in root.select(sel)]
    captions = {id(el) for el in caption_els}
    for el in caption_els:
        text = " ".join(block_texts(el))
        if text and text not in ex.captions:
            ex.captions.append(text)

    lines: list[tuple[str, Tag | None]] = []
    for root in roots:
        generic_skip = body_skip(root, h)

        def skip(el: Tag, generic_skip: Any = generic_skip) -> bool:
            return id(el) in dropped or id(el) in captions or generic_skip(el)

        for line, owner in iter_blocks(root, skip):
            if h.related_heading.match(line) and len(lines) >= 3:
                break
            lines.append((line, owner))
    if ex.sapo:
        lines = [(t, o) for t, o in lines if t != ex.sapo]
    lines, tail_source, byline = strip_tail(lines, h)
    ex.source = ex.source or tail_source
    author = ex.author or byline
    ex.author = (h.byline_prefix.sub("", author).strip() or author) if author else None
    ex.paragraphs = [t for t, _ in lines]
    return ex


def _date(page: _Page, sources: tuple[str, ...]) -> str | None:
    for source in sources:
        for value in page.values(source):
            iso = parse_date(value)
            if iso:
                return iso
    return None
