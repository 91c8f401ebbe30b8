"""Read an estimate workbook Normbook wrote back into what it was made of: the request
(appendices, lab classes, counts), the wage parameters and the prices, as the workbook's
input cells hold them now (a user may have edited them in Excel).

Every input is found the way the workbook's own formulas find it, never by the words on a
sheet (labels may be in any language): the parameters by their defined names (BaseSalary,
WorkingDays, OnCosts, IndirectShare, BudgetYear, GeneralScale), the appendices and counts by
the names of their blocks (Appendices, WorkCounts), each price by the id the line sheets look
up (PriceId). An input is read as Excel uses it: a number typed in, finite and within the
bounds an estimate accepts; a formula is refused (compare does not compute formulas), except
the one Normbook writes in a block's count. Everything else must be as Normbook writes it for
these inputs (:mod:`.readback_check`), so the figures compare recomputes are the workbook's.

On-costs are read by the percentage convention of every input file, which is also how the
workbook's formulas use the cell: a cell formatted as a percentage holds a fraction (0.235 is
23.5 %), as this version writes it and the daily rates read it (``1+OnCosts``); a workbook of
0.2.0 holds percent units (23.5) in a plain cell and its daily rates divide by 100. A cell
whose format says otherwise than its formulas read it (a user re-formatted it) is refused:
Excel's figures would not be the ones it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..cell_values import said
from ..errors import BadArgument, LabClassRequired, NormError, alternatives
from ..i18n import Domain, Message, clauses, listed
from ..wage_parts import CONTRIBUTIONS
from .readback_error import NotAnEstimate
from .readback_names import READER_NAMES, DefinedName, Reference, reference
from .workbook_inputs import APPENDICES, BUDGET_YEAR, GENERAL_SCALE, WORK_COUNTS
from .workbook_style import (
    ALLOWANCES_IN_BASE,
    ALLOWANCES_OTHER,
    BASE_SALARY,
    COST_LINES,
    INDIRECT_SHARE,
    ON_COSTS,
    PRICE_ID,
    PRICE_VND,
    WORKING_DAYS,
)
from .workbook_style import CONTRIBUTIONS as CONTRIBUTIONS_NAME

_ = Domain(__name__)

#: Names a workbook defines when it has them: the labour rate's parts (a workbook of 0.2.0
#: has none) and the cost lines (an estimate without them has none).
PART_NAMES = (ALLOWANCES_IN_BASE, ALLOWANCES_OTHER, *(c.name for c in CONTRIBUTIONS))
OPTIONAL_NAMES = (*PART_NAMES, CONTRIBUTIONS_NAME, COST_LINES)


@dataclass(frozen=True)
class EstimateInputs:
    """What one estimate workbook is made of."""

    source: str  # the file name, for messages
    year: int
    appendices: tuple[str, ...]
    variants: dict[str, str]
    counts: dict[tuple[str, str], int]
    wages: Any  # WageParameters, the base salary explicit
    prices: Any  # Prices


#: The names the formulas use: a workbook without them shows #NAME? in Excel.
FORMULA_NAMES = (BASE_SALARY, WORKING_DAYS, ON_COSTS, INDIRECT_SHARE, PRICE_ID, PRICE_VND)
#: The columns of the blocks as Normbook writes them: appendix, kind, standard, lab class;
#: appendix, work, title, basis, count.
BLOCK_COLUMNS = {APPENDICES: ("A", "D"), WORK_COUNTS: ("A", "E")}
#: Where the version without reader names wrote the year and the general labour scale on the
#: Inputs sheet (the rows above and below the named parameters), and the appendices' header.
LEGACY_CELLS = {BUDGET_YEAR: "B2", GENERAL_SCALE: "B7"}
LEGACY_APPENDICES_HEADER = 10


def _where(source: str, ws: Any, coordinate: str, name: str = "") -> Message:
    """The file, sheet and cell (and the name that finds it), said where it is shown."""
    if name:
        return _.later("{source}, sheet {sheet}, cell {cell} ({name})", source=source,
                       sheet=ws.title, cell=coordinate, name=name)
    return _.later("{source}, sheet {sheet}, cell {cell}", source=source, sheet=ws.title,
                   cell=coordinate)


@dataclass(frozen=True)
class Names:
    """The workbook's definitions of Normbook's names (one each, workbook-wide)."""

    source: str
    book: Any
    defined: dict[str, DefinedName]
    legacy: bool  # written before the reader names existed
    language: str = "en"  # as the workbook records it; none recorded: English

    def target(self, name: str) -> tuple[Any, Reference]:
        """The sheet and cells ``name`` refers to.

        Raises:
            NotAnEstimate: it refers to no cells of this workbook.
        """
        text = self.defined[name].text
        ref = reference(text)
        if ref is None or ref.sheet not in self.book.sheetnames:
            raise NotAnEstimate(_.later("the name {name} refers to {text}, not to cells of "
                                        "this workbook; point it back at the cells Normbook "
                                        "wrote it for (Formulas > Name Manager), or write the "
                                        "estimate again", name=name, text=repr(text)),
                                where=self.source)
        return self.book[ref.sheet], ref

    def cell(self, name: str) -> tuple[Any, str]:
        """The one cell ``name`` refers to, and the words that name it."""
        ws, ref = self.target(name)
        if not ref.single:
            raise NotAnEstimate(_.later("the name {name} refers to the range {ref}, not to one "
                                        "cell; point it back at its cell (Formulas > Name "
                                        "Manager), or write the estimate again", name=name,
                                        ref=str(ref)), where=self.source)
        cell = ws[ref.plain]
        return cell, _where(self.source, ws, cell.coordinate, name)


def _our_names(path: Path, source: str, book: Any) -> Names:
    """Normbook's names as the workbook defines them.

    Raises:
        NotAnEstimate: none of them (not an estimate), one missing (Excel shows #NAME?), one
            defined twice or for one sheet only (a sheet would read another cell).
    """
    from .readback_names import defined_names

    ours = {n.casefold(): n for n in (*FORMULA_NAMES, *READER_NAMES, *OPTIONAL_NAMES)}
    found: dict[str, list[DefinedName]] = {}
    for d in defined_names(path):
        if d.name.casefold() in ours:
            found.setdefault(ours[d.name.casefold()], []).append(d)
    if not any(n in found for n in FORMULA_NAMES):
        raise NotAnEstimate(_.later("not an estimate workbook Normbook wrote: it defines none "
                                    "of the names its formulas use ({names}); a workbook whose "
                                    "names were deleted shows #NAME? in Excel: write the "
                                    "estimate again with normbook estimate",
                                    names=listed(FORMULA_NAMES)), where=source)
    legacy = not any(n in found for n in READER_NAMES)
    optional = tuple(n for n in OPTIONAL_NAMES if n in found)
    for name in (*FORMULA_NAMES, *(() if legacy else READER_NAMES), *optional):
        definitions = found.get(name, [])
        if not definitions and name in FORMULA_NAMES:
            raise NotAnEstimate(_.later("the name {name} is missing (Excel shows #NAME? where "
                                        "a formula uses it); define it again (Formulas > Name "
                                        "Manager) or write the estimate again", name=name),
                                where=source)
        if not definitions:
            raise NotAnEstimate(_.later("the name {name} is missing (compare finds an input "
                                        "by it); define it again (Formulas > Name Manager) or "
                                        "write the estimate again", name=name), where=source)
        if len(definitions) > 1:
            shown = clauses(_.later("{name} for {scope}: {text}", name=d.name, scope=d.where,
                                    text=d.text) for d in definitions)
            raise NotAnEstimate(_.later("the name {name} is defined {count} times ({shown}), "
                                        "so a sheet may read another cell than the rest; keep "
                                        "only the definition for the whole workbook (Formulas "
                                        "> Name Manager)", name=name, count=len(definitions),
                                        shown=shown), where=source)
        if definitions[0].scope is not None:
            raise NotAnEstimate(_.later("the name {name} is defined for {scope} only, so the "
                                        "other sheets' formulas show #NAME?; define it for the "
                                        "whole workbook (Formulas > Name Manager)", name=name,
                                        scope=definitions[0].where), where=source)
    return Names(source, book, {n: d[0] for n, d in found.items()}, legacy,
                 _language(path, source, book))


def _by_sheet_names(book: Any) -> str:
    """The language whose sheet names the workbook has: a record deleted by hand should not
    turn a Vietnamese workbook into a 'not an estimate'. English when none matches."""
    from .. import i18n
    from .workbook import sheet_names

    for lang in i18n.LANGUAGES:
        with i18n.speaking(lang):
            if set(sheet_names()) <= set(book.sheetnames):
                return lang
    return "en"


def _language(path: Path, source: str, book: Any) -> str:
    """The language the workbook records (:data:`~.workbook_style.LANGUAGE_NAME`); when it
    records none, the language of its sheet names (English for a workbook written before
    Normbook spoke other languages).

    Raises:
        NotAnEstimate: it records a language Normbook does not write.
    """
    from ..i18n import LANGUAGES
    from .readback_names import defined_names
    from .workbook_style import LANGUAGE_NAME

    found = [d for d in defined_names(path) if d.name.casefold() == LANGUAGE_NAME.casefold()]
    if not found:
        return _by_sheet_names(book)
    text = found[0].text.strip().lstrip("=").strip().strip('"')
    if len(found) > 1 or text not in LANGUAGES:
        raise NotAnEstimate(_.later("the name {name} says {text}, not one of the languages "
                                    "Normbook writes ({languages}); set it back (Formulas > "
                                    "Name Manager), or write the estimate again",
                                    name=LANGUAGE_NAME, text=repr(found[0].text),
                                    languages=listed(LANGUAGES)), where=source)
    return text


# ---- input cells ----------------------------------------------------------------------------

def _constant(cell: Any, where: str) -> Any:
    """An input cell's value as typed; a formula is refused (compare does not compute it)."""
    if cell.data_type == "f":
        formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
        raise NotAnEstimate(_.later("the input cell holds the formula {formula}; compare "
                                    "reads an input only as a value typed in (it does not "
                                    "compute formulas): type the number instead",
                                    formula=formula), where=where)
    return cell.value


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise NotAnEstimate(_.later("{value} is not a number; type a number in this input "
                                    "cell", value=said(value)), where=where)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise NotAnEstimate(_.later("{value} is not a finite number; type a number in this "
                                    "input cell", value=said(value)), where=where)
    return number


def _input(cell: Any, where: str) -> Decimal:
    return _number(_constant(cell, where), where)


def _optional(cell: Any, where: str) -> Decimal | None:
    value = _constant(cell, where)
    return None if value is None or value == "" else _number(value, where)


def _checked(check: Callable[..., Any], cell: Any, where: str) -> Any:
    """``check(number, where)`` on the cell's number, its BadArgument naming the cell."""
    try:
        return check(_input(cell, where), where)
    except BadArgument as exc:
        raise NotAnEstimate(_message(exc)) from None


def _message(exc: Exception) -> Message | str:
    """An error's message as it was raised (a Message keeps its facts and renders where it is
    shown), else its text."""
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)


def _count(cell: Any, where: str) -> int:
    from .counts import MAX_COUNT

    count = _input(cell, where)
    if count != count.to_integral_value() or not 0 <= count <= MAX_COUNT:
        raise NotAnEstimate(_.later("{value} is not a count: type the times the work happens "
                                    "in the budget year, a whole number from 0 to {most}",
                                    value=said(cell.value), most=MAX_COUNT), where=where)
    return int(count)


def _year(cell: Any, where: str) -> int:
    from ..wages import budget_year

    year = _input(cell, where)
    try:
        return budget_year(year)
    except BadArgument:
        raise NotAnEstimate(_.later("{value} is not a budget year; type a whole year such as "
                                    "2026", value=said(cell.value)), where=where) from None


def _text(cell: Any, where: Any, what: Message) -> str:
    value = _constant(cell, where)
    if not isinstance(value, str) or not value.strip():
        raise NotAnEstimate(_.later("{value} is not {what}; this cell of the block must hold "
                                    "it as Normbook wrote it", value=said(value), what=what),
                            where=where)
    return value.strip()


def _work(value: Any) -> str:
    """A work's key as the block writes it: 3, "2+3", or empty for the whole procedure."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


# ---- parameters and blocks ---------------------------------------------------------------------

def _parameter(names: Names, name: str) -> tuple[Any, str]:
    if names.legacy and name in LEGACY_CELLS:
        ws, _ref = names.target(BASE_SALARY)  # the Inputs sheet, whatever its name
        cell = ws[LEGACY_CELLS[name]]
        return cell, _where(names.source, ws, cell.coordinate)
    return names.cell(name)


def on_costs_divided(names: Names) -> bool:
    """True when the workbook's daily rates divide OnCosts by 100 (written by 0.2.0: OnCosts
    in percent units), False when they use it as a fraction (this version)."""
    ws, ref = names.target(PRICE_VND)
    divided = f"{ON_COSTS}/100".casefold()
    return any(cell.data_type == "f" and divided in str(cell.value).replace(" ", "").casefold()
               for row in ws[ref.plain] for cell in row)


def _whole_or_plain(number: Decimal) -> Decimal:
    """23.500 -> 23.5, 20.00 -> 20 (never 2E+1)."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() \
        else number.normalize()


def _on_costs(names: Names, divided: bool) -> Decimal:
    """OnCosts in percent units, read as the workbook's formulas use the cell.

    Raises:
        NotAnEstimate: the cell's number format says otherwise than the formulas read it,
            or the rate is out of bounds.
    """
    from ..wages import checked_on_costs

    cell, where = names.cell(ON_COSTS)
    number = _input(cell, where)
    percent_cell = "%" in (cell.number_format or "")
    if divided and percent_cell:
        raise NotAnEstimate(_.later(
            "{value} is in a cell formatted as a percentage, but this workbook's daily rates "
            "(written by Normbook 0.2.0) divide {name} by 100, so Excel prices labour with "
            "{used:n} % on-costs; format the cell as a number and type the percent (23.5 for "
            "23.5 %), or write the estimate again", value=said(cell.value), name=ON_COSTS,
            used=_whole_or_plain(number)), where=where)
    if not divided and not percent_cell:
        raise NotAnEstimate(_.later(
            "{value} is in a cell not formatted as a percentage, but the daily rates use {name} "
            "as a fraction (0.235 for 23.5 %), so Excel prices labour with {used:n} % on-costs; "
            "format the cell as a percentage and type the rate (23.5%)", value=said(cell.value),
            name=ON_COSTS, used=_whole_or_plain(number * 100)), where=where)
    try:
        return checked_on_costs(_whole_or_plain(number if divided else number * 100), where)
    except BadArgument as exc:
        raise NotAnEstimate(_message(exc)) from None


def _part(names: Names, name: str) -> Decimal:
    """A part of the labour rate (an allowance or a contribution) in percent units: a fraction
    in a cell formatted as a percentage, as the daily rates' formulas use it."""
    from ..wages import checked_on_costs

    cell, where = names.cell(name)
    number = _input(cell, where)
    if "%" not in (cell.number_format or ""):
        raise NotAnEstimate(_.later(
            "{value} is in a cell not formatted as a percentage, but the daily rates use {name} "
            "as a fraction (0.17 for 17 %), so Excel prices labour with {used:n} %; format the "
            "cell as a percentage and type the rate (17%)", value=said(cell.value), name=name,
            used=_whole_or_plain(number * 100)), where=where)
    try:
        return checked_on_costs(_whole_or_plain(number * 100), where)
    except BadArgument as exc:
        raise NotAnEstimate(_message(exc)) from None


def _parts(names: Names) -> dict[str, Any]:
    """The labour rate's parts for :class:`~.model.WageParameters` ({} for a workbook without
    them)."""
    if CONTRIBUTIONS_NAME not in names.defined:
        return {}
    return {"allowances_in_base_percent": _part(names, ALLOWANCES_IN_BASE),
            "allowances_other_percent": _part(names, ALLOWANCES_OTHER),
            "contributions": {c.key: _part(names, c.name) for c in CONTRIBUTIONS}}


def _rank_allowances(names: Names, wages: Any, bare: Any) -> Any:
    """``wages`` with the allowances a daily rate's row on Prices holds as numbers typed in
    (a rank's or a grade's own figures; a row's cell that keeps Normbook's formula reads the
    Inputs' name), each cell on its own, keyed by the row's grade."""
    from dataclasses import replace

    from .workbook_prices import LAYOUT

    if CONTRIBUTIONS_NAME not in names.defined:
        return wages
    grades = {x.rate.grade.id for part in bare.appendices for x in part.labour}
    ws, ref = names.target(PRICE_ID)
    own: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for (id_cell,) in ws[ref.plain]:
        if id_cell.value not in grades:
            continue
        figures: list[Decimal | None] = []
        for key in ("allowances_in_base", "allowances_other"):
            cell = ws.cell(id_cell.row, LAYOUT.index(key))
            if cell.data_type == "f":
                figures.append(None)  # the Inputs' figure (its formula: readback_check)
                continue
            figures.append(_fraction(cell, _where(names.source, ws, cell.coordinate)))
        if figures != [None, None]:
            own[id_cell.value] = (figures[0], figures[1])
    return replace(wages, rank_allowances={}, grade_allowances=own)


def _fraction(cell: Any, where: Any) -> Decimal:
    """A percentage typed into a %-formatted input cell, in percent units (checked)."""
    from ..wages import checked_on_costs

    number = _input(cell, where)
    if "%" not in (cell.number_format or ""):
        raise NotAnEstimate(_.later(
            "{value} is in a cell not formatted as a percentage, but the formulas use it as a "
            "fraction (0.1 for 10 %); format the cell as a percentage and type the rate (10%)",
            value=said(cell.value)), where=where)
    try:
        return checked_on_costs(_whole_or_plain(number * 100), str(where))
    except BadArgument as exc:
        raise NotAnEstimate(_message(exc)) from None


def _cost_lines(names: Names) -> tuple[Any, ...]:
    """The cost lines beyond the norms, from their block on Inputs (none without it)."""
    from ..i18n import LANGUAGES
    from .cost_lines import _KIND_LABELS, parse_appendices
    from .model import CostLineInput

    if COST_LINES not in names.defined:
        return ()
    ws, ref = names.target(COST_LINES)
    kinds = {}
    for key, message in _KIND_LABELS.items():
        for lang in LANGUAGES:
            kinds[message.render(lang)] = key
    out = []
    for row in ws[ref.plain]:
        name_cell, kind_cell, value_cell, appendices_cell, basis_cell = row[:5]
        kind = kinds.get(kind_cell.value)
        where = _where(names.source, ws, kind_cell.coordinate)
        if kind is None:
            raise NotAnEstimate(_.later("{value} is not a kind of cost line Normbook writes",
                                        value=said(kind_cell.value)), where=where)
        value_where = _where(names.source, ws, value_cell.coordinate)
        value = _input(value_cell, value_where)
        if kind != "fixed" and "%" not in (value_cell.number_format or ""):
            raise NotAnEstimate(_.later(
                "{value} is in a cell not formatted as a percentage, but the Summary uses it as "
                "a fraction (0.1 for 10 %); format the cell as a percentage and type the rate "
                "(10%)", value=said(value_cell.value)), where=value_where)
        if kind != "fixed" and not 0 <= value <= 1:
            raise NotAnEstimate(_.later("{value:n} % is not a rate from 0 % to 100 %",
                                        value=_whole_or_plain(value * 100)), where=value_where)
        if kind == "fixed":
            from .model import check_price

            try:
                check_price(value, _("the amount"))
            except BadArgument as exc:
                raise NotAnEstimate(_message(exc), where=value_where) from None
        for cell, what in ((name_cell, _.later("a cost line needs a name")),
                           (basis_cell, _.later("a cost line needs the act, decision or "
                                                "calculation it comes from"))):
            if not str(cell.value or "").strip():
                raise NotAnEstimate(what, where=_where(names.source, ws, cell.coordinate))

        try:
            appendices = parse_appendices(appendices_cell.value)
        except NormError as exc:
            raise NotAnEstimate(_message(exc), where=_where(names.source, ws,
                                                            appendices_cell.coordinate)) from None
        try:
            out.append(CostLineInput(str(name_cell.value).strip(), kind, value, appendices,
                                     str(basis_cell.value).strip(),
                                     where=str(_where(names.source, ws, name_cell.coordinate))))
        except BadArgument as exc:
            raise NotAnEstimate(_message(exc), where=_where(names.source, ws,
                                                            name_cell.coordinate)) from None
    return tuple(out)


def _cost_line_rows_agree(names: Names, bare: Any) -> None:
    """Refuse a cost line whose kind or appendices were changed on Inputs: its Summary row
    still computes the old ones (only its value is an input), so say which cells to undo
    rather than that a Summary formula was changed."""
    from .. import i18n
    from .workbook_inputs import sheet_name
    from .workbook_style import quote
    from .workbook_summary import LAYOUT, _cost_line_formula

    if COST_LINES not in names.defined or not bare.other_costs:
        return
    ws, ref = names.target(COST_LINES)
    first = int("".join(ch for ch in ref.plain.partition(":")[0] if ch.isdigit()))
    with i18n.speaking(names.language):
        if LAYOUT.sheet not in names.book.sheetnames:
            return  # the sheet check names what is missing
        summary = names.book[LAYOUT.sheet]
        inputs = quote(sheet_name())
        rows = {a.appendix: r for r, a in enumerate(bare.appendices, 2)}
        for n, other in enumerate(bare.other_costs):
            row = first + n
            wanted = _cost_line_formula(other, f"{inputs}!$C${row}", rows)
            found = summary.cell(2 + len(bare.appendices) + n, LAYOUT.index("total"))
            if found.data_type == "f" and str(found.value) != wanted:
                raise NotAnEstimate(_.later(
                    "the kind or the appendices of cost line {name} were changed here, but its "
                    "row on the summary sheet ({cell}) still computes the ones Normbook wrote: "
                    "only the value is an input; undo the change, or change the line in the "
                    "prices workbook and write the estimate again", name=repr(other.line.name),
                    cell=found.coordinate),
                    where=_where(names.source, ws, f"B{row}"))


def _wages(names: Names, divided: bool = False) -> Any:
    from ..query import INDIRECT_SHARE as CIRCULAR_SHARE
    from ..wages import checked_base_salary, checked_working_days
    from .model import WageParameters

    share, where = names.cell(INDIRECT_SHARE)
    if _input(share, where) != CIRCULAR_SHARE:
        raise NotAnEstimate(_.later("{value} is not the circular's indirect labour share "
                                    "({share}, Article 5.1.a2), which compare recomputes with; "
                                    "set it back to {share}", value=repr(share.value),
                                    share=format(CIRCULAR_SHARE, "%")), where=where)
    scale, where = _parameter(names, GENERAL_SCALE)
    try:
        return WageParameters(
            working_days_per_month=_checked(checked_working_days, *names.cell(WORKING_DAYS)),
            on_costs_percent=_on_costs(names, divided),
            base_salary=_checked(checked_base_salary, *names.cell(BASE_SALARY)),
            general_scale=_text(scale, where, _.later("a general labour scale")),
            **_parts(names))
    except BadArgument as exc:  # the scale: the numbers were checked above
        raise NotAnEstimate(_message(exc), where=where) from None


def _block(names: Names, name: str) -> tuple[str, list[tuple[Any, ...]]]:
    """The data rows of a block (Appendices, WorkCounts), and the sheet's name."""
    first_column, last_column = BLOCK_COLUMNS[name]
    if names.legacy:
        ws, _ref = names.target(BASE_SALARY)
        return ws.title, _legacy_blocks(ws)[name]
    ws, ref = names.target(name)
    columns = "".join(c for c in ref.plain if c.isalpha() or c == ":")
    last_row = int(ref.plain.rpartition(":")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if columns != f"{first_column}:{last_column}" or last_row > ws.max_row:
        raise NotAnEstimate(_.later("the name {name} refers to {ref}, not to columns {first} "
                                    "to {last} where Normbook writes its block; point it back "
                                    "(Formulas > Name Manager), or write the estimate again",
                                    name=name, ref=str(ref), first=first_column,
                                    last=last_column), where=names.source)
    return ws.title, [tuple(row) for row in ws[ref.plain]]


def _legacy_blocks(ws: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The blocks as the version without their names laid them out: the appendices under the
    header in row 10, the counts under a header two rows after the last appendix, each
    block ending at its first row without an appendix."""
    def rows(header: int, last_column: str) -> list[tuple[Any, ...]]:
        end = header
        while end < ws.max_row and ws.cell(end + 1, 1).value not in (None, ""):
            end += 1
        return [tuple(r) for r in ws[f"A{header + 1}:{last_column}{end}"]] if end > header \
            else []

    appendices = rows(LEGACY_APPENDICES_HEADER, BLOCK_COLUMNS[APPENDICES][1])
    counts_header = LEGACY_APPENDICES_HEADER + len(appendices) + 2
    return {APPENDICES: appendices, WORK_COUNTS: rows(counts_header, BLOCK_COLUMNS[WORK_COUNTS][1])}


def _request_parts(names: Names) -> tuple[list[str], dict[str, str], dict[tuple[str, str], int]]:
    """Appendices, lab classes and counts from the blocks."""
    source = names.source
    appendices: list[str] = []
    variants: dict[str, str] = {}
    sheet, rows = _block(names, APPENDICES)
    for row in rows:
        cell = row[0]
        appendix = _text(cell, _where(source, cell.parent, cell.coordinate),
                         _.later("an appendix"))
        appendices.append(appendix)
        variant = _constant(row[3], _where(source, cell.parent, row[3].coordinate))
        if variant not in (None, ""):
            variants[appendix] = str(variant).strip()
    if not appendices:
        raise NotAnEstimate(_.later("sheet {sheet} lists no appendix", sheet=sheet),
                            where=source)
    counts: dict[tuple[str, str], int] = {}
    _first, rows = _block(names, WORK_COUNTS)
    for row in rows:
        appendix = _text(row[0], _where(source, row[0].parent, row[0].coordinate),
                         _.later("an appendix"))
        work = _work(_constant(row[1], _where(source, row[1].parent, row[1].coordinate)))
        cell = row[4]
        where = _where(source, cell.parent, cell.coordinate)
        if cell.data_type == "f" and (not work or "+" in work):
            continue  # a block that follows its works' counts (its formula: readback_check)
        counts[(appendix, work)] = _count(cell, where)
    return appendices, variants, counts


# ---- prices -------------------------------------------------------------------------------------

def _price_ids(bare: Any) -> dict[str, Any]:
    """Price id -> item key, as :func:`~.workbook_prices.write_prices` numbers the items:
    E001.. for equipment, M001.. for materials, in the order the lines first use them (a
    test holds the two to the same ids; writing a scratch sheet to ask would cost more than
    the rest of the reading)."""
    ids = {}
    for prefix, lines in (("E", lambda p: p.equipment), ("M", lambda p: p.materials)):
        keys = dict.fromkeys(line.key for part in bare.appendices for line in lines(part))
        ids.update({f"{prefix}{n:03d}": key for n, key in enumerate(keys, 1)})
    return ids


def _prices(names: Names, wages: Any, bare: Any, wage_parts: bool = True) -> Any:
    """The prices typed on the Prices sheet, each row found by its id (as the lines look it
    up). Each cell is checked alone first, so a message names it."""
    from .model import EquipmentPrice, MaterialPrice, Prices
    from .workbook_prices import layout

    LAYOUT = layout(wage_parts)  # the sheet's layout: as 0.2.0 wrote it, or now

    ids = _price_ids(bare)
    ws, ref = names.target(PRICE_ID)
    equipment, materials = {}, {}
    for (id_cell,) in ws[ref.plain]:
        key = ids.get(id_cell.value)
        if key is None:
            continue  # a daily rate: computed from the parameters
        r = id_cell.row
        kind, columns = ((EquipmentPrice, ("price_per_shift", "asset_value",
                                           "depreciation_rate", "shifts_per_year"))
                         if key.component == "equipment" else (MaterialPrice, ("unit_price",)))
        values = {}
        for column in columns:
            cell = ws.cell(r, LAYOUT.index(column))
            where = _where(names.source, ws, cell.coordinate)
            values[column] = _optional(cell, where)
            try:
                kind(**{column: values[column]}, where=where)
            except BadArgument as exc:
                raise NotAnEstimate(_message(exc)) from None
        price = kind(**values, where=_("{source}, sheet {sheet}, row {row}",
                                       source=names.source, sheet=ws.title, row=r))
        (equipment if key.component == "equipment" else materials)[key] = price
    return Prices(wages, equipment, materials, source=names.source)


# ---- the workbook -----------------------------------------------------------------------------

def _check_file(path: Path) -> None:
    if path.is_dir():
        raise NotAnEstimate(_.later("{path} is a folder, not a workbook; give the "
                                    "estimate.xlsx Normbook wrote", path=str(path)))
    if not path.exists():
        raise NotAnEstimate(_.later("{path}: no such file", path=str(path)))
    if not path.is_file():
        raise NotAnEstimate(_.later("{path} is not a regular file (a pipe, socket or device), "
                                    "not a workbook; give the estimate.xlsx Normbook wrote",
                                    path=str(path)))


def read_estimate(path: Path | str) -> EstimateInputs:
    """The inputs of an estimate workbook (``estimate.xlsx`` as Normbook writes it).

    Raises:
        NotAnEstimate: not such a workbook (a folder, a pipe, another workbook), its names
            missing, doubled or moved, an input cell holding text, a formula, an error or a
            number out of bounds, or anything but the inputs changed (the message names the
            file, sheet and cell).
        UnreadableWorkbook: not a safe, readable .xlsx.
    """
    from .. import xlsx_guard
    from .compute import estimate
    from .model import EstimateRequest, Prices
    from .readback_check import check_workbook

    path = Path(path)
    _check_file(path)
    source = path.name
    book = xlsx_guard.load(path, xlsx_guard.PRICES)
    names = _our_names(path, source, book)
    year = _year(*_parameter(names, BUDGET_YEAR))
    divided = on_costs_divided(names)
    wages = _wages(names, divided)
    appendices, variants, counts = _request_parts(names)
    cost_lines = _cost_lines(names)
    wage_parts = CONTRIBUTIONS_NAME in names.defined
    try:
        request = EstimateRequest(tuple(appendices), year, variants, counts)
        bare = estimate(request, Prices(wages))  # the rows there are: prices read by id below
        wages = _rank_allowances(names, wages, bare)
        bare = estimate(request, Prices(wages, cost_lines=cost_lines))
    except LabClassRequired as exc:  # say what the workbook lacks, not what to pass
        raise NotAnEstimate(_.later(
            "its inputs give no lab class for appendix {appendix} (one of {choices}); write "
            "it in the lab-class column of the appendices on the inputs sheet",
            appendix=exc.appendix, choices=alternatives(list(exc.choices))),
            where=source) from None
    except NormError as exc:
        raise NotAnEstimate(_.later("its inputs cannot be estimated again: {problem}",
                                    problem=_message(exc)), where=source) from None
    _cost_line_rows_agree(names, bare)
    check_workbook(names, bare, names.language, legacy_on_costs=divided, wage_parts=wage_parts)
    prices = _prices(names, wages, bare, wage_parts)
    return EstimateInputs(source, year, tuple(appendices), variants, counts, wages,
                          replace(prices, cost_lines=cost_lines))
