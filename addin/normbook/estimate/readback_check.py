"""Refuse an estimate workbook whose figures are not those of its inputs.

``normbook compare`` reads only the input cells and recomputes the rest, so the rest must be
what Normbook writes for those inputs, or the figures compared would not be the workbook's:
the defined names where Normbook puts them, every formula as written, and every constant the
formulas read (a norm's quantity, a coefficient, an appendix or price id) unchanged. Texts
that no formula reads (titles, notes) may be edited; so may, of course, the input cells.
"""

from __future__ import annotations

from typing import Any

from ..i18n import Domain, listed
from .readback_names import reference

_ = Domain(__name__)


def _identifier_columns() -> dict[str, set[int]]:
    """Per sheet, the columns of texts the formulas match on (SUMIFS by appendix, INDEX/MATCH
    by id): these must be as written, letter for letter."""
    from .workbook_lines import EQUIPMENT, LABOUR, MATERIALS
    from .workbook_prices import LAYOUT as PRICES
    from .workbook_summary import LAYOUT as SUMMARY

    keys = ((PRICES, ("id",)), (LABOUR, ("appendix", "rate_id")),
            (EQUIPMENT, ("appendix", "price_id")), (MATERIALS, ("appendix", "price_id")),
            (SUMMARY, ("appendix",)))
    return {layout.sheet: {layout.index(k) for k in columns} for layout, columns in keys}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_names(names: Any, expected: Any) -> None:
    from .readback_error import NotAnEstimate
    from .readback_names import READER_NAMES
    from .workbook_style import LANGUAGE_NAME

    for name, wanted in expected.defined_names.items():
        if (names.legacy and name in READER_NAMES) or name == LANGUAGE_NAME:
            continue  # a workbook from before these names: read by its layout; the language
            # was read first (a workbook without it is English)
        found = names.defined[name].text
        if reference(found) != reference(wanted.attr_text):
            raise NotAnEstimate(_.later("the name {name} refers to {found}, but Normbook "
                                        "writes it at {wanted}, where its formulas and compare "
                                        "expect it; point it back (Formulas > Name Manager), "
                                        "or write the estimate again", name=name, found=found,
                                        wanted=wanted.attr_text), where=names.source)


def _check_sheet(source: str, mine: Any, theirs: Any, identifiers: set[int] | None,
                 scale_columns: tuple[int, ...] = ()) -> None:
    """Every formula of ``theirs`` (Normbook's) in ``mine``; with ``identifiers`` (not on the
    Inputs sheet, whose constants are the inputs), every constant the formulas read too."""
    from .readback_error import NotAnEstimate

    for row in theirs.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            found = mine[cell.coordinate]
            where = _.later("{source}, sheet {sheet}, cell {cell}", source=source,
                            sheet=mine.title, cell=cell.coordinate)
            if cell.data_type == "f":
                if found.data_type != "f" or str(found.value) != str(cell.value):
                    raise NotAnEstimate(_.later(
                        "the formula was changed (or its row moved); compare reads only the "
                        "input cells (prices, counts, base salary, on-costs, working days), so "
                        "it needs the formulas as Normbook wrote them"), where=where)
                continue
            if identifiers is None or cell.row == 1:
                continue  # the header's labels: no formula reads them
            if _is_number(cell.value):
                same = _is_number(found.value) and float(found.value) == float(cell.value)
            elif cell.column in identifiers:
                same = found.data_type != "f" and found.value == cell.value
            else:  # a text no formula reads may change, but not into a figure a SUM takes
                same = found.data_type != "f" and not _is_number(found.value)
            if not same:
                from .workbook_inputs import sheet_name

                shown = found.value if found.data_type == "f" else repr(found.value)
                if cell.column in scale_columns:
                    raise NotAnEstimate(_.later(
                        "{shown} where Normbook writes {wanted} for these inputs; compare "
                        "reads only the input cells and recomputes the rest, so the norms' "
                        "quantities, the coefficients and the ids the formulas read must be as "
                        "Normbook writes them: undo the change, or write the estimate again "
                        "(if the general labour scale on {inputs} was changed: the daily "
                        "rates' ids and coefficients follow it, but no formula reads it; to "
                        "change the scale, set general_labour_scale in the prices workbook and "
                        "run the estimate again)", shown=shown, wanted=repr(cell.value),
                        inputs=sheet_name()), where=where)
                raise NotAnEstimate(_.later(
                    "{shown} where Normbook writes {wanted} for these inputs; compare "
                    "reads only the input cells and recomputes the rest, so the norms' "
                    "quantities, the coefficients and the ids the formulas read must be as "
                    "Normbook writes them: undo the change, or write the estimate again",
                    shown=shown, wanted=repr(cell.value)), where=where)


def check_workbook(names: Any, estimate: Any, lang: str = "en", *,
                   legacy_on_costs: bool = False, wage_parts: bool = True) -> None:
    """Refuse the workbook of ``names`` unless all but its inputs is what Normbook writes for
    ``estimate`` (the estimate of the inputs read from it) in ``lang``, the language the
    workbook records (its sheet names, status words and the formulas that use them);
    ``legacy_on_costs``: its daily rates divide OnCosts by 100 (written by 0.2.0).

    Raises:
        NotAnEstimate: the first name, formula or constant that differs, with its cell.
    """
    from .. import i18n

    with i18n.speaking(lang):
        _check_workbook(names, estimate, lang, legacy_on_costs, wage_parts)


def _check_workbook(names: Any, estimate: Any, lang: str, legacy_on_costs: bool,
                    wage_parts: bool = True) -> None:
    from .readback_error import NotAnEstimate
    from .workbook import build_estimate_workbook, sheet_names
    from .workbook_inputs import sheet_name
    from .workbook_prices import LAYOUT as PRICES

    book = names.book
    sheets = sheet_names()
    missing = [s for s in sheets if s not in book.sheetnames]
    if missing:
        raise NotAnEstimate(_.later("not an estimate workbook Normbook wrote (it lacks the "
                                    "sheets {sheets})", sheets=listed(missing)),
                            where=names.source)
    expected = build_estimate_workbook(estimate, lang=lang, legacy_on_costs=legacy_on_costs,
                                       wage_parts=wage_parts)
    _check_names(names, expected)
    identifiers = _identifier_columns()
    inputs = sheet_name()
    for sheet in sheets:
        _check_sheet(names.source, book[sheet], expected[sheet],
                     None if sheet == inputs else identifiers.get(sheet, set()),
                     (PRICES.index("id"), PRICES.index("coefficient"))
                     if sheet == PRICES.sheet else ())
