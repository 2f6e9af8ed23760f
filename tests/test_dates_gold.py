"""Dates on the dev gold set (tests/gold, texts in ../shared/data) and on the seed: the issue's targets."""

import pytest
from conftest import SEED, gold_report

from nlp import extract


@pytest.fixture(scope="module")
def report():
    # The whole pipeline: document references win their overlaps with dates, as in use.
    return gold_report("date")


def test_date_f1(report):
    # Issue 4 asks >= 0.95 (measured 0.997 when written).
    assert report.kinds["date"].f1 >= 0.97, "\n".join(report.errors)


@pytest.mark.parametrize(("attribute", "target"), [("type", 0.97), ("value", 0.95), ("mod", 0.97)])
def test_date_attribute_accuracy(report, attribute, target):
    # Issue 4 asks value >= 0.90 and type >= 0.95 (measured 0.992 / 1.0 / 1.0 when written).
    assert report.kinds["date"].accuracy(attribute) >= target, "\n".join(report.errors)


def test_seed_dates():
    if not SEED.is_file():
        pytest.skip("seed article not available")
    text = SEED.read_text(encoding="utf-8")
    got = [
        (text[m.start : m.end], m.type, m.value, m.mod)
        for m in extract(text, ref_date="2023-10-20T10:00")
        if m.kind == "date"
    ]
    assert got == [
        ("20-10-2023 10:00", "time", "2023-10-20T10:00", None),
        ("Sáng 19/10", "date", "2023-10-19TMO", None),
        ("Từ tháng 2/2022 đến nay", "interval", "2022-02/2023-10-20", None),
        ("hơn 1 năm", "duration", "P1Y", "more_than"),
        ("giai đoạn 2022 – 2025", "interval", "2022/2025", None),
    ]
