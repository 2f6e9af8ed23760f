"""The one way vnpress fetches: robots.txt, per-host delay, retries, size and type checks, WARC archive."""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from scrapers.charset import decode_html

DEFAULT_USER_AGENT = (
    "vnpress/0.1 (research crawler for Vietnamese press text; +https://pypi.org/project/vnpress/)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/x-gzip",
)
# Magic numbers of files that are never a page, whatever the server says they are.
_BINARY_MAGIC = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF8": "image/gif",
    b"PK\x03\x04": "application/zip",
    b"\xd0\xcf\x11\xe0": "application/msword",
}


@dataclass(frozen=True)
class FetchConfig:
    """Politeness and safety limits (the defaults are the documented ones)."""

    user_agent: str = DEFAULT_USER_AGENT
    contact: str | None = None  # an e-mail or URL added to the User-Agent so site owners can reach you
    delay: float = 1.0  # seconds between two requests to the same host (robots.txt Crawl-delay if longer)
    timeout: float = 20.0
    retries: int = 3  # extra attempts on 429/5xx/timeouts/resets
    backoff: float = 1.0  # first retry wait in seconds, doubled each time, unless Retry-After says
    max_retry_after: float = 120.0  # give up rather than wait longer than this
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    respect_robots: bool = True
    accept: tuple[str, ...] = HTML_TYPES + XML_TYPES

    @property
    def agent(self) -> str:
        if not self.contact:
            return self.user_agent
        return self.user_agent.rstrip(")") + f"; contact: {self.contact})"


class FetchError(Exception):
    """A URL that could not be fetched as wanted; `reason` is short and stable (stored in crawl state)."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Response:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes
    fetched_at: str
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def text(self) -> str:
        return decode_html(self.content, self.content_type)[0]

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class Archive(Protocol):
    """Where raw responses go (scrapers.archive.WarcArchive)."""

    def write(self, response: Response, request_headers: dict[str, str]) -> None: ...


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(when.tzinfo or UTC)).total_seconds())


def sniff_binary(content: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC.items():
        if content.startswith(magic):
            return kind
    return None


@dataclass
class _HostState:
    last_request: float = -1e9
    robots: urllib.robotparser.RobotFileParser | None = None
    crawl_delay: float = 0.0


@dataclass
class FetchStats:
    requests: int = 0
    by_host: dict[str, list[float]] = field(default_factory=dict)  # request start times, for checks


class Fetcher:
    """Fetch URLs politely. Every request of vnpress goes through `get`."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        archive: Archive | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or FetchConfig()
        self.archive = archive
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _HostState] = {}
        self.stats = FetchStats()
        self.client = httpx.Client(
            headers={"User-Agent": self.config.agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness ---------------------------------------------------------------------------------
    def _host(self, url: str) -> tuple[str, _HostState]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        return origin, self._hosts.setdefault(origin, _HostState())

    def _wait_turn(self, url: str) -> None:
        origin, state = self._host(url)
        gap = max(self.config.delay, state.crawl_delay)
        wait = state.last_request + gap - self._clock()
        if wait > 0:
            self._sleep(wait)
        state.last_request = self._clock()
        self.stats.requests += 1
        self.stats.by_host.setdefault(origin, []).append(state.last_request)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our User-Agent fetch `url` (fetched once per host)."""
        if not self.config.respect_robots:
            return True
        origin, state = self._host(url)
        if state.robots is None:
            state.robots = self._load_robots(origin)
            delay = state.robots.crawl_delay(self.config.agent)
            state.crawl_delay = float(delay) if delay else 0.0
        return state.robots.can_fetch(self.config.agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            resp = self._request(origin + "/robots.txt", {}, check_robots=False)
        except FetchError as exc:
            # No robots.txt (4xx) allows everything; an unreachable or failing one allows nothing.
            if exc.status is not None and 400 <= exc.status < 500:
                parser.allow_all = True  # type: ignore[attr-defined]
            else:
                parser.disallow_all = True  # type: ignore[attr-defined]
            return parser
        parser.parse(resp.text.splitlines())
        return parser

    def sitemaps_of(self, url: str) -> list[str]:
        """Sitemap URLs that the host's robots.txt lists."""
        if not self.config.respect_robots:
            return []
        self.allowed(url)
        _, state = self._host(url)
        return list(state.robots.site_maps() or []) if state.robots else []

    # -- requests -----------------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch a page or feed: FetchError with the reason when it cannot be had as wanted."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._request(url, headers, check_robots=True)
        if resp.not_modified:
            return resp
        ctype = resp.content_type.split(";")[0].strip().lower()
        binary = sniff_binary(resp.content)
        if binary:
            raise FetchError(url, f"not a page: {binary} content", resp.status)
        if ctype and not any(ctype == t for t in self.config.accept):
            raise FetchError(url, f"not a page: content-type {ctype}", resp.status)
        return resp

    def _request(self, url: str, headers: dict[str, str], *, check_robots: bool) -> Response:
        seen: list[str] = []
        current = url
        while True:
            if check_robots and not self.allowed(current):
                raise FetchError(current, "disallowed by robots.txt")
            resp = self._attempts(current, headers)
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.headers.get("location")
                if not location:
                    raise FetchError(current, f"http {resp.status} without Location", resp.status)
                seen.append(current)
                nxt = urljoin(current, location)
                if nxt in seen:
                    raise FetchError(url, "redirect loop", resp.status)
                if len(seen) > self.config.max_redirects:
                    raise FetchError(url, f"more than {self.config.max_redirects} redirects", resp.status)
                current = nxt
                continue
            if resp.status == 304:
                return Response(url, current, 304, resp.headers, b"", resp.fetched_at, not_modified=True)
            if not 200 <= resp.status < 300:
                raise FetchError(url, f"http {resp.status}", resp.status)
            return Response(url, current, resp.status, resp.headers, resp.content, resp.fetched_at)

    def _attempts(self, url: str, headers: dict[str, str]) -> Response:
        """One request with retries on 429/5xx and transport failures."""
        attempt = 0
        while True:
            failure: str
            wait: float | None = None
            try:
                resp = self._once(url, headers)
            except FetchError:
                raise
            except httpx.TimeoutException:
                failure = "timeout"
            except httpx.RemoteProtocolError:
                failure = "connection closed early (truncated response)"
            except httpx.TransportError as exc:
                failure = f"connection failed ({type(exc).__name__})"
            else:
                if resp.status not in RETRY_STATUSES:
                    return resp
                failure = f"http {resp.status}"
                wait = _retry_after(resp.headers.get("retry-after"))
                if wait is not None and wait > self.config.max_retry_after:
                    raise FetchError(
                        url, f"http {resp.status}, Retry-After {wait:.0f}s too long", resp.status
                    )
                if attempt >= self.config.retries:
                    raise FetchError(url, f"{failure} after {attempt + 1} attempts", resp.status)
            if attempt >= self.config.retries:
                raise FetchError(url, f"{failure} after {attempt + 1} attempts")
            self._sleep(wait if wait is not None else self.config.backoff * 2**attempt)
            attempt += 1

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        self._wait_turn(url)
        fetched_at = _now()
        request = self.client.build_request("GET", url, headers=headers)
        r = self.client.send(request, stream=True)
        try:
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.config.max_bytes:
                raise FetchError(
                    url, f"too large ({int(declared)} bytes > {self.config.max_bytes})", r.status_code
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.config.max_bytes:
                    raise FetchError(url, f"too large (over {self.config.max_bytes} bytes)", r.status_code)
                chunks.append(chunk)
            resp = Response(
                url=url,
                final_url=url,
                status=r.status_code,
                headers={k.lower(): v for k, v in r.headers.items()},
                content=b"".join(chunks),
                fetched_at=fetched_at,
            )
        finally:
            r.close()
        if self.archive is not None:
            self.archive.write(resp, dict(request.headers))
        return resp
