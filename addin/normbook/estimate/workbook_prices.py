"""The estimate workbook's Prices sheet: one row per daily rate, machine and material used.

Every row has an id the line sheets look up (INDEX/MATCH on the names PriceId and PriceVND)
and a ``price`` column that is always a formula: the daily rate from the coefficient and the
Inputs cells (the same expression, in the same order, as :func:`normbook.wages.daily_rate`),
an equipment price per shift or its depreciation (as :class:`~normbook.estimate.EquipmentPrice`
takes them), a material's unit price. A missing price is an empty, orange input cell with a
comment, and its price formula gives "" (never 0), which the line sheets carry on.

OnCosts (Inputs) holds a fraction in a cell formatted as a percentage (0.235, shown as 23.5 %),
the convention of every input file, so the daily rate reads it as it is: ``(1+OnCosts)``. The
workbooks of 0.2.0 held percent units (23.5) in a plain cell and wrote ``(1+OnCosts/100)``; a
reader rebuilding one to check it asks for that formula (``legacy_on_costs``).
"""

from __future__ import annotations

from typing import Any

from ..i18n import Domain, rendered
from ..wages import SalaryGrade
from .items import ItemKey
from .model import CostLine, EquipmentPrice, Estimate, MaterialPrice
from .workbook_style import (
    ALLOWANCES_IN_BASE,
    ALLOWANCES_OTHER,
    BASE_SALARY,
    COEFFICIENT,
    CONTRIBUTIONS,
    INPUT_FILL,
    MISSING_FILL,
    ON_COSTS,
    ON_COSTS_FORMAT,
    PRICE_ID,
    PRICE_VND,
    RATE,
    VND,
    WORKING_DAYS,
    Column,
    Formula,
    Layout,
    comment,
    define_name,
    fill,
    landscape,
    mark_when,
)

_ = Domain(__name__)

SHEET = "Prices"  # in an English workbook; LAYOUT.sheet in the language being written

_ID = Column("id", _.later("id"), 10,
             help=_.later("What the Labour, Equipment and Materials sheets look up."))
_LEADING = (
    _ID,
    Column("component", _.later("component"), 11),
    Column("item", _.later("item / rank"), 40),
    Column("unit", _.later("unit"), 8),
    Column("spec", _.later("spec / scale and grade"), 28),
    Column("used_in", _.later("used in"), 12),
    Column("coefficient", _.later("coefficient"), 11, COEFFICIENT,
           _.later("Salary coefficient of the grade (Decree 204/2004/NĐ-CP).")),
)
#: A daily rate's build-up (labour rows only): the monthly salary, the allowances of the rank,
#: the employer's contributions and the monthly cost the daily rate divides.
_BUILD_UP = (
    Column("monthly_salary", _.later("salary (VND/month)"), 14, VND,
           _.later("Coefficient × BaseSalary.")),
    Column("allowances_in_base", _.later("allowances in the contribution base"), 13,
           ON_COSTS_FORMAT,
           _.later("Percentage of the salary; AllowancesInBase on Inputs unless the rank has its "
                   "own (typed here).")),
    Column("allowances_other", _.later("other allowances"), 11, ON_COSTS_FORMAT,
           _.later("Percentage of the salary; AllowancesOther on Inputs unless the rank has its "
                   "own (typed here).")),
    Column("contributions", _.later("employer contributions (VND/month)"), 14, VND,
           _.later("(Salary + allowances in the contribution base) × Contributions (Inputs).")),
    Column("monthly_cost", _.later("labour cost (VND/month)"), 15, VND,
           _.later("Salary + allowances + contributions + other on-costs (OnCosts × salary).")),
)
_TRAILING = (
    Column("price_per_shift", _.later("price_per_shift"), 15, VND,
           _.later("VND per shift (ca). Filled, it wins over the depreciation columns.")),
    Column("asset_value", _.later("asset_value"), 15, VND,
           _.later("Purchase value of the machine, VND.")),
    Column("depreciation_rate", _.later("depreciation_rate"), 12, RATE,
           _.later("Depreciation a year.")),
    Column("shifts_per_year", _.later("shifts_per_year"), 11, "#,##0.##",
           _.later("Shifts the machine runs in a year.")),
    Column("unit_price", _.later("unit_price"), 15, VND,
           _.later("VND per unit (electricity: per kWh).")),
    Column("price", _.later("price (VND)"), 15, VND,
           _.later("A formula: the daily rate per công, the price per shift, or the unit "
                   "price. Empty when no price is given: the lines that need it show no "
                   "amount.")),
    Column("basis", _.later("basis"), 22),
    Column("source", _.later("source"), 60),
)
LAYOUT = Layout(_.later("Prices"), (*_LEADING, *_BUILD_UP, *_TRAILING))
#: The sheet as written before the labour rate had parts (0.2.0): read back by this layout.
LEGACY_LAYOUT = Layout(_.later("Prices"), (*_LEADING, *_TRAILING))


def layout(wage_parts: bool = True) -> Layout:
    """The Prices sheet's layout: with the daily rates' build-up, or as 0.2.0 wrote it."""
    return LAYOUT if wage_parts else LEGACY_LAYOUT


def component_label(component: str) -> str:
    """A row's component as the Prices sheet writes it (a conditional format matches the
    labour rows' word, written by this same function)."""
    labels = {"labour": _("labour"), "equipment": _("equipment"), "material": _("material")}
    return labels[component]


def grade_id(grade: SalaryGrade) -> str:
    """A daily rate's id: "A1 2/9"."""
    return grade.id


def _used_in(appendices: list[str]) -> str:
    return ", ".join(dict.fromkeys(appendices))


def _labour_rows(estimate: Estimate) -> list[tuple[SalaryGrade, list[str], list[str], Any]]:
    """Each grade paid, once: (grade, appendices, rank names as the circular writes them, the
    daily rate). The circular pays each scale's grades to one rank, so a grade has one rate."""
    seen: dict[tuple[str, int], tuple[SalaryGrade, list[str], list[str], Any]] = {}
    for part in estimate.appendices:
        for line in part.labour:
            g = line.rate.grade
            entry = seen.setdefault((g.scale, g.grade), (g, [], [], line.rate))
            if entry[3].value != line.rate.value:  # two ranks of one scale, own allowances
                # cannot happen from a user's files: the shipped wage data pays each scale to
                # one rank, and additions bring base salaries only; an invariant, in English
                raise ValueError(f"grade {grade_id(g)} has two daily rates")
            entry[1].append(part.appendix)
            entry[2].append(line.rank)
    return sorted(seen.values(), key=lambda e: (e[0].scale, e[0].grade))


def _item_rows(estimate: Estimate, component: str) -> list[tuple[CostLine, list[str]]]:
    """Each item priced, once, as its first line writes it, with the appendices using it."""
    seen: dict[ItemKey, tuple[CostLine, list[str]]] = {}
    for part in estimate.appendices:
        for line in (part.equipment if component == "equipment" else part.materials):
            seen.setdefault(line.key, (line, []))[1].append(part.appendix)
    return list(seen.values())


def _basis_label(basis: str) -> str:
    """How an item is priced, as the model's codes say it (English: the codes themselves)."""
    labels = {"price_per_shift": _("price_per_shift"), "depreciation": _("depreciation"),
              "unit_price": _("unit_price"), "missing": _("missing")}
    return labels.get(basis, basis)


def _source(line: CostLine, prices_source: str) -> str:
    if line.price_row is None:
        return _("no price given")
    where = rendered(line.price_row.where)  # a cell or a row, in the workbook's language
    return f"{rendered(prices_source)}, {where}" if prices_source else where


def write_prices(ws: Any, wb: Any, estimate: Estimate, prices_source: str, *,
                 legacy_on_costs: bool = False, wage_parts: bool = True) -> dict[ItemKey, str]:
    """Fill the Prices sheet and name its id and price columns; returns the items' ids.

    A daily rate's id is :func:`grade_id` of its grade. ``legacy_on_costs``: the daily rates
    divide OnCosts by 100, as 0.2.0 wrote them (OnCosts in percent units). ``wage_parts``
    False: the sheet as 0.2.0 wrote it, one formula per daily rate without its build-up.
    """
    lay = layout(wage_parts)
    ws.title = lay.sheet
    lay.write_header(ws)
    landscape(ws)
    row = 1
    for grade, appendices, ranks, rate in _labour_rows(estimate):
        row += 1
        values = {
            "id": grade_id(grade), "component": component_label("labour"),
            "item": "; ".join(dict.fromkeys(ranks)), "unit": "công",
            "spec": _("scale {scale}, grade {grade}", scale=grade.scale, grade=grade.label),
            "used_in": _used_in(appendices), "coefficient": grade.coefficient,
            "source": grade.source}
        if wage_parts:
            values.update(_build_up(row, rate, estimate))
        else:
            on_costs = f"{ON_COSTS}/100" if legacy_on_costs else ON_COSTS
            values["price"] = Formula(f"={lay.cell('coefficient', row)}*{BASE_SALARY}/"
                                      f"{WORKING_DAYS}*(1+{on_costs})", rate.value)
            values["basis"] = _(
                "daily rate = coefficient × {salary} ÷ {days} × (1 + {costs}), {costs} a "
                "percentage", salary=BASE_SALARY, days=WORKING_DAYS, costs=ON_COSTS) \
                if not legacy_on_costs else _(
                "daily rate = coefficient × {salary} ÷ {days} × (1 + {costs} ÷ 100)",
                salary=BASE_SALARY, days=WORKING_DAYS, costs=ON_COSTS)
        lay.write_row(ws, row, values)
        if wage_parts:
            for key in ("allowances_in_base", "allowances_other"):
                fill(ws, lay.cell(key, row), INPUT_FILL)
    items: dict[ItemKey, str] = {}
    for component, prefix in (("equipment", "E"), ("material", "M")):
        for n, (line, appendices) in enumerate(_item_rows(estimate, component), 1):
            row += 1
            pid = f"{prefix}{n:03d}"
            items[line.key] = pid
            values = {"id": pid, "component": component_label(component), "item": line.item,
                      "unit": line.unit, "spec": line.spec, "used_in": _used_in(appendices),
                      "basis": _basis_label(line.price_basis),
                      "source": _source(line, prices_source)}
            values.update(_price_cells(line.price_row))
            lay.write_row(ws, row, values)
            _mark_inputs(ws, lay, component, row, line.price)
    last = max(row, 2)
    price = lay.letter("price")
    labour = component_label("labour")
    mark_when(ws, f"{price}2:{price}{last}", f'AND($B2<>"{labour}",${price}2="")')
    define_name(wb, PRICE_ID, lay.sheet, f"$A$2:$A${last}")
    define_name(wb, PRICE_VND, lay.sheet, f"${price}$2:${price}${last}")
    return items


def _build_up(row: int, rate: Any, estimate: Estimate) -> dict[str, Any]:
    """A daily rate's cells: salary, the rank's allowances (the Inputs' names, or the rank's
    own figures as constants), contributions, monthly cost, and the rate from them."""
    c = LAYOUT.cell
    wages = estimate.wages
    salary = rate.monthly_salary
    ranks = _rank_keys(estimate, rate.grade)
    own_in, own_other = (any(wages.own_allowances(r, rate.grade.id)[i] is not None
                             for r in ranks) for i in (0, 1))
    in_base = rate.allowances_in_base_percent / 100
    other = rate.allowances_other_percent / 100
    contributions = rate.contributions
    return {
        "monthly_salary": Formula(f"={c('coefficient', row)}*{BASE_SALARY}", salary),
        "allowances_in_base": in_base if own_in else Formula(f"={ALLOWANCES_IN_BASE}", in_base),
        "allowances_other": other if own_other else Formula(f"={ALLOWANCES_OTHER}", other),
        "contributions": Formula(f"={c('monthly_salary', row)}*(1+{c('allowances_in_base', row)})"
                                 f"*{CONTRIBUTIONS}", contributions),
        "monthly_cost": Formula(f"={c('monthly_salary', row)}*(1+{c('allowances_in_base', row)}"
                                f"+{c('allowances_other', row)}+{ON_COSTS})"
                                f"+{c('contributions', row)}", rate.monthly_cost),
        "price": Formula(f"={c('monthly_cost', row)}/{WORKING_DAYS}", rate.value),
        "basis": _("daily rate = labour cost a month ÷ {days}; labour cost = salary × (1 + "
                   "allowances + {costs}) + contributions", days=WORKING_DAYS, costs=ON_COSTS)}


def _rank_keys(estimate: Estimate, grade: SalaryGrade) -> set[str]:
    """The ranks (code, or the rank for general labour) paid at ``grade``."""
    return {x.rank_code or x.rank for part in estimate.appendices for x in part.labour
            if (x.rate.grade.scale, x.rate.grade.grade) == (grade.scale, grade.grade)}


def _price_cells(price: EquipmentPrice | MaterialPrice | None) -> dict[str, Any]:
    """The input cells of one item row as the prices workbook gave them (None: empty)."""
    if isinstance(price, EquipmentPrice):
        return {"price_per_shift": price.price_per_shift, "asset_value": price.asset_value,
                "depreciation_rate": price.depreciation_rate,
                "shifts_per_year": price.shifts_per_year}
    if isinstance(price, MaterialPrice):
        return {"unit_price": price.unit_price}
    return {}


def _mark_inputs(ws: Any, lay: Layout, component: str, row: int, price: Any) -> None:
    """The price formula (``price``: its value, None when missing); pale yellow input cells,
    orange with a comment where the price is missing."""
    missing = price is None
    c = lay.cell
    if component == "equipment":
        inputs = ("price_per_shift", "asset_value", "depreciation_rate", "shifts_per_year")
        formula = (f"=IF({c('price_per_shift', row)}<>\"\",{c('price_per_shift', row)},"
                   f"IF(COUNT({c('asset_value', row)}:{c('shifts_per_year', row)})=3,"
                   f"{c('asset_value', row)}*{c('depreciation_rate', row)}/"
                   f"{c('shifts_per_year', row)},\"\"))")
        hint = _("price missing: type the VND per shift here, or the asset value, "
                 "depreciation rate and shifts per year")
    else:
        inputs = ("unit_price",)
        formula = f"=IF({c('unit_price', row)}=\"\",\"\",{c('unit_price', row)})"
        hint = _("price missing: type the VND per unit here")
    lay.write_row(ws, row, {"price": Formula(formula, "" if missing else price)})
    for key in inputs:
        fill(ws, c(key, row), INPUT_FILL)
    if missing:  # the empty price formula is marked by a conditional format (write_prices)
        fill(ws, c(inputs[0], row), MISSING_FILL)
        comment(ws, c(inputs[0], row), hint)
