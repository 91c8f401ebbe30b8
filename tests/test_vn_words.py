"""Vietnamese numbers in words ("Bằng chữ") and in figures, against readings written by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normbook.errors import BadArgument
from normbook.vn_words import amount_in_words, format_number, number_in_words

# Each reading derived by hand from the rules in the module docstring ("lẻ", "tư", "mốt", "lăm").
READINGS = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (101, "một trăm lẻ một"),
    (105, "một trăm lẻ năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm lẻ một"),
    (1_010, "một nghìn không trăm mười"),
    (10_000, "mười nghìn"),
    (100_005, "một trăm nghìn không trăm lẻ năm"),
    (1_000_000, "một triệu"),
    (1_000_001, "một triệu không trăm lẻ một"),
    (2_070_000, "hai triệu không trăm bảy mươi nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_001, "một tỷ không trăm lẻ một"),
    (12_345_678_901, "mười hai tỷ ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn "
                     "chín trăm lẻ một"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (5_000_001_000_000, "năm nghìn tỷ không trăm lẻ một triệu"),
    (10**18, "một tỷ tỷ"),
    (-1_234, "âm một nghìn hai trăm ba mươi tư"),
]


@pytest.mark.parametrize(("number", "words"), READINGS)
def test_readings(number: int, words: str) -> None:
    assert number_in_words(number) == words


def test_amount_for_the_document() -> None:
    assert amount_in_words(2_070_000) == "Hai triệu không trăm bảy mươi nghìn đồng"
    assert amount_in_words(0) == "Không đồng"
    assert amount_in_words(Decimal("21")) == "Hai mươi mốt đồng"


@pytest.mark.parametrize("value", [1.5, Decimal("2.5"), True, "12", None, Decimal("NaN")])
def test_only_whole_numbers(value: object) -> None:
    with pytest.raises(BadArgument):
        number_in_words(value)


def test_distinct_and_well_formed_up_to_a_million() -> None:
    seen = set()
    for n in range(0, 1_000_000, 7):
        words = number_in_words(n)
        assert words == words.strip() and "  " not in words
        seen.add(words)
    assert len(seen) == len(range(0, 1_000_000, 7))


@given(st.integers(min_value=1, max_value=10**21))
def test_shape_of_every_reading(n: int) -> None:
    words = number_in_words(n).split()
    assert "mười mốt" not in " ".join(words) and "mươi bốn" not in " ".join(words)
    assert "lẻ" not in words or words[words.index("lẻ") - 1] == "trăm"
    assert "linh" not in words
    assert number_in_words(-n) == "âm " + " ".join(words)


@pytest.mark.parametrize(("value", "places", "text"), [
    (Decimal("2070000"), None, "2.070.000"),
    (Decimal("7.50"), None, "7,5"),
    (Decimal("0.625"), None, "0,625"),
    (Decimal("1E+3"), None, "1.000"),
    (Decimal("1234.5"), 0, "1.235"),  # half up
    (Decimal("-1234.5"), None, "-1.234,5"),
    (Decimal("-0.4"), 0, "0"),
    (12_345_678_901, None, "12.345.678.901"),
    (0, None, "0"),
])
def test_figures(value: Decimal | int, places: int | None, text: str) -> None:
    assert format_number(value, places) == text
