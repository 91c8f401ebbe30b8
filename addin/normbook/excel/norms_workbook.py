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

from ..errors import DataError, OutputExists

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
    "labour_total (below): \"yes\" where the appendix's labour lines add up to its labour "
    "norm; \"needs lab class\" where they hold lab-class alternatives; \"not in source\" "
    "where the circular gives no complete total (a work without labour lines, an appendix "
    "that stops early): there only one work at a time has a labour norm.",
    "Steps split a work item's labour into its steps; never add them to the labour lines.",
    "lines / line: the line numbers of the circular's text each row was read from.",
    "key (Equipment, Materials): appendix|work|name, for INDEX/MATCH lookups.",
    "Irregularities: what is odd in the source (an appendix that stops early, notes instead "
    "of numbers, titles that differ between sections ...), recorded, never fixed.",
)


@dataclass(frozen=True)
class Example:
    """A worked formula: what it answers, the formula, the add-in call it equals, when #N/A.

    A formula answers #N/A where NORM does: SUMIFS alone would add up what NORM refuses to.
    """

    label: str
    formula: str  # with {input} placeholders for the input cells
    same_as: str
    when_na: str = ""


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
#: The Index's verdict on the appendix's labour total (LABOUR_TOTAL_* below).
_LABOUR_TOTAL = "INDEX(Appendices[labour_total],MATCH({appendix},Appendices[appendix],0))"
_WORK_LINES = "COUNTIFS(Labour[appendix],{appendix},Labour[work],{work})"
# The COUNTIFS of an item's rows, left open: ")" closes it, ',Equipment[shifts],"")' counts
# the rows with a note instead of the number.
_EQUIPMENT_ROWS = "COUNTIFS(Equipment[appendix],{appendix},Equipment[name],{equipment}"
_MATERIAL_ROWS = ("COUNTIFS(Materials[appendix],{appendix},Materials[work],{work},"
                  "Materials[name],{material}")

#: The Index's labour_total column: does NORM(appendix, "labour") give a number?
LABOUR_TOTAL_YES = "yes"
LABOUR_TOTAL_LAB_CLASS = "needs lab class"
LABOUR_TOTAL_NOT_IN_SOURCE = "not in source"

_NA_LABOUR_TOTAL = (
    "#N/A unless the Index's labour_total is \"yes\": \"needs lab class\" means the appendix "
    "has lab-class alternatives (adding every line would count both): use the lab-class "
    "example; \"not in source\" means the circular gives no complete labour total (a work "
    "without labour lines, an appendix that stops early): use the one-work example.")

EXAMPLES: tuple[Example, ...] = (
    Example("Direct labour of the appendix, all works (công)",
            f'=IF({_LABOUR_TOTAL}="{LABOUR_TOTAL_YES}",'
            "SUMIFS(Labour[cong],Labour[appendix],{appendix}),NA())",
            'NORM({appendix}, "labour_direct")', _NA_LABOUR_TOTAL),
    Example("Labour with 10% indirect labour (Article 5.1.a2)",
            f'=IF({_LABOUR_TOTAL}="{LABOUR_TOTAL_YES}",'
            "SUMIFS(Labour[cong],Labour[appendix],{appendix})*1.1,NA())",
            'NORM({appendix}, "labour")', _NA_LABOUR_TOTAL),
    Example("Direct labour of one work",
            f"=IF(OR({_WORK_LINES}=0,{_WORK_LINES}<>"
            "COUNTIFS(Labour[appendix],{appendix},Labour[work],{work},Labour[lab_class],\"\")),"
            "NA(),SUMIFS(Labour[cong],Labour[appendix],{appendix},Labour[work],{work}))",
            'NORM({appendix}, "labour_direct", {work})',
            "#N/A when the work has no labour lines (no such work, or the circular lists it "
            "without labour) or has lab-class alternatives: use the lab-class example."),
    Example("Labour of one lab class with 10% indirect (class lines + lines for both)",
            "=IF(COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})=0,"
            f"NA(),({_LAB_DIRECT})*1.1)",
            'NORM({lab_appendix}, "labour", , , {lab_class})',
            "#N/A when the appendix has no lines of that lab class (see the Index's "
            "lab_classes)."),
    Example("Labour lines that apply to that lab class (COUNTIFS)",
            "=COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})"
            "+COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],\"\")",
            'ROWS(NORM_TABLE({lab_appendix}, "labour", {lab_class})) - 1'),
    Example("Shifts of one equipment item, all works (SUMIFS)",
            f'=IF(OR({_EQUIPMENT_ROWS})=0,{_EQUIPMENT_ROWS},Equipment[shifts],"")>0),NA(),'

            "SUMIFS(Equipment[shifts],Equipment[appendix],{appendix},"
            "Equipment[name],{equipment}))",
            'NORM({appendix}, "equipment", , {equipment})',
            "#N/A when the appendix does not list the item, or a row of it has a note instead "
            "of the number of shifts (see the note column)."),
    Example("Consumption of one material in one work (INDEX/MATCH on key)",
            # INDEX on an empty cell answers 0 in every engine: a row the circular gives
            # without a number must answer #N/A, as NORM does, not a consumption of 0
            f'=IF(INDEX(Materials[consumption],MATCH({_MATERIAL_KEY},Materials[key],0))="",'
            f"NA(),INDEX(Materials[consumption],MATCH({_MATERIAL_KEY},Materials[key],0)))",
            'NORM({appendix}, "material", {work}, {material})',
            "#N/A when the work does not list the material, or gives a note instead of its "
            "consumption (see the note column), as NORM does: never 0."),
    Example("Use of that material in that work (SUMIFS)",
            f'=IF(OR({_MATERIAL_ROWS})=0,{_MATERIAL_ROWS},Materials[use],"")>0),NA(),'

            "SUMIFS(Materials[use],Materials[appendix],{appendix},Materials[work],{work},"
            "Materials[name],{material}))",
            'NORM({appendix}, "material_use", {work}, {material})',
            "#N/A when the work does not list the material, or a row of it has a note instead "
            "of its use."),
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
    "instead: the examples check for it (COUNTIFS of empty cells) and answer #N/A, as NORM "
    "does; column E says when.",
    "labour_total on the Index says whether the appendix has a labour total: \"yes\", "
    "\"needs lab class\" (lab-class alternatives) or \"not in source\" (the circular gives "
    "none); the labour examples answer #N/A unless it is \"yes\".",
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
    """A value as it is, text as a text cell (text that looks like a formula stays text)."""
    from ..safe_cells import put_value

    return put_value(ws.cell(row=row, column=column), value)


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
    from ..query import appendices, table

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


def labour_total(appendix: str) -> str:
    """The Index's labour_total: whether NORM(appendix, "labour") answers with a number.

    Asked of the API itself, so the workbook's examples refuse what NORM refuses: an appendix
    with lab-class alternatives, or one whose source gives no complete labour total.
    """
    from ..errors import LabClassRequired, NotInSource
    from ..query import norm

    try:
        norm(appendix, "labour_direct")
    except LabClassRequired:
        return LABOUR_TOTAL_LAB_CLASS
    except NotInSource:
        return LABOUR_TOTAL_NOT_IN_SOURCE
    return LABOUR_TOTAL_YES


def _index_sheet(ws, counts: dict[str, dict[str, int]]) -> None:
    from openpyxl.styles import Font

    from .. import __version__
    from ..query import CIRCULAR, appendices, lab_classes

    ws["A1"] = f"Normbook: the norms of {CIRCULAR}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = ("Economic-technical norms for maintaining, preserving and using the national "
                f"measurement standards, 31 appendices, as cited data (normbook {__version__}). "
                "No add-in needed.")
    for i, note in enumerate(NOTES, 4):
        ws.cell(row=i, column=1, value=note)
    top = 5 + len(NOTES)
    headers = ["appendix", "number", "kind", "standard", "code", "lab_classes", "labour",
               "labour_total", "equipment", "materials", "steps", "works", "irregularities",
               "line"]
    rows = []
    for a in appendices():
        n = counts[a.id]
        rows.append([a.id, a.number, a.kind, a.standard, a.code or None,
                     ", ".join(lab_classes(a.id)) or None, n["labour"], labour_total(a.id),
                     n["equipment"], n["materials"], n["labour_steps"], n["works"],
                     n["irregularities"], a.line])
    _add_table(ws, "Appendices", headers, rows, top=top)
    ws.column_dimensions["A"].width = 10  # the notes above overflow to the right


def example_answer(example: Example, inputs: dict[str, Any]) -> Any:
    """What an example computes for ``inputs``, from the Python API (its stored result):
    what the add-in call it equals answers, #N/A where that is #N/A."""
    from .. import query
    from ..errors import NormError

    a, work, lab, cls = inputs["appendix"], str(inputs["work"]), inputs["lab_appendix"], \
        inputs["lab_class"]
    equipment, material = inputs["equipment"], inputs["material"]

    def na(function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except NormError as exc:
            if exc.excel_code != "#N/A":
                raise
            return "#N/A"

    row = next((r for r in query.table(a, "materials")
                if r["work"] == work and r["name"] == material), None)
    answers = {
        "Direct labour of the appendix, all works (công)":
            lambda: na(query.norm, a, "labour_direct"),
        "Labour with 10% indirect labour (Article 5.1.a2)": lambda: na(query.norm, a, "labour"),
        "Direct labour of one work": lambda: na(query.norm, a, "labour_direct", work=work),
        "Labour of one lab class with 10% indirect (class lines + lines for both)":
            lambda: na(query.norm, lab, "labour", variant=cls),
        "Labour lines that apply to that lab class (COUNTIFS)":
            lambda: sum(r["lab_class"] in ("", cls) for r in query.table(lab, "labour")),
        "Shifts of one equipment item, all works (SUMIFS)":
            lambda: na(query.norm, a, "equipment", item=equipment),
        "Consumption of one material in one work (INDEX/MATCH on key)":
            lambda: na(query.norm, a, "material", work=work, item=material),
        "Use of that material in that work (SUMIFS)":
            lambda: na(query.norm, a, "material_use", work=work, item=material),
        "Source lines of that material row (INDEX/MATCH)":
            lambda: ", ".join(map(str, row["lines"])) if row else "#N/A",
        "Equipment rows of the appendix (COUNTIFS)": lambda: len(query.table(a, "equipment")),
        "Irregularities recorded for the appendix (COUNTIFS)":
            lambda: len(query.table(a, "irregularities")),
    }
    return answers[example.label]()


def _examples_sheet(ws) -> int:
    from openpyxl.styles import Font, PatternFill

    from ..xlsx_parts import store_result

    ws["A1"] = "Worked examples: formulas that compute without the add-in"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = ("Change the yellow input cells and the results follow. Column C shows each "
                "formula as text: copy it into any cell of this workbook. A result is #N/A "
                "where NORM answers #N/A; column E says when.")
    ws["A4"] = "Inputs"
    ws["A4"].font = Font(bold=True)
    refs = {}
    for row, (key, label, default) in enumerate(INPUTS, 5):
        ws.cell(row=row, column=1, value=label)
        cell = _put(ws, row, 2, default)
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
        refs[key] = f"$B${row}"
    header_row = 6 + len(INPUTS)
    titles = ["Example", "Result", "Formula (copy it)", "Same as (add-in)", "When #N/A"]
    for c, title in enumerate(titles, 1):
        ws.cell(row=header_row, column=c, value=title).font = Font(bold=True)
    defaults = {key: default for key, _, default in INPUTS}
    for row, example in enumerate(EXAMPLES, header_row + 1):
        formula = example.formula.format(**refs)
        ws.cell(row=row, column=1, value=example.label)
        ws.cell(row=row, column=2, value=formula)
        store_result(ws.cell(row=row, column=2), example_answer(example, defaults))
        _put(ws, row, 3, formula)
        ws.cell(row=row, column=4, value=example.same_as.format(**refs))
        _put(ws, row, 5, example.when_na or None)
    notes_row = header_row + len(EXAMPLES) + 2
    ws.cell(row=notes_row, column=1, value="Notes").font = Font(bold=True)
    for i, note in enumerate(EXAMPLE_NOTES, notes_row + 1):
        ws.cell(row=i, column=1, value=note)
    for column, width in zip("ABCDE", (62, 24, 100, 50, 100), strict=True):
        ws.column_dimensions[column].width = width
    return len(EXAMPLES)


def build_norms_workbook() -> BuiltWorkbook:
    """The whole workbook in memory: Index, one sheet per table, Examples."""
    from openpyxl import Workbook

    from ..query import appendices, table

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
    from ..xlsx_parts import save_workbook as save

    return save(workbook, output, force=force)


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
