"""The on-costs cell of estimate.xlsx follows the percentage convention of every input file:
a cell formatted as a percentage holding a fraction, which the daily rates use as it is, so
a reviewer who types 25% into it gets 25 % in Excel's figures and in compare's; a workbook
of 0.2.0 (percent units in a plain cell, the daily rates dividing by 100) still reads right,
and a cell whose format says otherwise than its formulas read it is refused."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from test_estimate_workbook import assert_matches, needs_soffice

from normbook.estimate import EstimateRequest, Prices, WageParameters, estimate
from normbook.estimate.readback import read_estimate
from normbook.estimate.readback_error import NotAnEstimate
from normbook.estimate.workbook import build_estimate_workbook

REQUEST = EstimateRequest(("III",), 2026)
ON_COSTS = Decimal("23.5")


def _estimate(on_costs: Decimal = ON_COSTS):
    return estimate(REQUEST, Prices(WageParameters(on_costs_percent=on_costs)))


def _on_costs_cell(book):
    sheet, ref = book.defined_names["OnCosts"].attr_text.split("!")
    return book[sheet.strip("'")][ref.replace("$", "")]


def _write(path: Path, *, legacy: bool = False, value=None, number_format=None) -> Path:
    """The workbook as this version writes it, or as 0.2.0 did (``legacy``: 23.5 in a plain
    cell, the daily rates dividing by 100), with the on-costs cell then set as given."""
    book = build_estimate_workbook(_estimate(), lang="en", legacy_on_costs=legacy)
    cell = _on_costs_cell(book)
    if legacy:
        cell.value, cell.number_format = 23.5, "0.##"
    if value is not None:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    book.save(path)
    return path


def test_the_cell_is_a_percentage_the_daily_rates_use_as_it_is(tmp_path):
    book = openpyxl.load_workbook(_write(tmp_path / "estimate.xlsx"))
    cell = _on_costs_cell(book)
    assert cell.value == 0.235 and cell.number_format.endswith("%")
    rates = [c.value for row in book["Prices"].iter_rows() for c in row
             if isinstance(c.value, str) and "OnCosts" in c.value and c.value.startswith("=")]
    # the monthly labour cost takes it as a fraction: salary × (1 + allowances + OnCosts)
    assert rates and all(r.endswith("+OnCosts)+" + r.split("+")[-1]) for r in rates)
    assert all("OnCosts/100" not in r for r in rates)


def test_readback_reads_the_percentage_and_a_rate_typed_as_25_percent(tmp_path):
    assert read_estimate(_write(tmp_path / "a.xlsx")).wages.on_costs_percent == ON_COSTS
    typed = read_estimate(_write(tmp_path / "b.xlsx", value=0.25)).wages  # 25% typed in Excel
    assert typed.on_costs_percent == 25 and str(typed.on_costs_percent) == "25"


def test_a_0_2_0_workbook_reads_in_percent_units(tmp_path):
    inputs = read_estimate(_write(tmp_path / "old.xlsx", legacy=True))
    assert inputs.wages.on_costs_percent == ON_COSTS


@pytest.mark.parametrize("legacy, value, number_format, words", [
    (False, 23.5, "General", r"23\.5 is in a cell not formatted as a percentage.*2,350 % "
                             r"on-costs"),
    (False, 0.235, "0.##", r"0\.235 is in a cell not formatted as a percentage.*23\.5 %"),
    (True, 0.235, "0.00%", r"0\.235 is in a cell formatted as a percentage, but this "
                           r"workbook's daily rates \(written by Normbook 0\.2\.0\) divide "
                           r"OnCosts by 100, so Excel prices labour with 0\.235 % on-costs")])
def test_a_format_that_says_otherwise_than_the_formulas_is_refused(tmp_path, legacy, value,
                                                                   number_format, words):
    path = _write(tmp_path / "x.xlsx", legacy=legacy, value=value, number_format=number_format)
    with pytest.raises(NotAnEstimate) as caught:
        read_estimate(path)
    said = str(caught.value)
    assert re.search(words, said), said
    assert "sheet Inputs, cell B5 (OnCosts)" in said


@needs_soffice
def test_libreoffice_agrees_with_python_and_readback_for_both_conventions(tmp_path):
    from normbook.libreoffice import recalculate

    cases = {"typed-25-percent.xlsx": (_write(tmp_path / "typed-25-percent.xlsx", value=0.25),
                                       Decimal(25)),
             "old.xlsx": (_write(tmp_path / "old.xlsx", legacy=True), ON_COSTS)}
    for path, on_costs in cases.values():
        recalculated = openpyxl.load_workbook(recalculate(path, tmp_path / "out"),
                                              data_only=True)
        expected = _estimate(on_costs)
        assert_matches(recalculated, expected)  # Excel's own arithmetic on the cell as typed
        read = read_estimate(path)  # and compare reads the cell as the formulas use it
        assert read.wages.on_costs_percent == on_costs
        again = estimate(REQUEST, read.prices)
        assert_matches(recalculated, again)
    # the workbook as written stores its results, and Calc leaves every one of them as it was:
    # test_estimate_workbook.test_libreoffice_leaves_every_stored_result_as_it_was
