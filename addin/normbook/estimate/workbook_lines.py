"""The estimate workbook's Labour, Equipment and Materials sheets: one row per source line.

Each row carries the norm's quantity per occurrence and its source lines as constants, and
everything else as formulas: the count points at the work's Inputs cell, the total multiplies,
the price is looked up by id on Prices (INDEX/MATCH), the amount multiplies again. A line
whose price is missing shows no amount and the status "price missing" (the Summary counts
those); a row the source gives without a quantity shows its note and, never 0, the text
"không có định mức trong nguồn" for an amount. Such a row is written whatever its work's
count; its count points at Inputs like any line's, and its status says "not in source" (which
the Summary counts, making the total incomplete) only while that count is above 0. Labour adds
one indirect-labour row per appendix (IndirectShare × its direct lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import Domain
from .items import ItemKey
from .model import AppendixEstimate, CostLine, Estimate, LabourCost, NotInSourceLine
from .workbook_inputs import basis_label
from .workbook_prices import grade_id
from .workbook_style import (
    INDIRECT_SHARE,
    NOT_IN_SOURCE_FILL,
    PRICE_ID,
    PRICE_VND,
    QUANTITY,
    TOTAL_FILL,
    VND,
    Column,
    Formula,
    Layout,
    fill,
    landscape,
    lines_text,
    mark_when,
    not_in_source,
    not_in_source_amount,
    price_missing,
)

_ = Domain(__name__)

_FIRST = (
    Column("appendix", _.later("appendix"), 9),
    Column("work", _.later("work"), 6),
    Column("work_title", _.later("work title"), 40),
    Column("basis", _.later("basis"), 14),
)
_LAST = (
    Column("status", _.later("status"), 14, help=_.later(
        "'{missing}': no price on Prices, so no amount; '{gap}': the source gives a note "
        "instead of a quantity, and the work's count is above 0 (so the total leaves it out).",
        missing=_.later("price missing"), gap=_.later("not in source"))),
    Column("note", _.later("note"), 40),
    Column("lines", _.later("source lines"), 22,
           help=_.later("Line numbers of the circular's text the row was read from.")),
)
_COUNT_HELP = _.later("The work's count on Inputs (a formula pointing there): change it there.")

LABOUR = Layout(_.later("Labour"), (
    *_FIRST,
    Column("rank", _.later("rank"), 24),
    Column("rank_code", _.later("rank code"), 11),
    Column("grade", _.later("grade"), 7),
    Column("lab_class", _.later("lab class"), 8),
    Column("rate_id", _.later("rate id"), 9, help=_.later("The daily rate's id on Prices.")),
    Column("cong", _.later("công per occurrence"), 11, QUANTITY, _.later(
        "Direct labour of the line, in công (man-days), as the norm gives it for one "
        "occurrence of the work.")),
    Column("count", _.later("count"), 7, "0", _COUNT_HELP),
    Column("cong_total", _.later("công total"), 11, QUANTITY),
    Column("rate", _.later("daily rate (VND)"), 14, VND),
    Column("amount", _.later("amount (VND)"), 16, VND),
    Column("kind", _.later("kind"), 9, help=_.later(
        "direct: a line of the norm; indirect: IndirectShare of the appendix's direct lines "
        "(Article 5.1.a2).")),
    *_LAST,
))


def _item_layout(sheet: Any, quantity: Column, extra: tuple[Column, ...]) -> Layout:
    return Layout(sheet, (
        *_FIRST,
        Column("item", _.later("item"), 36),
        Column("unit", _.later("unit"), 8),
        Column("spec", _.later("spec"), 24),
        *extra,
        Column("price_id", _.later("price id"), 9, help=_.later("The price's id on Prices.")),
        quantity,
        Column("count", _.later("count"), 7, "0", _COUNT_HELP),
        Column("quantity_total", _.later("quantity total"), 12, QUANTITY),
        Column("price", _.later("price (VND)"), 14, VND),
        Column("amount", _.later("amount (VND)"), 16, VND),
        *_LAST,
    ))


EQUIPMENT = _item_layout(_.later("Equipment"), Column(
    "quantity", _.later("shifts per occurrence"), 11, QUANTITY,
    _.later("Machine shifts (ca) the norm gives for one occurrence of the work.")), ())
MATERIALS = _item_layout(_.later("Materials"), Column(
    "quantity", _.later("consumption per occurrence"), 13, QUANTITY,
    _.later("Consumption (tiêu hao) the norm gives for one occurrence: what is costed.")),
    (Column("use", _.later("use (for information)"), 10, QUANTITY,
            _.later("Quantity in use (sử dụng): shown, not costed (Article 5.1.c costs "
                    "consumption).")),))


@dataclass(frozen=True)
class LineSheet:
    """A written line sheet: its layout and last row (the Summary sums over them)."""

    layout: Layout
    last_row: int


def _titles(appendix: str) -> dict[tuple[str, str], str]:
    from ..dataset import dataset

    return {(w.section, w.work): w.title for w in dataset().works.get(appendix, ())}


def _common(part: AppendixEstimate, work: str, title: str, basis: str) -> dict[str, Any]:
    return {"appendix": part.appendix, "work": int(work) if work.isdigit() else work,
            "work_title": title, "basis": basis_label(basis)}


def _gap_count(part: AppendixEstimate, work: str, counts: Mapping[tuple[str, str], str]
               ) -> Formula:
    """A gap's count: its work's Inputs cell; for a truncated appendix's section (no work),
    the largest count of its works (it leaves something out while any of them happens)."""
    if (part.appendix, work) in counts:
        return Formula(f"={counts[(part.appendix, work)]}", part.counts.get(work, 1))
    cells = [counts[(part.appendix, w)] for w in part.counts if (part.appendix, w) in counts]
    largest = max((n for w, n in part.counts.items() if (part.appendix, w) in counts),
                  default=1)
    return Formula(f"=MAX({','.join(cells)})" if cells else "=1", largest)


def _not_in_source(ws: Any, layout: Layout, row: int, part: AppendixEstimate,
                   gap: NotInSourceLine, title: str,
                   counts: Mapping[tuple[str, str], str]) -> None:
    from ..i18n import rendered

    values = _common(part, gap.work, title, "")
    count = layout.cell("count", row)
    gap_status = not_in_source()
    values.update(count=_gap_count(part, gap.work, counts),
                  status=Formula(f'=IF({count}>0,"{gap_status}","")',
                                 gap_status if gap.count > 0 else ""), note=rendered(gap.note),
                  lines=lines_text(gap.lines), amount=not_in_source_amount())
    if layout is not LABOUR:
        values.update(item=gap.item, unit=gap.unit, spec=gap.spec)
    layout.write_row(ws, row, values)
    for column in layout.columns:
        fill(ws, layout.cell(column.key, row), NOT_IN_SOURCE_FILL)


def _labour_line(ws: Any, row: int, part: AppendixEstimate, line: LabourCost,
                 count_ref: str) -> None:
    c = LABOUR.cell
    values = _common(part, line.work, line.work_title, line.basis)
    values.update(
        rank=line.rank, rank_code=line.rank_code, grade=line.grade, lab_class=line.lab_class,
        rate_id=grade_id(line.rate.grade), cong=line.cong,
        count=Formula(f"={count_ref}", line.count),
        cong_total=Formula(f"={c('cong', row)}*{c('count', row)}", line.cong_total),
        rate=Formula(f"=INDEX({PRICE_VND},MATCH({c('rate_id', row)},{PRICE_ID},0))",
                     line.rate.value),
        amount=Formula(f"={c('cong_total', row)}*{c('rate', row)}", line.amount),
        kind=_("direct"), status="", lines=lines_text(line.lines))
    if not line.rank_code:
        values["note"] = _("general labour: paid on scale {scale} (an assumption, see Inputs)",
                           scale=line.rate.grade.scale)
    LABOUR.write_row(ws, row, values)


def _indirect(ws: Any, row: int, part: AppendixEstimate, first: int, last: int) -> None:
    c = LABOUR.cell
    LABOUR.write_row(ws, row, {
        "appendix": part.appendix,
        "work_title": _("Indirect labour: IndirectShare (Inputs) of the direct labour above"),
        "cong_total": Formula(f"={INDIRECT_SHARE}*SUM({c('cong_total', first)}:"
                              f"{c('cong_total', last)})", part.cong_indirect),
        "amount": Formula(f"={INDIRECT_SHARE}*SUM({c('amount', first)}:{c('amount', last)})",
                          part.labour_indirect.amount),
        "kind": _("indirect"), "status": "",
        "note": _("Circular 04/2022/TT-BKHCN, Article 5.1.a2: indirect labour is 10 % of "
                  "direct")})
    for column in LABOUR.columns:
        fill(ws, LABOUR.cell(column.key, row), TOTAL_FILL)


def write_labour(ws: Any, estimate: Estimate, counts: Mapping[tuple[str, str], str]
                 ) -> LineSheet:
    """Fill the Labour sheet: per appendix its direct lines, indirect row, gaps."""
    ws.title = LABOUR.sheet
    LABOUR.write_header(ws)
    landscape(ws)
    row = 1
    for part in estimate.appendices:
        first = row + 1
        for line in part.labour:
            row += 1
            _labour_line(ws, row, part, line, counts[(part.appendix, line.work)])
        if part.labour:
            row += 1
            _indirect(ws, row, part, first, row - 1)
        titles = _titles(part.appendix)
        for gap in part.not_in_source:
            if gap.component == "labour":
                row += 1
                _not_in_source(ws, LABOUR, row, part, gap, titles.get(("labour", gap.work), ""),
                               counts)
    return LineSheet(LABOUR, row)


def _item_line(ws: Any, layout: Layout, row: int, part: AppendixEstimate, line: CostLine,
               price_id: str, count_ref: str) -> None:
    c = layout.cell
    count, price = c("count", row), c("price", row)
    missing = price_missing()
    values = _common(part, line.work, line.work_title, line.basis)
    values.update(
        item=line.item, unit=line.unit, spec=line.spec, price_id=price_id,
        quantity=line.quantity, count=Formula(f"={count_ref}", line.count),
        quantity_total=Formula(f"={c('quantity', row)}*{count}", line.quantity_total),
        # INDEX on an empty price cell answers 0 in Excel (LibreOffice: empty), which would
        # cost the line at 0: an empty price stays empty, so the line says "price missing"
        price=Formula(f"=IF(INDEX({PRICE_VND},MATCH({c('price_id', row)},{PRICE_ID},0))"
                      f"=\"\",\"\",INDEX({PRICE_VND},MATCH({c('price_id', row)},{PRICE_ID},"
                      "0)))", "" if line.price is None else line.price),
        # count 0: nothing is needed, so nothing is missing (as the Python engine says)
        amount=Formula(f"=IF({count}=0,0,IF({price}=\"\",\"\","
                       f"{c('quantity_total', row)}*{price}))",
                       0 if line.count == 0 else "" if line.price is None else line.amount),
        status=Formula(f"=IF(AND({count}>0,{price}=\"\"),\"{missing}\",\"\")",
                       missing if line.count > 0 and line.price is None else ""),
        lines=lines_text(line.lines))
    if line.use is not None:
        values["use"] = line.use
    layout.write_row(ws, row, values)


def _mark_missing(ws: Any, layout: Layout, last_row: int) -> None:
    """Orange price and amount cells while the line's status says the price is missing."""
    if last_row >= 2:
        mark_when(ws, f"{layout.letter('price')}2:{layout.letter('amount')}{last_row}",
                  f"${layout.letter('status')}2=\"{price_missing()}\"")


def write_items(ws: Any, layout: Layout, estimate: Estimate, ids: Mapping[ItemKey, str],
                counts: Mapping[tuple[str, str], str]) -> LineSheet:
    """Fill the Equipment or Materials sheet: per appendix its lines, then its gaps."""
    component, section = (("equipment", "equipment") if layout is EQUIPMENT
                          else ("material", "materials"))
    ws.title = layout.sheet
    layout.write_header(ws)
    landscape(ws)
    row = 1
    for part in estimate.appendices:
        lines = part.equipment if component == "equipment" else part.materials
        for line in lines:
            row += 1
            _item_line(ws, layout, row, part, line, ids[line.key],
                       counts[(part.appendix, line.work)])
        titles = _titles(part.appendix)
        for gap in part.not_in_source:
            if gap.component == component:
                row += 1
                _not_in_source(ws, layout, row, part, gap, titles.get((section, gap.work), ""),
                               counts)
    _mark_missing(ws, layout, row)
    return LineSheet(layout, row)
