"""Write what freeze evaluated into the workbook: values, spilled tables, rewritten formulas.

A table is written into its anchor cell and the cells to its right and below, as Excel would
spill it, if nothing is in the way. An error answer is written as Excel's error value: a cell
gets the error itself, with the message (if any) in a comment on the cell and in the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..i18n import Domain
from .freeze_cells import Rewrite, Site, Skip, Value, as_cell, error_texts, existing_cells
from .freeze_report import ERROR_VALUE, NOT_FROZEN, FreezeReport, Problem, cell_name

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

_ = Domain(__name__)

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
#: Who wrote the comment that keeps an error's message.
COMMENT_AUTHOR = "normbook freeze"


def write_outcomes(workbook: Workbook, sites: Iterable[Site],
                   problems: Iterable[Problem] = ()) -> FreezeReport:
    """Write each site's outcome into ``workbook``; the report lists ``problems`` first.

    A value goes into its cell (a table spills from it), a rewrite replaces the formula, a
    site that cannot be frozen (or whose table has no room) is reported ``not frozen``.
    """
    report = FreezeReport(problems=list(problems))
    claimed: dict[tuple[str, int, int], Site] = {}
    for site in sites:
        found = _check_assumptions(site) or site.outcome
        if isinstance(found, Value):
            found = _claim_spill(workbook, site, found, claimed)
        if isinstance(found, Skip):
            report.problems.append(Problem(site.where, NOT_FROZEN, found.reason))
            continue
        if isinstance(found, Rewrite):
            _write_formula(workbook, site, found)
            report.rewritten += 1
            report.problems += [Problem(site.where, ERROR_VALUE, text)
                                for text in dict.fromkeys(site.errors)]
        else:
            _write_value(workbook, site, found)
            report.values += 1
            report.spills += isinstance(found.value, list)
            report.problems += _error_cells(site, found)
        if site.sheet not in report.sheets:
            report.sheets.append(site.sheet)
    return report


def _error_cells(site: Site, found: Value) -> list[Problem]:
    """An error value where it was written: the cell itself, or its place in the table."""
    rows = found.value if isinstance(found.value, list) else [[found.value]]
    return [Problem(cell_name(site.sheet, site.row + i, site.column + j), ERROR_VALUE, text)
            for i, row in enumerate(rows) for j, value in enumerate(row)
            for text in error_texts(value)]


def _check_assumptions(site: Site) -> Skip | None:
    for anchor, (sheet, row, column) in site.assumptions:
        found = anchor.outcome
        if isinstance(found, Value) and isinstance(found.value, list) \
                and row - anchor.row < len(found.value) \
                and column - anchor.column < len(found.value[0]):
            return Skip(_.later("circular reference: it reads {cell}, where {anchor} spills, "
                                "which depends on this cell",
                                cell=cell_name(sheet, row, column), anchor=anchor.where))
    return None


def _claim_spill(workbook: Workbook, site: Site, found: Value,
                 claimed: dict[tuple[str, int, int], Site]) -> Value | Skip:
    """Reserve the cells a table spills into, or say which cell is in the way."""
    from openpyxl.cell.cell import MergedCell

    if not isinstance(found.value, list):
        return found
    height, width = len(found.value), len(found.value[0])
    size = f"{height}×{width}"
    if site.row + height - 1 > MAX_ROW or site.column + width - 1 > MAX_COLUMN:
        return Skip(_.later("its {size} result does not fit on the sheet", size=size))
    own = _area(site.array_ref) if site.array_ref else set()
    cells = existing_cells(workbook[site.sheet])
    area = [(site.sheet, r, c) for r in range(site.row, site.row + height)
            for c in range(site.column, site.column + width)]
    for key in area[1:]:
        _sheet, r, c = key
        cell = cells.get((r, c))
        if key in claimed:
            blocker = _.later("the table {anchor} spills there", anchor=claimed[key].where)
        elif key in site.reads:
            blocker = _.later("it is one of the formula's own arguments")
        elif isinstance(cell, MergedCell):
            blocker = _.later("it is part of merged cells")
        elif cell is not None and cell.value is not None and (r, c) not in own:
            blocker = _.later("it holds {value}", value=_show(cell.value))
        else:
            continue
        return Skip(_.later("its {size} result would spill over {cell}, where {blocker}; "
                            "make room below and to the right, then freeze again", size=size,
                            cell=cell_name(*key), blocker=blocker))
    claimed.update(dict.fromkeys(area, site))
    return found


def _write_formula(workbook: Workbook, site: Site, found: Rewrite) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    cell = workbook[site.sheet].cell(site.row, site.column)
    ref = site.array_ref or (cell.coordinate if found.array else None)
    cell.value = ArrayFormula(ref, found.text) if ref else found.text


def _write_value(workbook: Workbook, site: Site, found: Value) -> None:
    ws = workbook[site.sheet]
    rows = found.value if isinstance(found.value, list) else [[found.value]]
    written = set()
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = ws.cell(site.row + i, site.column + j)
            _put(cell, as_cell(value))
            if as_cell(value) != value:  # the error's message, kept beside the error
                _add_comment(cell, value)
            written.add((site.row + i, site.column + j))
    if site.array_ref:  # what is left of the add-in's old spill
        for r, c in _area(site.array_ref) - written:
            if (r, c) in existing_cells(ws):
                ws.cell(r, c).value = None


def _put(cell, value: Any) -> None:
    cell.value = value  # openpyxl makes "#N/A" (and the other codes) an error cell
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text that looks like a formula stays text


def _add_comment(cell, text: str) -> None:
    """Note ``text`` on the cell; a comment the cell already has is kept above it."""
    from openpyxl.comments import Comment

    note = _("{author}: the add-in answered {text}", author=COMMENT_AUTHOR, text=text)
    if cell.comment is not None:
        note = f"{cell.comment.text}\n\n{note}"
    cell.comment = Comment(note, COMMENT_AUTHOR)


def _area(ref: str) -> set[tuple[int, int]]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return {(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
