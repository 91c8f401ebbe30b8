"""The prices workbook: template content, reading it back, every bad cell named."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from test_estimate_compute import III_EQUIPMENT, III_MATERIALS, _close, _hand_iii

import normbook
from normbook.cli import main
from normbook.errors import UnknownAppendix
from normbook.estimate import (
    EstimateRequest,
    OutputExists,
    Prices,
    PricesError,
    estimate,
    read_prices,
    write_prices_template,
)
from normbook.estimate.items import fold, item_key
from normbook.estimate.prices import EQUIPMENT_COLUMNS, MATERIALS_COLUMNS, parse_amount_text


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
            if any(v is not None for v in r)]


@pytest.fixture()
def vi_xxv(tmp_path: Path) -> Path:
    out = tmp_path / "prices.xlsx"
    write_prices_template(out, ["VI", "XXV"], year=2026)
    return out


def _fill(path: Path, sheet: str, values: dict[str, object], column: str) -> None:
    """Put ``values[item name]`` in ``column`` of every row with that item name."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index(column) + 1
    for row in range(2, ws.max_row + 1):
        name = ws.cell(row, 1).value
        if name in values:
            ws.cell(row, col, values[name])
    wb.save(path)


def _set(path: Path, cells: dict[str, object]) -> None:
    """Set cells given as {"Equipment!E2": value}."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    wb.save(path)


# ---- the template -------------------------------------------------------------------------------

def test_template_sheets_and_headers(vi_xxv: Path) -> None:
    wb = openpyxl.load_workbook(vi_xxv)
    assert wb.sheetnames == ["Wages", "Equipment", "Materials", "Cost lines", "Notes"]
    # the columns, then (after a gap) how a number typed as text is read
    assert [c.value for c in wb["Wages"][1]][:4] == ["parameter", "value", "note", None]
    assert tuple(c.value for c in wb["Equipment"][1])[:8] == EQUIPMENT_COLUMNS
    assert tuple(c.value for c in wb["Materials"][1])[:5] == MATERIALS_COLUMNS
    assert "1.234.567,5" in wb["Materials"].cell(1, 7).value
    wages = {r["parameter"]: r["value"] for r in _rows(wb["Wages"])}
    assert wages == {"working_days_per_month": 22, "on_costs_percent": 0, "base_salary": None,
                     "general_labour_scale": "C1", "working_days_basis": None,
                     "allowances_in_base_percent": 0, "allowances_other_percent": 0,
                     "social_insurance_percent": 0.17, "accident_fund_percent": 0.005,
                     "health_insurance_percent": 0, "unemployment_insurance_percent": 0,
                     "union_fund_percent": 0}
    note = next(r["note"] for r in _rows(wb["Wages"]) if r["parameter"] == "base_salary")
    assert "(6 × 2,340,000 + 6 × 2,530,000) ÷ 12 = 2,435,000" in note  # 2026, month-weighted
    assert "assumed to remain in force" not in note  # 2026 is within the checked data
    for name in ("Equipment", "Materials"):
        assert wb[name].freeze_panes == "A2"
        ranges = [str(dv.sqref) for dv in wb[name].data_validations.dataValidation]
        assert any(r.startswith("E2:E") for r in ranges)


def test_template_lists_every_needed_item_once_with_its_appendices(vi_xxv: Path) -> None:
    wb = openpyxl.load_workbook(vi_xxv)
    for sheet, table, value in (("Equipment", "equipment", "shifts"),
                                ("Materials", "materials", "consumption")):
        rows = _rows(wb[sheet])
        keys = [(r["item"], fold(r["spec"] or "")) for r in rows]
        assert len(keys) == len(set(keys)), "an item is listed twice"
        listed = {r["item"] for r in rows}
        for appendix in ("VI", "XXV"):
            for r in normbook.table(appendix, table):
                if r[value] is not None:
                    assert r["name"] in listed
                    # its own row, or (energy) the row without a spec that prices every spec
                    row = next((x for x in rows if x["item"] == r["name"] and
                                fold(x["spec"] or "") == fold(r["spec"])),
                               None) or next(x for x in rows if x["item"] == r["name"] and
                                             x["spec"] is None)
                    assert appendix in row["used_in"].split(", ")
    equipment = _rows(wb["Equipment"])
    assert next(r for r in equipment if r["item"] == "Máy hút ẩm")["used_in"] == "VI, XXV"
    assert next(r for r in equipment if r["item"] == "Áp kế theo dõi áp suất khí quyển"
                )["used_in"] == "VI"
    # a note instead of a number: nothing to price
    assert all(r["item"] != "Thiết bị lưu điện" for r in equipment)
    assert {r["unit"] for r in equipment} == {"Ca"}
    power = [r for r in _rows(wb["Materials"]) if r["item"].startswith("Điện năng")]
    # four specs in VI + XXV, one price a kWh: one row without a spec
    assert [(r["unit"], r["spec"], r["used_in"]) for r in power] == [("kWh", None, "VI, XXV")]


def test_specs_written_differently_are_one_item(tmp_path: Path) -> None:
    # 'Điều hòa nhiệt độ' is "12.000 BTU" in II, "12000 BTU" in V and "12 000 BTU" in VII
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["II", "V", "VII", "XI"])
    rows = [r for r in _rows(openpyxl.load_workbook(out)["Equipment"])
            if r["item"] == "Điều hòa nhiệt độ"]
    assert sorted((fold(r["spec"] or ""), r["used_in"]) for r in rows) == [
        ("", "II, V, VII, XI"),  # typed once for every spec, or per spec below
        ("12000btu", "II, V, VII"), ("18000btu", "XI"), ("42000btu", "XI")]


def test_template_refuses_to_overwrite_unless_forced(vi_xxv: Path) -> None:
    before = vi_xxv.read_bytes()
    with pytest.raises(OutputExists, match="force=True"):
        write_prices_template(vi_xxv, ["III"])
    assert vi_xxv.read_bytes() == before
    write_prices_template(vi_xxv, ["III"], force=True)
    assert [r["used_in"] for r in _rows(openpyxl.load_workbook(vi_xxv)["Equipment"])] == \
        ["III"] * 7
    assert sorted(p.name for p in vi_xxv.parent.iterdir()) == ["prices.xlsx"]  # no temp left


def test_template_bad_appendix() -> None:
    with pytest.raises(UnknownAppendix, match="XL"):
        write_prices_template(Path("never.xlsx"), ["VI", "XL"])


def test_cli_prices_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "prices.xlsx"
    argv = ["prices-template", "--appendix", "VI", "--appendix", "XXV", "--year", "2026",
            "-o", str(out)]
    assert main(argv) == 0
    assert "appendices VI, XXV" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[:3] == ["Wages", "Equipment", "Materials"]
    assert main(argv) == 2
    assert "--force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0
    assert main(["prices-template", "--appendix", "XL", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "unknown appendix 'XL'" in capsys.readouterr().err
    assert main(["prices-template", "--appendix", "all", "-o", str(tmp_path / "all.xlsx")]) == 0
    used = {a for r in _rows(openpyxl.load_workbook(tmp_path / "all.xlsx")["Equipment"])
            for a in r["used_in"].split(", ")}
    assert len(used) == 30  # XIX has no equipment section


# ---- reading it back ----------------------------------------------------------------------------

def test_filled_template_gives_the_hand_computed_estimate(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    _fill(out, "Equipment", III_EQUIPMENT, "price_per_shift")
    _fill(out, "Materials", III_MATERIALS, "unit_price")
    prices = read_prices(out)
    est = estimate(EstimateRequest(["III"], 2024), prices)
    hand = _hand_iii(2_070_000)
    assert est.complete and est.warnings == ()
    # the template offers the confirmed employer contributions: 17 % social insurance and
    # 0.5 % accident fund, on the salary (no allowance given)
    assert prices.wages.contributions_percent == Decimal("17.5")
    labour = hand["labour"] * Fraction(1175, 1000)
    assert _close(est.total.amount, labour + hand["equipment"] + hand["materials"])
    line = est.appendix("III").equipment[0]
    assert line.price_row.where == "Equipment!A2" and line.price_basis == "price_per_shift"


def test_empty_template_leaves_every_item_missing(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    est = estimate(EstimateRequest(["III"], 2024), read_prices(out))
    assert len({m.key for m in est.missing_prices}) == 7 + 6
    assert est.appendix("III").labour_total.complete and not est.complete


def test_wages_sheet_is_read(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["XII"])
    _set(out, {"Wages!B2": 26, "Wages!B3": "23,5", "Wages!B4": "2.000.000",
               "Wages!B5": "B"})
    w = read_prices(out).wages
    assert (w.working_days_per_month, w.on_costs_percent, w.base_salary, w.general_scale) == (
        Decimal(26), Decimal("23.5"), Decimal(2_000_000), "B")
    _set(out, {"Wages!B3": 0.235})
    wb = openpyxl.load_workbook(out)
    wb["Wages"]["B3"].number_format = "0.0%"  # 23.5 % typed into a percentage cell
    wb.save(out)
    assert read_prices(out).wages.on_costs_percent == Decimal("23.5")
    est = estimate(EstimateRequest(["XII"], 2019), read_prices(out))  # user base salary
    assert est.base_salary.user_set and est.base_salary.amount == Decimal(2_000_000)


def test_depreciation_columns(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    _set(out, {"Equipment!F2": 120_000_000, "Equipment!G2": "10%", "Equipment!H2": 1095,
               "Equipment!F3": 50_000_000, "Equipment!G3": 0.2, "Equipment!H3": 1000,
               "Equipment!E3": 7_000})
    prices = read_prices(out)
    first = prices.price_of(item_key("equipment", "Điều hòa nhiệt độ", "Ca", "12000 BTU"))
    assert first.basis == "depreciation"
    assert first.per_shift == Decimal(120_000_000) * Decimal("0.1") / Decimal(1095)
    second = prices.price_of(item_key("equipment", "Máy hút ẩm", "Ca", "100 lít/ngày; 1000 W"))
    assert (second.basis, second.per_shift) == ("price_per_shift", Decimal(7000))


def test_every_bad_cell_is_reported_with_sheet_and_cell(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    _set(out, {"Equipment!E2": "12,5 triệu", "Equipment!E3": -5, "Equipment!G4": 10,
               "Equipment!F5": 1_000_000, "Materials!E2": "abc", "Materials!E3": "1.500",
               "Wages!B2": 0, "Wages!B5": "A0", "Materials!A20": None, "Materials!E20": 5})
    with pytest.raises(PricesError) as info:
        read_prices(out)
    problems = info.value.problems
    text = str(info.value)
    assert "Equipment!E2: '12,5 triệu' is not a number" in problems
    assert any(p.startswith("Equipment!E3: -5 is negative") for p in problems)
    assert any(p.startswith("Equipment!G4: 10 is not a rate") for p in problems)
    assert any(p.startswith("Equipment!A5: ") and "needed together" in p for p in problems)
    assert "Materials!E2: 'abc' is not a number" in problems
    assert any(p.startswith("Materials!E3: '1.500' is ambiguous") for p in problems)
    assert any(p.startswith("Materials!A20: a price without an item name") for p in problems)
    assert any(p.startswith("Wages!B2: ") for p in problems)
    assert any(p.startswith("Wages!B5: 'A0' is not a general labour scale") for p in problems)
    assert len(problems) == 9 and text.startswith("p.xlsx: 9 problems")


@pytest.mark.parametrize(("text", "value"), [
    ("1.500.000", Decimal(1_500_000)),  # Vietnamese thousands: not 1.5
    ("1 500 000", Decimal(1_500_000)),
    ("1,5", Decimal("1.5")),
    ("2.500.000,5", Decimal("2500000.5")),
    ("12.5", Decimal("12.5")),  # a dot before one or two digits cannot group thousands
    ("0.250", Decimal("0.25")),
    ("1500", Decimal(1500)),
    ("-3", Decimal(-3)),
])
def test_text_numbers_are_read_the_vietnamese_way(text: str, value: Decimal) -> None:
    assert parse_amount_text(text) == value


@pytest.mark.parametrize(("text", "message"), [
    ("1.500", "ambiguous.*write 1500 or 1,5"),  # 1500 in Vietnamese, 1.5 in English
    ("1,500", "ambiguous.*write 1500 or 1,5"),  # 1.5 in Vietnamese, 1500 in English
    ("1,500,000", "English digit grouping"),
    ("12,5 triệu", "not a number"),
    ("1.50.000", "not a number"),
])
def test_the_thousandfold_trap_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_amount_text(text)


def test_thousands_separator_trap_in_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    _set(out, {"Equipment!E2": "1.500.000", "Materials!E2": "2,5"})
    prices = read_prices(out)
    assert prices.price_of(item_key("equipment", "Điều hòa nhiệt độ", "Ca", "12000 BTU")
                           ).per_shift == Decimal(1_500_000)
    assert prices.price_of(item_key("material", "Điện năng (nhiên liệu)", "kW", "220VAC-50Hz")
                           ).unit_price == Decimal("2.5")


def test_unknown_rows_warn_and_duplicates_are_errors(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    _fill(out, "Equipment", III_EQUIPMENT, "price_per_shift")
    _fill(out, "Materials", III_MATERIALS, "unit_price")
    _set(out, {"Materials!A30": "Vàng", "Materials!B30": "kg", "Materials!E30": 1})
    est = estimate(EstimateRequest(["III"], 2024), read_prices(out))
    assert est.complete
    assert any(w.startswith("Materials!A30:") and "'vàng'" in w for w in est.warnings)
    _set(out, {"Materials!A31": "Giấy", "Materials!B31": "gram", "Materials!C31": "A4"})
    with pytest.raises(PricesError, match=r"Materials!A31: 'Giấy' is the same item as row \d+"):
        read_prices(out)


def test_not_a_prices_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(PricesError, match=r"is not an \.xlsx workbook"):
        read_prices(bad)
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(PricesError, match=r"no sheet 'Wages'.*no sheet 'Equipment'"):
        read_prices(other)
    with pytest.raises(PricesError, match="no such file"):
        read_prices(tmp_path / "missing.xlsx")


def test_from_names_rejects_bad_prices() -> None:
    from normbook.errors import BadArgument

    with pytest.raises(BadArgument, match="Giấy"):
        Prices.from_names({}, {"Giấy": "cheap"})
    with pytest.raises(BadArgument, match="negative"):
        Prices.from_names({"Ẩm kế": -1})


# ---- review fixes: implausible wages, huge prices, a missing file -------------------------------

def test_english_grouping_suggests_the_vietnamese_writing() -> None:
    with pytest.raises(ValueError, match=r"\(12\.345,67\)"):
        parse_amount_text("12,345.67")
    assert parse_amount_text("12.345,67") == Decimal("12345.67")  # the suggestion is accepted
    with pytest.raises(ValueError, match=r"\(1\.500\.000\)"):
        parse_amount_text("1,500,000")


def _problems(path: Path) -> tuple[str, ...]:
    with pytest.raises(PricesError) as info:
        read_prices(path)
    return info.value.problems


def _percent_cell(path: Path, ref: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, cell = ref.split("!")
    wb[sheet][cell] = value
    wb[sheet][cell].number_format = "0.0%"
    wb.save(path)


@pytest.mark.parametrize("value", [1800, "1,8", "1.800", 250_000_000])
def test_a_base_salary_in_the_wrong_unit_is_refused(tmp_path: Path, value: object) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI"])
    _set(out, {"Wages!B4": value})
    problems = _problems(out)
    assert len(problems) == 1 and problems[0].startswith("Wages!B4: ")
    if value != "1.800":  # that one is refused as ambiguous before its size is looked at
        assert "VND per month" in problems[0] and "2340000" in problems[0]


@pytest.mark.parametrize(("value", "percent_cell", "message"), [
    (0.235, False, r"ambiguous.*23\.5.*format the cell as %"),
    ("0,235", False, r"ambiguous.*23\.5"),
    (23.5, True, r"2350 %.*at most 100"),  # 23.5 typed into a %-formatted cell
    (150, False, r"at most 100"),
])
def test_on_costs_that_cannot_be_meant_are_refused(tmp_path: Path, value: object,
                                                   percent_cell: bool, message: str) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI"])
    (_percent_cell if percent_cell else lambda p, r, v: _set(p, {r: v}))(out, "Wages!B3", value)
    problems = _problems(out)
    assert len(problems) == 1 and problems[0].startswith("Wages!B3: ")
    assert re.search(message, problems[0]), problems[0]


@pytest.mark.parametrize(("value", "percent_cell", "expected"), [
    (23.5, False, Decimal("23.5")), ("23,5", False, Decimal("23.5")),
    (0.235, True, Decimal("23.5")), ("0,5%", False, Decimal("0.5")), (0, False, Decimal(0)),
    (1, False, Decimal(1)), (100, False, Decimal(100)),
])
def test_on_costs_that_are_clear_are_read(tmp_path: Path, value: object, percent_cell: bool,
                                          expected: Decimal) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI"])
    (_percent_cell if percent_cell else lambda p, r, v: _set(p, {r: v}))(out, "Wages!B3", value)
    assert read_prices(out).wages.on_costs_percent == expected


@pytest.mark.parametrize("value", [0.5, 32, "40"])
def test_working_days_must_fit_a_month(tmp_path: Path, value: object) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["VI"])
    _set(out, {"Wages!B2": value})
    problems = _problems(out)
    assert len(problems) == 1 and problems[0].startswith("Wages!B2: ") and "1 to 31" in \
        problems[0]


def test_huge_prices_are_refused_naming_the_cell(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    write_prices_template(out, ["III"])
    _set(out, {"Equipment!E2": 1e300, "Materials!E2": "1e300", "Equipment!F3": 1e16,
               "Equipment!G3": 0.1, "Equipment!H3": 0.001, "Equipment!G4": 1.5})
    problems = _problems(out)
    assert any(p.startswith("Equipment!E2: ") and "at most 1,000,000,000,000,000" in p
               for p in problems)
    assert any(p.startswith("Materials!E2: ") for p in problems)
    assert any(p.startswith("Equipment!F3: ") and "at most" in p for p in problems)
    assert any(p.startswith("Equipment!H3: ") and "at least 1" in p for p in problems)
    assert any(p.startswith("Equipment!G4: ") and "not a rate" in p for p in problems)


def test_a_missing_prices_file_is_bad_input() -> None:
    with pytest.raises(PricesError, match=r"missing\.xlsx.*no such file.*prices-template"):
        read_prices(Path("missing.xlsx"))


def test_template_documents_the_wage_units(vi_xxv: Path) -> None:
    wb = openpyxl.load_workbook(vi_xxv)
    notes = {r["parameter"]: r["note"] for r in _rows(wb["Wages"])}
    assert "2340000" in notes["base_salary"] and "1,000,000" in notes["base_salary"]
    assert "type 5 for 5 %" in notes["on_costs_percent"] and "0.05" in notes["on_costs_percent"]
    assert "do not include those twice" in notes["on_costs_percent"]
    assert "1 to 31" in notes["working_days_per_month"]
    ranges = {str(dv.sqref): (dv.formula1, dv.formula2)
              for dv in wb["Wages"].data_validations.dataValidation}
    assert ranges["B4"] == ("1000000", "100000000")
