"""Finding article URLs: RSS/Atom feeds, sitemaps (index, Google News), category pages with pagination."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import Tag
from lxml import etree

from scrapers.dates import parse_date, to_datetime
from scrapers.declarations import Declaration
from scrapers.htmltext import clean_line, parse_html

# A path that looks like one article: an id of 5+ digits, or a long slug ending in a page suffix.
_ARTICLE_PATH = re.compile(
    r"(\d{5,}|[a-z0-9]+(?:-[a-z0-9]+){3,})(\.html?|\.htm|\.chn|\.aspx|\.php|/)?$", re.I
)
_NOT_ARTICLE = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|zip|mp[34]|css|js)$|/(tag|tags|tim-kiem|search|video|tac-gia|author)/",
    re.I,
)
# A next-page URL carries a page number: "?page=2", "/trang-2.htm", "-p2", "/trang2.html", "?p=2".
_PAGE_NUMBER = re.compile(r"(?:page|trang|p)[-=/_]?\d+", re.I)
_NEXT_TEXT = re.compile(r"^\s*(trang sau|sau|tiếp|xem thêm|next|›|»|>)\s*$", re.I)


@dataclass(frozen=True)
class Discovered:
    url: str
    lastmod: str | None = None  # ISO time the feed/sitemap gives, if any
    found_on: str | None = None


@dataclass(frozen=True)
class Found:
    """What one discovery document gave: article URLs, more documents to read, and its kind."""

    kind: str  # "feed", "sitemap", "sitemapindex", "listing", "unknown"
    articles: list[Discovered]
    follow: list[str]  # sub-sitemaps, next listing page


def normalize_url(url: str) -> str:
    """Drop the fragment and a default port; lower-case scheme and host."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (
        parts.scheme == "https" and netloc.endswith(":443")
    ):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _xml_root(content: bytes) -> etree._Element | None:
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except OSError:
            return None
    head = content.lstrip()[:200].lower()
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content.lstrip(), parser)
    except etree.XMLSyntaxError:
        return None
    return root


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str:
    for child in el.iter():
        if _local(child.tag) in names and (child.text or "").strip():
            return clean_line(child.text or "")
    return ""


def parse_feed_or_sitemap(content: bytes, base_url: str) -> Found | None:
    """Read an RSS/Atom feed, a sitemap or a sitemap index; None when `content` is none of those."""
    root = _xml_root(content)
    if root is None:
        return None
    kind = _local(root.tag)
    if kind == "rss" or kind == "rdf":
        items = [el for el in root.iter() if _local(el.tag) == "item"]
        out = []
        for item in items:
            link = _child_text(item, "link") or _child_text(item, "guid")
            if link:
                when = parse_date(_child_text(item, "pubdate", "date"))
                out.append(Discovered(urljoin(base_url, link), when, base_url))
        return Found("feed", out, [])
    if kind == "feed":
        out = []
        for entry in (el for el in root.iter() if _local(el.tag) == "entry"):
            href = ""
            for link in entry.iter():
                if (
                    _local(link.tag) == "link"
                    and link.get("rel", "alternate") == "alternate"
                    and link.get("href")
                ):
                    href = link.get("href") or ""
                    break
            if href:
                when = parse_date(_child_text(entry, "published", "updated"))
                out.append(Discovered(urljoin(base_url, href), when, base_url))
        return Found("feed", out, [])
    if kind == "urlset":
        out = []
        for url_el in (el for el in root if _local(el.tag) == "url"):
            loc = _child_text(url_el, "loc")
            if loc:
                # Google News sitemaps carry news:publication_date; plain ones lastmod.
                when = parse_date(_child_text(url_el, "publication_date") or _child_text(url_el, "lastmod"))
                out.append(Discovered(urljoin(base_url, loc), when, base_url))
        return Found("sitemap", out, [])
    if kind == "sitemapindex":
        subs = []
        for sm in (el for el in root if _local(el.tag) == "sitemap"):
            loc = _child_text(sm, "loc")
            if loc:
                subs.append(urljoin(base_url, loc))
        return Found("sitemapindex", [], subs)
    return None


def _same_site(a: str, b: str) -> bool:
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return ha == hb


def looks_like_article(url: str) -> bool:
    path = urlsplit(url).path
    return bool(_ARTICLE_PATH.search(path)) and not _NOT_ARTICLE.search(path)


def parse_listing(html: str | bytes, base_url: str, decl: Declaration | None = None) -> Found:
    """Article links of a category or home page, and its next page (declared selectors, else heuristics)."""
    soup = parse_html(html)
    links: list[str] = []
    if decl is not None and decl.listing:
        for selector in decl.listing:
            for a in soup.select(selector):
                href = a.get("href") if isinstance(a, Tag) else None
                if isinstance(href, str):
                    links.append(urljoin(base_url, href))
    if not links:
        for a in soup.find_all("a", href=True):
            href = a.get("href")
            if not isinstance(href, str) or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(base_url, href)
            if (
                _same_site(url, base_url)
                and looks_like_article(url)
                and len(clean_line(a.get_text(" "))) >= 15
            ):
                links.append(url)
    seen: dict[str, None] = {}
    for link in links:
        if _same_site(link, base_url):
            seen.setdefault(normalize_url(link), None)
    follow: list[str] = []
    nxt = _next_page(soup, base_url, decl)
    if nxt:
        follow.append(nxt)
    return Found("listing", [Discovered(u, None, base_url) for u in seen], follow)


def _next_page(soup: object, base_url: str, decl: Declaration | None) -> str | None:
    from bs4 import BeautifulSoup

    assert isinstance(soup, BeautifulSoup)
    candidates: list[Tag] = []
    if decl is not None:
        for selector in decl.next_page:
            candidates.extend(el for el in soup.select(selector) if isinstance(el, Tag))
    link = soup.find("link", rel="next")
    if isinstance(link, Tag):
        candidates.append(link)
    candidates.extend(a for a in soup.find_all("a", rel="next") if isinstance(a, Tag))
    candidates.extend(
        a for a in soup.find_all("a", href=True) if isinstance(a, Tag) and _NEXT_TEXT.match(a.get_text())
    )
    for el in candidates:
        href = el.get("href")
        if isinstance(href, str) and not href.startswith(("javascript:", "#")):
            url = urljoin(base_url, href)
            if (
                _same_site(url, base_url)
                and normalize_url(url) != normalize_url(base_url)
                and _PAGE_NUMBER.search(urlsplit(url).path + "?" + urlsplit(url).query)
            ):
                return url
    return None


@dataclass(frozen=True)
class UrlFilter:
    """--since/--until on the date a feed or sitemap gives, and URL patterns (include/exclude)."""

    since: datetime | None = None
    until: datetime | None = None
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    def accepts_url(self, url: str) -> bool:
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)

    def accepts_date(self, iso: str | None) -> bool:
        """Unknown dates pass (the article's own date is checked after fetching)."""
        when = to_datetime(iso)
        if when is None:
            return True
        if self.since is not None and when < self.since:
            return False
        return not (self.until is not None and when > self.until)

    def accepts(self, item: Discovered) -> bool:
        return self.accepts_url(item.url) and self.accepts_date(item.lastmod)
