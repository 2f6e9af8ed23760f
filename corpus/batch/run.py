"""A whole batch run: plan units, skip finished ones, run the rest, commit, group duplicates."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.batch.engine import Failed, UnitFn, run_dask, run_local
from corpus.batch.filters import Filters
from corpus.batch.outputs import SqliteOutput, open_output
from corpus.batch.units import DEFAULT_CHUNK, Unit, plan_units, select_shard
from corpus.batch.worker import UnitReport, UnitTask


@dataclass(frozen=True)
class BatchConfig:
    inputs: tuple[str, ...]
    out: Path
    fmt: str = "sqlite"
    workers: int = 1
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None
    shard: tuple[int, int] | None = None
    chunk_size: int = DEFAULT_CHUNK
    filters: Filters = Filters()
    dedup: bool = True
    dup_threshold: float = 0.8
    progress: bool | None = None  # None: a bar when standard error is a terminal


@dataclass
class BatchSummary:
    units: int = 0
    units_skipped: int = 0  # finished in an earlier run
    units_failed: int = 0
    articles: int = 0  # written by the units of this run
    new_articles: int = 0  # of those, not already in the output
    chars: int = 0
    problems: int = 0
    filtered: Counter[str] = field(default_factory=Counter)
    duplicate_groups: int | None = None
    duplicate_articles: int | None = None
    seconds: float = 0.0
    worker_seconds: float = 0.0


def run_batch(
    config: BatchConfig,
    unit_fn: UnitFn,
    warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
    max_messages: int = 20,
) -> BatchSummary:
    """Process every unfinished unit of the inputs into the output; messages go to `warn`."""
    began = time.perf_counter()
    summary = BatchSummary()
    output = open_output(config.out, config.fmt, config.chunk_size)
    shown = 0

    def say(message: str) -> None:
        nonlocal shown
        shown += 1
        if shown <= max_messages:
            warn(message)
        elif shown == max_messages + 1:
            warn("… further messages are in the output's manifest (batch_units.problems)")

    try:
        done = output.done_keys()
        units = list_units(config)
        total = sum(u.size for u in units)
        todo: list[Unit] = []
        skipped_bytes = 0
        for u in units:
            if u.key in done:
                summary.units_skipped += 1
                skipped_bytes += u.size
            else:
                todo.append(u)
        del units
        tasks = (
            UnitTask(u, config.filters, "parquet" if config.fmt == "parquet" else "sqlite", config.dedup)
            for u in todo
        )
        if (
            config.dedup
            and isinstance(output, SqliteOutput)
            and (config.workers > 1 or config.engine == "dask")
        ):
            # The grouping at the end needs scikit-learn. Importing it now, while the workers start,
            # takes a second off the end of the run, when nothing else is left to run beside it.
            from corpus.dedup import vectorizer

            threading.Thread(target=vectorizer, name="vnpress-warm-dedup", daemon=True).start()
        retry_note = lambda task, why: say(f"{task.unit.key}: {why}")  # noqa: E731
        if config.engine == "dask":
            outcomes = run_dask(unit_fn, tasks, config.scheduler, config.workers, retry_note)
        else:
            outcomes = run_local(unit_fn, tasks, config.workers, retry_note)
        with _progress(total, skipped_bytes, config.progress) as bar:
            for task, result in outcomes:
                if isinstance(result, Failed):
                    summary.units_failed += 1
                    say(
                        f"{task.unit.key}: unit failed, nothing written ({result.reason}); a rerun retries it"
                    )
                else:
                    summary.new_articles += output.commit(task.unit, result)
                    _account(summary, result, say)
                summary.units += 1
                bar.update(task.unit.size)
                bar.set_postfix(
                    articles=summary.articles,
                    rate=f"{summary.articles / max(time.perf_counter() - began, 1e-9):.1f}/s",
                    refresh=False,
                )
        if config.dedup and isinstance(output, SqliteOutput):
            from corpus.dedup import group_duplicates

            stats = group_duplicates(output.store, config.dup_threshold)
            summary.duplicate_groups, summary.duplicate_articles = stats.groups, stats.articles
    finally:
        output.close()
    summary.seconds = time.perf_counter() - began
    return summary


def list_units(config: BatchConfig) -> list[Unit]:
    """The units of this run (its shard of them), in plan order."""
    return list(select_shard(plan_units(config.inputs, config.chunk_size), config.shard))


def _account(summary: BatchSummary, report: UnitReport, say: Callable[[str], None]) -> None:
    summary.articles += report.articles
    summary.chars += report.chars
    summary.problems += report.problem_count
    summary.filtered.update(report.filtered)
    summary.worker_seconds += report.seconds
    for message in report.problems:
        say(f"skipped {message}")
    if report.problem_count > len(report.problems):
        say(f"skipped {report.problem_count - len(report.problems)} more record(s) in unit {report.key}")


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, n: int) -> None:
        pass

    def set_postfix(self, **kw: object) -> None:
        pass


def _progress(total: int, initial: int, enabled: bool | None) -> Any:
    if enabled is False or (enabled is None and not sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(
        total=total, initial=initial, unit="B", unit_scale=True, unit_divisor=1024, desc="batch", file=sys.stderr,
        smoothing=0.1, dynamic_ncols=True,
    )  # fmt: skip
