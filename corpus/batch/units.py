"""Units of work: an input file, a fixed-size byte range of it, or a group of small files."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# Kinds of input, by file name.
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".pdf", ".docx", ".doc")
DEFAULT_CHUNK = 1024 * 1024  # ≈300 news articles or ≈20 gzipped pages: seconds to a minute of work


class PlanError(ValueError):
    """An input that cannot be planned (missing, unknown kind); the message names it."""


@dataclass(frozen=True)
class Unit:
    """One unit of work, processed and written all at once.

    kind "jsonl"/"warc": records *starting* in the byte range [start, end) of `path`, so ranges cut
    anywhere still give every record to exactly one unit. kind "gzjsonl": a whole gzipped JSONL
    (a gzip stream cannot be entered mid-way). kind "files": the page files `files`, which are the
    files number start..end-1 of the folder `path` in sorted order.
    """

    kind: str
    path: str
    start: int
    end: int
    size: int  # bytes of input, for the progress bar
    files: tuple[str, ...] = ()

    @cached_property
    def key(self) -> str:
        """A stable identity: the same input cut the same way gives the same key in every run."""
        if self.kind == "files":
            ident = "\n".join(f"{f}\t{_stat_sig(f)}" for f in self.files)
        else:
            ident = _stat_sig(self.path)
        digest = hashlib.sha1(
            f"{self.kind}\n{self.path}\n{self.start}\n{self.end}\n{ident}".encode()
        ).hexdigest()
        return f"{Path(self.path).name}@{self.start}-{self.end}:{digest[:12]}"


def _stat_sig(path: str) -> str:
    try:
        return str(os.stat(path).st_size)
    except OSError:
        return "missing"


def input_kind(path: Path) -> str | None:
    """ "warc", "jsonl", "gzjsonl", "page" (one .html/.txt file) or None (not an input we read)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(tuple(s + ".gz" for s in JSONL_SUFFIXES)):
        return "gzjsonl"
    if name.endswith(PAGE_SUFFIXES):
        return "page"
    return None


def plan_units(inputs: Sequence[str | Path], chunk_size: int = DEFAULT_CHUNK) -> Iterator[Unit]:
    """Units of the inputs, in a deterministic order (folders are walked sorted).

    Large WARC and JSONL files are cut into byte ranges of `chunk_size`; page files in a folder are
    grouped until a group holds `chunk_size` bytes. Raises PlanError for a missing or unknown input.
    """
    if chunk_size < 1:
        raise PlanError("chunk size must be positive")
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _folder_units(path, chunk_size)
        elif path.is_file():
            kind = input_kind(path)
            if kind is None:
                raise PlanError(
                    f"{path}: not an input batch reads (.warc[.gz], .jsonl[.gz], .html, .txt, .pdf, .docx, .doc or a folder)"
                )
            yield from _file_units(path.resolve(), kind, chunk_size)
        else:
            raise PlanError(f"{path}: no such file or folder")


def _file_units(path: Path, kind: str, chunk_size: int) -> Iterator[Unit]:
    size = path.stat().st_size
    if path.name.lower().endswith((".arc", ".arc.gz")):
        # Old ARC records have no marker to find a record boundary by: read the file as one unit.
        yield Unit("warc", str(path), 0, size, size)
    elif kind in ("warc", "jsonl"):
        for start in range(0, max(size, 1), chunk_size):
            end = min(start + chunk_size, size)
            yield Unit(kind, str(path), start, end, end - start)
    elif kind == "gzjsonl":
        yield Unit(kind, str(path), 0, size, size)
    else:
        yield Unit("files", str(path.parent), 0, 1, size, (str(path),))


def _folder_units(folder: Path, chunk_size: int) -> Iterator[Unit]:
    pages: list[Path] = []
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        kind = input_kind(f)
        if kind == "page":
            pages.append(f)
        elif kind is not None:
            yield from _file_units(f.resolve(), kind, chunk_size)
    group: list[str] = []
    group_bytes = first = 0
    root = str(folder.resolve())
    for i, f in enumerate(pages):
        if not group:
            first = i
        group.append(str(f.resolve()))
        group_bytes += f.stat().st_size
        if group_bytes >= chunk_size:
            yield Unit("files", root, first, i + 1, group_bytes, tuple(group))
            group, group_bytes = [], 0
    if group:
        yield Unit("files", root, first, len(pages), group_bytes, tuple(group))


def parse_shard(value: str) -> tuple[int, int]:
    """ "i/N" (0 <= i < N) as (i, N); ValueError with a readable message otherwise."""
    try:
        i_text, n_text = value.split("/")
        i, n = int(i_text), int(n_text)
    except ValueError:
        raise ValueError(f"shard {value!r} is not i/N (e.g. 0/4)") from None
    if n < 1 or not 0 <= i < n:
        raise ValueError(f"shard {value!r}: need 0 <= i < N")
    return i, n


def select_shard(units: Iterator[Unit], shard: tuple[int, int] | None) -> Iterator[Unit]:
    """Every N-th unit from the i-th: array jobs with the same inputs split the work with no overlap."""
    for n, unit in enumerate(units):
        if shard is None or n % shard[1] == shard[0]:
            yield unit


def parse_size(value: str) -> int:
    """ "4M", "512K", "1G" or a byte count."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    try:
        number = float(text[:-1] if scale > 1 else text)
    except ValueError:
        raise ValueError(f"size {value!r} is not a byte count like 4M or 512K") from None
    if number <= 0:
        raise ValueError(f"size {value!r} must be positive")
    return int(number * scale)
