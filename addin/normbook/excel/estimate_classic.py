"""The estimate from Excel in classic xlwings (desktop Excel, Python on the same computer).

Buttons of the starter workbook (saved as .xlsm) run these with RunPython::

    RunPython "import normbook.excel.estimate_classic as e; e.build_estimate()"
    RunPython "import normbook.excel.estimate_classic as e; e.rejustify_estimate()"
    RunPython "import normbook.excel.estimate_classic as e; e.compare_estimate()"
    RunPython "import normbook.excel.estimate_classic as e; e.fill_counts()"

Build writes estimate.xlsx and thuyet-minh.docx into a folder beside the workbook (the set-up
sheet's output folder, by default du-toan-YEAR), opens the estimate in Excel and writes its
path into the set-up sheet; Re-justify and Compare read that workbook as it is now (saving it
first when it is open in this Excel with changes). Progress shows in Excel's status bar; the
outcome in the set-up sheet's status cell and the results sheet.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import xlwings as xw

from .. import i18n
from ..errors import NormError
from ..i18n import Domain, listed
from . import estimate_actions as actions
from .estimate_book import (
    read_setup_sheet,
    setup_sheet,
    values_of,
    write_counts,
    write_results,
    write_status,
)
from .estimate_setup import SetupProblem, read_setup

_ = Domain(__name__)

#: The default output folder beside the workbook (a file name: no accents).
FOLDER = "du-toan-{year}"
#: Where Compare writes without Replace: a folder beside this year's estimate workbook, which
#: is left as it is.
COMPARISON_FOLDER = "so-sanh"


def _progress(book: Any):
    def show(text: str) -> None:
        with contextlib.suppress(NotImplementedError, AttributeError):
            book.app.status_bar = text
    return show


def _base(book: Any) -> Path | None:
    """The workbook's folder, or None for a workbook never saved."""
    path = Path(book.fullname)
    return path.parent if path.is_absolute() and path.parent.is_dir() else None


def _start(book: Any, working: str, what: str):
    """The set-up sheet and its reading (:func:`read_setup_sheet`), its status "working"."""
    sheet, setup, problem = read_setup_sheet(book, what)
    if problem is None:
        write_status(sheet, setup.cells["status"], working)
        _progress(book)(working)
    return sheet, setup, problem


def _finish(book: Any, sheet: Any, setup: Any, title: str, outcome: actions.Outcome) -> None:
    if sheet is not None:
        write_status(sheet, setup.cells["status"], outcome.summary)
        if outcome.counts is not None:
            write_counts(sheet, setup.counts_at, setup.counts_rows, outcome.counts)
    write_results(book, title, outcome)
    _progress(book)(False)


def _resolve(name: str, base: Path | None) -> Path | None:
    if not name:
        return None
    path = Path(name).expanduser()
    return path if path.is_absolute() or base is None else base / path


def _open_book(book: Any, path: Path) -> Any:
    """The workbook at ``path`` when it is open in this Excel, else None."""
    try:
        for other in book.app.books:
            if Path(other.fullname) == path:
                return other
    except (NotImplementedError, AttributeError, OSError):
        pass
    return None


def _saved(book: Any, path: Path) -> str:
    """Save the estimate workbook when it is open here (the action reads the file); what was
    done, said."""
    other = _open_book(book, path)
    if other is None:
        return ""
    other.save()
    return _("saved {file} first (it was open in Excel)", file=path.name)


def build_estimate(book: Any = None) -> None:
    """RunPython entry: the set-up sheet's estimate into a folder beside the workbook."""
    book = book or xw.Book.caller()
    with i18n.speaking(i18n.document(actions.READERS)):
        title = _("Build the estimate")
        what = _("no estimate written")
        sheet, setup, problem = _start(book, _("working: estimating ..."), what)
        if problem is not None:
            _finish(book, None, None, title, actions.failed(problem, what))
            return
        base = _base(book)
        if base is None:
            _finish(book, sheet, setup, title, actions.Outcome(False, _(
                "save this workbook first: the estimate goes into a folder beside it")))
            return
        folder = _resolve(setup.folder, base) or base / FOLDER.format(year=setup.year)
        outcome = _build(book, setup, base, folder)
        if outcome.ok and outcome.estimate is not None:
            sheet.range(setup.cells["estimate"]).value = str(outcome.estimate)
            try:
                book.app.books.open(str(outcome.estimate))
            except Exception:
                outcome.details.append([_("note"), _("open {file} from its folder",
                                                     file=outcome.estimate)])
        _finish(book, sheet, setup, title, outcome)


def _build(book: Any, setup: Any, base: Path, folder: Path) -> actions.Outcome:
    from ..estimate.prices import read_prices
    from ..estimate.run import output_paths
    from ..outputs import refuse_inputs
    from .estimate_prices import SheetCells, find_prices_sheets, prices_from_sheets

    try:
        previous = _resolve(setup.previous, base)
        file = actions.prices_file(setup, base)
        refuse_inputs(output_paths(folder), (previous, file))
        actions.check_prices_file(setup, file)
        actions.check_previous(setup, previous)
        if file is not None:
            prices = read_prices(file)
        else:
            found = find_prices_sheets([s.name for s in book.sheets])
            sheets = {}
            for key, name in found.items():
                values = values_of(book.sheets[name])
                sheets[key] = SheetCells(name, values, _formats(book.sheets[name], values))
            prices = prices_from_sheets(sheets, book.name) if sheets else None
        actions.check_folder(setup, folder)
    except (NormError, OSError) as exc:
        return actions.failed(exc, _("no estimate written"))
    return actions.build(setup, prices, folder, previous=previous,
                         progress=_progress(book))


def _formats(sheet: Any, values: list[list]) -> dict[tuple[int, int], str]:
    """Number formats below the header: one read per column, per cell where they differ."""
    formats: dict[tuple[int, int], str] = {}
    rows = len(values)
    for c in range(1, max((len(r) for r in values), default=0) + 1):
        if rows < 2 or all(len(r) < c or r[c - 1] in (None, "") for r in values[1:]):
            continue
        shared = sheet.range((2, c), (rows, c)).number_format
        if shared:
            formats.update({(r, c): shared for r in range(2, rows + 1)})
            continue
        for r in range(2, rows + 1):
            if c <= len(values[r - 1]) and values[r - 1][c - 1] not in (None, ""):
                formats[(r, c)] = sheet.range((r, c)).number_format or "General"
    return formats


def _estimate_path(setup: Any, base: Path | None) -> Path | None:
    return _resolve(setup.estimate, base)


def rejustify_estimate(book: Any = None) -> None:
    """RunPython entry: the justification of the estimate workbook as it is now."""
    book = book or xw.Book.caller()
    with i18n.speaking(i18n.document(actions.READERS)):
        title = _("Re-justify the estimate")
        what = _("no justification written")
        sheet, setup, problem = _start(book, _("working: reading the estimate ..."), what)
        if problem is not None:
            _finish(book, None, None, title, actions.failed(problem, what))
            return
        base = _base(book)
        path = _estimate_path(setup, base)
        if path is None:
            _finish(book, sheet, setup, title, _no_estimate(_("no justification written")))
            return
        previous = _resolve(setup.previous, base)
        try:
            actions.check_previous(setup, previous)
        except SetupProblem as exc:
            _finish(book, sheet, setup, title, actions.failed(exc, what))
            return
        note = _saved(book, path)
        outcome = actions.rejustify(path, path.parent / actions.JUSTIFICATION,
                                    institute=setup.institute, previous=previous)
        if note:
            outcome.details.insert(0, [_("note"), note])
        _finish(book, sheet, setup, title, outcome)


def _no_estimate(what: str) -> actions.Outcome:
    from .estimate_setup import _LABELS

    return actions.Outcome(False, _("{what}: no estimate workbook named in {label}; build the "
                                    "estimate first", what=what,
                                    label=str(_LABELS["estimate"])))


def compare_estimate(book: Any = None) -> None:
    """RunPython entry: the estimate workbook against last year's (a Comparison sheet and
    the justification's comparison section); it is closed and opened again around it."""
    book = book or xw.Book.caller()
    with i18n.speaking(i18n.document(actions.READERS)):
        title = _("Compare with last year's estimate")
        what = _("no comparison written")
        sheet, setup, problem = _start(book, _("working: comparing ..."), what)
        if problem is not None:
            _finish(book, None, None, title, actions.failed(problem, what))
            return
        base = _base(book)
        path, previous = _estimate_path(setup, base), _resolve(setup.previous, base)
        if path is None:
            _finish(book, sheet, setup, title, _no_estimate(_("no comparison written")))
            return
        if previous is None:
            from .estimate_setup import _LABELS

            _finish(book, sheet, setup, title, actions.Outcome(False, _(
                "no comparison written: name last year's estimate.xlsx in {label}",
                label=str(_LABELS["previous"]))))
            return
        try:
            actions.check_previous(setup, previous)
        except SetupProblem as exc:
            _finish(book, sheet, setup, title, actions.failed(exc, what))
            return
        note = _saved(book, path)
        if setup.replace:
            other = _open_book(book, path)
            if other is not None:
                other.close()  # Excel locks an open workbook: it is written, opened again
            outcome = actions.compare_previous(path, previous, path.parent,
                                               institute=setup.institute)
            if other is not None:
                with contextlib.suppress(Exception):
                    book.app.books.open(str(path))
        else:
            outcome = _compare_beside(setup, path, previous)
        if note:
            outcome.details.insert(0, [_("note"), note])
        _finish(book, sheet, setup, title, outcome)


def _compare_beside(setup: Any, path: Path, previous: Path) -> actions.Outcome:
    """Compare without Replace: the estimate workbook left as it is, the comparison's files
    written into a folder beside it, refused when they exist."""
    from ..estimate.run import output_paths
    from .estimate_setup import _LABELS

    folder = path.parent / COMPARISON_FOLDER
    there = [p for p in output_paths(folder) if p.exists()]
    if there:
        return actions.Outcome(False, _.many(
            "no comparison written: {paths} exists (an earlier comparison); delete or rename "
            "it, or set {label} = TRUE to write the comparison into this year's estimate "
            "itself", "no comparison written: {paths} exist (an earlier comparison); delete or "
            "rename them, or set {label} = TRUE to write the comparison into this year's "
            "estimate itself", len(there), paths=listed(there),
            label=str(_LABELS["replace"])))
    return actions.compare_previous(path, previous, folder, institute=setup.institute,
                                    replace=False)


def fill_counts(book: Any = None) -> None:
    """RunPython entry: the counts block filled in for the chosen appendices."""
    book = book or xw.Book.caller()
    with i18n.speaking(i18n.document(actions.READERS)):
        try:
            sheet = setup_sheet(book)
            setup = read_setup(values_of(sheet))
            _request, counts = actions.request_of(setup)
        except NormError as exc:
            write_results(book, _("Fill in the counts"), actions.failed(exc, _(
                "no counts filled in")))
            return
        write_counts(sheet, setup.counts_at, setup.counts_rows, counts)
        write_status(sheet, setup.cells["status"], _.many("{n} work listed", "{n} works listed",
                                                          len(counts)))
