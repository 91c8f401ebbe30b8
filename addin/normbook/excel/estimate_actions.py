"""The estimate from Excel, the core both runtimes share (testable without Excel).

Three actions, each a function of plain data (the set-up sheet's values, the prices sheets'
cells, files), answering an :class:`Outcome` that the runtimes write into the workbook:

* :func:`build`: the estimate of the set-up sheet, through :func:`normbook.estimate.run.
  run_estimate` (the same workbook and justification ``normbook estimate`` writes for the
  same inputs) into a folder;
* :func:`rejustify`: the justification of an estimate workbook as it is now (its inputs read
  as ``compare`` reads them, refusing a workbook edited beyond its input cells), its figures
  checked against the totals the workbook itself shows;
* :func:`compare_previous`: the estimate of an estimate workbook's own inputs against last
  year's estimate, as ``normbook estimate --previous`` writes it (a Comparison sheet and the
  justification's comparison section).

Every problem becomes the outcome's text, never a traceback: a missing price, an unknown
appendix, a file open in another program, a workbook edited beyond its input cells.
Classic xlwings (:mod:`.estimate_classic`) and xlwings Lite (:mod:`.estimate_lite`) gather
the data and write the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import NormError, Spelling, os_reason
from ..i18n import Domain, listed
from .estimate_setup import APPENDIX_HEADER, Setup, SetupProblem, sheet_name

_ = Domain(__name__)

#: The language of what the actions write into the workbook and the files: the estimate's
#: readers' (Vietnamese), unless the user chose one.
READERS = "vi"
#: The justification's file, as ``normbook estimate`` names it.
JUSTIFICATION = "thuyet-minh.docx"
#: How far the justification's total may lie from the workbook's (binary floating point
#: against 28-digit decimals; the workbook rounds nothing).
TOLERANCE = Decimal(1)


@dataclass
class Outcome:
    """What an action did: a line for the status cell, rows for the results sheet."""

    ok: bool
    summary: str
    details: list[list] = field(default_factory=list)
    files: tuple[Path, ...] = ()
    estimate: Path | None = None  # the estimate workbook written (Lite copies its sheets)
    counts: list[list] | None = None  # the set-up's counts block, as used


class SetupSpelling(Spelling):
    """How a message tells a set-up sheet's user to set an option."""

    def name(self, option: str) -> str:
        if option in ("variant", "variants"):
            return _("the {column} column of sheet {sheet}", column=str(APPENDIX_HEADER[1]),
                     sheet=sheet_name())
        return option

    def switch(self, option: str) -> str:
        if option == "force":
            from .estimate_setup import _LABELS

            return _("{label} = TRUE on sheet {sheet}", label=str(_LABELS["replace"]),
                     sheet=sheet_name())
        return super().switch(option)

    def choices(self, option: str, values: Any, key: str | None = None) -> str:
        from ..errors import alternatives

        return _("{values} in the {column} column of sheet {sheet}",
                 values=alternatives([str(v) for v in values]),
                 column=str(APPENDIX_HEADER[1]), sheet=sheet_name())


SPELLING = SetupSpelling()


def said(exc: BaseException) -> str:
    """An error as the set-up sheet's user reads it (no traceback, no Python keywords)."""
    from ..errors import OutputExists

    if isinstance(exc, OutputExists):
        from .estimate_setup import _LABELS

        return _.many("{paths} already exists; set {label} = TRUE on sheet {sheet} to "
                      "replace it", "{paths} already exist; set {label} = TRUE on sheet "
                      "{sheet} to replace them", len(exc.paths),
                      paths=listed(exc.paths),
                      label=str(_LABELS["replace"]), sheet=sheet_name())
    if isinstance(exc, NormError):
        return excel_wording(exc).text(SPELLING)
    if isinstance(exc, PermissionError):
        name = Path(exc.filename).name if getattr(exc, "filename", None) else ""
        return _("{file} cannot be written: it is open in another program (Word, Excel) or "
                 "read-only; close it and run again", file=name or _("a file"))
    if isinstance(exc, OSError):
        return _("a file could not be written or read: {error}", error=os_reason(exc))
    return str(exc)


#: The core's advice to run a command, and what an Excel user does instead (same facts).
_EXCEL_ADVICE = {
    "no column {names} in the header row; write a new template with `normbook "
    "prices-template`": _.later("no column {names} in the header row; give it the header row "
                                "of the prices sheets a Normbook starter workbook holds"),
    "no column {name} in the header row; write a new template with `normbook "
    "prices-template`": _.later("no column {name} in the header row; give it the header row "
                                "of the prices sheets a Normbook starter workbook holds"),
    "no sheet {sheet}; write a new template with `normbook prices-template`": _.later(
        "no sheet {sheet}; fill the prices sheets of this workbook instead and leave the "
        "Prices cell of the set-up sheet empty"),
    "not an estimate workbook Normbook wrote: it defines none of the names its formulas use "
    "({names}); a workbook whose names were deleted shows #NAME? in Excel: write the estimate "
    "again with normbook estimate": _.later(
        "not an estimate workbook Normbook wrote: it defines none of the names its formulas "
        "use ({names}); a workbook whose names were deleted shows #NAME? in Excel: run Build "
        "estimate again"),
}


def excel_advice(message: Any) -> Any:
    """``message`` (a Message, a Text or a str) with every advice to run a Normbook command
    replaced by what to do in Excel (messages inside it too)."""
    import dataclasses

    from ..i18n import Message, Text

    if isinstance(message, Text):
        inner = getattr(message, "_message", None)
        return Text(excel_advice(inner)) if inner is not None else message
    if not isinstance(message, Message):
        return message
    if message.text in _EXCEL_ADVICE:
        return dataclasses.replace(_EXCEL_ADVICE[message.text], facts=message.facts)
    return dataclasses.replace(message, facts={k: excel_advice(v)
                                               for k, v in message.facts.items()})


def excel_wording(exc: NormError) -> NormError:
    """The core's refusal as an Excel user reads it: no command to run (the command line's
    own messages are left as they are)."""
    from ..estimate.model import PricesError
    from ..i18n import Message

    if isinstance(exc, PricesError):
        return PricesError(exc.source, tuple(excel_advice(p) for p in exc.problems))
    if len(exc.args) == 1 and isinstance(exc.args[0], Message) and type(exc).text is \
            NormError.text:
        changed = excel_advice(exc.args[0])
        if changed != exc.args[0]:
            return NormError(changed)
    return exc


def failed(exc: BaseException, what: Any) -> Outcome:
    return Outcome(False, _("{what}: {error}", what=what, error=said(exc)),
                   [[_("error"), said(exc)]])


# ---- the request ---------------------------------------------------------------------------

def request_of(setup: Setup) -> tuple[Any, list[list]]:
    """The estimate request of the set-up sheet, and its counts block as used.

    Raises:
        SetupProblem: an appendix or lab class the circular does not know (its cell named).
    """
    from ..errors import UnknownAppendix, UnknownVariant
    from ..estimate.run import build_request
    from ..query import appendix_id
    from .estimate_setup import count_arguments, counts_block

    ids: list[str] = []
    variants: list[str] = []
    rows: dict[str, int] = {}  # appendix -> its row
    for appendix, variant, row in setup.appendices:
        try:
            key = appendix_id(appendix)
        except UnknownAppendix as exc:
            raise SetupProblem(_.later("sheet {sheet}, cell A{row}: {error}",
                                       sheet=sheet_name(), row=row, error=said(exc))) from None
        if key in rows:
            raise SetupProblem(_.later("sheet {sheet}, cell A{row}: appendix {appendix} is "
                                       "listed twice (also in cell A{first}); keep one row",
                                       sheet=sheet_name(), row=row, appendix=key,
                                       first=rows[key]))
        rows[key] = row
        ids.append(key)
        if variant:
            variants.append(f"{key}={variant}")
    counts = count_arguments(tuple(ids), setup.counts)
    try:
        request = build_request(ids, setup.year, variants=variants, counts=counts)
    except UnknownVariant as exc:
        row = rows[exc.appendix]
        raise SetupProblem(_.later("sheet {sheet}, cell B{row}: {error}", sheet=sheet_name(),
                                   row=row, error=said(exc))) from None
    return request, counts_block(tuple(ids), setup.counts)


def prices_file(setup: Setup, base: Path | None) -> Path | None:
    """The prices workbook the set-up names, found beside the workbook when relative."""
    if not setup.prices:
        return None
    path = Path(setup.prices).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    return path


def _at(setup: Setup, key: str, problem: Any) -> SetupProblem:
    """A refusal naming the set-up sheet's cell of parameter ``key``."""
    from .estimate_setup import _problem

    return _problem(*setup.cells[key], problem)


def check_prices_file(setup: Setup, path: Path | None) -> None:
    """Refuse, naming the Prices cell, a prices workbook that is not there.

    Raises:
        SetupProblem: no such file, or a folder.
    """
    if path is not None and not path.is_file():
        raise _at(setup, "prices", _.later(
            "{file} is not a file: type the full path of a filled prices workbook, or its name "
            "beside this workbook (xlwings Lite: a file uploaded to its file area); or empty "
            "this cell to use the prices sheets of this workbook", file=str(path)))


def check_previous(setup: Setup, path: Path | None) -> None:
    """Refuse, naming the cell of last year's estimate, a file that is not there or is not an
    estimate Normbook wrote (read before any work).

    Raises:
        SetupProblem: the problem, the cell named.
    """
    if path is None:
        return
    if not path.is_file():
        raise _at(setup, "previous", _.later(
            "{file} is not a file: type the full path of last year's estimate.xlsx, or its "
            "name beside this workbook (xlwings Lite: a file uploaded to its file area); or "
            "empty this cell", file=str(path)))
    from ..estimate.readback import read_estimate

    try:
        read_estimate(path)
    except NormError as exc:
        raise _at(setup, "previous", _.later(
            "{error}; type last year's estimate.xlsx, written by Build estimate",
            error=said(exc))) from None


def check_folder(setup: Setup, folder: Path) -> None:
    """Refuse, naming the Output folder cell, a folder the estimate cannot go into: a file,
    a folder inside a file, one that cannot be created, one holding an earlier build's files
    (unless Replace). Creates the folder (call it after everything else is read).

    Raises:
        SetupProblem: what is wrong and what to type.
    """
    from ..estimate.run import output_paths
    from .estimate_setup import _LABELS, _where

    in_file = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                   None)
    if in_file is not None or folder.suffix.lower() in (".xlsx", ".xlsm", ".docx", ".pdf"):
        raise _at(setup, "folder", _.later(
            "{file} is a file: type the folder to write estimate.xlsx and thuyet-minh.docx "
            "into, or empty this cell for a folder {default} beside this workbook",
            file=str(in_file or folder), default="du-toan-" + str(setup.year)))
    there = [p.name for p in output_paths(folder) if p.exists()]
    if there and not setup.replace:
        raise _at(setup, "folder", _.many_later(
            "folder {folder} already holds {files} of an earlier build: set {label} = TRUE "
            "({where}) to replace it, or type another folder in this cell",
            "folder {folder} already holds {files} of an earlier build: set {label} = TRUE "
            "({where}) to replace them, or type another folder in this cell", len(there),
            folder=str(folder), files=listed(there), label=str(_LABELS["replace"]),
            where=_where(*setup.cells["replace"])))
    from ..errors import os_reason

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _at(setup, "folder", _.later(
            "folder {folder} cannot be created ({error}): type a folder you can write in, or "
            "empty this cell for a folder {default} beside this workbook",
            folder=str(folder), error=os_reason(exc),
            default="du-toan-" + str(setup.year))) from None


# ---- summaries -------------------------------------------------------------------------------

def _money(amount: Decimal) -> int:
    from ..wages import vnd

    return int(vnd(amount))


def totals_table(estimate: Any) -> list[list]:
    """Per appendix and in total: labour, equipment, materials, total (VND), complete?"""
    rows = [[_("appendix"), _("labour"), _("equipment"), _("materials"), _("total"),
             _("status")]]
    for a in estimate.appendices:
        rows.append([a.appendix, _money(a.labour_total.amount),
                     _money(a.equipment_total.amount), _money(a.materials_total.amount),
                     _money(a.total.amount),
                     _("complete") if a.total.complete else _("incomplete")])
    rows.append([_("Total"), None, None, None, _money(estimate.total.amount),
                 _("complete") if estimate.complete else _("incomplete")])
    return rows


def warnings_of(estimate: Any, *, priced: bool) -> list[list]:
    """The estimate's warnings as rows (severity, text), in the language being written."""
    from ..i18n import rendered

    rows = []
    if not priced:
        rows.append([_("warning"), _("no prices: every equipment and material item is "
                                     "missing its price (fill the prices sheets, or name a "
                                     "prices workbook on sheet {sheet})", sheet=sheet_name())])
    items = list(dict.fromkeys(m.describe() for m in estimate.missing_prices))
    if items and priced:
        rows.append([_("warning"), _.many(
            "{n} item has no price; its lines show no amount and the totals are incomplete:",
            "{n} items have no price; their lines show no amount and the totals are "
            "incomplete:", len(items))])
        rows += [["", item] for item in items]
    gaps = estimate.gaps_left_out
    if gaps:
        rows.append([_("warning"), _.many(
            "{n} row has no quantity in the source and is not costed (see the line sheets)",
            "{n} rows have no quantity in the source and are not costed (see the line "
            "sheets)", len(gaps))])
    rows += [[_("warning"), rendered(text)] for text in estimate.warnings]
    return rows


def _details(estimate: Any, files: tuple[Path, ...], *, priced: bool) -> list[list]:
    rows = totals_table(estimate)
    rows.append([])
    rows += [[_("file"), str(path)] for path in files]
    return rows + warnings_of(estimate, priced=priced)


# ---- the actions ----------------------------------------------------------------------------

def build(setup: Setup, prices: Any, folder: Path, *, previous: Path | None = None,
          progress: Callable[[str], None] = lambda text: None) -> Outcome:
    """The set-up's estimate, written into ``folder`` (estimate.xlsx, thuyet-minh.docx).

    ``prices``: from :func:`normbook.estimate.read_prices` or the workbook's own sheets, or
    None (labour only). Existing files are replaced only when the set-up says so.
    """
    from ..estimate.run import DEFAULT_INSTITUTE, run_estimate

    try:
        request, counts = request_of(setup)
        progress(_("Estimating appendices {appendices} for {year} ...",
                   appendices=listed(request.appendices), year=request.year))
        outputs = run_estimate(request, prices, folder,
                               institute=setup.institute or DEFAULT_INSTITUTE,
                               force=setup.replace, previous=previous)
    except ImportError as exc:  # a Python without the justification's libraries (lxml)
        return _workbook_only(setup, prices, folder, exc)
    except (NormError, OSError) as exc:
        return failed(exc, _("no estimate written"))
    result = outputs.estimate
    files = (outputs.workbook, outputs.justification)
    summary = _("estimate {year} written: {total:n} VND{mark} for {appendices}",
                year=result.year, total=_money(result.total.amount),
                mark="" if result.complete else _(" (incomplete)"),
                appendices=listed(request.appendices))
    return Outcome(True, summary, _details(result, files, priced=prices is not None), files,
                   outputs.workbook, counts)


def _workbook_only(setup: Setup, prices: Any, folder: Path, missing: ImportError) -> Outcome:
    """The estimate workbook without its justification, for a Python that lacks the
    libraries the justification needs (an xlwings Lite whose packages could not load)."""
    from ..estimate.compute import estimate
    from ..estimate.workbook import write_estimate_workbook

    try:
        request, counts = request_of(setup)
        result = estimate(request, prices)
        folder.mkdir(parents=True, exist_ok=True)
        path = write_estimate_workbook(result, folder / "estimate.xlsx",
                                       prices_source=prices.source if prices else "",
                                       force=setup.replace)
    except (NormError, OSError) as exc:
        return failed(exc, _("no estimate written"))
    details = _details(result, (path,), priced=prices is not None)
    details.insert(0, [_("warning"), _(
        "the justification was not written: this Python lacks {module}, which it needs; in "
        "xlwings Lite, check that requirements.txt holds the normbook line and restart",
        module=missing.name or str(missing))])
    return Outcome(True, _("estimate {year} written without its justification ({module} is "
                           "missing)", year=result.year, module=missing.name or missing),
                   details, (path,), path, counts)


def _request_of_inputs(inputs: Any) -> Any:
    from ..estimate.model import EstimateRequest

    return EstimateRequest(inputs.appendices, inputs.year, inputs.variants, inputs.counts)


def shown_total(workbook: Path) -> Decimal | None:
    """The grand total the workbook's Summary shows (its stored or recalculated value), or
    None when it stores none (a workbook openpyxl wrote and no one has opened)."""
    from openpyxl import load_workbook

    from .. import i18n
    from ..estimate.readback_names import defined_names
    from ..estimate.workbook_style import LANGUAGE_NAME
    from ..estimate.workbook_summary import LAYOUT, total_label

    names = {d.name.casefold(): d.text for d in defined_names(workbook)}
    lang = names.get(LANGUAGE_NAME.casefold(), "en").strip("=\" ")
    book = load_workbook(workbook, data_only=True, read_only=True)
    try:
        with i18n.speaking(lang if lang in i18n.LANGUAGES else "en"):
            sheet, label = LAYOUT.sheet, total_label()
            total = LAYOUT.index("total")
            if sheet not in book.sheetnames:
                return None
            for row in book[sheet].iter_rows(values_only=True):
                if row and row[0] == label:
                    value = row[total - 1] if len(row) >= total else None
                    return Decimal(repr(value)) if isinstance(value, int | float) \
                        and not isinstance(value, bool) else None
    finally:
        book.close()
    return None


def rejustify(workbook: Path, output: Path, *, institute: str = "",
              previous: Path | None = None, shown: Decimal | None = None) -> Outcome:
    """The justification of ``workbook`` as it is now, written to ``output`` (replaced).

    ``shown``: the total the workbook shows (Excel's recalculated figure, in Lite); by default
    the one it stores. A justification whose total differs from it by more than a đồng is
    written all the same, with a warning (the workbook was not recalculated).
    """
    from ..estimate.compute import estimate
    from ..estimate.readback import read_estimate
    from ..estimate.run import DEFAULT_INSTITUTE

    try:
        inputs = read_estimate(workbook)
        result = estimate(_request_of_inputs(inputs), inputs.prices)
        comparison, old_name = _comparison(previous, inputs, result)
        path = _write_justification(result, output, institute or DEFAULT_INSTITUTE,
                                    inputs.prices.source, comparison, old_name)
    except (NormError, OSError) as exc:
        return failed(exc, _("no justification written"))
    shown = shown if shown is not None else shown_total(workbook)
    details = _details(result, (path,), priced=True)
    total = _money(result.total.amount)
    if shown is not None and abs(Decimal(total) - shown) > TOLERANCE:
        details.insert(0, [_("warning"), _(
            "the workbook shows a total of {shown:n} VND, its inputs give {total:n}: it was "
            "not recalculated since the last change (press F9 in Excel, save, and run "
            "again)", shown=int(shown), total=total)])
        return Outcome(True, _("justification written: {total:n} VND{mark}, but {workbook} "
                               "shows {shown:n} VND: it was not recalculated (press F9, save, "
                               "run again)", total=total, shown=int(shown),
                               workbook=Path(workbook).name,
                               mark="" if result.complete else _(" (incomplete)")),
                       details, (path,))
    return Outcome(True, _("justification written: {total:n} VND{mark}, as {workbook} "
                           "shows", total=total, workbook=Path(workbook).name,
                           mark="" if result.complete else _(" (incomplete)")),
                   details, (path,))


def _comparison(previous: Path | None, inputs: Any, result: Any) -> tuple[Any, str]:
    if previous is None:
        return None, ""
    from ..estimate.compare import compare, inputs_of
    from ..estimate.readback import read_estimate

    return compare(read_estimate(previous), inputs_of(result, inputs.prices)), str(previous)


def _write_justification(result: Any, output: Path, institute: str, source: str,
                         comparison: Any, previous: str) -> Path:
    from ..docx_parts import fixed_zip
    from ..estimate.justification import justification_context, render_justification
    from ..outputs import save_atomic

    context = justification_context(result, institute=institute, prices_source=source,
                                    comparison=comparison, previous=previous)
    document = fixed_zip(render_justification(context))
    return save_atomic(lambda temp: Path(temp).write_bytes(document), output, suffix=".docx",
                       force=True)


def compare_previous(workbook: Path, previous: Path, folder: Path, *,
                     institute: str = "", replace: bool = True) -> Outcome:
    """``workbook``'s own inputs estimated again against ``previous``, into ``folder`` (its
    estimate.xlsx with a Comparison sheet and thuyet-minh.docx with the comparison section),
    as ``normbook estimate --previous`` writes them; files there are replaced only with
    ``replace``."""
    from ..estimate.readback import read_estimate
    from ..estimate.run import DEFAULT_INSTITUTE, output_paths, run_estimate
    from ..outputs import refuse_inputs

    try:
        refuse_inputs(output_paths(folder), (previous,))
        inputs = read_estimate(workbook)
        old = read_estimate(previous)
        outputs = run_estimate(_request_of_inputs(inputs), inputs.prices, folder,
                               institute=institute or DEFAULT_INSTITUTE, force=replace,
                               previous=previous)
    except (NormError, OSError) as exc:
        return failed(exc, _("no comparison written"))
    result = outputs.estimate
    files = (outputs.workbook, outputs.justification)
    from ..estimate.compare import compare, inputs_of

    change = compare(old, inputs_of(result, inputs.prices))
    details = _details(result, files, priced=True)
    difference = _money(change.difference)
    return Outcome(True, _("compared with {previous}: {old:n} → {new:n} VND ({sign}{change:n})",
                           previous=Path(previous).name, old=_money(change.old_total),
                           new=_money(change.new_total), sign="+" if difference >= 0 else "−",
                           change=abs(difference)), details, files, outputs.workbook)
