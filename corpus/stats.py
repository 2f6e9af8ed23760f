"""`vnpress stats`: stored figures of one subject aggregated over the periods they refer to, and a chart."""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from corpus.folding import fold
from corpus.periods import bucket, nearest_date, published_day, value_span
from corpus.queries import MentionFilter, list_mentions
from corpus.store import Store

STATS = ("median", "mean", "sum", "min", "max", "count")
# Chart colours: the markers' colour is used for nothing else, so a test can count the points.
MARKER_COLOR = "#d62728"
LINE_COLOR = "#9a9a9a"
_ID_CHUNK = 500


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", fold(text)) if not unicodedata.combining(c))


def subject_matcher(query: str) -> Callable[[str | None], bool]:
    """Does a subject contain the query? Accents optional, as in the search: a query written
    without them ("ho ngheo") matches any accents; one written with them must match them."""
    needle = fold(query).casefold().strip()
    loose = needle == _strip_accents(needle)
    if loose:
        return lambda subject: bool(subject) and needle in _strip_accents(subject or "").casefold()
    return lambda subject: bool(subject) and needle in fold(subject or "").casefold()


@dataclass(frozen=True)
class Bucket:
    """The figures of one series (a unit; changes apart from levels) that fall in one period."""

    unit: str | None
    change: bool  # the figures are amounts of change ("tăng 300 hộ"), not levels
    period: str
    values: tuple[float, ...]
    articles: int

    @property
    def series(self) -> str:
        return (self.unit or "(no unit)") + (" change" if self.change else "")

    def stat(self, name: str) -> float:
        v = self.values
        return {
            "median": lambda: statistics.median(v),
            "mean": lambda: statistics.fmean(v),
            "sum": lambda: float(sum(v)),
            "min": lambda: min(v),
            "max": lambda: max(v),
            "count": lambda: float(len(v)),
        }[name]()

    def row(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "period": self.period,
            "figures": len(self.values),
            "articles": self.articles,
            **{name: self.stat(name) for name in STATS if name != "count"},
        }


@dataclass(frozen=True)
class Stats:
    """Buckets by unit then period; how many matching figures had no period and were left out."""

    subject: str
    by: str
    buckets: list[Bucket] = field(default_factory=list)
    matched: int = 0
    undated: int = 0
    dated_by_text: int = 0

    def series_names(self) -> list[str]:
        """Series, the one with the most figures first (ties: alphabetical)."""
        count: Counter[str] = Counter()
        for b in self.buckets:
            count[b.series] += len(b.values)
        return sorted(count, key=lambda name: (-count[name], name))

    def series(self, name: str, stat: str) -> list[tuple[str, float]]:
        return [(b.period, b.stat(stat)) for b in self.buckets if b.series == name]


def _dates_by_sentence(
    store: Store, article_ids: Sequence[str]
) -> dict[tuple[str, int], list[dict[str, Any]]]:
    out: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), _ID_CHUNK):
        chunk = ids[i : i + _ID_CHUNK]
        rows = store.query(
            f'SELECT article_id, sentence, start, "end", type, value FROM dates '
            f"WHERE article_id IN ({', '.join('?' * len(chunk))}) ORDER BY article_id, start",
            chunk,
        )
        for r in rows:
            out[(r["article_id"], r["sentence"])].append(dict(r))
    return out


def figure_day(fig: dict[str, Any], same_sentence: Sequence[dict[str, Any]]) -> tuple[date | None, str]:
    """When a figure holds: the end of the nearest date or period in its sentence, else publication day.

    The end, because a figure reported for a period ("9 tháng đầu năm", "từ tháng 2/2022 đến nay")
    is the state at its close.
    """
    when = nearest_date(fig, same_sentence)
    if when is not None:
        span = value_span(when["value"])
        if span is not None:
            return span[1], "text"
    day = published_day(fig.get("published_at"))
    return (day, "published") if day else (None, "")


def aggregate(store: Store, subject: str, unit: str | None = None, by: str = "month") -> Stats:
    """Figures whose subject contains `subject` (accents optional), bucketed by the period they refer to."""
    bucket(date(2000, 1, 1), by)  # an unknown `by` fails here, before any work
    matches = subject_matcher(subject)
    rows = list_mentions(store, "figure", MentionFilter(unit=unit))
    rows = [r for r in rows if r.get("value") is not None and matches(r.get("subject"))]
    dates = _dates_by_sentence(store, [r["article_id"] for r in rows])
    groups: dict[tuple[str | None, bool, str], list[tuple[float, str]]] = defaultdict(list)
    undated = by_text = 0
    for r in rows:
        day, basis = figure_day(r, dates.get((r["article_id"], r["sentence"]), []))
        if day is None:
            undated += 1
            continue
        by_text += basis == "text"
        key = (r["unit"], bool(r.get("change")), bucket(day, by))
        groups[key].append((float(r["value"]), r["article_id"]))
    buckets = [
        Bucket(u, c, p, tuple(v for v, _ in items), len({a for _, a in items}))
        for (u, c, p), items in groups.items()
    ]
    buckets.sort(key=lambda b: (b.unit is None, b.unit or "", b.change, b.period))
    return Stats(subject, by, buckets, len(rows), undated, by_text)


def write_chart(stats: Stats, name: str, stat: str, path: Path) -> int:
    """A line chart of one series as PNG (matplotlib, headless); returns the number of points."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RuntimeError("charts need matplotlib: pip install 'vnpress[plot]'") from None
    series = stats.series(name, stat)
    width = max(8.0, 0.3 * len(series))
    fig, ax = plt.subplots(figsize=(width, 4.5), dpi=100)
    try:
        xs = list(range(len(series)))
        ys = [v for _, v in series]
        ax.plot(xs, ys, color=LINE_COLOR, linewidth=1.5, zorder=1)
        ax.scatter(xs, ys, s=64, color=MARKER_COLOR, edgecolors=MARKER_COLOR, zorder=2)
        ax.set_xticks(xs, [p for p, _ in series], rotation=45 if len(series) > 6 else 0, ha="right")
        ax.set_title(f"“{stats.subject}”: {stat} per {stats.by} ({name})")
        ax.set_ylabel(name)
        ax.grid(axis="y", color="#e6e6e6")
        ax.margins(x=0.08, y=0.15)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
    return len(series)
