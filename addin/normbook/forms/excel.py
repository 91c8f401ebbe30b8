"""Application forms from Excel: the selected roster rows become 考核申请表 files.

Two entry points, one core (:func:`forms_for_rows`, testable without Excel):

* Classic xlwings (Windows/macOS desktop Excel with a local Python): a button running
  ``RunPython "import normbook.forms.excel as f; f.write_forms_for_selection()"`` writes the
  forms of the selected rows into a folder ``考核申请表`` beside the workbook, puts each row's
  outcome into a status column and shows a summary box. A second button with
  ``f.replace_forms_for_selection()`` replaces forms that exist already.
* xlwings Lite (Python in the browser, no access to the user's folders): the script
  :func:`application_forms` validates the selected rows the same way, writes the results into
  the status column and a sheet ``申请表结果``, and writes the .docx forms into Lite's file
  area ``/data/forms`` (download them from the Lite menu: Files > Import/Export > Download
  All). Lite has no multiprocessing, so forms are rendered one after the other.

Neither path shows a traceback: every problem ends up as text in the workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import xlwings as xw
from xlwings import script

from .. import i18n
from ..errors import NormError
from ..i18n import Domain
from .applicant import describe, field_cell
from .roster import RosterRow, cell_text, column_keys
from .text import masked_id

_ = Domain(__name__)

STATUS_HEADER = "申请表状态"
RESULTS_SHEET = "申请表结果"
FORMS_FOLDER = "考核申请表"
LITE_FOLDER = Path("/data/forms")  # xlwings Lite: Files > Import/Export shows /data
#: The language of what the scripts write into the roster workbook and say in their boxes:
#: the exam coordinators' (Chinese), unless the user chose one.
READERS = "zh"


@dataclass
class Outcome:
    """What a run did: a status per selected row and a summary for the user."""

    statuses: dict[int, str]
    summary: str
    problems: list  # Problem records (rejections, then warnings)


def selected_rows(address: str) -> list[int]:
    """Row numbers in an A1 address such as ``$A$2:$D$5,$A$9`` (or ``Sheet1!2:5``)."""
    rows: set[int] = set()
    for area in address.split(","):
        area = area.split("!")[-1].replace("$", "")
        numbers = [int(n) for n in re.findall(r"\d+", area)]
        if not numbers:  # a whole column (A:D): every row, decided by the caller
            return []
        rows.update(range(min(numbers), max(numbers) + 1))
    return sorted(rows)


def rows_from_values(values: list[list], *, first_row: int = 1,
                     selected: list[int] | None = None) -> list[RosterRow]:
    """Roster rows from a sheet's values (header row first), restricted to ``selected``.

    ``first_row`` is the sheet row of ``values[0]``. Cells are turned into text as a roster
    file's are (:func:`normbook.forms.roster.cell_text`: an ID number that Excel holds as a
    number shows up in scientific notation, so validation can say why it is wrong).
    """
    header, *body = values
    mapping = column_keys(list(header), where=_.later("the sheet's header row"))
    index = {key: list(header).index(h) for h, key in mapping.items()}
    wanted = set(selected) if selected else None
    rows = []
    for offset, record in enumerate(body, start=1):
        row = first_row + offset
        if wanted is not None and row not in wanted:
            continue
        cells = {key: cell_text(key, record[i] if i < len(record) else None)
                 for key, i in index.items()}
        rows.append(RosterRow(row, cells))
    return rows


def forms_for_rows(rows: list[RosterRow], outdir: Path | None, *, year: int | None = None,
                   force: bool = False) -> Outcome:
    """Validate ``rows`` and write their forms into ``outdir`` (None: validate only).

    ``year`` None: the exam year of today's date (refused, pointing to ``normbook data add
    exams``, when the data has no timetable for it). The forms are named as ``normbook
    forms`` names them (no full ID number); ID numbers in the statuses and results masked.
    """
    if not rows:
        return Outcome({}, _("no roster rows selected: select the rows to make forms for "
                             "(the header row is row 1)"), [])
    if outdir is None:
        return _validate_only(rows, year)
    from .batch import write_rows

    result = write_rows(rows, outdir, year=year, force=force, jobs=1, report=False)
    statuses: dict[int, str] = {}
    for form in result.forms:
        for r in form.rows:
            statuses[r] = f"✓ {form.path.name}"
    _reject_statuses(statuses, result.rejections)
    for r in result.blank_rows:
        statuses[r] = _("(blank row)")
    return Outcome(statuses, _("{summary}; forms in {outdir}", summary=result.summary(),
                               outdir=outdir), result.rejections + result.warnings)


def _validate_only(rows: list[RosterRow], year: int | None) -> Outcome:
    from .batch import rejections_per_row
    from .exam_facts import exam_year
    from .roster import group_rows
    from .validate import validate

    year = exam_year(year)
    grouped = group_rows(rows)
    rejections, warnings = list(grouped.rejections), []
    statuses: dict[int, str] = {}
    for applicant in grouped.applicants:
        verdict = validate(applicant, year=year)
        warnings += verdict.warnings
        if verdict.ok:
            statuses.update(dict.fromkeys(applicant.rows, _("✓ valid (no file written)")))
        else:
            rejections += rejections_per_row(applicant, verdict.errors)
    _reject_statuses(statuses, rejections)
    for r in grouped.blank_rows:
        statuses[r] = _("(blank row)")
    valid = sum(1 for s in statuses.values() if s.startswith("✓"))
    return Outcome(statuses, _("{valid} of {rows} row(s) valid; no forms written",
                               valid=valid, rows=len(rows)), rejections + warnings)


def _reject_statuses(statuses: dict[int, str], rejections) -> None:
    """The first reason for each rejected row (a row can have several)."""
    for problem in rejections:
        if problem.field:
            text = _("✗ row {row}, {what}: {reason}", row=problem.row,
                     what=describe(problem.field), reason=problem.message)
        else:
            text = _("✗ {reason}", reason=problem.message)
        statuses.setdefault(problem.row, text)


def _status_column(sheet, header: list) -> int:
    """The 1-based column of the status header, or the first free one after the headers."""
    for i, value in enumerate(header, start=1):
        if value == STATUS_HEADER:
            return i
    used = max((i for i, v in enumerate(header, start=1) if v not in (None, "")), default=0)
    sheet.range((1, used + 1)).value = STATUS_HEADER
    return used + 1


def _write_statuses(sheet, column: int, statuses: dict[int, str]) -> None:
    """One write per contiguous block of rows (each COM call costs)."""
    rows = sorted(r for r in statuses if r is not None)
    start = 0
    while start < len(rows):
        end = start
        while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1:
            end += 1
        block = rows[start:end + 1]
        sheet.range((block[0], column)).value = [[statuses[r]] for r in block]
        start = end + 1


def _sheet_rows(sheet, address: str | None) -> tuple[list[RosterRow], int]:
    used = sheet.used_range
    values = used.options(ndim=2).value
    if used.row != 1:
        raise NormError(_.later("the roster on sheet {sheet} must start in row 1 with its "
                                "header row", sheet=repr(sheet.name)))
    selected = selected_rows(address) if address else []
    selected = [r for r in selected if r > 1]
    if not selected:
        raise NormError(_.later("select the roster rows to make forms for (any cells of those "
                                "rows)"))
    column = _status_column(sheet, list(values[0]))
    return rows_from_values(values, selected=selected), column


def _run(sheet, address: str | None, outdir: Path | None, *, force: bool,
         replace_hint: str) -> Outcome:
    """Read, validate, write, report; every failure becomes the outcome's summary."""
    from .errors import OutputExists

    try:
        rows, column = _sheet_rows(sheet, address)
        outcome = forms_for_rows(rows, outdir, force=force)
    except OutputExists as exc:
        return Outcome({}, _("no forms written: {error}. {hint}", error=exc,
                             hint=replace_hint), [])
    except (NormError, OSError) as exc:
        return Outcome({}, _("no forms written: {error}", error=exc), [])
    _write_statuses(sheet, column, outcome.statuses)
    return outcome


# ---- classic xlwings (RunPython button) ----------------------------------------------------

def write_forms_for_selection(force: bool = False) -> None:
    """RunPython entry: forms for the selected rows, beside the workbook, summary in a box."""
    book = xw.Book.caller()
    with i18n.speaking(i18n.document(READERS)):
        workbook = Path(book.fullname)
        if not workbook.is_absolute() or not workbook.parent.is_dir():
            book.app.alert(_("Save the workbook first: the forms go into a folder beside it."),
                           title="Normbook")
            return
        outcome = _run(book.sheets.active, book.selection.address,
                       workbook.parent / FORMS_FOLDER, force=force,
                       replace_hint=_("The button running replace_forms_for_selection "
                                      "replaces them."))
        book.app.alert(outcome.summary[:1000], title="Normbook: 考核申请表")


def replace_forms_for_selection() -> None:
    """RunPython entry like :func:`write_forms_for_selection`, replacing existing forms."""
    write_forms_for_selection(force=True)


# ---- xlwings Lite ---------------------------------------------------------------------------

@script(name="考核申请表 (selected rows)")
def application_forms(book: xw.Book, replace: bool = False):
    """Validate the selected roster rows; forms into Lite's /data/forms; results in the book."""
    with i18n.speaking(i18n.document(READERS)):
        sheet = book.sheets.active
        outdir = LITE_FOLDER if LITE_FOLDER.parent.is_dir() else None
        outcome = _run(sheet, _lite_selection(book), outdir, force=replace,
                       replace_hint=_("Tick 'replace' and run again to replace them."))
        if outdir:
            where = _("Download the forms from the xlwings Lite menu: Files > Import/Export > "
                      "Download All (folder forms).")
        else:
            where = _("This xlwings Lite has no file area (/data): the rows were validated "
                      "only. Use the desktop path (normbook forms roster.xlsx) for the .docx "
                      "files.")
        _results_sheet(book, outcome, where)
    print(outcome.summary)
    print(where)


def _lite_selection(book) -> str | None:
    """The selection's full address: Lite sends it in the book's JSON; xlwings' Range of it
    would keep only the first area of a multi-area selection (A2:D4,A9:D9)."""
    api = book.api
    if isinstance(api, dict) and isinstance(api.get("book"), dict):
        return api["book"].get("selection")
    return book.selection.address


def _results_sheet(book, outcome: Outcome, where: str) -> None:
    if RESULTS_SHEET in [s.name for s in book.sheets]:
        book.sheets[RESULTS_SHEET].delete()  # last run's results
    sheet = book.sheets.add(RESULTS_SHEET, after=book.sheets[len(book.sheets) - 1])
    table = [[outcome.summary, None, None, None, None], [where, None, None, None, None],
             [_("row"), _("id_number"), _("field"), _("severity"), _("reason")]]
    table += [[p.row, masked_id(p.id_number), field_cell(p.field), str(SEVERITIES[p.severity]),
               p.reason] for p in outcome.problems]
    sheet.range("B:B").number_format = "@"  # an ID number typed as text stays text
    sheet.range("A1").value = table


#: The severity column of the results sheet (the keys stay in the Problem records).
SEVERITIES = {"error": _.later("error"), "warning": _.later("warning")}
