"""Every number notation the circular uses, read the way the circular means it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normbook.extract.notation import format_decimal, number_format, parse_number


@pytest.mark.parametrize(
    ("text", "value", "fmt"),
    [
        # comma decimal mark, the circular's usual notation
        ("7,5", Decimal("7.5"), "comma_decimal"),
        ("0,125", Decimal("0.125"), "comma_decimal"),
        ("377,5", Decimal("377.5"), "comma_decimal"),
        # a dot as decimal mark: one or two digits after it, or a zero integer part
        ("0.25", Decimal("0.25"), "dot_decimal"),
        ("0.2", Decimal("0.2"), "dot_decimal"),
        ("0.8", Decimal("0.8"), "dot_decimal"),
        # a dot grouping thousands: kW of electricity
        ("10.000", Decimal("10000"), "dot_thousands"),
        ("50.000", Decimal("50000"), "dot_thousands"),
        ("5.000", Decimal("5000"), "dot_thousands"),
        # a space grouping thousands
        ("37 500", Decimal("37500"), "space_thousands"),
        ("79 000", Decimal("79000"), "space_thousands"),
        ("12 500", Decimal("12500"), "space_thousands"),
        # plain integers, leading zeros included
        ("04", Decimal("4"), "integer"),
        ("05", Decimal("5"), "integer"),
        ("1095", Decimal("1095"), "integer"),
        ("0", Decimal("0"), "integer"),
    ],
)
def test_number_notations(text: str, value: Decimal, fmt: str) -> None:
    assert number_format(text) == fmt
    parsed = parse_number(text)
    assert parsed == value
    assert isinstance(parsed, Decimal)


def test_surrounding_spaces_do_not_matter() -> None:
    assert parse_number(" 7,5 ") == Decimal("7.5")
    assert parse_number("10.000 ") == Decimal("10000")


@pytest.mark.parametrize(
    "text",
    ["12 000 BTU", "5//9", "", "   ", "A4", "Bậc: 3/9", "Tùy thuộc vào thực tế", "1,5,5", "-3",
     "3/9", "24.000 BTU", "7,"],
)
def test_non_numbers_are_none(text: str) -> None:
    assert number_format(text) is None
    assert parse_number(text) is None


def test_a_dot_with_three_digits_groups_thousands_not_decimals() -> None:
    # "10.000" kW is ten thousand, never ten; "1.5" can only be one and a half.
    assert parse_number("10.000") != Decimal("10")
    assert parse_number("1.5") == Decimal("1.5")


def _vietnamese(d: Decimal) -> str:
    """``d`` written as the circular writes it: a comma as decimal mark."""
    return format(d, "f").replace(".", ",")


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False,
                   allow_infinity=False))
def test_comma_decimal_round_trips(d: Decimal) -> None:
    text = _vietnamese(d)
    assert parse_number(text) == d, text


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([".", " "]))
def test_grouped_thousands_round_trip(n: int, separator: str) -> None:
    text = f"{n:,}".replace(",", separator)
    assert parse_number(text) == n, text


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False,
                   allow_infinity=False))
def test_format_decimal_is_exact_and_plain(d: Decimal) -> None:
    text = format_decimal(d)
    assert Decimal(text) == d
    assert "E" not in text.upper()
