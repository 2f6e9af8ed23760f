-- Articles, their sentences, one table per mention kind (SPEC §2) with provenance, and FTS5 search.
CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,          -- content hash (url, title, sapo, body): ingest dedup key
    url          TEXT,
    site         TEXT,
    title        TEXT NOT NULL DEFAULT '',
    sapo         TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    captions     TEXT NOT NULL DEFAULT '[]',    -- JSON list
    published_at TEXT,
    modified_at  TEXT,
    author       TEXT,
    category     TEXT,
    tags         TEXT NOT NULL DEFAULT '[]',    -- JSON list
    source       TEXT,                          -- attribution ("Nguồn: …")
    fetched_at   TEXT,
    extra        TEXT NOT NULL DEFAULT '{}',    -- JSON: Article fields added later
    ingested_at  TEXT NOT NULL,
    processed_at TEXT                           -- set in the transaction that stores its mentions
);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_unprocessed ON articles(processed_at) WHERE processed_at IS NULL;

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE figures (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       REAL,
    value_max   REAL,
    qualifier   TEXT,
    quantity    TEXT,
    unit        TEXT,
    subject     TEXT,
    change      TEXT,
    compared_to TEXT,
    per         TEXT,
    rule        TEXT,
    UNIQUE (article_id, start, "end")
);
CREATE INDEX figures_unit ON figures(unit);

CREATE TABLE dates (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT,
    value      TEXT,
    mod        TEXT,
    rule       TEXT,
    UNIQUE (article_id, start, "end")
);

CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    doc_type   TEXT,
    number     TEXT,
    year       INTEGER,
    code       TEXT,
    issuer     TEXT,
    title      TEXT,
    issued_on  TEXT,
    part       TEXT,
    rule       TEXT,
    UNIQUE (article_id, start, "end")
);
CREATE INDEX documents_code ON documents(code, number);

-- Folded copies (NFC, đ→d) of the searchable text; rowid = articles.rowid.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, sapo, body, tokenize = 'unicode61 remove_diacritics 2');
