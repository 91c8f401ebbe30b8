"""Vietnamese numbers: in words for "Bằng chữ", and in figures (2.070.000; 7,5).

Reading rules (the usual ones of Vietnamese accounting documents):

- digits are read in groups of three under "nghìn", "triệu", "tỷ"; above 999 tỷ the scales
  repeat: 10^12 is "một nghìn tỷ", 10^18 "một tỷ tỷ";
- a group that is all zeros is not read (1.000.000 is "một triệu"); a group after the
  leading one is read in full, with "không trăm" and "lẻ":
  1.001 is "một nghìn không trăm lẻ một", 2.070.000 "hai triệu không trăm bảy mươi nghìn";
- a zero tens digit between hundreds and units is "lẻ" (105 is "một trăm lẻ năm"); "lẻ" is
  the choice here, not "linh", and it is used everywhere;
- 10..19 are "mười", "mười một" ... (never "mười mốt"); 20..99 take "mươi": "hai mươi";
- units after "mươi": 1 is "mốt" (21 "hai mươi mốt"), 4 is "tư" (24 "hai mươi tư"; the
  choice here, not "bốn"), 5 is "lăm" (25 "hai mươi lăm"); after "mười" 5 is "lăm" too
  (15 "mười lăm") and 4 stays "bốn" (14 "mười bốn"); after "lẻ" and alone every digit is
  its own name (105 "một trăm lẻ năm", 5 "năm");
- 0 is "không"; a negative number starts with "âm".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import BadArgument, shown
from .i18n import Domain

_ = Domain(__name__)

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
#: Scales of the three-digit groups below a billion.
_GROUP_SCALES = ("", "nghìn", "triệu")
_BILLION = 10**9


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise BadArgument(_.later("a number to write in words must be a whole number, not "
                                  "{value}", value=shown(value)))
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    raise BadArgument(_.later("a number to write in words must be a whole number, not {value}; "
                              "round the amount to the đồng first", value=shown(value)))


def _group(n: int, full: bool) -> list[str]:
    """Words of 1..999; ``full`` reads a zero hundreds ("không trăm") and a zero tens ("lẻ")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["lẻ"] if words else []) + [DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    """Words of 1..999,999,999; ``full``: something is read before it (its groups read full)."""
    words: list[str] = []
    for scale in range(len(_GROUP_SCALES) - 1, -1, -1):
        part = n // 1000**scale % 1000
        if part:
            words += _group(part, full or bool(words))
            if _GROUP_SCALES[scale]:
                words.append(_GROUP_SCALES[scale])
    return words


def _positive(n: int, full: bool = False) -> list[str]:
    if n < _BILLION:
        return _below_billion(n, full)
    words = [*_positive(n // _BILLION, full), "tỷ"]
    rest = n % _BILLION
    return words + (_below_billion(rest, True) if rest else [])


def number_in_words(value: int | Decimal) -> str:
    """A whole number in Vietnamese words, lower case: 2070000 -> "hai triệu không trăm bảy
    mươi nghìn".

    Raises:
        BadArgument: the value is not a whole number (a fraction, a float, a bool).
    """
    n = _whole(value)
    if n == 0:
        return DIGITS[0]
    words = _positive(abs(n))
    return " ".join((["âm"] if n < 0 else []) + words)


def amount_in_words(value: int | Decimal) -> str:
    """An amount of đồng as a document writes it after "Bằng chữ:": capitalised, with "đồng".

    >>> amount_in_words(2070000)
    'Hai triệu không trăm bảy mươi nghìn đồng'
    """
    words = number_in_words(value)
    return f"{words[0].upper()}{words[1:]} đồng"


def format_number(value: int | Decimal, places: int | None = None) -> str:
    """A number in Vietnamese figures: "." between thousands, "," before decimals.

    ``places`` None writes the value's own digits without trailing zeros (7.50 -> "7,5");
    a number of places rounds half up to it.
    """
    number = Decimal(_whole(value)) if isinstance(value, int) else value
    if not isinstance(number, Decimal) or not number.is_finite():
        raise BadArgument(_.later("a number to format must be a finite Decimal or int, not "
                                  "{value}", value=shown(value)))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        number = number.normalize()
    text = format(abs(number), "f")
    whole, _point, fraction = text.partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    sign = "-" if number < 0 and number != 0 else ""
    return sign + groups + (f",{fraction}" if fraction else "")
