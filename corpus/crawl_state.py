"""Crawl state on the SQLite store: implements scrapers' CrawlState protocol (wired in cli.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Generic, Protocol, TypeVar

from corpus.store import Store

# The row type `get` returns (scrapers.crawler.UrlRecord, chosen by cli.py).
R = TypeVar("R")


class _Discovered(Protocol):
    # Read-only, so that frozen dataclasses (scrapers.discovery.Discovered) match.
    @property
    def url(self) -> str: ...
    @property
    def lastmod(self) -> str | None: ...
    @property
    def found_on(self) -> str | None: ...


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SqliteCrawlState(Generic[R]):
    """Frontier, seen URLs, statuses and validators in the `crawl_urls` table of a store.

    Every call commits at once, so a crawl killed at any point keeps what it recorded.
    `record_type` builds the rows `get` returns (scrapers.crawler.UrlRecord, passed in by cli.py so
    that corpus does not import scrapers).
    """

    def __init__(self, store: Store, record_type: Callable[..., R]) -> None:
        self.store = store
        self.record_type = record_type

    def add(self, items: Iterable[_Discovered], kind: str) -> int:
        now = _now()
        rows = [(i.url, kind, i.lastmod, i.found_on, now) for i in items]
        with self.store.transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO crawl_urls (url, kind, lastmod, found_on, discovered_at) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def get(self, url: str) -> R | None:
        row = self.store.conn.execute(
            "SELECT url, kind, status, etag, last_modified, attempts FROM crawl_urls WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return self.record_type(row[0], row[1], row[2], row[3], row[4], row[5])

    def pending(self, kind: str, limit: int) -> list[str]:
        rows = self.store.conn.execute(
            "SELECT url FROM crawl_urls WHERE status = 'pending' AND kind = ? ORDER BY discovered_at, rowid LIMIT ?",
            (kind, limit),
        ).fetchall()
        return [r[0] for r in rows]

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
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO crawl_urls (url, kind, discovered_at) VALUES (?, 'article', ?)",
                (url, _now()),
            )
            conn.execute(
                "UPDATE crawl_urls SET status = ?, reason = ?, http_status = ?, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified), article_id = coalesce(?, article_id), "
                "attempts = attempts + 1, fetched_at = ? WHERE url = ?",
                (status, reason, http_status, etag, last_modified, article_id, _now(), url),
            )

    def counts(self) -> dict[str, int]:
        """URLs per status (for `vnpress scrape` summaries)."""
        rows = self.store.conn.execute("SELECT status, count(*) FROM crawl_urls GROUP BY status").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def retry_failed(self) -> int:
        """Put failed URLs back in the frontier (for `scrape --retry-failed`)."""
        with self.store.transaction() as conn:
            cur = conn.execute("UPDATE crawl_urls SET status = 'pending' WHERE status = 'failed'")
            return cur.rowcount
