"""`vnpress eval` on the dev gold set (tests/gold, texts in ../shared/data): the scores reached stay reached.

Floors are the issues' targets, raised to what the extractors measured when they were written,
so a regression fails here instead of passing quietly.
"""

from __future__ import annotations

import json

import pytest
from conftest import GOLD, SEED, SHARED_DATA, run_cli

FLOORS = {
    # measured 0.981 F1, value 0.995, unit 0.976, qualifier 0.987, subject 0.806 (issue 3 asks 0.80)
    "figure": {"f1": 0.97, "value": 0.99, "unit": 0.97, "qualifier": 0.98, "subject": 0.80,
               "quantity": 0.97, "change": 0.94, "compared_to": 0.96, "per": 0.96},
    # measured 0.997 F1, type 1.0, value 0.992, mod 1.0
    "date": {"f1": 0.99, "type": 0.99, "value": 0.98, "mod": 0.99},
    # measured 1.0 F1 and 1.0 on every field but issuer (0.965)
    "document": {"f1": 0.99, "doc_type": 0.99, "number": 0.99, "year": 0.99, "code": 0.99,
                 "issuer": 0.95, "title": 0.98, "issued_on": 0.98, "part": 0.98},
}  # fmt: skip


@pytest.fixture(scope="module")
def scores() -> dict:
    if not GOLD or not SHARED_DATA.is_dir():
        pytest.skip("dev gold set or ../shared/data not available")
    proc = run_cli("eval", *map(str, GOLD), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


@pytest.mark.parametrize(("kind", "measure"), [(k, m) for k, ms in FLOORS.items() for m in ms])
def test_score_stays_reached(scores, kind, measure):
    assert scores[kind][measure] >= FLOORS[kind][measure], f"{kind} {measure}: {scores[kind]}"


def test_the_gold_set_is_large_enough():
    docs = sum(1 for path in GOLD for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert docs >= 41  # the seed and at least 40 real articles (issue 3)


def test_seed_acceptance():
    """Issue 2: what the seed article must give, with exact offsets."""
    if not SEED.is_file():
        pytest.skip("seed article not available")
    text = SEED.read_text(encoding="utf-8")
    proc = run_cli("extract", str(SEED), "--ref-date", "2023-10-20T10:00", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    mentions = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
    figures = {m["value"]: m for m in mentions if m["kind"] == "figure"}
    assert (
        figures[1000]["qualifier"] == "gt" and figures[1000]["subject"] == "báo cáo viên, tuyên truyền viên"
    )
    assert figures[357]["unit"] == "buổi" and figures[357]["subject"] == "tuyên truyền miệng"
    assert figures[19600]["qualifier"] == "gt" and figures[19600]["unit"] == "lượt"
    assert figures[1613]["unit"] == "buổi" and figures[84350]["unit"] == "lượt"
    dates = [(m["text"], m["type"], m["value"], m["mod"]) for m in mentions if m["kind"] == "date"]
    assert dates == [
        ("20-10-2023 10:00", "time", "2023-10-20T10:00", None),
        ("Sáng 19/10", "date", "2023-10-19TMO", None),
        ("Từ tháng 2/2022 đến nay", "interval", "2022-02/2023-10-20", None),
        ("hơn 1 năm", "duration", "P1Y", "more_than"),
        ("giai đoạn 2022 – 2025", "interval", "2022/2025", None),
    ]
    docs = [m for m in mentions if m["kind"] == "document"]
    assert [(d["doc_type"], d["number"], d["code"], d["year"]) for d in docs] == [
        ("Đề án", "01", "ĐA/ĐUK", None)
    ]
