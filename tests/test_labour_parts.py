"""The labour rate's parts and the cost lines beyond the norms (issue "Current law and the
whole cost"): each part by hand, in Python and as LibreOffice recalculates the workbook; cost
lines change the totals by exactly their amounts, in the workbook, the justification and
compare. The cost lines' names, values and bases here are test figures, not real decisions.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pytest

from normbook.estimate import EstimateRequest, estimate
from normbook.estimate.compare import compare
from normbook.estimate.model import CostLineInput, Prices, WageParameters
from normbook.estimate.readback import read_estimate
from normbook.estimate.run import write_outputs
from normbook.libreoffice import find_soffice, recalculate

#: Test figures: an allowance for every rank, a rank's own, and every contribution.
WAGES = WageParameters(
    working_days_per_month=Decimal(22), allowances_in_base_percent=Decimal(5),
    allowances_other_percent=Decimal(10),
    rank_allowances={"V.05.02.07": (Decimal(12), Decimal(3))},
    contributions={"social_insurance_percent": Decimal(17), "accident_fund_percent":
                   Decimal("0.5"), "health_insurance_percent": Decimal(3),
                   "unemployment_insurance_percent": Decimal(1),
                   "union_fund_percent": Decimal(2)})
TEST_LINES = (
    CostLineInput("Chi phí quản lý (test figure)", "direct_percent", Decimal("0.1"), ("VI",),
                  "test figure: 10 % of VI's direct costs"),
    CostLineInput("Khấu hao tài sản của chuẩn (test figure)", "fixed", Decimal(7_000_000), (),
                  "test figure: a fixed amount on every appendix"),
)


def _hand(coefficient: str, base: int, in_base: str, other: str) -> Fraction:
    """coefficient × base; + allowances; + (salary + allowances in the base) × 23.5 %; ÷ 22."""
    salary = Fraction(coefficient) * base
    contributions = Fraction(17 + Fraction("0.5") + 3 + 1 + 2, 100)
    monthly = salary * (1 + Fraction(in_base) / 100 + Fraction(other) / 100) \
        + salary * (1 + Fraction(in_base) / 100) * contributions
    return monthly / 22


def _estimate(lines: tuple = ()) -> object:
    request = EstimateRequest(["VI", "XXV"], 2027, {"XXV": "PTN1"})
    return estimate(request, Prices(WAGES, cost_lines=lines))


def test_a_daily_rate_is_its_parts_by_hand() -> None:
    est = _estimate()
    vi = est.appendix("VI").labour[0]  # Kỹ sư (hạng III) V.05.02.07, 2/9: its own allowances
    assert (vi.rank_code, vi.grade) == ("V.05.02.07", "2/9")
    assert Fraction(vi.daily_rate) == _hand("2.67", 2_530_000, "12", "3")
    general = next(x for a in est.appendices for x in a.labour if not x.rank_code)
    assert Fraction(general.daily_rate) == _hand(str(general.rate.grade.coefficient),
                                                 2_530_000, "5", "10")
    # 2.67 × 2,530,000 = 6,755,100; × 1.15 allowances; + 6,755,100 × 1.12 × 23.5 % ÷ 22
    assert round(vi.daily_rate) == round((6_755_100 * Fraction(115, 100)
                                          + 6_755_100 * Fraction(112, 100)
                                          * Fraction(235, 1000)) / 22)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, Path]:
    folder = tmp_path_factory.mktemp("parts")
    plain = write_outputs(_estimate(), folder / "plain")
    lines = write_outputs(_estimate(TEST_LINES), folder / "lines")
    return plain, lines, folder


def test_cost_lines_add_exactly_their_amounts(written) -> None:
    plain, lines, _folder = written
    before, after = plain.estimate, lines.estimate
    management, depreciation = after.other_costs
    vi = after.appendix("VI").total.amount
    assert management.amount == vi * Decimal("0.1") and management.appendices == ("VI",)
    assert depreciation.amount == 7_000_000 and depreciation.appendices == ("VI", "XXV")
    assert after.total.amount - before.total.amount == management.amount + 7_000_000
    assert after.norms_total.amount == before.total.amount
    # the justification's summary table has each line with its basis, and the new total
    text = "\n".join(c.text for t in docx.Document(lines.justification).tables
                     for r in t.rows for c in r.cells)
    assert "test figure: 10 % of VI's direct costs" in text
    assert "test figure: a fixed amount on every appendix" in text
    paragraphs = "\n".join(p.text for p in docx.Document(lines.justification).paragraphs)
    grouped = f"{round(after.total.amount):,}".replace(",", ".")
    assert f"Tổng kinh phí dự toán: {grouped} đồng" in paragraphs
    assert "bảo hiểm" in paragraphs.lower() or "social insurance" in paragraphs.lower()


def test_compare_splits_the_cost_lines_into_their_own_effect(written) -> None:
    plain, lines, _folder = written
    old, new = read_estimate(plain.workbook), read_estimate(lines.workbook)
    assert new.prices.cost_lines and not old.prices.cost_lines
    # the rank's own allowances come back as its rows' own (each grade of V.05.02.07)
    assert set(new.wages.grade_allowances.values()) == {(Decimal(12), Decimal(3))}
    result = compare(old, new)
    assert sum(result.effects.values()) == result.difference  # to the đồng, exactly
    assert result.effects["quantities"] == result.effects["wages"] == 0
    assert result.effects["other_costs"] == result.difference
    assert result.difference == sum(o.amount for o in lines.estimate.other_costs)
    for key, v in result.appendices.items():
        assert sum(v["effects"].values()) == v["new"] - v["old"], key
    assert result.appendices["other_costs"]["new"] == result.difference


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_same_rates_and_totals(written) -> None:
    _plain, lines, folder = written
    recalculated = recalculate(lines.workbook, folder / "recalculated")
    book = openpyxl.load_workbook(recalculated, data_only=True)
    prices = book.worksheets[1]
    header = [c.value for c in prices[1]]
    row = next(r for r in prices.iter_rows(min_row=2, values_only=True) if r[0] == "A1 2/9")
    rate = Fraction(repr(row[header.index("price (VND)")]))
    assert abs(rate - _hand("2.67", 2_530_000, "12", "3")) < Fraction(1, 10**6)
    summary = book.worksheets[5]
    total = next(r for r in summary.iter_rows(values_only=True) if r[0] == "Total")
    assert abs(Decimal(repr(total[5])) - lines.estimate.total.amount) <= 1
    names = [r[1] for r in summary.iter_rows(values_only=True) if r[1]]
    assert any("Chi phí quản lý (test figure)" in str(n) for n in names)


# ---- a comparison says what either estimate lacks (issue "Paper, privacy ...", item 2) ----

def test_compare_of_an_incomplete_estimate_says_what_it_leaves_out(written, tmp_path) -> None:
    from normbook.cli import main
    from normbook.estimate.compare import to_text

    plain, lines, _folder = written  # no equipment or material prices: both incomplete
    result = compare(read_estimate(plain.workbook), read_estimate(lines.workbook))
    assert not result.complete
    missing = sum(1 for a in plain.estimate.appendices for x in (*a.equipment, *a.materials)
                  if x.count and x.price is None)
    assert result.old_gaps.missing_prices == result.new_gaps.missing_prices == missing > 0
    assert result.new_gaps.not_in_source == len(lines.estimate.gaps_left_out) == 1
    assert result.new_gaps.cost_lines == 1  # 10 % of VI, whose direct costs lack prices
    assert result.uncertain == ("quantities", "prices", "other_costs")
    text = to_text(result, "old.xlsx", "new.xlsx")
    assert f"old.xlsx: incomplete, its amount leaves out {missing} lines without a price" in text
    assert "so these effects are uncertain: quantities, prices, other cost lines" in text
    report = result.as_dict()["incomplete"]
    assert report["new"] == {"missing_prices": missing, "not_in_source": 1,
                             "cost_lines_on_incomplete_base": 1}
    # the comparison workbook names both files and says the same
    out = tmp_path / "comparison.xlsx"
    assert main(["compare", str(plain.workbook), str(lines.workbook), "-o", str(out),
                 "--format", "json"]) == 0
    sheet = openpyxl.load_workbook(out).active
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert str(plain.workbook) in cells[0] and str(lines.workbook) in cells[0]
    assert any("incomplete" in c and f"{missing} lines without a price" in c for c in cells)


def test_the_justification_section_says_what_is_uncosted(written, tmp_path) -> None:
    from normbook.estimate.run import write_outputs

    plain, _lines, _folder = written
    result = compare(read_estimate(plain.workbook), read_estimate(plain.workbook))
    assert result.drivers == [] and not result.complete
    outputs = write_outputs(plain.estimate, tmp_path / "j", comparison=result,
                            previous=str(plain.workbook))
    text = "\n".join(p.text for p in docx.Document(outputs.justification).paragraphs)
    assert "chưa đầy đủ, số tiền chưa bao gồm" in text
    assert "các mức ảnh hưởng sau chưa chắc chắn" in text


def test_a_complete_comparison_says_nothing_of_gaps() -> None:
    from test_estimate_compute import III_EQUIPMENT, III_MATERIALS

    from normbook.estimate.compare import gap_sentences, inputs_of

    prices = Prices.from_names(III_EQUIPMENT, III_MATERIALS, WAGES)
    est = estimate(EstimateRequest(["III"], 2024), prices)
    assert est.complete
    result = compare(inputs_of(est, prices), inputs_of(est, prices))
    assert result.complete and gap_sentences(result, "a", "b") == []


def test_an_allowance_typed_on_one_prices_row_is_read_back(written, tmp_path) -> None:
    """A reviewer types 20 % into one daily rate's allowance cell (Prices): compare reads it
    for that grade alone, the other cell and rows keep their formulas."""
    plain, _lines, _folder = written
    book = openpyxl.load_workbook(plain.workbook)
    prices = book.worksheets[1]
    header = [c.value for c in prices[1]]
    column = header.index("allowances in the contribution base") + 1
    row = next(r[0].row for r in prices.iter_rows(min_row=2) if r[0].value == "C1 3/12")
    assert prices.cell(row, column).value == "=AllowancesInBase"
    prices.cell(row, column).value = 0.2
    prices.cell(row, column).number_format = "0%"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    inputs = read_estimate(edited)
    assert inputs.wages.grade_allowances["C1 3/12"] == (Decimal(20), None)
    result = compare(read_estimate(plain.workbook), inputs)
    assert result.effects["wages"] > 0 and sum(result.effects.values()) == result.difference
    assert result.effects["quantities"] == result.effects["prices"] == 0


def _template(tmp_path: Path, wages: dict[str, object], cost_lines: list[tuple]) -> Path:
    """A VI prices template (English) with Wages rows added and cost lines filled."""
    from normbook.estimate.prices import write_prices_template

    path = tmp_path / "p.xlsx"
    write_prices_template(path, ["VI"], lang="en")
    book = openpyxl.load_workbook(path)
    ws = book["Wages"]
    for name, value in wages.items():
        ws.append([name, value])
    sheet = book["Cost lines"]
    for r, row in enumerate(cost_lines, 2):
        for c, value in enumerate(row, 1):
            sheet.cell(r, c, value)
    book.save(path)
    return path


def test_hostile_wage_rows_and_cost_lines_are_refused_by_cell(tmp_path) -> None:
    from normbook.estimate import read_prices
    from normbook.estimate.model import PricesError

    path = _template(tmp_path, {"allowances_other_percent V.99.99.99": 10,
                                "allowances_other_percent Lao dong pho thong": 20}, [
        ("Management (test figure)", "% of direct costs", 10, "VI", "test figure"),
        ("Management (test figure)", "fixed amount (VND)", 5, "", "test figure"),
        ("Other (test figure)", "% of labour", 10, "XL", "test figure"),
        ("No basis (test figure)", "% of labour", 10, "VI", None)])
    with pytest.raises(PricesError) as caught:
        read_prices(path)
    said = "\n".join(str(p) for p in caught.value.problems)
    assert "no rank 'V.99.99.99' in the wage data" in said  # an unknown rank code
    assert "Lao dong pho thong" not in said  # general labour without accents is known
    assert "Cost lines!A3: 'Management (test figure)' is the same cost line as row 2" in said
    assert "Cost lines!D4" in said and "XL" in said  # no appendix XL
    assert "Cost lines!E5" in said  # the basis is required


def test_a_prices_file_from_before_the_contributions_says_so(tmp_path) -> None:
    from normbook.estimate import read_prices

    path = _template(tmp_path, {}, [])
    book = openpyxl.load_workbook(path)
    ws = book["Wages"]
    for row in list(ws.iter_rows(min_row=2)):
        if str(row[0].value).endswith("_percent") and row[0].value != "on_costs_percent":
            ws.delete_rows(row[0].row)  # an older template: no contributions' rows
    book.save(path)
    prices = read_prices(path)
    assert prices.wages.contributions_percent == 0
    assert any("no rows for the employer's contributions" in str(w) for w in prices.warnings)
    both = _template(tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path,
                     {"on_costs_percent": 23.5}, [])
    warned = read_prices(both).warnings
    assert any("counted twice" in str(w) for w in warned)  # 23.5 % on-costs and 17.5 %


def test_a_cost_lines_kind_changed_on_inputs_is_refused_there(written, tmp_path) -> None:
    from normbook.estimate.readback_error import NotAnEstimate

    _plain, lines, _folder = written
    book = openpyxl.load_workbook(lines.workbook)
    inputs = book.worksheets[0]
    row = next(c.row for c in inputs["A"] if c.value == "Chi phí quản lý (test figure)")
    inputs[f"B{row}"] = "% of labour"  # was "% of direct costs": its Summary row is not
    edited = tmp_path / "kind.xlsx"
    book.save(edited)
    with pytest.raises(NotAnEstimate) as caught:
        read_estimate(edited)
    said = str(caught.value)
    assert f"cell B{row}" in said and "the kind or the appendices of cost line" in said
