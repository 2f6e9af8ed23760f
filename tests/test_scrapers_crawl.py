"""Crawls of a local copy of real pages: feed + sitemap discovery, incremental reruns, resume, WARC."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED_HTML, manifest_urls, needs_shared_html, serve_saved_pages

from corpus.crawl_state import SqliteCrawlState
from corpus.store import Store
from nlp.records import Article
from scrapers.archive import WarcArchive, iter_archive
from scrapers.crawler import Crawler, UrlRecord
from scrapers.discovery import UrlFilter, parse_feed_or_sitemap, parse_listing
from scrapers.fetch import FetchConfig, Fetcher
from scrapers.testsite import SiteServer, status

HTML = SHARED_HTML
pytestmark = [needs_shared_html, pytest.mark.usefixtures("no_internet")]

# Saved article pages served under their original paths (title start, publication date).
ARTICLES = [
    ("vnexpress.net/article_4672302_thue-giam-tru-gia-canh.html", "2023-11-02"),
    ("vnexpress.net/article_4954454_ung-thu-lymphoma.html", "2025-10-22"),
    ("tuoitre.vn/article_20260307075519174.html", "2026-03-07"),
    ("nld.com.vn/article_196260307071308923.html", "2026-03-07"),
    ("znews.vn/article_post1613516.html", "2025-12-23"),
]


@pytest.fixture
def site():
    with SiteServer() as server:
        paths = serve_saved_pages(server, [file for file, _ in ARTICLES])
        server.add("/private/secret-article-123456.html", (HTML / ARTICLES[0][0]).read_bytes())
        base = server.base_url
        items = "".join(
            f"<item><title>t</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>"
            for p, d in [
                (paths[0], "Thu, 02 Nov 2023 19:20:45 +0700"),
                (paths[1], "Wed, 22 Oct 2025 19:25:52 +0700"),
                ("/private/secret-article-123456.html", "Wed, 22 Oct 2025 19:25:52 +0700"),
            ]
        )
        server.add(
            "/rss.xml",
            f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>",
            "application/rss+xml",
        )
        news = "".join(
            f"<url><loc>{base}{p}</loc><news:news><news:publication_date>{d}T08:00:00+07:00</news:publication_date></news:news></url>"
            for p, (_, d) in zip(paths[1:], ARTICLES[1:], strict=True)
        )
        server.add(
            "/sitemap-news.xml",
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{news}</urlset>",
            "application/xml",
        )
        server.add(
            "/sitemap.xml",
            f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>",
            "application/xml",
        )
        server.add("/", "<html><body><h1>Trang chủ</h1></body></html>")
        server.add(
            "/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n", "text/plain"
        )
        server.paths = paths
        yield server


def _crawl(site, db: Path, *, delay=0.05, limit=None, sink_fail_after=None, url_filter=None, archive=None):
    store = Store(db)
    state = SqliteCrawlState(store, UrlRecord)
    stored: list[Article] = []

    def sink(article):
        if sink_fail_after is not None and len(stored) >= sink_fail_after:
            raise KeyboardInterrupt  # the crawl is killed here
        new = store.add_articles([article]) == 1
        stored.append(article)
        return new

    fetcher = Fetcher(FetchConfig(delay=delay, timeout=5, retries=0), archive=archive)
    crawler = Crawler(fetcher, state, sink, limit=limit, url_filter=url_filter)
    try:
        crawler.discover(site.base_url + "/")
        crawler.discover(site.url("/rss.xml"))
        crawler.run()
    finally:
        fetcher.close()
        if archive is not None:
            archive.close()
    return crawler.stats, store


def test_feed_and_sitemap_crawl_fetches_each_article_once_politely(site, tmp_path):
    stats, store = _crawl(site, tmp_path / "c.db", delay=0.2)
    assert stats.stored == len(ARTICLES)
    for path in site.paths:
        assert len(site.hits_of(path)) == 1, path
    assert site.hits_of("/private/secret-article-123456.html") == []
    times = sorted(h.at for h in site.hits)
    assert all(b - a >= 0.18 for a, b in zip(times, times[1:], strict=False))
    assert store.count("articles") == len(ARTICLES)
    dates = sorted((a.published_at or "")[:10] for a in store.iter_articles())
    assert dates == sorted(d for _, d in ARTICLES)
    # Robots-disallowed URL is recorded with its reason.
    row = store.conn.execute("SELECT status, reason FROM crawl_urls WHERE url LIKE '%/private/%'").fetchone()
    assert row[0] == "failed" and "robots" in row[1]


def test_second_run_fetches_nothing_new(site, tmp_path):
    _crawl(site, tmp_path / "c.db")
    before = len(site.hits)
    stats, store = _crawl(site, tmp_path / "c.db")
    later = site.hits[before:]
    assert stats.fetched == 0 and stats.stored == 0
    assert not any(h.path in site.paths for h in later)
    # Feeds and sitemaps were asked conditionally and not re-sent.
    assert {h.status for h in later if h.path in ("/rss.xml", "/sitemap.xml", "/sitemap-news.xml")} == {304}
    assert store.count("articles") == len(ARTICLES)


def test_killed_crawl_resumes_without_duplicates(site, tmp_path):
    with pytest.raises(KeyboardInterrupt):
        _crawl(site, tmp_path / "c.db", sink_fail_after=2)
    store = Store(tmp_path / "c.db")
    assert store.count("articles") == 2
    stats, store = _crawl(site, tmp_path / "c.db")
    assert store.count("articles") == len(ARTICLES)
    urls = [r[0] for r in store.conn.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls))
    for path in site.paths:
        assert len(site.hits_of(path)) <= 2  # the one in flight when killed may be fetched again


def test_limit_since_and_patterns(site, tmp_path):
    since = UrlFilter(since=__import__("datetime").datetime.fromisoformat("2025-12-01T00:00:00+07:00"))
    stats, store = _crawl(site, tmp_path / "a.db", url_filter=since)
    assert sorted((a.published_at or "")[:10] for a in store.iter_articles()) == [
        "2025-12-23",
        "2026-03-07",
        "2026-03-07",
    ]
    stats, store = _crawl(site, tmp_path / "b.db", limit=2)
    assert stats.stored == 2 and store.count("articles") == 2
    only = UrlFilter(include=(re.compile(r"ung-thu"),))
    stats, store = _crawl(site, tmp_path / "d.db", url_filter=only)
    assert [a.title[:8] for a in store.iter_articles()] == ["Đau bụng"]


def test_failures_are_recorded_and_the_crawl_goes_on(site, tmp_path):
    site.routes[site.paths[0]] = status(500)
    site.add(site.paths[1], b"%PDF-1.5 not html", "text/html")
    site.add(site.paths[2], "<html><body><nav>menu</nav></body></html>")
    stats, store = _crawl(site, tmp_path / "c.db")
    assert store.count("articles") == len(ARTICLES) - 3
    rows = dict(
        store.conn.execute(
            "SELECT status, count(*) FROM crawl_urls WHERE kind='article' GROUP BY status"
        ).fetchall()
    )
    assert rows["failed"] == 3 and rows["rejected"] == 1  # 500, pdf, robots; empty page rejected
    reasons = [
        r[0]
        for r in store.conn.execute("SELECT reason FROM crawl_urls WHERE status != 'done' AND kind='article'")
    ]
    assert (
        any("http 500" in r for r in reasons)
        and any("pdf" in r for r in reasons)
        and any("no " in r for r in reasons)
    )


def test_every_response_is_archived_and_reparses(site, tmp_path):
    archive = WarcArchive(tmp_path / "c.warc")
    _crawl(site, tmp_path / "c.db", archive=archive)
    records = list(iter_archive(tmp_path / "c.warc"))
    paths = {"/" + r.url.split("/", 3)[3] for r in records}
    assert set(site.paths) <= paths and "/robots.txt" in paths and "/rss.xml" in paths
    from scrapers.extract import article_from_html

    page = next(r for r in records if r.url.endswith(site.paths[0]))
    assert article_from_html(page.content, page.url).title.startswith("Ông Hồ Đức Phớc")


def test_saved_feed_and_listing_pages_give_article_links():
    feed = (HTML / "vnexpress.net/rss_tin-moi-nhat_2017-08-30.xml").read_bytes()
    found = parse_feed_or_sitemap(feed, "http://vnexpress.net/rss/tin-moi-nhat.rss")
    assert found is not None and found.kind == "feed" and len(found.articles) >= 10
    assert all(d.url.startswith("http") and " " not in d.url for d in found.articles)
    assert all(d.lastmod and d.lastmod.startswith("2017-08-") for d in found.articles)
    for file, url in manifest_urls().items():
        if "/category_" not in file:
            continue
        from scrapers.declarations import declaration_for
        from scrapers.page import host_of

        listing = parse_listing((HTML / file).read_bytes(), url, declaration_for(host_of(url)))
        assert len(listing.articles) >= 5, file
        assert all(host_of(d.url) == host_of(url) for d in listing.articles), file
