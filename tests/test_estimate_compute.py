"""The estimate's computation: hand-computed totals, counts, lab classes, gaps and prices."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

import normbook
from normbook.errors import (
    BadArgument,
    LabClassRequired,
    NotInSource,
    UnknownAppendix,
    UnknownComponent,
    UnknownVariant,
    UnknownWork,
)
from normbook.estimate import (
    EquipmentPrice,
    EstimateRequest,
    MaterialPrice,
    MissingPrices,
    Prices,
    WageParameters,
    estimate,
    needed_items,
    norm_cost,
)
from normbook.wages import NoBaseSalary

# Prices for appendix III, by item name (VND per shift / per unit), chosen for the test.
III_EQUIPMENT = {"Điều hòa nhiệt độ": 20_000, "Máy hút ẩm": 5_000, "Nhiệt kế": 500,
                 "Ẩm kế": 500, "Áp kế": 1_000, "Máy tính để bàn": 8_000, "Máy in Laser": 6_000}
III_MATERIALS = {"Điện năng (nhiên liệu)": 2_500, "Bảo hộ lao động": 350_000, "Giấy": 80_000,
                 "Bút bi": 60_000, "Ghim": 10_000, "Sổ ghi chép": 25_000}
# Decree 204/2004 coefficients written out here, not read from the package's data.
A1 = {"2/9": Fraction("2.67"), "3/9": Fraction("3.00"), "4/9": Fraction("3.33"),
      "5/9": Fraction("3.66"), "6/9": Fraction("3.99")}


def _close(actual: Decimal, expected: Fraction) -> bool:
    """Equal to within 1e-12 VND: Decimal carries 28 digits, the Fraction is exact."""
    return abs(Fraction(actual) - expected) < Fraction(1, 10**12)


def _fr(x: float) -> Fraction:
    return Fraction(repr(x))


# ---- a hand-computed appendix -------------------------------------------------------------------

def _hand_iii(year_base: int) -> dict[str, Fraction]:
    """Appendix III costed by hand from its tables: all works once, prices above."""
    direct = sum((_fr(r["cong"]) * A1[r["grade"]] * year_base / 22
                  for r in normbook.table("III", "labour")), Fraction(0))
    equipment = sum((_fr(r["shifts"]) * III_EQUIPMENT[r["name"]]
                     for r in normbook.table("III", "equipment")), Fraction(0))
    materials = sum((_fr(r["consumption"]) * III_MATERIALS[r["name"]]
                     for r in normbook.table("III", "materials")), Fraction(0))
    labour = direct * Fraction(11, 10)
    return {"direct": direct, "labour": labour, "equipment": equipment,
            "materials": materials, "total": labour + equipment + materials}


def test_appendix_iii_matches_the_hand_computation() -> None:
    hand = _hand_iii(2_070_000)  # 2024: (6 × 1,800,000 + 6 × 2,340,000) / 12
    # the labour part is small enough to check against the circular's own numbers too:
    # 31.5 công at A1 3/9 (3.00): 31.5 × 3 × 2,070,000 / 22 × 1.1 = 9,780,750 exactly
    assert hand["labour"] == 9_780_750
    est = estimate(EstimateRequest(["III"], 2024),
                   Prices.from_names(III_EQUIPMENT, III_MATERIALS))
    part = est.appendix("III")
    assert _close(part.labour_direct.amount, hand["direct"])
    assert _close(part.labour_total.amount, hand["labour"])
    assert part.equipment_total.amount == hand["equipment"]  # whole numbers: exact
    assert part.materials_total.amount == hand["materials"]
    assert _close(part.total.amount, hand["total"])
    assert _close(est.total.amount, hand["total"])
    assert est.complete and part.missing_prices == () and part.not_in_source == ()


def test_labour_lines_carry_rate_count_and_source_lines() -> None:
    part = estimate(EstimateRequest(["III"], 2024)).appendix("III")
    first = part.labour[0]
    assert (first.work, first.rank_code, first.grade, first.count) == ("1", "V.05.02.07", "3/9", 1)
    assert first.cong == Decimal("3.5") and first.cong_total == Decimal("3.5")
    assert first.daily_rate == Decimal(3) * 2_070_000 / 22
    assert first.amount == first.cong_total * first.daily_rate
    assert first.lines and first.basis == "per_year"
    assert part.cong_direct == Decimal("31.5") and part.cong_indirect == Decimal("3.15")
    assert part.labour_indirect.amount == part.labour_direct.amount * Decimal("0.1")


def test_materials_cost_the_consumption_not_the_use() -> None:
    # Appendix I work 2: 'Bình chữa cháy' use 5, consumption 2.5 (Article 5.1.c: tiêu hao)
    est = estimate(EstimateRequest(["I"], 2026), Prices.from_names({}, {"Bình chữa cháy": 100}))
    line = next(x for x in est.appendix("I").materials if x.item == "Bình chữa cháy")
    assert (line.use, line.quantity) == (Decimal(5), Decimal("2.5"))
    assert line.amount == Decimal(250)


def test_general_labour_uses_the_chosen_scale() -> None:
    # XII has general labour at "2" and "2/12": C1 grade 2 = 1.83, B grade 2 = 2.06
    rows = [r for r in normbook.table("XII", "labour") if not r["rank_code"]]
    cong = sum((_fr(r["cong"]) for r in rows), Fraction(0))
    for scale, coef in (("C1", Fraction("1.83")), ("B", Fraction("2.06"))):
        prices = Prices(WageParameters(general_scale=scale))
        part = estimate(EstimateRequest(["XII"], 2025), prices).appendix("XII")
        general = [x for x in part.labour if not x.rank_code]
        assert len(general) == len(rows)
        assert _close(sum((x.amount for x in general), Decimal(0)), cong * coef * 2_340_000 / 22)
        assert {x.rate.grade.scale for x in general} == {scale}
    notes = estimate(EstimateRequest(["XII"], 2025)).notes
    assert any("scale C1" in n and "assumption" in n for n in notes)


def test_wage_parameters_flow_into_every_rate() -> None:
    prices = Prices(WageParameters(working_days_per_month=26, on_costs_percent=10,
                                   base_salary=2_000_000))
    part = estimate(EstimateRequest(["VI"], 2026), prices).appendix("VI")
    rate = Fraction("2.67") * 2_000_000 / 26 * Fraction(11, 10)
    assert _close(part.labour_direct.amount, 280 * rate)


def test_future_year_notes_the_assumed_base_salary() -> None:
    est = estimate(EstimateRequest(["VI"], 2027))
    assert est.base_salary.amount == Decimal(2_530_000)  # Decree 161/2026/NĐ-CP, all 12 months
    assert any("Decree 161/2026/NĐ-CP (2,530,000 VND a month from 2026-07-01) is assumed to "
               "remain in force through 2027" in w for w in est.warnings)
    assert not any("is assumed to remain in force" in n for n in est.notes)  # said once


# ---- counts -------------------------------------------------------------------------------------

def test_counts_drop_and_repeat_works() -> None:
    base = estimate(EstimateRequest(["VI"], 2026)).appendix("VI")
    counted = estimate(EstimateRequest(["VI"], 2026, counts={("VI", 3): 0, ("vi", "5"): 2})
                       ).appendix("VI")
    work3 = normbook.norm_decimal("VI", "labour_direct", work=3)
    work5 = normbook.norm_decimal("VI", "labour_direct", work=5)
    assert counted.cong_direct == base.cong_direct - work3 + work5
    assert counted.counts["3"] == 0 and counted.counts["5"] == 2 and counted.counts["1"] == 1
    line5 = next(x for x in counted.equipment if x.work == "5")
    assert line5.count == 2 and line5.quantity_total == 2 * line5.quantity
    assert all(x.quantity_total == 0 for x in counted.equipment if x.work == "3")
    assert any("VI/3: 0" in n and "VI/5: 2" in n for n in
               estimate(EstimateRequest(["VI"], 2026, counts={("VI", 3): 0, ("VI", 5): 2})).notes)


def test_a_joint_block_takes_the_count_its_works_share() -> None:
    # XVII equipment gives works 2 and 3 one block ("2+3")
    same = estimate(EstimateRequest(["XVII"], 2026, counts={("XVII", 2): 2, ("XVII", 3): 2}))
    assert {x.count for x in same.appendix("XVII").equipment if x.work == "2+3"} == {2}
    with pytest.raises(BadArgument, match=r"works 2 and 3.*differ.*'2\+3'"):
        estimate(EstimateRequest(["XVII"], 2026, counts={("XVII", 2): 0, ("XVII", 3): 1}))
    own = estimate(EstimateRequest(["XVII"], 2026, counts={
        ("XVII", 2): 0, ("XVII", 3): 1, ("XVII", "2+3"): 1}))
    assert {x.count for x in own.appendix("XVII").equipment if x.work == "2+3"} == {1}


@pytest.mark.parametrize(("counts", "error", "message"), [
    ({("VI", 9): 1}, UnknownWork, "no work 9"),
    ({("VI", 1): -1}, BadArgument, "whole number"),
    ({("VI", 1): 1.5}, BadArgument, "whole number"),
    ({("VI", 1): "twice"}, BadArgument, "whole number"),
    ({("III", 1): 1}, BadArgument, "not in this estimate"),
    ({"VI": 1}, BadArgument, r"\(appendix, work\) pairs"),
])
def test_bad_counts(counts: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        EstimateRequest(["VI"], 2026, counts=counts)


# ---- appendices and lab classes -----------------------------------------------------------------

def test_lab_class_is_required_where_the_appendix_has_alternatives() -> None:
    # the request's keyword is variants, a mapping: the message says how to fill it
    with pytest.raises(LabClassRequired, match=r"variants=\{'XXV': 'PTN1'\} or \{'XXV': 'PTN2'\}"):
        EstimateRequest(["VI", "XXV"], 2026)
    one = estimate(EstimateRequest(["XXV"], 2026, variants={"XXV": "PTN1"})).appendix("XXV")
    two = estimate(EstimateRequest(["XXV"], 2026, variants={"XXV": 2})).appendix("XXV")
    assert {x.lab_class for x in one.labour} <= {"", "PTN1"}
    assert {x.lab_class for x in two.labour} <= {"", "PTN2"}
    assert one.cong_direct == normbook.norm_decimal("XXV", "labour_direct", variant="PTN1")
    assert two.cong_direct == normbook.norm_decimal("XXV", "labour_direct", variant="PTN2")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"appendices": ["XL"]}, UnknownAppendix),
    ({"appendices": []}, BadArgument),
    ({"appendices": "VI"}, BadArgument),
    ({"appendices": ["XXV"], "variants": {"XXV": "PTN3"}}, UnknownVariant),
    ({"appendices": ["VI"], "variants": {"VI": "PTN1"}}, UnknownVariant),
    ({"appendices": ["VI"], "variants": {"XXV": "PTN1"}}, BadArgument),
])
def test_bad_requests(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        EstimateRequest(year=2026, **kwargs)


# ---- gaps in the source and missing prices ------------------------------------------------------

def test_missing_prices_are_listed_and_left_empty_never_zero() -> None:
    prices = Prices.from_names({k: v for k, v in III_EQUIPMENT.items() if k != "Ẩm kế"},
                               {k: v for k, v in III_MATERIALS.items() if k != "Giấy"})
    est = estimate(EstimateRequest(["III"], 2024), prices)
    part = est.appendix("III")
    assert sorted((m.component, m.item) for m in part.missing_prices) == [
        ("equipment", "Ẩm kế"), ("material", "Giấy")]
    line = next(x for x in part.equipment if x.item == "Ẩm kế")
    assert (line.price, line.amount, line.price_basis) == (None, None, "missing")
    assert not part.equipment_total.complete and part.equipment_total.missing_prices == 1
    assert not part.total.complete and not est.complete
    assert part.labour_total.complete
    hand = _hand_iii(2_070_000)
    assert part.equipment_total.amount == hand["equipment"] - 1095 * 500  # priced lines only


def test_strict_refuses_listing_every_missing_price() -> None:
    prices = Prices.from_names({k: v for k, v in III_EQUIPMENT.items() if k != "Ẩm kế"},
                               {k: v for k, v in III_MATERIALS.items() if k != "Giấy"})
    with pytest.raises(MissingPrices, match=r"2 items.*Ẩm kế.*Giấy") as info:
        estimate(EstimateRequest(["III"], 2024, strict=True), prices)
    assert {m.item for m in info.value.missing} == {"Ẩm kế", "Giấy"}
    estimate(EstimateRequest(["III"], 2024, strict=True),
             Prices.from_names(III_EQUIPMENT, III_MATERIALS))  # all priced: no error


def test_items_with_a_note_are_shown_not_costed() -> None:
    part = estimate(EstimateRequest(["VI"], 2026)).appendix("VI")
    gap = next(g for g in part.not_in_source if g.item == "Thiết bị lưu điện")
    assert (gap.component, gap.note) == ("equipment", "Sử dụng khi thực hiện phép đo quan trọng")
    assert gap.lines
    assert all(x.item != "Thiết bị lưu điện" for x in part.equipment)
    assert all(m.item != "Thiết bị lưu điện" for m in part.missing_prices)
    assert not part.equipment_total.complete and part.equipment_total.not_in_source == 1
    xv = estimate(EstimateRequest(["XV"], 2026)).appendix("XV")
    assert {g.item for g in xv.not_in_source} == {
        "Axit HNO3 siêu tinh khiết để thực hiện phân tích, đánh giá độ đồng nhất, độ ổn định",
        "Khí Argon", "Dung dịch tối ưu cho hệ thống ICP-MS"}


def test_truncated_appendix_xix_has_no_equipment_or_materials_and_says_so() -> None:
    part = estimate(EstimateRequest(["XIX"], 2026)).appendix("XIX")
    assert part.equipment == () and part.materials == ()
    gaps = {g.component: g for g in part.not_in_source}
    assert set(gaps) == {"labour", "equipment", "material"}
    assert "no section at all" in gaps["equipment"].note and "9816" in gaps["material"].note
    assert part.labour  # what the source does give is still priced
    assert not part.total.complete and part.total.not_in_source == 3


def test_a_work_without_labour_lines_is_shown() -> None:
    part = estimate(EstimateRequest(["XVIII"], 2026)).appendix("XVIII")
    assert [(g.component, g.work) for g in part.not_in_source] == [("labour", "3")]
    skipped = estimate(EstimateRequest(["XVIII"], 2026, counts={("XVIII", 3): 0}))
    gap = skipped.appendix("XVIII").not_in_source[0]  # still shown, for a reviewer
    assert (gap.work, gap.count, skipped.appendix("XVIII").labour_total.complete) == (
        "3", 0, True)


def test_all_31_appendices_estimate() -> None:
    ids = [a.id for a in normbook.appendices()]
    variants = {a: "PTN1" for a in ids if normbook.lab_classes(a)}
    est = estimate(EstimateRequest(ids, 2026, variants=variants))
    assert len(est.appendices) == 31
    assert est.total.amount == sum((a.labour_total.amount for a in est.appendices), Decimal(0))
    assert len({(m.key) for m in est.missing_prices}) > 100  # no prices given: all missing
    assert all(x.amount is None for a in est.appendices for x in (*a.equipment, *a.materials))


def test_unused_price_rows_are_warnings() -> None:
    prices = Prices.from_names({**III_EQUIPMENT, "Máy bay": 1}, III_MATERIALS)
    est = estimate(EstimateRequest(["III"], 2024), prices)
    assert est.complete
    assert any("Máy bay" in w and "ignored" in w for w in est.warnings)


def test_equipment_price_by_depreciation() -> None:
    p = EquipmentPrice(asset_value=Decimal(120_000_000), depreciation_rate=Decimal("0.1"),
                       shifts_per_year=Decimal(1095))
    assert p.basis == "depreciation"
    assert p.per_shift == Decimal(120_000_000) * Decimal("0.1") / Decimal(1095)
    wins = EquipmentPrice(Decimal(7), Decimal(120_000_000), Decimal("0.1"), Decimal(1095))
    assert (wins.basis, wins.per_shift) == ("price_per_shift", Decimal(7))
    assert EquipmentPrice(asset_value=Decimal(1)).per_shift is None


# ---- norm_cost (behind NORM_COST) ---------------------------------------------------------------

def test_norm_cost_labour_ignores_prices() -> None:
    rate = Fraction("2.67") * 2_435_000 / 22  # 2026: (6 × 2,340,000 + 6 × 2,530,000) ÷ 12
    assert _close(norm_cost("VI", "labour_direct", {}, 2026), 280 * rate)
    assert _close(norm_cost("VI", "labour", {}, 2026), 308 * rate)
    assert _close(norm_cost(6, "labour_indirect", {}, 2026.0), 28 * rate)
    assert _close(norm_cost("VI", "labour", {}, 2026, work=5),
                  _fr(normbook.norm("VI", "labour", work=5)) * rate)


def test_norm_cost_equipment_and_materials_of_iii() -> None:
    hand = _hand_iii(2_070_000)
    prices = {**III_EQUIPMENT, **III_MATERIALS}
    assert norm_cost("III", "equipment", prices, 2024) == hand["equipment"]
    assert norm_cost("III", "material", prices, 2024) == hand["materials"]
    assert norm_cost("III", "materials", {k: str(v) for k, v in prices.items()}, 2024) == \
        hand["materials"]
    twice = norm_cost("III", "equipment", prices, 2024, counts={1: 2})
    work1 = sum((_fr(r["shifts"]) * III_EQUIPMENT[r["name"]]
                 for r in normbook.table("III", "equipment") if r["work"] == "1"), Fraction(0))
    assert twice == hand["equipment"] + work1


def test_norm_cost_names_the_missing_item() -> None:
    prices = {k: v for k, v in III_EQUIPMENT.items() if k != "Nhiệt kế"}
    with pytest.raises(MissingPrices, match="Nhiệt kế") as info:
        norm_cost("III", "equipment", prices, 2024)
    assert info.value.excel_code == "#N/A"


def test_norm_cost_refuses_a_total_the_source_does_not_give() -> None:
    with pytest.raises(NotInSource, match="Thiết bị lưu điện"):
        norm_cost("VI", "equipment", {}, 2026)
    prices = {"Điều hòa nhiệt độ": 10, "Máy hút ẩm": 1, "Ổn áp": 1, "Nhiệt kế": 1, "Ẩm kế": 1,
              "Áp kế theo dõi áp suất khí quyển": 1, "Máy tính để bàn": 1, "Máy in Laser": 1}
    assert norm_cost("VI", "equipment", prices, 2026, work=1) == \
        1065 * 10 + 1095 * 5 + 33 + 33


@pytest.mark.parametrize(("args", "kwargs", "error"), [
    (("VI", "fuel", {}, 2026), {}, UnknownComponent),
    (("XXV", "labour", {}, 2026), {}, LabClassRequired),
    (("XL", "labour", {}, 2026), {}, UnknownAppendix),
    (("VI", "labour", {}, 2019), {}, NoBaseSalary),
    (("III", "equipment", {"Nhiệt kế": -5}, 2024), {}, BadArgument),
    (("VI", "labour", {}, 2026), {"work": 9}, UnknownWork),
])
def test_norm_cost_errors(args: tuple, kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        norm_cost(*args, **kwargs)


def test_norm_cost_with_a_lab_class() -> None:
    rate = {g: c * 2_435_000 / 22 for g, c in A1.items()}  # 2026, month-weighted
    rows = [r for r in normbook.table("XXV", "labour") if r["lab_class"] in ("", "PTN2")]
    got = norm_cost("XXV", "labour_direct", {}, 2026, "PTN2")
    est = estimate(EstimateRequest(["XXV"], 2026, variants={"XXV": "PTN2"}))
    assert got == est.appendix("XXV").labour_direct.amount
    a1 = [r for r in rows if r["rank_code"] == "V.05.02.07"]
    part = sum((_fr(r["cong"]) * rate[r["grade"]] for r in a1), Fraction(0))
    lines = [x for x in est.appendix("XXV").labour if x.rank_code == "V.05.02.07"]
    assert _close(sum((x.amount for x in lines), Decimal(0)), part)


def test_norm_cost_takes_a_two_column_range() -> None:
    hand = _hand_iii(2_070_000)
    rows = [["item", "price"], *[[k, float(v)] for k, v in III_EQUIPMENT.items()],
            [None, None], ["Giấy", 1.0]]
    assert norm_cost("III", "equipment", rows, 2024) == hand["equipment"]
    with pytest.raises(BadArgument, match="two prices"):
        norm_cost("III", "equipment", [["Ẩm kế", 1], ["ẩm kế", 2]], 2024)
    with pytest.raises(BadArgument, match="two cells"):
        norm_cost("III", "equipment", [["Ẩm kế", 1, 2]], 2024)
    with pytest.raises(BadArgument, match="without an item name"):
        norm_cost("III", "equipment", [["Ẩm kế", 1], [None, 2]], 2024)


def test_a_whole_procedure_block_needs_its_own_count_when_works_differ() -> None:
    # XXXI gives its materials once for the whole procedure (work "")
    with pytest.raises(BadArgument, match="the whole procedure"):
        estimate(EstimateRequest(["XXXI"], 2026, counts={("XXXI", 7): 0}))
    with pytest.raises(BadArgument, match="the whole procedure"):  # outside 0..1
        EstimateRequest(["XXXI"], 2026, counts={("XXXI", 7): 0, ("XXXI", ""): 2})
    est = estimate(EstimateRequest(["XXXI"], 2026, counts={("XXXI", 7): 0, ("XXXI", ""): 1}))
    part = est.appendix("XXXI")
    assert {x.count for x in part.materials} == {1}
    assert all(x.cong_total == 0 for x in part.labour if x.work == "7")
    assert {x.basis for x in part.labour} == {"per_procedure"}


def test_norm_cost_of_one_work_inside_a_block_is_refused() -> None:
    with pytest.raises(NotInSource, match=r"works 2 and 3 as one block.*'2\+3'"):
        norm_cost("XVII", "equipment", {}, 2026, work=2)
    with pytest.raises(NotInSource, match="the whole procedure as one block"):
        norm_cost("XXXI", "material", {}, 2026, work=3)
    with pytest.raises(MissingPrices):  # the block itself is asked for: priced like any other
        norm_cost("XVII", "equipment", {}, 2026, work="2+3")


# ---- review fixes -------------------------------------------------------------------------------

def test_a_gap_of_a_work_not_done_is_shown_and_leaves_nothing_out() -> None:
    # VI's 'Thiết bị lưu điện' (work 2) has a note for a quantity: with work 2 counted 0 the
    # row is still there (so a reviewer who counts work 2 again sees it), but the total is
    # complete; counted, it leaves the row out and says so
    prices = Prices.from_names({i.name: 1000 for i in needed_items(["VI"], "equipment")},
                               {i.name: 1000 for i in needed_items(["VI"], "material")})
    skipped = estimate(EstimateRequest(["VI"], 2026, counts={("VI", 2): 0}), prices)
    part = skipped.appendix("VI")
    gap = next(g for g in part.not_in_source if g.item == "Thiết bị lưu điện")
    assert gap.count == 0 and not gap.left_out
    assert part.gaps_left_out == () and skipped.gaps_left_out == ()
    assert part.equipment_total.not_in_source == 0 and skipped.complete
    counted = estimate(EstimateRequest(["VI"], 2026, counts={("VI", 2): 3}), prices)
    gap = next(g for g in counted.not_in_source if g.item == "Thiết bị lưu điện")
    assert gap.count == 3 and gap.left_out and counted.gaps_left_out == (gap,)
    assert not counted.complete and counted.total.not_in_source == 1


def test_a_truncated_appendix_is_incomplete_while_any_work_is_done() -> None:
    works = [w for w in normbook.table("XIX", "works")]
    none = {("XIX", w["work"]): 0 for w in works if w["work"]}
    part = estimate(EstimateRequest(["XIX"], 2026, counts=none)).appendix("XIX")
    assert len(part.not_in_source) == 3 and part.gaps_left_out == ()
    assert part.total.not_in_source == 0
    one = {**none, next(iter(none)): 2}
    part = estimate(EstimateRequest(["XIX"], 2026, counts=one)).appendix("XIX")
    assert {g.count for g in part.not_in_source} == {2} and part.total.not_in_source == 3


def test_counts_are_bounded() -> None:
    with pytest.raises(BadArgument, match=r"appendix VI work 1.*at most 1000 times a year"):
        EstimateRequest(["VI"], 2026, counts={("VI", 1): 10**23})
    assert EstimateRequest(["VI"], 2026, counts={("VI", 1): 1000}).counts[("VI", "1")] == 1000


@pytest.mark.parametrize(("appendix", "counts", "message"), [
    # the equipment block of works 2 and 3 counted 5 while works 2 and 3 stay at 1
    ("XVII", {("XVII", "2+3"): 5}, r"XVII.*works 2 and 3.*block.*5.*work 2: 1, work 3: 1"),
    ("XVII", {("XVII", "2+3"): 0}, r"XVII.*works 2 and 3"),
    # the whole-procedure materials counted 3 while work 2 is left out and the rest once
    ("XXXI", {("XXXI", ""): 3, ("XXXI", 2): 0}, r"XXXI.*the whole procedure.*3.*0 to 1"),
])
def test_a_block_count_contradicting_its_works_is_refused(appendix: str, counts: dict,
                                                          message: str) -> None:
    with pytest.raises(BadArgument, match=message):
        EstimateRequest([appendix], 2026, counts=counts)


def test_a_block_count_between_its_works_counts_is_noted() -> None:
    est = estimate(EstimateRequest(["XXXI"], 2026, counts={("XXXI", 7): 0, ("XXXI", ""): 1}))
    assert {x.count for x in est.appendix("XXXI").materials} == {1}
    assert any("XXXI" in n and "whole procedure" in n and "counted 1" in n for n in est.notes)
    # the same count as its works: nothing to note
    same = estimate(EstimateRequest(["XVII"], 2026, counts={("XVII", "2+3"): 1}))
    assert not any("counted 1 while" in n for n in same.notes)


def test_irregularities_that_change_the_estimate_are_noted_with_their_line() -> None:
    xxv = estimate(EstimateRequest(["XXV"], 2026, variants={"XXV": "PTN1"}))
    notes = [n for n in xxv.notes if n.startswith("XXV, source line")]
    assert any("12747" in n and "V.05.02.07 grade 5/9 is marked PTN1 in some works" in n
               for n in notes)
    assert any("12809" in n for n in notes)
    assert {i.kind for i in xxv.appendix("XXV").source_notes} == {"class_inconsistent"}
    xix = estimate(EstimateRequest(["XIX", "VI"], 2026))
    assert any(n.startswith("XIX, source line 9816: the source stops") for n in xix.notes)
    assert any(n.startswith("VI, source line 3356: 'Thiết bị lưu điện'") for n in xix.notes)
    # what does not change an amount (a spec missing, a title written two ways) is left out
    kinds = {i.kind for a in xix.appendices for i in a.source_notes}
    assert kinds == {"truncated_appendix", "note_instead_of_number"}


def test_prices_are_bounded() -> None:
    with pytest.raises(BadArgument, match=r"'Ẩm kế'.*at most 1,000,000,000,000,000"):
        Prices.from_names({"Ẩm kế": 1e300})
    with pytest.raises(BadArgument, match=r"depreciation_rate.*0 to 1"):
        EquipmentPrice(asset_value=Decimal(1), depreciation_rate=Decimal(10),
                       shifts_per_year=Decimal(100))
    with pytest.raises(BadArgument, match="unit_price"):
        MaterialPrice(Decimal("1e16"))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"base_salary": 1800}, "VND per month"),
    ({"on_costs_percent": 150}, "at most 100"),
    ({"working_days_per_month": 40}, "1 to 31"),
])
def test_implausible_wage_parameters_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(BadArgument, match=message):
        WageParameters(**kwargs)


def test_the_largest_accepted_inputs_still_compute_and_show() -> None:
    # every count and price at its bound: the total stays well inside the 28 digits, so
    # rounding for display (wages.vnd) and the amount in words never overflow
    from normbook.estimate.counts import MAX_COUNT
    from normbook.estimate.justification import justification_context
    from normbook.estimate.model import MAX_PRICE
    from normbook.wages import vnd

    ids = [a.id for a in normbook.appendices()]
    counts = {(a, w["work"]): MAX_COUNT for a in ids for w in normbook.table(a, "works")
              if w["work"] and "+" not in w["work"]}
    prices = Prices(WageParameters(working_days_per_month=1, on_costs_percent=100,
                                   base_salary=100_000_000),
                    {i.key: EquipmentPrice(MAX_PRICE) for i in needed_items(ids, "equipment")},
                    {i.key: MaterialPrice(MAX_PRICE) for i in needed_items(ids, "material")})
    est = estimate(EstimateRequest(ids, 2026, variants={a: "PTN1" for a in ids
                                                        if normbook.lab_classes(a)},
                                   counts=counts), prices)
    assert 10**20 < vnd(est.total.amount) < 10**26
    assert justification_context(est, institute="Viện")["grand_total_words"]
