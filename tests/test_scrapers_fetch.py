"""The fetch module against a local server: politeness, limits and every bad-input case of issue 6."""

from __future__ import annotations

import socket
import time

import pytest

from scrapers.fetch import FetchConfig, Fetcher, FetchError
from scrapers.testsite import (
    NonLoopbackConnection,
    Page,
    SiteServer,
    huge,
    redirect,
    reset_connection,
    sequence,
    serve,
    stall,
    status,
    truncated,
)

pytestmark = pytest.mark.usefixtures("no_internet")

PAGE = "<html><head><title>Tin</title></head><body><h1>Tin</h1><p>Nội dung.</p></body></html>"


@pytest.fixture
def site():
    with SiteServer() as server:
        server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        yield server


def fetcher(**kw) -> Fetcher:
    cfg = {"delay": 0.0, "timeout": 1.0, "retries": 2, "backoff": 0.01, "max_retry_after": 5.0, **kw}
    return Fetcher(FetchConfig(**cfg))


def test_the_guard_refuses_non_loopback_connections():
    with pytest.raises(NonLoopbackConnection):
        socket.create_connection(("203.0.113.5", 80), timeout=0.5)


def test_ok_page_with_honest_user_agent_and_contact(site):
    url = site.add("/a.html", PAGE)
    with fetcher(contact="ops@example.org") as f:
        resp = f.get(url)
    assert resp.status == 200 and "Nội dung" in resp.text
    agent = site.hits_of("/a.html")[0].headers["user-agent"]
    assert agent.startswith("vnpress/") and "ops@example.org" in agent


def test_robots_disallow_is_honoured_without_requesting_the_page(site):
    url = site.add("/private/x.html", PAGE)
    with fetcher() as f, pytest.raises(FetchError, match="robots.txt"):
        f.get(url)
    assert site.hits_of("/private/x.html") == []


def test_per_host_delay_and_robots_crawl_delay(site):
    urls = [site.add(f"/p{i}.html", PAGE) for i in range(3)]
    with fetcher(delay=0.3) as f:
        for u in urls:
            f.get(u)
    times = [h.at for h in site.hits if h.path.startswith("/p")]
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:], strict=False))
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", "text/plain")
    with fetcher(delay=0.0) as f:
        f.get(urls[0])
        f.get(urls[1])
    last = [h.at for h in site.hits if h.path.startswith("/p")][-2:]
    assert last[1] - last[0] >= 0.98


@pytest.mark.parametrize("code", [404, 410])
def test_client_errors_fail_at_once(site, code):
    site.routes["/gone"] = status(code)
    with fetcher() as f, pytest.raises(FetchError, match=f"http {code}") as err:
        f.get(site.url("/gone"))
    assert err.value.status == code and len(site.hits_of("/gone")) == 1


def test_server_errors_are_retried_then_reported(site):
    site.routes["/err"] = status(500)
    with fetcher() as f, pytest.raises(FetchError, match="http 500 after 3 attempts"):
        f.get(site.url("/err"))
    assert len(site.hits_of("/err")) == 3


def test_429_waits_as_retry_after_says(site):
    site.routes["/busy"] = sequence(status(429, {"Retry-After": "1"}), serve(Page(PAGE.encode())))
    slept: list[float] = []
    f = Fetcher(FetchConfig(delay=0.0, timeout=1.0, backoff=0.01), sleep=lambda s: slept.append(s))
    assert f.get(site.url("/busy")).status == 200
    assert 1.0 in slept
    site.routes["/busy2"] = status(429, {"Retry-After": "3600"})
    with pytest.raises(FetchError, match="Retry-After 3600s too long"):
        f.get(site.url("/busy2"))
    f.close()


def test_redirects_are_followed_within_limits(site):
    site.add("/new.html", PAGE)
    site.routes["/old.html"] = redirect("/new.html", 301)
    site.routes["/loop1"] = redirect("/loop2")
    site.routes["/loop2"] = redirect("/loop1")
    for i in range(8):
        site.routes[f"/r{i}"] = redirect(f"/r{i + 1}")
    with fetcher(max_redirects=5) as f:
        resp = f.get(site.url("/old.html"))
        assert resp.final_url.endswith("/new.html")
        with pytest.raises(FetchError, match="redirect loop"):
            f.get(site.url("/loop1"))
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(site.url("/r0"))


def test_connection_reset_timeout_and_truncation_are_reasons_not_crashes(site):
    site.routes["/reset"] = reset_connection
    site.routes["/slow"] = stall(2.0)
    site.routes["/cut"] = truncated(PAGE.encode())
    with fetcher(timeout=0.5, retries=1) as f:
        with pytest.raises(FetchError, match="connection") as e1:
            f.get(site.url("/reset"))
        with pytest.raises(FetchError, match="timeout"):
            f.get(site.url("/slow"))
        with pytest.raises(FetchError, match="truncated"):
            f.get(site.url("/cut"))
    assert e1.value.status is None


def test_a_50_mb_response_is_refused(site):
    site.routes["/big-declared"] = huge(50 * 1024 * 1024)
    site.routes["/big-streamed"] = huge(50 * 1024 * 1024, declare_length=False)
    start = time.monotonic()
    with fetcher(max_bytes=2 * 1024 * 1024) as f:
        with pytest.raises(FetchError, match="too large"):
            f.get(site.url("/big-declared"))
        with pytest.raises(FetchError, match="too large"):
            f.get(site.url("/big-streamed"))
    assert time.monotonic() - start < 10


def test_pdf_or_image_where_html_was_expected(site):
    site.add("/doc.pdf", b"%PDF-1.7 ...", "application/pdf")
    site.add("/liar.html", b"%PDF-1.4 binary", "text/html")
    site.add("/pic", b"\x89PNG\r\n\x1a\n....", "image/png")
    with fetcher() as f:
        for path, what in (("/doc.pdf", "pdf"), ("/liar.html", "pdf"), ("/pic", "png")):
            with pytest.raises(FetchError, match=f"not a page.*{what}"):
                f.get(site.url(path))


def test_conditional_get_returns_not_modified(site):
    url = site.add("/c.html", PAGE)
    with fetcher() as f:
        first = f.get(url)
        again = f.get(url, etag=first.etag)
    assert first.etag and again.not_modified and again.status == 304
    assert site.hits_of("/c.html")[-1].headers["if-none-match"] == first.etag


def test_wrong_declared_charset_decodes_as_utf8(site):
    url = site.add(
        "/cs.html", "<html><body><h1>Giá vàng tăng mạnh</h1></body></html>", "text/html; charset=iso-8859-1"
    )
    with fetcher() as f:
        assert "Giá vàng tăng mạnh" in f.get(url).text


def test_unreachable_robots_means_no_fetch():
    with SiteServer() as server:
        server.routes["/robots.txt"] = status(503)
        url = server.add("/a.html", PAGE)
        with fetcher(retries=0) as f, pytest.raises(FetchError, match="robots"):
            f.get(url)
