"""``normbook excel-starter``: a workbook that sets up classic xlwings for the Normbook functions.

Classic xlwings (Excel on Windows, Python on the same computer) imports worksheet functions
with the ribbon's *Import Functions*, which writes VBA wrappers into the active workbook. What
that needs, checked against xlwings 0.37's add-in code:

- a macro-enabled workbook: Import Functions refuses anything but .xlsm/.xlsb/.xlam
  ("Please save this workbook ... as a macro-enabled workbook first"). openpyxl cannot create
  the VBA project an .xlsm carries, so the starter is an .xlsx that the user saves as .xlsm;
- "Trust access to the VBA project object model", since the import adds a VBA module;
- a reference to xlwings in the VBA editor, since the wrappers call ``XLPy.CallUDF``;
- a sheet named ``xlwings.conf``: keys in column A, values in column B, read from A1 down to
  the first empty cell in column A (``GetConfigFromSheet``). A key present there wins over the
  ribbon's settings *even with an empty value*, so an empty ``Interpreter_Win`` row would hide
  the interpreter that ``xlwings addin install`` recorded. The starter therefore puts only
  ``UDF Modules`` in the block and lists the optional keys below a blank row, unread until
  the user moves one up.

The example formulas are written three times: as text, as a live formula (a table as an array
formula sized to its result, which every Excel version fills in), and as the value the Python
API gave when the file was written, so a user can see at a glance whether the setup works.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import BadArgument, OutputExists
from ..i18n import Domain, Message, document, listed, speaking

_ = Domain(__name__)

SHEET = "Normbook"
CONFIG_SHEET = "xlwings.conf"
UDF_MODULES = "normbook.udfs"
HEADER = (_.later("What it shows"), _.later("Formula (as text)"), _.later("Live formula"),
          _.later("Value when written"))

# Menu paths are Excel's as the reader's Excel names them; the xlwings tab, its buttons and
# the VBA editor's menus are English in every Excel. One list per runtime, the README's.
SETUP = (
    _.later("Set up Excel on Windows (classic xlwings: Python runs on this computer)"),
    _.later("1. In a command prompt, in the Python environment Excel is to use (a venv is "
            "best): pip install normbook   (this installs xlwings too)"),
    _.later("2. With the same environment's xlwings, Excel closed: xlwings addin install   "
            "(adds the xlwings tab; the first time, it also records this Python as the tab's "
            "Interpreter)"),
    _.later("3. Excel: File > Options > Trust Center > Trust Center Settings > Macro Settings: "
            "tick \"Trust access to the VBA project object model\""),
    _.later("4. Open this workbook and save it as an Excel Macro-Enabled Workbook (.xlsm): "
            "Import Functions and the buttons need macros"),
    _.later("5. Alt+F11 opens the VBA editor: Tools > References > tick xlwings; Insert > "
            "Module, paste the macros below, close the editor"),
    _.later("6. xlwings tab > Import Functions (the xlwings.conf sheet names the module, "
            "{module}); Ctrl+Alt+F9 recalculates: column C must show what column D shows"),
    _.later("7. On sheet {setup}: Developer > Insert > Button for each macro below "
            "(NormbookBuild, NormbookRejustify, NormbookCompare, NormbookCounts)"),
    _.later("#NAME? means step 6 is missing; \"No module named normbook\" means Excel runs "
            "another Python: set the xlwings tab's Interpreter to that environment's "
            "pythonw.exe."),
    _.later("Set up xlwings Lite instead (Excel on the web, Mac or Windows; Python runs in "
            "Excel)"),
    _.later("1. Home > Add-ins: insert xlwings Lite"),
    _.later("2. In its editor, the requirements.txt tab: paste the line of "
            "addin/requirements-lite.txt (normbook==VERSION)"),
    _.later("3. Replace the editor's main.py with addin/main.py: the functions and the "
            "scripts load"),
    _.later("4. Fill sheet {setup}, then run the script \"{script}\"; the justification is in "
            "Lite's Files area"),
)
#: The Lite script that builds the estimate, as Lite's pane names it (estimate_lite.SCRIPTS;
#: written here, not imported: the starter must not load xlwings' script machinery).
BUILD_SCRIPT = "Normbook: lập dự toán"
#: The classic buttons' macros (VBA, English in every Excel).
MACROS = (
    ("NormbookBuild", "build_estimate"),
    ("NormbookRejustify", "rejustify_estimate"),
    ("NormbookCompare", "compare_estimate"),
    ("NormbookCounts", "fill_counts"),
)
ESTIMATE_MODULE = "normbook.excel.estimate_classic"


def macro_lines() -> list[str]:
    """The VBA module the estimate's buttons run, a line per cell."""
    lines = []
    for name, function in MACROS:
        lines += [f"Sub {name}()",
                  f'    RunPython "import {ESTIMATE_MODULE} as e; e.{function}()"',
                  "End Sub"]
    return lines


@dataclass(frozen=True)
class Example:
    """One example: what it shows and the formula (literal arguments only)."""

    label: Message
    formula: str


SCALAR_EXAMPLES = (
    Example(_.later("Labour norm of appendix VI (công: direct + 10% indirect)"),
            '=NORM("VI","labour")'),
    Example(_.later("Direct labour only"), '=NORM("VI","labour_direct")'),
    Example(_.later("Appendix XXV, lab class PTN1 (empty arguments skip work and item)"),
            '=NORM("XXV","labour",,,"PTN1")'),
    Example(_.later("Equipment: shifts of the dehumidifier in appendix VI"),
            '=NORM("VI","equipment",,"Máy hút ẩm")'),
    Example(_.later("Material: consumption of paper in appendix VI"),
            '=NORM("VI","material",,"Giấy")'),
    Example(_.later("Where the labour norm comes from"), '=NORM_SOURCE("VI","labour")'),
    Example(_.later("A miss says why (the circular has no appendix XL)"),
            '=NORM("XL","labour")'),
)
TABLE_EXAMPLES = (
    Example(_.later("The equipment table of appendix VI"), '=NORM_TABLE("VI","equipment")'),
    Example(_.later("Material names of appendix VI (for a validation list)"),
            '=NORM_ITEMS("VI","material")'),
    Example(_.later("The appendices of the circular"), "=NORM_APPENDICES()"),
)

#: Optional xlwings.conf keys, listed below the read block: (key, what to put in column B).
OPTIONAL_SETTINGS = (
    ("Interpreter_Win", _.later("Full path of pythonw.exe in the environment where normbook "
                                "is installed, e.g. {example} (xlwings expands %VARIABLES%). "
                                "Only if the xlwings tab's Interpreter points elsewhere.",
                                example=r"%USERPROFILE%\normbook-venv\Scripts\pythonw.exe")),
    ("Conda Path", _.later("With Anaconda or Miniconda instead: the installation folder, e.g. "
                           "{example} (then leave Interpreter_Win out)",
                           example=r"%USERPROFILE%\miniconda3")),
    ("Conda Env", _.later("The conda environment normbook is installed in, e.g. normbook")),
)


@dataclass(frozen=True)
class Computed:
    """An example's formula and what the functions answer for it now."""

    example: Example
    value: Any  # a scalar, or a 2-D list for a table


def compute(example: Example) -> Computed:
    """Evaluate an example's formula with the functions the add-in runs."""
    from .formula_calls import parse
    from .freeze import worksheet_functions

    functions = worksheet_functions()
    call, _ = parse(example.formula, functions).whole_call()
    if call is None or any(a.kind not in ("literal", "empty") for a in call.args):
        # the examples are the functions' help, written in the code: a bug, said in English
        raise ValueError(f"example {example.formula} must be one call with constant arguments")
    return Computed(example, functions[call.name](*(a.value for a in call.args)))


def build_starter(lang: str | None = None):
    """The starter workbook (an openpyxl Workbook), with values computed now.

    In ``lang``, by default the readers' (Vietnamese) unless the user chose a language; the
    sheet names (Normbook, xlwings.conf) are names xlwings and the reader look for.
    """
    from openpyxl import Workbook

    with speaking(lang or document("vi")):
        workbook = Workbook()
        _examples_sheet(workbook.active)
        _config_sheet(workbook.create_sheet(CONFIG_SHEET))
        from .estimate_prices import write_prices_sheets
        from .estimate_setup import write_setup_sheet

        write_setup_sheet(workbook.create_sheet())
        write_prices_sheets(workbook)
        from ..xlsx_print import set_up_workbook

        set_up_workbook(workbook, workbook.active["A1"].value)
    return workbook


def _text(cell, text: str) -> None:
    """A formula shown as text: a text cell with Excel's quote prefix (safe_cells)."""
    from ..safe_cells import put_value

    put_value(cell, text)


def _examples_sheet(ws) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.formula import ArrayFormula

    from ..xlsx_parts import store_result

    bold = Font(bold=True)
    ws.title = SHEET
    ws["A1"] = _("Normbook: the norms of Circular {number} as Excel functions",
                 number="04/2022/TT-BKHCN")
    ws["A1"].font = Font(bold=True, size=14)
    from .estimate_setup import sheet_name

    row = 3
    for line in SETUP:
        text = replace(line, facts={"module": UDF_MODULES, "setup": sheet_name(),
                                    "script": BUILD_SCRIPT}).render()
        ws.cell(row, 1, text).font = bold if not text[0].isdigit() else Font()
        row += 1
    row += 1
    ws.cell(row, 1, _("The macros of step 5 (the estimate's buttons):")).font = bold
    for line in macro_lines():
        row += 1
        _text(ws.cell(row, 1), line)
    row += 2
    for column, title in enumerate(HEADER, 1):
        ws.cell(row, column, str(title)).font = bold
    row += 1
    for computed in map(compute, SCALAR_EXAMPLES):
        ws.cell(row, 1, str(computed.example.label))
        _text(ws.cell(row, 2), computed.example.formula)
        ws.cell(row, 3).value = computed.example.formula
        store_result(ws.cell(row, 3), _as_stored(computed.value))
        _put(ws.cell(row, 4), computed.value)
        row += 1
    for computed in map(compute, TABLE_EXAMPLES):
        row += 1
        table = computed.value
        height, width = len(table), len(table[0])
        ws.cell(row, 1, str(computed.example.label)).font = bold
        _text(ws.cell(row, 2), computed.example.formula)
        anchor = f"C{row + 1}"
        ws.cell(row, 4, _("{height} rows × {width} columns from {anchor}; first row: "
                          "{first}", height=height, width=width, anchor=anchor,
                          first=listed(table[0])))
        area = f"{anchor}:{get_column_letter(2 + width)}{row + height}"
        ws[anchor] = ArrayFormula(area, computed.example.formula)
        # the spill as it was when written: the anchor's stored result and the array's other
        # cells, which in a saved workbook hold an array formula's results
        for i, values in enumerate(table):
            for j, value in enumerate(values):
                if i == 0 and j == 0:
                    store_result(ws[anchor], _as_stored(value))
                else:
                    _put(ws.cell(row + 1 + i, 3 + j), value)
        row += height + 1
    for column, width in zip("ABCD", (62, 44, 18, 60), strict=True):
        ws.column_dimensions[column].width = width


def _as_stored(value: Any) -> Any:
    """A function's answer as the file stores it: an error as the error value alone (the
    classic add-in shows "#N/A unknown appendix ..." as text; a cell holds #N/A)."""
    from ..xlsx_parts import ERRORS

    if isinstance(value, str) and value.split(" ", 1)[0] in ERRORS:
        return value.split(" ", 1)[0]
    return value


def _put(cell, value: Any) -> None:
    """A computed value; text (a function's answer) as a text cell whatever it starts with."""
    from ..safe_cells import put_value

    put_value(cell, value)


def _config_sheet(ws) -> None:
    from openpyxl.styles import Font

    ws["A1"], ws["B1"] = "UDF Modules", UDF_MODULES
    ws["C1"] = _("The Python module with the functions. xlwings reads keys in column A and "
                 "values in column B, from A1 down to the first empty cell in column A.")
    ws["A3"] = _("Optional settings, not read while row 2 is empty. To use one, fill in "
                 "column B and move the row up to row 2. Do not leave a key with an empty "
                 "value in the rows xlwings reads: it would hide the setting of the xlwings "
                 "tab.")
    ws["A3"].font = Font(italic=True)
    for row, (key, what) in enumerate(OPTIONAL_SETTINGS, start=4):
        ws.cell(row, 1, key)
        ws.cell(row, 3, str(what))
    for column, width in zip("ABC", (18, 20, 100), strict=True):
        ws.column_dimensions[column].width = width


def write_starter(output: Path, *, force: bool = False) -> Path:
    """Write the starter workbook to ``output`` (.xlsx); returns it.

    Raises:
        BadArgument: ``output`` does not end in .xlsx.
        OutputExists: ``output`` exists and ``force`` is false.
    """
    from .freeze import save_workbook

    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise BadArgument(_.later("{output}: the starter is an .xlsx workbook (openpyxl "
                                  "cannot create the VBA project of an .xlsm); write .xlsx, "
                                  "then save it as .xlsm in Excel before Import Functions",
                                  output=str(output)))
    if output.exists() and not force:  # before the build: fail fast
        raise OutputExists(output)
    return save_workbook(build_starter(), output, force=force)


# ---- command line --------------------------------------------------------------------------

def cmd_excel_starter(args: argparse.Namespace) -> int:
    output = write_starter(Path(args.output), force=args.force)
    print(_("wrote {output}: sheet {sheet} ({formulas} formulas, {tables} tables, setup steps) "
            "and sheet {config} (UDF Modules = {module})", output=output, sheet=SHEET,
            formulas=len(SCALAR_EXAMPLES), tables=len(TABLE_EXAMPLES), config=CONFIG_SHEET,
            module=UDF_MODULES))
    print(_("next: open it in Excel, save it as .xlsm, then xlwings tab > Import Functions"))
    return 0


def register(subparsers) -> None:
    """Add ``normbook excel-starter`` to the command line."""
    p = subparsers.add_parser(
        "excel-starter", help=_("a workbook with example formulas and the xlwings.conf sheet "
                                "(classic xlwings on Windows); in Vietnamese unless --lang "
                                "says otherwise"))
    p.add_argument("-o", "--output", required=True, help=_("the .xlsx file to write"))
    p.add_argument("--force", action="store_true", help=_("replace an existing file"))
    p.set_defaults(run=cmd_excel_starter)
