"""Near-duplicate grouping of republished articles: hashed word shingles, MinHash LSH, cosine check.

Workers sketch each article (MinHash band keys of its CRC-32-hashed shingles: numpy only, so a
worker starts without importing scikit-learn, which takes most of a second); the grouping then
checks every candidate pair by the cosine of scikit-learn's hashed shingle vectors.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from corpus.store import Store

# Shingles are runs of 3 words: long enough that two unrelated articles rarely share many, short
# enough that a repost with a changed sentence or an added "Nguồn:" line still shares most.
SHINGLE_WORDS = 3
N_FEATURES = 2**20
# 16 bands of 4 MinHash values: a pair with Jaccard 0.6 becomes a candidate with p≈0.89, one with
# Jaccard 0.2 with p≈0.03; every candidate is then checked by cosine, so misses cost more than extras.
BANDS, ROWS = 16, 4
# Band numbers name the sketch scheme: 16–31 are the CRC-32 shingles of band_keys_many. Stores
# written before 2026-11-26 hold bands 0–15, from scikit-learn's hashed shingles; their keys are
# recomputed (group_duplicates) rather than compared with keys of another scheme.
FIRST_BAND = 16
MIN_SHINGLES = 8  # shorter texts say too little to call two of them the same story
DEFAULT_THRESHOLD = 0.8  # cosine of the binary shingle vectors
# A bucket this large is a family of near-identical texts: link each member to the first only.
PAIRWISE_BUCKET = 40

_PRIME = (1 << 31) - 1  # a·h + b stays below 2^64 in uint64 arithmetic (a, b < 2^31, h < 2^32)
_RNG = np.random.default_rng(20240601)
_A = _RNG.integers(1, _PRIME, size=BANDS * ROWS, dtype=np.uint64)
_B = _RNG.integers(0, _PRIME, size=BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def vectorizer() -> Any:
    """The scikit-learn HashingVectorizer of word shingles (stateless, so every worker agrees)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer=_shingles, n_features=N_FEATURES, binary=True, norm="l2", alternate_sign=False
    )


def _shingles(text: str) -> list[str]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def dedup_text(title: str, body: str) -> str:
    """The text compared: the body (a repost often rewrites the headline), else the title."""
    return body if body.strip() else title


def band_keys(text: str) -> list[tuple[int, int]]:
    """(band, key) pairs of the text's MinHash signature; [] when the text is too short to compare."""
    return band_keys_many([text])[0]


def band_keys_many(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """band_keys of several texts."""
    out: list[list[tuple[int, int]]] = []
    for text in texts:
        # The distinct shingles as 32-bit CRCs: stable across processes and runs, unlike hash().
        hashes = np.unique(np.fromiter((zlib.crc32(s.encode()) for s in _shingles(text)), dtype=np.uint64))
        if len(hashes) < MIN_SHINGLES:
            out.append([])
            continue
        mins = ((_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME).min(axis=1)
        keys: list[tuple[int, int]] = []
        for band in range(BANDS):
            digest = hashlib.blake2b(mins[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest()
            keys.append((FIRST_BAND + band, int.from_bytes(digest, "big", signed=True)))
        out.append(keys)
    return out


@dataclass(frozen=True)
class DuplicateStats:
    groups: int
    articles: int  # articles in a group (canonical ones included)
    candidates: int  # candidate pairs checked


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class _Vectors:
    """Shingle vectors of articles read from the store, a bounded number kept at a time."""

    def __init__(self, store: Store, size: int = 2048) -> None:
        self.store, self.size = store, size
        self.cache: dict[str, Any] = {}

    def get(self, article_id: str) -> Any:
        vec = self.cache.get(article_id)
        if vec is None:
            row = self.store.conn.execute(
                "SELECT title, body FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            vec = vectorizer().transform([dedup_text(row[0], row[1]) if row else ""])
            if len(self.cache) >= self.size:
                self.cache.pop(next(iter(self.cache)))
            self.cache[article_id] = vec
        return vec

    def cosine(self, a: str, b: str) -> float:
        return float(self.get(a).multiply(self.get(b)).sum())


def _pairs(ids: Sequence[str]) -> Iterable[tuple[str, str]]:
    if len(ids) <= PAIRWISE_BUCKET:
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                yield a, b
    else:
        for b in ids[1:]:
            yield ids[0], b


def _resketch_older_keys(store: Store, batch: int = 500) -> int:
    """Replace dup_keys of an older sketch scheme (bands below FIRST_BAND); returns the articles redone."""
    conn = store.conn
    ids = [
        r[0] for r in conn.execute("SELECT DISTINCT article_id FROM dup_keys WHERE band < ?", (FIRST_BAND,))
    ]
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT id, title, body FROM articles WHERE id IN ({marks})", chunk).fetchall()
        sketches = band_keys_many([dedup_text(r[1], r[2]) for r in rows])
        with store.transaction():
            conn.execute(f"DELETE FROM dup_keys WHERE article_id IN ({marks})", chunk)
            conn.executemany(
                "INSERT INTO dup_keys (article_id, band, key) VALUES (?, ?, ?)",
                [(r[0], band, key) for r, keys in zip(rows, sketches, strict=True) for band, key in keys],
            )
    return len(ids)


def group_duplicates(store: Store, threshold: float = DEFAULT_THRESHOLD) -> DuplicateStats:
    """Recompute the `duplicates` table of the whole store from its dup_keys (idempotent)."""
    _resketch_older_keys(store)
    vectors = _Vectors(store)
    uf = _UnionFind()
    checked: set[tuple[str, str]] = set()
    buckets = store.conn.execute(
        "SELECT group_concat(article_id, char(31)) FROM dup_keys GROUP BY band, key HAVING count(*) > 1"
    )
    for (joined,) in buckets:
        ids = sorted(set(joined.split("\x1f")))
        for a, b in _pairs(ids):
            if (a, b) in checked or uf.find(a) == uf.find(b):
                continue
            checked.add((a, b))
            if vectors.cosine(a, b) >= threshold:
                uf.union(a, b)
    members: dict[str, list[str]] = {}
    for x in {*uf.parent, *uf.parent.values()}:
        members.setdefault(uf.find(x), []).append(x)
    rows = []
    for group in members.values():
        ids = sorted(set(group))
        if len(ids) < 2:
            continue
        canonical = _canonical(store, ids)
        for a in ids:
            sim = 1.0 if a == canonical else round(vectors.cosine(a, canonical), 4)
            rows.append((a, canonical, int(a == canonical), sim))
    with store.transaction() as conn:
        conn.execute("DELETE FROM duplicates")
        conn.executemany("INSERT INTO duplicates VALUES (?, ?, ?, ?)", rows)
    groups = sum(1 for r in rows if r[2])
    return DuplicateStats(groups, len(rows), len(checked))


def _canonical(store: Store, ids: list[str]) -> str:
    """The original of a group: published first; then one that names no other source; then longest."""
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(
        f"SELECT id, published_at, source, length(body) FROM articles WHERE id IN ({marks})", ids
    ).fetchall()
    best = min(rows, key=lambda r: (r[1] or "9999", r[2] is not None and r[2] != "", -(r[3] or 0), r[0]))
    return str(best[0])
