"""compare and estimate --previous believe only what the workbook computes: hostile estimate
workbooks (built here, with openpyxl or by editing the zip's XML) are read as Excel reads them
or refused in one line naming the cell, and no run writes over a file it reads."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hostile_support import run_capped

from normbook.estimate.compare import compare
from normbook.estimate.readback import NotAnEstimate, read_estimate

APPENDICES = ["VI", "IX", "XVII"]  # IX pays general labour; XVII has a block (works 2+3)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A pristine estimate workbook with material prices (so Prices has input cells)."""
    from normbook.estimate import EstimateRequest, Prices, estimate
    from normbook.estimate.model import MaterialPrice
    from normbook.estimate.run import build_request, run_estimate

    bare = estimate(EstimateRequest(APPENDICES, 2026))
    materials = {x.key: MaterialPrice(Decimal(1000 + n))
                 for n, x in enumerate(x for p in bare.appendices for x in p.materials)}
    folder = tmp_path_factory.mktemp("base") / "out"
    run_estimate(build_request(APPENDICES, 2026), Prices(materials=materials), folder)
    return folder / "estimate.xlsx"


def copy(base: Path, folder: Path, name: str = "old.xlsx") -> Path:
    return Path(shutil.copyfile(base, folder / name))


def named(book, name: str):
    """The cell a workbook-level name refers to."""
    sheet, ref = book.defined_names[name].attr_text.split("!")
    return book[sheet][ref.replace("$", "")]


def count_cell(book, appendix: str, work: int):
    """The Inputs cell holding a work's count (found by the block's name)."""
    sheet, ref = book.defined_names["WorkCounts"].attr_text.split("!")
    row = next(r for r in book[sheet][ref.replace("$", "")]
               if r[0].value == appendix and r[1].value == work)
    return row[4]


def edit(path: Path, change) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def edit_xml(path: Path, member: str, change) -> Path:
    """Rewrite one part of the zip through ``change(text) -> text``."""
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    os.replace(temp, path)
    return path


def raw_value(path: Path, coordinate: str, value: str, member="xl/worksheets/sheet1.xml"):
    """Put ``<v>value</v>`` into a number cell of the sheet's XML (sheet1: Inputs)."""
    def change(text: str) -> str:
        new, n = re.subn(rf'(<c r="{coordinate}"[^>]*>)<v>[^<]*</v>', rf"\g<1><v>{value}</v>",
                         text)
        assert n == 1, coordinate
        return new
    return edit_xml(path, member, change)


def estimate_of(inputs):
    """The estimate a workbook's inputs make (to write it again as another version did)."""
    from normbook.estimate import EstimateRequest, estimate

    request = EstimateRequest(inputs.appendices, inputs.year, inputs.variants, inputs.counts)
    return estimate(request, inputs.prices)


def essence(inputs) -> tuple:
    """What an estimate is made of, without the file's name."""
    prices = inputs.prices
    return (inputs.year, inputs.appendices, inputs.variants, inputs.counts, inputs.wages,
            {k: v.unit_price for k, v in prices.materials.items()},
            {k: (v.price_per_shift, v.asset_value, v.depreciation_rate, v.shifts_per_year)
             for k, v in prices.equipment.items()})


def refused(match: str, path: Path) -> NotAnEstimate:
    with pytest.raises(NotAnEstimate, match=match) as info:
        read_estimate(path)
    return info.value


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def one_line_refusal(args: list[str], folder: Path, *words: str, timeout: float = 120) -> str:
    """Run the command capped: exit 2, one line naming ``words``, nothing changed in folder."""
    before = files(folder)
    outcome = run_capped(args, cwd=folder, timeout=timeout)
    assert not outcome.timed_out
    assert outcome.one_line_error(2), (outcome.code, outcome.err)
    for word in words:
        assert word in outcome.err, (word, outcome.err)
    assert files(folder) == before
    return outcome.err


# ---- 3: a count the workbook does not use ------------------------------------------------------

def test_a_formula_in_a_count_cell_is_refused_naming_the_cell(base, tmp_path):
    """=5 in a work's count: Excel computes 5; the readback used to take 1. Refused."""
    path = copy(base, tmp_path)
    where = {}

    def five(book):
        cell = count_cell(book, "VI", 2)
        cell.value = "=5"
        where["cell"] = cell.coordinate

    edit(path, five)
    err = one_line_refusal(["compare", "old.xlsx", "old.xlsx"], tmp_path,
                           f"sheet Inputs, cell {where['cell']}", "formula =5")
    assert "type the number" in err
    # the constant 5 is read as 5
    edit(path, lambda book: setattr(count_cell(book, "VI", 2), "value", 5))
    assert read_estimate(path).counts[("VI", "2")] == 5


def test_the_block_formula_normbook_writes_is_read_and_an_edited_one_refused(base, tmp_path):
    path = copy(base, tmp_path)
    inputs = read_estimate(path)
    assert ("XVII", "2+3") not in inputs.counts  # the block follows works 2 and 3
    block = {}

    def edited(book):
        cell = count_cell(book, "XVII", "2+3")
        block["cell"] = cell.coordinate
        cell.value = "=5"

    edit(path, edited)
    refused(rf"sheet Inputs, cell {block['cell']}: the formula was changed", path)


@pytest.mark.parametrize("value, words", [
    ("-1", "is not a count"), ("2.5", "is not a count"), ("1001", "is not a count"),
    ("1E400", "is not a finite number"), ("-1E400", "is not a finite number"),
    ("99999999999999999999999999999999", "is not a count")])
def test_absurd_counts_are_refused_naming_the_cell(base, tmp_path, value, words):
    path = copy(base, tmp_path)
    coordinate = count_cell(openpyxl.load_workbook(path), "VI", 3).coordinate
    raw_value(path, coordinate, value)
    refused(rf"sheet Inputs, cell {coordinate}: .*{words}", path)


# ---- 5: a raw 1E400 in a count cell ----------------------------------------------------------

def test_1e400_in_a_count_is_one_line_in_compare_and_estimate_previous(base, tmp_path):
    path = copy(base, tmp_path)
    coordinate = count_cell(openpyxl.load_workbook(path), "VI", 1).coordinate
    raw_value(path, coordinate, "1E400")
    words = (f"old.xlsx, sheet Inputs, cell {coordinate}", "is not a finite number")
    one_line_refusal(["compare", "old.xlsx", "old.xlsx"], tmp_path, *words)
    one_line_refusal(["estimate", "--appendix", "VI", "--year", "2026", "-o", "new",
                      "--previous", "old.xlsx"], tmp_path, *words)


@pytest.mark.parametrize("name, value, words", [
    ("BaseSalary", "1E400", "is not a finite number"),
    ("BaseSalary", "1000", "is not a plausible base salary"),
    ("WorkingDays", "-3", "must be from 1 to 31"),
    ("OnCosts", "1E400", "is not a finite number"),
    ("IndirectShare", "0.2", "is not the circular's indirect labour share (10%"),
    ("BudgetYear", "2025.9", "is not a budget year"),
    ("BudgetYear", "1E400", "is not a finite number"),
    ("BudgetYear", "99999", "is not a budget year")])
def test_absurd_parameters_are_refused_naming_the_cell(base, tmp_path, name, value, words):
    path = copy(base, tmp_path)
    coordinate = named(openpyxl.load_workbook(path), name).coordinate
    raw_value(path, coordinate, value)
    refused(rf"sheet Inputs, cell {coordinate} \({name}\).*{re.escape(words)}", path)


@pytest.mark.parametrize("value, words", [("1E400", "is not a finite number"),
                                          ("-5", "is negative"), ("1E16", "at most")])
def test_absurd_prices_are_refused_naming_the_cell(base, tmp_path, value, words):
    from normbook.estimate.workbook_prices import LAYOUT

    path = copy(base, tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Prices"]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if str(r[0].value).startswith("M"))
    coordinate = f"{LAYOUT.letter('unit_price')}{row}"
    raw_value(path, coordinate, value, member="xl/worksheets/sheet2.xml")
    refused(rf"sheet Prices, cell {coordinate}\b.*{words}", path)


def test_a_formula_in_a_price_or_parameter_is_refused(base, tmp_path):
    path = copy(base, tmp_path)
    edit(path, lambda book: setattr(named(book, "BaseSalary"), "value", "=2340000"))
    refused(r"cell B3 \(BaseSalary\): the input cell holds the formula =2340000", path)


# ---- 10: a year that is not whole ------------------------------------------------------------

def test_a_year_2025_9_is_one_line(base, tmp_path):
    path = copy(base, tmp_path)
    edit(path, lambda book: setattr(named(book, "BudgetYear"), "value", 2025.9))
    one_line_refusal(["compare", "old.xlsx", "old.xlsx"], tmp_path,
                     "sheet Inputs, cell B2 (BudgetYear): 2025.9 is not a budget year")


# ---- 4: parameters by their defined names, never by labels -----------------------------------

def test_a_second_label_changes_nothing_excel_does_not_use(base, tmp_path):
    path = copy(base, tmp_path)

    def second_label(book):
        ws = book["Inputs"]
        ws.cell(ws.max_row + 2, 1, "Working days per month")
        ws.cell(ws.max_row, 2, 11)

    edit(path, second_label)
    inputs = read_estimate(path)
    assert inputs.wages.working_days_per_month == 22  # what WorkingDays (Excel) reads
    assert compare(read_estimate(base), inputs).difference == 0


def test_labels_in_another_language_read_the_same(base, tmp_path):
    """Every label of Inputs replaced (as the next release translates them): same inputs."""
    path = copy(base, tmp_path)

    def translate(book):
        for row in book["Inputs"].iter_rows():
            for cell in row:
                if cell.data_type == "s" and cell.value not in (*APPENDICES, "C1"):
                    cell.value = f"[vi] {cell.value}"

    edit(path, translate)
    assert essence(read_estimate(path)) == essence(read_estimate(base))


def test_a_repointed_name_is_refused_naming_it_and_the_cells(base, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    path = copy(base, tmp_path)

    def repoint(book):
        book["Inputs"]["H3"] = 1_000_000
        book.defined_names["BaseSalary"] = DefinedName("BaseSalary", attr_text="Inputs!$H$3")

    edit(path, repoint)
    one_line_refusal(["compare", "old.xlsx", "old.xlsx"], tmp_path,
                     "the name BaseSalary refers to Inputs!$H$3",
                     "Normbook writes it at Inputs!$B$3")


def test_a_workbook_without_its_names_is_one_line(base, tmp_path):
    path = copy(base, tmp_path)

    def strip(book):
        for name in list(book.defined_names):
            del book.defined_names[name]

    edit(path, strip)
    one_line_refusal(["compare", "old.xlsx", "old.xlsx"], tmp_path,
                     "not an estimate workbook Normbook wrote", "#NAME?")


def test_one_missing_name_is_named(base, tmp_path):
    path = copy(base, tmp_path)
    edit(path, lambda book: book.defined_names.pop("OnCosts"))
    refused("the name OnCosts is missing", path)
    path = copy(base, tmp_path, "b.xlsx")
    edit(path, lambda book: book.defined_names.pop("BudgetYear"))
    refused("the name BudgetYear is missing", path)


def test_a_name_shadowed_on_one_sheet_is_refused(base, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    path = copy(base, tmp_path)

    def shadow(book):
        book["Labour"].defined_names["basesalary"] = DefinedName("basesalary",
                                                                 attr_text="Inputs!$H$3")

    edit(path, shadow)
    error = refused("the name BaseSalary is defined 2 times", path)
    assert "sheet Labour: Inputs!$H$3" in str(error)


def test_a_name_defined_twice_is_refused(base, tmp_path):
    path = copy(base, tmp_path)

    def twice(text: str) -> str:
        return text.replace('<definedName name="BaseSalary">Inputs!$B$3</definedName>',
                            '<definedName name="BaseSalary">Inputs!$B$3</definedName>'
                            '<definedName name="BaseSalary">Inputs!$H$3</definedName>', 1)

    edit_xml(path, "xl/workbook.xml", twice)
    refused("the name BaseSalary is defined 2 times", path)


def test_a_workbook_from_before_the_reader_names_reads_the_same(base, tmp_path):
    """A workbook of the version before the reader names (and before the labour rate's
    parts, which came later): its inputs are read by their layout."""
    from normbook.estimate.workbook import build_estimate_workbook
    from normbook.xlsx_parts import save_workbook

    current = read_estimate(base)
    earlier = tmp_path / "earlier.xlsx"
    result = estimate_of(current)
    save_workbook(build_estimate_workbook(result, wage_parts=False, lang="en"), earlier)
    path = copy(earlier, tmp_path)

    def legacy(book):
        for name in ("BudgetYear", "GeneralScale", "Appendices", "WorkCounts"):
            del book.defined_names[name]

    edit(path, legacy)
    assert essence(read_estimate(path)) == essence(read_estimate(earlier)) == essence(current)


# ---- what the formulas read besides the inputs --------------------------------------------------

@pytest.mark.parametrize("change, words", [
    (lambda book: setattr(named(book, "GeneralScale"), "value", "B"),
     "the daily rates' ids and coefficients follow it"),
    (lambda book: setattr(book["Labour"]["J2"], "value", 999), "where Normbook writes 25"),
    (lambda book: setattr(book["Summary"]["A2"], "value", "VII"), "where Normbook writes 'VI'"),
    (lambda book: setattr(book["Labour"]["I2"], "value", "A1 3/9"), "where Normbook writes"),
])
def test_a_changed_constant_the_formulas_read_is_refused(base, tmp_path, change, words):
    path = copy(base, tmp_path)
    edit(path, change)
    refused(re.escape(words), path)


def test_prices_are_read_by_the_ids_the_prices_sheet_gives():
    from openpyxl import Workbook

    from normbook.estimate import EstimateRequest, estimate
    from normbook.estimate.readback import _price_ids
    from normbook.estimate.workbook_prices import write_prices

    bare = estimate(EstimateRequest(["VI", "IX", "XVII", "XXV", "XXXI"], 2026, {"XXV": "PTN1"}))
    book = Workbook()
    written = write_prices(book.active, book, bare, "")
    assert _price_ids(bare) == {pid: key for key, pid in written.items()}


# ---- 7: an output that is one of the inputs ---------------------------------------------------

@pytest.mark.parametrize("output", ["old.xlsx", "./old.xlsx", "link.xlsx", "sub/../old.xlsx"])
def test_compare_never_writes_over_an_input_even_with_force(base, tmp_path, output):
    copy(base, tmp_path)
    copy(base, tmp_path, "new.xlsx")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "old.xlsx")
    one_line_refusal(["compare", "old.xlsx", "new.xlsx", "-o", output, "--force"], tmp_path,
                     "is also a file this run reads (old.xlsx)")


def test_estimate_never_writes_over_its_previous_even_with_force(base, tmp_path):
    (tmp_path / "same").mkdir()
    copy(base, tmp_path / "same", "estimate.xlsx")
    one_line_refusal(["estimate", "--appendix", "VI", "--year", "2026", "-o", "same",
                      "--previous", "same/estimate.xlsx", "--force"], tmp_path,
                     "same/estimate.xlsx is also a file this run reads")


def test_same_file_sees_links_and_case(tmp_path):
    from normbook.outputs import OutputIsInput, refuse_inputs, same_file

    real = tmp_path / "a.xlsx"
    real.write_bytes(b"x")
    (tmp_path / "link.xlsx").symlink_to(real)
    os.link(real, tmp_path / "hard.xlsx")
    assert same_file(tmp_path / "link.xlsx", real) and same_file(tmp_path / "hard.xlsx", real)
    assert same_file(tmp_path / "." / "a.xlsx", real)
    assert not same_file(tmp_path / "b.xlsx", real)
    if (tmp_path / "A.XLSX").exists():  # a case-insensitive file system
        assert same_file(tmp_path / "A.XLSX", real)
    with pytest.raises(OutputIsInput):
        refuse_inputs([tmp_path / "link.xlsx"], [None, real])
    refuse_inputs([tmp_path / "b.xlsx"], [real, None])


def test_forms_never_write_a_report_over_the_roster(tmp_path, capsys):
    from hostile_files import roster

    from normbook.cli import main

    (tmp_path / "out").mkdir()
    path = roster(tmp_path / "out" / "rejections.xlsx")
    before = path.read_bytes()
    assert main(["forms", str(path), "-o", str(tmp_path / "out"), "--force"]) == 2
    assert "is also a file this run reads" in capsys.readouterr().err
    assert path.read_bytes() == before


# ---- 9: --previous that is not a file ----------------------------------------------------------

def test_previous_a_folder_or_a_pipe_says_what_it_is(tmp_path):
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe.xlsx")
    base = ["estimate", "--appendix", "VI", "--year", "2026", "-o", "new", "--previous"]
    one_line_refusal([*base, "folder"], tmp_path, "folder is a folder, not a workbook")
    one_line_refusal([*base, "pipe.xlsx"], tmp_path, "pipe.xlsx is not a regular file",
                     timeout=60)
    one_line_refusal(["compare", "pipe.xlsx", "folder"], tmp_path, "is not a regular file",
                     timeout=60)


@pytest.mark.parametrize(("value", "lang", "shown_as"), [
    (2025.9, "vi", "2025,9 không phải năm dự toán"), (2025.9, "en", "2025.9 is not a budget year"),
    (True, "en", "TRUE is not a number")])
def test_a_cell_value_is_echoed_the_readers_way(value, lang, shown_as, tmp_path):
    """Not Python's spelling (2025.9, True, None) but the reader's: 2025,9 in Vietnamese."""
    from normbook import i18n
    from normbook.estimate.run import build_request, run_estimate

    run_estimate(build_request(["VI"], 2026), None, tmp_path / "a")
    path = tmp_path / "a" / "estimate.xlsx"
    book = openpyxl.load_workbook(path)
    sheet, ref = book.defined_names["BudgetYear"].attr_text.split("!")
    book[sheet.strip("'")][ref.replace("$", "")].value = value
    book.save(path)
    with pytest.raises(NotAnEstimate) as caught:
        read_estimate(path)
    with i18n.speaking(lang):
        assert shown_as in str(caught.value)
