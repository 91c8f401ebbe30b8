"""The prices workbook: write a template to fill in, read it back with every cell checked.

Sheets (header in row 1 of each): ``Wages`` (parameter, value, note), ``Equipment`` (item,
unit, spec, used_in, price_per_shift, asset_value, depreciation_rate, shifts_per_year),
``Materials`` (item, unit, spec, used_in, unit_price), then ``Notes`` with instructions.
Each item the chosen appendices need has a row (see :mod:`normbook.estimate.items` for what
makes items the same); an item needed with several specs has a row without a spec, whose
price fills every spec, and rows per spec where a price may differ (:func:`template_rows`).
The reader keeps a spec-less row under the spec "" and :meth:`~normbook.estimate.Prices.
price_of` falls back to it. Every percentage follows one convention, said on each sheet that
has one (:func:`percent_convention`, read by :func:`_percent`). openpyxl is imported only
inside the functions.

The template is written in Vietnamese by default (its readers'), Chinese or English on
request: sheet names, headers, the wage parameters' names and the notes. Those are labels of
stable keys (the names above, which 0.2.0 wrote as the headers themselves): the reader maps
every label of every language, and the key itself, back to its key (:data:`LABELS`), so a
template filled in any language, or one 0.2.0 wrote, reads the same. Each sheet states how a
number typed as text is read (the Vietnamese way, :func:`parse_amount_text`, whatever the
template's language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import Domain, clauses, listed, rendered
from ..wage_parts import ALLOWANCE_KEYS, CONTRIBUTION_KEYS
from .items import CatalogueItem, ItemKey, fold, item_key, needed_items
from .model import (
    MAX_PRICE,
    EquipmentPrice,
    MaterialPrice,
    Prices,
    PricesError,
    WageParameters,
)
from .price_cells import (  # noqa: F401 (number_convention, parse_amount_text: public here)
    _cell_number,
    _is_formula,
    _percent,
    _Problems,
    _said,
    fold_label,
    keys_by_label,
    number_convention,
    parse_amount_text,
    percent_convention,
)

_ = Domain(__name__)

WAGES_COLUMNS = ("parameter", "value", "note")
EQUIPMENT_COLUMNS = ("item", "unit", "spec", "used_in", "price_per_shift", "asset_value",
                     "depreciation_rate", "shifts_per_year")
MATERIALS_COLUMNS = ("item", "unit", "spec", "used_in", "unit_price")
WAGE_PARAMETERS = ("working_days_per_month", "on_costs_percent", "base_salary",
                   "general_labour_scale", "working_days_basis", *ALLOWANCE_KEYS,
                   *CONTRIBUTION_KEYS)
#: The wage parameters in percent (read by the one convention of every input file).
PERCENT_PARAMETERS = ("on_costs_percent", *ALLOWANCE_KEYS, *CONTRIBUTION_KEYS)

_HEADER_HELP = {
    "price_per_shift": _.later("VND per shift (ca). Filled, it wins over the depreciation "
                               "columns."),
    "asset_value": _.later("Purchase value of the machine, VND (for the depreciation price)."),
    "depreciation_rate": _.later("Depreciation a year, as a percentage: 10% (or 0.1); 0% to "
                                 "100%."),
    "shifts_per_year": _.later("Shifts the machine runs in a year (divides the "
                               "depreciation); at least 1."),
    "unit_price": _.later("VND per unit of the unit column (electricity: per kWh)."),
    "used_in": _.later("The appendices that use the item."),
    "spec": _.later("Leave it empty to give every spec of the item this row's price; a row "
                    "with its own spec and a price wins for that spec."),
    "value": _.later("Fill or change the values in this column."),
}

#: The sheets by their keys (0.2.0's names, and today's English ones).
SHEETS = ("Wages", "Equipment", "Materials", "Cost lines", "Notes")
_SHEET_LABELS = {"Wages": _.later("Wages"), "Equipment": _.later("Equipment"),
                 "Cost lines": _.later("Cost lines"),
                 "Materials": _.later("Materials"), "Notes": _.later("Notes")}
#: Each header and wage parameter key's label for a reader. English keeps the keys (the
#: template 0.2.0 wrote): the English labels are the keys themselves.
_LABELS = {
    "parameter": _.later("parameter"), "value": _.later("value"), "note": _.later("note"),
    "item": _.later("item"), "unit": _.later("unit"), "spec": _.later("spec"),
    "used_in": _.later("used_in"), "price_per_shift": _.later("price_per_shift"),
    "asset_value": _.later("asset_value"), "depreciation_rate": _.later("depreciation_rate"),
    "shifts_per_year": _.later("shifts_per_year"), "unit_price": _.later("unit_price"),
    "working_days_per_month": _.later("working_days_per_month"),
    "on_costs_percent": _.later("on_costs_percent"), "base_salary": _.later("base_salary"),
    "general_labour_scale": _.later("general_labour_scale"),
    "working_days_basis": _.later("working_days_basis"),
    "allowances_in_base_percent": _.later("allowances_in_base_percent"),
    "allowances_other_percent": _.later("allowances_other_percent"),
    "social_insurance_percent": _.later("social_insurance_percent"),
    "accident_fund_percent": _.later("accident_fund_percent"),
    "health_insurance_percent": _.later("health_insurance_percent"),
    "unemployment_insurance_percent": _.later("unemployment_insurance_percent"),
    "union_fund_percent": _.later("union_fund_percent"),
}


def label(key: str) -> str:
    """A header's, a wage parameter's or a sheet's label in the language being written."""
    text = _LABELS.get(key) or _SHEET_LABELS.get(key)
    return str(text) if text is not None else key


#: Labels earlier templates wrote for what is now named otherwise: the on-costs, which held
#: every contribution before they had rows of their own (a template filled then still reads).
_EARLIER_LABELS = {"Các khoản đóng góp theo lương (%)": "on_costs_percent",
                   "工资附加费（%）": "on_costs_percent"}


def key_of(text: Any, sheet: bool = False) -> str | None:
    """The key a header, a wage parameter's name or (``sheet``) a sheet's name stands for, in
    any language Normbook writes (or wrote); None for a text that is none of them."""
    if not isinstance(text, str) or not text.strip():
        return None
    if not sheet:
        earlier = {fold_label(k): v for k, v in _EARLIER_LABELS.items()}
        if fold_label(text) in earlier:
            return earlier[fold_label(text)]
    return keys_by_label(_SHEET_LABELS if sheet else _LABELS).get(fold_label(text))


def resolve_appendices(values: Iterable[Any]) -> tuple[str, ...]:
    """Appendix ids from CLI-style values: "VI", "6", "VI,XXV" or "all"; order kept."""
    from ..errors import BadArgument
    from ..query import appendices, appendix_id

    out: list[str] = []
    for value in values:
        for part in (str(value).split(",") if isinstance(value, str) else [value]):
            if isinstance(part, str) and part.strip().lower() == "all":
                out += [a.id for a in appendices()]
            elif not (isinstance(part, str) and not part.strip()):
                out.append(appendix_id(part.strip() if isinstance(part, str) else part))
    if not out:
        raise BadArgument(_.later("give at least one appendix, e.g. --appendix VI (or "
                                  "--appendix all)"))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class PricesTemplate:
    """A built (unsaved) prices template and what it lists."""

    workbook: Any  # openpyxl Workbook
    appendices: tuple[str, ...]
    equipment: tuple[Any, ...]  # CatalogueItem
    materials: tuple[Any, ...]


def build_prices_template(appendices: Iterable[Any], *, year: Any = None,
                          lang: str | None = None) -> PricesTemplate:
    """The prices template for ``appendices`` (ids, numbers or "all") as an openpyxl workbook.

    ``year`` only fills the note on the base salary with the data's amount for that year.
    ``lang``: the template's language (sheets, headers, notes); by default its readers',
    Vietnamese, unless the user chose one.
    """
    from .. import i18n

    ids = resolve_appendices(appendices)
    with i18n.speaking(lang or i18n.document("vi")):
        return _build_template(ids, year)


def _build_template(ids: tuple[str, ...], year: Any) -> PricesTemplate:
    from openpyxl import Workbook

    equipment = needed_items(ids, "equipment")
    materials = needed_items(ids, "material")
    wb = Workbook()
    _wages_sheet(wb.active, year)
    ws = wb.create_sheet(label("Equipment"))
    rows = _items_sheet(ws, EQUIPMENT_COLUMNS, template_rows(equipment, ids))
    _validate(ws, "E", rows, "decimal", "greaterThanOrEqual", "0",
              _("Type a price in VND, 0 or more."))
    _validate(ws, "F", rows, "decimal", "greaterThanOrEqual", "0",
              _("Type a value in VND, 0 or more."))
    _validate(ws, "G", rows, "decimal", "between", "0",
              _("Type a rate from 0% to 100%."), formula2="1")
    _validate(ws, "H", rows, "decimal", "greaterThan", "0",
              _("Type a number of shifts, more than 0."))
    for row in range(2, rows + 2):
        ws[f"E{row}"].number_format = ws[f"F{row}"].number_format = "#,##0"
        ws[f"G{row}"].number_format = "0.00%"  # a fraction, shown as a percentage
    ws = wb.create_sheet(label("Materials"))
    rows = _items_sheet(ws, MATERIALS_COLUMNS, template_rows(materials, ids))
    _validate(ws, "E", rows, "decimal", "greaterThanOrEqual", "0",
              _("Type a price in VND, 0 or more."))
    for row in range(2, rows + 2):
        ws[f"E{row}"].number_format = "#,##0"
    from .cost_lines import write_sheet as cost_lines_sheet

    cost_lines_sheet(wb)
    _notes_sheet(wb.create_sheet(label("Notes")), ids, year, len(equipment), len(materials))
    wb.properties.title = _("Normbook prices for appendices {appendices}",
                            appendices=listed(ids))
    from ..xlsx_print import set_up_workbook

    set_up_workbook(wb)
    return PricesTemplate(wb, ids, equipment, materials)


def write_prices_template(output: Path | str, appendices: Iterable[Any], *, year: Any = None,
                          force: bool = False, lang: str | None = None) -> PricesTemplate:
    """Build the prices template and save it atomically to ``output`` (.xlsx).

    Raises:
        OutputExists: ``output`` exists and ``force`` is false.
        UnknownAppendix, BadArgument: for bad appendices or file name.
    """
    from .files import OutputExists

    output = Path(output)
    if output.exists() and not force:  # before building: fail fast
        raise OutputExists(output)
    template = build_prices_template(appendices, year=year, lang=lang)
    from ..xlsx_parts import save_workbook

    save_workbook(template.workbook, output, force=force)
    return template


def _header(ws: Any, columns: tuple[str, ...], widths: dict[str, int], *,
            percentages: bool = False) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, name in enumerate(columns, start=1):
        cell = ws.cell(1, i, label(name))
        cell.font = Font(bold=True)
        cell.fill = fill
        if name in _HEADER_HELP:
            cell.comment = Comment(str(_HEADER_HELP[name]), "Normbook")
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 16)
    # how a number typed as text is read, on the sheet itself (no reader takes this column)
    convention = ws.cell(1, len(columns) + 2, number_convention())
    convention.font = Font(italic=True)
    if percentages:  # and, under it, how a percentage is read
        ws.cell(2, len(columns) + 2, percent_convention()).font = Font(italic=True)
    ws.freeze_panes = "A2"


def _wages_sheet(ws: Any, year: Any) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..errors import NormError, alternatives
    from ..wages import (
        BASE_SALARY_RANGE,
        DEFAULT_GENERAL_SCALE,
        GENERAL_SCALES,
        ON_COSTS_MAX,
        WORKING_DAYS_RANGE,
        base_salary,
    )

    ws.title = label("Wages")
    _header(ws, WAGES_COLUMNS, {"parameter": 26, "value": 14, "note": 100}, percentages=True)
    if year is None:
        salary_note = _("empty: the base salary of the year from the data (month-weighted)")
    else:
        try:
            s = base_salary(year)
            salary_note = _("empty: from the data, {formula} for {year}", formula=s.formula(),
                            year=s.year) + (f"; {rendered(s.notes[0])}" if s.notes else "")
        except NormError as exc:  # a note, not a check: say what the data lacks
            salary_note = _("the data has no base salary for {year}: fill it ({problem})",
                            year=year, problem=exc)
    low, high = BASE_SALARY_RANGE
    rows = [
        ("working_days_per_month", 22,
         _("working days in a month, 1 to 31; daily rate = the month's labour cost (salary, "
           "allowances, contributions, other on-costs) ÷ these days")),
        ("on_costs_percent", 0,
         _("other on-costs on the salary, beyond the allowances and the employer's "
           "contributions below (do not include those twice), in percent from 0 to {most}: "
           "type 5 for 5 % (or 5%); a plain 0.05 is refused as ambiguous (0.05 % or 5 %?)",
           most=ON_COSTS_MAX)),
        ("base_salary", None,
         _("VND per month, written in full from {low:n} to {high:n} (e.g. 2340000); {note}",
           low=low, high=high, note=salary_note)),
        ("general_labour_scale", DEFAULT_GENERAL_SCALE,
         _("12-grade scale for 'Lao động phổ thông': {scales} (Decree 204/2004/NĐ-CP); "
           "{default} is Normbook's assumption, the circular names none",
           scales=alternatives(list(GENERAL_SCALES)), default=DEFAULT_GENERAL_SCALE)),
    ]
    rows += _wage_part_rows()
    for r, (name, value, note) in enumerate(rows, start=2):
        ws.cell(r, 1, label(name))
        ws.cell(r, 2, value)
        ws.cell(r, 3, note)
        if name in PERCENT_PARAMETERS[1:]:  # a fraction, shown as a percentage
            ws.cell(r, 2).number_format = "0.0#%"
    ws["B4"].number_format = "#,##0"
    days_low, days_high = WORKING_DAYS_RANGE
    for cell, low_, high_, what in (
            ("B2", days_low, days_high, _("Type working days a month, from 1 to 31.")),
            ("B3", 0, ON_COSTS_MAX, _("Type on-costs in percent, from 0 to 100 (23.5 for "
                                      "23.5 %).")),
            ("B4", low, high, _("Type the base salary in VND per month, from {low:n} to "
                                "{high:n}.", low=low, high=high))):
        dv = DataValidation(type="decimal", operator="between", formula1=str(low_),
                            formula2=str(high_), allow_blank=True, showErrorMessage=True,
                            errorTitle=_("Not plausible"), error=what)
        dv.add(cell)
        ws.add_data_validation(dv)


def _wage_part_rows() -> list[tuple[str, Any, str]]:
    """The Wages sheet's rows for the labour rate's parts: the basis of the working days,
    the allowances and each employer contribution (the confirmed legal rates filled in)."""
    from ..wage_parts import CONTRIBUTIONS, allowance_basis, working_days_basis

    def per_rank(key: str) -> str:
        return _("; for one rank only, add a row with the rank code after the name, e.g. "
                 "{example}", example=label(key) + " V.05.02.07")

    rows: list[tuple[str, Any, str]] = [
        ("working_days_basis", None,
         _("the basis of the working days a month, in your words (a regulation of the unit, "
           "a decision); the justification quotes it; empty: {default}",
           default=working_days_basis().render())),
        ("allowances_in_base_percent", 0,
         _("allowances that carry the contributions, in percent of the salary: {basis}",
           basis=allowance_basis().render()) + per_rank("allowances_in_base_percent")),
        ("allowances_other_percent", 0,
         _("other allowances, in percent of the salary (no contribution on them)")
         + per_rank("allowances_other_percent")),
    ]
    for c in CONTRIBUTIONS:
        rows.append((c.key, c.default / 100 if c.default else 0,
                     _("{what}, in percent of the salary and the allowances in the contribution "
                       "base: {basis}", what=c.label.render(),
                       basis=c.said(c.default).render())))
    return rows


@dataclass(frozen=True)
class TemplateRow:
    """One row of the template's Equipment or Materials sheet.

    ``specs`` is empty for an item's own row (its ``spec`` written); for a row without a
    spec, which prices every spec of the item, the specs it covers.
    """

    name: str
    unit: str
    spec: str
    used_in: tuple[str, ...]
    specs: tuple[str, ...] = ()


def template_rows(items: Iterable[CatalogueItem], appendices: tuple[str, ...]
                  ) -> tuple[TemplateRow, ...]:
    """The rows offered for ``items``: what the user types once, and where a spec may differ.

    An item needed with one spec has one row, its spec written. An item needed with several
    specs (same name and unit) gets a row without a spec first, used in every appendix of
    them: its price fills every spec. Under it, one row per spec, for a spec whose price
    differs: the norms' specs of a machine or a material are mostly its capacity, size or
    grade (a 12,000 or a 42,000 BTU air conditioner, a DN25 or a DN200 valve), so a separate
    price must stay possible, yet it is typed only where it differs (an empty spec row takes
    the row without a spec). Energy priced per kWh gets the row without a spec only: its
    specs are the supply (220 VAC, 380 VAC), which do not change a kWh's price, so the
    electricity of a VI + XXV template is one row, not four. A spec row may still be added
    by hand.
    """
    order = {a: n for n, a in enumerate(appendices)}
    groups: dict[tuple[str, str], list[CatalogueItem]] = {}
    for item in items:
        groups.setdefault((item.key.name, item.key.unit), []).append(item)
    rows: list[TemplateRow] = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            rows.append(TemplateRow(first.name, first.unit, first.spec, first.used_in))
            continue
        used = sorted({a for i in group for a in i.used_in}, key=lambda a: order.get(a, 0))
        specs = tuple(i.spec for i in group if i.key.spec)
        rows.append(TemplateRow(first.name, first.unit, "", tuple(used), specs))
        if first.key.unit != fold("kWh"):
            rows += [TemplateRow(i.name, i.unit, i.spec, i.used_in) for i in group
                     if i.key.spec]  # the spec "" is the row without a spec itself
    return tuple(rows)


def _items_sheet(ws: Any, columns: tuple[str, ...], rows: tuple[TemplateRow, ...]) -> int:
    """Write the item rows under the header; returns how many."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment

    _header(ws, columns, {"item": 44, "unit": 10, "spec": 36, "used_in": 14,
                          "price_per_shift": 16, "asset_value": 16, "depreciation_rate": 18,
                          "shifts_per_year": 16, "unit_price": 16},
            percentages="depreciation_rate" in columns)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate((row.name, row.unit, row.spec, ", ".join(row.used_in)),
                                  start=1):
            ws.cell(r, c, value).alignment = Alignment(wrap_text=c == 3, vertical="top")
        if row.specs:
            ws.cell(r, 3).comment = Comment(_(
                "No spec: this row's price goes to every spec of the item ({specs}), except a "
                "spec given its own row and price.",
                specs=clauses(" ".join(x.split()) for x in row.specs)), "Normbook")
    return len(rows)


def _validate(ws: Any, column: str, rows: int, kind: str, operator: str, formula1: str,
              what: str, *, formula2: str | None = None) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    dv = DataValidation(type=kind, operator=operator, formula1=formula1, formula2=formula2,
                        allow_blank=True, showErrorMessage=True, errorTitle=_("Not a price"),
                        error=what)
    dv.add(f"{column}2:{column}{rows + 1}")
    ws.add_data_validation(dv)


def _notes_sheet(ws: Any, ids: tuple[str, ...], year: Any, n_equipment: int,
                 n_materials: int) -> None:
    ws.column_dimensions["A"].width = 110

    appendices = listed(ids)
    said = {k: label(k) for k in ("Equipment", "Materials", "Wages", "used_in", "unit",
                                   "item", "spec", "price_per_shift", "asset_value",
                                   "depreciation_rate", "shifts_per_year", "unit_price",
                                   "base_salary", "on_costs_percent")}
    lines = [
        _("Prices for an estimate of appendices {appendices} of Circular 04/2022/TT-BKHCN, "
          "year {year}.", appendices=appendices, year=year) if year is not None else
        _("Prices for an estimate of appendices {appendices} of Circular 04/2022/TT-BKHCN.",
          appendices=appendices),
        _("{Equipment} lists {n_equipment} items, {Materials} {n_materials}: every item these "
          "appendices need, once, with the appendices that use it ({used_in}).",
          n_equipment=n_equipment, n_materials=n_materials, **said),
        _("Fill the prices in VND as numbers. Text is read the Vietnamese way: 1.500.000 is "
          "one and a half million, 1,5 is one and a half; 1.500 or 1,500 is refused as "
          "ambiguous."),
        _("{Equipment}: {price_per_shift}, or else {asset_value} × {depreciation_rate} ÷ "
          "{shifts_per_year}. {depreciation_rate} is a percentage a year (10% or 0.1).",
          **said),
        _("{Materials}: {unit_price} per unit of the {unit} column; electricity (Điện năng) "
          "per kWh.", **said),
        _("An item left without a price is listed as missing in the estimate and its amount "
          "left empty (never 0); `--strict` refuses to estimate instead."),
        _("Items are matched by {item}, {unit} and {spec}: do not edit {item} or {unit}. A "
          "row whose {spec} is empty prices every spec of its item; a row with its own {spec} "
          "and a price wins for that spec. Prices of items none of these appendices needs are "
          "ignored with a warning.", **said),
        _("{Wages}: leave {base_salary} empty to use the data's base salary of the year; "
          "filled, it is VND per month written in full (2340000, not 2340 or 2,34). "
          "{on_costs_percent} is in percent: 23.5 (or 23.5%, or 0.235 in a cell formatted as "
          "%); working days 1 to 31.", **said),
        _("Prices and asset values are at most {most:n} VND; {shifts_per_year} is at least 1.",
          most=MAX_PRICE, **said),
        number_convention(),
        percent_convention(),
        _("{Wages}: the labour rate's parts: allowances (those in the contribution base, and "
          "others), each employer contribution (the confirmed legal rates are filled in; the "
          "others are 0 until you include them with their basis) and the basis of the working "
          "days.", **said),
    ]
    from .cost_lines import instructions, sheet_label

    lines += [f"{sheet_label()}: {text}" for text in instructions()]
    for r, text in enumerate(lines, start=1):
        ws.cell(r, 1, text)


# ---- reading it back ----------------------------------------------------------------------

def _columns(ws: Any, wanted: tuple[str, ...], problems: _Problems) -> dict[str, int]:
    """Each header's key -> its column, the header written in any language (or as its key)."""
    found = {}
    for cell in ws[1]:
        key = key_of(cell.value)
        if key is not None:
            found.setdefault(key, cell.column)
    for name in wanted:
        if name not in found:
            problems.add(f"{ws.title}!1", _.later("no column {name} in the header row; write "
                                                  "a new template with `normbook "
                                                  "prices-template`", name=repr(label(name))))
    return found


def read_prices(path: Path | str) -> Prices:
    """Read and check a filled prices workbook.

    Every price cell is checked: a non-numeric or negative value, a rate over 100 %, half the
    depreciation columns, the same item twice: all problems are raised together, each with
    its sheet and cell ("Equipment!E5: '12,5 triệu' is not a number").

    Raises:
        PricesError: no such file, or the workbook has bad cells or is not a prices workbook.
    """
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():  # bad input (exit 2), not a failure to write
        from ..i18n import Text

        problem = (_.later("is a folder, not a file; give the filled prices workbook, or "
                           "write one with `normbook prices-template`") if path.is_dir()
                   else _.later("no such file; give the filled prices workbook, or write one "
                                "with `normbook prices-template`"))
        raise PricesError(str(path), (Text(problem),))
    from .. import xlsx_guard

    try:
        xlsx_guard.check(path, xlsx_guard.PRICES)
        with xlsx_guard.reading(path):
            values = load_workbook(path, data_only=True)
            formulas = load_workbook(path)
    except xlsx_guard.UnreadableWorkbook as exc:
        # the refusal keeps its problem apart from the file name, rendered where it is shown
        raise PricesError(path.name, (exc.problem,)) from None
    problems = _Problems()
    sheets: dict[str, str] = {}  # key -> the sheet's name, in whatever language it is
    for title in values.sheetnames:
        key = key_of(title, sheet=True)
        if key is not None:
            sheets.setdefault(key, title)
    missing_sheets = [s for s in ("Wages", "Equipment", "Materials") if s not in sheets]
    if missing_sheets:
        from ..i18n import Text

        raise PricesError(path.name, tuple(
            Text(_.later("no sheet {sheet}; write a new template with `normbook "
                         "prices-template`", sheet=repr(s)))
            for s in missing_sheets))
    warnings: list = []
    wages = _read_wages(values[sheets["Wages"]], formulas[sheets["Wages"]], problems, warnings)
    equipment = _read_items(values[sheets["Equipment"]], formulas[sheets["Equipment"]],
                            "equipment", EQUIPMENT_COLUMNS, problems)
    materials = _read_items(values[sheets["Materials"]], formulas[sheets["Materials"]],
                            "material", MATERIALS_COLUMNS, problems)
    cost_lines: tuple = ()
    if "Cost lines" in sheets:  # optional: a workbook without it has no cost lines
        from .cost_lines import read_sheet

        cost_lines = read_sheet(values[sheets["Cost lines"]], formulas[sheets["Cost lines"]],
                                problems)
    if problems.items:
        raise PricesError(path.name, tuple(problems.items))
    return Prices(wages, equipment, materials, source=path.name, warnings=tuple(warnings),
                  cost_lines=cost_lines)


def _read_wages(ws: Any, wf: Any, problems: _Problems,
                warnings: list | None = None) -> WageParameters:
    """The Wages sheet's parameters; ``warnings`` gets what is read but deserves a word."""
    warnings = [] if warnings is None else warnings
    from ..errors import NormError
    from ..wages import DEFAULT_GENERAL_SCALE, GENERAL_SCALES

    cols = _columns(ws, ("parameter", "value"), problems)
    if "parameter" not in cols or "value" not in cols:
        return WageParameters()
    given: dict[str, Any] = {}
    contributions: dict[str, Decimal] = {}
    parts: dict[str, dict[str, Decimal]] = {}  # rank -> its own allowances
    seen: set[str] = set()  # the parameters the sheet has rows for
    value_col = cols["value"]
    for row in range(2, ws.max_row + 1):
        written = ws.cell(row, cols["parameter"]).value
        if not isinstance(written, str) or not written.strip():
            continue
        name, rank = _parameter_and_rank(written)
        seen.add(name)
        cell = ws.cell(row, value_col)
        where = f"{ws.title}!{cell.coordinate}"
        if rank and name not in ALLOWANCE_KEYS:
            problems.add(f"{ws.title}!A{row}", _.later(
                "only the allowances may be given for one rank ({name} {rank}); write the "
                "parameter's name alone", name=label(name), rank=rank))
            continue
        if rank and not _known_rank(rank):
            from ..wages import GENERAL_LABOUR, wage_data

            problems.add(f"{ws.title}!A{row}", _.later(
                "no rank {rank} in the wage data; give a rank code ({codes}) or {general}",
                rank=repr(rank), codes=listed(sorted(wage_data().scale_of_code)),
                general=GENERAL_LABOUR))
            continue
        if name == "working_days_basis":
            if isinstance(cell.value, str) and cell.value.strip():
                given[name] = cell.value.strip()
            continue
        if name in ALLOWANCE_KEYS + CONTRIBUTION_KEYS:
            number = _percent(cell, _is_formula(wf, row, value_col), where, problems,
                              field=_LABELS.get(name, name))
            if number is None:
                continue
            if rank:
                parts.setdefault(rank, {})[name] = number
            elif name in CONTRIBUTION_KEYS:
                contributions[name] = number
            else:
                given[name] = number
            continue
        if name not in WAGE_PARAMETERS:
            problems.add(f"{ws.title}!A{row}", _.later(
                "unknown parameter {name}; the parameters are {known}", name=repr(name),
                known=listed(label(k) for k in WAGE_PARAMETERS)))
            continue
        formula = _is_formula(wf, row, value_col)
        if name == "general_labour_scale":
            scale = str(cell.value).strip().upper() if cell.value is not None else ""
            if scale in GENERAL_SCALES:
                given["general_scale"] = scale
            elif scale:
                from ..errors import alternatives

                problems.add(where, _.later("{value} is not a general labour scale; use "
                                            "{known} (or leave it empty: {default})",
                                            value=repr(cell.value),
                                            known=alternatives(list(GENERAL_SCALES)),
                                            default=DEFAULT_GENERAL_SCALE))
            continue
        if name == "on_costs_percent":
            from ..wages import ON_COSTS_MAX

            number = _percent(cell, formula, where, problems, field=_LABELS.get(name, name),
                              most=Decimal(ON_COSTS_MAX))
        else:
            number = _cell_number(cell, formula, where, problems)
        if number is None:
            continue
        try:  # a plausible value, or the problem named with its cell
            given[name] = _wage_checks()[name](number, name)
        except NormError as exc:
            problems.add(where, _.later("{problem} (or leave it empty: from the data)",
                                        problem=_said(exc)) if name == "base_salary"
                         else _said(exc))
    if parts:  # a rank's own allowances: the other kind as for every rank, unless given
        given["rank_allowances"] = {rank: (own.get(ALLOWANCE_KEYS[0]), own.get(ALLOWANCE_KEYS[1]))
                                    for rank, own in parts.items()}
    if seen and not seen & set(CONTRIBUTION_KEYS):  # a template from before their rows
        from ..i18n import Text

        warnings.append(Text(_.later(
            "{sheet}: no rows for the employer's contributions (a prices workbook written "
            "before they had rows of their own): labour is priced without them, with "
            "{on_costs} as given; write a new template with `normbook prices-template` to "
            "price each contribution", sheet=ws.title, on_costs=label("on_costs_percent"))))
    elif given.get("on_costs_percent") and any(contributions.values()):
        from ..i18n import Text

        warnings.append(Text(_.later(
            "{sheet}: {on_costs} is {value:n} % and the employer's contributions add "
            "{contributions:n} %: {on_costs} is for other on-costs; if it holds the "
            "contributions as well, they are counted twice", sheet=ws.title,
            on_costs=label("on_costs_percent"), value=given["on_costs_percent"],
            contributions=sum(contributions.values()))))
    try:
        return WageParameters(**given, contributions=contributions)
    except NormError as exc:
        problems.add(ws.title, _said(exc))
        return WageParameters()


def _known_rank(rank: str) -> bool:
    """A rank code of the wage data, or general labour."""
    from ..wages import GENERAL_LABOUR, wage_data

    return rank == GENERAL_LABOUR or rank in wage_data().scale_of_code


def _parameter_and_rank(written: str) -> tuple[str, str]:
    """A Wages row's parameter (a label in any language, or a key) and the rank it is for
    ("" for every rank): "allowances_in_base_percent V.05.02.07" -> (key, "V.05.02.07");
    general labour by its name, with or without accents, or "general"."""
    from ..wages import GENERAL_LABOUR, is_general_labour

    name = key_of(written)
    if name is not None:
        return name, ""
    words = written.split()
    for cut in range(len(words) - 1, 0, -1):  # the longest parameter name first
        key = key_of(" ".join(words[:cut]))
        if key is None:
            continue
        tail = " ".join(words[cut:])
        if re.fullmatch(r"V\.\d{2}\.\d{2}\.\d{2}", tail, re.IGNORECASE):
            return key, tail.upper()
        if is_general_labour(tail):
            return key, GENERAL_LABOUR
        return key, tail  # a rank the reader refuses by name
    return written.strip().lower(), ""


def _wage_checks() -> dict[str, Any]:
    from ..wages import checked_base_salary, checked_on_costs, checked_working_days

    return {"working_days_per_month": checked_working_days, "on_costs_percent": checked_on_costs,
            "base_salary": checked_base_salary}


def _read_items(ws: Any, wf: Any, component: str, columns: tuple[str, ...],
                problems: _Problems) -> dict[ItemKey, EquipmentPrice | MaterialPrice]:
    cols = _columns(ws, columns, problems)
    if any(c not in cols for c in columns):
        return {}
    priced_columns = columns[4:]
    out: dict[ItemKey, EquipmentPrice | MaterialPrice] = {}
    first_row: dict[ItemKey, int] = {}
    for row in range(2, ws.max_row + 1):
        name = ws.cell(row, cols["item"]).value
        reported = len(problems.items)  # a bad cell is not also reported as a missing one
        numbers = {}
        for col in priced_columns:
            cell = ws.cell(row, cols[col])
            formula, where = _is_formula(wf, row, cols[col]), f"{ws.title}!{cell.coordinate}"
            if col == "depreciation_rate":  # a fraction a year in the model
                per = _percent(cell, formula, where, problems, field=_LABELS.get(col, col))
                numbers[col] = None if per is None else per / 100
            else:
                numbers[col] = _cell_number(cell, formula, where, problems)
        if not isinstance(name, str) or not name.strip():
            if any(ws.cell(row, cols[c]).value not in (None, "") for c in priced_columns):
                problems.add(f"{ws.title}!A{row}", _.later("a price without an item name"))
            continue
        unit = ws.cell(row, cols["unit"]).value
        spec = ws.cell(row, cols["spec"]).value
        key = item_key(component, name, str(unit or ""), str(spec or ""))
        if key in first_row:
            problems.add(f"{ws.title}!A{row}", _.later("{item} is the same item as row {row}; "
                                                       "keep one row per item",
                                                       item=repr(name.strip()),
                                                       row=first_row[key]))
            continue
        first_row[key] = row
        where = f"{ws.title}!A{row}"
        if component == "material":
            out[key] = MaterialPrice(numbers["unit_price"], where)
            continue
        shifts = numbers["shifts_per_year"]
        if shifts is not None and shifts < 1:  # a price per shift above the asset's value
            cell = ws.cell(row, cols["shifts_per_year"])
            problems.add(f"{ws.title}!{cell.coordinate}", _.later(
                "{value}: {field} must be at least 1 (the shifts the machine runs in a year)",
                value=repr(cell.value), field=label("shifts_per_year")))
            numbers["shifts_per_year"] = None
        price = EquipmentPrice(numbers["price_per_shift"], numbers["asset_value"],
                               numbers["depreciation_rate"], numbers["shifts_per_year"], where)
        depreciation = [numbers[c] for c in ("asset_value", "depreciation_rate",
                                             "shifts_per_year")]
        if price.price_per_shift is None and any(d is not None for d in depreciation) and \
                price.basis == "missing" and len(problems.items) == reported:
            problems.add(where, _.later(
                "{item}: {asset_value}, {depreciation_rate} and {shifts_per_year} are needed "
                "together (or give {price_per_shift})", item=repr(name.strip()),
                **{k: label(k) for k in ("asset_value", "depreciation_rate", "shifts_per_year",
                                         "price_per_shift")}))
        out[key] = price
    return out
