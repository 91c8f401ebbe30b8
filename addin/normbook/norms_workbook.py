"""``normbook workbook``: every norm table as Excel Tables, with worked formulas; no add-in needed.

The workbook holds the data as written in the circular (no rounding, no totals the source does
not give), one Excel Table per table of the data package over all appendices, an Index sheet
and an Examples sheet of SUMIFS / INDEX-MATCH / COUNTIFS formulas that compute in Excel and in
LibreOffice 7.4 alike (structured references such as ``Labour[cong]`` included: checked by a
LibreOffice round trip in the tests).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DataError, OutputExists
from .outputs import save_atomic

TABLE_STYLE = "TableStyleMedium2"
MAX_WIDTH = 50
INPUT_FILL = "FFF2CC"  # the pale yellow spreadsheets use for "type here"

#: Data sheets in order: (sheet and Excel Table name, table of normbook.table()).
DATA_SHEETS: tuple[tuple[str, str], ...] = (
    ("Labour", "labour"),
    ("Equipment", "equipment"),
    ("Materials", "materials"),
    ("Steps", "labour_steps"),
    ("Works", "works"),
    ("Irregularities", "irregularities"),
)
#: Tables that get a ``key`` column "appendix|work|name" for INDEX/MATCH lookups.
KEYED = ("equipment", "materials")

NOTES = (
    "Every table of the data package is an Excel Table on its own sheet, all appendices "
    "together: filter with the arrows in the header row, or use the tables in formulas "
    "(Table[column], e.g. Labour[cong]); the Examples sheet shows how.",
    "Numbers are as written in the circular, not rounded. Where the circular gives a note "
    "instead of a number, the number cell is empty and the note column holds the note.",
    "Labour: direct labour in công per work item. The norm adds 10% indirect labour "
    "(Article 5.1.a2). Lines with a lab_class (PTN1, PTN2) are alternatives: take the lines "
    "of one class plus the lines with an empty lab_class.",
    "Steps split a work item's labour into its steps; never add them to the labour lines.",
    "lines / line: the line numbers of the circular's text each row was read from.",
    "key (Equipment, Materials): appendix|work|name, for INDEX/MATCH lookups.",
    "Irregularities: what is odd in the source (an appendix that stops early, notes instead "
    "of numbers, titles that differ between sections ...), recorded, never fixed.",
)


@dataclass(frozen=True)
class Example:
    """A worked formula: what it answers, the formula, and the add-in call it equals."""

    label: str
    formula: str  # with {input} placeholders for the input cells
    same_as: str


#: Input cells of the Examples sheet: (placeholder, label, default value).
INPUTS: tuple[tuple[str, str, Any], ...] = (
    ("appendix", "Appendix", "VI"),
    ("work", "Work number", 1),
    ("equipment", "Equipment item (exact name)", "Máy tính để bàn"),
    ("material", "Material item (exact name)", "Điện năng (nhiên liệu)"),
    ("lab_appendix", "Appendix with lab classes", "XXV"),
    ("lab_class", "Lab class", "PTN1"),
)

_LAB_DIRECT = ("SUMIFS(Labour[cong],Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})"
               "+SUMIFS(Labour[cong],Labour[appendix],{lab_appendix},Labour[lab_class],\"\")")
_MATERIAL_KEY = '{appendix}&"|"&{work}&"|"&{material}'

EXAMPLES: tuple[Example, ...] = (
    Example("Direct labour of the appendix, all works (công)",
            "=SUMIFS(Labour[cong],Labour[appendix],{appendix})",
            'NORM({appendix}, "labour_direct")'),
    Example("Labour with 10% indirect labour (Article 5.1.a2)",
            "=SUMIFS(Labour[cong],Labour[appendix],{appendix})*1.1",
            'NORM({appendix}, "labour")'),
    Example("Direct labour of one work",
            "=SUMIFS(Labour[cong],Labour[appendix],{appendix},Labour[work],{work})",
            'NORM({appendix}, "labour_direct", {work})'),
    Example("Labour of one lab class with 10% indirect (class lines + lines for both)",
            f"=({_LAB_DIRECT})*1.1",
            'NORM({lab_appendix}, "labour", , , {lab_class})'),
    Example("Labour lines that apply to that lab class (COUNTIFS)",
            "=COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})"
            "+COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],\"\")",
            'ROWS(NORM_TABLE({lab_appendix}, "labour", {lab_class})) - 1'),
    Example("Shifts of one equipment item, all works (SUMIFS)",
            "=SUMIFS(Equipment[shifts],Equipment[appendix],{appendix},"
            "Equipment[name],{equipment})",
            'NORM({appendix}, "equipment", , {equipment})'),
    Example("Consumption of one material in one work (INDEX/MATCH on key)",
            f"=INDEX(Materials[consumption],MATCH({_MATERIAL_KEY},Materials[key],0))",
            'NORM({appendix}, "material", {work}, {material})'),
    Example("Use of that material in that work (SUMIFS)",
            "=SUMIFS(Materials[use],Materials[appendix],{appendix},Materials[work],{work},"
            "Materials[name],{material})",
            'NORM({appendix}, "material_use", {work}, {material})'),
    Example("Source lines of that material row (INDEX/MATCH)",
            f"=INDEX(Materials[lines],MATCH({_MATERIAL_KEY},Materials[key],0))",
            'NORM_SOURCE({appendix}, "material", {work}, {material})'),
    Example("Equipment rows of the appendix (COUNTIFS)",
            "=COUNTIFS(Equipment[appendix],{appendix})",
            'ROWS(NORM_TABLE({appendix}, "equipment")) - 1'),
    Example("Irregularities recorded for the appendix (COUNTIFS)",
            "=COUNTIFS(Irregularities[appendix],{appendix})",
            'ROWS(NORM_TABLE({appendix}, "irregularities")) - 1'),
)

EXAMPLE_NOTES = (
    "Functions used: SUMIFS, COUNTIFS, INDEX, MATCH (Excel 2007+, LibreOffice). No XLOOKUP, "
    "FILTER or dynamic arrays, so the formulas compute in LibreOffice 7.4 too.",
    "SUMIFS, COUNTIFS and MATCH read * ? ~ in a name as wildcards; no name in the circular "
    "has them. Names match without regard to case.",
    "MATCH finds the first row with a key; where a work lists the same name twice (a few "
    "material rows) SUMIFS adds both, as NORM does.",
    "An empty number cell counts as 0 in SUMIFS, where NORM says the circular gives a note "
    "instead: check the note column.",
    "Results are binary floating point: a product such as x*1.1 can differ from the exact "
    "decimal in the 15th significant digit.",
)


@dataclass(frozen=True)
class BuiltWorkbook:
    """An openpyxl workbook and the number of data rows per sheet."""

    workbook: Any
    rows: dict[str, int]


# ---- cells ---------------------------------------------------------------------------------

def _cell_value(field: str, value: Any) -> Any:
    """A table value as a cell value: numbers as numbers, source lines as text, "" empty."""
    if value is None or value == "":
        return None
    if isinstance(value, tuple):  # source lines
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if field == "work" and isinstance(value, str) and value.isdigit():
        return int(value)  # work numbers are numbers; a joint "2+3" stays text
    return value


def _put(ws, row: int, column: int, value: Any):
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


def _fit_columns(ws, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for i, header in enumerate(headers):
        longest = max((len(str(r[i]).split("\n", 1)[0]) for r in rows if r[i] is not None),
                      default=0)
        width = min(MAX_WIDTH, max(len(header) + 4, longest + 2))  # +4: the filter arrow
        ws.column_dimensions[get_column_letter(i + 1)].width = width


def _add_table(ws, name: str, headers: list[str], rows: list[list[Any]], top: int = 1) -> None:
    """Write a header row and rows at ``top`` and make them an Excel Table called ``name``."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    if not rows:  # an Excel Table needs at least one data row
        raise DataError(f"table {name} has no rows to write (the norms data is incomplete)")
    for c, header in enumerate(headers, 1):
        _put(ws, top, c, header).font = Font(bold=True)
    for r, row in enumerate(rows, top + 1):
        for c, value in enumerate(row, 1):
            _put(ws, r, c, value)
    ref = f"A{top}:{get_column_letter(len(headers))}{top + len(rows)}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)
    _fit_columns(ws, headers, rows)


# ---- sheets --------------------------------------------------------------------------------

def _table_rows(table_name: str) -> tuple[list[str], list[list[Any]]]:
    """Headers and cell rows of one table over every appendix, in the API's field order."""
    from .query import appendices, table

    headers: list[str] = []
    rows: list[list[Any]] = []
    for appendix in appendices():
        for record in table(appendix.id, table_name):
            if table_name in KEYED:
                record["key"] = f"{appendix.id}|{record['work']}|{record['name']}"
            if not headers:
                headers = ["appendix", *record]
            rows.append([appendix.id, *(_cell_value(f, record[f]) for f in headers[1:])])
    return headers, rows


def _index_sheet(ws, counts: dict[str, dict[str, int]]) -> None:
    from openpyxl.styles import Font

    from . import __version__
    from .query import CIRCULAR, appendices, lab_classes

    ws["A1"] = f"Normbook: the norms of {CIRCULAR}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = ("Economic-technical norms for maintaining, preserving and using the national "
                f"measurement standards, 31 appendices, as cited data (normbook {__version__}). "
                "No add-in needed.")
    for i, note in enumerate(NOTES, 4):
        ws.cell(row=i, column=1, value=note)
    top = 5 + len(NOTES)
    headers = ["appendix", "number", "kind", "standard", "code", "lab_classes", "labour",
               "equipment", "materials", "steps", "works", "irregularities", "line"]
    rows = []
    for a in appendices():
        n = counts[a.id]
        rows.append([a.id, a.number, a.kind, a.standard, a.code or None,
                     ", ".join(lab_classes(a.id)) or None, n["labour"], n["equipment"],
                     n["materials"], n["labour_steps"], n["works"], n["irregularities"], a.line])
    _add_table(ws, "Appendices", headers, rows, top=top)
    ws.column_dimensions["A"].width = 10  # the notes above overflow to the right


def _examples_sheet(ws) -> int:
    from openpyxl.styles import Font, PatternFill

    ws["A1"] = "Worked examples: formulas that compute without the add-in"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = ("Change the yellow input cells and the results follow. Column C shows each "
                "formula as text: copy it into any cell of this workbook.")
    ws["A4"] = "Inputs"
    ws["A4"].font = Font(bold=True)
    refs = {}
    for row, (key, label, default) in enumerate(INPUTS, 5):
        ws.cell(row=row, column=1, value=label)
        cell = _put(ws, row, 2, default)
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
        refs[key] = f"$B${row}"
    header_row = 6 + len(INPUTS)
    for c, title in enumerate(["Example", "Result", "Formula (copy it)", "Same as (add-in)"], 1):
        ws.cell(row=header_row, column=c, value=title).font = Font(bold=True)
    for row, example in enumerate(EXAMPLES, header_row + 1):
        formula = example.formula.format(**refs)
        ws.cell(row=row, column=1, value=example.label)
        ws.cell(row=row, column=2, value=formula)
        _put(ws, row, 3, formula)
        ws.cell(row=row, column=4, value=example.same_as.format(**refs))
    notes_row = header_row + len(EXAMPLES) + 2
    ws.cell(row=notes_row, column=1, value="Notes").font = Font(bold=True)
    for i, note in enumerate(EXAMPLE_NOTES, notes_row + 1):
        ws.cell(row=i, column=1, value=note)
    for column, width in zip("ABCD", (62, 24, 100, 50), strict=True):
        ws.column_dimensions[column].width = width
    return len(EXAMPLES)


def build_norms_workbook() -> BuiltWorkbook:
    """The whole workbook in memory: Index, one sheet per table, Examples."""
    from openpyxl import Workbook

    from .query import appendices, table

    wb = Workbook()
    index = wb.active
    index.title = "Index"
    sizes: dict[str, int] = {}
    for sheet_name, table_name in DATA_SHEETS:
        ws = wb.create_sheet(sheet_name)
        headers, rows = _table_rows(table_name)
        _add_table(ws, sheet_name, headers, rows)
        ws.freeze_panes = "A2"
        sizes[sheet_name] = len(rows)
    counts = {a.id: {t: len(table(a.id, t)) for _, t in DATA_SHEETS} for a in appendices()}
    _index_sheet(index, counts)
    sizes["Index"] = len(counts)
    sizes["Examples"] = _examples_sheet(wb.create_sheet("Examples"))
    return BuiltWorkbook(wb, sizes)


def save_workbook(workbook: Any, output: Path, *, force: bool = False) -> Path:
    """Save atomically as .xlsx; never over an existing file unless ``force``.

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
        BadArgument: ``output`` does not end in .xlsx.
    """
    return save_atomic(workbook.save, output, suffix=".xlsx", force=force)


def write_norms_workbook(output: Path, *, force: bool = False) -> Path:
    """Write the no-add-in workbook of every norm table to ``output`` (.xlsx); returns it."""
    return save_workbook(build_norms_workbook().workbook, output, force=force)


# ---- command line --------------------------------------------------------------------------

def cmd_workbook(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.exists() and not args.force:  # before the build: fail fast
        raise OutputExists(output)
    built = build_norms_workbook()
    save_workbook(built.workbook, output, force=args.force)
    print(f"wrote {output} ({output.stat().st_size // 1024} KiB), sheets:")
    for name in built.workbook.sheetnames:
        count = built.rows[name]
        what = {"Index": "appendices", "Examples": "worked formulas"}.get(name, "rows")
        print(f"  {name:16}{count:6} {what}")
    return 0


def register(subparsers) -> None:
    """Add ``normbook workbook`` to the command line."""
    p = subparsers.add_parser(
        "workbook", help="every norm table as Excel Tables, with worked formulas (no add-in)")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(run=cmd_workbook)
