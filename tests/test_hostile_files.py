"""Hostile and broken input files: every command that reads one refuses it with one line on
stderr, exit 2, no traceback, nothing written, within seconds and far below a 2 GiB memory cap.

Each file is built here (tests/hostile_files.py) and each command runs in its own process under
the cap (tests/hostile_support.py), as a user's would.
"""

from __future__ import annotations

from pathlib import Path

import hostile_files as build
import pytest
from hostile_support import run_capped

#: Far below the 2 GiB cap: what Python, openpyxl and pandas take to start is ~100 MB.
PEAK_MB = 400
SECONDS = 20

WORKBOOKS = {
    "dimension-bomb": (build.dimension_bomb, "uses the range A1:XFD1048576"),
    "doctype": (build.doctype, "declares a DOCTYPE"),
    "malformed-xml": (build.malformed_xml, "cannot be read (ParseError"),
    "corrupt-deflate": (build.corrupt_deflate, "is damaged"),
    "shared-string-index": (build.shared_string_out_of_range, "cannot be read (IndexError"),
    "no-sheets": (build.no_sheets, ("has no sheets", "no sheet 'Wages'")),  # prices: its own
    "encrypted": (build.encrypted, "is password-protected or an old .xls"),
}


def commands(path: Path, out: Path) -> dict[str, tuple[list[str], Path]]:
    """Every command that reads a user's workbook, with what it would write."""
    return {
        "forms": (["forms", str(path), "-o", str(out / "forms")], out / "forms"),
        "exams check": (["exams", "check", str(path)], out / "none"),
        "data add exams": (["data", "add", "exams", str(path), "--data", str(out / "data")],
                           out / "data"),
        "freeze": (["freeze", str(path), "-o", str(out / "frozen.xlsx")], out / "frozen.xlsx"),
        "estimate --prices": (["estimate", "--appendix", "VI", "--year", "2026", "--prices",
                               str(path), "-o", str(out / "estimate")], out / "estimate"),
    }


def assert_refused(args: list[str], written: Path, words: str | tuple[str, ...],
                   cwd: Path) -> None:
    """Exit 2, one line naming the problem (one of ``words``), nothing written, bounded."""
    outcome = run_capped(args, cwd=cwd)
    assert outcome.one_line_error(), (args, outcome)
    assert any(w in outcome.err for w in ((words,) if isinstance(words, str) else words)), \
        outcome.err
    assert not written.exists(), f"{written} was written"
    assert outcome.seconds < SECONDS and outcome.peak_mb < PEAK_MB, outcome


@pytest.mark.parametrize("case", sorted(WORKBOOKS))
@pytest.mark.parametrize("command", ["forms", "exams check", "data add exams", "freeze",
                                     "estimate --prices"])
def test_a_hostile_workbook_is_refused_by_every_reader(case, command, tmp_path):
    make, words = WORKBOOKS[case]
    path = make(tmp_path)
    args, written = commands(path, tmp_path)[command]
    assert_refused(args, written, words, tmp_path)


def test_a_lying_dimension_is_read_by_content(tmp_path):
    """A fine roster whose sheet claims A1:XFD1048576 is read as the rows it holds."""
    path = build.lying_dimension(tmp_path)
    outcome = run_capped(["forms", str(path), "-o", str(tmp_path / "forms")], cwd=tmp_path)
    assert outcome.code == 0, outcome.err
    assert len(list((tmp_path / "forms").glob("*.docx"))) == 1
    assert outcome.seconds < SECONDS and outcome.peak_mb < PEAK_MB, outcome


def test_a_forged_infinite_number_is_rejected_not_a_traceback(tmp_path):
    outcome = run_capped(["forms", str(build.huge_number(tmp_path)), "-o",
                          str(tmp_path / "forms")], cwd=tmp_path)
    assert outcome.code == 1 and "Traceback" not in outcome.err
    assert "'#NUM!' in row 2" in outcome.err  # the forged 1e400, shown as Excel would


def test_a_prices_cell_below_the_grid_is_refused(tmp_path):
    prices = tmp_path / "prices.xlsx"
    assert run_capped(["prices-template", "--appendix", "VI", "-o", str(prices)]).code == 0
    path = build.prices_cell_below_the_grid(tmp_path, prices)
    assert_refused(["estimate", "--appendix", "VI", "--year", "2026", "--prices", str(path),
                    "-o", str(tmp_path / "estimate")], tmp_path / "estimate",
                   "sheet 'Wages' uses the range A1:E1048577", tmp_path)


@pytest.mark.parametrize(("make", "words"), [
    (build.deep_json, "nested too deeply to be an applicant"),
    (build.long_int_json, "not a usable applicant: Exceeds the limit (4300 digits)"),
    (build.deep_yaml, "nested too deeply to be an applicant"),
])
def test_a_hostile_applicant_file_is_refused(make, words, tmp_path):
    path = make(tmp_path)
    assert_refused(["form", str(path), "-o", str(tmp_path / "form.docx")],
                   tmp_path / "form.docx", words, tmp_path)


@pytest.mark.parametrize(("args", "words"), [
    (lambda d: ["extract", str(build.roster(d / "prices.xlsx")), "-o", str(d / "out")],
     "not UTF-8 text; give the circular's text file"),
    (lambda d: ["exams", "9" * 5000], "expected a year such as 2025, got '9999"),
    (lambda d: ["exams", "check", str(build.not_utf8_csv(d))], "not UTF-8 text (byte 0x"),
    (lambda d: ["exams", "check", str(build.huge_csv_field(d))], "not readable as CSV"),
    (lambda d: ["forms", str(build.roster_csv(d / "r.csv", '"' + "x" * 200_000)), "-o",
                str(d / "out")], "line 2: not readable as CSV"),
])
def test_other_hostile_input_is_one_line(args, words, tmp_path):
    assert_refused(args(tmp_path), tmp_path / "out", words, tmp_path)


def test_a_flood_of_price_problems_is_listed_then_counted(tmp_path):
    import openpyxl

    from normbook.estimate import read_prices, write_prices_template
    from normbook.estimate.model import PricesError

    path = tmp_path / "prices.xlsx"
    write_prices_template(path, ["VI"], year=2026)
    book = openpyxl.load_workbook(path)
    sheet = book["Materials"]
    for row in range(2, 20_002):
        sheet.cell(row, 1, f"item {row}")
        sheet.cell(row, 5, "not a price")
    book.save(path)
    with pytest.raises(PricesError) as info:
        read_prices(path)
    assert len(info.value.problems) >= 20_000
    message = str(info.value)
    assert len(message) < 10_000 and "more (fix these and run again to see them)" in message


def test_a_parser_message_of_several_lines_is_said_in_one(tmp_path):
    """openpyxl adds lines of advice about an exception the user never sees: only the first
    line of what it says reaches the message."""
    from normbook import xlsx_guard

    path = tmp_path / "nan.xlsx"
    path.write_bytes(b"")
    with pytest.raises(xlsx_guard.UnreadableWorkbook) as caught, xlsx_guard.reading(path):
        raise ValueError("Unable to read workbook: could not read worksheets from nan.xlsx.\n"
                         "This is most probably because the workbook source files contain "
                         "some invalid XML.\nPlease see the exception for more details.")
    said = str(caught.value)
    assert "\n" not in said and "Please see the exception" not in said
    assert "could not read worksheets from nan.xlsx." in said
