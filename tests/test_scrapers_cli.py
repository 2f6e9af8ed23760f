"""`vnpress scrape / fetch / parse / reparse / sites / ingest` end to end against a local server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SEED, SHARED_HTML, needs_shared_html, serve_saved_pages

from cli import main
from corpus.folding import fold
from scrapers.testsite import SiteServer

HTML = SHARED_HTML
pytestmark = [needs_shared_html, pytest.mark.usefixtures("no_internet")]

PAGES = [
    "vnexpress.net/article_4672302_thue-giam-tru-gia-canh.html",
    "vnexpress.net/article_4954454_ung-thu-lymphoma.html",
    "baolaocai.vn/article_post404649.html",
    "baocantho.com.vn/article_a196670.html",
    "cafef.vn/article_18826030622484142.html",
    "baodautu.vn/article_538952.html",
]


@pytest.fixture
def site():
    with SiteServer() as server:
        paths = serve_saved_pages(server, PAGES)
        feed = "".join(f"<item><link>{server.base_url}{p}</link></item>" for p in paths[:3])
        server.add("/feed.rss", f"<rss version='2.0'><channel>{feed}</channel></rss>", "application/rss+xml")
        locs = "".join(f"<url><loc>{server.base_url}{p}</loc></url>" for p in paths[2:])
        server.add(
            "/sitemap.xml",
            f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</urlset>",
            "text/xml",
        )
        server.add(
            "/robots.txt",
            f"User-agent: *\nDisallow: /admin/\nSitemap: {server.base_url}/sitemap.xml\n",
            "text/plain",
        )
        server.add("/", "<html><body><p>home</p></body></html>")
        server.paths = paths
        yield server


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def _urls(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT url FROM articles")]


def test_scrape_site_through_feed_and_sitemap_then_nothing_new(site, tmp_path):
    db = tmp_path / "s.db"
    r1 = run("scrape", site.base_url + "/", site.url("/feed.rss"), "--db", str(db), "--delay", "0.1")
    assert r1.exit_code == 0, r1.output
    assert r1.stdout.startswith(f"{len(PAGES)} new article(s) stored")
    assert all(len(site.hits_of(p)) == 1 for p in site.paths)
    n = len(site.hits)
    r2 = run("scrape", site.base_url + "/", site.url("/feed.rss"), "--db", str(db), "--delay", "0.1")
    assert r2.stdout.startswith("0 new article(s) stored, 0 page(s) fetched")
    assert not any(h.path in site.paths for h in site.hits[n:])
    assert sorted(_urls(db)) == sorted(site.url(p) for p in site.paths)
    assert (tmp_path / "s.warc").is_dir()


def test_killed_scrape_resumes_and_completes_without_duplicates(site, tmp_path):
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [
        sys.executable,
        "-m",
        "cli",
        "scrape",
        site.url("/feed.rss"),
        site.url("/sitemap.xml"),
        "--db",
        str(db),
        "--delay",
        "0.4",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        try:
            stored = len(_urls(db))
        except sqlite3.Error:
            continue
        if stored >= 2:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 2 <= stored < len(PAGES)
    r = run("scrape", site.url("/feed.rss"), site.url("/sitemap.xml"), "--db", str(db), "--delay", "0.05")
    assert r.exit_code == 0, r.output
    urls = _urls(db)
    assert len(urls) == len(set(urls)) == len(PAGES)
    for p in site.paths:
        assert len(site.hits_of(p)) <= 2


def test_fetch_reports_bad_urls_and_stores_good_ones(site, tmp_path):
    db = tmp_path / "f.db"
    r = run(
        "fetch",
        site.url(site.paths[0]),
        site.url("/admin/x.html"),
        site.url("/missing.html"),
        "--db",
        str(db),
        "--delay",
        "0",
    )
    assert r.exit_code == 1
    assert r.stdout.startswith("1 new article(s) stored, 2 failed")
    assert "disallowed by robots.txt" in r.stderr and "http 404" in r.stderr


def test_reparse_rebuilds_articles_from_the_archive_without_fetching(site, tmp_path):
    db = tmp_path / "a.db"
    run("scrape", site.url("/feed.rss"), "--db", str(db), "--delay", "0")
    fresh = tmp_path / "b.db"
    shutil.copytree(tmp_path / "a.warc", tmp_path / "b.warc")
    n = len(site.hits)
    r = run("reparse", "--db", str(fresh))
    assert r.exit_code == 0, r.output
    assert "3 new article(s) stored" in r.output
    assert len(site.hits) == n
    assert sorted(_urls(fresh)) == sorted(_urls(db))


def test_parse_prints_the_article_fields(tmp_path):
    page = HTML / "nld.com.vn/article_196260307071308923.html"
    r = run("parse", str(page), "--url", "https://nld.com.vn/x-196260307071308923.htm")
    data = json.loads(r.stdout)
    assert data["site"] == "nld.com.vn" and data["published_at"] == "2026-03-07T08:06:00+07:00"
    assert data["title"].startswith("Những sai sót hộ kinh doanh") and len(data["captions"]) == 2
    for key in ("url", "sapo", "modified_at", "author", "category", "tags", "body", "source"):
        assert key in data
    bad = tmp_path / "empty.html"
    bad.write_text("<html><body><nav>menu</nav></body></html>", encoding="utf-8")
    r = run("parse", str(bad))
    assert r.exit_code == 1 and "no " in r.output


def test_sites_lists_every_declaration():
    r = run("sites")
    assert "vccorp" in r.output and "tuoitre.vn" in r.output and "vbpl.vn" in r.output


def test_ingest_seed_text_keeps_captions_apart_and_the_attribution(tmp_path):
    db = tmp_path / "i.db"
    r = run("ingest", str(SEED), "--db", str(db))
    assert r.exit_code == 0, r.output
    with sqlite3.connect(db) as conn:
        title, sapo, body, captions, source, published, category = conn.execute(
            "SELECT title, sapo, body, captions, source, published_at, category FROM articles"
        ).fetchone()
    assert title.startswith("Hội nghị chuyên đề") and sapo.startswith("Sáng 19/10")
    assert category == "Hoạt động Đảng ủy Khối các cơ quan tỉnh Lạng Sơn"
    assert published == "2023-10-20T10:00:00+07:00"
    assert json.loads(captions) == [
        "Lãnh đạo Đảng bộ Khối các cơ quan tỉnh điều hành thảo luận",
        "Lãnh đạo Ban Tuyên giáo Tỉnh ủy chia sẻ kinh nghiệm lãnh đạo, chỉ đạo nâng cao chất lượng, hiệu quả công tác tuyên truyền miệng, hoạt động báo cáo viên, tuyên truyền viên",
        "Các đại biểu tham dự hội nghị",
    ]
    assert source.startswith("https://baolangson.vn/chinh-tri/618361-")
    assert "Tin liên quan" not in body and "Nguồn" not in body and "điều hành thảo luận" not in body
    assert body.count("\n") == 4


def test_ingest_saved_html_uses_the_site_declaration(tmp_path):
    db = tmp_path / "h.db"
    page = HTML / "baolaocai.vn/article_post404649.html"
    r = run(
        "ingest",
        str(page),
        "--url",
        "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di-post404649.html",
        "--db",
        str(db),
    )
    assert r.exit_code == 0, r.output
    with sqlite3.connect(db) as conn:
        title, author, published = conn.execute("SELECT title, author, published_at FROM articles").fetchone()
    assert (title, author, published) == (
        "Sống đẹp từ những điều giản dị",
        "Anh Dũng",
        "2025-06-17T13:43:02+07:00",
    )


def test_reparse_update_replaces_a_stored_article_that_now_reads_differently(site, tmp_path):
    """After a declaration is fixed, `reparse --update` rewrites the stored article from its
    archived page: its text changes, its mentions go until `process` runs again."""
    db = tmp_path / "a.db"
    run("scrape", site.url("/feed.rss"), "--db", str(db), "--delay", "0")
    assert run("process", "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        article_id, body, url = conn.execute(
            "SELECT id, body, url FROM articles ORDER BY rowid LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE articles SET body = 'Thân bài cũ, đọc sai.' WHERE id = ?", (article_id,))
    plain = run("reparse", "--db", str(db))
    assert "0 new article(s) stored, 0 without" in plain.output  # without --update: left alone
    r = run("reparse", "--db", str(db), "--update")
    assert r.exit_code == 0, r.output
    assert "1 updated" in r.output and "2 unchanged" in r.output
    with sqlite3.connect(db) as conn:
        stored_body, processed = conn.execute(
            "SELECT body, processed_at FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        mentions = conn.execute(
            "SELECT count(*) FROM sentences WHERE article_id = ?", (article_id,)
        ).fetchone()[0]
        (indexed,) = conn.execute(
            "SELECT f.body FROM articles_fts f JOIN articles a ON a.rowid = f.rowid WHERE a.id = ?",
            (article_id,),
        ).fetchone()
    assert stored_body == body and processed is None and mentions == 0
    assert url is not None and indexed == fold(body)  # the search index reads the new text
    again = run("reparse", "--db", str(db), "--update")
    assert "0 updated" in again.output and "3 unchanged" in again.output
    assert run("process", "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE processed_at IS NULL").fetchone()[0] == 0
