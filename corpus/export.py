"""Exports of stored records: JSONL (one mention a line, every kind) and CSV (one file a kind)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from corpus.queries import KIND_TABLES, MentionFilter, list_mentions
from corpus.store import Store


def iter_records(store: Store, kinds: Iterable[str], flt: MentionFilter) -> Iterable[dict[str, Any]]:
    for kind in kinds:
        yield from list_mentions(store, kind, flt)


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: list[dict[str, Any]], out: IO[str]) -> int:
    if not rows:
        return 0
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def export_csv_folder(store: Store, folder: Path, flt: MentionFilter) -> dict[str, int]:
    """figures.csv, dates.csv, documents.csv in `folder`, each written whole to a temp file then renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for kind, table in KIND_TABLES.items():
        rows = list_mentions(store, kind, flt)
        tmp = folder / f".{table}.csv.tmp"
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            counts[kind] = write_csv(rows, fh)
        tmp.replace(folder / f"{table}.csv")
    return counts
