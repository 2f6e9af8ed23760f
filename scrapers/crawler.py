"""Incremental crawls: discovery → frontier (crawl state) → polite fetch → extract → store, resumable."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from nlp.records import Article
from scrapers.declarations import Declaration, all_declarations, declaration_for
from scrapers.discovery import (
    Discovered,
    Found,
    UrlFilter,
    normalize_url,
    parse_feed_or_sitemap,
    parse_listing,
)
from scrapers.extract import article_from_html
from scrapers.fetch import Fetcher, FetchError, Response
from scrapers.page import ExtractionError, host_of

# Statuses a URL can have in the crawl state.
PENDING, DONE, FAILED, REJECTED, FILTERED, NOT_MODIFIED = (
    "pending",
    "done",
    "failed",
    "rejected",
    "filtered",
    "not-modified",
)


@dataclass(frozen=True)
class UrlRecord:
    url: str
    kind: str  # "article" or "index" (feed, sitemap, listing page)
    status: str
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0


class CrawlState(Protocol):
    """The frontier and the memory of a crawl (corpus.crawl_state.SqliteCrawlState implements it).

    A URL is added once; `record` is called after each fetch, so a killed crawl resumes with the
    URLs still pending, and a rerun fetches only what it does not have.
    """

    def add(self, items: Iterable[Discovered], kind: str) -> int:
        """Add unseen URLs as pending; returns how many were new."""
        ...

    def get(self, url: str) -> UrlRecord | None: ...

    def pending(self, kind: str, limit: int) -> list[str]: ...

    def record(
        self,
        url: str,
        status: str,
        *,
        reason: str | None = None,
        http_status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        article_id: str | None = None,
    ) -> None: ...


class MemoryCrawlState:
    """A CrawlState in memory (for `vnpress fetch` and tests)."""

    def __init__(self) -> None:
        self.urls: dict[str, UrlRecord] = {}
        self.reasons: dict[str, str | None] = {}

    def add(self, items: Iterable[Discovered], kind: str) -> int:
        new = 0
        for item in items:
            if item.url not in self.urls:
                self.urls[item.url] = UrlRecord(item.url, kind, PENDING)
                new += 1
        return new

    def get(self, url: str) -> UrlRecord | None:
        return self.urls.get(url)

    def pending(self, kind: str, limit: int) -> list[str]:
        return [r.url for r in self.urls.values() if r.kind == kind and r.status == PENDING][:limit]

    def record(
        self,
        url: str,
        status: str,
        *,
        reason: str | None = None,
        http_status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        article_id: str | None = None,
    ) -> None:
        old = self.urls.get(url) or UrlRecord(url, "article", PENDING)
        self.urls[url] = UrlRecord(
            url, old.kind, status, etag or old.etag, last_modified or old.last_modified, old.attempts + 1
        )
        self.reasons[url] = reason


@dataclass
class CrawlStats:
    discovered: int = 0
    fetched: int = 0
    stored: int = 0
    not_modified: int = 0
    failed: int = 0
    rejected: int = 0
    filtered: int = 0
    problems: list[str] = field(default_factory=list)


Sink = Callable[[Article], bool]  # store one article; True when it was new


def start_urls(target: str) -> tuple[list[str], Declaration | None]:
    """URLs a `scrape TARGET` starts from: a URL as given, or a declared site's feeds and home page."""
    if "://" in target:
        return [target], declaration_for(host_of(target))
    key = target.lower().removeprefix("www.")
    for decl in all_declarations():
        if decl.name == key or decl.matches(key):
            host = key if "." in key else decl.hosts[0]
            feeds = [f for f in decl.feeds if host_of(f) == host] or list(decl.feeds)
            return [*feeds, f"https://{host}/"], decl
    raise ValueError(f"unknown site '{target}': give a URL, or one of the sites `vnpress sites` lists")


class Crawler:
    """Runs one crawl: discover from the targets, then fetch pending articles until done or `limit`."""

    def __init__(
        self,
        fetcher: Fetcher,
        state: CrawlState,
        sink: Sink,
        *,
        url_filter: UrlFilter | None = None,
        limit: int | None = None,
        max_listing_pages: int = 5,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.state = state
        self.sink = sink
        self.filter = url_filter or UrlFilter()
        self.limit = limit
        self.max_listing_pages = max_listing_pages
        self.log = log or (lambda _m: None)
        self.stats = CrawlStats()

    # -- discovery ----------------------------------------------------------------------------------
    def discover(self, target: str) -> int:
        """Read feeds, sitemaps (robots.txt's too for a site root) and listing pages from `target`."""
        urls, decl = start_urls(target)
        queue: list[tuple[str, int]] = [(u, 0) for u in urls]
        root = urls[-1]
        if urlsplit(root).path in ("", "/"):
            queue = [(sm, 0) for sm in self.fetcher.sitemaps_of(root)] + queue
        seen: set[str] = set()
        new = 0
        while queue:
            url, depth = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            found = self._read_index(url, decl)
            if found is None:
                continue
            accepted = [d for d in found.articles if self.filter.accepts(d)]
            accepted = [Discovered(normalize_url(d.url), d.lastmod, d.found_on) for d in accepted]
            added = self.state.add(accepted, "article")
            new += added
            self.log(f"{url}: {found.kind}, {len(found.articles)} link(s), {added} new")
            for sub in found.follow:
                # Sitemap indexes are followed fully; listing pagination up to max_listing_pages.
                if found.kind == "sitemapindex" or depth + 1 < self.max_listing_pages:
                    queue.append((sub, depth + 1))
        self.stats.discovered += new
        return new

    def _read_index(self, url: str, decl: Declaration | None) -> Found | None:
        known = self.state.get(url)
        if known is None:
            self.state.add([Discovered(url)], "index")
            known = self.state.get(url)
        try:
            resp = self.fetcher.get(
                url,
                etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
            )
        except FetchError as exc:
            self.stats.problems.append(f"{url}: {exc.reason}")
            self.state.record(url, FAILED, reason=exc.reason, http_status=exc.status)
            self.log(f"{url}: {exc.reason}")
            return None
        if resp.not_modified:
            self.state.record(url, NOT_MODIFIED, http_status=304)
            self.log(f"{url}: not modified since last crawl")
            return None
        self.state.record(
            url, DONE, http_status=resp.status, etag=resp.etag, last_modified=resp.last_modified
        )
        found = parse_feed_or_sitemap(resp.content, resp.final_url)
        if found is None:
            found = parse_listing(resp.text, resp.final_url, decl or declaration_for(host_of(resp.final_url)))
        return found

    # -- fetching -----------------------------------------------------------------------------------
    def run(self) -> CrawlStats:
        """Fetch pending articles (resuming any left by a killed run) until none remain or `limit`."""
        while self.limit is None or self.stats.stored < self.limit:
            batch = self.state.pending("article", 50)
            if not batch:
                break
            for url in batch:
                if self.limit is not None and self.stats.stored >= self.limit:
                    break
                self.fetch_article(url)
        return self.stats

    def fetch_article(self, url: str) -> Article | None:
        known = self.state.get(url)
        if not self.filter.accepts_url(url):
            self.state.record(url, FILTERED, reason="URL pattern")
            self.stats.filtered += 1
            return None
        try:
            resp = self.fetcher.get(
                url,
                etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
            )
        except FetchError as exc:
            self.stats.failed += 1
            self.stats.problems.append(f"{url}: {exc.reason}")
            self.state.record(url, FAILED, reason=exc.reason, http_status=exc.status)
            self.log(f"{url}: {exc.reason}")
            return None
        self.stats.fetched += 1
        if resp.not_modified:
            self.stats.not_modified += 1
            self.state.record(url, NOT_MODIFIED, http_status=304)
            return None
        return self.handle_response(url, resp)

    def handle_response(self, url: str, resp: Response) -> Article | None:
        try:
            article = article_from_html(
                resp.content, resp.final_url, fetched_at=resp.fetched_at, content_type=resp.content_type
            )
        except ExtractionError as exc:
            self.stats.rejected += 1
            self.stats.problems.append(f"{url}: rejected: {exc}")
            self.state.record(url, REJECTED, reason=str(exc), http_status=resp.status, etag=resp.etag)
            self.log(f"{url}: rejected: {exc}")
            return None
        if not self.filter.accepts_date(article.published_at):
            self.stats.filtered += 1
            self.state.record(
                url, FILTERED, reason=f"published {article.published_at}", http_status=resp.status
            )
            return None
        new = self.sink(article)
        self.stats.stored += int(new)
        self.state.record(
            url,
            DONE,
            http_status=resp.status,
            etag=resp.etag,
            last_modified=resp.last_modified,
            article_id=article.id,
        )
        self.log(f"{url}: {'stored' if new else 'already stored'} ({article.title[:60]})")
        return article
