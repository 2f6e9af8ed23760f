"""One unit of work: read its articles, filter, extract, sketch, and write them to a part file."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.batch.filters import Filters
from corpus.batch.units import Unit
from corpus.dedup import band_keys_many, dedup_text
from corpus.store import Processed, Store
from nlp.records import Article

FLUSH = 50  # articles per transaction into the part file
MAX_MESSAGES = 100  # problem messages kept per unit (the count is always exact)


@dataclass(frozen=True)
class UnitTask:
    """What a worker needs to do one unit (picklable: it travels to pool and cluster workers)."""

    unit: Unit
    filters: Filters = Filters()
    fmt: str = "sqlite"  # "sqlite": the part is a store file; "parquet": one Parquet file per table
    sketch: bool = True  # compute near-duplicate keys


@dataclass
class UnitReport:
    """What a unit gave: counts, why records were skipped, and the written part (file bytes)."""

    key: str
    articles: int = 0
    chars: int = 0
    duplicates_in_unit: int = 0  # exact copies (same hash or URL) of an article earlier in the unit
    filtered: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    seconds: float = 0.0
    payload: dict[str, bytes] = field(default_factory=dict)  # "store" or a table name -> file bytes

    @property
    def skipped(self) -> int:
        return self.problem_count + sum(self.filtered.values())

    def problem(self, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_MESSAGES:
            self.problems.append(" ".join(message.split()))


def run_unit(
    task: UnitTask,
    read: Callable[[Unit], Iterable[Article | Exception]],
    process: Callable[[Article], Processed],
) -> UnitReport:
    """Do one unit in constant memory: articles go to a temporary part store in small batches."""
    began = time.perf_counter()
    report = UnitReport(task.unit.key)
    with tempfile.TemporaryDirectory(prefix="vnpress-unit-") as tmp:
        part_path = Path(tmp) / "part.db"
        with Store(part_path) as part:
            part.conn.execute("PRAGMA synchronous = OFF")
            pending: list[tuple[Article, Processed | None]] = []
            for item in read(task.unit):
                if not isinstance(item, Article):
                    report.problem(str(item))
                    continue
                reason = task.filters.rejects(item)
                if reason:
                    report.filtered[reason] += 1
                    continue
                try:
                    processed: Processed | None = process(item)
                except Exception as exc:  # noqa: BLE001 - one article's failure must not lose the unit
                    report.problem(f"{item.id}: extraction failed ({type(exc).__name__}: {exc})")
                    continue
                pending.append((item, processed))
                if len(pending) >= FLUSH:
                    _flush(part, pending, report, task.sketch)
                    pending = []
            _flush(part, pending, report, task.sketch)
            part.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if task.fmt == "parquet":
            from corpus.batch.parquet import store_to_parquet

            report.payload = store_to_parquet(part_path, Path(tmp) / "parquet")
        else:
            report.payload = {"store": part_path.read_bytes()}
    report.seconds = time.perf_counter() - began
    return report


def _flush(
    part: Store, pending: list[tuple[Article, Processed | None]], report: UnitReport, sketch: bool
) -> None:
    if not pending:
        return
    added = part.add_articles(a for a, _ in pending)
    report.duplicates_in_unit += len(pending) - added
    results: list[Processed] = []
    keys: list[tuple[str, int, int]] = []
    done: set[str] = set()
    sketches = band_keys_many([dedup_text(a.title, a.body) for a, _ in pending]) if sketch else []
    for n, (article, processed) in enumerate(pending):
        row = part.conn.execute(
            "SELECT id FROM articles WHERE hash = ? AND processed_at IS NULL", (article.hash,)
        ).fetchone()
        if row is None or processed is None or row[0] in done:  # a copy of one already written
            continue
        stored_id = row[0]
        done.add(stored_id)
        results.append(Processed(stored_id, processed.sentences, processed.mentions))
        report.articles += 1
        report.chars += len(article.text)
        if sketch:
            keys.extend((stored_id, band, key) for band, key in sketches[n])
    part.save_processed(results)
    if keys:
        with part.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO dup_keys (article_id, band, key) VALUES (?, ?, ?)", keys)
