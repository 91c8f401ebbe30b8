"""``normbook workbook``: every norm table as Excel Tables, with worked formulas; no add-in needed.

The workbook holds the data as written in the circular (no rounding, no totals the source does
not give), one Excel Table per table of the data package over all appendices, an Index sheet
and an Examples sheet of SUMIFS / INDEX-MATCH / COUNTIFS formulas that compute in Excel and in
LibreOffice 7.4 alike (structured references such as ``Labour[cong]`` included: checked by a
LibreOffice round trip in the tests).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import DataError, OutputExists
from ..i18n import Domain, Message, document, speaking
from .norm_labels import COLUMN_LABELS, LABEL_COLUMNS, code_label

_ = Domain(__name__)

TABLE_STYLE = "TableStyleMedium2"
MAX_WIDTH = 50
INPUT_FILL = "FFF2CC"  # the pale yellow spreadsheets use for "type here"
CAPTION_FILL = "DDEBF7"

#: Data sheets in order: (Excel Table name, sheet name, table of normbook.table()). The Table
#: names are formula identifiers (``Labour[cong]``) and stay as they are in every language;
#: the sheet names are the reader's (Excel's 31 characters at most).
DATA_SHEETS: tuple[tuple[str, Message, str], ...] = (
    ("Labour", _.later("Labour"), "labour"),
    ("Equipment", _.later("Equipment"), "equipment"),
    ("Materials", _.later("Materials"), "materials"),
    ("Steps", _.later("Steps"), "labour_steps"),
    ("Works", _.later("Works"), "works"),
    ("Irregularities", _.later("Irregularities"), "irregularities"),
)
INDEX_SHEET = _.later("Index")
EXAMPLES_SHEET = _.later("Examples")
#: Tables that get a ``key`` column "appendix|work|name" for INDEX/MATCH lookups.
KEYED = ("equipment", "materials")

#: What each Table column holds, in the reader's words (norm_labels.COLUMN_LABELS). The header
#: row itself keeps the column names, which formulas use (``Labour[cong]``); outside English
#: a caption row above it says what they mean. A column of codes (``category``, ``basis``,
#: ``kind``, ``section``) has a label column beside it saying each code in words.

#: The Index's labour_total column: does NORM(appendix, "labour") give a number? The code
#: (what :func:`labour_total` answers) and the word the workbook writes, which the Examples'
#: formulas compare against in the same language.
LABOUR_TOTAL_YES = "yes"
LABOUR_TOTAL_LAB_CLASS = "needs lab class"
LABOUR_TOTAL_NOT_IN_SOURCE = "not in source"
LABOUR_TOTAL_WORDS: dict[str, Message] = {
    LABOUR_TOTAL_YES: _.later("yes"),
    LABOUR_TOTAL_LAB_CLASS: _.later("needs lab class"),
    LABOUR_TOTAL_NOT_IN_SOURCE: _.later("not in source"),
}


def _labour_total_words() -> dict[str, str]:
    """The labour_total words as the notes quote them: ``yes``, ``lab_class``, ``none``."""
    return {"yes": str(LABOUR_TOTAL_WORDS[LABOUR_TOTAL_YES]),
            "lab_class": str(LABOUR_TOTAL_WORDS[LABOUR_TOTAL_LAB_CLASS]),
            "none": str(LABOUR_TOTAL_WORDS[LABOUR_TOTAL_NOT_IN_SOURCE])}


NOTES = (
    _.later("Every table of the data package is an Excel Table on its own sheet, all "
            "appendices together: filter with the arrows in the header row, or use the tables "
            "in formulas (Table[column], e.g. Labour[cong]); the Examples sheet shows how."),
    _.later("Numbers are as written in the circular, not rounded. Where the circular gives a "
            "note instead of a number, the number cell is empty and the note column holds the "
            "note."),
    _.later("Labour: direct labour in công per work item. The norm adds 10% indirect labour "
            "(Article 5.1.a2). Lines with a lab_class (PTN1, PTN2) are alternatives: take the "
            "lines of one class plus the lines with an empty lab_class."),
    _.later('labour_total (below): "{yes}" where the appendix\'s labour lines add up to its '
            'labour norm; "{lab_class}" where they hold lab-class alternatives; "{none}" '
            "where the circular gives no complete total (a work without labour lines, an "
            "appendix that stops early): there only one work at a time has a labour norm."),
    _.later("Steps split a work item's labour into its steps; never add them to the labour "
            "lines."),
    _.later("lines / line: the line numbers of the circular's text each row was read from."),
    _.later("key (Equipment, Materials): appendix|work|name, for INDEX/MATCH lookups."),
    _.later("Irregularities: what is odd in the source (an appendix that stops early, notes "
            "instead of numbers, titles that differ between sections ...), recorded, never "
            "fixed."),
)


@dataclass(frozen=True)
class Example:
    """A worked formula: what it answers, the formula, the add-in call it equals, when #N/A.

    A formula answers #N/A where NORM does: SUMIFS alone would add up what NORM refuses to.
    The label's English text (``label.text``) is the example's key.
    """

    label: Message
    formula: str  # with {input} placeholders for the input cells and {yes} (labour_total)
    same_as: str
    when_na: Message | None = None


#: Input cells of the Examples sheet: (placeholder, label, default value).
INPUTS: tuple[tuple[str, Message, Any], ...] = (
    ("appendix", _.later("Appendix"), "VI"),
    ("work", _.later("Work number"), 1),
    ("equipment", _.later("Equipment item (exact name)"), "Máy tính để bàn"),
    ("material", _.later("Material item (exact name)"), "Điện năng (nhiên liệu)"),
    ("lab_appendix", _.later("Appendix with lab classes"), "XXV"),
    ("lab_class", _.later("Lab class"), "PTN1"),
)

_LAB_DIRECT = ("SUMIFS(Labour[cong],Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})"
               "+SUMIFS(Labour[cong],Labour[appendix],{lab_appendix},Labour[lab_class],\"\")")
_MATERIAL_KEY = '{appendix}&"|"&{work}&"|"&{material}'
#: The Index's verdict on the appendix's labour total (LABOUR_TOTAL_* above).
_LABOUR_TOTAL = "INDEX(Appendices[labour_total],MATCH({appendix},Appendices[appendix],0))"
_WORK_LINES = "COUNTIFS(Labour[appendix],{appendix},Labour[work],{work})"
# The COUNTIFS of an item's rows, left open: ")" closes it, ',Equipment[shifts],"")' counts
# the rows with a note instead of the number.
_EQUIPMENT_ROWS = "COUNTIFS(Equipment[appendix],{appendix},Equipment[name],{equipment}"
_MATERIAL_ROWS = ("COUNTIFS(Materials[appendix],{appendix},Materials[work],{work},"
                  "Materials[name],{material}")

_NA_LABOUR_TOTAL = _.later(
    '#N/A unless the Index\'s labour_total is "{yes}": "{lab_class}" means the appendix has '
    "lab-class alternatives (adding every line would count both): use the lab-class example; "
    '"{none}" means the circular gives no complete labour total (a work without labour '
    "lines, an appendix that stops early): use the one-work example.")

EXAMPLES: tuple[Example, ...] = (
    Example(_.later("Direct labour of the appendix, all works (công)"),
            f'=IF({_LABOUR_TOTAL}="{{yes}}",'
            "SUMIFS(Labour[cong],Labour[appendix],{appendix}),NA())",
            'NORM({appendix}, "labour_direct")', _NA_LABOUR_TOTAL),
    Example(_.later("Labour with 10% indirect labour (Article 5.1.a2)"),
            f'=IF({_LABOUR_TOTAL}="{{yes}}",'
            "SUMIFS(Labour[cong],Labour[appendix],{appendix})*1.1,NA())",
            'NORM({appendix}, "labour")', _NA_LABOUR_TOTAL),
    Example(_.later("Direct labour of one work"),
            f"=IF(OR({_WORK_LINES}=0,{_WORK_LINES}<>"
            "COUNTIFS(Labour[appendix],{appendix},Labour[work],{work},Labour[lab_class],\"\")),"
            "NA(),SUMIFS(Labour[cong],Labour[appendix],{appendix},Labour[work],{work}))",
            'NORM({appendix}, "labour_direct", {work})',
            _.later("#N/A when the work has no labour lines (no such work, or the circular lists "
                    "it without labour) or has lab-class alternatives: use the lab-class "
                    "example.")),
    Example(_.later("Labour of one lab class with 10% indirect (class lines + lines for both)"),
            "=IF(COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})=0,"
            f"NA(),({_LAB_DIRECT})*1.1)",
            'NORM({lab_appendix}, "labour", , , {lab_class})',
            _.later("#N/A when the appendix has no lines of that lab class (see the Index's "
                    "lab_classes).")),
    Example(_.later("Labour lines that apply to that lab class (COUNTIFS)"),
            "=COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],{lab_class})"
            "+COUNTIFS(Labour[appendix],{lab_appendix},Labour[lab_class],\"\")",
            'ROWS(NORM_TABLE({lab_appendix}, "labour", {lab_class})) - 1'),
    Example(_.later("Shifts of one equipment item, all works (SUMIFS)"),
            f'=IF(OR({_EQUIPMENT_ROWS})=0,{_EQUIPMENT_ROWS},Equipment[shifts],"")>0),NA(),'

            "SUMIFS(Equipment[shifts],Equipment[appendix],{appendix},"
            "Equipment[name],{equipment}))",
            'NORM({appendix}, "equipment", , {equipment})',
            _.later("#N/A when the appendix does not list the item, or a row of it has a note "
                    "instead of the number of shifts (see the note column).")),
    Example(_.later("Consumption of one material in one work (INDEX/MATCH on key)"),
            # INDEX on an empty cell answers 0 in every engine: a row the circular gives
            # without a number must answer #N/A, as NORM does, not a consumption of 0
            f'=IF(INDEX(Materials[consumption],MATCH({_MATERIAL_KEY},Materials[key],0))="",'
            f"NA(),INDEX(Materials[consumption],MATCH({_MATERIAL_KEY},Materials[key],0)))",
            'NORM({appendix}, "material", {work}, {material})',
            _.later("#N/A when the work does not list the material, or gives a note instead of "
                    "its consumption (see the note column), as NORM does: never 0.")),
    Example(_.later("Use of that material in that work (SUMIFS)"),
            f'=IF(OR({_MATERIAL_ROWS})=0,{_MATERIAL_ROWS},Materials[use],"")>0),NA(),'

            "SUMIFS(Materials[use],Materials[appendix],{appendix},Materials[work],{work},"
            "Materials[name],{material}))",
            'NORM({appendix}, "material_use", {work}, {material})',
            _.later("#N/A when the work does not list the material, or a row of it has a note "
                    "instead of its use.")),
    Example(_.later("Source lines of that material row (INDEX/MATCH)"),
            f"=INDEX(Materials[lines],MATCH({_MATERIAL_KEY},Materials[key],0))",
            'NORM_SOURCE({appendix}, "material", {work}, {material})'),
    Example(_.later("Equipment rows of the appendix (COUNTIFS)"),
            "=COUNTIFS(Equipment[appendix],{appendix})",
            'ROWS(NORM_TABLE({appendix}, "equipment")) - 1'),
    Example(_.later("Irregularities recorded for the appendix (COUNTIFS)"),
            "=COUNTIFS(Irregularities[appendix],{appendix})",
            'ROWS(NORM_TABLE({appendix}, "irregularities")) - 1'),
)

EXAMPLE_NOTES = (
    _.later("Functions used: SUMIFS, COUNTIFS, INDEX, MATCH (Excel 2007+, LibreOffice). No "
            "XLOOKUP, FILTER or dynamic arrays, so the formulas compute in LibreOffice 7.4 "
            "too."),
    _.later("SUMIFS, COUNTIFS and MATCH read * ? ~ in a name as wildcards; no name in the "
            "circular has them. Names match without regard to case."),
    _.later("MATCH finds the first row with a key; where a work lists the same name twice (a "
            "few material rows) SUMIFS adds both, as NORM does."),
    _.later("An empty number cell counts as 0 in SUMIFS, where NORM says the circular gives a "
            "note instead: the examples check for it (COUNTIFS of empty cells) and answer #N/A, "
            "as NORM does; column E says when."),
    _.later('labour_total on the Index says whether the appendix has a labour total: "{yes}", '
            '"{lab_class}" (lab-class alternatives) or "{none}" (the circular gives none); the '
            'labour examples answer #N/A unless it is "{yes}".'),
    _.later("Results are binary floating point: a product such as x*1.1 can differ from the "
            "exact decimal in the 15th significant digit."),
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


def _say(message: Message, **facts: Any) -> str:
    """``message`` in the current language, with facts given where it is shown."""
    return replace(message, facts={**message.facts, **facts}).render()


def captioned() -> bool:
    """Whether Tables get a caption row: outside English, what their columns mean."""
    from ..i18n import current

    return current() != "en"


def _fit_columns(ws, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for i, header in enumerate(headers):
        longest = max((len(str(r[i]).split("\n", 1)[0]) for r in rows if r[i] is not None),
                      default=0)
        width = min(MAX_WIDTH, max(len(header) + 4, longest + 2))  # +4: the filter arrow
        ws.column_dimensions[get_column_letter(i + 1)].width = width


def _add_table(ws, name: str, headers: list[str], rows: list[list[Any]], top: int = 1) -> int:
    """Write a header row and rows at ``top`` and make them an Excel Table called ``name``.

    Outside English a caption row comes first, at ``top``, saying in the reader's words what
    each column (named for formulas) holds. Returns the header row.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    if not rows:  # an Excel Table needs at least one data row
        raise DataError(_.later("table {name} has no rows to write (the norms data is "
                                "incomplete)", name=name))
    shown = headers
    if captioned():
        shown = [str(COLUMN_LABELS.get(h, h)) for h in headers]
        for c, caption in enumerate(shown, 1):
            cell = _put(ws, top, c, caption)
            cell.font = Font(bold=True, italic=True)
            cell.fill = PatternFill("solid", fgColor=CAPTION_FILL)
        top += 1
    for c, header in enumerate(headers, 1):
        _put(ws, top, c, header).font = Font(bold=True)
    for r, row in enumerate(rows, top + 1):
        for c, value in enumerate(row, 1):
            _put(ws, r, c, value)
    ref = f"A{top}:{get_column_letter(len(headers))}{top + len(rows)}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)
    _fit_columns(ws, [max(h, c, key=len) for h, c in zip(headers, shown, strict=True)], rows)
    return top


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
            record = _in_words(table_name, record)
            if not headers:
                headers = ["appendix", *record]
            rows.append([appendix.id, *(_cell_value(f, record[f]) for f in headers[1:])])
    return headers, rows


def _in_words(table_name: str, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with a label column beside each column of codes, and an irregularity's
    detail in the current language (the data's English sentence only in English)."""
    from .irregularity_details import detail

    said: dict[str, Any] = {}
    for field, value in record.items():
        said[field] = value
        if field in LABEL_COLUMNS:
            said[LABEL_COLUMNS[field]] = code_label(table_name, field, value)
    if table_name == "irregularities":
        said["detail"] = detail(record["kind"], record["detail"])
    return said


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

    number = CIRCULAR.split()[-1]  # 04/2022/TT-BKHCN
    ws["A1"] = _("Normbook: the norms of Circular {number}", number=number)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("Economic-technical norms for maintaining, preserving and using the national "
                 "measurement standards, 31 appendices, as cited data (Normbook {version}). "
                 "No add-in needed.", version=__version__)
    words = _labour_total_words()
    for i, note in enumerate(NOTES, 4):
        ws.cell(row=i, column=1, value=_say(note, **words))
    top = 5 + len(NOTES)
    headers = ["appendix", "number", "kind", "kind_label", "standard", "code", "lab_classes",
               "labour", "labour_total", "equipment", "materials", "steps", "works",
               "irregularities", "line"]
    rows = []
    for a in appendices():
        n = counts[a.id]
        rows.append([a.id, a.number, a.kind, code_label("appendices", "kind", a.kind),
                     a.standard, a.code or None,
                     ", ".join(lab_classes(a.id)) or None, n["labour"],
                     str(LABOUR_TOTAL_WORDS[labour_total(a.id)]),
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
    return answers[example.label.text]()


def _examples_sheet(ws) -> int:
    from openpyxl.styles import Font, PatternFill

    from ..xlsx_parts import store_result

    ws["A1"] = _("Worked examples: formulas that compute without the add-in")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("Change the yellow input cells and the results follow. Column C shows each "
                 "formula as text: copy it into any cell of this workbook. A result is #N/A "
                 "where NORM answers #N/A; column E says when.")
    ws["A4"] = _("Inputs")
    ws["A4"].font = Font(bold=True)
    words = _labour_total_words()
    refs = {"yes": words["yes"]}  # the Index's word, in the workbook's language
    for row, (key, label, default) in enumerate(INPUTS, 5):
        ws.cell(row=row, column=1, value=str(label))
        cell = _put(ws, row, 2, default)
        cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
        refs[key] = f"$B${row}"
    header_row = 6 + len(INPUTS)
    titles = [_("Example"), _("Result"), _("Formula (copy it)"), _("Same as (add-in)"),
              _("When #N/A")]
    for c, title in enumerate(titles, 1):
        ws.cell(row=header_row, column=c, value=title).font = Font(bold=True)
    defaults = {key: default for key, _, default in INPUTS}
    for row, example in enumerate(EXAMPLES, header_row + 1):
        formula = example.formula.format(**refs)
        ws.cell(row=row, column=1, value=str(example.label))
        ws.cell(row=row, column=2, value=formula)
        store_result(ws.cell(row=row, column=2), example_answer(example, defaults))
        _put(ws, row, 3, formula)
        ws.cell(row=row, column=4, value=example.same_as.format(**refs))
        _put(ws, row, 5, _say(example.when_na, **words) if example.when_na else None)
    notes_row = header_row + len(EXAMPLES) + 2
    ws.cell(row=notes_row, column=1, value=_("Notes")).font = Font(bold=True)
    for i, note in enumerate(EXAMPLE_NOTES, notes_row + 1):
        ws.cell(row=i, column=1, value=_say(note, **words))
    for column, width in zip("ABCDE", (62, 24, 100, 50, 100), strict=True):
        ws.column_dimensions[column].width = width
    return len(EXAMPLES)


def build_norms_workbook(lang: str | None = None) -> BuiltWorkbook:
    """The whole workbook in memory: Index, one sheet per table, Examples.

    In ``lang``, by default the readers' (Vietnamese) unless the user chose a language.
    """
    with speaking(lang or document("vi")):
        return _build()


def _build() -> BuiltWorkbook:
    from openpyxl import Workbook

    from ..query import appendices, table

    wb = Workbook()
    index = wb.active
    index.title = str(INDEX_SHEET)
    sizes: dict[str, int] = {}
    for table_name, sheet_name, data_table in DATA_SHEETS:
        ws = wb.create_sheet(str(sheet_name))
        headers, rows = _table_rows(data_table)
        header_row = _add_table(ws, table_name, headers, rows)
        ws.freeze_panes = f"A{header_row + 1}"
        sizes[ws.title] = len(rows)
    counts = {a.id: {t: len(table(a.id, t)) for _, _, t in DATA_SHEETS} for a in appendices()}
    _index_sheet(index, counts)
    sizes[index.title] = len(counts)
    examples = wb.create_sheet(str(EXAMPLES_SHEET))
    sizes[examples.title] = _examples_sheet(examples)
    from ..xlsx_print import set_up_workbook

    set_up_workbook(wb, index["A1"].value)
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
    print(_("wrote {output} ({size} KiB), sheets:", output=output,
            size=output.stat().st_size // 1024))
    names = built.workbook.sheetnames
    for name in names:
        count = built.rows[name]
        if name == names[0]:
            what = _.many("{n} appendix", "{n} appendices", count)
        elif name == names[-1]:
            what = _.many("{n} worked formula", "{n} worked formulas", count)
        else:
            what = _.many("{n} row", "{n} rows", count)
        print(f"  {name:20}{what}")
    return 0


def register(subparsers) -> None:
    """Add ``normbook workbook`` to the command line."""
    p = subparsers.add_parser(
        "workbook", help=_("every norm table as Excel Tables, with worked formulas (no "
                           "add-in); in Vietnamese unless --lang says otherwise"))
    p.add_argument("-o", "--output", required=True, help=_("the .xlsx file to write"))
    p.add_argument("--force", action="store_true", help=_("replace an existing file"))
    p.set_defaults(run=cmd_workbook)
