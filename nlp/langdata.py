"""Loader for language data files: one entry a line, `#` comments, optional tab-separated columns."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_INLINE_COMMENT = re.compile(r"\s#")


@cache
def load_rows(path: Path) -> tuple[tuple[str, ...], ...]:
    """Rows of a data file: blank lines and `#` comments skipped, columns split on tabs."""
    rows: list[tuple[str, ...]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            # A comment is a line starting with "#", or " #" after an entry (so "C#" stays).
            line = "" if line.lstrip().startswith("#") else _INLINE_COMMENT.split(line, 1)[0].rstrip()
            if line.strip():
                rows.append(tuple(col.strip() for col in line.split("\t")))
    return tuple(rows)


def load_words(path: Path) -> tuple[str, ...]:
    """First column of every row: a word list."""
    return tuple(row[0] for row in load_rows(path))


def load_map(path: Path) -> dict[str, str]:
    """Two-column table as a dict (first column → second)."""
    return {row[0]: row[1] if len(row) > 1 else "" for row in load_rows(path)}


def data_path(module_file: str, name: str) -> Path:
    """Path of a data file kept in the `data/` folder beside an extractor module."""
    return Path(module_file).with_name("data") / name
