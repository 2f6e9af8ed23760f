"""`vnpress stats`: figures of a subject over the periods they refer to, a table and a checked PNG chart."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEED, SHARED_DATA, run_cli

from corpus.stats import MARKER_COLOR, aggregate, subject_matcher, write_chart
from corpus.store import Processed, Store
from nlp.records import Article, DateMention, Figure
from nlp.text.sentences import Sentence

pytest.importorskip("matplotlib", reason="charts need the 'plot' extra")


def count_points(png: Path) -> int:
    """Markers on the chart: connected blobs of the marker colour (used for nothing else)."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    rgb = np.asarray(Image.open(png).convert("RGB")).astype(int)
    target = [int(MARKER_COLOR[i : i + 2], 16) for i in (1, 3, 5)]
    mask = np.abs(rgb - target).sum(axis=2) <= 30
    labels, n = ndimage.label(mask)
    sizes = ndimage.sum(mask, labels, range(1, n + 1))
    return int((sizes >= 20).sum())  # ignore stray antialiasing specks


def _date(text: str, written: str, value: str, type_: str = "date") -> DateMention:
    start = text.index(written)
    return DateMention(start, start + len(written), written, type=type_, value=value)


def _store(tmp_path: Path) -> Store:
    """Three articles of our own with hand-made mentions: the aggregation is checked to the number."""
    store = Store(tmp_path / "s.db")
    a1 = "Năm 2020, huyện còn 1.200 hộ nghèo. Hiện huyện có 900 hộ nghèo và 40 hộ cận nghèo."
    a2 = "Trong 6 tháng đầu năm 2022, toàn tỉnh giảm 300 hộ nghèo. Tỉnh còn 500 hộ nghèo."
    a3 = "Xã có 70 hộ nghèo."
    store.add_articles(
        [
            Article(id="a1", body=a1, published_at="2021-03-05T08:00:00+07:00"),
            Article(id="a2", body=a2, published_at="2022-07-10"),
            Article(id="a3", body=a3),  # no date anywhere: undated
        ]
    )

    def sents(text: str) -> list[Sentence]:
        cut = text.index(". ") + 1 if ". " in text else len(text)
        out = [Sentence(0, cut, text[:cut])]
        if cut < len(text):
            out.append(Sentence(cut + 1, len(text), text[cut + 1 :]))
        return out

    def fig(text: str, written: str, value: float, subject: str, change: str | None = None) -> Figure:
        start = text.index(written)
        return Figure(
            start, start + len(written), written, value=value, unit="hộ", subject=subject, change=change
        )

    store.save_processed(
        [
            Processed("a1", sents(a1), [
                (0, _date(a1, "Năm 2020", "2020")),
                (0, fig(a1, "1.200 hộ", 1200, "hộ nghèo")),
                (1, fig(a1, "900 hộ", 900, "hộ nghèo")),
                (1, fig(a1, "40 hộ", 40, "hộ cận nghèo")),
            ]),
            Processed("a2", sents(a2), [
                (0, _date(a2, "6 tháng đầu năm 2022", "2022-01/2022-06", "interval")),
                (0, fig(a2, "300 hộ", 300, "hộ nghèo", "decrease")),
                (1, fig(a2, "500 hộ", 500, "hộ nghèo")),
            ]),
            Processed("a3", sents(a3), [(0, fig(a3, "70 hộ", 70, "hộ nghèo"))]),
        ]
    )  # fmt: skip
    return store


def test_subjects_match_with_accents_optional():
    assert subject_matcher("ho ngheo")("các hộ nghèo")
    assert subject_matcher("HỘ NGHÈO")("hộ nghèo")
    assert not subject_matcher("hộ nghèo")("hồ ngheo")
    assert not subject_matcher("hộ nghèo")("hộ cận nghèo") and not subject_matcher("x")(None)


def test_figures_land_in_the_period_they_refer_to(tmp_path):
    stats = aggregate(_store(tmp_path), "ho ngheo", by="year")
    table = {(b.series, b.period): b.values for b in stats.buckets}
    assert table == {
        ("hộ", "2020"): (1200.0,),  # "Năm 2020" in its sentence
        ("hộ", "2021"): (900.0,),  # no date in the sentence: the publication date
        ("hộ", "2022"): (500.0,),
        ("hộ change", "2022"): (300.0,),  # a change is its own series, at the end of "6 tháng đầu năm 2022"
    }
    assert (stats.matched, stats.undated, stats.dated_by_text) == (5, 1, 2)
    (tmp_path / "q").mkdir()
    quarters = aggregate(_store(tmp_path / "q"), "hộ nghèo", by="quarter")
    assert [b.period for b in quarters.buckets if b.series == "hộ"] == ["2020-Q4", "2021-Q1", "2022-Q3"]
    assert [b.period for b in quarters.buckets if b.series == "hộ change"] == ["2022-Q2"]
    assert quarters.series_names()[0] == "hộ"


def test_chart_has_one_marker_per_period(tmp_path):
    stats = aggregate(_store(tmp_path), "hộ nghèo", by="year")
    png = tmp_path / "c.png"
    assert write_chart(stats, "hộ", "median", png) == 3
    assert png.stat().st_size > 5000 and count_points(png) == 3


# -- over a store built from the dev corpus -----------------------------------------------------------
@pytest.fixture(scope="module")
def dev_store(tmp_path_factory) -> Path:
    """The saved article pages and the seed, ingested and processed by the CLI."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    db = tmp_path_factory.mktemp("dev") / "dev.db"
    for args in (["ingest", str(SHARED_DATA / "html" / "articles.jsonl"), str(SEED)], ["process"]):
        proc = run_cli(*args, "--db", str(db))
        assert proc.returncode == 0, proc.stderr.decode()
    return db


def test_stats_command_over_the_dev_corpus(dev_store, tmp_path):
    store = Store(dev_store)
    subjects = Counter(
        r["subject"].casefold() for r in store.query("SELECT subject FROM figures WHERE subject IS NOT NULL")
    )
    assert subjects, "the extractor found no figure with a subject in 17 articles"
    subject = subjects.most_common(1)[0][0]
    png = tmp_path / "chart.png"
    proc = run_cli("stats", subject, "--by", "month", "--chart", str(png), "--db", str(dev_store))
    assert proc.returncode == 0, proc.stderr.decode()
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert out.splitlines()[0].split()[:2] == ["series", "period"]
    stats = aggregate(store, subject, by="month")
    assert sum(len(b.values) for b in stats.buckets) == stats.matched - stats.undated >= 1
    assert f"({len(stats.buckets)} row(s))" in out
    main = stats.series_names()[0]
    points = len(stats.series(main, "median"))
    assert f"{points} point(s)" in err and png.exists()
    assert count_points(png) == points
    jl = run_cli(
        "stats", subject, "--by", "month", "--format", "jsonl", "--chart", str(png), "--db", str(dev_store)
    )
    rows = [json.loads(line) for line in jl.stdout.decode().splitlines()]
    assert [(r["series"], r["period"]) for r in rows] == [(b.series, b.period) for b in stats.buckets]


def test_stats_without_a_store_is_one_line(tmp_path):
    proc = run_cli("stats", "hộ nghèo", "--db", str(tmp_path / "none.db"))
    assert proc.returncode == 1 and "no store" in proc.stderr.decode() and not (tmp_path / "none.db").exists()
