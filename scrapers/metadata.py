"""Structured page metadata read before any CSS: JSON-LD objects and <meta> tags."""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag

from scrapers.htmltext import clean_line

ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "report"}
)


@dataclass
class PageMeta:
    """What a page says about itself in JSON-LD and meta tags (empty strings when absent)."""

    headline: str = ""
    og_title: str = ""
    description: str = ""
    published: str = ""
    modified: str = ""
    authors: list[str] = field(default_factory=list)
    section: str = ""
    breadcrumb: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    canonical: str = ""
    site_name: str = ""
    has_article_ld: bool = False
    og_type: str = ""


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except json.JSONDecodeError:
        pass
    # Hand-written JSON-LD often carries trailing commas or raw control characters.
    fixed = re.sub(r",\s*([}\]])", r"\1", raw)
    fixed = re.sub(r"[\x00-\x1f]", " ", fixed)
    try:
        return json.loads(fixed, strict=False)
    except json.JSONDecodeError:
        return None


def _objects(data: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", "")
    values = t if isinstance(t, list) else [t]
    return {str(v).lower() for v in values}


def _text(value: Any) -> str:
    if isinstance(value, str):
        return clean_line(htmllib.unescape(value))
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@id") or "")
    if isinstance(value, list) and value:
        return _text(value[0])
    return ""


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        name = _text(item)
        if name and not name.startswith("http"):
            out.append(name)
    return out


def _split_tags(value: str) -> list[str]:
    return [t for t in (clean_line(x) for x in re.split(r"[,;]", value)) if t]


_LD_JSON = re.compile(r"ld\+json", re.I)


def _attr_is(el: Tag, attr: str, value: str) -> bool:
    """bs4's attribute match of a plain string: the value, one of a list's values, or the joined list."""
    got = el.get(attr)
    if isinstance(got, list):
        return value in got or " ".join(got) == value
    return got == value


def read_meta(soup: BeautifulSoup, elements: Sequence[Tag] | None = None) -> PageMeta:
    """Collect JSON-LD (NewsArticle & BreadcrumbList) and meta-tag metadata of a page.

    `elements`: every element of the page in document order, when the caller already listed them
    (one list instead of a tree walk per question).
    """
    if elements is None:
        elements = [t for t in soup.find_all(True) if isinstance(t, Tag)]
    scripts: list[Tag] = []
    metas_el: list[Tag] = []
    link: Tag | None = None
    for el in elements:
        name = el.name
        if name == "meta":
            metas_el.append(el)
        elif name == "script":
            t = el.get("type")
            if isinstance(t, str) and _LD_JSON.search(t):
                scripts.append(el)
        elif name == "link" and link is None and _attr_is(el, "rel", "canonical"):
            link = el
    meta = PageMeta()
    for script in scripts:
        data = _loads(script.string or script.get_text() or "")
        for obj in _objects(data):
            types = _types(obj)
            if types & ARTICLE_TYPES:
                meta.has_article_ld = True
                meta.headline = meta.headline or _text(obj.get("headline") or obj.get("name"))
                meta.description = meta.description or _text(obj.get("description"))
                meta.published = meta.published or _text(obj.get("datePublished"))
                meta.modified = meta.modified or _text(obj.get("dateModified"))
                meta.authors = meta.authors or _names(obj.get("author"))
                meta.section = meta.section or _text(obj.get("articleSection"))
                kw = obj.get("keywords")
                if kw and not meta.tags:
                    meta.tags = _split_tags(kw) if isinstance(kw, str) else _names(kw)
            elif "breadcrumblist" in types and not meta.breadcrumb:
                items = _objects(obj.get("itemListElement", []))
                items = [i for i in items if "position" in i or "item" in i]
                items.sort(key=lambda i: int(i.get("position", 0) or 0))
                meta.breadcrumb = [n for n in (_text(i.get("name") or i.get("item")) for i in items) if n]

    # All <meta> tags read once: key (property, name or itemprop; lower case) → first non-empty value.
    metas: dict[str, str] = {}
    for el in metas_el:
        value = el.get("content") or el.get("datetime") or ""
        if not isinstance(value, str) or not value.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if isinstance(key, str) and key.strip():
                metas.setdefault(key.strip().lower(), value)

    def content(*keys: str) -> str:
        for key in keys:
            value = metas.get(key.lower())
            if value:
                return clean_line(htmllib.unescape(value))
        return ""

    meta.og_title = content("og:title", "twitter:title")
    meta.description = meta.description or content("og:description", "description", "twitter:description")
    meta.published = meta.published or content(
        "article:published_time", "datePublished", "pubdate", "publishdate", "dc.date.issued", "date"
    )
    meta.modified = meta.modified or content("article:modified_time", "dateModified", "og:updated_time")
    if not meta.published:
        found = next((el for el in elements if el.get("itemprop") == "datePublished"), None)
        if isinstance(found, Tag):
            value = found.get("content") or found.get("datetime") or found.get_text()
            meta.published = clean_line(str(value))
    meta.section = meta.section or content("article:section", "articleSection")
    if not meta.authors:
        for key in ("article:author", "dable:author", "author"):
            value = content(key)
            if value and not value.startswith("http"):
                meta.authors = [a for a in (clean_line(x) for x in value.split(";")) if a]
                break
    if not meta.tags:
        tags = [
            t
            for el in metas_el
            if el.get("property") == "article:tag"
            for t in _split_tags(str(el.get("content") or ""))
        ]
        meta.tags = tags or _split_tags(content("news_keywords", "keywords"))
    href = link.get("href") if isinstance(link, Tag) else None
    meta.canonical = (href if isinstance(href, str) else "") or content("og:url")
    meta.site_name = content("og:site_name")
    meta.og_type = content("og:type")
    return meta
