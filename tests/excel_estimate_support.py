"""Workbooks as Excel hands them to xlwings, for the estimate-from-Excel tests.

:func:`book_of` turns openpyxl workbooks into the Office.js book that xlwings Lite (and
xlwings Server) builds from the JSON Excel sends: values of every sheet (formula cells as
their computed results), the defined names. :class:`FakeExcel` answers xlwings' on-demand
reads (``get_formula``, ``get_number_format``: the one call xlwings Lite makes to Excel,
``client_read("getRangeData", ...)``) and the classic engine's ``Range.number_format`` from
the same openpyxl workbooks, so the scripts run through xlwings' own code down to the wire.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.utils import range_boundaries

from normbook.estimate.readback_names import defined_names, reference


def _value(value: Any) -> Any:
    if value is None:
        return ""  # Excel's book data holds an empty cell as ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)  # Excel holds binary floating point
    return value


def _values(ws: Any) -> list[list]:
    if ws.max_row == 1 and ws.max_column == 1 and ws["A1"].value is None:
        return [[]]
    return [[_value(c.value) for c in row] for row in ws.iter_rows(
        min_row=1, max_row=ws.max_row, min_col=1, max_col=ws.max_column)]


class FakeExcel:
    """Excel's side of the on-demand reads: formulas and number formats of the workbooks."""

    def __init__(self, *books: Any):
        self.sheets = {ws.title: ws for book in books for ws in book.worksheets}
        self.reads: list[tuple[str, str, str]] = []

    def _cells(self, sheet: str, address: str):
        ws = self.sheets[sheet]
        low, top, high, bottom = range_boundaries(address.replace("$", ""))
        return [[ws.cell(r, c) for c in range(low, high + 1)] for r in range(top, bottom + 1)]

    def formulas(self, sheet: str, address: str) -> list[list]:
        def formula(cell: Any) -> Any:
            if cell.data_type == "f":
                return str(getattr(cell.value, "text", cell.value))
            return _value(cell.value)
        return [[formula(c) for c in row] for row in self._cells(sheet, address)]

    def number_format(self, sheet: str, address: str) -> str | None:
        formats = {c.number_format for row in self._cells(sheet, address) for c in row}
        return formats.pop() if len(formats) == 1 else None

    def install(self, monkeypatch: Any) -> None:
        from xlwings.pro import _xlremote

        excel = self

        async def get_range_data(rng: Any, key: str, method: Any = None) -> Any:
            excel.reads.append((key, rng.sheet.name, rng.address))
            if key == "formulas":
                return excel.formulas(rng.sheet.name, rng.address)
            if key == "number_format":
                return excel.number_format(rng.sheet.name, rng.address)
            raise NotImplementedError(key)

        monkeypatch.setattr(_xlremote.Range, "_get_range_data", get_range_data)
        monkeypatch.setattr(_xlremote.Range, "number_format", property(
            lambda rng: excel.number_format(rng.sheet.name, rng.address),
            _xlremote.Range.number_format.fset))


def book_of(*parts: tuple[Any, Any], name: str = "Normbook.xlsx",
            names_from: Path | None = None, active: int = 0) -> xw.Book:
    """The Office.js book of openpyxl workbooks: ``(formulas, values)`` pairs (the same
    workbook twice for one without formulas), their sheets in order; ``names_from``: the
    .xlsx whose defined names the book has."""
    sheets = []
    for _formulas, values in parts:
        for ws in values.worksheets:
            sheets.append({"name": ws.title, "values": _values(ws), "pictures": [],
                           "tables": []})
    names = []
    for d in defined_names(names_from) if names_from else ():
        ref = reference(d.text)
        index = [s["name"] for s in sheets].index(ref.sheet) if ref else None
        names.append({"name": d.name, "refers_to": "=" + d.text, "book_scope": True,
                      "scope_sheet_name": None, "scope_sheet_index": None,
                      "sheet_index": index, "address": ref.plain if ref else None})
    return xw.Book(json={
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": active, "selection": "A1"},
        "names": names, "sheets": sheets,
    })


def load_pair(path: Path) -> tuple[Any, Any]:
    """A saved workbook's formulas and its stored values."""
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def written(book: xw.Book, sheet: int) -> dict[tuple[int, int], Any]:
    """(row, column) -> what the actions set in sheet position ``sheet`` (values and
    formulas), 1-based."""
    cells: dict[tuple[int, int], Any] = {}
    for action in book.json()["actions"]:
        if action["func"] in ("setValues", "setFormula") and action["sheet_position"] == sheet:
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    cells[(action["start_row"] + i + 1, action["start_column"] + j + 1)] = value
    return cells


def sheet_positions(book: xw.Book) -> dict[str, int]:
    return {s.name: i for i, s in enumerate(book.sheets)}
