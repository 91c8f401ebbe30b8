"""Read exam tables from a folder of CSVs, one CSV, or an XLSX workbook, as text cells.

Everything here is about where a cell came from (file, sheet, row, column) so that a problem
can be reported where the user can find it; the cells' meaning is validate.py's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..csv_files import read_grid
from ..errors import BadArgument
from ..i18n import Domain, Message, listed
from .schema import TABLES, columns

_ = Domain(__name__)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in the data, located as a user would look for it.

    Its facts (where it is, and a message with its own facts) are kept; it is said in the
    language of the place that shows it (:meth:`text`, ``str``).
    """

    file: str
    row: int | None  # 1 is the header row, so the first data row is 2
    column: str | None
    message: Message | str

    def text(self, lang: str | None = None) -> str:
        """The problem and where it is, in ``lang`` (default: the current language)."""
        message = (self.message.render(lang) if isinstance(self.message, Message)
                   else self.message)
        facts = {"file": self.file, "row": self.row, "column": self.column,
                 "message": message}
        if self.row is not None and self.column:
            said = _.later("{file}, row {row}, column {column}: {message}", **facts)
        elif self.row is not None:
            said = _.later("{file}, row {row}: {message}", **facts)
        elif self.column:
            said = _.later("{file}, column {column}: {message}", **facts)
        else:
            said = _.later("{file}: {message}", **facts)
        return said.render(lang)

    def __str__(self) -> str:
        return self.text()


@dataclass(slots=True)
class Sheet:
    """One table as read: its header and its non-blank rows of text cells."""

    table: str
    label: str  # "periods.csv" or "book.xlsx, sheet periods"
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    spreadsheet: bool = False
    #: (row, first cell) of rows with a value right of the last header column, which no
    #: column holds: reported, never dropped silently
    beyond_header: list[tuple[int, str]] = field(default_factory=list)

    def column(self, name: str) -> str:
        """How a problem names a column: its name, plus the letter in a spreadsheet."""
        if self.spreadsheet and name in self.header:
            index = self.header.index(name)
            letters = ""
            index += 1
            while index:
                index, rest = divmod(index - 1, 26)
                letters = chr(65 + rest) + letters
            return f"{letters} ({name})"
        return name

    def problem(self, row: int | None, column: str | None, message: Message | str) -> Problem:
        return Problem(self.label, row, self.column(column) if column else None, message)


def _sheet(table: str, label: str, grid: list[list[str]], spreadsheet: bool = False) -> Sheet:
    header = [h.strip() for h in grid[0]] if grid else []
    sheet = Sheet(table, label, header, spreadsheet=spreadsheet)
    for number, cells in enumerate(grid[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank rows (Excel leaves them at the end) are not data
        padded = cells + [""] * (len(header) - len(cells))
        width = max((i + 1 for i, h in enumerate(header) if h), default=0)
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            sheet.beyond_header.append((number, extra[0]))
        sheet.rows.append((number, dict(zip(header, padded, strict=False))))
    return sheet




def table_of(name: str, header: list[str]) -> str | None:
    """The table a file holds: by its name (periods.csv), else by its exact header."""
    if name in TABLES:
        return name
    return next((t for t in TABLES if columns(t) == header), None)


def read_folder(folder: Any, label_prefix: str = "") -> list[Sheet]:
    """Every ``<table>.csv`` in ``folder`` (a Path or an importlib Traversable)."""
    sheets = []
    for table in TABLES:
        entry = folder.joinpath(f"{table}.csv")
        if entry.is_file():
            label = f"{label_prefix}{table}.csv"
            sheets.append(_sheet(table, label, read_grid(entry, label)))
    return sheets


def read_csv(path: Path) -> tuple[list[Sheet], list[Problem]]:
    """One CSV; its table is known by its file name or its header."""
    grid = read_grid(path, path.name)
    table = table_of(path.stem, [h.strip() for h in grid[0]] if grid else [])
    if table is None:
        return [], [Problem(path.name, None, None, _.later(
            "cannot tell which table this is: name the file after the table ({files}) or "
            "give it exactly that table's header", files=_csv_names()))]
    return [_sheet(table, path.name, grid)], []


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> tuple[list[Sheet], list[str]]:
    """The sheets of a workbook named after tables; also the names of the sheets ignored.

    Excel date cells become ISO dates; whole numbers lose their ".0".
    """
    from .. import xlsx_guard  # openpyxl: only when a workbook is read

    book = xlsx_guard.load(path, xlsx_guard.EXAM_TABLES, read_only=True, data_only=True)
    try:
        sheets, ignored = [], []
        for ws in book.worksheets:
            grid = [[_text(v) for v in row] for row in xlsx_guard.sheet_rows(path, ws)]
            table = table_of(ws.title.strip(), [h.strip() for h in grid[0]] if grid else [])
            if table is None:
                ignored.append(ws.title)
                continue
            sheets.append(_sheet(table, f"{path.name}, sheet {ws.title}", grid, spreadsheet=True))
        return sheets, ignored
    finally:
        book.close()


def read_path(path: Path) -> tuple[list[Sheet], list[Problem], list[str]]:
    """Sheets from a folder, a .csv or an .xlsx; problems of the path itself; ignored sheets."""
    if path.is_dir():
        sheets = read_folder(path)
        if not sheets:
            raise BadArgument(_.later("{path} holds none of the exam tables ({files})",
                                      path=path, files=_csv_names()))
        return sheets, [], []
    if not path.exists():
        raise BadArgument(_.later("{path}: no such file or folder (give a folder of CSVs, a "
                                  ".csv or an .xlsx)", path=path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheets, problems = read_csv(path)
        return sheets, problems, []
    if suffix in (".xlsx", ".xlsm"):
        sheets, ignored = read_xlsx(path)
        if not sheets:
            raise BadArgument(_.later("{path} has no sheet named after an exam table "
                                      "({tables})", path=path, tables=listed(TABLES)))
        return sheets, [], ignored
    raise BadArgument(_.later("{path}: give a folder of CSVs, a .csv or an .xlsx file",
                              path=path))


def _csv_names() -> Message:
    return listed(f"{t}.csv" for t in TABLES)
