"""The shared number parser: numerals with separators, number words, and their round trips."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.numbers import english_grouping, number_to_words, parse_number_words, parse_numeral


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.000", 1000),
        ("84.350", 84350),
        ("2,5", 2.5),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1,234.5", 1234.5),
        ("1.5", 1.5),  # a dot not followed by three digits can only be a decimal
        ("0.500", 0.5),  # "0" cannot head a thousands group
        ("1,500", 1.5),  # Vietnamese reading by default
        ("25,000", 25000),  # three zero decimals are never written: a thousands group
        ("12 345 678", 12345678),
        ("-3", -3),
        ("05", 5),
    ],
)
def test_parse_numeral(raw, value):
    assert parse_numeral(raw) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["", "1.2.3", "2.2.2022", "1,2,3", "abc", "1.23.456"])
def test_parse_numeral_rejects(raw):
    assert parse_numeral(raw) is None


def test_comma_thousands_by_context():
    # A text that writes "1,234,567" groups with commas: its lone "1,500" is 1500.
    assert english_grouping("Revenue 1,234,567 USD; staff 1,500.")
    assert parse_numeral("1,500", comma_thousands=True) == 1500
    # A Vietnamese text (dot groups) keeps "1,500" a decimal.
    assert not english_grouping("Doanh thu 1.234.567 đồng, tăng 1,500 lần.")
    assert not english_grouping("Không có số nào có nhóm.")


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("hai mươi lăm", 25),
        ("hai mươi lăm nghìn", 25000),
        ("một trăm linh năm", 105),
        ("một trăm lẻ năm", 105),
        ("mười lăm phẩy năm", 15.5),
        ("ba tỷ rưỡi", 3.5e9),
        ("bốn triệu sáu", 4.6e6),
        ("hai trăm tư", 240),
        ("hai mươi mốt", 21),
        ("ba mươi tư", 34),
        ("hai vạn", 20000),
        ("ba nghìn tỷ", 3e12),
        ("một nghìn hai trăm tỷ", 1.2e12),
        ("hai nghìn không trăm hai mươi ba", 2023),
        ("một triệu không trăm nghìn không trăm linh năm", 1000005),
        ("không phẩy năm", 0.5),
    ],
)
def test_parse_number_words(words, value):
    assert parse_number_words(words.split()) == pytest.approx(value)


@pytest.mark.parametrize("words", ["hai ba", "mươi", "lăm", "một linh", "hai phẩy", "năm người"])
def test_parse_number_words_rejects(words):
    assert parse_number_words(words.split()) is None


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (105, "một trăm linh năm"),
        (1005, "một nghìn không trăm linh năm"),
        (1_200_000_000_000, "một nghìn hai trăm tỷ"),
    ],
)
def test_number_to_words(n, words):
    assert number_to_words(n) == words


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_words_round_trip(n):
    """Any integer written out in words parses back to itself, in every regional variant."""
    assert parse_number_words(number_to_words(n).split()) == n
    variant = number_to_words(n, link="lẻ", four="bốn", five="nhăm", thousand="ngàn")
    assert parse_number_words(variant.split()) == n


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_digits_round_trip(n):
    """Any integer written with dot groups (Vietnamese), space groups, or comma groups in an
    English-style text parses back to itself."""
    assert parse_numeral(_grouped(n, ".")) == n
    assert parse_numeral(_grouped(n, " ")) == n
    assert parse_numeral(_grouped(n, ","), comma_thousands=True) == n
    assert parse_numeral(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_decimal_round_trip(whole, frac):
    """ "1.234,56" (Vietnamese) and "1,234.56" (English) give the same value."""
    vi = f"{_grouped(whole, '.')},{frac:02d}"
    en = f"{_grouped(whole, ',')}.{frac:02d}"
    expected = float(f"{whole}.{frac:02d}")
    assert parse_numeral(vi) == pytest.approx(expected)
    if whole >= 1000:
        assert parse_numeral(en) == pytest.approx(expected)
