"""A second spreadsheet engine (the ``formulas`` package, pure Python) recalculates the
estimate workbook and must agree with the results Normbook stores, which are Python's figures
(LibreOffice is the first engine: tests/test_estimate_workbook.py).

``formulas`` computes INDEX on an empty cell as 0, as Excel does, so it also checks that no
lookup turns a missing price into a cost of 0.
"""

from __future__ import annotations

import math
from pathlib import Path

import formulas  # the second engine, from the [test] extra
import openpyxl
import pytest


def engine_values(path: Path) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> what the engine computes, for every formula cell."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, ranges in solution.items():
        if "!" not in key:
            continue
        sheet, ref = key.rsplit("!", 1)
        if ":" in ref:
            continue
        value = getattr(ranges, "value", ranges)[0][0]
        out[(sheet.split("]", 1)[1].strip("'").upper(), ref)] = value
    return out


def _plain(value):
    """An engine value as openpyxl would give it: None for empty, text for errors."""
    name = type(value).__name__
    if name == "XlError":
        return str(value)
    if name == "Empty" or (isinstance(value, str) and value == ""):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


@pytest.fixture(scope="module")
def estimate_workbook(tmp_path_factory) -> Path:
    from test_estimate_workbook import PRICES_FILE, compute

    from normbook.estimate.workbook import write_estimate_workbook

    return write_estimate_workbook(compute(), tmp_path_factory.mktemp("second") / "e.xlsx",
                                   prices_source=PRICES_FILE)


def test_the_second_engine_agrees_with_the_stored_python_figures(estimate_workbook):
    formulas_book = openpyxl.load_workbook(estimate_workbook)
    stored = openpyxl.load_workbook(estimate_workbook, data_only=True)
    computed = engine_values(estimate_workbook)
    checked, differ = 0, []
    for ws in formulas_book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                mine = stored[ws.title][cell.coordinate].value
                theirs = _plain(computed.get((ws.title.upper(), cell.coordinate)))
                checked += 1
                if isinstance(mine, int | float) and isinstance(theirs, int | float):
                    if not math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-6):
                        differ.append((ws.title, cell.coordinate, mine, theirs))
                elif (mine or None) != (theirs or None):
                    differ.append((ws.title, cell.coordinate, mine, theirs))
    assert checked > 100
    assert differ == []


def without_structured_references(source: Path, target: Path) -> Path:
    """A copy whose formulas name ranges instead of table columns.

    Neither Gnumeric nor ``formulas`` reads structured references (``Labour[cong]``); the
    workbook keeps them because they are what a reader of the Examples understands. For the
    second engine only, each ``Table[column]`` becomes the column's data range.
    """
    import re

    from openpyxl.utils import get_column_letter, range_boundaries

    book = openpyxl.load_workbook(source)
    ranges = {}
    for ws in book.worksheets:
        for table in ws.tables.values():
            first_col, first_row, _, last_row = range_boundaries(table.ref)
            for i, column in enumerate(table.tableColumns):
                letter = get_column_letter(first_col + i)
                ranges[(table.name, column.name)] = (
                    f"'{ws.title}'!${letter}${first_row + 1}:${letter}${last_row}")
    pattern = re.compile(r"\b(\w+)\[([^\]]+)\]")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and \
                        cell.data_type == "f":
                    cell.value = pattern.sub(lambda m: ranges[(m.group(1), m.group(2))],
                                             cell.value)
    book.save(target)
    return target


def test_the_second_engine_agrees_with_the_norms_workbook_examples(tmp_path):
    from test_norms_workbook import examples

    from normbook.excel.norms_workbook import write_norms_workbook

    written = write_norms_workbook(tmp_path / "norms.xlsx")
    plain = without_structured_references(written, tmp_path / "plain.xlsx")
    computed = engine_values(plain)
    _, rows = examples(openpyxl.load_workbook(written, data_only=True)["Examples"])
    sheet = openpyxl.load_workbook(written)["Examples"]
    results = {sheet.cell(r, 1).value: _plain(computed.get(("EXAMPLES", f"B{r}")))
               for r in range(1, sheet.max_row + 1)
               if isinstance(sheet.cell(r, 2).value, str)
               and sheet.cell(r, 2).value.startswith("=")}
    assert len(rows) >= 8 and len(results) == len(rows)
    for label, stored, _, _ in rows:
        theirs = results[label]
        if isinstance(stored, int | float):
            assert math.isclose(stored, theirs, rel_tol=1e-9), (label, stored, theirs)
        else:
            assert stored == theirs, (label, stored, theirs)
