"""Year inference and resolution rules of the dates extractor (nlp/dates/RULES.md)."""

from datetime import date, datetime

import pytest

from nlp.dates import extract_dates
from nlp.dates.resolve import infer_year
from nlp.dates.timex import Point
from nlp.doc import Doc


def dates(text: str, ref: str | None) -> list[tuple[str, str, str | float | None]]:
    doc = Doc.from_text(text, datetime.fromisoformat(ref) if ref else None)
    return [(m.text, m.type, m.value) for m in extract_dates(doc)]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("point", "ref", "future", "year"),
    [
        (Point(month=10, day=19), date(2024, 1, 5), False, 2023),  # news report the past
        (Point(month=10, day=25), date(2023, 10, 20), False, 2023),  # five days ahead beats a year back
        (Point(month=12, day=15), date(2023, 10, 20), False, 2023),  # 56 days ahead (x3) < 309 back
        (Point(month=3), date(2023, 10, 20), False, 2023),  # past March is nearer than next (x2)
        (Point(month=3), date(2023, 10, 20), True, 2024),  # … unless the sentence speaks of plans
        (Point(month=6), date(2024, 1, 5), False, 2023),
        (Point(month=6), date(2024, 1, 5), True, 2024),
        (Point(quarter=4), date(2023, 10, 20), False, 2023),  # the period holding the ref date
        (Point(month=2, day=29), date(2023, 10, 20), False, 2024),  # only leap years have it
    ],
)
def test_infer_year(point, ref, future, year):
    assert infer_year(point, ref, future) == year


def test_year_inference_in_text():
    assert dates("Sáng 19/10, hội nghị khai mạc.", "2024-01-05T08:00") == [
        ("Sáng 19/10", "date", "2023-10-19TMO")
    ]
    assert dates("Ngày 3/1, hội nghị khai mạc.", "2024-01-05T08:00") == [("Ngày 3/1", "date", "2024-01-03")]
    assert dates("Dự kiến ngày 3/1 sẽ khai mạc.", "2023-12-20T08:00") == [("ngày 3/1", "date", "2024-01-03")]
    assert dates("Tháng 3 tới sẽ khởi công.", "2023-10-20T08:00") == [("Tháng 3 tới", "date", "2024-03")]


def test_without_ref_date():
    assert dates("Sáng 19/10, hôm qua, tháng 2/2022 và từ năm 2020 đến nay.", None) == [
        ("Sáng 19/10", "date", "XXXX-10-19TMO"),
        ("hôm qua", "date", None),
        ("tháng 2/2022", "date", "2022-02"),
        ("từ năm 2020 đến nay", "interval", None),
    ]


def test_weeks_are_iso():
    # 2023-01-01 is a Sunday: ISO week 52 of 2022; the next Monday starts 2023-W01.
    assert dates("tuần này và tuần tới", "2023-01-01T08:00") == [
        ("tuần này", "date", "2022-W52"),
        ("tuần tới", "date", "2023-W01"),
    ]


def test_same_period_is_its_year():
    # Gold convention (tests/gold/README.md): "cùng kỳ" itself is not a date; its year is.
    text = (
        "9 tháng đầu năm 2023, doanh thu tăng 10% so với cùng kỳ năm trước; quý III tăng 5% so với cùng kỳ."
    )
    assert dates(text, "2023-10-20T10:00") == [
        ("9 tháng đầu năm 2023", "interval", "2023-01/2023-09"),
        ("năm trước", "date", "2022"),
        ("quý III", "date", "2023-Q3"),
    ]
    assert dates("Doanh thu tăng 3% so với cùng kỳ 2021.", "2023-10-20T10:00") == [("2021", "date", "2021")]


def test_narrative_anchor():
    text = "Ngày 15/10, đoàn đến Hà Giang. Chiều cùng ngày, đoàn thăm trường. Hôm sau, đoàn về."
    assert dates(text, "2023-10-20T10:00") == [
        ("Ngày 15/10", "date", "2023-10-15"),
        ("Chiều cùng ngày", "date", "2023-10-15TAF"),
        ("Hôm sau", "date", "2023-10-16"),
    ]


def test_lunar_dates_are_converted_and_flagged():
    doc = Doc.from_text("Rằm tháng Giêng năm 2024 và ngày 10/3 âm lịch.", datetime(2024, 3, 20))
    got = [(m.text, m.value, m.rule) for m in extract_dates(doc)]
    assert got == [
        ("Rằm tháng Giêng năm 2024", "2024-02-24", "full_moon:lunar"),
        ("ngày 10/3 âm lịch", "2024-04-18", "dm:lunar"),
    ]
