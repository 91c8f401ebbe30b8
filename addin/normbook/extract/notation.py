"""Read the numbers of the circular the way it means them.

The circular is Vietnamese: a comma is the decimal mark ("7,5") and a dot or a space groups
thousands ("10.000" kW is ten thousand, "37 500" is thirty-seven thousand five hundred). A few
cells use a dot as the decimal mark instead ("0.25"): a dot followed by one or two digits, or
after a zero integer part, cannot be a thousands separator, so it is read as a decimal mark.
Leading zeros ("04") are plain integers.
"""

from __future__ import annotations

import re
from decimal import Decimal

_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("integer", re.compile(r"\d+")),
    ("comma_decimal", re.compile(r"\d+,\d+")),
    ("dot_thousands", re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")),
    ("space_thousands", re.compile(r"[1-9]\d{0,2}(?: \d{3})+")),
    ("dot_decimal", re.compile(r"\d+\.\d{1,2}|0\.\d+")),
)


def number_format(text: str) -> str | None:
    """Name the notation of ``text`` ("comma_decimal", ...), or None if it is not a number."""
    cell = text.strip()
    for name, pattern in _FORMATS:
        if pattern.fullmatch(cell):
            return name
    return None


def parse_number(text: str) -> Decimal | None:
    """The value of a number cell as the circular means it, or None if the cell is not a number.

    >>> parse_number("7,5"), parse_number("10.000"), parse_number("37 500"), parse_number("0.25")
    (Decimal('7.5'), Decimal('10000'), Decimal('37500'), Decimal('0.25'))
    """
    fmt = number_format(text)
    if fmt is None:
        return None
    cell = text.strip()
    if fmt == "comma_decimal":
        cell = cell.replace(",", ".")
    elif fmt == "dot_thousands":
        cell = cell.replace(".", "")
    elif fmt == "space_thousands":
        cell = cell.replace(" ", "")
    return Decimal(cell)


def format_decimal(value: Decimal) -> str:
    """Exact text of a Decimal for CSV ("7.5", "10000"): no exponent, no trailing zeros."""
    return format(value.normalize(), "f")
