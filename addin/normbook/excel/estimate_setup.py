"""The estimate's set-up sheet: what to estimate, read from the cells a finance officer fills.

One sheet of the user's workbook (the starter writes it, :func:`write_setup_sheet`) holds:

* parameters, a label in column A and the value in column B: the budget year, the prices
  (empty: the prices sheets of this workbook; or a prices workbook's file), the institute,
  the output folder (classic xlwings), this year's estimate workbook (written by the build,
  read by re-justify and compare), last year's estimate, whether to replace existing files,
  and the status cell the actions write into;
* the appendices to estimate, with their lab classes (columns A to C, under their title);
* the count of every work (columns E to H, under their title): filled in for the chosen
  appendices by the actions (1, as listed), kept as edited.

Everything is found by its label, in any language Normbook writes, never by its row: a user
may insert rows. :func:`read_setup` reads a sheet's values as xlwings gives them (a 2-D list
from A1) and refuses a bad cell naming the sheet and the cell. openpyxl is imported only
where a sheet is written.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..cell_values import said
from ..errors import NormError
from ..i18n import Domain, Message, listed

_ = Domain(__name__)

#: The sheet's name, in the language it is written in; found in any.
SHEET = _.later("Estimate set-up")
#: Parameter keys, in the order written, and their labels.
PARAMETERS = ("year", "prices", "institute", "folder", "estimate", "previous", "replace",
              "status")
_LABELS = {
    "year": _.later("Budget year"),
    "prices": _.later("Prices"),
    "institute": _.later("Institute"),
    "folder": _.later("Output folder"),
    "estimate": _.later("This year's estimate"),
    "previous": _.later("Last year's estimate"),
    "replace": _.later("Replace existing files"),
    "status": _.later("Status"),
    "appendices": _.later("Appendices to estimate"),
    "counts": _.later("Times each work happens in the year"),
}
_HELP = {
    "year": _.later("The year the estimate is for (its base salary prices labour)."),
    "prices": _.later("Empty: the prices sheets in this workbook ({sheets}). Or the file of a "
                      "filled prices workbook (normbook prices-template), its full path or a "
                      "name beside this workbook (xlwings Lite: a file uploaded to its file "
                      "area). No prices at all: labour only, every item missing its price."),
    "institute": _.later("The institute the justification is for."),
    "folder": _.later("Classic xlwings: where estimate.xlsx and thuyet-minh.docx go (empty: a "
                      "folder du-toan-YEAR beside this workbook). xlwings Lite writes the "
                      "estimate as sheets of this workbook and the justification into its "
                      "file area."),
    "estimate": _.later("Written by Build: the estimate workbook that Re-justify and Compare "
                        "read as it is now (classic xlwings); xlwings Lite reads the estimate "
                        "sheets of this workbook."),
    "previous": _.later("Last year's estimate.xlsx, for Compare: a Comparison sheet and a "
                        "comparison section in the justification."),
    "replace": _.later("TRUE: Build replaces the files (and sheets) of an earlier build, "
                       "Compare writes into this year's estimate and its justification. "
                       "FALSE: nothing is replaced; Compare writes so-sanh/estimate.xlsx and "
                       "so-sanh/thuyet-minh.docx beside this year's estimate (classic "
                       "xlwings). Re-justify "
                       "always replaces the justification it rewrites."),
    "status": _.later("What the last action did (details on the sheet {results})."),
}
#: The columns of the two blocks: appendix, lab class, standard; appendix, work, title, count.
APPENDIX_HEADER = (_.later("Appendix"), _.later("Lab class"), _.later("Standard"))
COUNT_HEADER = (_.later("Appendix"), _.later("Work"), _.later("Title"), _.later("Count"))
APPENDIX_COLUMN = 1
COUNT_COLUMN = 5
#: Rows of the layout the starter writes (the reader finds every part by its label).
FIRST_PARAMETER_ROW = 4
BLOCK_ROW = FIRST_PARAMETER_ROW + len(PARAMETERS) + 2
#: The results sheet every action writes its details into.
RESULTS = _.later("Estimate results")
TRUE_WORDS = {"true", "yes", "x", "1", "có", "đúng", "是", "真"}
FALSE_WORDS = {"false", "no", "0", "không", "sai", "否", "假", ""}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _all_languages(message: Message) -> set[str]:
    from ..i18n import LANGUAGES

    return {_fold(message.render(lang)) for lang in LANGUAGES}


def sheet_name() -> str:
    """The set-up sheet's name in the language being written."""
    return str(SHEET)


def results_name() -> str:
    """The results sheet's name in the language being written."""
    return str(RESULTS)


def is_setup_sheet(name: Any) -> bool:
    """True for the set-up sheet's name in any language Normbook writes."""
    return isinstance(name, str) and _fold(name) in _all_languages(SHEET)


def is_results_sheet(name: Any) -> bool:
    return isinstance(name, str) and _fold(name) in _all_languages(RESULTS)


def _key(text: Any) -> str | None:
    """The key of a parameter's or a block's label written in any language, else None."""
    if not isinstance(text, str) or not text.strip():
        return None
    folded = _fold(text)
    for key, message in _LABELS.items():
        if folded == _fold(key) or folded in _all_languages(message):
            return key
    return None


class SetupProblem(NormError, ValueError):
    """A cell of the set-up sheet the actions cannot use; the message names it."""


def _where(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    cell = get_column_letter(column) + str(row)
    return _("sheet {sheet}, cell {cell}", sheet=sheet_name(), cell=cell)


def _problem(row: int, column: int, problem: Any) -> SetupProblem:
    return SetupProblem(_.later("{where}: {problem}", where=_where(row, column),
                                problem=problem))


@dataclass(frozen=True)
class Setup:
    """What the set-up sheet asks for, and where its parts are (1-based rows and columns)."""

    year: int
    prices: str
    institute: str
    folder: str
    estimate: str
    previous: str
    replace: bool
    appendices: tuple[tuple[str, str, int], ...]  # (appendix as written, lab class, row)
    counts: dict[tuple[str, str], int]  # (appendix id, work) -> count, as on the sheet
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # parameter -> its cell
    counts_at: tuple[int, int] = (BLOCK_ROW + 2, COUNT_COLUMN)  # first data row, column
    counts_rows: int = 0  # data rows the counts block has now


def _cell(values: list[list], row: int, column: int) -> Any:
    if row - 1 < len(values) and column - 1 < len(values[row - 1]):
        value = values[row - 1][column - 1]
        return None if value == "" else value
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _year(value: Any, row: int) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise _problem(row, 2, _.later("{value} is not a budget year; type a year such as "
                                       "2026", value=said(value)))
    return value


def _flag(value: Any, row: int) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = _text(value).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _problem(row, 2, _.later("{value} is neither TRUE nor FALSE", value=said(value)))


def _count(value: Any, row: int, column: int) -> int:
    from ..estimate.counts import MAX_COUNT
    from ..estimate.price_cells import parse_amount_text

    number: Any = None
    if isinstance(value, str):
        try:
            number = parse_amount_text(value)
        except ValueError as exc:
            if re.search(r"\d[.,]\d", value):  # "1.000": a thousand, or one?
                raise _problem(row, column, exc.args[0]) from None
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = value
    if number is not None and not math.isfinite(number):
        number = None
    if number is None or number != int(number) or not 0 <= number <= MAX_COUNT:
        raise _problem(row, column, _.later("{value} is not a count: type the times the work "
                                            "happens in the budget year, a whole number from "
                                            "0 to {most}", value=said(value), most=MAX_COUNT))
    return int(number)


def _find(values: list[list]) -> dict[str, tuple[int, int]]:
    """Every label's cell: key -> (row, column)."""
    found: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(values, start=1):
        for c, value in enumerate(row, start=1):
            key = _key(value)
            if key is not None:
                found.setdefault(key, (r, c))
    return found


def _block(values: list[list], title: tuple[int, int], width: int) -> list[tuple[int, list]]:
    """(row, cells) under a block's title and header, down to the first row without an
    appendix."""
    row, column = title[0] + 2, title[1]
    out = []
    while row <= len(values) and _cell(values, row, column) not in (None, ""):
        out.append((row, [_cell(values, row, column + i) for i in range(width)]))
        row += 1
    return out


def _whole_block(values: list[list], title: tuple[int, int],
                 width: int) -> list[tuple[int, list]]:
    """(row, cells) of every row under a block's title and header that has anything in its
    columns, down to the sheet's last row: a blank row inside the block is skipped, not its
    end."""
    column = title[1]
    out = []
    for row in range(title[0] + 2, len(values) + 1):
        cells = [_cell(values, row, column + i) for i in range(width)]
        if any(v is not None for v in cells):
            out.append((row, cells))
    return out


def read_setup(values: list[list]) -> Setup:
    """The set-up from the sheet's values (``values[0]`` is row 1, ``[0][0]`` cell A1).

    Raises:
        SetupProblem: a part is missing or a cell cannot be used (the message names it).
    """
    found = _find(values)
    missing = [k for k in (*PARAMETERS, "appendices", "counts") if k not in found]
    if missing:
        raise SetupProblem(_.later("sheet {sheet} has no cell labelled {labels}; write a new "
                                   "starter with normbook excel-starter and copy your values "
                                   "into it", sheet=sheet_name(),
                                   labels=listed(_LABELS[k] for k in missing)))
    cells = {key: (found[key][0], found[key][1] + 1) for key in PARAMETERS}

    def value(key: str) -> Any:
        return _cell(values, *cells[key])

    year = _year(value("year"), cells["year"][0])
    appendices = []
    for row, (appendix, variant, _standard) in _block(values, found["appendices"], 3):
        appendices.append((_text(appendix), _text(variant), row))
    if not appendices:
        row, column = found["appendices"]
        raise _problem(row + 2, column, _.later("no appendix to estimate: type one (VI, or 6) "
                                                "under {header}", header=str(APPENDIX_HEADER[0])))
    counts_title = found["counts"]
    rows = _whole_block(values, counts_title, 4)
    counts: dict[tuple[str, str], int] = {}
    for row, (appendix, work, _title, count) in rows:
        if _text(appendix) == "" or _text(work) == "":
            part = 0 if _text(appendix) == "" else 1
            raise _problem(row, counts_title[1] + part, _.later(
                "this row of the counts block has no {part}; type it, or clear the row",
                part=str(COUNT_HEADER[part])))
        key = (_count_appendix(appendix), _text(work))
        if key in counts:
            raise _problem(row, counts_title[1], _.later(
                "appendix {appendix}, work {work} is listed twice in the counts block; keep "
                "one row", appendix=key[0], work=key[1]))
        counts[key] = _count(count, row, counts_title[1] + 3)
    return Setup(year=year, prices=_text(value("prices")),
                 institute=_text(value("institute")), folder=_text(value("folder")),
                 estimate=_text(value("estimate")), previous=_text(value("previous")),
                 replace=_flag(value("replace"), cells["replace"][0]),
                 appendices=tuple(appendices), counts=counts, cells=cells,
                 counts_at=(counts_title[0] + 2, counts_title[1]),
                 counts_rows=rows[-1][0] - counts_title[0] - 1 if rows else 0)


def _count_appendix(value: Any) -> str:
    """A counts row's appendix as the appendices block reads it ("6", "vi": VI); as written
    when the circular does not know it (the estimate then ignores the row)."""
    from ..errors import UnknownAppendix
    from ..query import appendix_id

    text = _text(value).upper()
    try:
        return appendix_id(text)
    except UnknownAppendix:
        return text


def status_cell(values: list[list]) -> tuple[int, int] | None:
    """The status cell of a set-up sheet :func:`read_setup` refuses, where it has one."""
    found = _find(values).get("status")
    return (found[0], found[1] + 1) if found else None


# ---- the counts block -------------------------------------------------------------------------

def work_rows(appendix: str) -> list[tuple[str, str]]:
    """(work, title) of every single work of an appendix, in the source's order (a block the
    source gives for several works follows their counts, so it has no row here)."""
    from ..dataset import dataset

    rows: dict[str, str] = {}
    works = dataset().works.get(appendix, ())
    for w in sorted(works, key=lambda w: w.section != "labour"):  # labour's titles first
        for part in w.work.split("+") if w.work else ():
            rows.setdefault(part, w.title if part == w.work else "")
    return sorted(rows.items(), key=lambda kv: (int(kv[0]) if kv[0].isdigit() else 10**6,
                                                kv[0]))


def counts_block(ids: tuple[str, ...], counts: dict[tuple[str, str], int]) -> list[list]:
    """The counts block's rows for appendices ``ids``: a count kept where the sheet has one,
    1 (as listed) where it has none; below them, every other count the sheet has that is
    not 1 (an appendix no longer chosen: a count the user typed is never dropped)."""
    out = []
    listed_here = set()
    for appendix in ids:
        for work, title in work_rows(appendix):
            count = counts.get((appendix, work), 1)
            out.append([appendix, int(work) if work.isdigit() else work, title, count])
            listed_here.add((appendix, work))
    for (appendix, work), count in counts.items():  # typed, for an appendix not chosen now
        if (appendix, work) not in listed_here and count != 1:
            out.append([appendix, int(work) if work.isdigit() else work, "", count])
    return out


def count_arguments(ids: tuple[str, ...], counts: dict[tuple[str, str], int]) -> list[str]:
    """The counts as ``normbook estimate --count`` takes them: only those that are not 1."""
    return [f"{a}:{w}={n}" for (a, w), n in counts.items() if a in ids and n != 1]


# ---- writing the sheet (the starter) ----------------------------------------------------------

def write_setup_sheet(ws: Any, *, appendices: tuple[str, ...] = ("VI",), year: int = 2026,
                      institute: str = "") -> None:
    """The set-up sheet on openpyxl worksheet ``ws``, in the language being written."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..estimate.prices import label
    from ..estimate.run import DEFAULT_INSTITUTE
    from ..query import appendices as all_appendices
    from ..query import appendix_id, lab_classes

    bold = Font(bold=True)
    entry = PatternFill("solid", fgColor="FFF2CC")
    ws.title = sheet_name()
    ws["A1"] = _("Normbook: the estimate from Excel")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("Fill the yellow cells, then run Build estimate; Re-justify after editing "
                 "the estimate; Compare with last year's. The set-up steps are on sheet "
                 "{sheet}.", sheet="Normbook")
    sheets = listed(label(k) for k in ("Wages", "Equipment", "Materials"))
    values = {"year": year, "prices": None, "institute": institute or DEFAULT_INSTITUTE,
              "folder": None, "estimate": None, "previous": None, "replace": False,
              "status": None}
    for row, key in enumerate(PARAMETERS, start=FIRST_PARAMETER_ROW):
        ws.cell(row, 1, str(_LABELS[key])).font = bold
        ws.cell(row, 2, values[key])
        if key not in ("estimate", "status"):
            ws.cell(row, 2).fill = entry
        if key in _HELP:
            facts = {**_HELP[key].facts, "sheets": sheets, "results": results_name()}
            ws.cell(row, 3, replace(_HELP[key], facts=facts).render())
    row = BLOCK_ROW
    ws.cell(row, APPENDIX_COLUMN, str(_LABELS["appendices"])).font = Font(bold=True, size=12)
    ws.cell(row, COUNT_COLUMN, str(_LABELS["counts"])).font = Font(bold=True, size=12)
    for i, title in enumerate(APPENDIX_HEADER):
        ws.cell(row + 1, APPENDIX_COLUMN + i, str(title)).font = bold
    for i, title in enumerate(COUNT_HEADER):
        ws.cell(row + 1, COUNT_COLUMN + i, str(title)).font = bold
    ids = tuple(appendix_id(a) for a in appendices)
    standards = {a.id: a.standard for a in all_appendices()}
    for i, appendix in enumerate(ids):
        r = row + 2 + i
        ws.cell(r, 1, appendix).fill = entry
        classes = lab_classes(appendix)
        ws.cell(r, 2, classes[0] if classes else None).fill = entry
        ws.cell(r, 3, standards[appendix])
    for i, cells in enumerate(counts_block(ids, {})):
        for j, value in enumerate(cells):
            ws.cell(row + 2 + i, COUNT_COLUMN + j, value)
        ws.cell(row + 2 + i, COUNT_COLUMN + 3).fill = entry
    choices = DataValidation(type="list", formula1='"' + ",".join(
        a.id for a in all_appendices()) + '"', allow_blank=True)
    choices.add(f"A{row + 2}:A{row + 40}")
    lab = DataValidation(type="list", formula1='"PTN1,PTN2"', allow_blank=True)
    lab.add(f"B{row + 2}:B{row + 40}")
    flag = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=False)
    flag.add(f"B{FIRST_PARAMETER_ROW + PARAMETERS.index('replace')}")
    for validation in (choices, lab, flag):
        ws.add_data_validation(validation)
    for column, width in zip("ABCDEFGH", (30, 44, 60, 3, 10, 8, 70, 8), strict=True):
        ws.column_dimensions[column].width = width
