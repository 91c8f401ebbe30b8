"""Numbers and dates the reader's way: 1.234.567,5 and 31/01/2024 in Vietnamese,
1,234,567.5 and 2024年1月31日 in Chinese, 1,234,567.5 and 2024-01-31 in English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

#: (thousands separator, decimal mark) per language.
SEPARATORS = {"vi": (".", ","), "zh": (",", "."), "en": (",", ".")}


def number(value: int | float | Decimal, lang: str, places: int | None = None, *,
           grouped: bool = True) -> str:
    """``value`` with thousands grouped (unless ``grouped`` is false: a year, a count);
    ``places`` decimals, or as many as it has."""
    thousands, mark = SEPARATORS.get(lang, SEPARATORS["en"])
    if isinstance(value, float):
        value = Decimal(repr(value))
    value = Decimal(value)
    text = f"{value:,.{places}f}" if places is not None else f"{value.normalize():,f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", thousands if grouped else "")
    return f"{whole}{mark}{fraction}" if fraction else whole


def date(value: dt.date, lang: str) -> str:
    """``value`` as the reader writes a date."""
    if lang == "vi":
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


#: How a language joins the items of a list, and the clauses of a sentence.
_ITEMS = {"zh": "、"}
_CLAUSES = {"zh": "；"}


def series(items: list[str], lang: str) -> str:
    """Items of a list as the reader writes them: ``a, b, c``; in Chinese ``a、b、c``."""
    return _ITEMS.get(lang, ", ").join(items)


def clauses(items: list[str], lang: str) -> str:
    """Clauses of one sentence: ``a; b``; in Chinese ``a；b``."""
    return _CLAUSES.get(lang, "; ").join(items)
