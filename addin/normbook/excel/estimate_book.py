"""The estimate actions' reading and writing of the user's workbook, through xlwings' book
API (the same calls in classic xlwings and in xlwings Lite): the set-up sheet's values, its
status cell and counts block, the results sheet, and an estimate workbook's sheets copied
into the live book with their formulas, number formats, widths and defined names.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import Domain, listed
from .estimate_actions import Outcome, failed
from .estimate_setup import (
    SetupProblem,
    is_results_sheet,
    is_setup_sheet,
    read_setup,
    results_name,
    sheet_name,
    status_cell,
)

_ = Domain(__name__)

#: Office.js measures column widths in points, openpyxl in characters of the default font:
#: Excel's default column, 8.43 characters, is 48 points.
POINTS_PER_CHARACTER = 48 / 8.43
#: A text constant Excel would read as something else when written into a cell (a number, a
#: date, a formula, a boolean) gets Excel's text prefix, an apostrophe.
_LOOKS_TYPED = re.compile(r"^[=+@-]|^\s*[\d.,/:%\s-]+\s*$|^(true|false)$", re.IGNORECASE)


def setup_sheet(book: Any) -> Any:
    """The set-up sheet of ``book`` (its name in any language).

    Raises:
        SetupProblem: the workbook has none.
    """
    for sheet in book.sheets:
        if is_setup_sheet(sheet.name):
            return sheet
    raise SetupProblem(_.later("this workbook has no sheet {sheet}: write the starter with "
                               "normbook excel-starter and work in it, or copy its sheet {sheet} "
                               "into this workbook", sheet=sheet_name()))


def values_of(sheet: Any) -> list[list]:
    """The sheet's values from A1 to the end of its used range, as a 2-D list."""
    used = sheet.used_range
    last = used.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values]


def read_setup_sheet(book: Any, what: str) -> tuple[Any, Any, SetupProblem | None]:
    """(the set-up sheet, its reading, None), or (None, None, the problem): a set-up that
    cannot be read says so in its status cell, ``what`` saying what was not done. Both
    runtimes start every action with it."""
    try:
        sheet = setup_sheet(book)
    except SetupProblem as exc:
        return None, None, exc
    values = values_of(sheet)
    try:
        return sheet, read_setup(values), None
    except SetupProblem as exc:
        write_status(sheet, status_cell(values), failed(exc, what).summary)
        return None, None, exc


def write_status(sheet: Any, cell: tuple[int, int] | None, text: str) -> None:
    if cell is not None:
        sheet.range(cell).value = text


def write_counts(sheet: Any, at: tuple[int, int], old_rows: int, rows: list[list]) -> None:
    """The counts block, replacing the rows it had; left as it is (its formulas too) when it
    already holds these rows."""
    if old_rows == len(rows) and rows:
        now = sheet.range(at, (at[0] + len(rows) - 1, at[1] + 3)).options(ndim=2).value
        if _same_rows(now, rows):
            return
    if old_rows > len(rows):
        sheet.range((at[0] + len(rows), at[1]),
                    (at[0] + old_rows - 1, at[1] + 3)).value = [[None] * 4] * (old_rows -
                                                                                 len(rows))
    if rows:
        sheet.range(at, (at[0] + len(rows) - 1, at[1] + 3)).value = rows


def _same_rows(now: Any, rows: list[list]) -> bool:
    def plain(value: Any) -> Any:
        if value == "":
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    return [[plain(v) for v in r] for r in now or []] == [[plain(v) for v in r] for r in rows]


def write_results(book: Any, title: str, outcome: Outcome) -> None:
    """The results sheet, replacing the last action's: title, summary, then the details."""
    for sheet in list(book.sheets):
        if is_results_sheet(sheet.name):
            sheet.delete()
    sheet = book.sheets.add(results_name(), after=book.sheets[len(book.sheets) - 1])
    rows = [[title], [outcome.summary], [], *outcome.details]
    width = max(len(r) for r in rows) or 1
    sheet.range((1, 1), (len(rows), width)).value = [
        [_cell(v) for v in r] + [None] * (width - len(r)) for r in rows]
    _width(sheet, 1, 16)
    _width(sheet, 2, 60 if width <= 2 else 16)


def _cell(value: Any) -> Any:
    """A value to write: text as text (an apostrophe where Excel would type it otherwise)."""
    if isinstance(value, str) and _LOOKS_TYPED.search(value):
        return "'" + value
    return value


def _width(sheet: Any, column: int, characters: float) -> None:
    sheet.range((1, column)).column_width = round(characters * POINTS_PER_CHARACTER, 1) \
        if _office_js(sheet) else characters


def _office_js(sheet: Any) -> bool:
    api = sheet.book.api
    return isinstance(api, dict) and api.get("client") == "Office.js"


# ---- an estimate's sheets into the live book (xlwings Lite) ---------------------------------

def copy_estimate(book: Any, source: Any, sheets: list[str], *, replace: bool) -> None:
    """Sheets ``sheets`` of openpyxl workbook ``source`` (an estimate Normbook wrote) added to
    ``book`` after its last sheet, with their formulas, values, number formats, column
    widths and bold headers, and the workbook's defined names (the estimate's formulas and
    its readers use them).

    Raises:
        SetupProblem: a sheet of that name exists and ``replace`` is false.
    """
    existing = {s.name: s for s in book.sheets}
    clash = [name for name in sheets if name in existing]
    if clash and not replace:
        raise SetupProblem(_.later("this workbook has sheets {sheets} already (an earlier "
                                   "estimate?); set {label} to TRUE on sheet {setup} to "
                                   "replace them, or rename them", sheets=listed(clash),
                                   label=_replace_label(), setup=sheet_name()))
    for name in clash:
        existing[name].delete()
    names = [d for d in _defined(source)]
    for name, _text in names:
        if book.names.contains(name):
            book.names(name).delete()
    for name in sheets:
        ws = source[name]
        sheet = book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
        _copy_sheet(ws, sheet)
    for name, text in names:
        book.names.add(name, "=" + text.lstrip("="))
    active = source.active.title if source.active is not None else None
    if active in sheets:
        book.sheets[active].activate()


def _replace_label() -> str:
    from .estimate_setup import _LABELS

    return str(_LABELS["replace"])


def _defined(source: Any) -> list[tuple[str, str]]:
    names = getattr(source, "defined_names", {})
    items = names.items() if hasattr(names, "items") else ((d.name, d) for d in names)
    return [(name, d.attr_text) for name, d in items]


def _content(cell: Any) -> Any:
    import datetime as dt

    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        return str(value.text if hasattr(value, "text") else value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return "'" + value if (cell.quotePrefix or _LOOKS_TYPED.search(value)) else value
    return value


def _copy_sheet(ws: Any, sheet: Any) -> None:
    from openpyxl.utils import get_column_letter

    rows, columns = ws.max_row, ws.max_column
    block = [[_content(ws.cell(r, c)) for c in range(1, columns + 1)]
             for r in range(1, rows + 1)]
    sheet.range((1, 1), (rows, columns)).formula = block
    for c in range(1, columns + 1):  # number formats, one write per run of equal cells
        start, current = 1, ws.cell(1, c).number_format
        for r in range(2, rows + 2):
            here = ws.cell(r, c).number_format if r <= rows else None
            if here != current:
                if current and current != "General":
                    sheet.range((start, c), (r - 1, c)).number_format = current
                start, current = r, here
        width = ws.column_dimensions[get_column_letter(c)].width
        if width:
            _width(sheet, c, width)
    bold = [c for c in range(1, columns + 1) if ws.cell(1, c).font and ws.cell(1, c).font.b]
    if bold:
        sheet.range((1, min(bold)), (1, max(bold))).font.bold = True
