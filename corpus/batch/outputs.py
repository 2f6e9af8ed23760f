"""Where finished units go: a SQLite store or a folder of Parquet shards, each with its manifest.

A unit is committed all at once. In a store its rows and its manifest row share one transaction;
in a Parquet folder its files are renamed into place, then its manifest line is appended (a crash
in between makes the rerun rewrite the same file names, so nothing is doubled).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from corpus.batch.parquet import TABLES, parquet_to_store
from corpus.batch.units import Unit
from corpus.batch.worker import UnitReport
from corpus.store import Store, StoreError

MANIFEST = "manifest.jsonl"
META = "batch.json"


class OutputError(RuntimeError):
    """An output that cannot take this run (wrong kind, other chunk size); the message says why."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def manifest_row(unit: Unit, report: UnitReport) -> dict[str, Any]:
    return {
        "key": unit.key,
        "input": unit.path,
        "start": unit.start,
        "end": unit.end,
        "articles": report.articles,
        "skipped": report.skipped,
        "problems": report.problems,
        "done_at": _now(),
    }


class Output(Protocol):
    def done_keys(self) -> set[str]: ...
    def commit(self, unit: Unit, report: UnitReport) -> int: ...
    def close(self) -> None: ...


# -- SQLite ------------------------------------------------------------------------------------------
class SqliteOutput:
    """A corpus store: each unit's part store is merged in one transaction with its manifest row."""

    def __init__(self, path: Path, chunk_size: int) -> None:
        try:
            self.store = Store(path)
        except StoreError as exc:
            raise OutputError(str(exc)) from None
        _check_meta(self.store, chunk_size)

    def done_keys(self) -> set[str]:
        return {r[0] for r in self.store.conn.execute("SELECT key FROM batch_units")}

    def commit(self, unit: Unit, report: UnitReport) -> int:
        """Merge the unit's part; returns the articles that were new to the store."""
        with tempfile.TemporaryDirectory(prefix="vnpress-part-") as tmp:
            part = Path(tmp) / "part.db"
            part.write_bytes(report.payload["store"])
            return merge_part(self.store, part, manifest_row(unit, report))

    def close(self) -> None:
        self.store.close()


def _check_meta(store: Store, chunk_size: int) -> None:
    row = store.conn.execute("SELECT value FROM batch_meta WHERE name = 'chunk_size'").fetchone()
    if row is None:
        with store.transaction() as conn:
            conn.execute("INSERT INTO batch_meta VALUES ('chunk_size', ?)", (str(chunk_size),))
    elif int(row[0]) != chunk_size:
        raise OutputError(
            f"{store.path} was written with --chunk-size {row[0]} bytes; rerun with the same size "
            "(or another --out) so finished units are recognised"
        )


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def merge_part(target: Store, part: Path, unit_row: dict[str, Any] | None = None) -> int:
    """Copy a part store's articles (not already in `target` by hash or URL) with all their rows.

    Runs in one transaction with the unit's manifest row, so the unit is in the store entirely or
    not at all. An id taken in `target` by another text gets its hash appended, as in ingest.
    """
    conn = target.conn
    conn.execute("ATTACH DATABASE ? AS part", (str(part),))
    try:
        with target.transaction():
            conn.execute("DROP TABLE IF EXISTS temp.idmap")
            conn.execute(
                "CREATE TEMP TABLE idmap (old TEXT PRIMARY KEY, new TEXT, old_rowid INTEGER, new_rowid INTEGER)"
            )
            conn.execute(
                """INSERT INTO temp.idmap (old, new, old_rowid)
                   SELECT p.id,
                          CASE WHEN EXISTS (SELECT 1 FROM main.articles m WHERE m.id = p.id)
                               THEN p.id || '-' || substr(p.hash, 1, 8) ELSE p.id END,
                          p.rowid
                   FROM part.articles p
                   WHERE NOT EXISTS (SELECT 1 FROM main.articles m WHERE m.hash = p.hash)
                     AND (p.url IS NULL OR NOT EXISTS (SELECT 1 FROM main.articles m WHERE m.url = p.url))"""
            )
            cols = [c for c in _columns(conn, "main", "articles") if c in _columns(conn, "part", "articles")]
            rest = [c for c in cols if c != "id"]
            conn.execute(
                f"INSERT INTO main.articles (id, {', '.join(map(_q, rest))}) "
                f"SELECT i.new, {', '.join('p.' + _q(c) for c in rest)} "
                "FROM part.articles p JOIN temp.idmap i ON i.old_rowid = p.rowid ORDER BY p.rowid"
            )
            conn.execute(
                "UPDATE temp.idmap SET new_rowid = (SELECT rowid FROM main.articles m WHERE m.id = idmap.new)"
            )
            conn.execute(
                "INSERT INTO main.articles_fts (rowid, title, sapo, body) "
                "SELECT i.new_rowid, f.title, f.sapo, f.body FROM part.articles_fts f "
                "JOIN temp.idmap i ON i.old_rowid = f.rowid"
            )
            for table in TABLES[1:]:
                names = [
                    c
                    for c in _columns(conn, "main", table)
                    if c not in ("id", "article_id") and c in _columns(conn, "part", table)
                ]
                conn.execute(
                    f"INSERT INTO main.{table} (article_id, {', '.join(map(_q, names))}) "
                    f"SELECT i.new, {', '.join('t.' + _q(c) for c in names)} "
                    f"FROM part.{table} t JOIN temp.idmap i ON i.old = t.article_id"
                )
            added = int(conn.execute("SELECT count(*) FROM temp.idmap").fetchone()[0])
            if unit_row is not None:
                conn.execute(
                    'INSERT OR REPLACE INTO batch_units (key, input, start, "end", articles, skipped, problems, done_at) '
                    "VALUES (:key, :input, :start, :end, :articles, :skipped, :problems, :done_at)",
                    {**unit_row, "problems": json.dumps(unit_row["problems"], ensure_ascii=False)},
                )
            conn.execute("DROP TABLE temp.idmap")
    finally:
        conn.execute("DETACH DATABASE part")
    return added


def merge_store_units(target: Store, source: Path) -> int:
    """Merge a whole store written by another run (an array job's shard) with its manifest rows."""
    added = merge_part(target, source)
    conn = target.conn
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    try:
        with target.transaction():
            conn.execute("INSERT OR IGNORE INTO main.batch_units SELECT * FROM src.batch_units")
    finally:
        conn.execute("DETACH DATABASE src")
    return added


def _q(name: str) -> str:
    return f'"{name}"'


# -- Parquet -----------------------------------------------------------------------------------------
def _safe(key: str) -> str:
    return re.sub(r"[^\w.@-]", "_", key)


class ParquetOutput:
    """A folder of Parquet shards, one file per table and unit: OUT/<table>/<unit>.parquet."""

    def __init__(self, folder: Path, chunk_size: int) -> None:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: exists and is not a folder (--format parquet writes a folder)")
        if not folder.parent.exists():
            raise OutputError(f"{folder}: folder {folder.parent} does not exist")
        folder.mkdir(exist_ok=True)
        self.folder = folder
        meta_path = folder / META
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("chunk_size") != chunk_size:
                raise OutputError(
                    f"{folder} was written with --chunk-size {meta.get('chunk_size')} bytes; rerun with "
                    "the same size (or another --out) so finished units are recognised"
                )
        else:
            _write_atomic(meta_path, json.dumps({"format": "parquet", "chunk_size": chunk_size}).encode())
        for stale in folder.glob("*/*.parquet.tmp"):
            stale.unlink()
        _drop_torn_line(folder / MANIFEST)

    def done_keys(self) -> set[str]:
        return {row["key"] for row in read_manifest(self.folder)}

    def commit(self, unit: Unit, report: UnitReport) -> int:
        name = _safe(unit.key) + ".parquet"
        for table, data in report.payload.items():
            (self.folder / table).mkdir(exist_ok=True)
            _write_atomic(self.folder / table / name, data)
        line = json.dumps({**manifest_row(unit, report), "file": name}, ensure_ascii=False) + "\n"
        with open(self.folder / MANIFEST, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        return report.articles

    def close(self) -> None:
        pass


def _drop_torn_line(path: Path) -> None:
    """Cut a last line left without its newline by a crash, so the next line starts clean."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)


def read_manifest(folder: Path) -> Iterator[dict[str, Any]]:
    """Manifest lines of a Parquet output; a line torn by a crash mid-write is ignored."""
    path = folder / MANIFEST
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and "key" in row:
                yield row


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def merge_parquet_units(target: Store, folder: Path) -> tuple[int, int]:
    """Load each finished unit of a Parquet output not yet in `target`; (units merged, articles added)."""
    done = {r[0] for r in target.conn.execute("SELECT key FROM batch_units")}
    units = added = 0
    for row in read_manifest(folder):
        if row["key"] in done:
            continue
        files = {t: folder / t / row["file"] for t in TABLES}
        with tempfile.TemporaryDirectory(prefix="vnpress-merge-") as tmp:
            part = Path(tmp) / "part.db"
            parquet_to_store(files, part)
            added += merge_part(target, part, row)
        done.add(row["key"])
        units += 1
    return units, added


def open_output(path: Path, fmt: str, chunk_size: int) -> SqliteOutput | ParquetOutput:
    if fmt == "parquet":
        return ParquetOutput(path, chunk_size)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; a SQLite output is a file (or use --format parquet)")
    return SqliteOutput(path, chunk_size)
