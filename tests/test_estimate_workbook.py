"""estimate.xlsx: sheets, live formulas, marks for missing prices and gaps, LibreOffice totals.

One estimate (VI, XXV with PTN1, XVII with its joint equipment block, XIX which the source cuts
off; counts changed; one machine without a price; one priced on depreciation; 23.5 % on-costs)
is written once per module. The LibreOffice tests share one module fixture that recalculates
the file as written and a copy a reviewer has edited (a price changed, the missing price
filled, a count changed), and compare both with the Python computation.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from normbook.errors import BadArgument, NormError
from normbook.estimate import (
    EquipmentPrice,
    EstimateRequest,
    MaterialPrice,
    Prices,
    WageParameters,
    estimate,
    needed_items,
)
from normbook.estimate.workbook import SHEETS, build_estimate_workbook, write_estimate_workbook
from normbook.estimate.workbook_style import NOT_IN_SOURCE, NOT_IN_SOURCE_AMOUNT, PRICE_MISSING
from normbook.estimate.workbook_summary import HEADER
from normbook.libreoffice import find_soffice

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")

APPENDICES = ("VI", "XXV", "XVII", "XIX")
VARIANTS = {"XXV": "PTN1"}
COUNTS = {("VI", "3"): 0, ("XXV", "6"): 2}  # no international comparison; two evaluations
YEAR = 2026
UNPRICED = "Máy hút ẩm"  # used by VI, XXV and XVII: its lines stay without a price
DEPRECIATED = "Máy tính để bàn"  # priced as asset value × rate ÷ shifts a year
DEPRECIATION = (Decimal(120_000_000), Decimal("0.1"), Decimal(250))
WAGES = WageParameters(on_costs_percent=Decimal("23.5"))
PRICES_FILE = "test-prices.xlsx"
ALLOWED_FUNCTIONS = {"SUMIFS", "COUNTIFS", "INDEX", "MATCH", "SUM", "IF", "AND", "COUNT",
                     "MIN", "MAX", "NA"}
ERRORS = {"#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#REF!", "Err:502",
          "Err:504", "Err:508", "Err:509", "Err:511", "Err:522", "Err:523"}


def example_prices(*, equipment: dict | None = None, materials: dict | None = None) -> Prices:
    """A price for every item of APPENDICES but UNPRICED; overrides by item name."""
    eq, mat = {}, {}
    for i, item in enumerate(needed_items(APPENDICES, "equipment")):
        where = f"Equipment!A{i + 2}"
        if item.name == DEPRECIATED:
            eq[item.key] = EquipmentPrice(None, *DEPRECIATION, where=where)
        elif item.name != UNPRICED:
            eq[item.key] = EquipmentPrice(Decimal(1000 * (i + 1) + 500), where=where)
    for i, item in enumerate(needed_items(APPENDICES, "material")):
        mat[item.key] = MaterialPrice(Decimal(2000 + 750 * i) + Decimal("0.5"),
                                      where=f"Materials!A{i + 2}")
    for name, price in (equipment or {}).items():
        for item in needed_items(APPENDICES, "equipment"):
            if item.name == name:
                eq[item.key] = EquipmentPrice(Decimal(price), where="edited")
    for key, price in (materials or {}).items():
        mat[key] = MaterialPrice(Decimal(price), where="edited")
    return Prices(WAGES, eq, mat, source=PRICES_FILE)


def compute(counts=COUNTS, prices: Prices | None = None):
    return estimate(EstimateRequest(APPENDICES, YEAR, VARIANTS, counts),
                    prices or example_prices())


@pytest.fixture(scope="module")
def est():
    return compute()


@pytest.fixture(scope="module")
def written(est, tmp_path_factory) -> Path:
    return write_estimate_workbook(est, tmp_path_factory.mktemp("estimate") / "estimate.xlsx",
                                   prices_source=PRICES_FILE)


@pytest.fixture(scope="module")
def book(written):
    return openpyxl.load_workbook(written)


def header(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def records(ws) -> list[dict]:
    """The sheet's rows as {header: cell} (cells, so tests see formulas, fills, comments)."""
    cols = header(ws)
    return [{name: row[i - 1] for name, i in cols.items()}
            for row in ws.iter_rows(min_row=2, max_col=max(cols.values()))
            if row[0].value is not None]


def is_gap(row: dict) -> bool:
    """A row the source gives without a quantity (its amount is a text, never 0)."""
    return row["amount (VND)"].value == NOT_IN_SOURCE_AMOUNT


def is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


# ---- the file as written ------------------------------------------------------------------

def test_sheets_in_order_and_summary_opens_first(book):
    assert book.sheetnames == list(SHEETS) == ["Inputs", "Prices", "Labour", "Equipment",
                                               "Materials", "Summary"]
    assert book.active.title == "Summary"
    for ws in book:
        assert ws.freeze_panes == "A2", ws.title


def test_summary_header_rows_and_total(book, est):
    ws = book["Summary"]
    assert tuple(c.value for c in ws[1][:6]) == HEADER
    assert HEADER == ("Appendix", "Standard", "Labour", "Equipment", "Materials", "Total")
    names = [ws.cell(r, 1).value for r in range(2, len(APPENDICES) + 3)]
    assert names == [*APPENDICES, "Total"]
    assert [ws.cell(r, 2).value for r in range(2, len(APPENDICES) + 2)] == \
        [a.standard for a in est.appendices]
    for r in range(2, len(APPENDICES) + 3):
        for c in range(3, 7):
            assert is_formula(ws.cell(r, c)), ws.cell(r, c).coordinate
            assert ws.cell(r, c).number_format == "#,##0"
    assert "SUMIFS(" in ws["C2"].value and "Labour!" in ws["C2"].value
    assert ws.cell(len(APPENDICES) + 2, 3).value.startswith("=SUM(C2:C")


def test_summary_has_a_stacked_chart_by_component(book):
    charts = book["Summary"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.type == "col" and chart.grouping == "stacked"
    assert len(chart.series) == 3  # labour, equipment, materials


def test_every_amount_is_a_formula_and_quantities_come_from_the_norms(book, est):
    labour = [r for r in records(book["Labour"]) if r["kind"].value == "direct"]
    lines = [x for a in est.appendices for x in a.labour]
    assert len(labour) == len(lines)
    for row, line in zip(labour, lines, strict=True):
        assert (row["appendix"].value, str(row["work"].value)) == (line.appendix, line.work)
        assert Decimal(str(row["công per occurrence"].value)) == line.cong
        assert row["source lines"].value == ", ".join(map(str, line.lines))
        for name in ("count", "công total", "daily rate (VND)", "amount (VND)"):
            assert is_formula(row[name]), (name, row[name].coordinate)
        assert row["amount (VND)"].number_format == "#,##0"
    for sheet, attr in (("Equipment", "equipment"), ("Materials", "materials")):
        rows = [r for r in records(book[sheet]) if not is_gap(r)]
        lines = [x for a in est.appendices for x in getattr(a, attr)]
        assert len(rows) == len(lines) > 0
        for row, line in zip(rows, lines, strict=True):
            assert row["item"].value == line.item
            quantity = next(v for k, v in row.items() if k.endswith("per occurrence"))
            assert Decimal(str(quantity.value)) == line.quantity
            assert row["source lines"].value == ", ".join(map(str, line.lines))
            for name in ("count", "quantity total", "price (VND)", "amount (VND)", "status"):
                assert is_formula(row[name]), (sheet, name, row[name].coordinate)


def test_indirect_labour_is_a_formula_per_appendix(book):
    rows = [r for r in records(book["Labour"]) if r["kind"].value == "indirect"]
    assert [r["appendix"].value for r in rows] == list(APPENDICES)
    for row in rows:
        assert re.fullmatch(r"=IndirectShare\*SUM\(N\d+:N\d+\)", row["amount (VND)"].value)


def test_counts_are_input_cells_the_lines_point_at(book):
    inputs = book["Inputs"]
    line = next(r for r in records(book["Labour"])
                if r["appendix"].value == "VI" and r["work"].value == 3)
    target = line["count"].value
    assert re.fullmatch(r"=Inputs!\$E\$\d+", target)
    cell = inputs[target.split("!")[1].replace("$", "")]
    assert cell.value == 0
    assert inputs.cell(cell.row, 1).value == "VI" and inputs.cell(cell.row, 2).value == 3
    evaluation = next(r for r in records(book["Equipment"])
                      if r["appendix"].value == "XXV" and r["work"].value == 6)
    cell = inputs[evaluation["count"].value.split("!")[1].replace("$", "")]
    assert cell.value == 2


def test_a_joint_block_follows_its_works_count(book):
    # XVII equipment gives works 2 and 3 one block: its count cell follows theirs
    inputs = book["Inputs"]
    block = next(r for r in inputs.iter_rows(min_row=2) if r[0].value == "XVII"
                 and r[1].value == "2+3")
    assert re.fullmatch(r"=IF\(MIN\(E\d+,E\d+\)=MAX\(E\d+,E\d+\),E\d+,NA\(\)\)",
                        block[4].value)
    line = next(r for r in records(book["Equipment"]) if r["work"].value == "2+3")
    assert line["count"].value == f"=Inputs!$E${block[4].row}"


def test_a_block_with_its_own_count_is_an_input():
    # works 2 and 3 counted differently: the block gets its own count, between theirs
    part = estimate(EstimateRequest(["XVII"], YEAR, counts={("XVII", "2+3"): 2, ("XVII", 2): 1,
                                                            ("XVII", 3): 3}))
    wb = build_estimate_workbook(part)
    block = next(r for r in wb["Inputs"].iter_rows(min_row=2) if r[1].value == "2+3")
    assert block[4].value == 2 and "between" in block[5].value


def test_inputs_name_the_parameters_and_cite_them(book, est):
    names = book.defined_names
    cells = {}
    for name in ("BaseSalary", "WorkingDays", "OnCosts", "IndirectShare"):
        sheet, ref = names[name].attr_text.split("!")
        assert sheet == "Inputs"
        cells[name] = book["Inputs"][ref.replace("$", "")]
    # 2026: (6 × 2,340,000 + 6 × 2,530,000) ÷ 12 = 14,610,000 ÷ 6 = 2,435,000
    assert cells["BaseSalary"].value == 2_435_000 == est.base_salary.amount
    assert cells["WorkingDays"].value == 22
    assert cells["OnCosts"].value == 0.235 and "%" in cells["OnCosts"].number_format
    assert cells["IndirectShare"].value == 0.1
    note = book["Inputs"].cell(cells["BaseSalary"].row, 3).value
    assert "(6 × 2,340,000 + 6 × 2,530,000) ÷ 12 = 2,435,000" in note
    assert "73/2024" in note and "161/2026/NĐ-CP" in note
    assert "5.1.a2" in book["Inputs"].cell(cells["IndirectShare"].row, 3).value
    text = [c.value for row in book["Inputs"].iter_rows() for c in row if c.value]
    for note in est.notes:
        assert note in text
    assert PRICES_FILE in text
    # the source's irregularities that change the estimate, with their lines
    assert any(isinstance(t, str) and t.startswith("XIX, source line 9816") for t in text)
    assert any(isinstance(t, str) and t.startswith("XXV, source line 12747") for t in text)


def test_daily_rates_are_formulas_over_the_named_inputs(book):
    rows = [r for r in records(book["Prices"]) if r["component"].value == "labour"]
    assert {r["id"].value for r in rows} >= {"A1 2/9", "C1 3/12"}
    for row in rows:
        c = {k: row[k].coordinate for k in ("coefficient", "salary (VND/month)",
                                             "allowances in the contribution base",
                                             "other allowances",
                                             "employer contributions (VND/month)",
                                             "labour cost (VND/month)")}
        salary, in_base, other, contributions, cost = list(c.values())[1:]
        # the build-up: salary, the rank's allowances, the contributions, the monthly cost
        assert row["salary (VND/month)"].value == f"={c['coefficient']}*BaseSalary"
        assert row["allowances in the contribution base"].value == "=AllowancesInBase"
        assert row["other allowances"].value == "=AllowancesOther"
        assert row["employer contributions (VND/month)"].value == \
            f"={salary}*(1+{in_base})*Contributions"
        assert row["labour cost (VND/month)"].value == \
            f"={salary}*(1+{in_base}+{other}+OnCosts)+{contributions}"
        assert row["price (VND)"].value == f"={cost}/WorkingDays"
        assert "204/2004" in row["source"].value


def test_depreciation_price_is_a_formula_over_its_inputs(book):
    row = next(r for r in records(book["Prices"]) if r["item / rank"].value == DEPRECIATED)
    assert row["asset_value"].value == 120_000_000
    assert row["depreciation_rate"].value == 0.1
    assert row["shifts_per_year"].value == 250
    assert row["price_per_shift"].value is None
    assert "COUNT(" in row["price (VND)"].value
    assert row["basis"].value == "depreciation"


def test_a_missing_price_is_an_empty_marked_cell(book, est):
    row = next(r for r in records(book["Prices"]) if r["item / rank"].value == UNPRICED)
    cell = row["price_per_shift"]
    assert cell.value is None
    assert cell.fill.fgColor.rgb.endswith("F8CBAD")
    assert "price missing" in cell.comment.text
    assert row["basis"].value == "missing"
    prices_rules = [rule.formula[0] for rng in book["Prices"].conditional_formatting
                    for rule in rng.rules]
    price = row["price (VND)"].column_letter
    assert f'AND($B2<>"labour",${price}2="")' in prices_rules  # its empty price shows orange
    # the lines needing it keep a formula that shows "" and says so, and are marked orange
    ws = book["Equipment"]
    lines = [r for r in records(ws) if r["item"].value == UNPRICED]
    assert len(lines) == sum(1 for m in est.missing_prices if m.item == UNPRICED) >= 3
    for line in lines:
        assert '""' in line["amount (VND)"].value and PRICE_MISSING in line["status"].value
    rules = [rule for rng in ws.conditional_formatting for rule in rng.rules]
    assert any(PRICE_MISSING in rule.formula[0] for rule in rules)
    # priced items are not marked
    priced = next(r for r in records(book["Prices"]) if r["component"].value == "material")
    assert priced["unit_price"].comment is None


def test_rows_without_a_quantity_are_shown_not_costed(book, est):
    gaps = est.not_in_source
    assert {(g.appendix, g.component) for g in gaps} >= {
        ("VI", "equipment"), ("XIX", "labour"), ("XIX", "equipment"), ("XIX", "material")}
    sheet_of = {"labour": "Labour", "equipment": "Equipment", "material": "Materials"}
    for gap in gaps:
        rows = [r for r in records(book[sheet_of[gap.component]])
                if is_gap(r) and r["appendix"].value == gap.appendix
                and r["note"].value == gap.note]
        assert len(rows) == 1, gap
        row = rows[0]
        assert row["source lines"].value == ", ".join(map(str, gap.lines))
        # its status says "not in source" while its work's count on Inputs is above 0
        assert re.fullmatch(r"=Inputs!\$E\$\d+|=MAX\((Inputs!\$E\$\d+,?)+\)",
                            row["count"].value), row["count"].value
        assert row["status"].value == (f'=IF({row["count"].coordinate}>0,'
                                       f'"{NOT_IN_SOURCE}","")')
    ups = next(r for r in records(book["Equipment"]) if r["item"].value == "Thiết bị lưu điện")
    assert ups["note"].value == "Sử dụng khi thực hiện phép đo quan trọng"


def test_formulas_use_only_functions_libreoffice_7_4_has(book):
    used = set()
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if is_formula(cell):
                    text = re.sub(r'"[^"]*"', "", cell.value)  # not inside string literals
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
    assert used and used <= ALLOWED_FUNCTIONS, used - ALLOWED_FUNCTIONS


def test_an_existing_workbook_is_not_overwritten(written, est):
    before = written.read_bytes()
    with pytest.raises(NormError, match="force=True"):
        write_estimate_workbook(est, written)
    assert written.read_bytes() == before
    write_estimate_workbook(est, written, force=True)
    assert openpyxl.load_workbook(written).sheetnames == list(SHEETS)


def test_the_workbook_must_be_xlsx(tmp_path, est):
    with pytest.raises(BadArgument, match=r"\.xlsx"):
        write_estimate_workbook(est, tmp_path / "estimate.xls")
    assert list(tmp_path.iterdir()) == []


# ---- recalculated by LibreOffice ----------------------------------------------------------

#: The reviewer's edits to the copy: (a) a material used by VI only gets a new price, (b) the
#: missing machine gets one, (c) XXV's evaluation is counted three times.
NEW_MATERIAL_PRICE = 987_654
FILLED_PRICE = 7_000
EDITED_COUNTS = {**COUNTS, ("XXV", "6"): 3}


def vi_only_material(book):
    return next(r for r in records(book["Prices"])
                if r["component"].value == "material" and r["used in"].value == "VI")


def edit_copy(written: Path, target: Path) -> dict:
    """Make the reviewer's edits with openpyxl; returns what was changed."""
    wb = openpyxl.load_workbook(written)
    material = vi_only_material(wb)
    old = material["unit_price"].value
    material["unit_price"].value = NEW_MATERIAL_PRICE
    machine = next(r for r in records(wb["Prices"]) if r["item / rank"].value == UNPRICED)
    machine["price_per_shift"].value = FILLED_PRICE
    count = next(r for r in wb["Inputs"].iter_rows(min_row=2)
                 if r[0].value == "XXV" and r[1].value == 6)
    count[4].value = EDITED_COUNTS[("XXV", "6")]
    wb.save(target)
    return {"item": material["item / rank"].value, "spec": material["spec / scale and grade"].value,
            "old": old}


@pytest.fixture(scope="module")
def recalculated(written, tmp_path_factory):
    """The file as written and the edited copy, both recalculated by LibreOffice."""
    from normbook.libreoffice import recalculate

    folder = tmp_path_factory.mktemp("recalculated")
    edit = edit_copy(written, folder / "edited.xlsx")
    out = folder / "out"
    original = recalculate(written, out)
    edited = recalculate(folder / "edited.xlsx", out)
    return (openpyxl.load_workbook(original, data_only=True),
            openpyxl.load_workbook(edited, data_only=True), edit)


def summary_rows(wb) -> dict[str, dict]:
    ws = wb["Summary"]
    cols = [c.value for c in ws[1]]
    return {r[0]: dict(zip(cols, r, strict=False))
            for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}


def assert_matches(wb, result) -> None:
    """Every appendix's components and total, and the Total row, within 1 đồng of Python."""
    rows = summary_rows(wb)
    for part in result.appendices:
        row = rows[part.appendix]
        for column, subtotal in (("Labour", part.labour_total),
                                 ("Equipment", part.equipment_total),
                                 ("Materials", part.materials_total), ("Total", part.total)):
            assert isinstance(row[column], int | float), (part.appendix, column, row[column])
            assert abs(Decimal(repr(row[column])) - subtotal.amount) <= 1, \
                (part.appendix, column)
        assert row["Missing prices"] == part.total.missing_prices
        assert row["Not in source"] == part.total.not_in_source
        assert row["Status"] == ("complete" if part.complete else "incomplete")
    total = rows["Total"]
    assert abs(Decimal(repr(total["Total"])) - result.total.amount) <= 1
    assert total["Missing prices"] == result.total.missing_prices
    assert total["Not in source"] == result.total.not_in_source


@needs_soffice
def test_libreoffice_totals_equal_the_python_computation(recalculated, est):
    assert est.total.missing_prices > 0 and est.total.not_in_source > 0  # the case is real
    assert_matches(recalculated[0], est)
    summary = recalculated[0]["Summary"]
    assert summary.max_row == len(APPENDICES) + 2  # the table's last row is Total
    assert summary.cell(summary.max_row, 1).value == "Total"
    note = summary.cell(1, 11).value  # beside the table
    assert note.startswith(f"Incomplete: {est.total.missing_prices} line(s) have no price")


@needs_soffice
def test_libreoffice_computes_every_line_and_rate(recalculated, est):
    wb = recalculated[0]
    rates = {r["id"].value: r["price (VND)"].value for r in records(wb["Prices"])
             if r["component"].value == "labour"}
    lines = [x for a in est.appendices for x in a.labour]
    for line in lines:  # the named cells BaseSalary, WorkingDays, OnCosts computed
        rate = rates[f"{line.rate.grade.scale} {line.rate.grade.label}"]
        assert rate == pytest.approx(float(line.daily_rate), rel=1e-12)
    rows = [r for r in records(wb["Labour"]) if r["kind"].value == "direct"]
    for row, line in zip(rows, lines, strict=True):
        assert abs(Decimal(repr(row["amount (VND)"].value)) - line.amount) < Decimal("0.01")
    items = [x for a in est.appendices for x in a.equipment]
    rows = [r for r in records(wb["Equipment"]) if not is_gap(r)]
    for row, line in zip(rows, items, strict=True):
        if line.amount is None:
            assert row["amount (VND)"].value is None  # empty, not 0
            assert row["status"].value == PRICE_MISSING
        else:
            assert abs(Decimal(repr(row["amount (VND)"].value)) - line.amount) < Decimal("0.01")
            assert row["status"].value is None
    depreciated = next(r for r in records(wb["Prices"]) if r["item / rank"].value == DEPRECIATED)
    assert depreciated["price (VND)"].value == pytest.approx(48_000)  # 120 M × 10 % ÷ 250


@needs_soffice
def test_no_error_value_anywhere(recalculated):
    for wb in recalculated[:2]:
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "e", (ws.title, cell.coordinate, cell.value)
                    assert cell.value not in ERRORS, (ws.title, cell.coordinate)


@needs_soffice
def test_edited_prices_and_counts_move_the_totals(recalculated, est):
    original, edited, edit = recalculated
    item = next(i for i in needed_items(APPENDICES, "material")
                if i.name == edit["item"] and (i.spec or None) == edit["spec"])
    prices = example_prices(equipment={UNPRICED: FILLED_PRICE},
                            materials={item.key: NEW_MATERIAL_PRICE})
    changed = compute(EDITED_COUNTS, prices)
    assert_matches(edited, changed)  # every total follows the edits
    # the material's change alone: VI's materials moved by its quantity × the price change
    quantity = sum((x.quantity_total for x in est.appendix("VI").materials if x.key == item.key),
                   Decimal(0))
    delta = quantity * (NEW_MATERIAL_PRICE - Decimal(repr(edit["old"])))
    before = summary_rows(original)["VI"]["Materials"]
    after = summary_rows(edited)["VI"]["Materials"]
    filled = sum((x.quantity_total * FILLED_PRICE for x in est.appendix("VI").equipment
                  if x.item == UNPRICED), Decimal(0))
    assert quantity > 0 and delta != 0
    assert abs(Decimal(repr(after)) - Decimal(repr(before)) - delta) <= 1
    # filling the missing price adds its lines and clears them from the count
    vi_before, vi_after = summary_rows(original)["VI"], summary_rows(edited)["VI"]
    assert abs(Decimal(repr(vi_after["Equipment"])) - Decimal(repr(vi_before["Equipment"]))
               - filled) <= 1
    assert vi_after["Missing prices"] == 0 < vi_before["Missing prices"]


# ---- a gap follows its work's count (review fix) ------------------------------------------

def vi_all_priced(counts: dict) -> object:
    prices = Prices.from_names({i.name: 1000 for i in needed_items(["VI"], "equipment")},
                               {i.name: 1000 for i in needed_items(["VI"], "material")})
    return estimate(EstimateRequest(["VI"], YEAR, counts=counts), prices)


def test_a_gap_of_a_work_counted_0_is_written_and_points_at_its_count():
    wb = build_estimate_workbook(vi_all_priced({("VI", "2"): 0}))
    ups = next(r for r in records(wb["Equipment"]) if r["item"].value == "Thiết bị lưu điện")
    cell = wb["Inputs"][ups["count"].value.split("!")[1].replace("$", "")]
    assert (wb["Inputs"].cell(cell.row, 1).value, wb["Inputs"].cell(cell.row, 2).value,
            cell.value) == ("VI", 2, 0)
    assert is_gap(ups)


@needs_soffice
def test_libreoffice_counts_a_gap_only_while_its_work_is_done(tmp_path):
    from normbook.libreoffice import recalculate

    est = vi_all_priced({("VI", "2"): 0})
    assert est.complete
    written = write_estimate_workbook(est, tmp_path / "estimate.xlsx")
    wb = openpyxl.load_workbook(written)
    count = next(r for r in wb["Inputs"].iter_rows(min_row=2)
                 if r[0].value == "VI" and r[1].value == 2)
    count[4].value = 1  # the reviewer counts work 2 again
    wb.save(tmp_path / "edited.xlsx")
    out = tmp_path / "out"
    as_written = summary_rows(openpyxl.load_workbook(recalculate(written, out), data_only=True))
    edited = summary_rows(openpyxl.load_workbook(recalculate(tmp_path / "edited.xlsx", out),
                                                 data_only=True))
    assert (as_written["VI"]["Not in source"], as_written["VI"]["Status"]) == (0, "complete")
    assert (edited["VI"]["Not in source"], edited["VI"]["Status"]) == (1, "incomplete")
    assert edited["Total"]["Status"] == "incomplete"
    counted = vi_all_priced({})  # the Python computation agrees with the edited workbook
    assert counted.total.not_in_source == 1 and not counted.complete


# ---- stored results and number formats (what a reader that does not recalculate sees) -----

def _formula_cells(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if is_formula(cell):
                    yield ws.title, cell.coordinate


def _same(stored, computed) -> bool:
    if stored in (None, "") and computed in (None, ""):
        return True
    if isinstance(stored, int | float) and isinstance(computed, int | float):
        return abs(stored - computed) <= max(1e-6 * abs(computed), 1e-9) or \
            abs(stored - computed) <= 1  # đồng
    return stored == computed


def test_every_formula_stores_its_python_result(written, book, est):
    """Blank only where Python's figure is blank: an empty status, a missing price."""
    stored = openpyxl.load_workbook(written, data_only=True)
    cells = list(_formula_cells(book))
    assert len(cells) > 100
    blank = set()
    for s, c in cells:
        if stored[s][c].value is None:
            ws = book[s]
            blank.add((s, ws.cell(1, ws[c].column).value))
    assert blank <= {("Equipment", "status"), ("Materials", "status"),
                     ("Equipment", "price (VND)"), ("Equipment", "amount (VND)"),
                     ("Prices", "price (VND)")}, blank
    assert_matches(stored, est)  # the Summary as a non-recalculating reader sees it


@needs_soffice
def test_libreoffice_leaves_every_stored_result_as_it_was(written, book, recalculated):
    stored = openpyxl.load_workbook(written, data_only=True)
    original, _, _ = recalculated
    differ = [(s, c, stored[s][c].value, original[s][c].value)
              for s, c in _formula_cells(book)
              if not _same(stored[s][c].value, original[s][c].value)]
    assert differ == []


def test_whole_numbers_show_no_trailing_point(written):
    optional = (".#", ".##", ".###")
    wb = openpyxl.load_workbook(written, data_only=True)
    bad = [(ws.title, c.coordinate, c.value, c.number_format) for ws in wb.worksheets
           for row in ws.iter_rows() for c in row
           if isinstance(c.value, int | float) and not isinstance(c.value, bool)
           and c.value == int(c.value) and c.number_format.endswith(optional)]
    assert bad == []
