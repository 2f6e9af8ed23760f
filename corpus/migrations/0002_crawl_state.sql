-- Crawl state (scrapers.crawler.CrawlState): the frontier and memory of incremental crawls.
-- One row per URL ever discovered; a rerun fetches only pending rows, and conditional GETs use
-- the validators (ETag / Last-Modified) kept here.
CREATE TABLE crawl_urls (
    url           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,                   -- 'article' or 'index' (feed, sitemap, listing page)
    status        TEXT NOT NULL DEFAULT 'pending', -- pending, done, failed, rejected, filtered, not-modified
    reason        TEXT,                            -- why it failed / was rejected or filtered
    http_status   INTEGER,
    etag          TEXT,
    last_modified TEXT,
    lastmod       TEXT,                            -- the date the feed or sitemap gave
    found_on      TEXT,                            -- the feed/sitemap/listing it was discovered on
    article_id    TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    discovered_at TEXT NOT NULL,
    fetched_at    TEXT
);
CREATE INDEX crawl_urls_pending ON crawl_urls(kind, discovered_at) WHERE status = 'pending';
