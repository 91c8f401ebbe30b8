"""The estimate from Excel in xlwings Lite (Python in the browser, no access to the disk).

Scripts (``addin/main.py`` exports them, Lite lists them under its Scripts button):

* ``estimate_build``: the set-up sheet's estimate, written as new sheets of this workbook
  (Inputs, Prices, Labour, Equipment, Materials, Summary, their live formulas and defined
  names), the justification into Lite's file area ``/data/estimate`` (download it from the
  Lite menu: Files > Import/Export > Download);
* ``estimate_rejustify``: the justification of the estimate sheets as they are now;
* ``estimate_compare``: last year's estimate (a file uploaded into Lite's file area, named on
  the set-up sheet) against these sheets: a Comparison sheet and the justification with its
  comparison section;
* ``estimate_counts``: the counts block filled in for the chosen appendices.

The live estimate is read as Excel holds it: the sheets' formulas and the number formats of
the cells the defined names point at (the parameters) fetched from Excel (``get_formula``,
``get_number_format``: xlwings Lite's on-demand reads), the values and defined names from
the workbook's payload, put together into an .xlsx and read as ``normbook compare`` reads a
file. Each script writes a status cell on the set-up sheet ("working ..." first) and its
details into the results sheet.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

import xlwings as xw
from xlwings import script

from .. import i18n
from ..errors import NormError
from ..i18n import Domain, listed
from . import estimate_actions as actions
from .estimate_book import (
    copy_estimate,
    read_setup_sheet,
    setup_sheet,
    values_of,
    write_counts,
    write_results,
    write_status,
)
from .estimate_setup import SetupProblem

_ = Domain(__name__)

#: The scripts' names in Lite's pane: in the estimates' readers' language (Vietnamese), as the
#: forms' script is in Chinese; Lite lists them when it loads main.py, before any workbook
#: says its language, so they cannot follow it.
SCRIPTS = {"BUILD": "Normbook: lập dự toán",
           "REJUSTIFY": "Normbook: lập lại thuyết minh",
           "COMPARE": "Normbook: so sánh với dự toán năm trước",
           "COUNTS": "Normbook: điền số lần thực hiện"}

#: Lite's file area (Files > Import/Export shows /data) and the folder the scripts use.
LITE_ROOT = Path("/data")
FOLDER = "estimate"


def _language() -> str:
    return i18n.document(actions.READERS)


async def _flush(book: Any) -> None:
    """Show what was written so far (xlwings Lite applies writes when a script ends)."""
    # a courtesy: a Lite without the on-demand client (or another host) shows it at the end
    with contextlib.suppress(Exception):
        await book.flush()


def _file_area() -> Path | None:
    return LITE_ROOT if LITE_ROOT.is_dir() else None


def _in_area(name: str) -> Path | None:
    root = _file_area()
    if not name:
        return None
    path = Path(name)
    return path if path.is_absolute() or root is None else root / path


def _keep(source: Path, replace: bool = True) -> Path | None:
    """``source`` (a justification) moved into the file area's estimate folder."""
    from ..outputs import save_atomic

    root = _file_area()
    if root is None:
        return None
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    data = source.read_bytes()
    return save_atomic(lambda temp: Path(temp).write_bytes(data), folder / source.name,
                       suffix=source.suffix, force=replace)


async def _prices(book: Any, setup: Any) -> Any:
    """The prices the set-up asks for: a file in the file area, or this workbook's sheets,
    their number formats fetched from Excel; None when there are neither."""
    from ..estimate.prices import read_prices
    from .estimate_prices import SheetCells, find_prices_sheets, prices_from_sheets

    if setup.prices:
        file = _in_area(setup.prices)
        actions.check_prices_file(setup, file)
        return read_prices(file)
    found = find_prices_sheets([s.name for s in book.sheets])
    if not found:
        return None
    sheets = {}
    for key, name in found.items():
        sheet = book.sheets[name]
        values = values_of(sheet)
        sheets[key] = SheetCells(name, values, await _formats(sheet, values))
    return prices_from_sheets(sheets, book.name)


async def _formats(sheet: Any, values: list[list]) -> dict[tuple[int, int], str]:
    """The number formats of the cells below the header, fetched from Excel: one read per
    column, and one per cell of a column whose cells differ."""
    formats: dict[tuple[int, int], str] = {}
    rows = len(values)
    for c in range(1, max((len(r) for r in values), default=0) + 1):
        if rows < 2 or all(len(r) < c or r[c - 1] in (None, "") for r in values[1:]):
            continue
        shared = await sheet.range((2, c), (rows, c)).get_number_format()
        if shared is not None:
            formats.update({(r, c): shared for r in range(2, rows + 1)})
            continue
        for r in range(2, rows + 1):
            if c <= len(values[r - 1]) and values[r - 1][c - 1] not in (None, ""):
                formats[(r, c)] = await sheet.range((r, c)).get_number_format() or "General"
    return formats


def _finish(book: Any, sheet: Any, setup: Any, title: str, outcome: actions.Outcome) -> None:
    if sheet is not None and setup is not None:
        write_status(sheet, setup.cells.get("status"), outcome.summary)
        if outcome.counts is not None:
            write_counts(sheet, setup.counts_at, setup.counts_rows, outcome.counts)
    write_results(book, title, outcome)
    print(outcome.summary)


# ---- build ------------------------------------------------------------------------------------

@script(name=SCRIPTS["BUILD"])
async def estimate_build(book: xw.Book):
    """The set-up sheet's estimate as sheets of this workbook, the justification in /data."""
    with i18n.speaking(_language()):
        title = _("Build the estimate")
        what = _("no estimate written")
        sheet, setup, problem = read_setup_sheet(book, what)
        if problem is not None:
            _finish(book, sheet, setup, title, actions.failed(problem, what))
            return
        write_status(sheet, setup.cells["status"], _("working: estimating ..."))
        await _flush(book)
        outcome = await _build(book, setup)
        _finish(book, sheet, setup, title, outcome)


async def _build(book: Any, setup: Any) -> actions.Outcome:
    from openpyxl import load_workbook

    from ..estimate.workbook import sheet_names

    try:
        _check_outputs(book, setup)
        actions.check_previous(setup, _in_area(setup.previous))
        prices = await _prices(book, setup)
    except (NormError, OSError) as exc:
        return actions.failed(exc, _("no estimate written"))
    with tempfile.TemporaryDirectory(prefix="normbook-estimate-") as folder:
        outcome = actions.build(setup, prices, Path(folder) / "out",
                                previous=_in_area(setup.previous))
        if not outcome.ok:
            return outcome
        try:
            source = load_workbook(outcome.estimate)
            wanted = [n for n in source.sheetnames if n in (*sheet_names(), _comparison())]
            copy_estimate(book, source, wanted, replace=setup.replace)
            kept = [_keep(p, setup.replace) for p in outcome.files if p.suffix == ".docx"]
        except (NormError, OSError) as exc:
            return actions.failed(exc, _("no estimate written"))
    return _placed(outcome, kept)


def _check_outputs(book: Any, setup: Any) -> None:
    """Refuse, before anything is written, a build that would delete a prices sheet (one
    named as an estimate sheet is) or replace sheets or the justification without
    Replace.

    Raises:
        SetupProblem: what is in the way, and how to clear it.
        OutputExists: the justification in the file area exists and Replace is FALSE.
    """
    from ..errors import OutputExists
    from ..estimate.workbook import sheet_names
    from .estimate_prices import find_prices_sheets, prices_sheet_name

    present = [s.name for s in book.sheets]
    ours = [*sheet_names(), *((_comparison(),) if setup.previous else ())]
    if not setup.prices:
        for key, name in find_prices_sheets(present).items():
            if name in ours:
                raise SetupProblem(_.later(
                    "sheet {sheet} holds prices and has the name of an estimate sheet, which "
                    "the build would replace; rename it {name} and run again", sheet=name,
                    name=prices_sheet_name(key)))
    clash = [name for name in ours if name in present]
    if clash and not setup.replace:
        copy_estimate(book, None, clash, replace=False)  # raises, saying which
    root = _file_area()
    justification = root / FOLDER / actions.JUSTIFICATION if root is not None else None
    if justification is not None and justification.exists() and not setup.replace:
        raise OutputExists((justification,))


def _comparison() -> str:
    from ..estimate.workbook_comparison import sheet_name

    return sheet_name()


def _placed(outcome: actions.Outcome, kept: list[Path | None]) -> actions.Outcome:
    """The outcome saying where the files went in Lite (not the temporary folder)."""
    details = [row for row in outcome.details if not (row and row[0] == _("file"))]
    if kept and all(kept):
        details.append([_("file"), _("{files}: download it from the xlwings Lite menu, Files "
                                     "> Import/Export > Download",
                                     files=listed(kept))])
    elif kept:
        details.append([_("warning"), _("this xlwings Lite has no file area (/data): the "
                                        "justification could not be kept; use the desktop "
                                        "way (classic xlwings or normbook estimate) for it")])
    return actions.Outcome(outcome.ok, outcome.summary, details, tuple(p for p in kept if p),
                           None, outcome.counts)


# ---- the live estimate -----------------------------------------------------------------------

async def snapshot(book: Any, folder: Path) -> tuple[Path, Any]:
    """The estimate sheets of ``book`` as an .xlsx file in ``folder``, and the total its
    Summary shows: formulas and the parameters' number formats fetched from Excel,
    values and defined names from the payload.

    Raises:
        SetupProblem: the workbook holds no estimate sheets.
    """
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from ..estimate.workbook import sheet_names
    from ..estimate.workbook_style import LANGUAGE_NAME
    from ..estimate.workbook_summary import LAYOUT, total_label

    defined = {n.name: n.refers_to for n in book.names}
    lang = str(defined.get(LANGUAGE_NAME, "")).lstrip("=").strip('" ')
    lang = lang if lang in i18n.LANGUAGES else _language()
    present = [s.name for s in book.sheets]
    with i18n.speaking(lang):
        wanted = [n for n in (*sheet_names(), _comparison()) if n in present]
        summary, total_text, total_column = LAYOUT.sheet, total_label(), LAYOUT.index("total")
    if not wanted:
        raise SetupProblem(_.later("this workbook has no estimate sheets: build the estimate "
                                   "first"))
    out = Workbook()
    out.remove(out.active)
    shown = None
    for name in wanted:
        sheet = book.sheets[name]
        values = values_of(sheet)
        rows, columns = len(values), max((len(r) for r in values), default=0)
        formulas = await sheet.range((1, 1), (rows, columns)).options(ndim=2).get_formula() \
            if rows and columns else []
        ws = out.create_sheet(name)
        for r in range(rows):
            for c in range(columns):
                formula = formulas[r][c] if r < len(formulas) and c < len(formulas[r]) else None
                value = values[r][c] if c < len(values[r]) else None
                if isinstance(formula, str) and formula.startswith("="):
                    ws.cell(r + 1, c + 1).value = formula
                elif value not in (None, ""):
                    ws.cell(r + 1, c + 1).value = value
                if name == summary and c == 0 and value == total_text:
                    found = values[r][total_column - 1] if total_column <= len(values[r]) \
                        else None
                    if isinstance(found, int | float) and not isinstance(found, bool):
                        shown = Decimal(repr(found))
    for name, refers_to in defined.items():
        if refers_to:
            out.defined_names[name] = DefinedName(name, attr_text=str(refers_to).lstrip("="))
    for name in book.names:  # the parameters' cells: a %-format says a fraction
        try:
            cell = name.refers_to_range
        except (ValueError, KeyError):
            continue  # a constant (the language), not a cell
        if cell.shape != (1, 1) or cell.sheet.name not in wanted:
            continue
        number_format = await cell.get_number_format()
        out[cell.sheet.name][cell.address.replace("$", "")].number_format = \
            number_format or "General"
    path = folder / f"{Path(book.name).stem or 'estimate'}.xlsx"
    out.save(path)
    return path, shown


@script(name=SCRIPTS["REJUSTIFY"])
async def estimate_rejustify(book: xw.Book):
    """The justification of this workbook's estimate sheets as they are now, into /data."""
    with i18n.speaking(_language()):
        title = _("Re-justify the estimate")
        sheet, setup, problem = read_setup_sheet(book, _("no justification written"))
        if problem is None:
            write_status(sheet, setup.cells["status"], _("working: reading the estimate ..."))
            await _flush(book)
        with tempfile.TemporaryDirectory(prefix="normbook-justify-") as folder:
            try:
                path, shown = await snapshot(book, Path(folder))
            except (NormError, OSError) as exc:
                outcome = actions.failed(exc, _("no justification written"))
            else:
                previous = _in_area(setup.previous) if setup else None
                if setup is not None:
                    try:
                        actions.check_previous(setup, previous)
                    except SetupProblem as exc:
                        _finish(book, sheet, setup, title, actions.failed(
                            exc, _("no justification written")))
                        return
                outcome = actions.rejustify(path, Path(folder) / actions.JUSTIFICATION,
                                            institute=setup.institute if setup else "",
                                            previous=previous, shown=shown)
                if outcome.ok:
                    try:
                        outcome = _placed(outcome, [_keep(p) for p in outcome.files])
                    except (NormError, OSError) as exc:
                        outcome = actions.failed(exc, _("no justification written"))
        _finish(book, sheet, setup, title, outcome)


@script(name=SCRIPTS["COMPARE"])
async def estimate_compare(book: xw.Book):
    """Last year's estimate (a file in /data named on the set-up sheet) against this
    workbook's estimate sheets: a Comparison sheet here and the justification in /data."""
    from openpyxl import load_workbook

    from ..estimate.workbook_comparison import sheet_name as comparison_sheet

    with i18n.speaking(_language()):
        title = _("Compare with last year's estimate")
        what = _("no comparison written")
        sheet, setup, problem = read_setup_sheet(book, what)
        if problem is not None:
            _finish(book, sheet, setup, title, actions.failed(problem, what))
            return
        write_status(sheet, setup.cells["status"], _("working: comparing ..."))
        await _flush(book)
        previous = _in_area(setup.previous)
        with tempfile.TemporaryDirectory(prefix="normbook-compare-") as folder:
            try:
                if previous is None:
                    raise SetupProblem(_.later("name last year's estimate on sheet {sheet} "
                                               "(upload it to the xlwings Lite file area "
                                               "first)", sheet=setup_sheet(book).name))
                actions.check_previous(setup, previous)
                path, _shown = await snapshot(book, Path(folder))
                outcome = actions.compare_previous(path, previous, Path(folder) / "out",
                                                   institute=setup.institute)
                if outcome.ok:
                    source = load_workbook(outcome.estimate)
                    copy_estimate(book, source, [comparison_sheet()], replace=True)
                    outcome = _placed(outcome, [_keep(p) for p in outcome.files
                                                if p.suffix == ".docx"])
            except (NormError, OSError) as exc:
                outcome = actions.failed(exc, _("no comparison written"))
        _finish(book, sheet, setup, title, outcome)


@script(name=SCRIPTS["COUNTS"])
def estimate_counts(book: xw.Book):
    """The counts block filled in for the chosen appendices (edited counts kept)."""
    with i18n.speaking(_language()):
        what = _("no counts filled in")
        sheet, setup, problem = read_setup_sheet(book, what)
        if problem is not None:
            write_results(book, _("Fill in the counts"), actions.failed(problem, what))
            return
        try:
            _request, counts = actions.request_of(setup)
        except NormError as exc:
            outcome = actions.failed(exc, _("no counts filled in"))
        else:
            outcome = actions.Outcome(True, _.many("{n} work listed", "{n} works listed",
                                                   len(counts)), counts=counts)
        write_status(sheet, setup.cells["status"], outcome.summary)
        if outcome.counts is not None:
            write_counts(sheet, setup.counts_at, setup.counts_rows, outcome.counts)
