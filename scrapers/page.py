"""What an extractor reads off a page, before it becomes an `nlp.records.Article`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nlp.records import Article


class ExtractionError(Exception):
    """The page holds no article we can store (no title, no body …); the message is the reason."""


@dataclass
class Extracted:
    title: str = ""
    sapo: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    author: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    canonical_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    method: str = ""  # "generic" or the declaration's name

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    def check(self) -> None:
        """Reject a page that cannot give a storable article (never store it empty)."""
        if not self.title.strip():
            raise ExtractionError("no title found")
        if not self.body.strip():
            raise ExtractionError("no body text found")

    def to_article(self, url: str | None, fetched_at: str | None = None, site: str | None = None) -> Article:
        self.check()
        site = site or host_of(url)
        ident = article_id(url or self.canonical_url, self.title)
        return Article(
            id=ident,
            title=self.title,
            body=self.body,
            sapo=self.sapo,
            url=url,
            site=site,
            captions=tuple(self.captions),
            published_at=self.published_at,
            modified_at=self.modified_at,
            author=self.author,
            category=self.category,
            tags=tuple(self.tags),
            source=self.source,
            fetched_at=fetched_at,
            extra=tuple(self.extra.items()),
        )


def host_of(url: str | None) -> str | None:
    """The site of a URL: its host name without "www." and port."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def article_id(url: str | None, title: str) -> str:
    """A stable id: the site plus a short hash of the URL (of the title when there is no URL)."""
    key = url or title
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    site = host_of(url) if url else None
    return f"{site}:{digest}" if site else digest
