"""Shared pieces of the estimate workbook: column layouts, styles, cell values, references.

Every sheet is a table under one header row (frozen) whose columns are declared once as
:class:`Column` tuples; formulas find their columns by key, so a column can move without a
formula going stale. openpyxl is imported only inside functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..i18n import Domain, Message

_ = Domain(__name__)

VND = "#,##0"  # whole đồng with thousands separators (the value itself is not rounded)
QUANTITY = "#,##0.###"
COEFFICIENT = "0.00"
PERCENT = "0%"
RATE = "0.00%"

HEADER_FILL = "DDEBF7"
INPUT_FILL = "FFF2CC"  # pale yellow: a cell to type in
MISSING_FILL = "F8CBAD"  # orange: a price is missing
NOT_IN_SOURCE_FILL = "E7E6E6"  # grey: the source gives no quantity
TOTAL_FILL = "F2F2F2"

#: What a line's status column says in an English workbook; the Summary counts these exact
#: texts. A workbook in another language says them in its language: the status formulas, the
#: conditional formats and the COUNTIFS are all written from :func:`price_missing` and
#: :func:`not_in_source`, so the workbook agrees with itself (and the reader, which rebuilds the
#: formulas in the workbook's language, with it).
PRICE_MISSING = "price missing"
NOT_IN_SOURCE = "not in source"
#: What stands in the amount cell of a row the source gives without a quantity.
NOT_IN_SOURCE_AMOUNT = "không có định mức trong nguồn"
#: The workbook-level name that records the language a workbook was written in ("vi", "zh",
#: "en"): a constant, so no cell a user edits holds it and Excel's Name Manager shows it. A
#: workbook without it was written in English (0.2.0 and the versions before the languages).
LANGUAGE_NAME = "NormbookLanguage"


def price_missing() -> str:
    """The status "price missing" in the language being written."""
    return _("price missing")


def not_in_source() -> str:
    """The status "not in source" in the language being written."""
    return _("not in source")


def not_in_source_amount() -> str:
    """What the amount cell of a row without a quantity says (Vietnamese in an English
    workbook, as it always did: the circular's own words)."""
    from ..i18n import current

    return NOT_IN_SOURCE_AMOUNT if current() == "en" else _("no norm in the source")

#: Workbook-level names for the key input cells and the price lookup columns.
BASE_SALARY = "BaseSalary"
WORKING_DAYS = "WorkingDays"
ON_COSTS = "OnCosts"
INDIRECT_SHARE = "IndirectShare"
PRICE_ID = "PriceId"
#: The labour rate's parts (Inputs): fractions in %-formatted cells.
ALLOWANCES_IN_BASE = "AllowancesInBase"
ALLOWANCES_OTHER = "AllowancesOther"
CONTRIBUTIONS = "Contributions"  # the sum of the contributions' own named cells
#: The cost lines beyond the norms (Inputs): name, kind, value, appendices, basis.
COST_LINES = "CostLines"
#: A percentage input: a fraction shown with one or two decimals (23.5 %, 23.25 %).
ON_COSTS_FORMAT = "0.0#%"
PRICE_VND = "PriceVND"


@dataclass(frozen=True)
class Column:
    """One column of a sheet's table: key for formulas, header text, width, number format."""

    key: str
    header: str | Message  # a Message: rendered in the language being written
    width: float
    number_format: str | None = None
    help: str | Message = ""  # a comment on the header cell


class Layout:
    """The columns of one sheet, with their letters by key."""

    def __init__(self, sheet: str | Message, columns: Iterable[Column]):
        from openpyxl.utils import get_column_letter

        self._sheet = sheet
        self.columns = tuple(columns)
        self._letters = {c.key: get_column_letter(i) for i, c in enumerate(self.columns, 1)}
        self._index = {c.key: i for i, c in enumerate(self.columns, 1)}

    @property
    def sheet(self) -> str:
        """The sheet's name in the language being written."""
        return str(self._sheet)

    def headers(self) -> tuple[str, ...]:
        """The header row's texts in the language being written."""
        return tuple(str(c.header) for c in self.columns)

    def letter(self, key: str) -> str:
        return self._letters[key]

    def index(self, key: str) -> int:
        return self._index[key]

    def cell(self, key: str, row: int) -> str:
        """A relative reference on this sheet: "K5"."""
        return f"{self._letters[key]}{row}"

    def column_range(self, key: str, last_row: int) -> str:
        """The data cells of a column from another sheet: "Labour!$N$2:$N$40"."""
        letter = self._letters[key]
        return f"{quote(self.sheet)}!${letter}$2:${letter}${max(last_row, 2)}"

    def write_header(self, ws: Any) -> None:
        """The header row, styled, with help comments, widths and the frozen pane."""
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill

        fill = PatternFill("solid", fgColor=HEADER_FILL)
        headers = self.headers()
        for i, column in enumerate(self.columns, 1):
            cell = ws.cell(1, i, headers[i - 1])
            cell.font = Font(bold=True)
            cell.fill = fill
            numeric = column.number_format not in (None, "0")  # amounts read right-aligned
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="right" if numeric else None)
            if column.help:
                cell.comment = Comment(str(column.help), "Normbook", width=300, height=120)
            ws.column_dimensions[self._letters[column.key]].width = column.width
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = row_height(
            max(text_lines(h, c.width) for h, c in zip(headers, self.columns, strict=True)))

    def write_row(self, ws: Any, row: int, values: dict[str, Any]) -> None:
        """One row by column key; the column's number format applies to numbers and formulas
        (a whole number without decimals: :func:`number_format_for`)."""
        for key, value in values.items():
            column = self.columns[self._index[key] - 1]
            cell = put(ws, row, self._index[key], value)
            if column.number_format and (isinstance(value, Formula)
                                         or not isinstance(value, str)):
                shown = value.value if isinstance(value, Formula) else value
                cell.number_format = number_format_for(column.number_format, shown)


class Formula(str):
    """A formula to write as one (any other text starting with "=" is written as text).

    ``value`` is what it computes, from the Python figures: the file stores it beside the
    formula, so a reader that does not recalculate (Excel's Protected View, a previewer,
    pandas) sees the numbers (:mod:`normbook.xlsx_parts`). A str is text, ``NA`` #N/A.
    """

    value: Any

    def __new__(cls, text: str, value: Any = None) -> Formula:
        made = super().__new__(cls, text)
        made.value = number(value) if isinstance(value, Decimal) else value
        return made


#: The value of a formula that answers #N/A.
NA = ErrorValue = "#N/A"

#: Number formats with optional decimals ("#,##0.###"), and what a whole number shows with:
#: Excel and Gnumeric show 22 in "0.##" as "22." (LibreOffice hides the point).
_WHOLE = {"#,##0.###": "#,##0", "#,##0.##": "#,##0", "0.##": "0", "0.###": "0"}


def number_format_for(fmt: str | None, value: Any) -> str | None:
    """The column's format, or its whole-number form when the value is a whole number."""
    if fmt in _WHOLE and isinstance(value, int | float | Decimal) and not isinstance(
            value, bool) and value == int(value):
        return _WHOLE[fmt]
    return fmt


def quote(sheet: str) -> str:
    """A sheet name as a formula writes it: quoted unless plain ASCII letters and digits
    ("Thông số đầu vào" and "输入参数" are quoted, as Excel writes them)."""
    plain = sheet.isascii() and sheet.isalnum() and not sheet[:1].isdigit()
    return sheet if plain else "'" + sheet.replace("'", "''") + "'"


def number(value: Decimal | int | float | None) -> int | float | None:
    """A Decimal as a cell number: whole numbers as int (exact), others as float."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write a cell; a :class:`Formula` computes, any other text is a text cell whatever it
    starts with (a name from a user's prices workbook: :func:`normbook.safe_cells.put_value`)."""
    from ..safe_cells import put_value

    if isinstance(value, Decimal):
        value = number(value)
    elif isinstance(value, str) and not value:
        value = None  # no empty strings in cells: an empty cell is empty
    if isinstance(value, Formula):
        cell = ws.cell(row, column, str(value))
        if value.value is not None:
            from ..xlsx_parts import store_result

            store_result(cell, value.value)
        return cell
    return put_value(ws.cell(row, column), value)


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (an estimate)."""
    return max(1, -(-len(text) // max(int(width) - 1, 1)))


def row_height(lines: int) -> float:
    """Points for ``lines`` lines of 11 pt text: spreadsheets keep a set height on load
    (LibreOffice does not refit an .xlsx row), so wrapped rows need one."""
    return 15.0 * lines


def lines_text(lines: Iterable[int]) -> str:
    """Source line numbers as a cell shows them: "3164, 3166, 3168"."""
    return ", ".join(str(n) for n in lines)


def fill(ws: Any, ref: str, colour: str) -> None:
    from openpyxl.styles import PatternFill

    ws[ref].fill = PatternFill("solid", fgColor=colour)


def mark_when(ws: Any, target: str, formula: str, colour: str = MISSING_FILL) -> None:
    """Fill ``target`` (a range) while ``formula`` (relative to its top-left cell) is true.

    Conditional, so the mark follows the cells: typing the missing price clears it.
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    solid = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
    ws.conditional_formatting.add(target, FormulaRule(formula=[formula], fill=solid))


def comment(ws: Any, ref: str, text: str) -> None:
    from openpyxl.comments import Comment

    ws[ref].comment = Comment(text, "Normbook", width=300, height=90)


def define_name(wb: Any, name: str, sheet: str, ref: str) -> None:
    """A workbook-level defined name for ``sheet!ref`` (absolute), e.g. BaseSalary."""
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote(sheet)}!{ref}")


def record_language(wb: Any, lang: str) -> None:
    """Record the language the workbook is written in (:data:`LANGUAGE_NAME`)."""
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names[LANGUAGE_NAME] = DefinedName(LANGUAGE_NAME, attr_text=f'"{lang}"')


def landscape(ws: Any) -> None:
    """Print (and convert to PDF) landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
