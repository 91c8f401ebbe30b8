"""normbook excel-starter: the xlwings.conf sheet as xlwings reads it, example formulas, values.

Expected values come from the Python API. The xlwings.conf checks follow what the add-in's VBA
does (``GetConfigFromSheet`` in xlwings' Config.bas): keys from A1 down to the first empty cell
in column A, values in column B, a present key winning even when its value is empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

import normbook
from normbook.cli import main
from normbook.excel.freeze import OutputExists, freeze
from normbook.excel.starter import CONFIG_SHEET, OPTIONAL_SETTINGS, SHEET, write_starter
from normbook.libreoffice import convert, find_soffice, recalculate

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")

#: The scalar examples and what the API answers for them.
SCALARS = {
    '=NORM("VI","labour")': normbook.norm("VI", "labour"),
    '=NORM("VI","labour_direct")': normbook.norm("VI", "labour_direct"),
    '=NORM("XXV","labour",,,"PTN1")': normbook.norm("XXV", "labour", variant="PTN1"),
    '=NORM("VI","equipment",,"Máy hút ẩm")': normbook.norm("VI", "equipment",
                                                             item="Máy hút ẩm"),
    '=NORM("VI","material",,"Giấy")': normbook.norm("VI", "material", item="Giấy"),
    '=NORM_SOURCE("VI","labour")': str(normbook.source("VI", "labour")),
}
#: The table examples and their size from the API: (rows, columns).
TABLES = {
    '=NORM_TABLE("VI","equipment")': (len(normbook.table("VI", "equipment")) + 1, 5),
    '=NORM_ITEMS("VI","material")': (len(normbook.items("VI", "material")), 1),
    "=NORM_APPENDICES()": (len(normbook.appendices()) + 1, 3),
}
MISS = '=NORM("XL","labour")'


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    return write_starter(tmp_path_factory.mktemp("starter") / "Normbook.xlsx")


def xlwings_reads(ws) -> dict[str, object]:
    """The settings xlwings takes from the sheet: A1 down to the first empty cell in A."""
    settings = {}
    row = 1
    while ws.cell(row, 1).value not in (None, ""):
        key = str(ws.cell(row, 1).value).upper()
        assert key not in settings, f"duplicate key {key}: xlwings' Dictionary.Add fails"
        settings[key] = ws.cell(row, 2).value
        row += 1
    return settings


def example_rows(ws) -> dict[str, int]:
    """Formula text (column B) -> its row."""
    return {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)
            if isinstance(ws.cell(r, 2).value, str) and ws.cell(r, 2).value.startswith("=")}


def test_sheets_and_the_config_xlwings_reads(starter):
    wb = openpyxl.load_workbook(starter)
    assert wb.sheetnames[:3] == [SHEET, CONFIG_SHEET, "Estimate set-up"]
    assert wb.sheetnames[3:6] == ["Wages (prices)", "Equipment (prices)", "Materials (prices)"]
    assert wb.active.title == SHEET
    conf = wb[CONFIG_SHEET]
    assert xlwings_reads(conf) == {"UDF MODULES": "normbook.udfs"}
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "normbook.udfs")
    # the interpreter rows are documented below the block, empty, and not read
    listed = {conf.cell(r, 1).value: r for r in range(3, conf.max_row + 1)}
    for key, _ in OPTIONAL_SETTINGS:
        row = listed[key]
        assert conf.cell(row, 2).value is None
        assert conf.cell(row, 3).value
    assert "Interpreter_Win" in listed and "pythonw.exe" in conf.cell(listed["Interpreter_Win"],
                                                                     3).value


def test_no_machine_path_in_the_workbook(starter):
    wb = openpyxl.load_workbook(starter)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    for text in texts:
        assert str(Path.home()) not in text and sys.prefix not in text, text
        assert "C:\\Users" not in text and "/home/" not in text, text


def test_examples_text_live_formula_and_value_when_written(starter):
    ws = openpyxl.load_workbook(starter)[SHEET]
    rows = example_rows(ws)
    assert set(rows) == set(SCALARS) | set(TABLES) | {MISS}
    for formula, expected in SCALARS.items():
        row = rows[formula]
        assert ws.cell(row, 2).data_type == "s"  # shown as text, not computed
        assert ws.cell(row, 3).value == formula
        assert ws.cell(row, 4).value == expected, formula
        assert ws.cell(row, 1).value
    assert ws.cell(rows[MISS], 4).value.startswith("#N/A")


def test_tables_have_room_to_spill(starter):
    ws = openpyxl.load_workbook(starter)[SHEET]
    rows = example_rows(ws)
    for formula, (height, width) in TABLES.items():
        anchor = ws.cell(rows[formula] + 1, 3)
        assert isinstance(anchor.value, ArrayFormula)
        assert anchor.value.text == formula
        first, last = anchor.value.ref.split(":")
        assert first == anchor.coordinate
        bottom_right = ws[last]
        assert (bottom_right.row - anchor.row + 1, bottom_right.column - 2) == (height, width)
        area = ws.iter_rows(min_row=anchor.row, max_row=bottom_right.row, min_col=3,
                            max_col=bottom_right.column)
        # the array's other cells hold its results as written (what a saved array formula
        # stores), never a formula of their own
        assert [c.coordinate for row in area for c in row
                if isinstance(c.value, str) and c.value.startswith("=")] == []
        assert f"{height} rows × {width} columns" in ws.cell(rows[formula], 4).value
        assert ws.cell(bottom_right.row + 1, 3).value is None


def test_how_to_names_the_steps(starter):
    ws = openpyxl.load_workbook(starter)[SHEET]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for step in ("pip install normbook", "xlwings addin install", ".xlsm",
                 "Trust access to the VBA project object model", "Tools > References",
                 "Import Functions", "Ctrl+Alt+F9"):
        assert step in text, step


def test_refuses_to_overwrite_and_cli(tmp_path, capsys):
    out = tmp_path / "Normbook.xlsx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputExists):
        write_starter(out)
    assert main(["excel-starter", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert main(["excel-starter", "-o", str(out), "--force"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[:2] == [SHEET, CONFIG_SHEET]
    assert main(["excel-starter", "-o", str(tmp_path / "Normbook.xlsm")]) == 2
    assert "save it as .xlsm" in capsys.readouterr().err
    assert not (tmp_path / "Normbook.xlsm").exists()


@needs_soffice
def test_libreoffice_opens_it(starter, tmp_path):
    converted = convert(starter, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(converted)
    assert wb.sheetnames[:2] == [SHEET, CONFIG_SHEET]
    assert xlwings_reads(wb[CONFIG_SHEET]) == {"UDF MODULES": "normbook.udfs"}
    assert set(example_rows(wb[SHEET])) == set(SCALARS) | set(TABLES) | {MISS}


@needs_soffice
def test_live_formulas_compute_the_values_when_written(starter, tmp_path):
    """Frozen (the add-in's functions evaluated) and recalculated: column C equals column D."""
    frozen = tmp_path / "frozen.xlsx"
    report = freeze(starter, frozen)
    assert report.frozen == len(SCALARS) + len(TABLES) + 1
    ws = openpyxl.load_workbook(recalculate(frozen, tmp_path / "lo"), data_only=True)[SHEET]
    rows = example_rows(ws)
    for formula in SCALARS:
        assert ws.cell(rows[formula], 3).value == ws.cell(rows[formula], 4).value, formula
    appendices = rows["=NORM_APPENDICES()"] + 1
    assert [ws.cell(appendices + i, 3).value for i in range(3)] == \
        ["id", *(a.id for a in normbook.appendices()[:2])]


def test_a_reader_that_does_not_recalculate_sees_the_values_when_written(starter):
    """Every live formula stores the value it had when the file was written: a scalar beside
    its formula, a table as the array's cells; the miss as the error value #N/A."""
    formulas_ws = openpyxl.load_workbook(starter)[SHEET]
    stored = openpyxl.load_workbook(starter, data_only=True)[SHEET]
    rows = example_rows(formulas_ws)
    for formula, expected in SCALARS.items():
        assert stored.cell(rows[formula], 3).value == expected, formula
    assert stored.cell(rows[MISS], 3).value == "#N/A"
    from normbook.excel.starter import TABLE_EXAMPLES, compute

    for computed in map(compute, TABLE_EXAMPLES):
        formula, table = computed.example.formula, computed.value
        height, width = TABLES[formula]
        top = rows[formula] + 1
        block = [[stored.cell(top + i, 3 + j).value for j in range(width)]
                 for i in range(height)]
        assert block == [[None if v == "" else v for v in r] for r in table], formula


# ---- the estimate's set-up ---------------------------------------------------------------------

def test_one_numbered_list_of_set_up_steps_per_runtime(starter):
    ws = openpyxl.load_workbook(starter)[SHEET]
    lines = [str(c.value) for c in ws["A"] if c.value]
    numbers = [int(line.split(".")[0]) for line in lines if line[:2].rstrip(".").isdigit()]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4]  # classic, then xlwings Lite
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 1. Excel on Windows, classic xlwings")[1].split("###")[0]
    steps = [line for line in section.splitlines() if line[:3].rstrip(". ").isdigit()]
    assert len(steps) == 7, steps  # the README's list is the starter's
    for phrase in ("pip install normbook", "xlwings addin install", "Trust access to the VBA",
                   ".xlsm", "Tools > References", "Import Functions", "Insert > Button"):
        assert phrase in section and phrase in "\n".join(lines), phrase


def test_the_macros_of_the_buttons(starter):
    from normbook.excel import estimate_classic

    ws = openpyxl.load_workbook(starter)[SHEET]
    text = [str(c.value) for c in ws["A"] if c.value]
    for name, function in (("NormbookBuild", "build_estimate"),
                           ("NormbookRejustify", "rejustify_estimate"),
                           ("NormbookCompare", "compare_estimate"),
                           ("NormbookCounts", "fill_counts")):
        at = text.index(f"Sub {name}()")
        assert text[at + 1] == (f'    RunPython "import normbook.excel.estimate_classic as e; '
                                f'e.{function}()"')
        assert text[at + 2] == "End Sub"
        assert callable(getattr(estimate_classic, function))


def test_the_set_up_sheet_and_its_prices_read(starter):
    from normbook.excel.estimate_prices import SheetCells, find_prices_sheets, prices_from_sheets
    from normbook.excel.estimate_setup import read_setup

    wb = openpyxl.load_workbook(starter)
    ws = wb["Estimate set-up"]
    setup = read_setup([[c.value for c in row] for row in ws.iter_rows()])
    assert (setup.year, setup.appendices[0][0], setup.replace) == (2026, "VI", False)
    assert ("VI", "1") in setup.counts
    found = find_prices_sheets(wb.sheetnames)
    assert set(found) >= {"Wages", "Equipment", "Materials"}
    sheets = {k: SheetCells(n, [[c.value for c in row] for row in wb[n].iter_rows()],
                            {(c.row, c.column): c.number_format for row in wb[n].iter_rows()
                             for c in row}) for k, n in found.items()}
    prices = prices_from_sheets(sheets, "Normbook.xlsm")
    assert prices.source.startswith("Normbook.xlsm (sheets Wages (prices)")
