"""Parquet shards: a part store's tables as Parquet files, and Parquet shards back into a store."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

from corpus.folding import fold

# The tables a batch output holds (the corpus schema), in the order they are written.
TABLES = ("articles", "sentences", "figures", "dates", "documents", "dup_keys")
_ROWS_PER_BATCH = 500


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("--format parquet needs pyarrow: pip install 'vnpress[parquet]'") from None
    return pa, pq


def _schema(conn: sqlite3.Connection, table: str) -> Any:
    pa, _ = _pyarrow()
    types = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    cols = conn.execute(f"PRAGMA table_info({table})").fetchall()
    return pa.schema([(c[1], types.get(str(c[2]).upper(), pa.string())) for c in cols])


def store_to_parquet(db: Path, folder: Path) -> dict[str, bytes]:
    """Each table of the store at `db` as the bytes of one Parquet file (same columns as SQLite)."""
    pa, pq = _pyarrow()
    out: dict[str, bytes] = {}
    conn = sqlite3.connect(db)
    try:
        for table in TABLES:
            schema = _schema(conn, table)
            buf = io.BytesIO()
            with pq.ParquetWriter(buf, schema, compression="zstd") as writer:
                cur = conn.execute(f"SELECT {', '.join(_q(n) for n in schema.names)} FROM {table}")
                while rows := cur.fetchmany(_ROWS_PER_BATCH):
                    columns = list(zip(*rows, strict=True))
                    writer.write_batch(pa.record_batch(columns, schema=schema))
            out[table] = buf.getvalue()
    finally:
        conn.close()
    return out


def parquet_to_store(files: dict[str, Path], db: Path) -> None:
    """Load one unit's Parquet files into the (fresh, migrated) store at `db`, FTS rows included."""
    _, pq = _pyarrow()
    from corpus.store import Store

    with Store(db) as store, store.transaction() as conn:
        for table in TABLES:
            path = files.get(table)
            if path is None or not path.exists():
                continue
            pf = pq.ParquetFile(path)
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            names = [n for n in pf.schema_arrow.names if n in have]
            sql = f"INSERT INTO {table} ({', '.join(_q(n) for n in names)}) VALUES ({', '.join('?' * len(names))})"
            for batch in pf.iter_batches(batch_size=_ROWS_PER_BATCH, columns=names):
                rows = list(zip(*(batch.column(n).to_pylist() for n in names), strict=True))
                conn.executemany(sql, rows)
        cur = conn.execute("SELECT rowid, title, sapo, body FROM articles")
        while rows := cur.fetchmany(_ROWS_PER_BATCH):
            conn.executemany(
                "INSERT INTO articles_fts (rowid, title, sapo, body) VALUES (?, ?, ?, ?)",
                [(r[0], fold(r[1]), fold(r[2]), fold(r[3])) for r in rows],
            )


def _q(name: str) -> str:
    return f'"{name}"'
