"""Read an estimate workbook Normbook wrote back into what it was made of: the request
(appendices, lab classes, counts), the wage parameters and the prices, as the workbook's
input cells hold them now (a user may have edited them in Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import NormError


class NotAnEstimate(NormError, ValueError):
    """The file is not an estimate workbook Normbook wrote, or an input cell is unusable."""


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


PARAMETERS = {"Budget year": "year", "Base salary (VND per month)": "base_salary",
              "Working days per month": "working_days", "On-costs (% of the wage)": "on_costs",
              "General labour scale": "general_scale"}


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise NotAnEstimate(f"{where}: {value!r} is not a number; type a number in this input "
                            "cell")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _optional(value: Any, where: str) -> Decimal | None:
    return None if value in (None, "") else _number(value, where)


def read_estimate(path: Path | str) -> EstimateInputs:
    """The inputs of an estimate workbook (``estimate.xlsx`` as Normbook writes it).

    Raises:
        NotAnEstimate: not such a workbook, or an input cell holds text or an error (the
            message names the file, sheet and cell).
    """
    from .. import xlsx_guard
    from .items import item_key
    from .model import EquipmentPrice, MaterialPrice, Prices, WageParameters

    path = Path(path)
    name = path.name
    if not path.is_file():
        raise NotAnEstimate(f"{path}: no such file")
    book = xlsx_guard.load(path, xlsx_guard.PRICES)
    if not {"Inputs", "Prices", "Summary"} <= set(book.sheetnames):
        raise NotAnEstimate(f"{name}: not an estimate workbook Normbook wrote (it needs the "
                            "sheets Inputs, Prices and Summary)")
    ws = book["Inputs"]
    found: dict[str, Any] = {}
    rows = list(ws.iter_rows())
    for row in rows[1:]:
        label = row[0].value
        if label in PARAMETERS:
            found[PARAMETERS[label]] = (row[1].value, f"{name}, sheet Inputs, cell "
                                                      f"{row[1].coordinate}")
    missing = [k for k in PARAMETERS if PARAMETERS[k] not in found]
    if missing:
        raise NotAnEstimate(f"{name}: not an estimate workbook Normbook wrote (sheet Inputs "
                            f"lacks {', '.join(missing)})")
    year = int(_number(*found["year"]))
    wages = WageParameters(working_days_per_month=_number(*found["working_days"]),
                           on_costs_percent=_number(*found["on_costs"]),
                           base_salary=_number(*found["base_salary"]),
                           general_scale=str(found["general_scale"][0]))
    appendices, variants, counts = [], {}, {}
    section = None
    for row in rows:
        values = [c.value for c in row[:6]]
        if values[:4] == ["Appendix", "Kind", "Standard", "Lab class"]:
            section = "appendices"
            continue
        if values[:2] == ["Appendix", "Work"] and values[4] == "Count":
            section = "counts"
            continue
        if not values[0] or not isinstance(values[0], str):
            section = None if values[0] is None else section
            continue
        if section == "appendices":
            appendices.append(values[0])
            if values[3]:
                variants[values[0]] = values[3]
        elif section == "counts":
            cell = row[4]
            if cell.data_type == "f":
                continue  # a block that follows its works' counts
            where = f"{name}, sheet Inputs, cell {cell.coordinate}"
            count = _number(cell.value, where)
            if count != int(count) or count < 0:
                raise NotAnEstimate(f"{where}: {cell.value!r} is not a count (0, 1, 2 ...)")
            counts[(values[0], "" if values[1] is None else str(values[1]))] = int(count)
    if not appendices:
        raise NotAnEstimate(f"{name}: sheet Inputs lists no appendix")
    wp = book["Prices"]
    header = [c.value for c in wp[1]]
    col = {h: i for i, h in enumerate(header)}
    need = ("component", "item / rank", "unit", "spec / scale and grade", "price_per_shift",
            "asset_value", "depreciation_rate", "shifts_per_year", "unit_price")
    if any(h not in col for h in need):
        raise NotAnEstimate(f"{name}: sheet Prices is not as Normbook wrote it (columns "
                            f"{', '.join(h for h in need if h not in col)} missing)")
    equipment, materials = {}, {}
    for row in wp.iter_rows(min_row=2):
        component = row[col["component"]].value
        if component not in ("equipment", "material"):
            continue
        key = item_key(component, str(row[col["item / rank"]].value or ""),
                       str(row[col["unit"]].value or ""),
                       str(row[col["spec / scale and grade"]].value or ""))

        def get(column: str, row=row) -> Decimal | None:
            cell = row[col[column]]
            return _optional(cell.value, f"{name}, sheet Prices, cell {cell.coordinate}")

        if component == "equipment":
            equipment[key] = EquipmentPrice(get("price_per_shift"), get("asset_value"),
                                            get("depreciation_rate"), get("shifts_per_year"),
                                            where=f"{name}, Prices")
        else:
            materials[key] = MaterialPrice(get("unit_price"), where=f"{name}, Prices")
    inputs = EstimateInputs(name, year, tuple(appendices), variants, counts, wages,
                            Prices(wages, equipment, materials, source=name))
    _check_structure(book, inputs)
    return inputs


def _check_structure(book: Any, inputs: EstimateInputs) -> None:
    """Refuse a workbook whose formulas were edited: every formula must be the one Normbook
    writes for these inputs (only input cells may change), else the recomputed figures would
    not be the workbook's."""
    from ..errors import NormError as _NormError
    from .compute import estimate
    from .model import EstimateRequest
    from .workbook import SHEETS, build_estimate_workbook

    try:
        result = estimate(EstimateRequest(inputs.appendices, inputs.year, inputs.variants,
                                          inputs.counts), inputs.prices)
    except _NormError as exc:
        raise NotAnEstimate(f"{inputs.source}: its inputs cannot be estimated again: {exc}") \
            from None
    expected = build_estimate_workbook(result)
    for sheet in SHEETS:
        mine, theirs = book[sheet], expected[sheet]
        for row in theirs.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                found = mine[cell.coordinate]
                if found.data_type != "f" or str(found.value) != str(cell.value):
                    raise NotAnEstimate(
                        f"{inputs.source}, sheet {sheet}, cell {cell.coordinate}: the formula "
                        "was changed (or its row moved); compare reads only the input cells "
                        "(prices, counts, base salary, on-costs, working days), so it needs "
                        "the formulas as Normbook wrote them")
