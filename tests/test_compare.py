"""normbook compare: two estimate workbooks, the difference split by chain substitution into
quantities, wage rules and prices, the effects adding up to the difference to the đồng."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from normbook.cli import main
from normbook.estimate import EstimateRequest, estimate
from normbook.estimate.compare import compare
from normbook.estimate.readback import NotAnEstimate, read_estimate
from normbook.estimate.run import build_request, run_estimate


def write(folder: Path, appendices, year, counts=(), prices=None) -> Path:
    request = build_request(appendices, year, variants=["XXV=PTN1"] if "XXV" in appendices
                            else [], counts=list(counts))
    run_estimate(request, prices, folder)
    return folder / "estimate.xlsx"


def named_cell(book, name: str):
    """The cell a workbook name refers to (as the workbook's formulas find it)."""
    sheet, ref = book.defined_names[name].attr_text.split("!")
    return book[sheet][ref.replace("$", "")]


def test_a_wage_change_alone_is_the_wage_effect_by_hand(tmp_path):
    """VI, labour only: 2024 (base salary 2,070,000) against 2026 (2,435,000: 6 months at
    2,340,000 and 6 at 2,530,000)."""
    old = read_estimate(write(tmp_path / "a", ["VI"], 2024))
    new = read_estimate(write(tmp_path / "b", ["VI"], 2026))
    result = compare(old, new)
    assert result.effects["quantities"] == 0 and result.effects["prices"] == 0
    # 77,376,600 × 2,435,000 ÷ 2,070,000 = 91,020,300; the exact rates divide by 22, so the
    # total is that to 28 digits
    assert result.old_total * Decimal(2435000) / Decimal(2070000) == Decimal(91_020_300)
    assert abs(result.new_total - Decimal(91_020_300)) < Decimal("1e-15")
    assert result.effects["wages"] == result.new_total - result.old_total
    assert result.new_total == estimate(EstimateRequest(["VI"], 2026)).total.amount


def test_a_user_edited_old_estimate_against_a_new_one(tmp_path):
    from normbook.estimate import read_prices, write_prices_template

    prices_path = tmp_path / "prices.xlsx"
    write_prices_template(prices_path, ["VI", "XXV"], year=2026)
    wb = openpyxl.load_workbook(prices_path)
    for sheet, step in (("Equipment", 1_000), ("Materials", 250)):
        for row in range(2, wb[sheet].max_row + 1):
            wb[sheet].cell(row, 5, 10_000 + step * row)
    wb.save(prices_path)
    prices = read_prices(prices_path)
    old_path = write(tmp_path / "old", ["VI"], 2025, prices=prices)
    # the user edits last year's workbook in Excel: a price, a count, the base salary
    wb = openpyxl.load_workbook(old_path)
    prices_ws, inputs = wb["Prices"], wb["Inputs"]
    header = [c.value for c in prices_ws[1]]
    material = next(r for r in prices_ws.iter_rows(min_row=2)
                    if r[header.index("component")].value == "material")
    material[header.index("unit_price")].value = 99_999
    named_cell(wb, "BaseSalary").value = 2_000_000
    count = next(r for r in inputs.iter_rows() if r[0].value == "VI" and r[1].value == 2)
    count[4].value = 3
    wb.save(old_path)
    new_path = write(tmp_path / "new", ["VI", "XXV"], 2026, counts=["XXV:6=2"], prices=prices)
    old, new = read_estimate(old_path), read_estimate(new_path)
    assert old.counts[("VI", "2")] == 3 and old.wages.base_salary == 2_000_000
    result = compare(old, new)
    assert sum(result.effects.values()) == result.new_total - result.old_total  # to the đồng
    for a, v in result.appendices.items():
        assert sum(v["effects"].values()) == v["new"] - v["old"], a
    # XXV is in the new estimate only: a scope effect, among the quantities (at last year's
    # wages and prices: the rest of its amount is those effects)
    assert result.appendices["XXV"]["old"] == 0
    assert result.appendices["XXV"]["effects"]["quantities"] > 0
    assert all(v != 0 for e, v in result.effects.items() if e != "other_costs")
    assert result.effects["other_costs"] == 0  # neither estimate has a cost line
    stored = openpyxl.load_workbook(new_path, data_only=True)["Summary"]
    total = next(r for r in stored.iter_rows(values_only=True) if r[0] == "Total")
    assert abs(Decimal(repr(total[5])) - result.new_total) <= 1  # the workbook's own Total
    assert result.new_total == estimate(build_request(["VI", "XXV"], 2026,
                                                      variants=["XXV=PTN1"],
                                                      counts=["XXV:6=2"]), prices).total.amount
    effects = {d.effect for d in result.drivers}
    assert effects == {"quantities", "wages", "prices"}


def test_the_command_prints_text_and_json(tmp_path, capsys):
    old = write(tmp_path / "a", ["VI"], 2024)
    new = write(tmp_path / "b", ["VI"], 2026)
    assert main(["compare", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert ("by chain substitution (quantities, then wage rules, then prices, then other cost "
            "lines):") in out
    assert main(["compare", str(old), str(new), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"old_total", "new_total", "effects", "appendices", "drivers",
                           "incomplete"}
    assert report["effects"]["wages"] == pytest.approx(report["new_total"] - report["old_total"])


@pytest.mark.parametrize("damage", ["not-an-estimate", "text-in-a-price", "formula-edited"])
def test_bad_input_is_one_line_naming_the_cell(damage, tmp_path, capsys):
    path = write(tmp_path / "a", ["VI"], 2026)
    if damage == "not-an-estimate":
        book = openpyxl.Workbook()
        book.save(path)
        words = "not an estimate workbook Normbook wrote"
    elif damage == "text-in-a-price":
        wb = openpyxl.load_workbook(path)
        cell = named_cell(wb, "WorkingDays")
        cell.value = "twenty-two"
        wb.save(path)
        words = f"sheet Inputs, cell {cell.coordinate} (WorkingDays): 'twenty-two' is not a number"
    else:  # a user "fixes" a total by hand: the workbook no longer computes what it says
        wb = openpyxl.load_workbook(path)
        ws = wb["Summary"]
        ws["C2"] = "=1000000"
        wb.save(path)
        words = "sheet Summary, cell C2: the formula was changed"
    assert main(["compare", str(path), str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    with pytest.raises(NotAnEstimate):
        read_estimate(path)


def test_estimate_previous_adds_a_comparison_sheet_libreoffice_agrees_with(tmp_path):
    from normbook.libreoffice import find_soffice, recalculate

    old = write(tmp_path / "old", ["VI"], 2024)
    request = build_request(["VI", "XXV"], 2026, variants=["XXV=PTN1"], counts=["XXV:6=2"])
    outputs = run_estimate(request, None, tmp_path / "new", previous=old)
    expected = compare(read_estimate(old), read_estimate(outputs.workbook))
    stored = openpyxl.load_workbook(outputs.workbook, data_only=True)
    assert stored.sheetnames[-1] == "Comparison"
    rows = {r[0]: r for r in stored["Comparison"].iter_rows(min_row=4, values_only=True)
            if r[0] in ("VI", "XXV", "Total")}
    total = rows["Total"]
    assert Decimal(repr(total[1])) == pytest.approx(expected.old_total)
    assert abs(Decimal(repr(total[2])) - expected.new_total) <= 1
    assert abs(Decimal(repr(total[3])) - expected.difference) <= 1
    for i, effect in enumerate(("quantities", "wages", "prices"), 4):
        assert abs(Decimal(repr(total[i])) - expected.effects[effect]) <= 1, effect
    assert rows["XXV"][1] == 0  # not in last year's estimate
    assert rows["XXV"][9] == "scope: in this estimate only, a quantity effect"
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    again = openpyxl.load_workbook(recalculate(outputs.workbook, tmp_path / "lo"),
                                   data_only=True)["Comparison"]
    for row in again.iter_rows(min_row=4, max_row=6, values_only=True):
        mine = rows[row[0]]
        assert all(abs((a or 0) - (b or 0)) <= 1 for a, b in zip(mine[1:7], row[1:7],
                                                                  strict=True)), row


def test_compare_writes_a_comparison_workbook(tmp_path, capsys):
    old = write(tmp_path / "a", ["VI"], 2024)
    new = write(tmp_path / "b", ["VI"], 2026)
    out = tmp_path / "comparison.xlsx"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out, data_only=True)["Comparison"]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Total")
    assert total[3] == pytest.approx(total[2] - total[1]) and total[5] == pytest.approx(total[3])
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 2  # never over a file


def test_the_justification_says_how_the_estimate_moved(tmp_path):
    import docx

    from normbook.vn_words import amount_in_words

    old = write(tmp_path / "old", ["VI"], 2024)
    outputs = run_estimate(build_request(["VI"], 2026), None, tmp_path / "new", previous=old)
    text = "\n".join(p.text for p in docx.Document(str(outputs.justification)).paragraphs)
    assert "3. So sánh với dự toán năm trước" in text  # after VI (1) and the summary (2)
    result = compare(read_estimate(old), read_estimate(outputs.workbook))
    diff = int(result.difference.quantize(Decimal(1)))
    grouped = f"{diff:,}".replace(",", ".")
    words = amount_in_words(diff)
    assert f"chênh lệch +{grouped} đồng" in text and f"tăng {words[:1].lower()}{words[1:]}" in text
    wages = f"{int(result.effects['wages'].quantize(Decimal(1))):,}".replace(",", ".")
    assert f"Do chế độ tiền lương (mức lương cơ sở, số ngày làm việc, phụ cấp, các khoản " \
           f"đóng góp): +{wages} đồng" in text
    sheet = openpyxl.load_workbook(outputs.workbook, data_only=True)["Comparison"]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Total")
    assert abs(total[3] - diff) <= 1  # the workbook says the same
    plain = run_estimate(build_request(["VI"], 2026), None, tmp_path / "plain")
    assert "So sánh với dự toán năm trước" not in "\n".join(
        p.text for p in docx.Document(str(plain.justification)).paragraphs)


def test_each_effect_equals_a_hand_computation(tmp_path):
    """VI: one work counted twice, the base salary raised, one material's price raised; each
    effect computed by hand from the old estimate's own lines."""
    from normbook.estimate import Prices, WageParameters
    from normbook.estimate.model import MaterialPrice
    from normbook.estimate.readback import EstimateInputs

    base = estimate(EstimateRequest(["VI"], 2026))
    materials = {x.key: MaterialPrice(Decimal(1000)) for x in base.appendix("VI").materials}
    wages0 = WageParameters(base_salary=Decimal(2_000_000))
    wages1 = WageParameters(base_salary=Decimal(2_500_000))
    old = EstimateInputs("old", 2026, ("VI",), {}, {}, wages0, Prices(wages0, {}, materials))
    key = next(iter(materials))
    raised = {**materials, key: MaterialPrice(Decimal(1500))}
    new = EstimateInputs("new", 2026, ("VI",), {}, {("VI", "1"): 2}, wages1,
                         Prices(wages1, {}, raised))
    result = compare(old, new)
    before = estimate(EstimateRequest(["VI"], 2026), Prices(wages0, {}, materials)).appendix("VI")
    work1 = [x for x in (*before.labour, *before.materials) if x.work == "1"]
    direct = sum((x.amount for x in before.labour if x.work == "1"), Decimal(0))
    # quantities: work 1 once more, at last year's wages and prices (+ indirect labour on it)
    by_hand = sum((x.amount or Decimal(0) for x in work1), Decimal(0)) + \
        direct * before.labour_indirect.amount / before.labour_direct.amount
    assert result.effects["quantities"] == pytest.approx(by_hand, abs=Decimal("0.001"))
    # wages: all labour of the new quantities, times 2.5 / 2.0 − 1
    after_q = estimate(EstimateRequest(["VI"], 2026, {}, {("VI", "1"): 2}),
                       Prices(wages0, {}, materials)).appendix("VI")
    assert result.effects["wages"] == pytest.approx(
        after_q.labour_total.amount * (Decimal("2.5") / 2 - 1), abs=Decimal("0.001"))
    # prices: the raised material's total quantity times the 500 đ it went up
    quantity = sum((x.quantity_total for x in after_q.materials if x.key == key), Decimal(0))
    assert result.effects["prices"] == quantity * 500


def test_a_file_compared_with_itself_has_no_heading_over_nothing(tmp_path, capsys):
    path = write(tmp_path / "a", ["VI"], 2026)
    assert main(["compare", str(path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "what drives each effect most" not in out  # no driver to list under it


def test_a_workbook_without_the_lab_class_says_so_not_a_python_keyword(tmp_path, capsys):
    path = write(tmp_path / "a", ["VI"], 2026)
    wb = openpyxl.load_workbook(path)
    sheet, ref = wb.defined_names["Appendices"].attr_text.split("!")
    first = wb[sheet][ref.replace("$", "").split(":")[0]]
    first.value = "XXV"  # an appendix with lab-class alternatives, and no class given
    wb.save(path)
    assert main(["compare", str(path), str(path)]) == 2
    err = capsys.readouterr().err
    assert "give no lab class for appendix XXV (one of PTN1 or PTN2)" in err
    assert "variants=" not in err and err.count("\n") == 1
