"""``estimate.xlsx``: the estimate as a workbook of live formulas a reviewer can audit.

Sheets: ``Inputs`` (wage parameters, appendices, the count of every work, notes), ``Prices``
(daily rates, equipment and material prices), ``Labour``, ``Equipment``, ``Materials`` (one
row per source line: quantity and source lines as constants, everything else formulas) and
``Summary`` (per appendix and in total, with a chart). Every amount is a plain formula over
quantity and price cells (SUMIFS, COUNTIFS, INDEX/MATCH, SUM, IF: nothing LibreOffice 7.4
lacks, no add-in), so changing a price or a count moves the totals; recalculated, the totals
equal :func:`normbook.estimate.estimate`'s to within 1 đồng (binary floating point against
28-digit decimals). openpyxl is imported only inside the functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import Domain, listed
from .model import Estimate

_ = Domain(__name__)

#: The sheets, in order, in an English workbook (:func:`sheet_names` in any language).
SHEETS = ("Inputs", "Prices", "Labour", "Equipment", "Materials", "Summary")
#: The language of an estimate workbook when nobody chose one: its readers'.
READERS = "vi"


def sheet_names() -> tuple[str, ...]:
    """The sheets' names in the language being written, in :data:`SHEETS`' order."""
    from .workbook_inputs import sheet_name
    from .workbook_lines import EQUIPMENT, LABOUR, MATERIALS
    from .workbook_prices import LAYOUT as PRICES
    from .workbook_summary import LAYOUT as SUMMARY

    return (sheet_name(), PRICES.sheet, LABOUR.sheet, EQUIPMENT.sheet, MATERIALS.sheet,
            SUMMARY.sheet)


def build_estimate_workbook(estimate: Estimate, *, prices_source: str = "",
                            comparison: Any = None, previous: str = "",
                            lang: str | None = None, legacy_on_costs: bool = False,
                            wage_parts: bool = True) -> Any:
    """The estimate as an openpyxl Workbook (unsaved), in ``lang``.

    Args:
        estimate: what :func:`normbook.estimate.estimate` returned.
        prices_source: the prices workbook's file name, cited on Inputs and Prices.
        comparison: against last year's estimate (:func:`normbook.estimate.compare.compare`):
            a Comparison sheet after Summary; ``previous`` names that file.
        lang: the workbook's language (sheet names, labels, status words and the formulas
            that use them); by default the user's choice, else Vietnamese. It is recorded in
            the workbook (:data:`~.workbook_style.LANGUAGE_NAME`) so that a reader rebuilds the
            same formulas.
        legacy_on_costs: the daily rates divide OnCosts by 100, as 0.2.0 wrote them (a reader
            checking a workbook of 0.2.0 rebuilds it so); the OnCosts cell itself is written
            as this version writes it (no reader compares it: it is an input).
        wage_parts: False writes the daily rates without their build-up and the Inputs
            without the allowances and contributions, as 0.2.0 did (a reader checking such a
            workbook rebuilds it so).
    """
    from .. import i18n

    lang = lang or i18n.document(READERS)
    wage_parts = wage_parts and not legacy_on_costs  # 0.2.0 had no parts
    with i18n.speaking(lang):
        return _build(estimate, prices_source, comparison, previous, lang, legacy_on_costs,
                      wage_parts)


def _build(estimate: Estimate, prices_source: str, comparison: Any, previous: str,
           lang: str, legacy_on_costs: bool = False, wage_parts: bool = True) -> Any:
    from openpyxl import Workbook

    from .workbook_inputs import write_inputs
    from .workbook_lines import EQUIPMENT, MATERIALS, write_items, write_labour
    from .workbook_prices import write_prices
    from .workbook_style import record_language
    from .workbook_summary import write_summary

    wb = Workbook()
    inputs = write_inputs(wb.active, wb, estimate, prices_source, wage_parts=wage_parts)
    ids = write_prices(wb.create_sheet(), wb, estimate, prices_source,
                       legacy_on_costs=legacy_on_costs, wage_parts=wage_parts)
    labour = write_labour(wb.create_sheet(), estimate, inputs.count)
    equipment = write_items(wb.create_sheet(), EQUIPMENT, estimate, ids, inputs.count)
    materials = write_items(wb.create_sheet(), MATERIALS, estimate, ids, inputs.count)
    summary = wb.create_sheet()
    total_row = write_summary(summary, estimate, labour, equipment, materials,
                              inputs.cost_lines)
    if comparison is not None:
        from .effects import OTHER_COSTS
        from .workbook_comparison import write_comparison

        rows: dict[str, Any] = {a.appendix: i for i, a in enumerate(estimate.appendices, 2)}
        rows["Total"] = total_row
        if estimate.other_costs:  # the cost lines' rows, just above the Total row
            rows[OTHER_COSTS] = (total_row - len(estimate.other_costs), total_row - 1)
        write_comparison(wb.create_sheet(), comparison, old_name=previous, summary_rows=rows)
    wb.active = wb.sheetnames.index(summary.title)  # open on the totals
    record_language(wb, lang)
    appendices = listed(a.appendix for a in estimate.appendices)
    wb.properties.title = _("Normbook estimate {year}: appendices {appendices}",
                            year=estimate.year, appendices=appendices)
    wb.properties.creator = "Normbook"
    from ..xlsx_print import set_up_workbook, standards

    set_up_workbook(wb, subject=standards((a.appendix, a.standard) for a in estimate.appendices))
    # Tell Excel to compute on open: openpyxl stores formulas without results.
    wb.calculation.fullCalcOnLoad = True
    return wb


def write_estimate_workbook(estimate: Estimate, output: Path | str, *, prices_source: str = "",
                            force: bool = False) -> Path:
    """Build the workbook and save it atomically to ``output`` (.xlsx); returns the path.

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
        BadArgument: ``output`` does not end in .xlsx.
    """
    from .files import OutputExists

    output = Path(output)
    if output.exists() and not force:  # before building: fail fast
        raise OutputExists(output)
    workbook = build_estimate_workbook(estimate, prices_source=prices_source)
    from ..xlsx_parts import save_workbook

    return save_workbook(workbook, output, force=force, fixed=True)
