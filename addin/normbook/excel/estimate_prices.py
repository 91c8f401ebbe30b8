"""Prices from the prices sheets of the user's own workbook, read by the prices reader.

The prices reader (:func:`normbook.estimate.prices.read_prices`) reads a workbook file. The
sheets the prices template writes (Wages, Equipment, Materials, ... by their names in any
language) are copied cell by cell, values and number formats (a %-formatted cell holds a
fraction), into an in-memory workbook saved to a temporary file, and handed to that reader:
the same checks, the same messages, with the user's sheet names put back into them.

In a workbook that also holds an estimate (xlwings Lite writes it as sheets of the current
workbook) the template's sheet names would clash with the estimate's (both have Equipment
and Materials), so the starter names its prices sheets ``Equipment (prices)``
(:func:`prices_sheet_name`); plain template names are taken only in a workbook without an
estimate.
"""

from __future__ import annotations

import dataclasses
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import Domain, listed

_ = Domain(__name__)

#: A prices sheet's name beside an estimate's sheets: "Thiết bị (đơn giá)".
PRICES_SHEET = _.later("{sheet} (prices)")


@dataclass
class SheetCells:
    """One sheet as xlwings read it: values from A1, number formats of the cells that have
    one (1-based (row, column) -> format)."""

    name: str
    values: list[list]
    formats: dict[tuple[int, int], str] = field(default_factory=dict)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def template_keys() -> tuple[str, ...]:
    """The prices template's sheets by their keys, as the reader knows them."""
    from ..estimate import prices

    return tuple(getattr(prices, "_SHEET_LABELS", {k: k for k in prices.SHEETS}))


def prices_sheet_name(key: str) -> str:
    """The name the starter gives a prices sheet, in the language being written."""
    from dataclasses import replace

    from ..estimate.prices import label

    return replace(PRICES_SHEET, facts={"sheet": label(key)}).render()


def _suffixed_key(name: str) -> str | None:
    """The template key of a name written as :data:`PRICES_SHEET` in any language."""
    from dataclasses import replace

    from ..estimate.prices import key_of
    from ..i18n import LANGUAGES

    folded = _fold(name)
    for lang in LANGUAGES:
        before, _mark, after = replace(PRICES_SHEET, facts={"sheet": "\x00"}).render(
            lang).partition("\x00")
        before, after = _fold(before) if before.strip() else "", _fold(after)
        if folded.startswith(before) and folded.endswith(after) and \
                len(folded) > len(before) + len(after):
            inner = folded[len(before):len(folded) - len(after)] if after else \
                folded[len(before):]
            key = key_of(inner.strip(), sheet=True)
            if key is not None:
                return key
    return None


def find_prices_sheets(names: list[str]) -> dict[str, str]:
    """Template key -> the user's sheet holding it: ``Equipment (prices)`` where the workbook
    has such names, else the template's own names in a workbook without an estimate."""
    from ..estimate.prices import key_of

    suffixed = {}
    for name in names:
        key = _suffixed_key(name)
        if key is not None:
            suffixed.setdefault(key, name)
    if suffixed:
        return suffixed
    if has_estimate(names):
        return {}
    plain = {}
    for name in names:
        key = key_of(name, sheet=True)
        if key is not None:
            plain.setdefault(key, name)
    return plain


def has_estimate(names: list[str]) -> bool:
    """True when the workbook holds an estimate's sheets (its Inputs sheet, any language)."""
    from .. import i18n
    from ..estimate.workbook_inputs import sheet_name

    for lang in i18n.LANGUAGES:
        with i18n.speaking(lang):
            if sheet_name() in names:
                return True
    return False


def _copy(sheet: SheetCells, ws: Any) -> None:
    import datetime as dt

    for r, row in enumerate(sheet.values, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(r, c)
            if isinstance(value, Decimal):
                value = float(value)
            cell.value = value if isinstance(value, int | float | str | bool | dt.datetime |
                                             dt.date) else str(value)
    for (r, c), number_format in sheet.formats.items():
        if number_format and number_format != "General":
            ws.cell(r, c).number_format = number_format


def prices_from_sheets(sheets: dict[str, SheetCells], source: str) -> Any:
    """The prices in ``sheets`` (template key -> the sheet), read by the prices reader.

    ``source`` names the user's workbook in messages and in the estimate's citation.

    Raises:
        PricesError: as the reader does, the sheets named as the user's workbook names them.
    """
    from openpyxl import Workbook

    from ..estimate.model import PricesError
    from ..estimate.prices import label, read_prices

    book = Workbook()
    book.remove(book.active)
    renamed = {}
    for key, sheet in sheets.items():
        ws = book.create_sheet(label(key))
        _copy(sheet, ws)
        renamed[ws.title] = sheet.name
    stem = Path(source).stem or "prices"
    with tempfile.TemporaryDirectory(prefix="normbook-prices-") as folder:
        path = Path(folder) / f"{stem}.xlsx"
        book.save(path)
        try:
            prices = read_prices(path)
        except PricesError as exc:
            raise PricesError(source, tuple(_renamed(p, renamed) for p in exc.problems)) \
                from None
    shown = listed(s.name for s in sheets.values())
    return dataclasses.replace(prices, source=_("{book} (sheets {sheets})", book=source,
                                                sheets=shown))


def _renamed(problem: Any, renamed: dict[str, str]) -> str:
    """A reader's problem with the copy's sheet names replaced by the user's."""
    from .estimate_actions import excel_advice

    problem = excel_advice(problem)
    text = problem.render() if hasattr(problem, "render") else str(problem)
    for copy, user in renamed.items():
        if copy != user:
            text = text.replace(f"{copy}!", f"'{user}'!")
    return text


def write_prices_sheets(workbook: Any, appendices: Any = ("all",), *, year: Any = None) -> list:
    """The prices template's sheets, named :func:`prices_sheet_name`, added to openpyxl
    ``workbook`` (the starter): values, number formats, fonts, fills, comments, widths and
    validations, so they read and work as the template does."""
    from copy import copy

    from ..estimate.prices import build_prices_template, key_of

    template = build_prices_template(appendices, year=year).workbook
    added = []
    for source in template.worksheets:
        key = key_of(source.title, sheet=True)
        ws = workbook.create_sheet(prices_sheet_name(key) if key else source.title)
        for row in source.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                target = ws.cell(cell.row, cell.column, cell.value)
                if cell.has_style:
                    target.font, target.fill = copy(cell.font), copy(cell.fill)
                    target.number_format = cell.number_format
                    target.alignment = copy(cell.alignment)
                if cell.comment is not None:
                    from openpyxl.comments import Comment

                    target.comment = Comment(cell.comment.text, cell.comment.author)
        for letter, dimension in source.column_dimensions.items():
            ws.column_dimensions[letter].width = dimension.width
        for validation in source.data_validations.dataValidation:
            ws.add_data_validation(copy(validation))
        ws.freeze_panes = source.freeze_panes
        added.append(ws)
    return added
