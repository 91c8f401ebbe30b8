"""Evaluate the Normbook calls of a workbook with the add-in's own functions (for freeze).

The :class:`Freezer` finds every Normbook call (:mod:`normbook.excel.formula_calls`), resolves
its arguments as Excel would hand them over (:mod:`normbook.excel.freeze_cells`) and evaluates
it with :mod:`normbook.excel.functions`; :mod:`normbook.excel.freeze_write` writes the values,
spills and rewritten formulas back. What cannot be frozen is recorded with its cell and reason.

An error answer (``#N/A`` or, from classic xlwings, ``#N/A unknown appendix 'XL' ...``) is
written as Excel's error value everywhere: a cell gets the error itself (the message, if any,
goes into a comment on the cell and into the report), a rewritten formula or an array constant
the error constant (``=IFERROR(#N/A,0)``; in an array, see
:func:`~normbook.excel.formula_calls.literal`). So ``IFERROR``, ``ISNA`` and the cells that
read it behave as they did with the add-in on Office.js, where the function's answer is a real
error too.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..i18n import Domain, listed
from .freeze_cells import (
    Cycle,
    References,
    Rewrite,
    Site,
    Skip,
    Unfreezable,
    Value,
    error_code,
    error_texts,
    existing_cells,
    top_left,
)
from .freeze_report import NOT_FROZEN, Problem, cell_name

_ = Domain(__name__)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from .formula_calls import Arg, Call

#: Python's recursion limit while evaluating (a chain of N cells takes about 6 N frames).
RECURSION_LIMIT = 60_000


def worksheet_functions() -> dict[str, Callable[..., Any]]:
    """Normbook's worksheet functions by their Excel name (NORM, NORM_TABLE, ...).

    Read from :mod:`normbook.excel.functions`, the one place that defines them: its
    ``__all__`` when it has one, else every public function defined in it. (xlwings' decorators
    leave no mark outside Excel, so they cannot be the test.)
    """
    from . import functions as module

    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name, obj in vars(module).items()
                 if not name.startswith("_") and inspect.isfunction(obj)
                 and obj.__module__ == module.__name__]
    return {name.upper(): getattr(module, name) for name in names
            if callable(getattr(module, name))}


def range_parameters(functions: dict[str, Callable[..., Any]]) -> dict[str, frozenset[int]]:
    """Per function, the positions (from 0) of the parameters that take a range.

    Excel hands such a parameter a range as rows of cells (xlwings ``ndim=2``, as NORM_COST's
    ``prices``); every other parameter takes one cell.
    :data:`normbook.excel.functions.RANGE_ARGUMENTS` names them by the Python function and
    parameter names, because xlwings' decorators, which also know it, leave no mark outside
    Excel.
    """
    from . import functions as module

    declared = getattr(module, "RANGE_ARGUMENTS", {})
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


def _as_constant(value: Any) -> Any:
    """A result ready for :func:`~normbook.excel.formula_calls.literal`: errors as error values."""
    from .formula_calls import ErrorValue

    if isinstance(value, list):
        return [_as_constant(v) for v in value]
    code = error_code(value)
    return value if code is None else ErrorValue(code)


class Freezer(References):
    """Finds a workbook's Normbook formulas and evaluates them; freeze_write writes the results."""

    def __init__(self, workbook: Workbook, saved_values: Workbook | Callable[[], Workbook]
                 | None, functions: dict[str, Callable[..., Any]],
                 ranges: dict[str, frozenset[int]] | None = None):
        self.wb = workbook
        self._saved = saved_values
        self.functions = functions
        self.ranges = ranges if ranges is not None else range_parameters(functions)
        self.names = tuple(functions)
        self.sheets = {ws.title.casefold(): ws for ws in workbook.worksheets}
        self.sites: dict[tuple[str, int, int], Site] = {}
        self.anchors: dict[str, list[Site]] = {}  # per sheet: formulas that are one call
        self.saved_spills: dict[str, list[Site]] = {}  # ... of them, array formulas
        self.busy: set[Site] = set()
        self.problems: list[Problem] = []
        self._limits = {name: _max_arguments(f) for name, f in functions.items()}

    # -- finding ------------------------------------------------------------------------

    def scan(self) -> None:
        from openpyxl.formula.tokenizer import TokenizerError
        from openpyxl.worksheet.formula import ArrayFormula

        from .formula_calls import mentions, parse

        for ws in self.wb.worksheets:
            for (row, column), cell in sorted(existing_cells(ws).items()):
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
                                                 _.later("the formula cannot be read: "
                                                         "{reason}", reason=exc.args[0]
                                                         if exc.args else str(exc))))
                    continue
                if not parsed.calls:
                    continue
                site = Site(ws.title, row, column, parsed, array_ref)
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
                    defined = prefix + name
                    self.problems.append(Problem(
                        _("defined name {name}", name=defined), NOT_FROZEN,
                        _.later("it calls {functions} and freeze changes cells only; put the "
                                "call in a cell, point the name at that cell, and freeze again",
                                functions=listed(dict.fromkeys(c.name for c in calls)))))

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

    def _evaluate_top(self, site: Site) -> None:
        try:
            self.outcome(site)
        except Cycle as cycle:
            site.outcome = Skip(_.later("circular reference: its arguments lead back to "
                                        "{cell}", cell=cycle.site.where))
        except RecursionError:
            site.outcome = Skip(_.later("its arguments lead through too long a chain of "
                                        "Normbook formulas; freeze the end of the chain first"))

    def outcome(self, site: Site) -> Value | Rewrite | Skip:
        """The site's result, evaluated once; raises Cycle when it is already under way."""
        if site.outcome is not None:
            return site.outcome
        if site in self.busy:
            raise Cycle(site)
        self.busy.add(site)
        site.reads.clear()
        site.assumptions.clear()
        site.errors.clear()
        try:
            site.outcome = self._evaluate(site)
        except Unfreezable as exc:
            site.outcome = Skip(exc.args[0] if exc.args else str(exc))  # a Message, late
        finally:
            self.busy.discard(site)
        return site.outcome

    def _evaluate(self, site: Site) -> Value | Rewrite:
        from .formula_calls import MAX_FORMULA, has_error_values, literal, substitute

        whole, intersect = site.parsed.whole_call()
        if whole is not None:
            value = self._call(whole, site)
            return Value(top_left(value) if intersect else value)
        literals = {}
        array = False
        for call in site.parsed.calls:
            value = self._call(call, site)
            value = _as_constant(top_left(value) if call.intersects else value)
            array = array or has_error_values(value)
            try:
                literals[call.start] = literal(value)
            except ValueError as exc:
                raise Unfreezable(_.later("the value of {function}(...) cannot be written "
                                          "into the formula: {reason}", function=call.spelled,
                                          reason=exc.args[0] if exc.args else str(exc))) \
                    from exc
        text = substitute(site.parsed, literals)
        if len(text) > MAX_FORMULA:
            raise Unfreezable(_.later("with the values written in, the formula would be "
                                      "{length} characters long; Excel allows {limit}",
                                      length=len(text), limit=MAX_FORMULA))
        return Rewrite(text, array)

    def _call(self, call: Call, site: Site) -> Any:
        function = self.functions[call.name]
        limit = self._limits[call.name]
        if limit is not None and len(call.args) > limit:
            raise Unfreezable(_.later("{function} takes at most {limit} arguments; the "
                                      "formula gives {given}", function=call.name, limit=limit,
                                      given=len(call.args)))
        values = [self._argument(arg, n, call, site) for n, arg in enumerate(call.args, 1)]
        try:
            result = _shape(function(*values))
        except Exception as exc:  # the add-in would show #VALUE!; keep the formula instead
            raise Unfreezable(_.later("{function} failed: {kind}: {reason}",
                                      function=call.name, kind=type(exc).__name__,
                                      reason=str(exc))) from exc
        site.errors.extend(error_texts(result))
        return result

    def _argument(self, arg: Arg, n: int, call: Call, site: Site) -> Any:
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
        what = _.later("argument {n} of {function} ({text})", n=n, function=call.name,
                       text=arg.text)
        if arg.kind == "name":
            sheet, ref = self._name_target(arg.ref, site, what, takes_range)
            if takes_range:
                return self._range_value(sheet, ref, site, arg.text)
            return self._cell_value(sheet, ref, site, arg.text)
        if arg.kind == "range":
            if takes_range:
                return self._range_value(arg.sheet, arg.ref, site, arg.text)
            raise Unfreezable(_.later("{what} is a range; this argument of {function} takes "
                                      "one cell", what=what, function=call.name))
        raise Unfreezable(_.later("{what} is {detail}; only constants, cells, ranges where a "
                                  "function takes one, and Normbook calls can be frozen",
                                  what=what, detail=arg.detail))
