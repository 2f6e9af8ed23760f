-- Batch processing: the manifest of finished units, the near-duplicate sketch keys, duplicate groups.

-- One row per finished unit of work (an input file or a byte range of it), written in the same
-- transaction as the unit's articles, so a rerun after any crash skips exactly the finished units.
CREATE TABLE batch_units (
    key       TEXT PRIMARY KEY,      -- stable id of the unit: input path, size, byte range
    input     TEXT NOT NULL,         -- the input file or folder
    start     INTEGER NOT NULL,      -- byte range [start, end) of the input (folders: file index range)
    "end"     INTEGER NOT NULL,
    articles  INTEGER NOT NULL,      -- articles written
    skipped   INTEGER NOT NULL,      -- records skipped as unreadable (problems) or filtered
    problems  TEXT NOT NULL DEFAULT '[]',  -- JSON list of one-line messages (capped)
    done_at   TEXT NOT NULL
);

-- Settings a store's units were cut with (chunk size): a rerun must cut the same units.
CREATE TABLE batch_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- MinHash LSH band keys of each article's hashed word shingles: articles sharing a key are
-- near-duplicate candidates, verified by cosine similarity before they are grouped.
CREATE TABLE dup_keys (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    band       INTEGER NOT NULL,
    key        INTEGER NOT NULL,
    PRIMARY KEY (article_id, band)
) WITHOUT ROWID;
CREATE INDEX dup_keys_bucket ON dup_keys(band, key);

-- Near-duplicate groups (the same story republished): one row per member of a group of two or
-- more; group_id is the id of the group's canonical article (the original: earliest published).
CREATE TABLE duplicates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL,
    canonical  INTEGER NOT NULL,     -- 1 for the one canonical article of the group
    similarity REAL NOT NULL         -- cosine similarity of its shingles to the canonical article's
);
CREATE INDEX duplicates_group ON duplicates(group_id);
