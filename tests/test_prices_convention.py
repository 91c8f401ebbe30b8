"""Prices a user types once: one percentage convention, and a price without a spec for every
spec of its item."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from normbook.estimate import EstimateRequest, PricesError, estimate, read_prices
from normbook.estimate import write_prices_template as _write_template
from normbook.estimate.items import item_key
from normbook.estimate.prices import percent_convention

POWER = "Điện năng (nhiên liệu)"
AIR = ("equipment", "Điều hòa nhiệt độ", "Ca", "12000 BTU")  # III's first machine


def write_prices_template(out, appendices, **kw):
    """The template in English (its keys as headers) unless a test asks for a language."""
    return _write_template(out, appendices, **{"lang": "en", **kw})


def _set(path: Path, cells: dict[str, object], number_format: str | None = None) -> None:
    """Set cells given as {"Equipment!E2": value}; ``number_format`` for each of them."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
        if number_format is not None:
            wb[sheet][cell].number_format = number_format
    wb.save(path)


def _problems(path: Path) -> tuple[str, ...]:
    with pytest.raises(PricesError) as info:
        read_prices(path)
    return info.value.problems


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)
            if r[0] is not None]


# ---- one percentage convention ------------------------------------------------------------------

@pytest.fixture()
def iii(tmp_path: Path) -> Path:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    return out


def test_on_costs_the_same_in_a_percentage_cell_and_a_plain_one(iii: Path) -> None:
    _set(iii, {"Wages!B3": 0.235}, "0.0%")  # shown as 23.5 %
    formatted = read_prices(iii).wages.on_costs_percent
    _set(iii, {"Wages!B3": 23.5}, "General")
    assert formatted == read_prices(iii).wages.on_costs_percent == Decimal("23.5")


def test_depreciation_the_same_in_a_percentage_cell_and_a_plain_one(iii: Path) -> None:
    # today's template formats the rate column as % (0.1 shows as 10 %); a plain cell, as
    # in a sheet the user made, holds percent units (10): the same rate
    cells = {"Equipment!F2": 120_000_000, "Equipment!H2": 1000}
    _set(iii, {**cells, "Equipment!G2": 0.1}, "0.00%")
    formatted = read_prices(iii).price_of(item_key(*AIR))
    _set(iii, {"Equipment!G2": 10}, "General")
    plain = read_prices(iii).price_of(item_key(*AIR))
    assert formatted.depreciation_rate == plain.depreciation_rate == Decimal("0.1")
    assert formatted.per_shift == plain.per_shift == Decimal(12_000)
    _set(iii, {"Equipment!G2": "10%"}, "General")  # text with its sign, whatever the format
    assert read_prices(iii).price_of(item_key(*AIR)).per_shift == Decimal(12_000)
    _set(iii, {"Equipment!G2": "12,5"}, "General")  # text: the Vietnamese way, percent units
    assert read_prices(iii).price_of(item_key(*AIR)).depreciation_rate == Decimal("0.125")


def _machine(ref: str) -> dict[str, object]:
    """The rest of a depreciation price, when ``ref`` is its rate."""
    return {"Equipment!F2": 1_000_000, "Equipment!H2": 100} if ref.startswith("Eq") else {}


@pytest.mark.parametrize(("ref", "value"), [("Wages!B3", 0.235), ("Equipment!G2", 0.1),
                                            ("Equipment!G2", "0,1")])
def test_a_fraction_in_a_plain_cell_is_refused_naming_the_cell(iii: Path, ref: str,
                                                               value: object) -> None:
    # plain cells hold percent units, so 0.235 would be 0.235 %: a hundred times less than
    # the 23.5 % it is as often meant for, and no plausible rate; refused, never guessed
    _set(iii, {ref: value, **_machine(ref)}, "General")
    problems = _problems(iii)
    assert len(problems) == 1 and problems[0].startswith(f"{ref}: ")
    assert re.search(r"ambiguous.*format the cell as %", problems[0]), problems[0]


@pytest.mark.parametrize(("ref", "value", "fmt", "words"), [
    ("Wages!B3", 23.5, "0.0%", r"2350 %.*at most 100 %"),  # 23.5 in a % cell: 2350 %
    ("Equipment!G2", 10, "0.00%", r"1000 %.*at most 100 %.*type 10% into this cell"),
    ("Equipment!G2", 150, "General", r"more than 100 %"),
    ("Equipment!G2", "150%", "General", r"more than 100 %"),
    ("Equipment!G2", -0.1, "0.00%", r"negative"),
    ("Equipment!G2", "1.500", "General", r"ambiguous"),  # text: the existing thousandfold rule
])
def test_a_rate_plausible_under_neither_reading_is_refused(iii: Path, ref: str, value: object,
                                                           fmt: str, words: str) -> None:
    _set(iii, {ref: value}, fmt)
    _set(iii, _machine(ref))
    problems = _problems(iii)
    assert len(problems) == 1 and problems[0].startswith(f"{ref}: ")
    assert re.search(words, problems[0]), problems[0]


def test_zero_and_one_are_clear_in_a_plain_cell(iii: Path) -> None:
    _set(iii, {"Wages!B3": 1, "Equipment!F2": 1_000_000, "Equipment!G2": 1,
               "Equipment!H2": 100, "Equipment!F3": 1_000_000, "Equipment!G3": 0,
               "Equipment!H3": 100}, "General")
    prices = read_prices(iii)
    assert prices.wages.on_costs_percent == 1
    assert prices.price_of(item_key(*AIR)).depreciation_rate == Decimal("0.01")


@pytest.mark.parametrize("lang", ["vi", "zh", "en"])
def test_every_sheet_with_percentages_says_the_convention(tmp_path: Path, lang: str) -> None:
    from normbook import i18n

    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI"], lang=lang)
    with i18n.speaking(lang):
        said = percent_convention()
    wb = openpyxl.load_workbook(out)
    texts = {ws.title: {c.value for row in ws.iter_rows() for c in row} for ws in wb}
    wages, equipment, materials, cost_lines, notes = wb.sheetnames
    assert said in texts[wages] and said in texts[equipment] and said in texts[notes]
    assert said in texts[cost_lines]
    assert said not in texts[materials]  # no percentage there
    if lang != "en":
        assert "Percentages" not in said and "fraction" not in said
    # a template filled in its own language reads the same
    _set(out, {f"{wages}!B3": 0.235}, "0.0%")
    assert read_prices(out).wages.on_costs_percent == Decimal("23.5")


# ---- a price without a spec ---------------------------------------------------------------------

def _prices_file(path: Path, materials: list[tuple[str, str, str, object]]) -> Path:
    """A prices workbook written by hand: empty Wages and Equipment, these Materials rows."""
    wb = openpyxl.Workbook()
    wb.active.title = "Wages"
    wb.active.append(["parameter", "value", "note"])
    wb.create_sheet("Equipment").append(["item", "unit", "spec", "used_in", "price_per_shift",
                                         "asset_value", "depreciation_rate", "shifts_per_year"])
    ws = wb.create_sheet("Materials")
    ws.append(["item", "unit", "spec", "used_in", "unit_price"])
    for row in materials:
        ws.append([row[0], row[1], row[2], None, row[3]])
    wb.save(path)
    return path


def _power_lines(est) -> list:
    return [x for part in est.appendices for x in part.materials if x.item == POWER]


def test_one_price_without_a_spec_fills_every_spec(tmp_path: Path) -> None:
    path = _prices_file(tmp_path / "p.xlsx", [(POWER, "kWh", None, 3000)])
    est = estimate(EstimateRequest(["VI", "XXV"], 2026, {"XXV": "PTN1"}), read_prices(path))
    lines = _power_lines(est)
    assert len({x.spec for x in lines}) == 4  # '220/380 VAC-50 HZ', ... and XXV's empty one
    assert all(x.price == 3000 and x.price_row.where == "Materials!A2" for x in lines)
    assert not [m for m in est.missing_prices if m.item == POWER]
    assert est.warnings == ()


def test_a_specs_own_row_wins_and_an_empty_one_takes_the_row_without_a_spec(
        tmp_path: Path) -> None:
    path = _prices_file(tmp_path / "p.xlsx", [
        (POWER, "kW", "220/380 VAC-50 HZ", 4000),  # VI's own price (kW: the circular's unit)
        (POWER, "kWh", "220VAC-50HZ", None),  # XXV's row, left empty
        (POWER, "kWh", "", 3000)])
    est = estimate(EstimateRequest(["VI", "XXV"], 2026, {"XXV": "PTN1"}), read_prices(path))
    by_spec = {x.spec: (x.price, x.price_row.where) for x in _power_lines(est)}
    assert by_spec == {"220/380 VAC-50 HZ": (4000, "Materials!A2"),
                       "220 VAC-50 HZ; 15 kw": (3000, "Materials!A4"),
                       "220VAC-50HZ": (3000, "Materials!A4"), "": (3000, "Materials!A4")}


def test_a_template_filled_once_per_item_prices_every_line(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI", "XXV"], year=2026)
    wb = openpyxl.load_workbook(out)
    typed = 0
    for sheet, column in (("Equipment", "E"), ("Materials", "E")):
        seen = set()
        for row in range(2, wb[sheet].max_row + 1):
            name = wb[sheet][f"A{row}"].value
            if name and name.casefold() not in seen:  # the first row of each item only
                seen.add(name.casefold())
                wb[sheet][f"{column}{row}"] = 1000 + row
                typed += 1
    wb.save(out)
    est = estimate(EstimateRequest(["VI", "XXV"], 2026, {"XXV": "PTN1"}), read_prices(out))
    assert est.missing_prices == () and est.warnings == ()  # (complete: the gaps too)
    lines = [x for part in est.appendices for x in (*part.equipment, *part.materials)]
    assert all(x.price is not None for x in lines) and len({x.key for x in lines}) > typed


def test_no_warning_for_items_the_estimate_uses(tmp_path: Path) -> None:
    vi = tmp_path / "vi.xlsx"
    write_prices_template(vi, ["VI"])
    both = tmp_path / "both.xlsx"
    write_prices_template(both, ["VI", "XXV"])
    for path in (vi, both):  # every row of both sheets priced
        wb = openpyxl.load_workbook(path)
        for sheet in ("Equipment", "Materials"):
            for row in range(2, wb[sheet].max_row + 1):
                if wb[sheet][f"A{row}"].value:
                    wb[sheet][f"E{row}"] = 1000
        wb.save(path)
    assert estimate(EstimateRequest(["VI"], 2026), read_prices(vi)).warnings == ()
    # the VI + XXV template reused for VI: silent about XXV's specs of items VI uses (air
    # conditioner, electricity); a warning for each item VI does not use at all, and only those
    warned = estimate(EstimateRequest(["VI"], 2026), read_prices(both)).warnings
    xxv_only = {r["item"].casefold() for s in ("Equipment", "Materials")
                for r in _rows(openpyxl.load_workbook(both)[s]) if r["used_in"] == "XXV"}
    vi_items = {r["item"].casefold() for s in ("Equipment", "Materials")
                for r in _rows(openpyxl.load_workbook(vi)[s])}
    expected = xxv_only - vi_items
    assert expected and len(warned) == len(expected)
    assert all(any(repr(name) in w for w in warned) for name in expected)
    assert not any("điều hòa" in w or "điện năng" in w for w in warned)


def test_an_empty_row_for_an_unused_item_says_nothing(tmp_path: Path) -> None:
    both = tmp_path / "both.xlsx"
    write_prices_template(both, ["VI", "XXV"])
    assert estimate(EstimateRequest(["VI"], 2026), read_prices(both)).warnings == ()


def test_two_rows_without_a_spec_for_one_item_are_refused(tmp_path: Path) -> None:
    path = _prices_file(tmp_path / "p.xlsx", [(POWER, "kWh", None, 3000),
                                              (POWER, "kW", " ", 3100)])
    with pytest.raises(PricesError, match=r"Materials!A3: .* is the same item as row 2"):
        read_prices(path)


def test_the_template_comments_the_specs_a_row_without_one_covers(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI", "XXV"])
    ws = openpyxl.load_workbook(out)["Materials"]
    row = next(r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value == POWER)
    assert ws[f"C{row}"].value is None
    assert "220/380 VAC-50 HZ" in ws[f"C{row}"].comment.text
