"""The estimate from Excel: the core, the xlwings Lite scripts (Office.js path), the classic
RunPython entries, checked by reopening what they write.

The set-up workbook is the one the starter writes (set-up sheet and prices sheets), with test
prices filled in (clearly made up: 100 000 VND per shift and so on, not real prices). Each
action's files are compared with what the command line writes for the same inputs: the
estimate workbook cell by cell (formulas and figures), the justification's total with the
workbook's totals recalculated by LibreOffice, the comparison with ``normbook compare``.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import xlwings as xw
import xlwings.server
from excel_estimate_support import FakeExcel, book_of, load_pair, sheet_positions, written

from normbook.cli import main
from normbook.estimate.prices import build_prices_template
from normbook.excel import estimate_actions as actions
from normbook.excel import estimate_classic, estimate_lite
from normbook.excel.estimate_prices import prices_from_sheets, write_prices_sheets
from normbook.excel.estimate_setup import read_setup, write_setup_sheet
from normbook.libreoffice import find_soffice, recalculate

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")

APPENDICES = ("VI", "XXV")
#: Test prices (made up): per shift, per unit; a count changed from the default.
SHIFT_PRICE, UNIT_PRICE, ON_COSTS = 100_000, 5_000, 23.5
COUNTS = {("XXV", "6"): 2}


def fill_prices(book: Any) -> None:
    """Test prices into a prices workbook's sheets (the template's or the starter's names)."""
    from normbook.estimate.prices import key_of
    from normbook.excel.estimate_prices import _suffixed_key

    for ws in book.worksheets:
        key = key_of(ws.title, sheet=True) or _suffixed_key(ws.title)
        if key == "Wages":
            for row in range(2, ws.max_row + 1):
                if key_of(ws.cell(row, 1).value) == "on_costs_percent":
                    ws.cell(row, 2).value = ON_COSTS
        elif key in ("Equipment", "Materials"):
            column = 5
            for row in range(2, ws.max_row + 1):
                if ws.cell(row, 1).value and row % 3:  # some items stay without a price
                    ws.cell(row, column).value = SHIFT_PRICE if key == "Equipment" \
                        else UNIT_PRICE


def setup_workbook(appendices=APPENDICES, **cells: Any) -> openpyxl.Workbook:
    """The starter's set-up and prices sheets, test prices filled in, cells set by key."""
    book = openpyxl.Workbook()
    write_setup_sheet(book.active, appendices=appendices)
    write_prices_sheets(book, appendices)
    fill_prices(book)
    ws = book.active
    setup = read_setup(values(ws))
    for key, value in cells.items():
        ws.cell(*setup.cells[key]).value = value
    for (appendix, work), count in COUNTS.items():
        for row in range(setup.counts_at[0], setup.counts_at[0] + setup.counts_rows):
            if (ws.cell(row, 5).value, str(ws.cell(row, 6).value)) == (appendix, work):
                ws.cell(row, 8).value = count
    return book


def values(ws: Any) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def cli_estimate(folder: Path, *more: str, appendices=APPENDICES) -> Path:
    """``normbook estimate`` for the same inputs, the prices in a template file."""
    prices = build_prices_template(appendices).workbook
    fill_prices(prices)
    prices_path = folder.parent / f"{folder.name}-prices.xlsx"
    prices.save(prices_path)
    args = ["estimate", "--year", "2026", "--prices", str(prices_path), "-o", str(folder)]
    for appendix in appendices:
        args += ["--appendix", appendix]
    args += ["--variant", "XXV=PTN1"] if "XXV" in appendices else []
    for (appendix, work), count in COUNTS.items():
        if appendix in appendices:
            args += ["--count", f"{appendix}:{work}={count}"]
    assert main([*args, *more]) == 0
    return folder / "estimate.xlsx"


def cells(path_or_book: Any) -> dict[str, dict[str, Any]]:
    book = openpyxl.load_workbook(path_or_book) if isinstance(path_or_book, Path) \
        else path_or_book
    return {ws.title: {c.coordinate: (str(getattr(c.value, "text", c.value))
                                      if c.data_type == "f" else c.value)
                       for row in ws.iter_rows() for c in row if c.value is not None}
            for ws in book.worksheets}


def same_figures(ours: dict, theirs: dict) -> None:
    """Every formula and number the same; texts too, except those citing the prices source
    (a file there, this workbook's sheets here)."""
    assert list(ours) == list(theirs)
    for sheet, mine in ours.items():
        assert set(mine) == set(theirs[sheet]), sheet
        for ref, value in mine.items():
            other = theirs[sheet][ref]
            if isinstance(value, str) and isinstance(other, str) and not \
                    value.startswith("=") and ("prices" in value or "prices" in other or
                                               "Normbook" in value):
                continue
            assert value == other, (sheet, ref, value, other)


def total_of(document: Path) -> int:
    text = "\n".join(p.text for p in docx.Document(document).paragraphs)
    (figure,) = re.findall(r"Tổng kinh phí dự toán: ([\d.]+) đồng", text)
    return int(figure.replace(".", ""))


def summary_total(path: Path) -> float:
    """The grand total a recalculated estimate workbook shows."""
    ws = openpyxl.load_workbook(path, data_only=True)["Summary"]
    (total,) = [row[5] for row in ws.iter_rows(values_only=True) if row[0] == "Total"]
    return total


def run_lite(book: xw.Book, name: str) -> None:
    asyncio.run(xlwings.server.custom_scripts_call(estimate_lite, name,
                                                   typehint_to_value={xw.Book: book}))


def status(book: xw.Book) -> str:
    setup = read_setup(values(setup_workbook().active))
    return written(book, 0)[setup.cells["status"]]


def results(book: xw.Book) -> list[list]:
    cells = written(book, sheet_positions(book)["Estimate results"])
    rows = max(r for r, _c in cells)
    return [[cells.get((r, c)) for c in range(1, 7)] for r in range(1, rows + 1)]


# ---- the set-up sheet --------------------------------------------------------------------------

def test_setup_reads_what_the_starter_writes() -> None:
    setup = read_setup(values(setup_workbook().active))
    assert (setup.year, setup.prices, setup.replace) == (2026, "", False)
    assert setup.appendices == (("VI", "", 16), ("XXV", "PTN1", 17))
    assert setup.counts[("XXV", "6")] == 2 and setup.counts[("VI", "1")] == 1
    assert len([k for k in setup.counts if k[0] == "VI"]) == 5


@pytest.mark.parametrize("lang", ["vi", "zh", "en"])
def test_sheet_names_fit_excel(lang: str) -> None:
    """Excel refuses a sheet name over 31 characters or with : \\ / ? * [ ]."""
    from normbook import i18n
    from normbook.excel.estimate_prices import prices_sheet_name, template_keys
    from normbook.excel.estimate_setup import results_name, sheet_name

    with i18n.speaking(lang):
        names = [sheet_name(), results_name(), *map(prices_sheet_name, template_keys())]
    for name in names:
        assert len(name) <= 31 and not set(name) & set(":\\/?*[]"), name


def test_setup_refuses_a_bad_cell_naming_it() -> None:
    book = setup_workbook()
    setup = read_setup(values(book.active))
    book.active.cell(*setup.cells["year"]).value = "next year"
    with pytest.raises(actions.SetupProblem, match="sheet Estimate set-up, cell B4: 'next "
                                                   "year' is not a budget year"):
        read_setup(values(book.active))


# ---- build -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_book(tmp_path_factory) -> Path:
    return cli_estimate(tmp_path_factory.mktemp("cli") / "out")


def test_core_build_equals_the_command_line(tmp_path: Path, cli_book: Path) -> None:
    book = setup_workbook()
    setup = read_setup(values(book.active))
    from normbook.excel.estimate_prices import SheetCells, find_prices_sheets

    sheets = {key: SheetCells(name, values(book[name]),
                              {(c.row, c.column): c.number_format
                               for row in book[name].iter_rows() for c in row})
              for key, name in find_prices_sheets(book.sheetnames).items()}
    prices = prices_from_sheets(sheets, "Normbook.xlsx")
    outcome = actions.build(setup, prices, tmp_path / "out")
    assert outcome.ok, outcome.summary
    same_figures(cells(outcome.estimate), cells(cli_book))
    assert total_of(outcome.files[1]) == total_of(cli_book.parent / "thuyet-minh.docx")
    assert outcome.details[0][:2] == ["appendix", "labour"]


def test_lite_build_writes_the_sheets_normbook_estimate_writes(tmp_path: Path, monkeypatch,
                                                               cli_book: Path) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "data")
    workbook = setup_workbook()
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert status(book).startswith("estimate 2026 written: "), status(book)
    expected = cells(cli_book)
    positions = sheet_positions(book)
    for sheet, mine in expected.items():
        got = written(book, positions[sheet])
        for ref, value in mine.items():
            cell = openpyxl.utils.cell.coordinate_to_tuple(ref)
            shown = got[cell]
            if isinstance(shown, str) and shown.startswith("'"):
                shown = shown[1:]  # Excel's text prefix
            if isinstance(value, str) and ("prices" in value or "Normbook" in value):
                continue
            assert shown == value, (sheet, ref, shown, value)
    added = {a["args"][0]: a["args"][1] for a in book.json()["actions"]
             if a["func"] == "namesAdd"}
    theirs = openpyxl.load_workbook(cli_book).defined_names
    assert added == {n: "=" + d.attr_text for n, d in theirs.items()}
    justification = tmp_path / "data" / "estimate" / "thuyet-minh.docx"
    assert total_of(justification) == total_of(cli_book.parent / "thuyet-minh.docx")
    rows = results(book)
    assert rows[0][0] == "Build the estimate" and rows[3][:2] == ["appendix", "labour"]
    assert any(r[0] == "file" and "Files > Import/Export" in r[1] for r in rows)


def test_lite_build_refuses_to_replace_sheets_unless_told(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "none")
    first = setup_workbook(appendices=("VI",))
    earlier = openpyxl.Workbook()
    earlier.active.title = "Summary"
    FakeExcel(first, earlier).install(monkeypatch)
    book = book_of((first, first), (earlier, earlier))
    run_lite(book, "estimate_build")
    assert "sheets Summary already" in status(book)
    assert "Replace existing files to TRUE" in status(book)
    assert not [a for a in book.json()["actions"] if a["func"] == "setFormula"]


@pytest.mark.parametrize(("cell", "value", "said"), [
    ("appendices", "XL", "cell A16: unknown appendix 'XL'"),
    ("lab class", "PTN9", "cell B17: unknown variant 'PTN9' for appendix XXV; use PTN1 or "
                          "PTN2 in the Lab class column of sheet Estimate set-up"),
    ("lab class", None, "appendix XXV gives alternative lines per lab class; pass PTN1 or "
                        "PTN2 in the Lab class column"),
    ("year", 1800, "cell B4: 1800 is not a budget year"),
])
def test_problems_are_said_in_the_status_cell(tmp_path: Path, monkeypatch, cell, value,
                                              said) -> None:
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "none")
    workbook = setup_workbook()
    ws = workbook.active
    if cell == "appendices":
        ws["A16"] = value
    elif cell == "lab class":
        ws["B17"] = value
    else:
        ws["B4"] = value
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert said in status(book)
    assert status(book).startswith("no estimate written")
    assert results(book)[3][0] == "error"


def test_a_missing_price_is_listed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "none")
    workbook = setup_workbook(appendices=("VI",))
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert "(incomplete)" in status(book)
    rows = results(book)
    (warning,) = [r[1] for r in rows if r[0] == "warning" and "no price" in str(r[1])]
    assert re.match(r"\d+ items have no price", warning)
    assert any(r[0] == "" and str(r[1]).startswith("equipment '") for r in rows)
    assert any("no file area" in str(r[1]) for r in rows)


def test_a_bad_price_is_named_with_the_users_sheet(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "none")
    workbook = setup_workbook(appendices=("VI",))
    workbook["Equipment (prices)"]["E2"] = "12,5 triệu"
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert "'Equipment (prices)'!E2: '12,5 triệu' is not a number" in status(book)


# ---- classic xlwings -------------------------------------------------------------------------

class CallerBook:
    """An Office.js workbook standing in for ``xw.Book.caller()``, saved at ``fullname``."""

    def __init__(self, book: xw.Book, fullname: str):
        self._book, self.fullname = book, fullname

    def __getattr__(self, name: str):
        return getattr(self._book, name)


def test_classic_build_writes_beside_the_workbook(tmp_path: Path, monkeypatch,
                                                  cli_book: Path) -> None:
    workbook = setup_workbook()
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    estimate_classic.build_estimate(CallerBook(book, str(tmp_path / "Normbook.xlsm")))
    folder = tmp_path / "du-toan-2026"
    assert sorted(p.name for p in folder.iterdir()) == ["estimate.xlsx", "thuyet-minh.docx"]
    same_figures(cells(folder / "estimate.xlsx"), cells(cli_book))
    setup = read_setup(values(workbook.active))
    cells_written = written(book, 0)
    assert cells_written[setup.cells["estimate"]] == str(folder / "estimate.xlsx")
    assert cells_written[setup.cells["status"]].startswith("estimate 2026 written")

    again = book_of((workbook, workbook))  # the files exist: refused, named, nothing replaced
    estimate_classic.build_estimate(CallerBook(again, str(tmp_path / "Normbook.xlsm")))
    said = written(again, 0)[setup.cells["status"]]
    assert f"sheet Estimate set-up, cell B7: folder {folder} already holds estimate.xlsx, " \
           "thuyet-minh.docx of an earlier build: set Replace existing files = TRUE (sheet " \
           "Estimate set-up, cell B10) to replace them, or type another folder" in said


def test_classic_build_of_an_unsaved_workbook(monkeypatch) -> None:
    workbook = setup_workbook(appendices=("VI",))
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    estimate_classic.build_estimate(CallerBook(book, "Book1"))
    setup = read_setup(values(workbook.active))
    assert written(book, 0)[setup.cells["status"]].startswith("save this workbook first")


def test_classic_locked_file_is_said(tmp_path: Path, monkeypatch) -> None:
    from normbook.estimate import run

    def locked(write, output, **kwargs):
        raise PermissionError(13, "Permission denied", str(output))

    monkeypatch.setattr(run, "save_atomic", locked)
    workbook = setup_workbook(appendices=("VI",))
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    estimate_classic.build_estimate(CallerBook(book, str(tmp_path / "Normbook.xlsm")))
    setup = read_setup(values(workbook.active))
    assert written(book, 0)[setup.cells["status"]] == (
        "no estimate written: estimate.xlsx cannot be written: it is open in another program "
        "(Word, Excel) or read-only; close it and run again")


def test_classic_prices_from_a_file(tmp_path: Path, monkeypatch, cli_book: Path) -> None:
    prices = cli_book.parent.parent / f"{cli_book.parent.name}-prices.xlsx"
    shutil.copy(prices, tmp_path / prices.name)
    workbook = setup_workbook(prices=prices.name, folder="out")
    book = book_of((workbook, workbook))
    estimate_classic.build_estimate(CallerBook(book, str(tmp_path / "Normbook.xlsm")))
    ours = cells(tmp_path / "out" / "estimate.xlsx")
    theirs = cells(cli_book)
    assert ours == theirs  # the same prices file: the same workbook, text for text


# ---- re-justify ------------------------------------------------------------------------------

def edited(built: Path, folder: Path) -> Path:
    """The estimate with a count and a price changed, as a finance officer would in Excel."""
    from normbook import i18n
    from normbook.estimate.workbook_prices import LAYOUT

    book = openpyxl.load_workbook(built)
    names = book.defined_names
    ws, ref = next(iter(names["WorkCounts"].destinations))
    rows = book[ws][ref.replace("$", "")]
    for row in rows:
        if row[0].value == "VI" and str(row[1].value) == "1":
            row[4].value = 3
    with i18n.speaking("en"):
        prices = book[LAYOUT.sheet]
        column = LAYOUT.index("price_per_shift")
    for r in range(2, prices.max_row + 1):
        if isinstance(prices.cell(r, column).value, int | float):
            prices.cell(r, column).value = 250_000
            break
    folder.mkdir(exist_ok=True)
    book.save(folder / "estimate.xlsx")
    return folder / "estimate.xlsx"


@needs_soffice
def test_rejustify_matches_the_edited_workbook(tmp_path: Path, cli_book: Path) -> None:
    path = edited(cli_book, tmp_path / "edited")
    outcome = actions.rejustify(path, path.parent / "thuyet-minh.docx")
    assert outcome.ok, outcome.summary
    recalculated = summary_total(recalculate(path, tmp_path / "lo"))
    assert abs(total_of(path.parent / "thuyet-minh.docx") - recalculated) <= 1
    assert total_of(path.parent / "thuyet-minh.docx") != \
        total_of(cli_book.parent / "thuyet-minh.docx")


@needs_soffice
def test_lite_rejustify_reads_the_live_sheets(tmp_path: Path, monkeypatch,
                                              cli_book: Path) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "data")
    path = edited(cli_book, tmp_path / "edited")
    recalculated = recalculate(path, tmp_path / "lo")  # Excel's values after the edit
    setup = setup_workbook()
    estimate, shown = openpyxl.load_workbook(path), openpyxl.load_workbook(recalculated,
                                                                          data_only=True)
    excel = FakeExcel(setup, estimate)
    excel.install(monkeypatch)
    book = book_of((setup, setup), (estimate, shown), names_from=path)
    run_lite(book, "estimate_rejustify")
    assert status(book).startswith("justification written: "), status(book)
    document = tmp_path / "data" / "estimate" / "thuyet-minh.docx"
    assert abs(total_of(document) - summary_total(recalculated)) <= 1
    assert [k for k, *_ in excel.reads].count("formulas") == 6  # one read per estimate sheet
    assert not any(r[0] == "warning" and "recalculated" in str(r[1]) for r in results(book))


def test_rejustify_refuses_an_edited_formula_naming_the_cell(tmp_path: Path, monkeypatch,
                                                              cli_book: Path) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "data")
    estimate = openpyxl.load_workbook(cli_book)
    ws = estimate["Summary"]
    ws["C2"] = "=123"
    path = tmp_path / "estimate.xlsx"
    estimate.save(path)
    setup = setup_workbook()
    FakeExcel(setup, estimate).install(monkeypatch)
    book = book_of((setup, setup), (estimate, estimate), names_from=path)
    run_lite(book, "estimate_rejustify")
    said = status(book)
    assert said.startswith("no justification written: Normbook.xlsx, sheet Summary, cell C2: "
                           "the formula was changed"), said
    assert not (tmp_path / "data" / "estimate").exists()


def test_classic_rejustify_replaces_the_justification(tmp_path: Path, monkeypatch,
                                                      cli_book: Path) -> None:
    path = edited(cli_book, tmp_path / "edited")
    (path.parent / "thuyet-minh.docx").write_bytes(b"old")
    workbook = setup_workbook(estimate=str(path))
    book = book_of((workbook, workbook))
    estimate_classic.rejustify_estimate(CallerBook(book, str(tmp_path / "Normbook.xlsm")))
    said = written(book, 0)[read_setup(values(workbook.active)).cells["status"]]
    assert said.startswith("justification written: ") and "as estimate.xlsx shows" in said
    assert total_of(path.parent / "thuyet-minh.docx") > 0


# ---- compare ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def previous(tmp_path_factory, cli_book: Path) -> Path:
    """Last year's estimate (test figures: this year's with fewer counts)."""
    folder = tmp_path_factory.mktemp("previous")
    book = openpyxl.load_workbook(cli_book)
    ws, ref = next(iter(book.defined_names["WorkCounts"].destinations))
    for row in book[ws][ref.replace("$", "")]:
        if row[0].value == "XXV" and str(row[1].value) == "6":
            row[4].value = 1
    book.save(folder / "estimate.xlsx")
    return folder / "estimate.xlsx"


def comparison_json(old: Path, new: Path, capsys) -> dict:
    assert main(["compare", str(old), str(new), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_core_compare_equals_estimate_previous(tmp_path: Path, cli_book: Path, previous: Path,
                                               capsys) -> None:
    folder = tmp_path / "this"
    shutil.copytree(cli_book.parent, folder)
    outcome = actions.compare_previous(folder / "estimate.xlsx", previous, folder)
    assert outcome.ok, outcome.summary
    expected = cli_estimate(tmp_path / "cli", "--previous", str(previous))
    ours, theirs = cells(folder / "estimate.xlsx"), cells(expected)
    assert ours["Comparison"].keys() == theirs["Comparison"].keys()
    for ref, value in ours["Comparison"].items():
        if isinstance(value, str) and str(previous) in str(theirs["Comparison"][ref]):
            continue
        assert value == theirs["Comparison"][ref], ref
    capsys.readouterr()  # the estimate's own lines
    said = comparison_json(previous, cli_book, capsys)
    figures = {v for v in ours["Comparison"].values() if isinstance(v, int | float)}
    for effect, amount in said["effects"].items():
        assert round(amount) in {round(f) for f in figures}, effect
    text = "\n".join(p.text for p in docx.Document(folder / "thuyet-minh.docx").paragraphs)
    assert "So sánh với dự toán năm trước" in text
    assert outcome.summary.startswith(f"compared with estimate.xlsx: "
                                      f"{round(said['old_total']):,} → ")


def test_lite_compare_adds_the_comparison_sheet(tmp_path: Path, monkeypatch, cli_book: Path,
                                               previous: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(previous, tmp_path / "data" / "last-year.xlsx")
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "data")
    setup = setup_workbook(previous="last-year.xlsx")
    estimate, stored = load_pair(cli_book)
    FakeExcel(setup, estimate).install(monkeypatch)
    book = book_of((setup, setup), (estimate, stored), names_from=cli_book)
    run_lite(book, "estimate_compare")
    assert status(book).startswith("compared with last-year.xlsx: "), status(book)
    positions = sheet_positions(book)
    got = written(book, positions["Comparison"])
    expected = cells(cli_estimate(tmp_path / "cli", "--previous",
                                  str(tmp_path / "data" / "last-year.xlsx")))["Comparison"]
    for ref, value in expected.items():
        shown = got[openpyxl.utils.cell.coordinate_to_tuple(ref)]
        shown = shown[1:] if isinstance(shown, str) and shown.startswith("'") else shown
        if isinstance(value, str) and "last-year" in value:
            continue
        assert shown == value, ref
    text = "\n".join(p.text for p in docx.Document(
        tmp_path / "data" / "estimate" / "thuyet-minh.docx").paragraphs)
    assert "So sánh với dự toán năm trước" in text


def test_compare_refuses_writing_over_last_years(tmp_path: Path, cli_book: Path) -> None:
    folder = tmp_path / "same"
    shutil.copytree(cli_book.parent, folder)
    outcome = actions.compare_previous(folder / "estimate.xlsx", folder / "estimate.xlsx",
                                       folder)
    assert not outcome.ok and "also a file this run reads" in outcome.summary


# ---- counts -------------------------------------------------------------------------------------

def test_counts_are_filled_in_for_the_chosen_appendices(monkeypatch) -> None:
    workbook = setup_workbook()
    workbook.active["A18"] = "I"  # a third appendix, no counts yet
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_counts")
    got = written(book, 0)
    setup = read_setup(values(workbook.active))
    first, column = setup.counts_at
    block = []
    r = first
    while (r, column) in got and got[(r, column)] not in (None, ""):
        block.append([got[(r, column + i)] for i in range(4)])
        r += 1
    assert {row[0] for row in block} == {"VI", "XXV", "I"}
    assert [row[3] for row in block if row[0] == "XXV" and row[1] == 6] == [2]  # kept
    assert all(row[3] == 1 for row in block if row[0] == "I")
    assert got[setup.cells["status"]] == f"{len(block)} works listed"


# ---- the review's defects (nothing of the user's is lost or misread) ----------------------------

def test_lite_build_never_replaces_a_prices_sheet_named_as_an_estimate_sheet(
        tmp_path: Path, monkeypatch) -> None:
    workbook = openpyxl.Workbook()
    write_setup_sheet(workbook.active, appendices=("VI",))
    template = build_prices_template(("VI",)).workbook  # the template's plain names
    fill_prices(template)
    for ws in template.worksheets:
        copy = workbook.create_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    copy.cell(cell.row, cell.column, cell.value)
    setup = read_setup(values(workbook.active))
    workbook.active.cell(*setup.cells["replace"]).value = True
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "none")
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert "sheet Equipment holds prices and has the name of an estimate sheet" in status(book)
    assert "rename it Equipment (prices)" in status(book)
    funcs = [a["func"] for a in book.json()["actions"]]
    assert "deleteSheet" not in funcs and "setFormula" not in funcs
    assert "Equipment" in sheet_positions(book)


def test_lite_build_checks_the_justification_before_adding_sheets(tmp_path: Path,
                                                                  monkeypatch) -> None:
    (tmp_path / "data" / "estimate").mkdir(parents=True)
    old = tmp_path / "data" / "estimate" / "thuyet-minh.docx"
    old.write_bytes(b"old")
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path / "data")
    workbook = setup_workbook(appendices=("VI",))
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert "thuyet-minh.docx already exists; set Replace existing files = TRUE" in status(book)
    assert "setFormula" not in [a["func"] for a in book.json()["actions"]]
    assert "Inputs" not in sheet_positions(book)
    assert old.read_bytes() == b"old"


@pytest.mark.parametrize(("value", "said"), [
    ("NaN", "cell H16: 'NaN' is not a count"),
    ("Infinity", "cell H16: 'Infinity' is not a count"),
    ("1.000", "cell H16: '1.000' is ambiguous"),
    (" 3 ", None),
])
def test_a_count_typed_as_text(value: str, said: str | None) -> None:
    from normbook.excel.estimate_setup import SetupProblem

    workbook = setup_workbook(appendices=("VI",))
    workbook.active["H16"] = value
    if said is None:
        assert read_setup(values(workbook.active)).counts[("VI", "1")] == 3
        return
    with pytest.raises(SetupProblem) as caught:
        read_setup(values(workbook.active))
    assert said in str(caught.value)


def test_the_whole_counts_block_is_read_and_kept(monkeypatch) -> None:
    from normbook.excel.estimate_setup import SetupProblem

    workbook = setup_workbook(appendices=("VI",))
    ws = workbook.active
    ws["H19"] = 7
    for column in "EFGH":  # a blank row inside the block
        ws[f"{column}18"] = None
    setup = read_setup(values(ws))
    assert setup.counts[("VI", "4")] == 7 and ("VI", "3") not in setup.counts
    ws["E20"] = "6"  # the appendix as the appendices block takes it
    ws["H20"] = 4
    assert read_setup(values(ws)).counts[("VI", "5")] == 4
    ws["E19"] = None  # a count without its appendix: refused, named
    with pytest.raises(SetupProblem, match="cell E19: this row of the counts block has no "
                                           "Appendix"):
        read_setup(values(ws))
    ws["E19"] = "VI"
    ws["A16"], ws["B16"] = "XXV", "PTN1"  # another appendix: VI's typed counts stay listed
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_counts")
    got = written(book, 0)
    rows = [[got.get((r, c)) for c in range(5, 9)] for r in range(16, 80)]
    assert ["VI", 4, "", 7] in rows and ["VI", 5, "", 4] in rows


def test_classic_compare_leaves_the_estimate_unless_replace(tmp_path: Path, monkeypatch,
                                                             cli_book: Path,
                                                             previous: Path) -> None:
    folder = tmp_path / "du-toan-2026"
    shutil.copytree(cli_book.parent, folder)
    mine = openpyxl.load_workbook(folder / "estimate.xlsx")
    mine.create_sheet("My notes")["A1"] = "ghi chú"
    mine.save(folder / "estimate.xlsx")
    before = (folder / "estimate.xlsx").read_bytes()
    workbook = setup_workbook(estimate=str(folder / "estimate.xlsx"), previous=str(previous))
    status_cell = read_setup(values(workbook.active)).cells["status"]
    book = book_of((workbook, workbook))
    estimate_classic.compare_estimate(CallerBook(book, str(tmp_path / "Normbook.xlsm")))
    assert written(book, 0)[status_cell].startswith("compared with estimate.xlsx")
    assert (folder / "estimate.xlsx").read_bytes() == before
    assert "Comparison" in openpyxl.load_workbook(folder / "so-sanh" / "estimate.xlsx").sheetnames
    again = book_of((workbook, workbook))  # the comparison's files exist: refused
    estimate_classic.compare_estimate(CallerBook(again, str(tmp_path / "Normbook.xlsm")))
    said = written(again, 0)[status_cell]
    assert said.startswith("no comparison written: ") and "an earlier comparison" in said
    workbook.active.cell(*read_setup(values(workbook.active)).cells["replace"]).value = True
    third = book_of((workbook, workbook))
    estimate_classic.compare_estimate(CallerBook(third, str(tmp_path / "Normbook.xlsm")))
    assert written(third, 0)[status_cell].startswith("compared with estimate.xlsx")
    assert "Comparison" in openpyxl.load_workbook(folder / "estimate.xlsx").sheetnames


def test_rejustify_says_a_stale_total_in_its_status(tmp_path: Path, monkeypatch,
                                                    cli_book: Path) -> None:
    from decimal import Decimal

    path = edited(cli_book, tmp_path / "edited")
    outcome = actions.rejustify(path, tmp_path / "thuyet-minh.docx", shown=Decimal(1))
    assert outcome.ok and "but estimate.xlsx shows 1 VND: it was not recalculated" \
        in outcome.summary


# ---- refusals name the set-up cell ------------------------------------------------------------

def classic_refusal(tmp_path: Path, monkeypatch, action=estimate_classic.build_estimate,
                    **cells: Any) -> tuple[str, list[list]]:
    """The status cell and the results sheet's error row after a classic action."""
    workbook = setup_workbook(appendices=("VI",), **cells)
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    action(CallerBook(book, str(tmp_path / "Normbook.xlsm")))
    said = written(book, 0)[read_setup(values(workbook.active)).cells["status"]]
    errors = [row for row in results(book) if row[0] == "error"]
    return said, errors


@pytest.mark.parametrize(("cells", "expected"), [
    ({"folder": "a-file"}, "cell B7: {tmp}/a-file is a file: type the folder to write "
     "estimate.xlsx and thuyet-minh.docx into, or empty this cell for a folder du-toan-2026"),
    ({"folder": "a-file/sub"}, "cell B7: {tmp}/a-file is a file: type the folder"),
    ({"prices": "gone.xlsx"}, "cell B5: {tmp}/gone.xlsx is not a file: type the full path of "
     "a filled prices workbook"),
    ({"previous": "gone.xlsx"}, "cell B9: {tmp}/gone.xlsx is not a file: type the full path "
     "of last year's estimate.xlsx"),
    ({"previous": "a-file"}, "cell B9: a-file: is not an .xlsx workbook"),
])
def test_classic_refusals_name_the_setup_cell(tmp_path: Path, monkeypatch, cells: dict,
                                              expected: str) -> None:
    (tmp_path / "a-file").write_text("not a workbook")
    said, errors = classic_refusal(tmp_path, monkeypatch, **cells)
    expected = "sheet Estimate set-up, " + expected.format(tmp=tmp_path)
    assert said.startswith("no estimate written: " + expected), said
    assert errors and errors[0][1].startswith(expected)  # no apostrophe, no "-o"
    assert "normbook" not in said and "-o " not in said
    assert not (tmp_path / "du-toan-2026").exists()


def test_classic_output_folder_that_cannot_be_created(tmp_path: Path, monkeypatch) -> None:
    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    said, _errors = classic_refusal(tmp_path, monkeypatch, folder="out")
    assert said.startswith(f"no estimate written: sheet Estimate set-up, cell B7: folder "
                           f"{tmp_path / 'out'} cannot be created (")
    assert "type a folder you can write in" in said


def test_compare_names_last_years_cell(tmp_path: Path, monkeypatch, cli_book: Path) -> None:
    (tmp_path / "old.xlsx").write_text("not a workbook")
    said, _errors = classic_refusal(tmp_path, monkeypatch, estimate_classic.compare_estimate,
                                    estimate=str(cli_book), previous="old.xlsx")
    assert said.startswith("no comparison written: sheet Estimate set-up, cell B9: old.xlsx: "
                           "is not an .xlsx workbook"), said


def test_an_appendix_listed_twice_is_named_at_its_second_row(monkeypatch) -> None:
    workbook = setup_workbook(appendices=("VI",))
    workbook.active["A17"], workbook.active["B17"] = "6", "PTN1"
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert status(book) == ("no estimate written: sheet Estimate set-up, cell A17: appendix VI "
                            "is listed twice (also in cell A16); keep one row")


def test_a_lab_class_is_named_at_its_own_row(monkeypatch) -> None:
    workbook = setup_workbook(appendices=("XXV", "VI"))
    workbook.active["B17"] = "PTN1"  # VI has no lab classes
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert status(book).startswith("no estimate written: sheet Estimate set-up, cell B17: ")


def test_lite_prices_file_missing_names_its_cell(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(estimate_lite, "LITE_ROOT", tmp_path)
    workbook = setup_workbook(appendices=("VI",), prices="prices.xlsx")
    FakeExcel(workbook).install(monkeypatch)
    book = book_of((workbook, workbook))
    run_lite(book, "estimate_build")
    assert status(book).startswith(f"no estimate written: sheet Estimate set-up, cell B5: "
                                   f"{tmp_path / 'prices.xlsx'} is not a file")


def test_excel_users_are_not_told_to_run_a_command(tmp_path: Path, monkeypatch) -> None:
    """A prices file without its sheets, a workbook without the estimate's names: what to do
    in Excel, not a command to run (the command line keeps its own advice)."""
    from normbook.estimate.model import PricesError
    from normbook.estimate.prices import read_prices
    from normbook.estimate.readback import read_estimate

    bare = tmp_path / "bare.xlsx"
    openpyxl.Workbook().save(bare)
    for read in (read_prices, read_estimate):
        with pytest.raises(Exception) as caught:
            read(bare)
        core = str(caught.value)
        assert "normbook" in core  # the command line's advice
        excel = actions.said(caught.value)
        assert "normbook" not in excel and excel != core
        if isinstance(caught.value, PricesError):
            assert "fill the prices sheets of this workbook instead" in excel
        else:
            assert excel.endswith("run Build estimate again")
