"""The Comparison sheet: last year's estimate against this one, the difference split into
quantities, wage rules and prices (normbook.estimate.compare), and the lines behind each.

This year's totals are formulas over the Summary sheet (when the sheet is in the estimate
workbook), so they follow an edited price or count; last year's totals and the effects are the
figures of the comparison, stored as values; differences and shares are formulas.
"""

from __future__ import annotations

from typing import Any

from ..i18n import Domain
from .effects import EFFECTS, OTHER_COSTS, effect_label
from .workbook_style import VND, Formula, put, quote

_ = Domain(__name__)

SHEET = "Comparison"  # in an English workbook; sheet_name() in the language being written


def sheet_name() -> str:
    """The Comparison sheet's name in the language being written."""
    return _("Comparison")


def write_comparison(ws: Any, comparison: Any, *, old_name: str,
                     summary_rows: dict[str, Any] | None = None, new_name: str = "") -> None:
    """Fill ``ws``; ``summary_rows`` maps an appendix (and "Total") to its Summary row, and
    the other cost lines to their first and last rows;
    ``new_name``: the new estimate's file, when the sheet is not inside it (``compare -o``)."""
    from openpyxl.styles import Font

    from .workbook_summary import LAYOUT as SUMMARY
    from .workbook_summary import total_label

    ws.title = sheet_name()
    bold = Font(bold=True)
    put(ws, 1, 1, _("{new} against {old}, by chain substitution: quantities (appendices, lab "
                    "classes, counts, norms), then wage rules, then prices, then other cost "
                    "lines", new=new_name, old=old_name) if new_name else
        _("This estimate against {old}, by chain substitution: quantities "
          "(appendices, lab classes, counts, norms), then wage rules, then prices, "
          "then other cost lines", old=old_name))
    ws.cell(1, 1).font = bold
    header = (_("Appendix"), _("Last year"), _("This year"), _("Difference"), _("Quantities"),
              _("Wage rules"), _("Prices"), _("Other cost lines"), _("Difference %"),
              _("Note"))
    for c, title in enumerate(header, 1):
        ws.cell(3, c, title).font = bold
    rows = [(a, effect_label(OTHER_COSTS) if a == OTHER_COSTS else a, v)
            for a, v in comparison.appendices.items()]
    rows.append(("Total", total_label(), {"old": comparison.old_total,
                                          "new": comparison.new_total,
                                          "effects": comparison.effects}))
    summary = quote(SUMMARY.sheet)
    for r, (appendix, shown, v) in enumerate(rows, 4):
        put(ws, r, 1, shown)
        put(ws, r, 2, v["old"])
        where = (summary_rows or {}).get(appendix)
        if isinstance(where, tuple):  # the cost lines: their rows' sum
            this_year = Formula(f"=SUM({summary}!F{where[0]}:F{where[1]})", v["new"])
        else:
            this_year = Formula(f"={summary}!F{where}", v["new"]) if where else v["new"]
        put(ws, r, 3, this_year)
        put(ws, r, 4, Formula(f"=C{r}-B{r}", v["new"] - v["old"]))
        for c, effect in enumerate(EFFECTS, 5):
            put(ws, r, c, v["effects"][effect])
        share = (v["new"] - v["old"]) / v["old"] if v["old"] else None
        put(ws, r, 9, Formula(f'=IF(B{r}=0,"",D{r}/B{r})', "" if share is None else share))
        for c in range(2, 9):
            ws.cell(r, c).number_format = VND
        ws.cell(r, 9).number_format = "0.00%"
        if appendix not in ("Total", OTHER_COSTS) and not (v["old"] and v["new"]):
            put(ws, r, 10, _("scope: in this estimate only, a quantity effect") if not v["old"]
                else _("scope: in last year's estimate only, a quantity effect"))
    ws.cell(len(rows) + 3, 1).font = bold
    from .gaps import gap_sentences

    gaps = gap_sentences(comparison, old_name, new_name or _("this estimate"))
    for r, sentence in enumerate(gaps, len(rows) + 5):
        put(ws, r, 1, sentence)
        ws.cell(r, 1).font = Font(bold=True, color="C00000")
    top = len(rows) + 5 + (len(gaps) + 1 if gaps else 0)
    ws.cell(top, 1, _("What drives each effect most")).font = bold
    for c, title in enumerate((_("Effect"), _("Appendix"), _("Line: last year → this year"),
                               _("Change (VND)")), 1):
        ws.cell(top + 1, c, title).font = bold
    for r, d in enumerate(comparison.drivers, top + 2):
        put(ws, r, 1, effect_label(d.effect))
        put(ws, r, 2, effect_label(OTHER_COSTS) if d.appendix == OTHER_COSTS else d.appendix)
        put(ws, r, 3, shown_line(d.line))
        put(ws, r, 4, d.change)
        ws.cell(r, 4).number_format = VND
    for column, width in zip("ABCDEFGHIJ", (12, 18, 18, 18, 18, 18, 18, 18, 14, 44),
                             strict=True):
        ws.column_dimensions[column].width = width


def shown_line(line: Any) -> str:
    """A driver's line in the language being written (a note, or compare's text)."""
    from ..i18n import rendered

    return rendered(line)
