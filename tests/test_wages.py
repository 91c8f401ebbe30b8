"""Wages: the data package, base salary of a year, coefficients and the daily rate."""

from __future__ import annotations

import csv
from decimal import Decimal, localcontext
from pathlib import Path

import frictionless
import pytest

import normbook
from normbook import wages
from normbook.errors import BadArgument, NormError
from normbook.wages import (
    BadGrade,
    NoBaseSalary,
    UnknownRank,
    base_salary,
    coefficient,
    daily_rate,
    labour_rate,
    salary_grade,
)

WAGES = Path(__file__).parents[1] / "norms" / "wages"

# NOTES.md: "A1 ... 9 grades from 2.34 in steps of 0.33 to 4.98; A2.1 ... 8 grades from 4.40 in
# steps of 0.34 to 6.78; B from 1.86 in steps of 0.20 to 4.06, C1 from 1.65 in steps of 0.18 to
# 3.63" (12 grades each).
SCALES = {
    "A1": (9, "2.34", "0.33", "4.98"),
    "A2.1": (8, "4.40", "0.34", "6.78"),
    "B": (12, "1.86", "0.20", "4.06"),
    "C1": (12, "1.65", "0.18", "3.63"),
}


# ---- the data package -----------------------------------------------------------------------

def test_wages_datapackage_is_valid_frictionless() -> None:
    report = frictionless.validate(str(WAGES / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 2


@pytest.mark.parametrize("scale", sorted(SCALES))
def test_each_scale_is_start_plus_step_and_ends_where_the_decree_says(scale: str) -> None:
    grades, start, step, end = SCALES[scale]
    with open(WAGES / "coefficients.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["scale"] == scale]
    assert [int(r["grade"]) for r in rows] == list(range(1, grades + 1))
    assert {int(r["grades_total"]) for r in rows} == {grades}
    values = [Decimal(r["coefficient"]) for r in rows]
    assert values == [Decimal(start) + Decimal(step) * k for k in range(grades)]
    assert values[-1] == Decimal(end)
    assert all("204/2004/NĐ-CP" in r["source"] for r in rows)


def test_base_salary_table_cites_its_decrees() -> None:
    with open(WAGES / "base_salary.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["effective_from"], r["amount_vnd"], r["decree"]) for r in rows] == [
        ("2019-07-01", "1490000", "38/2019/NĐ-CP"),
        ("2023-07-01", "1800000", "24/2023/NĐ-CP"),
        ("2024-07-01", "2340000", "73/2024/NĐ-CP"),
        ("2026-07-01", "2530000", "161/2026/NĐ-CP"),
    ]
    assert all(r["decree"] in r["citation"] for r in rows)


# ---- base salary ------------------------------------------------------------------------------

def test_base_salary_2024_is_the_month_weighted_average() -> None:
    s = base_salary(2024)
    assert s.amount == Decimal(2_070_000)
    assert [(p.first_month, p.last_month, p.amount) for p in s.periods] == [
        (1, 6, Decimal(1_800_000)), (7, 12, Decimal(2_340_000))]
    assert s.formula() == "(6 × 1,800,000 + 6 × 2,340,000) ÷ 12 = 2,070,000"
    assert s.notes == ()
    assert any("24/2023/NĐ-CP" in c for c in s.citations)
    assert any("73/2024/NĐ-CP" in c for c in s.citations)


@pytest.mark.parametrize(("year", "amount"), [
    (2020, 1_490_000), (2022, 1_490_000), (2023, 1_645_000), (2025, 2_340_000),
    (2026, 2_435_000)])  # 2026: (6 × 2,340,000 + 6 × 2,530,000) ÷ 12 = 14,610,000 ÷ 6
def test_base_salary_of_covered_years(year: int, amount: int) -> None:
    s = base_salary(year)
    assert s.amount == Decimal(amount)
    assert s.notes == ()  # all in the data, nothing assumed


def test_2026_is_weighted_by_the_months_of_each_decree() -> None:
    s = base_salary(2026)
    assert [(p.first_month, p.last_month, p.amount, p.decree) for p in s.periods] == [
        (1, 6, Decimal(2_340_000), "73/2024/NĐ-CP"),
        (7, 12, Decimal(2_530_000), "161/2026/NĐ-CP")]
    assert s.amount == (6 * Decimal(2_340_000) + 6 * Decimal(2_530_000)) / 12 == 2_435_000
    assert s.formula() == "(6 × 2,340,000 + 6 × 2,530,000) ÷ 12 = 2,435,000"
    assert any("161/2026/NĐ-CP" in c and "khoản 2 Điều 3" in c for c in s.citations)
    assert s.notes == ()  # December 2026 begins before the table's checked date, 2026-12-07


@pytest.mark.parametrize("year", [2027, 2028, "2027", 2027.0])
def test_future_year_takes_the_latest_amount_and_says_so(year: object) -> None:
    s = base_salary(year)
    assert s.amount == Decimal(2_530_000)
    assert len(s.notes) == 1
    assert s.notes == (s.warning,)
    assert s.notes[0] == (
        f"base salary {s.year}: the shipped data are checked through 2026-12-07; Decree "
        f"161/2026/NĐ-CP (2,530,000 VND a month from 2026-07-01) is assumed to remain in force "
        f"through {s.year}; if a newer act has been issued, add it with `normbook data add wages "
        "FILE.csv`")
    assert all(p.assumed for p in s.periods)


@pytest.mark.parametrize("year", [2019, 2018])
def test_year_before_the_data_is_an_error_not_a_guess(year: int) -> None:
    with pytest.raises(NoBaseSalary, match=r"the data starts at 2019-07-01") as info:
        base_salary(year)
    assert isinstance(info.value, NormError) and isinstance(info.value, LookupError)
    assert info.value.excel_code == "#N/A"


def test_user_base_salary_replaces_the_data_even_for_2019() -> None:
    s = base_salary(2019, amount=1_500_000)
    assert s.amount == Decimal(1_500_000) and s.user_set and s.periods == ()
    assert "set by the user" in s.notes[0]


@pytest.mark.parametrize("year", [True, 2026.5, "next year", None, 1800])
def test_bad_year(year: object) -> None:
    with pytest.raises(BadArgument, match="year must be a year"):
        base_salary(year)


# ---- coefficients -----------------------------------------------------------------------------

@pytest.mark.parametrize(("rank", "grade", "kwargs", "value"), [
    ("V.05.02.07", "2/9", {}, "2.67"),
    ("V.05.02.07", "6/9", {}, "3.99"),
    ("V.05.02.07", 2, {}, "2.67"),
    ("V.05.02.07", 2.0, {}, "2.67"),
    ("V.05.02.06", "1/8", {}, "4.40"),
    ("V.05.02.06", "1", {}, "4.40"),  # "Bậc: 1" as written in XXVII: grade 1 of A2.1
    ("", "2/12", {"general_scale": "B"}, "2.06"),
    ("Lao động phổ thông", "3/12", {"general_scale": "B"}, "2.26"),
    (None, "2", {}, "1.83"),  # the default scale for general labour is C1
    ("lao dong pho thong", "3/12", {}, "2.01"),
    ("B", "2/12", {}, "2.06"),
])
def test_coefficient(rank: object, grade: object, kwargs: dict, value: str) -> None:
    assert coefficient(rank, grade, **kwargs) == Decimal(value)


def test_default_general_scale_is_c1_and_documented() -> None:
    assert wages.DEFAULT_GENERAL_SCALE == "C1"
    readme = (WAGES / "README.md").read_text(encoding="utf-8")
    assert "Normbook assumes **C1**" in readme
    g = salary_grade("", "3/12")
    assert (g.scale, g.grade, g.grades_total, g.label) == ("C1", 3, 12, "3/12")


@pytest.mark.parametrize(("rank", "grade", "error", "message"), [
    ("V.05.02.07", "2/12", BadGrade, "12-grade scale, but A1 has 9"),
    ("V.05.02.06", "1/9", BadGrade, "9-grade scale, but A2.1 has 8"),
    ("V.05.02.07", "10", BadGrade, "grades 1..9"),
    ("V.05.02.07", "0/9", BadGrade, "grades 1..9"),
    ("V.05.02.07", "two", BadGrade, "like '2/9'"),
    ("V.05.02.05", "1/8", UnknownRank, "V.05.02.07, V.05.02.06"),
])
def test_bad_rank_or_grade(rank: str, grade: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        coefficient(rank, grade)


def test_unknown_general_scale() -> None:
    with pytest.raises(BadArgument, match="C1 or B"):
        coefficient("", "2/12", general_scale="A0")


def test_every_labour_line_of_the_norms_has_a_coefficient() -> None:
    seen = set()
    for a in normbook.appendices():
        for row in normbook.table(a.id, "labour"):
            seen.add((row["rank_code"] or "Lao động phổ thông", row["grade"]))
    assert len(seen) >= 10
    for rank, grade in seen:
        assert coefficient(rank, grade) > 1


# ---- the daily rate ---------------------------------------------------------------------------

def test_daily_rate_is_exactly_the_formula() -> None:
    expected = Decimal("2.67") * Decimal(2_340_000) / Decimal(22)
    assert daily_rate("V.05.02.07", "2/9", 2025) == expected
    assert str(expected).startswith("283990.909090")
    # 2026: 2.67 × 2,435,000 ÷ 22 = 6,501,450 ÷ 22 = 295,520.4545...
    assert daily_rate("V.05.02.07", "2/9", 2026) == Decimal("6501450") / 22
    # 2027: 2.67 × 2,530,000 ÷ 22 = 6,755,100 ÷ 22 = 307,050 exactly
    assert daily_rate("V.05.02.07", "2/9", 2027) == 307_050


def test_daily_rate_with_on_costs_and_own_days() -> None:
    expected = Decimal("2.67") * Decimal(2_340_000) / Decimal(22) * Decimal("1.235")
    assert daily_rate("V.05.02.07", "2/9", 2025, on_costs_percent=23.5) == expected
    assert daily_rate("V.05.02.07", "2/9", 2025, on_costs_percent="23.5") == expected
    days = Decimal("4.40") * Decimal(2_070_000) / Decimal(26)
    assert daily_rate("V.05.02.06", "1/8", 2024, working_days_per_month=26) == days


def test_daily_rate_with_user_base_salary_and_general_scale() -> None:
    assert daily_rate("", "2/12", 2019, base_salary=2_000_000, general_scale="B") == \
        Decimal("2.06") * Decimal(2_000_000) / Decimal(22)


def test_daily_rate_ignores_the_callers_decimal_context() -> None:
    reference = daily_rate("V.05.02.07", "3/9", 2024)
    with localcontext() as ctx:
        ctx.prec = 6
        assert daily_rate("V.05.02.07", "3/9", 2024) == reference


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"working_days_per_month": 0}, "from 1 to 31"),
    ({"on_costs_percent": -1}, "must not be negative"),
    ({"on_costs_percent": "a lot"}, "must be a number"),
    ({"base_salary": -5}, "VND per month"),
])
def test_daily_rate_bad_parameters(kwargs: dict, message: str) -> None:
    with pytest.raises(BadArgument, match=message):
        daily_rate("V.05.02.07", "2/9", 2026, **kwargs)


def test_labour_rate_shows_its_parts() -> None:
    r = labour_rate("V.05.02.07", "2/9", 2027, on_costs_percent=10)
    assert (r.grade.scale, r.grade.coefficient) == ("A1", Decimal("2.67"))
    assert r.base_salary.amount == Decimal(2_530_000) and r.base_salary.notes
    assert r.value == Decimal("2.67") * 2_530_000 / 22 * Decimal("1.1")
    assert r.formula() == "2.67 × 2,530,000 ÷ 22 × (1 + 10%) = 337,755"  # 307,050 × 1.1


def test_vnd_rounds_half_up_for_display_only() -> None:
    assert wages.vnd(Decimal("283990.5")) == 283991
    assert wages.vnd(Decimal("283990.4999")) == 283990


# ---- plausible parameters (a base salary typed in thousands, on-costs as a fraction) --------

@pytest.mark.parametrize("amount", [1800, "1800", Decimal("1.8"), 999_999, 100_000_001])
def test_an_implausible_base_salary_is_refused_naming_the_unit(amount: object) -> None:
    with pytest.raises(BadArgument, match=r"VND per month.*2340000"):
        base_salary(2026, amount=amount)
    with pytest.raises(BadArgument, match="VND per month"):
        daily_rate("V.05.02.07", "2/9", 2026, base_salary=amount)


@pytest.mark.parametrize("amount", [1_000_000, 2_340_000, 100_000_000])
def test_base_salary_bounds_are_inclusive(amount: int) -> None:
    assert base_salary(2026, amount=amount).amount == amount


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"on_costs_percent": 101}, r"at most 100"),
    ({"working_days_per_month": 32}, r"1 to 31"),
    ({"working_days_per_month": "0.5"}, r"1 to 31"),
])
def test_implausible_days_and_on_costs_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(BadArgument, match=message):
        daily_rate("V.05.02.07", "2/9", 2026, **kwargs)
    assert daily_rate("V.05.02.07", "2/9", 2025, on_costs_percent=100,
                      working_days_per_month=31) == Decimal("2.67") * 2_340_000 / 31 * 2
