"""The embedded SQLite store: schema migrations, idempotent ingest, mentions with provenance."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from corpus.folding import fold, fts_query
from nlp.records import Article, DateMention, DocumentRef, Figure, Mention, mention_from_dict
from nlp.text.sentences import Sentence

DEFAULT_DB = "vnpress.db"
MIGRATIONS = Path(__file__).with_name("migrations")

# Article fields with their own column; the rest go to the JSON `extra` column.
_ARTICLE_COLUMNS = (
    "id", "hash", "url", "site", "title", "sapo", "body", "captions", "published_at", "modified_at",
    "author", "category", "tags", "source", "fetched_at",
)  # fmt: skip
_MENTION_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "figure": ("figures", tuple(f.name for f in fields(Figure) if f.name not in ("start", "end", "text"))),
    "date": ("dates", tuple(f.name for f in fields(DateMention) if f.name not in ("start", "end", "text"))),
    "document": (
        "documents",
        tuple(f.name for f in fields(DocumentRef) if f.name not in ("start", "end", "text")),
    ),
}


class StoreError(RuntimeError):
    """A store that cannot be opened or written; the message says which and why."""


def default_db_path() -> Path:
    """`$VNPRESS_DB`, else `vnpress.db` in the working directory."""
    return Path(os.environ.get("VNPRESS_DB") or DEFAULT_DB)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Processed:
    """What extraction gave for one article: its sentences and mentions (offsets into Article.text)."""

    article_id: str
    sentences: Sequence[Sentence]
    mentions: Sequence[tuple[int, Mention]]  # (sentence index, mention)


class Store:
    """A vnpress corpus in one SQLite file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable vnpress store ({exc})") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write: committed on success, rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.conn.execute("SELECT name FROM schema_migrations")}
        for path in sorted(MIGRATIONS.glob("*.sql")):
            if path.name in done:
                continue
            with self.transaction() as conn:
                # executescript would commit on its own; run statements one by one inside ours.
                for statement in _split_sql(path.read_text(encoding="utf-8")):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (path.name, _now()))

    def applied_migrations(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM schema_migrations ORDER BY name")]

    # -- articles -----------------------------------------------------------------------------
    def _free_id(self, article: Article) -> str:
        row = self.conn.execute("SELECT hash FROM articles WHERE id = ?", (article.id,)).fetchone()
        return article.id if row is None or row[0] == article.hash else f"{article.id}-{article.hash[:8]}"

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles in one transaction; an article already stored (same hash or URL) is skipped.

        Returns how many were new. An id taken by different content gets the hash appended.
        """
        added = 0
        with self.transaction() as conn:
            for article in articles:
                if conn.execute(
                    "SELECT 1 FROM articles WHERE hash = ? OR (url IS NOT NULL AND url = ?)",
                    (article.hash, article.url),
                ).fetchone():
                    continue
                data = article.to_dict()
                data["id"] = self._free_id(article)
                extra = {k: v for k, v in data.items() if k not in _ARTICLE_COLUMNS}
                values = [
                    json.dumps(data[c], ensure_ascii=False) if c in ("captions", "tags") else data[c]
                    for c in _ARTICLE_COLUMNS
                ]
                cur = conn.execute(
                    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, extra, ingested_at) "
                    f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}, ?, ?)",
                    (*values, json.dumps(extra, ensure_ascii=False, default=_json_default), _now()),
                )
                conn.execute(
                    "INSERT INTO articles_fts (rowid, title, sapo, body) VALUES (?, ?, ?, ?)",
                    (cur.lastrowid, fold(article.title), fold(article.sapo), fold(article.body)),
                )
                added += 1
        return added

    def update_article(self, article: Article) -> str:
        """Replace the stored article with the same URL by this newer reading of its page.

        Returns "updated" (its text or fields changed: the old mentions are dropped and the
        article is left for `process`), "unchanged", "absent" (no article with this URL) or
        "conflict" (its new text is another stored article's).
        """
        if article.url is None:
            return "absent"
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT rowid, id, hash FROM articles WHERE url = ?", (article.url,)
            ).fetchone()
            if row is None:
                return "absent"
            rowid, article_id = row["rowid"], row["id"]
            if conn.execute(
                "SELECT 1 FROM articles WHERE hash = ? AND rowid != ?", (article.hash, rowid)
            ).fetchone():
                return "conflict"
            data = article.to_dict()
            extra = {k: v for k, v in data.items() if k not in _ARTICLE_COLUMNS}
            columns = [c for c in _ARTICLE_COLUMNS if c != "id"]
            values = [
                json.dumps(data[c], ensure_ascii=False) if c in ("captions", "tags") else data[c]
                for c in columns
            ]
            extra_json = json.dumps(extra, ensure_ascii=False, default=_json_default)
            stored = conn.execute(
                f"SELECT {', '.join(columns)}, extra FROM articles WHERE rowid = ?", (rowid,)
            ).fetchone()
            if list(stored) == [*values, extra_json]:
                return "unchanged"
            conn.execute(
                f"UPDATE articles SET {', '.join(f'{c} = ?' for c in columns)}, extra = ?, processed_at = NULL "
                "WHERE rowid = ?",
                (*values, extra_json, rowid),
            )
            conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, sapo, body) VALUES (?, ?, ?, ?)",
                (rowid, fold(article.title), fold(article.sapo), fold(article.body)),
            )
            # Its mentions and sketches were read from the old text; offsets would point elsewhere.
            for table in ("sentences", "figures", "dates", "documents", "dup_keys"):
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        return "updated"

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def iter_articles(self, unprocessed_only: bool = False, batch: int = 200) -> Iterator[Article]:
        """Articles in rowid order, read in pages so a large store never sits in memory at once."""
        last = 0
        where = "AND processed_at IS NULL" if unprocessed_only else ""
        while True:
            rows = self.conn.execute(
                f"SELECT rowid, * FROM articles WHERE rowid > ? {where} ORDER BY rowid LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1]["rowid"]

    def count(self, table: str) -> int:
        if table not in ("articles", "sentences", "figures", "dates", "documents"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def count_unprocessed(self) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM articles WHERE processed_at IS NULL").fetchone()[0]
        )

    # -- mentions -----------------------------------------------------------------------------
    def save_processed(self, results: Iterable[Processed]) -> None:
        """Store extraction results in one transaction, replacing any earlier rows of those articles."""
        with self.transaction() as conn:
            for res in results:
                for table in ("sentences", "figures", "dates", "documents"):
                    conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (res.article_id,))
                conn.executemany(
                    'INSERT INTO sentences (article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                    [(res.article_id, i, s.start, s.end) for i, s in enumerate(res.sentences)],
                )
                for sentence_idx, m in res.mentions:
                    table, cols = _MENTION_TABLES[m.kind]
                    names = ("article_id", "sentence", "start", '"end"', "text", *cols)
                    values = (
                        res.article_id,
                        sentence_idx,
                        m.start,
                        m.end,
                        m.text,
                        *(getattr(m, c) for c in cols),
                    )
                    conn.execute(
                        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                        values,
                    )
                conn.execute("UPDATE articles SET processed_at = ? WHERE id = ?", (_now(), res.article_id))

    def reset_processed(self) -> None:
        """Mark every article as not processed (after the extractor changed), keeping the articles."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET processed_at = NULL")

    def search_ids(self, query: str) -> list[str]:
        """Ids of articles whose folded title, lead or body match every word of `query`, best first."""
        sql, params = self.search_subquery(query)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY f.rank", params)] if params else []

    @staticmethod
    def search_subquery(query: str) -> tuple[str, tuple[str, ...]]:
        """SQL selecting the ids of matching articles, to nest in a larger query (no id list in memory)."""
        q = fts_query(query)
        sql = (
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ?"
        )
        return sql, ((q,) if q else ())

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params))


def _json_default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in an article")


def _row_to_article(row: sqlite3.Row) -> Article:
    data = {c: row[c] for c in _ARTICLE_COLUMNS}
    data["captions"] = tuple(json.loads(row["captions"]))
    data["tags"] = tuple(json.loads(row["tags"]))
    names = {f.name for f in fields(Article)}
    for key, value in json.loads(row["extra"] or "{}").items():
        if key in names:
            data[key] = _freeze(value)
    return _rebuild_article(data)


def _freeze(value: Any) -> Any:
    """JSON lists back into the tuples frozen records hold (nested: pairs of an Article's `extra`)."""
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


def _rebuild_article(data: dict[str, Any]) -> Article:
    # Nested records (e.g. a DocumentRef stored as a dict) are rebuilt where Article declares them.
    for key, value in list(data.items()):
        if isinstance(value, dict) and value.get("kind") in ("figure", "date", "document"):
            data[key] = mention_from_dict(value)
    return Article(**data)


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (no semicolons inside string literals in our migrations)."""
    lines = [re.sub(r"\s*--.*$", "", line) for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
