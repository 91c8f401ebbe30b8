"""``normbook freeze``: replace Normbook formulas by their values, for readers without the add-in.

A workbook full of ``=NORM(...)`` shows ``#NAME?`` to anyone without the add-in. Freezing
evaluates every Normbook call with the functions of :mod:`normbook.excel.functions` (the very
code the add-in runs, so the numbers are the ones the add-in shows) and writes a copy in which

- a formula that *is* one call (``=NORM("VI","labour")``, also ``=+NORM(...)``) becomes its
  value; a table (NORM_TABLE, NORM_ITEMS, NORM_APPENDICES) is written into the anchor cell and
  the cells to its right and below, as Excel would spill it;
- a formula that *contains* calls (``=NORM("VI","labour")*B2``) keeps its other parts live:
  each call is replaced by a constant (``=308*B2``; a table by an array constant
  ``{...}``), so it needs no add-in;
- every other formula, style, sheet and defined name is left alone.

Arguments are read as the add-in would receive them: constants, omitted arguments, single
cells on any sheet (a constant; a Normbook formula, evaluated here; a cell inside a Normbook
table's spill area; or any other formula's value as last saved in the file) and defined names
of single cells. Where a function takes a range (NORM_COST's ``prices``, as
``normbook.excel.functions.RANGE_ARGUMENTS`` declares), a range or a name of one is read cell
by cell the same way and handed over as rows of values, empty cells None, as Excel hands over a
range. A formula whose calls need anything else (an expression such as ``UPPER(A1)``, a range
where one cell is taken, another workbook, a formula whose value the file does not hold) is
left as it is and reported ``not frozen``, with the reason and its cell.

When a function answers with an error (``#N/A``, or in classic xlwings the text ``#N/A unknown
appendix 'XL' (I..XXXI)``), the copy holds Excel's error value, never a text: the cell itself,
a cell of a spilled table, or the error constant inside a rewritten formula
(``=IFERROR(#N/A,0)``), so ``IFERROR``, ``ISNA`` and every formula that reads the cell mean
what they meant with the add-in. The message goes into the report (``error value``, with the
cell) and, for a cell, into a comment on it: the reviewer sees what went wrong rather than a
number that was never there.

The command always writes the copy and lists every problem; its exit code is 0 only when the
copy is complete and clean (1 otherwise, unless ``--allow-partial``). An ``.xlsm`` can be frozen
into an ``.xlsm`` (its VBA kept, openpyxl ``keep_vba``) or, the usual choice for sending out,
into an ``.xlsx`` without macros. openpyxl rewrites the file, so what it cannot read is lost
(shapes, form controls, pictures, cached values of other formulas: ``fullCalcOnLoad`` is set so
Excel and LibreOffice compute them on opening; Excel's dynamic arrays of other functions come
back as fixed-size array formulas).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NormError, OutputExists
from ..i18n import Domain, document, speaking
from ..outputs import same_file
from .freeze_eval import Freezer, worksheet_functions
from .freeze_report import ERROR_VALUE, NOT_FROZEN, FreezeReport, Problem, cell_name
from .freeze_write import write_outcomes

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["ERROR_VALUE", "NOT_FROZEN", "FreezeError", "FreezeReport", "OutputExists", "Problem",
           "cell_name", "freeze", "freeze_workbook", "save_workbook", "worksheet_functions"]

_ = Domain(__name__)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


# ---- errors --------------------------------------------------------------------------------

class FreezeError(NormError, ValueError):
    """The workbook cannot be frozen as asked: a missing or unreadable file, a bad path."""



# ---- the workbook in, the workbook out -----------------------------------------------------

def freeze_workbook(workbook: Workbook, saved_values: Workbook | Callable[[], Workbook]
                    | None = None) -> FreezeReport:
    """Freeze ``workbook`` in memory; returns what was done and every problem.

    Args:
        workbook: loaded with formulas (openpyxl's default).
        saved_values: the same file loaded with ``data_only=True`` (or a function that loads
            it, called only if a Normbook call reads another formula's value); None when there
            is no file (every such read is then reported).
    """
    freezer = Freezer(workbook, saved_values, worksheet_functions())
    freezer.scan()
    # What goes into the workbook (the functions' answers, the comments on error cells) is
    # in its readers' language; the report renders where it is shown.
    with speaking(document("vi")):
        freezer.evaluate_all()
        report = write_outcomes(workbook, freezer.sites.values(), freezer.problems)
    if report.frozen:
        workbook.calculation.fullCalcOnLoad = True  # the rewritten formulas have no value yet
    return report


def freeze(source: Path, output: Path, *, force: bool = False) -> FreezeReport:
    """Write a frozen copy of ``source`` to ``output``; returns the report.

    Raises:
        FreezeError: a missing or unreadable source, output == source, unsupported suffixes.
        OutputExists: ``output`` exists and ``force`` is false.
    """
    source, output = Path(source), Path(output)
    _check_paths(source, output, force)
    keep_vba = output.suffix.lower() == ".xlsm"
    workbook = _load(source, keep_vba=keep_vba)
    try:
        report = freeze_workbook(workbook, lambda: _load(source, data_only=True))
        report.output = save_workbook(workbook, output, force=force)
    finally:
        if workbook.vba_archive is not None:  # openpyxl keeps the .xlsm open for its VBA
            workbook.vba_archive.close()
    return report


def _check_paths(source: Path, output: Path, force: bool) -> None:
    if not source.is_file():
        raise FreezeError(_.later("{path}: no such workbook", path=str(source)))
    for path in (source, output):
        if path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise FreezeError(_.later("{path}: freeze reads and writes .xlsx and .xlsm "
                                      "workbooks (save an .xls, .xlsb or .ods as .xlsx first)",
                                      path=str(path)))
    if output.suffix.lower() == ".xlsm" and source.suffix.lower() != ".xlsm":
        raise FreezeError(_.later("{path}: an .xlsm output needs an .xlsm source (there are "
                                  "no macros to keep); write .xlsx", path=str(output)))
    if same_file(output, source):
        raise FreezeError(_.later("{path} is the workbook being frozen; write the frozen copy "
                                  "to another file so the original keeps its formulas",
                                  path=str(output)))
    if output.exists() and not force:
        raise OutputExists(output)


def _load(path: Path, **options: Any) -> Workbook:
    from .. import xlsx_guard

    if not path.is_file():
        raise FreezeError(_.later("{path}: no such workbook", path=str(path)))
    try:
        return xlsx_guard.load(path, xlsx_guard.FREEZE, max_area=xlsx_guard.FREEZE_AREA,
                               **options)
    except xlsx_guard.UnreadableWorkbook as exc:
        raise FreezeError(str(exc)) from None


def save_workbook(workbook: Workbook, output: Path, *, force: bool = False) -> Path:
    """Save atomically (.xlsx or .xlsm as ``output`` says); never clobber unless ``force``.

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
    """
    from ..xlsx_parts import save_workbook as save

    return save(workbook, output, suffix=Path(output).suffix.lower(), force=force)


# ---- command line --------------------------------------------------------------------------

def cmd_freeze(args: argparse.Namespace) -> int:
    report = freeze(Path(args.workbook), Path(args.output), force=args.force)
    with speaking(document("vi")):  # the report's readers are the workbook's
        print(report.summary())
    if report.problems and not args.allow_partial:
        # the copy was written all the same: say so, so that exit code 1 is not read as
        # "nothing was written" (nor the "wrote" line above as "done")
        print(_.many("normbook: {output} was written, but it has {n} problem (listed above), "
                     "so it is not a finished copy; fix it in {workbook} and freeze again with "
                     "--force to replace the copy, or pass --allow-partial to accept it",
                     "normbook: {output} was written, but it has {n} problems (listed above), "
                     "so it is not a finished copy; fix them in {workbook} and freeze again "
                     "with --force to replace the copy, or pass --allow-partial to accept it",
                     len(report.problems), output=report.output, workbook=args.workbook),
              file=sys.stderr)
        return 1
    return 0


def register(subparsers) -> None:
    """Add ``normbook freeze`` to the command line."""
    p = subparsers.add_parser(
        "freeze", help=_("replace Normbook formulas by their values, for readers without the "
                         "add-in"))
    p.add_argument("workbook", help=_("the .xlsx or .xlsm workbook with =NORM formulas"))
    p.add_argument("-o", "--output", required=True,
                   help=_("the frozen copy: .xlsx (macros dropped) or .xlsm (macros kept)"))
    p.add_argument("--force", action="store_true", help=_("replace an existing output file"))
    p.add_argument("--allow-partial", action="store_true",
                   help=_("exit 0 even when some formulas were not frozen or show an error"))
    p.set_defaults(run=cmd_freeze)
