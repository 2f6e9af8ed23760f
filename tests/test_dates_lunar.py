"""The lunar-calendar converter (nlp/dates/lunar.py) against published Vietnamese calendar dates."""

from datetime import date, timedelta

import pytest

from nlp.dates.lunar import LunarDate, can_chi, lunar_to_solar, solar_to_lunar, tet, year_of_can_chi

# Tết Nguyên đán as published by the Vietnamese calendar (lịch Việt Nam, UTC+7).
TET = {
    1985: date(1985, 1, 21),  # China (UTC+8) kept 1985-02-20: the time zone matters
    2000: date(2000, 2, 5),
    2007: date(2007, 2, 17),  # China: 2007-02-18
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
}


@pytest.mark.parametrize("year", sorted(TET))
def test_tet(year):
    assert tet(year) == TET[year]
    assert solar_to_lunar(TET[year]) == LunarDate(year, 1, 1)
    assert solar_to_lunar(TET[year] - timedelta(days=1)).month == 12


def test_known_feasts():
    assert lunar_to_solar(2023, 8, 15) == date(2023, 9, 29)  # Tết Trung thu 2023
    assert lunar_to_solar(2024, 3, 10) == date(2024, 4, 18)  # Giỗ Tổ Hùng Vương 2024
    assert lunar_to_solar(2024, 1, 15) == date(2024, 2, 24)  # Rằm tháng Giêng 2024


def test_leap_month():
    # 2023 had a leap second month (tháng 2 nhuận) from 2023-03-22.
    assert solar_to_lunar(date(2023, 3, 22)) == LunarDate(2023, 2, 1, leap=True)
    assert lunar_to_solar(2023, 2, 1, leap=True) == date(2023, 3, 22)
    assert lunar_to_solar(2023, 3, 1, leap=True) is None  # month 3 was not leap that year
    assert lunar_to_solar(2024, 2, 1, leap=True) is None  # 2024 had no leap month


def test_round_trip_over_decades():
    day = date(1990, 1, 1)
    while day < date(2040, 1, 1):
        lunar = solar_to_lunar(day)
        assert 1 <= lunar.day <= 30
        assert lunar_to_solar(lunar.year, lunar.month, lunar.day, lunar.leap) == day
        day += timedelta(days=7)


def test_can_chi():
    assert can_chi(2024) == "Giáp Thìn"
    assert can_chi(2023) == "Quý Mão"
    assert year_of_can_chi("Quý Mão", near=2020) == 2023
    assert year_of_can_chi("giáp thìn", near=1990) == 1964
    assert year_of_can_chi("Ất Tị", near=2024) == 2025
    assert year_of_can_chi("Nothing Here", near=2024) is None
