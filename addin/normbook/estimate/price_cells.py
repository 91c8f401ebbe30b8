"""A cell of an input workbook read as a person typed it: numbers, text numbers the Vietnamese
way, percentages by the one convention of every input file, each problem noted with its cell.

The prices workbook's sheets (:mod:`.prices`) and its cost lines sheet (:mod:`.cost_lines`)
read their cells here; every problem is collected (:class:`_Problems`) so that the user fixes
them in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..extract.notation import parse_number
from ..i18n import Domain
from .model import MAX_PRICE

_ = Domain(__name__)


def fold_label(text: Any) -> str:
    """A label as the readers compare it: NFC, spaces collapsed, case folded."""
    import unicodedata

    return unicodedata.normalize("NFC", " ".join(str(text).split())).casefold()


def keys_by_label(table: dict[str, Any]) -> dict[str, str]:
    """Every label of every language (and the key itself) -> its key, folded: a header or a
    name written in any language Normbook writes reads as its key."""
    from ..i18n import LANGUAGES

    out: dict[str, str] = {}
    for key, message in table.items():
        out.setdefault(fold_label(key), key)
        for lang in LANGUAGES:
            out.setdefault(fold_label(message.render(lang)), key)
    return out


def number_convention() -> str:
    """How the template's sheets say a number typed as text is read (the same in every
    language: the Vietnamese way, as :func:`parse_amount_text` reads it)."""
    return _("Numbers typed as text are read the Vietnamese way: 1.234.567,5 (a dot groups "
             "thousands, a comma marks decimals); 1.500 or 1,500 alone is refused as "
             "ambiguous.")


def percent_convention() -> str:
    """How every sheet with a percentage says it is read (:func:`_percent`)."""
    return _("Percentages: a cell formatted as a percentage holds a fraction (0.235 shows as "
             "23.5 %); any other cell holds percent units (23.5 for 23.5 %), and text may end "
             "in % (23,5%). A number between 0 and 1 in a cell not formatted as a percentage "
             "is refused as ambiguous (0.235 % or 23.5 %?).")


# ---- numbers as people type them ----------------------------------------------------------

def parse_amount_text(text: str) -> Decimal:
    """A number typed as text, read the Vietnamese way; ValueError saying why if it is not one.

    "1.500.000" is 1,500,000 and "1,5" is 1.5 (a comma is the decimal mark, a dot or a space
    groups thousands). A single separator before exactly three digits ("1.500", "1,500") is
    refused: read the Vietnamese way or the English way the two differ a thousandfold, and a
    price must not depend on a guess. English grouping ("1,500,000") is refused too.
    """
    cell = text.strip().replace("\u00a0", " ")
    sign = -1 if cell.startswith("-") else 1
    body = cell.lstrip("-").strip()
    if re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", body):
        whole, fraction = re.split(r"[.,]", body)
        decimal = f"{whole},{fraction.rstrip('0') or '0'}"
        raise ValueError(_.later("{text} is ambiguous (a thousand times apart in Vietnamese "
                                 "and English notation); write {thousands} or {decimal}, or "
                                 "type a number into the cell", text=repr(text),
                                 thousands=whole + fraction, decimal=decimal))
    if re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+(\.\d+)?", body):
        whole, _mark, fraction = body.partition(".")  # 12,345.67 -> 12.345,67
        vietnamese = whole.replace(",", ".") + (f",{fraction}" if fraction else "")
        raise ValueError(_.later("{text} uses English digit grouping; type it as a number or "
                                 "the Vietnamese way ({vietnamese})", text=repr(text),
                                 vietnamese=vietnamese))
    m = re.fullmatch(r"([1-9]\d{0,2}(?:\.\d{3})+),(\d+)", body)  # 1.500.000,5
    value = (parse_number(m.group(1)) + Decimal(f"0.{m.group(2)}")) if m else parse_number(body)
    if value is None:
        raise ValueError(_not_a_number(text))
    return sign * value


def _not_a_number(value: Any) -> Any:
    return _.later("{value} is not a number", value=repr(value))


def _said(exc: Exception) -> Any:
    """An error's message as raised: a Message keeps its facts (said where it is shown)."""
    from ..i18n import Message

    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)


def _percent_text(text: str) -> Decimal | None:
    """"10%" -> Decimal(10); None when the text has no % sign."""
    cell = text.strip()
    if not cell.endswith("%"):
        return None
    return parse_amount_text(cell[:-1])


class _Problems:
    """Every bad cell, collected so the user fixes them in one pass."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: Any) -> None:
        """A problem at ``where`` (sheet!cell): English text for programs (a Text), said in the
        language of the place that shows it."""
        from ..i18n import Text

        self.items.append(Text(_.later("{where}: {message}", where=where, message=message)))


def _cell_number(cell: Any, formula: bool, where: str, problems: _Problems) -> Decimal | None:
    """A cell as a Decimal ≥ 0, or None when empty; problems noted with the cell's address."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        if formula:
            problems.add(where, _.later("a formula with no computed value; open and save the "
                                        "workbook in Excel or LibreOffice first"))
        return None
    try:
        if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
            raise ValueError(_not_a_number(value))
        if isinstance(value, int | float):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        elif isinstance(value, str):
            number = parse_amount_text(value)
        else:
            raise ValueError(_not_a_number(value))
    except (ValueError, ArithmeticError) as exc:
        problems.add(where, _said(exc) if str(exc) else _not_a_number(value))
        return None
    if not number.is_finite():
        problems.add(where, _not_a_number(value))
        return None
    if number < 0:
        problems.add(where, _.later("{value} is negative; prices and quantities are 0 or "
                                    "more", value=repr(value)))
        return None
    if number > MAX_PRICE:
        problems.add(where, _.later("{value} is too large: prices and quantities are at most "
                                    "{most:n} (check the unit and the digits)",
                                    value=repr(value), most=MAX_PRICE))
        return None
    return number


def _is_formula(sheet: Any, row: int, column: int) -> bool:
    return sheet.cell(row, column).data_type == "f"


def _percent(cell: Any, formula: bool, where: str, problems: _Problems, *, field: Any,
             most: Decimal = Decimal(100)) -> Decimal | None:
    """A percentage in percent units (23.5 for 23.5 %), by the one convention of every input
    file (:func:`percent_convention`), or None (empty, or a problem noted with the cell).

    What a person sees is what is read: a number in a cell whose number format has a % is a
    fraction (0.235, which Excel shows as 23.5 %); any other number is in percent units
    (23.5); text ending in % is percent units whatever the format ("23,5%"), and other text
    is read as a number the Vietnamese way (:func:`parse_amount_text`), in percent units.

    A number strictly between 0 and 1 that is not in a %-formatted cell and has no % sign
    (0.235, "0,235") is refused as ambiguous rather than read as 0.235 %: it is 23.5 % written
    as a fraction as often as a deliberate 0.235 %, the two differ a hundredfold, and no
    on-cost or depreciation rate is plausibly under 1 %. 0 and 1 themselves are clear. Values
    beyond ``most`` percent are refused, naming what the cell's format made of them.
    """
    value = cell.value
    name = field
    if isinstance(value, str):
        try:
            per = _percent_text(value)
        except ValueError as exc:
            problems.add(where, _said(exc))
            return None
        if per is not None:  # explicit: "23,5%"
            if per < 0:
                problems.add(where, _.later("{value} is negative", value=repr(value)))
                return None
            return _at_most(per, value, where, problems, name, most)
    number = _cell_number(cell, formula, where, problems)
    if number is None:
        return None
    if not isinstance(value, str) and "%" in (cell.number_format or ""):
        percent = number * 100
        if percent > most:
            problems.add(where, _.later(
                "{value} is not a rate: in a cell formatted as a percentage it is {percent} %, "
                "and {field} is at most {most} %; type {plain}% into this cell, or {plain} "
                "into a cell not formatted as a percentage", value=repr(value),
                percent=_plain(percent), field=name, most=most, plain=_plain(number)))
            return None
        return percent
    if 0 < number < 1:
        as_percent = _plain(number * 100)
        problems.add(where, _.later(
            "{value} is ambiguous: outside a cell formatted as a percentage {field} is in "
            "percent, so it reads as {plain} % although it may be {percent} % written as a "
            "fraction; write {percent} for {percent} %, or format the cell as % (or type "
            "{plain}% if you mean {plain} %)", value=repr(value), field=name,
            plain=_plain(number), percent=as_percent))
        return None
    return _at_most(number, value, where, problems, name, most)


def _at_most(percent: Decimal, value: Any, where: str, problems: _Problems, name: Any,
             most: Decimal) -> Decimal | None:
    if percent > most:
        problems.add(where, _.later("{value} is more than {most} %: {field} is at most {most} "
                                    "% (23.5 for 23.5 %)", value=repr(value), most=most,
                                    field=name))
        return None
    return percent


def _plain(number: Decimal) -> str:
    """A number without exponent or trailing zeros: 23.5, 2350."""
    return format(number.normalize(), "f")
