"""Formula cells as freeze sees them, and what a reference in an argument hands a function.

A *site* is a formula cell with Normbook calls; evaluating it gives a value, a rewritten
formula or the reason it cannot be frozen. :class:`References` reads what an argument refers
to as the add-in would receive it: a constant, a Normbook formula (evaluated), a cell of a
Normbook table's spill, another formula's value as last saved in the file, a range of such
cells, or a defined name of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import Domain
from .freeze_report import cell_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from openpyxl.workbook.workbook import Workbook

    from .formula_calls import ParsedFormula

_ = Domain(__name__)

#: The codes an error text starts with (xlwings turns a bare code into a real Excel error).
EXCEL_ERROR_CODES = ("#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#DIV/0!", "#NULL!",
                     "#SPILL!", "#CALC!", "#GETTING_DATA", "#BUSY!")
#: The largest range freeze reads for a range argument (a price list is a few hundred rows).
MAX_RANGE_CELLS = 200_000


# ---- sites and outcomes --------------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    """The site becomes this value (a table: rows, spilled from the cell)."""

    value: Any  # a scalar, or a 2-D list of at least two cells


@dataclass(frozen=True)
class Rewrite:
    """The site's formula with its calls replaced by constants."""

    text: str
    array: bool = False  # it has errors laid over an array constant: an array formula


@dataclass(frozen=True)
class Skip:
    """The site is left as it is, for this reason (reported ``not frozen``)."""

    reason: Any  # text, or a Message rendered where it is shown


class Unfreezable(Exception):
    """A call cannot be evaluated as the add-in would; the message says why."""


class Cycle(Exception):
    """A Normbook cell was reached again while it was being evaluated."""

    def __init__(self, site: Site):
        super().__init__(site.where)
        self.site = site


@dataclass(eq=False)
class Site:
    """A formula cell with Normbook calls, and what evaluating it found."""

    sheet: str
    row: int
    column: int
    parsed: ParsedFormula
    array_ref: str | None
    outcome: Value | Rewrite | Skip | None = None
    reads: set[tuple[str, int, int]] = field(default_factory=set)
    #: (anchor, cell) pairs: the cell was read as empty while the anchor's size was unknown
    assumptions: list[tuple[Site, tuple[str, int, int]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int, int]:
        return self.sheet, self.row, self.column

    @property
    def where(self) -> str:
        return cell_name(self.sheet, self.row, self.column)


def existing_cells(ws) -> dict[tuple[int, int], Any]:
    # openpyxl's own store of the cells that exist: ws.cell() and iter_rows() would create
    # every cell they are asked about, which a sparse sheet cannot afford.
    return ws._cells


def error_code(value: Any) -> str | None:
    """``#N/A`` for an error answer (``"#N/A"``, ``"#N/A unknown appendix ..."``), else None."""
    if isinstance(value, str):
        code = value.split(" ", 1)[0]
        if code in EXCEL_ERROR_CODES:
            return code
    return None


def error_texts(value: Any) -> list[str]:
    cells = [v for row in value for v in row] if isinstance(value, list) else [value]
    return [v for v in cells if error_code(v) is not None]


def as_cell(value: Any) -> Any:
    """A scalar as the frozen cell holds it: an error answer is its bare code, a real error."""
    code = error_code(value)
    return value if code is None else code


def top_left(value: Any) -> Any:
    return value[0][0] if isinstance(value, list) else value


def _within(ref: str, row: int, column: int) -> bool:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row <= row <= max_row and min_col <= column <= max_col


# ---- references ----------------------------------------------------------------------------

class References:
    """Reads the cells, ranges and names an argument refers to; mixed into the Freezer.

    The Freezer holds the workbook and the sites it found, and evaluates a site on demand
    (:meth:`outcome`): a reference to a Normbook cell is answered by evaluating that cell.
    """

    wb: Workbook
    sheets: dict[str, Any]
    sites: dict[tuple[str, int, int], Site]
    anchors: dict[str, list[Site]]
    saved_spills: dict[str, list[Site]]
    _saved: Workbook | Callable[[], Workbook] | None

    def outcome(self, site: Site) -> Value | Rewrite | Skip:
        raise NotImplementedError  # the Freezer evaluates

    def _name_target(self, name: str, site: Site, what: str,
                     takes_range: bool = False) -> tuple[str, str]:
        """The cell (or range, where one is taken) a defined name points at.

        Sheet-level names come first, as in Excel.
        """
        folded = name.casefold()
        for names in (self.wb[site.sheet].defined_names, self.wb.defined_names):
            for key, definition in names.items():
                if key.casefold() != folded:
                    continue
                try:
                    targets = list(definition.destinations)
                except Exception:  # a constant or a formula, not a reference
                    targets = []
                ref = targets[0][1].replace("$", "").strip() if len(targets) == 1 else ""
                if ref and (takes_range or ":" not in ref):
                    return targets[0][0], ref
                if takes_range:
                    raise Unfreezable(_.later("{what} names {target}, not one range",
                                              what=what, target=repr(definition.attr_text)))
                raise Unfreezable(_.later("{what} names {target}, not one cell", what=what,
                                          target=repr(definition.attr_text)))
        raise Unfreezable(_.later("{what} is not a cell reference or a name the workbook "
                                  "defines", what=what))

    def _sheet(self, sheet_name: str | None, site: Site, text: str):
        ws = self.wb[site.sheet] if sheet_name is None else self.sheets.get(sheet_name.casefold())
        if ws is None:
            raise Unfreezable(_.later("{text} refers to a sheet {sheet} that the workbook "
                                      "does not have", text=text, sheet=repr(sheet_name)))
        return ws

    def _range_value(self, sheet_name: str | None, ref: str, site: Site, text: str) -> Any:
        """A range's values as rows of cells (empty cells None), as Excel hands over ndim=2.

        Each cell is read as :meth:`_cell_value` reads one: a constant, a formula's saved
        value, a Normbook formula computed here, a cell of a Normbook table's spill.
        """
        from openpyxl.utils.cell import get_column_letter, range_boundaries

        ws = self._sheet(sheet_name, site, text)
        min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref
                                                              else f"{ref}:{ref}")
        size = (max_row - min_row + 1) * (max_col - min_col + 1)
        if size > MAX_RANGE_CELLS:
            raise Unfreezable(_.later("{text} has {size} cells; freeze reads ranges of at "
                                      "most {limit}: narrow it to the rows that hold data",
                                      text=text, size=size, limit=MAX_RANGE_CELLS))
        return [[self._cell_value(ws.title, f"{get_column_letter(c)}{r}", site,
                                  cell_name(ws.title, r, c))
                 for c in range(min_col, max_col + 1)]
                for r in range(min_row, max_row + 1)]

    def _cell_value(self, sheet_name: str | None, ref: str, site: Site, text: str) -> Any:
        """A referenced cell's value as the add-in would receive it."""
        from openpyxl.utils.cell import coordinate_to_tuple
        from openpyxl.worksheet.formula import ArrayFormula

        ws = self._sheet(sheet_name, site, text)
        row, column = coordinate_to_tuple(ref)
        key = (ws.title, row, column)
        site.reads.add(key)
        other = self.sites.get(key)
        if other is not None:
            found = self.outcome(other)
            if isinstance(found, Value):  # an error answer is read as the error it becomes
                return as_cell(top_left(found.value))
            if isinstance(found, Rewrite):
                return self._saved_value(ws.title, row, column, text, rewritten=True)
            raise Unfreezable(_.later("{text} is a Normbook formula that cannot be frozen "
                                      "either", text=text))
        cell = existing_cells(ws).get((row, column))
        value = None if cell is None else cell.value
        if isinstance(value, ArrayFormula) or (cell is not None and cell.data_type == "f"):
            return self._saved_value(ws.title, row, column, text)
        spilled, found = self._spilled_value(ws.title, row, column, site, empty=value is None)
        # an error cell arrives as its code ("#N/A"), as xlwings hands it over (err_to_str)
        return found if spilled else value

    def _spilled_value(self, sheet: str, row: int, column: int, site: Site,
                       empty: bool) -> tuple[bool, Any]:
        """(True, value) when the cell lies in the spill of a Normbook formula on its sheet.

        An empty cell may be where a table spills; a cell of a table's saved spill area (an
        array formula's range, as Excel saves a dynamic array) holds the add-in's old values,
        which the fresh result replaces.
        """
        candidates = self.anchors if empty else self.saved_spills
        for anchor in candidates.get(sheet, ()):
            if anchor.row > row or anchor.column > column or anchor.key == (sheet, row, column):
                continue
            saved = bool(anchor.array_ref) and _within(anchor.array_ref, row, column)
            if not (empty or saved):
                continue
            try:
                found = self.outcome(anchor)
            except Cycle:  # the anchor is being evaluated: checked once its size is known
                site.assumptions.append((anchor, (sheet, row, column)))
                continue
            if isinstance(found, Value) and isinstance(found.value, list):
                i, j = row - anchor.row, column - anchor.column
                if i < len(found.value) and j < len(found.value[0]):
                    return True, as_cell(found.value[i][j])
            if saved:
                return True, None
        return False, None

    def _saved_value(self, sheet: str, row: int, column: int, text: str,
                     rewritten: bool = False) -> Any:
        """Another formula's value as last saved in the file; freeze computes no Excel.

        An error code comes back as the add-in would receive it, except from a formula this
        freeze rewrites: its saved ``#NAME?`` is what a reader without the add-in saw.
        """
        from openpyxl.cell.cell import ERROR_CODES

        if callable(self._saved):
            self._saved = self._saved()
        saved = None if self._saved is None else existing_cells(self._saved[sheet])
        cell = None if saved is None else saved.get((row, column))
        value = None if cell is None else cell.value
        if value is None:
            raise Unfreezable(_.later("{text} is a formula whose value the file does not hold "
                                      "(it was not saved by Excel or LibreOffice); open and "
                                      "save the workbook there first, or type the value into "
                                      "{text}", text=text))
        if rewritten and isinstance(value, str) and value in ERROR_CODES:
            raise Unfreezable(_.later("{text} has Normbook calls inside a larger formula, and "
                                      "its saved value is the error {value}; freeze cannot "
                                      "compute it", text=text, value=value))
        return value
