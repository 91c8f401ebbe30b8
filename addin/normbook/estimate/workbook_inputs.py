"""The estimate workbook's Inputs sheet: wage parameters, appendices, counts per work, notes.

The parameters the formulas use get workbook names (BaseSalary, WorkingDays, OnCosts,
IndirectShare), and every work's count is an input cell the line sheets point at, so a
reviewer who changes a count or the base salary sees every total move. The budget year, the
general labour scale and the two input blocks are named too (BudgetYear, GeneralScale,
Appendices, WorkCounts): no formula uses them, but a program reading the workbook back
(``normbook compare``) finds every input by name, whatever language the labels are in.

The percentages (OnCosts, IndirectShare) follow the convention of every input file: a cell
formatted as a percentage holding a fraction (0.235, shown as 23.5 %), which the formulas use
as it is; so a reviewer who types 25% into it gets 25 %, as Excel shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import Domain, listed, rendered
from .model import Estimate
from .workbook_style import (
    ALLOWANCES_IN_BASE,
    ALLOWANCES_OTHER,
    BASE_SALARY,
    COST_LINES,
    HEADER_FILL,
    INDIRECT_SHARE,
    INPUT_FILL,
    ON_COSTS,
    ON_COSTS_FORMAT,
    PERCENT,
    VND,
    WORKING_DAYS,
    Formula,
    comment,
    define_name,
    fill,
    landscape,
    number_format_for,
    put,
    quote,
    row_height,
    text_lines,
)
from .workbook_style import (
    CONTRIBUTIONS as CONTRIBUTIONS_NAME,
)

_ = Domain(__name__)

#: The sheet's name in an English workbook; :func:`sheet_name` in the language being written.
SHEET = "Inputs"
#: Names only a reader of the workbook uses (no formula does): the budget year, the general
#: labour scale, and the data rows of the appendices and count blocks.
BUDGET_YEAR = "BudgetYear"
GENERAL_SCALE = "GeneralScale"
APPENDICES = "Appendices"
WORK_COUNTS = "WorkCounts"
#: The names the formulas use: their cells are inputs, filled and explained.
FORMULA_NAMES = (BASE_SALARY, WORKING_DAYS, ON_COSTS, INDIRECT_SHARE)
#: The labour rate's parts: inputs the Prices sheet's build-up uses.
PART_NAMES = (ALLOWANCES_IN_BASE, ALLOWANCES_OTHER, "SocialInsurance", "AccidentFund",
              "HealthInsurance", "UnemploymentInsurance", "UnionFund")


def sheet_name() -> str:
    """The Inputs sheet's name in the language being written."""
    return _("Inputs")


def _count_help() -> str:
    return _("Times the work happens in the budget year (1 = as listed: a per-year work for "
             "the year, a per-evaluation work one evaluation). 0 leaves the work out, 2 "
             "doubles it. Every line of the work follows this cell.")


@dataclass(frozen=True)
class InputCells:
    """Where the line sheets find the counts: (appendix, work) -> "Inputs!$E$12"."""

    count: Mapping[tuple[str, str], str]
    cost_lines: tuple[str, ...] = ()  # each cost line's value cell, "Inputs!$C$30"


def _section(ws: Any, row: int, headers: tuple[str, ...]) -> None:
    from openpyxl.styles import Font, PatternFill

    for c, text in enumerate(headers, 1):
        cell = ws.cell(row, c, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)


def _part_rows(wages: Any) -> list[tuple[str, Any, str, str | None, str | None]]:
    """The labour rate's parts: the allowances for every rank, each employer contribution
    (its legal basis, or why it is not included by default) and their sum."""
    from ..wage_parts import CONTRIBUTIONS, allowance_basis

    rows: list[tuple[str, Any, str, str | None, str | None]] = [
        (_("Allowances in the contribution base (% of the salary)"),
         wages.allowances_in_base_percent / 100, allowance_basis().render(),
         ALLOWANCES_IN_BASE, ON_COSTS_FORMAT),
        (_("Other allowances (% of the salary)"), wages.allowances_other_percent / 100,
         _("allowances without contributions; a rank with its own allowances has them on "
           "Prices"), ALLOWANCES_OTHER, ON_COSTS_FORMAT)]
    for c in CONTRIBUTIONS:
        label = c.label.render()
        rows.append((label[:1].upper() + label[1:], wages.contributions[c.key] / 100,
                     c.said(wages.contributions[c.key]).render(), c.name, ON_COSTS_FORMAT))
    return rows


def _parameters(ws: Any, wb: Any, estimate: Estimate, prices_source: str,
                wage_parts: bool = True) -> int:
    """Rows 2.. of parameter, value, how it is set; returns the last row written."""
    from ..wage_parts import CONTRIBUTIONS, working_days_basis
    from ..wages import GENERAL_LABOUR

    salary = estimate.base_salary
    wages = estimate.wages
    # the data's citations and notes on the salary are the data's words (Vietnamese acts)
    salary_note = salary.formula() + "".join(f"; {c}" for c in salary.citations)
    salary_note += "".join(f"; {rendered(n)}" for n in salary.notes)
    rows: list[tuple[str, Any, str, str | None, str | None]] = [
        # (label, value, note, defined name, number format)
        (_("Budget year"), estimate.year, _("the year the base salary is of"), BUDGET_YEAR,
         "0"),
        (_("Base salary (VND per month)"), salary.amount,
         _("month-weighted over the year: {formula}", formula=salary_note), BASE_SALARY, VND),
        (_("Working days per month"), wages.working_days_per_month,
         _("divides the monthly wage into a daily rate") + (
             "; " + (wages.working_days_basis
                     or working_days_basis(wages.working_days_per_month).render())
             if wage_parts else ""), WORKING_DAYS, "0.##"),
        (_("Other on-costs (% of the salary)") if wage_parts else
         _("On-costs (% of the wage)"), wages.on_costs_percent / 100,
         _("other on-costs paid on the salary, in percent (the employer's contributions have "
           "their own rows)") if wage_parts else
         _("contributions paid on top of the wage, in percent"), ON_COSTS, ON_COSTS_FORMAT),
        *(_part_rows(wages) if wage_parts else ()),
        (_("Indirect labour share"), estimate.indirect_share,
         _("Circular 04/2022/TT-BKHCN, Article 5.1.a2: indirect labour (management and "
           "service) is 10 % of direct labour"), INDIRECT_SHARE, PERCENT),
        (_("General labour scale"), wages.general_scale,
         _("the 12-grade scale '{rank}' is paid on (Decree 204/2004/NĐ-CP); the coefficients "
           "on Prices are of this scale: to change it, set `general_labour_scale` in the "
           "prices workbook and run the estimate again", rank=GENERAL_LABOUR),
         GENERAL_SCALE, None),
        (_("Prices from"), rendered(prices_source) if prices_source
         else _("(no prices workbook)"),
         _("equipment and material prices; items without a price are listed as missing") if
         prices_source else _("no prices given: every equipment and material item is missing "
                              "its price (labour is priced from the wage data)"), None, None),
    ]
    if wage_parts:  # the contributions' sum, which the daily rates use
        first = 2 + next(i for i, r in enumerate(rows) if r[3] == CONTRIBUTIONS[0].name)
        last = first + len(CONTRIBUTIONS) - 1
        total = sum((estimate.wages.contributions[c.key] for c in CONTRIBUTIONS), start=0) / 100
        at = last - 1  # after the last contribution
        rows.insert(at, (_("Employer contributions, in all"),
                         Formula(f"=SUM(B{first}:B{last})", total),
                         _("on the salary and the allowances in the contribution base; a "
                           "contribution at 0 % is not included"), CONTRIBUTIONS_NAME,
                         ON_COSTS_FORMAT))
    sheet = sheet_name()
    for row, (label, value, note, name, fmt) in enumerate(rows, 2):
        put(ws, row, 1, label)
        cell = put(ws, row, 2, value)
        put(ws, row, 3, note)
        if fmt:
            cell.number_format = number_format_for(fmt, value)
        if name:
            define_name(wb, name, sheet, f"$B${row}")
        if name in FORMULA_NAMES or name in PART_NAMES:
            fill(ws, f"B{row}", INPUT_FILL)
            comment(ws, f"B{row}", _("Named {name}: the formulas on Prices, Labour and Summary "
                                     "use it. Change it and the totals follow.", name=name))
    return 1 + len(rows)


def _appendices(ws: Any, wb: Any, row: int, estimate: Estimate) -> int:
    _section(ws, row, (_("Appendix"), _("Kind"), _("Standard"), _("Lab class")))
    first = row + 1
    for part in estimate.appendices:
        row += 1
        put(ws, row, 1, part.appendix)
        put(ws, row, 2, kind_label(part.kind))
        put(ws, row, 3, part.standard)
        put(ws, row, 4, part.variant or "")
    define_name(wb, APPENDICES, sheet_name(), f"$A${first}:$D${row}")
    return row


def _work_rows(appendix: str, singles: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(work, title, basis) of every work key of the appendix: single works, then blocks.

    The title is the labour section's where the work has labour (the sections word some
    titles differently), else the first section's.
    """
    from ..dataset import dataset

    rows: dict[str, tuple[str, str, str]] = {}
    works = dataset().works.get(appendix, ())
    for w in sorted(works, key=lambda w: w.section != "labour"):  # stable: labour first
        rows.setdefault(w.work, (w.work, w.title, w.basis))
    blocks = [k for k in dict.fromkeys(w.work for w in works) if not k or "+" in k]
    return [rows.get(k, (k, "", "")) for k in (*singles, *blocks)]


def _counts(ws: Any, wb: Any, row: int, estimate: Estimate
            ) -> tuple[int, dict[tuple[str, str], str]]:
    _section(ws, row, (_("Appendix"), _("Work"), _("Title"), _("Basis"), _("Count"),
                       _("Note")))
    first = row + 1
    sheet = sheet_name()
    comment(ws, f"E{row}", _count_help())
    given = estimate.request.counts
    refs: dict[tuple[str, str], str] = {}
    for part in estimate.appendices:
        own: dict[str, int] = {}
        for work, title, basis in _work_rows(part.appendix, tuple(part.counts)):
            row += 1
            put(ws, row, 1, part.appendix)
            put(ws, row, 2, int(work) if work.isdigit() else work)
            put(ws, row, 3, title)
            put(ws, row, 4, basis_label(basis))
            key = (part.appendix, work)
            refs[key] = f"{quote(sheet)}!$E${row}"
            is_block = not work or "+" in work
            if is_block and key not in given:
                parts = work.split("+") if work else list(part.counts)
                cells = [f"E{own[p]}" for p in parts]
                span = ",".join(cells)
                theirs = {part.counts[p] for p in parts}
                put(ws, row, 5, Formula(f"=IF(MIN({span})=MAX({span}),{cells[0]},NA())",
                                        theirs.pop() if len(theirs) == 1 else "#N/A"))
                put(ws, row, 6, _(
                    "one block for works {works} in the source, which follows their count (#N/A "
                    "when they differ: give them the same count, or type the block's own count "
                    "here, between theirs)", works=listed(parts)) if work else _(
                    "one block for the whole procedure in the source, which follows the count of "
                    "its works (#N/A when they differ: give them the same count, or type the "
                    "block's own count here, between theirs)"))
            else:
                count = given[key] if is_block else part.counts[work]
                put(ws, row, 5, count)
                fill(ws, f"E{row}", INPUT_FILL)
                if is_block:
                    put(ws, row, 6, _("one block in the source; its own count, between its "
                                      "works' counts (the block's norm is for them together)"))
                elif count != 1:
                    put(ws, row, 6, _("changed from the default 1 (as listed)"))
                own[work] = row
    define_name(wb, WORK_COUNTS, sheet, f"$A${first}:$E${row}")
    return row, refs


def _notes(ws: Any, row: int, title: str, notes: tuple[Any, ...]) -> int:
    """Numbered notes, the text in the wide column C (wrapped, so it prints)."""
    if not notes:
        return row
    row += 2
    _section(ws, row, ("", "", title))
    for n, note in enumerate(notes, 1):
        row += 1
        put(ws, row, 1, n)
        put(ws, row, 3, rendered(note))  # a note (its str is English): the workbook's language
    return row


def _wrap(ws: Any, columns: str) -> None:
    """Wrap the long text columns (top-aligned, so rows read across)."""
    from openpyxl.styles import Alignment

    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            if cell.column_letter in columns and isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                width = ws.column_dimensions[cell.column_letter].width
                lines = max(lines, text_lines(cell.value, width))
            elif cell.value is not None:
                cell.alignment = Alignment(vertical="top", horizontal=cell.alignment.horizontal)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = row_height(lines)


def _cost_lines(ws: Any, wb: Any, row: int, estimate: Estimate) -> tuple[int, tuple[str, ...]]:
    """The cost lines beyond the norms: name, kind, value (an input), appendices, basis."""
    from .cost_lines import kind_label

    _section(ws, row, (_("Cost line"), _("Kind"), _("Value"), _("Appendices"), _("Basis")))
    first = row + 1
    refs = []
    for other in estimate.other_costs:
        line = other.line
        row += 1
        put(ws, row, 1, line.name)
        put(ws, row, 2, kind_label(line.kind))
        cell = put(ws, row, 3, line.value)
        cell.number_format = VND if line.kind == "fixed" else ON_COSTS_FORMAT
        fill(ws, f"C{row}", INPUT_FILL)
        put(ws, row, 4, ", ".join(line.appendices) if line.appendices else _("all"))
        put(ws, row, 5, line.basis)
        refs.append(f"{quote(sheet_name())}!$C${row}")
    define_name(wb, COST_LINES, sheet_name(), f"$A${first}:$E${row}")
    comment(ws, f"C{first - 1}", _("The value of each cost line: a percentage of its base, or "
                                   "an amount in VND; the Summary's rows follow it."))
    return row, tuple(refs)


def write_inputs(ws: Any, wb: Any, estimate: Estimate, prices_source: str, *,
                 wage_parts: bool = True) -> InputCells:
    """Fill the Inputs sheet; returns where the counts and the cost lines' values are."""
    from openpyxl.styles import Font, PatternFill

    ws.title = sheet_name()
    for c, text in enumerate((_("Parameter"), _("Value"), _("How it is set, source")), 1):
        cell = ws.cell(1, c, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (30, 16, 70, 16, 10, 60), strict=True):
        ws.column_dimensions[letter].width = width
    row = _parameters(ws, wb, estimate, prices_source, wage_parts)
    row = _appendices(ws, wb, row + 2, estimate)
    row, refs = _counts(ws, wb, row + 2, estimate)
    cost_refs: tuple[str, ...] = ()
    if estimate.other_costs:
        row, cost_refs = _cost_lines(ws, wb, row + 2, estimate)
    row = _notes(ws, row, _("Assumptions and notes"), estimate.notes)
    row = _notes(ws, row, _("Warnings"), estimate.warnings)
    _notes(ws, row, _("Data used (the edition of Normbook's data and every local addition)"),
           estimate.data_edition)
    _wrap(ws, "CF")
    landscape(ws)
    return InputCells(refs, cost_refs)


def kind_label(kind: str) -> str:
    """An appendix's kind as a reader reads it ("upkeep", "procedure": the data's codes)."""
    labels = {"upkeep": _("upkeep"), "procedure": _("procedure")}
    return labels.get(kind, kind)


def basis_label(basis: str) -> str:
    """A work's basis as a reader reads it ("per_year", "per_evaluation": the data's codes)."""
    labels = {"per_year": _("per_year"), "per_evaluation": _("per_evaluation"),
              "per_procedure": _("per_procedure")}
    return labels.get(basis, basis)
