"""The estimate workbook's Summary sheet: one row per appendix, a Total row, and a chart.

The six first columns are fixed (``Appendix, Standard, Labour, Equipment, Materials, Total``);
the amounts are SUMIFS over the line sheets' amount columns by appendix. Two more columns
count the lines left out (no price, no quantity in the source) with COUNTIFS over the line
sheets' status columns, and a status column and a note beside the table say when a total is
incomplete.
"""

from __future__ import annotations

from typing import Any

from ..i18n import Domain, listed
from .model import Estimate
from .workbook_lines import LineSheet
from .workbook_style import (
    TOTAL_FILL,
    VND,
    Column,
    Formula,
    Layout,
    landscape,
    not_in_source,
    price_missing,
    put,
)

_ = Domain(__name__)

#: The sheet's name and first six headers in an English workbook (LAYOUT in the language
#: being written).
SHEET = "Summary"
HEADER = ("Appendix", "Standard", "Labour", "Equipment", "Materials", "Total")

LAYOUT = Layout(_.later("Summary"), (
    Column("appendix", _.later("Appendix"), 10),
    Column("standard", _.later("Standard"), 60),
    Column("labour", _.later("Labour"), 17, VND,
           _.later("Direct and indirect labour (Labour sheet), VND.")),
    Column("equipment", _.later("Equipment"), 17, VND,
           _.later("Equipment (Equipment sheet), VND.")),
    Column("materials", _.later("Materials"), 17, VND,
           _.later("Materials (Materials sheet), VND.")),
    Column("total", _.later("Total"), 18, VND, _.later("Labour + Equipment + Materials, VND.")),
    Column("missing", _.later("Missing prices"), 10, "0",
           _.later("Lines with no price: not counted in the amounts. Fill their prices on "
                   "Prices.")),
    Column("not_in_source", _.later("Not in source"), 10, "0",
           _.later("Rows the source gives without a quantity (a note, a truncated appendix) "
                   "of works counted above 0 on Inputs: not counted in the amounts.")),
    Column("status", _.later("Status"), 12),
))


def _sumifs(sheet: LineSheet, criterion: str) -> str:
    layout, last = sheet.layout, sheet.last_row
    return (f"SUMIFS({layout.column_range('amount', last)},"
            f"{layout.column_range('appendix', last)},{criterion})")


def _countifs(sheet: LineSheet, criterion: str, status: str) -> str:
    layout, last = sheet.layout, sheet.last_row
    return (f"COUNTIFS({layout.column_range('appendix', last)},{criterion},"
            f"{layout.column_range('status', last)},\"{status}\")")


def _status(row: int, missing: int, gaps: int) -> Formula:
    c = LAYOUT.cell
    complete, incomplete = _("complete"), _("incomplete")
    return Formula(f"=IF({c('missing', row)}+{c('not_in_source', row)}=0,"
                   f"\"{complete}\",\"{incomplete}\")",
                   complete if missing + gaps == 0 else incomplete)


def _open(part: Any) -> tuple[int, int]:
    """Lines of ``part`` the sheets mark "price missing" and "not in source" (as their
    status formulas do: only lines whose work happens this year)."""
    missing = sum(1 for x in (*part.equipment, *part.materials)
                  if x.count > 0 and x.price is None)
    return missing, sum(1 for g in part.not_in_source if g.count > 0)


def write_summary(ws: Any, estimate: Estimate, labour: LineSheet, equipment: LineSheet,
                  materials: LineSheet, cost_values: tuple[str, ...] = ()) -> int:
    """Fill the Summary sheet and add its chart; returns the Total row.

    ``cost_values``: the Inputs cells of the cost lines' values (one per
    ``estimate.other_costs``): each line is a row under the appendices, its amount a formula
    over its appendices' rows, and the Total row adds it.
    """
    from openpyxl.styles import Font, PatternFill

    ws.title = LAYOUT.sheet
    LAYOUT.write_header(ws)
    landscape(ws)
    c = LAYOUT.cell
    row = 1
    sums = dict.fromkeys(("labour", "equipment", "materials", "total", "missing",
                          "not_in_source"), 0)
    for part in estimate.appendices:
        row += 1
        key = f"$A{row}"
        missing, gaps = _open(part)
        figures = {"labour": part.labour_total.amount, "equipment": part.equipment_total.amount,
                   "materials": part.materials_total.amount,
                   "total": part.labour_total.amount + part.equipment_total.amount
                   + part.materials_total.amount, "missing": missing, "not_in_source": gaps}
        for k, v in figures.items():
            sums[k] += v
        LAYOUT.write_row(ws, row, {
            "appendix": part.appendix, "standard": part.standard,
            "labour": Formula(f"={_sumifs(labour, key)}", figures["labour"]),
            "equipment": Formula(f"={_sumifs(equipment, key)}", figures["equipment"]),
            "materials": Formula(f"={_sumifs(materials, key)}", figures["materials"]),
            "total": Formula(f"=SUM({c('labour', row)}:{c('materials', row)})",
                             figures["total"]),
            "missing": Formula("=" + "+".join(_countifs(s, key, price_missing())
                                              for s in (equipment, materials)), missing),
            "not_in_source": Formula("=" + "+".join(_countifs(s, key, not_in_source())
                                                    for s in (labour, equipment, materials)),
                                     gaps),
            "status": _status(row, missing, gaps)})
    last = row
    rows = {part.appendix: r for r, part in enumerate(estimate.appendices, 2)}
    for other, value in zip(estimate.other_costs, cost_values, strict=True):
        row += 1
        sums["total"] += other.amount
        LAYOUT.write_row(ws, row, {"standard": _cost_line_title(other),
                                   "total": Formula(_cost_line_formula(other, value, rows),
                                                    other.amount)})
    end = row
    row += 1
    totals = {k: Formula(f"=SUM({c(k, 2)}:{c(k, end)})", sums[k]) for k in sums}
    LAYOUT.write_row(ws, row, {"appendix": total_label(), **totals,
                               "status": _status(row, sums["missing"], sums["not_in_source"])})
    for column in LAYOUT.columns:
        cell = ws[c(column.key, row)]
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=TOTAL_FILL)
    # The sentence is cut where the counts go (the formula joins them in): the same words
    # in every language's catalog, the counts in the place that language puts them.
    every = _("Every line is priced and every item has a quantity in the source.")
    missing_cell, gaps_cell = c("missing", row), c("not_in_source", row)
    incomplete = _("Incomplete: {missing} line(s) have no price and {gaps} row(s) no quantity "
                   "in the source; the amounts leave them out (see the status column of "
                   "Labour, Equipment and Materials).", missing="\x00", gaps="\x01")
    joined = "&".join(part for part in _joined(incomplete, missing_cell, gaps_cell) if part)
    note = f"=IF({missing_cell}+{gaps_cell}=0,\"{every}\",{joined})"
    # The notes stand beside the table, so that its last row is the Total row.
    beside = len(LAYOUT.columns) + 2
    said = every if sums["missing"] + sums["not_in_source"] == 0 else incomplete.replace(
        "\x00", str(sums["missing"])).replace("\x01", str(sums["not_in_source"]))
    put(ws, 1, beside, Formula(note, said))
    put(ws, 2, beside, _("Amounts in VND, unrounded: the cells show whole đồng. Change a "
                         "price on Prices or a count on Inputs and every total follows."))
    _chart(ws, last, anchor=f"A{row + 3}")
    return row


def _cost_line_title(other: Any) -> str:
    """A cost line's row: its name, kind and appendices."""
    from .cost_lines import kind_label

    line = other.line  # the value is an input on Inputs: the title does not repeat it
    return _("{name} ({how}; appendices {appendices})", name=line.name,
             how=kind_label(line.kind), appendices=listed(other.appendices))


def _cost_line_formula(other: Any, value: str, rows: dict[str, int]) -> str:
    """The cost line's amount: its value (on Inputs) × its base, or the value itself."""
    if other.line.kind == "fixed":
        return f"={value}"
    column = "total" if other.line.kind == "direct_percent" else "labour"
    base = "+".join(LAYOUT.cell(column, rows[a]) for a in other.appendices)
    return f"={value}*({base})"


def total_label() -> str:
    """The Total row's first cell (a key of the Summary's appendix column)."""
    return _("Total")


def _joined(sentence: str, first: str, second: str) -> list[str]:
    """``sentence`` as a formula's & terms, the marks \\x00 and \\x01 replaced by the cells
    ``first`` and ``second``: "Incomplete: "&G9&" line(s) ..." (empty texts left out)."""
    out = []
    for i, piece in enumerate(sentence.replace("\x01", "\x00\x01").split("\x00")):
        text = piece.removeprefix("\x01")
        if i:
            out.append(second if piece.startswith("\x01") else first)
        out.append(f'"{text}"' if text else "")
    return out


def _chart(ws: Any, last: int, *, anchor: str) -> None:
    """Stacked columns: cost by component for each appendix (standard)."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = _("Cost by component and standard (VND)")
    chart.y_axis.title = _("VND")
    chart.x_axis.title = _("Appendix (standard)")
    chart.y_axis.number_format = VND
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told not to
    chart.y_axis.delete = False
    first, third = LAYOUT.index("labour"), LAYOUT.index("materials")
    chart.add_data(Reference(ws, min_col=first, max_col=third, min_row=1, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    chart.width = max(18, 1.1 * (last - 1) + 8)  # cm: room for 31 appendices
    chart.height = 10
    ws.add_chart(chart, anchor)
