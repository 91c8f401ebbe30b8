"""Evaluate the Normbook calls of a workbook with the add-in's own functions (for freeze).

Finds every Normbook call (:mod:`normbook.formula_calls`), resolves its arguments as Excel
would hand them over, evaluates it with :mod:`normbook.udfs`, and writes values, spills and
rewritten formulas back; what cannot be frozen is recorded with its cell and reason.

An error answer (``#N/A`` or, from classic xlwings, ``#N/A unknown appendix 'XL' ...``) is
written as Excel's error value everywhere: a cell gets the error itself (the message, if any,
goes into a comment on the cell and into the report), a rewritten formula or an array constant
the error constant (``=IFERROR(#N/A,0)``; in an array, see
:func:`~normbook.formula_calls.literal`). So ``IFERROR``, ``ISNA`` and the cells that read it
behave as they did with the add-in on Office.js, where the function's answer is a real error
too.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .freeze_report import ERROR_VALUE, NOT_FROZEN, FreezeReport, Problem, cell_name

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from .formula_calls import Arg, Call, ParsedFormula

#: The codes an error text starts with (xlwings turns a bare code into a real Excel error).
EXCEL_ERROR_CODES = ("#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#DIV/0!", "#NULL!",
                     "#SPILL!", "#CALC!", "#GETTING_DATA", "#BUSY!")
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
#: The largest range freeze reads for a range argument (a price list is a few hundred rows).
MAX_RANGE_CELLS = 200_000
#: Who wrote the comment that keeps an error's message.
COMMENT_AUTHOR = "normbook freeze"
#: Python's recursion limit while evaluating (a chain of N cells takes about 6 N frames).
RECURSION_LIMIT = 60_000


def worksheet_functions() -> dict[str, Callable[..., Any]]:
    """Normbook's worksheet functions by their Excel name (NORM, NORM_TABLE, ...).

    Read from :mod:`normbook.udfs`, the one place that defines them: its ``__all__`` when it
    has one, else every public function defined in it. (xlwings' decorators leave no mark
    outside Excel, so they cannot be the test.)
    """
    from . import udfs

    names = getattr(udfs, "__all__", None)
    if names is None:
        names = [name for name, obj in vars(udfs).items()
                 if not name.startswith("_") and inspect.isfunction(obj)
                 and obj.__module__ == udfs.__name__]
    return {name.upper(): getattr(udfs, name) for name in names
            if callable(getattr(udfs, name))}


def range_parameters(functions: dict[str, Callable[..., Any]]) -> dict[str, frozenset[int]]:
    """Per function, the positions (from 0) of the parameters that take a range.

    Excel hands such a parameter a range as rows of cells (xlwings ``ndim=2``, as NORM_COST's
    ``prices``); every other parameter takes one cell. :data:`normbook.udfs.RANGE_ARGUMENTS`
    names them by the Python function and parameter names, because xlwings' decorators, which
    also know it, leave no mark outside Excel.
    """
    from . import udfs

    declared = getattr(udfs, "RANGE_ARGUMENTS", {})
    found = {}
    for name, function in functions.items():
        wanted = declared.get(getattr(function, "__name__", ""), ())
        parameters = inspect.signature(function).parameters
        found[name] = frozenset(i for i, p in enumerate(parameters) if p in wanted)
    return found


def _max_arguments(function: Callable[..., Any]) -> int | None:
    """How many arguments a function takes at most (None: any number)."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)



# ---- evaluation ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Value:
    value: Any  # a scalar, or a 2-D list of at least two cells


@dataclass(frozen=True)
class _Rewrite:
    text: str
    array: bool = False  # it has errors laid over an array constant: an array formula


@dataclass(frozen=True)
class _Skip:
    reason: str


class _Unfreezable(Exception):
    """A call cannot be evaluated as the add-in would; the message says why."""


class _Cycle(Exception):
    """A Normbook cell was reached again while it was being evaluated."""

    def __init__(self, site: _Site):
        super().__init__(site.where)
        self.site = site


@dataclass(eq=False)
class _Site:
    """A formula cell with Normbook calls, and what evaluating it found."""

    sheet: str
    row: int
    column: int
    parsed: ParsedFormula
    array_ref: str | None
    outcome: _Value | _Rewrite | _Skip | None = None
    reads: set[tuple[str, int, int]] = field(default_factory=set)
    #: (anchor, cell) pairs: the cell was read as empty while the anchor's size was unknown
    assumptions: list[tuple[_Site, tuple[str, int, int]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int, int]:
        return self.sheet, self.row, self.column

    @property
    def where(self) -> str:
        return cell_name(self.sheet, self.row, self.column)


def _cells(ws) -> dict[tuple[int, int], Any]:
    # openpyxl's own store of the cells that exist: ws.cell() and iter_rows() would create
    # every cell they are asked about, which a sparse sheet cannot afford.
    return ws._cells


def _shape(result: Any) -> Any:
    """A function's answer as a scalar or a rectangular 2-D list (rows padded with None)."""
    if isinstance(result, tuple):
        result = list(result)
    if not isinstance(result, list):
        return result
    if not any(isinstance(r, list | tuple) for r in result):
        result = [result]  # a flat list is one row, as xlwings writes it
    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in result]
    width = max((len(r) for r in rows), default=0)
    if not rows or width == 0:
        return None
    rows = [r + [None] * (width - len(r)) for r in rows]
    return rows[0][0] if len(rows) == 1 and width == 1 else rows


def _error_code(value: Any) -> str | None:
    """``#N/A`` for an error answer (``"#N/A"``, ``"#N/A unknown appendix ..."``), else None."""
    if isinstance(value, str):
        code = value.split(" ", 1)[0]
        if code in EXCEL_ERROR_CODES:
            return code
    return None


def _error_texts(value: Any) -> list[str]:
    cells = [v for row in value for v in row] if isinstance(value, list) else [value]
    return [v for v in cells if _error_code(v) is not None]


def _as_cell(value: Any) -> Any:
    """A scalar as the frozen cell holds it: an error answer is its bare code, a real error."""
    code = _error_code(value)
    return value if code is None else code


def _as_constant(value: Any) -> Any:
    """A result ready for :func:`~normbook.formula_calls.literal`: errors as error values."""
    from .formula_calls import ErrorValue

    if isinstance(value, list):
        return [_as_constant(v) for v in value]
    code = _error_code(value)
    return value if code is None else ErrorValue(code)


def _top_left(value: Any) -> Any:
    return value[0][0] if isinstance(value, list) else value


def _within(ref: str, row: int, column: int) -> bool:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row <= row <= max_row and min_col <= column <= max_col


def _area(ref: str) -> set[tuple[int, int]]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return {(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


class Freezer:
    """Finds the Normbook formulas of a workbook, evaluates them, and writes the results."""

    def __init__(self, workbook: Workbook, saved_values: Workbook | Callable[[], Workbook]
                 | None, functions: dict[str, Callable[..., Any]],
                 ranges: dict[str, frozenset[int]] | None = None):
        self.wb = workbook
        self._saved = saved_values
        self.functions = functions
        self.ranges = ranges if ranges is not None else range_parameters(functions)
        self.names = tuple(functions)
        self.sheets = {ws.title.casefold(): ws for ws in workbook.worksheets}
        self.sites: dict[tuple[str, int, int], _Site] = {}
        self.anchors: dict[str, list[_Site]] = {}  # per sheet: formulas that are one call
        self.saved_spills: dict[str, list[_Site]] = {}  # ... of them, array formulas
        self.busy: set[_Site] = set()
        self.problems: list[Problem] = []
        self._limits = {name: _max_arguments(f) for name, f in functions.items()}

    # -- finding ------------------------------------------------------------------------

    def scan(self) -> None:
        from openpyxl.formula.tokenizer import TokenizerError
        from openpyxl.worksheet.formula import ArrayFormula

        from .formula_calls import mentions, parse

        for ws in self.wb.worksheets:
            for (row, column), cell in sorted(_cells(ws).items()):
                value = cell.value
                if isinstance(value, ArrayFormula):
                    text, array_ref = value.text or "", value.ref
                    text = text if text.startswith("=") else "=" + text
                elif isinstance(value, str) and cell.data_type == "f":
                    text, array_ref = value, None
                else:
                    continue
                if not mentions(text, self.names):
                    continue
                try:
                    parsed = parse(text, self.names)
                except (TokenizerError, ValueError) as exc:
                    self.problems.append(Problem(cell_name(ws.title, row, column), NOT_FROZEN,
                                                 f"the formula cannot be read: {exc}"))
                    continue
                if not parsed.calls:
                    continue
                site = _Site(ws.title, row, column, parsed, array_ref)
                self.sites[site.key] = site
                if parsed.whole_call()[0] is not None:
                    self.anchors.setdefault(ws.title, []).append(site)
                    if array_ref and ":" in array_ref:
                        self.saved_spills.setdefault(ws.title, []).append(site)
        self._scan_defined_names()

    def _scan_defined_names(self) -> None:
        from openpyxl.formula.tokenizer import TokenizerError

        from .formula_calls import mentions, parse

        scopes = [("", self.wb.defined_names)]
        scopes += [(ws.title + "!", ws.defined_names) for ws in self.wb.worksheets]
        for prefix, names in scopes:
            for name, definition in names.items():
                text = definition.attr_text or ""
                if not mentions(text, self.names):
                    continue
                try:
                    calls = parse("=" + text, self.names).calls
                except (TokenizerError, ValueError):
                    continue
                if calls:
                    self.problems.append(Problem(
                        f"defined name {prefix}{name}", NOT_FROZEN,
                        f"it calls {', '.join(dict.fromkeys(c.name for c in calls))} and freeze "
                        "changes cells only; put the call in a cell, point the name at that "
                        "cell, and freeze again"))

    # -- evaluating -----------------------------------------------------------------------

    def evaluate_all(self) -> None:
        # A cell's arguments are evaluated before it, depth first: a chain of Normbook cells
        # each reading the next goes as deep as the chain is long.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
        try:
            for site in self.sites.values():
                self._evaluate_top(site)
        finally:
            sys.setrecursionlimit(limit)

    def _evaluate_top(self, site: _Site) -> None:
        try:
            self.outcome(site)
        except _Cycle as cycle:
            site.outcome = _Skip(f"circular reference: its arguments lead back to "
                                 f"{cycle.site.where}")
        except RecursionError:
            site.outcome = _Skip("its arguments lead through too long a chain of Normbook "
                                 "formulas; freeze the end of the chain first")

    def outcome(self, site: _Site) -> _Value | _Rewrite | _Skip:
        """The site's result, evaluated once; raises _Cycle when it is already under way."""
        if site.outcome is not None:
            return site.outcome
        if site in self.busy:
            raise _Cycle(site)
        self.busy.add(site)
        site.reads.clear()
        site.assumptions.clear()
        site.errors.clear()
        try:
            site.outcome = self._evaluate(site)
        except _Unfreezable as exc:
            site.outcome = _Skip(str(exc))
        finally:
            self.busy.discard(site)
        return site.outcome

    def _evaluate(self, site: _Site) -> _Value | _Rewrite:
        from .formula_calls import MAX_FORMULA, has_error_values, literal, substitute

        whole, intersect = site.parsed.whole_call()
        if whole is not None:
            value = self._call(whole, site)
            return _Value(_top_left(value) if intersect else value)
        literals = {}
        array = False
        for call in site.parsed.calls:
            value = self._call(call, site)
            value = _as_constant(_top_left(value) if call.intersects else value)
            array = array or has_error_values(value)
            try:
                literals[call.start] = literal(value)
            except ValueError as exc:
                raise _Unfreezable(f"the value of {call.spelled}(...) cannot be written into "
                                   f"the formula: {exc}") from exc
        text = substitute(site.parsed, literals)
        if len(text) > MAX_FORMULA:
            raise _Unfreezable(f"with the values written in, the formula would be {len(text)} "
                               f"characters long; Excel allows {MAX_FORMULA}")
        return _Rewrite(text, array)

    def _call(self, call: Call, site: _Site) -> Any:
        function = self.functions[call.name]
        limit = self._limits[call.name]
        if limit is not None and len(call.args) > limit:
            raise _Unfreezable(f"{call.name} takes at most {limit} arguments; the formula "
                               f"gives {len(call.args)}")
        values = [self._argument(arg, n, call, site) for n, arg in enumerate(call.args, 1)]
        try:
            result = _shape(function(*values))
        except Exception as exc:  # the add-in would show #VALUE!; keep the formula instead
            raise _Unfreezable(f"{call.name} failed: {type(exc).__name__}: {exc}") from exc
        site.errors.extend(_error_texts(result))
        return result

    def _argument(self, arg: Arg, n: int, call: Call, site: _Site) -> Any:
        if arg.kind == "empty":
            return None
        if arg.kind == "literal":
            return arg.value
        if arg.kind == "call":
            return self._call(arg.value, site)
        takes_range = n - 1 in self.ranges.get(call.name, ())
        if arg.kind == "cell":
            if takes_range:  # one cell given for a range: a 1×1 range, as Excel hands it
                return self._range_value(arg.sheet, arg.ref, site, arg.text)
            return self._cell_value(arg.sheet, arg.ref, site, arg.text)
        what = f"argument {n} of {call.name} ({arg.text})"
        if arg.kind == "name":
            sheet, ref = self._name_target(arg.ref, site, what, takes_range)
            if takes_range:
                return self._range_value(sheet, ref, site, arg.text)
            return self._cell_value(sheet, ref, site, arg.text)
        if arg.kind == "range":
            if takes_range:
                return self._range_value(arg.sheet, arg.ref, site, arg.text)
            raise _Unfreezable(f"{what} is a range; this argument of {call.name} takes one "
                               "cell")
        raise _Unfreezable(f"{what} is {arg.detail}; only constants, cells, ranges where a "
                           "function takes one, and Normbook calls can be frozen")

    def _name_target(self, name: str, site: _Site, what: str,
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
                raise _Unfreezable(f"{what} names {definition.attr_text!r}, not one "
                                   + ("range" if takes_range else "cell"))
        raise _Unfreezable(f"{what} is not a cell reference or a name the workbook defines")

    def _sheet(self, sheet_name: str | None, site: _Site, text: str):
        ws = self.wb[site.sheet] if sheet_name is None else self.sheets.get(sheet_name.casefold())
        if ws is None:
            raise _Unfreezable(f"{text} refers to a sheet {sheet_name!r} that the workbook "
                               "does not have")
        return ws

    def _range_value(self, sheet_name: str | None, ref: str, site: _Site, text: str) -> Any:
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
            raise _Unfreezable(f"{text} has {size} cells; freeze reads ranges of at most "
                               f"{MAX_RANGE_CELLS}: narrow it to the rows that hold data")
        return [[self._cell_value(ws.title, f"{get_column_letter(c)}{r}", site,
                                  cell_name(ws.title, r, c))
                 for c in range(min_col, max_col + 1)]
                for r in range(min_row, max_row + 1)]

    def _cell_value(self, sheet_name: str | None, ref: str, site: _Site, text: str) -> Any:
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
            if isinstance(found, _Value):  # an error answer is read as the error it becomes
                return _as_cell(_top_left(found.value))
            if isinstance(found, _Rewrite):
                return self._saved_value(ws.title, row, column, text, rewritten=True)
            raise _Unfreezable(f"{text} is a Normbook formula that cannot be frozen either")
        cell = _cells(ws).get((row, column))
        value = None if cell is None else cell.value
        if isinstance(value, ArrayFormula) or (cell is not None and cell.data_type == "f"):
            return self._saved_value(ws.title, row, column, text)
        spilled, found = self._spilled_value(ws.title, row, column, site, empty=value is None)
        # an error cell arrives as its code ("#N/A"), as xlwings hands it over (err_to_str)
        return found if spilled else value

    def _spilled_value(self, sheet: str, row: int, column: int, site: _Site,
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
            except _Cycle:  # the anchor is being evaluated: checked once its size is known
                site.assumptions.append((anchor, (sheet, row, column)))
                continue
            if isinstance(found, _Value) and isinstance(found.value, list):
                i, j = row - anchor.row, column - anchor.column
                if i < len(found.value) and j < len(found.value[0]):
                    return True, _as_cell(found.value[i][j])
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
        cell = None if self._saved is None else _cells(self._saved[sheet]).get((row, column))
        value = None if cell is None else cell.value
        if value is None:
            raise _Unfreezable(f"{text} is a formula whose value the file does not hold (it "
                               "was not saved by Excel or LibreOffice); open and save the "
                               f"workbook there first, or type the value into {text}")
        if rewritten and isinstance(value, str) and value in ERROR_CODES:
            raise _Unfreezable(f"{text} has Normbook calls inside a larger formula, and its "
                               f"saved value is the error {value}; freeze cannot compute it")
        return value

    # -- writing --------------------------------------------------------------------------

    def write(self) -> FreezeReport:
        report = FreezeReport(problems=list(self.problems))
        claimed: dict[tuple[str, int, int], _Site] = {}
        for site in self.sites.values():
            found = self._check_assumptions(site) or site.outcome
            if isinstance(found, _Value):
                found = self._claim_spill(site, found, claimed)
            if isinstance(found, _Skip):
                report.problems.append(Problem(site.where, NOT_FROZEN, found.reason))
                continue
            if isinstance(found, _Rewrite):
                self._write_formula(site, found)
                report.rewritten += 1
                report.problems += [Problem(site.where, ERROR_VALUE, text)
                                    for text in dict.fromkeys(site.errors)]
            else:
                self._write_value(site, found)
                report.values += 1
                report.spills += isinstance(found.value, list)
                report.problems += self._error_cells(site, found)
            if site.sheet not in report.sheets:
                report.sheets.append(site.sheet)
        return report

    @staticmethod
    def _error_cells(site: _Site, found: _Value) -> list[Problem]:
        """An error value where it was written: the cell itself, or its place in the table."""
        rows = found.value if isinstance(found.value, list) else [[found.value]]
        return [Problem(cell_name(site.sheet, site.row + i, site.column + j), ERROR_VALUE, text)
                for i, row in enumerate(rows) for j, value in enumerate(row)
                for text in _error_texts(value)]

    def _check_assumptions(self, site: _Site) -> _Skip | None:
        for anchor, (sheet, row, column) in site.assumptions:
            found = anchor.outcome
            if isinstance(found, _Value) and isinstance(found.value, list) \
                    and row - anchor.row < len(found.value) \
                    and column - anchor.column < len(found.value[0]):
                return _Skip(f"circular reference: it reads {cell_name(sheet, row, column)}, "
                             f"where {anchor.where} spills, which depends on this cell")
        return None

    def _claim_spill(self, site: _Site, found: _Value,
                     claimed: dict[tuple[str, int, int], _Site]) -> _Value | _Skip:
        """Reserve the cells a table spills into, or say which cell is in the way."""
        from openpyxl.cell.cell import MergedCell

        if not isinstance(found.value, list):
            return found
        height, width = len(found.value), len(found.value[0])
        size = f"{height}×{width}"
        if site.row + height - 1 > MAX_ROW or site.column + width - 1 > MAX_COLUMN:
            return _Skip(f"its {size} result does not fit on the sheet")
        own = _area(site.array_ref) if site.array_ref else set()
        cells = _cells(self.wb[site.sheet])
        area = [(site.sheet, r, c) for r in range(site.row, site.row + height)
                for c in range(site.column, site.column + width)]
        for key in area[1:]:
            _, r, c = key
            cell = cells.get((r, c))
            if key in claimed:
                blocker = f"the table {claimed[key].where} spills there"
            elif key in site.reads:
                blocker = "it is one of the formula's own arguments"
            elif isinstance(cell, MergedCell):
                blocker = "it is part of merged cells"
            elif cell is not None and cell.value is not None and (r, c) not in own:
                blocker = f"it holds {_show(cell.value)}"
            else:
                continue
            return _Skip(f"its {size} result would spill over {cell_name(*key)}, where "
                         f"{blocker}; make room below and to the right, then freeze again")
        claimed.update(dict.fromkeys(area, site))
        return found

    def _write_formula(self, site: _Site, found: _Rewrite) -> None:
        from openpyxl.worksheet.formula import ArrayFormula

        cell = self.wb[site.sheet].cell(site.row, site.column)
        ref = site.array_ref or (cell.coordinate if found.array else None)
        cell.value = ArrayFormula(ref, found.text) if ref else found.text

    def _write_value(self, site: _Site, found: _Value) -> None:
        ws = self.wb[site.sheet]
        rows = found.value if isinstance(found.value, list) else [[found.value]]
        written = set()
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = ws.cell(site.row + i, site.column + j)
                _put(cell, _as_cell(value))
                if _as_cell(value) != value:  # the error's message, kept beside the error
                    _add_comment(cell, value)
                written.add((site.row + i, site.column + j))
        if site.array_ref:  # what is left of the add-in's old spill
            for r, c in _area(site.array_ref) - written:
                if (r, c) in _cells(ws):
                    ws.cell(r, c).value = None


def _put(cell, value: Any) -> None:
    cell.value = value  # openpyxl makes "#N/A" (and the other codes) an error cell
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text that looks like a formula stays text


def _add_comment(cell, text: str) -> None:
    """Note ``text`` on the cell; a comment the cell already has is kept above it."""
    from openpyxl.comments import Comment

    note = f"{COMMENT_AUTHOR}: the add-in answered {text}"
    if cell.comment is not None:
        note = f"{cell.comment.text}\n\n{note}"
    cell.comment = Comment(note, COMMENT_AUTHOR)
