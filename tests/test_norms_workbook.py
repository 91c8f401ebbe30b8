"""`normbook workbook`: the tables as written, and formulas that compute in LibreOffice too.

The workbook is written once per module; the LibreOffice tests share one soffice run (a
second Examples sheet with other inputs rides along in the same file).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import normbook
from normbook.cli import main
from normbook.errors import NormError, OutputExists
from normbook.excel.norm_labels import LABEL_COLUMNS
from normbook.excel.norms_workbook import write_norms_workbook
from normbook.libreoffice import find_soffice

SHEETS = ["Index", "Labour", "Equipment", "Materials", "Steps", "Works", "Irregularities",
          "Examples"]
DATA = {"Labour": "labour", "Equipment": "equipment", "Materials": "materials",
        "Steps": "labour_steps", "Works": "works", "Irregularities": "irregularities"}
ERRORS = {"#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#REF!", "Err:502",
          "Err:504", "Err:508", "Err:509", "Err:511"}
#: Functions LibreOffice 7.4 lacks, or that spill: none may appear in a formula.
NEWER_FUNCTIONS = ("XLOOKUP", "XMATCH", "FILTER", "LET", "UNIQUE", "SORT", "SORTBY",
                   "SEQUENCE", "LAMBDA", "TEXTJOIN", "IFS", "MAXIFS", "MINIFS", "SWITCH")

needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    return write_norms_workbook(tmp_path_factory.mktemp("workbook") / "norms.xlsx")


@pytest.fixture(scope="module")
def book(written):
    return openpyxl.load_workbook(written)


def api_rows(table_name: str) -> list[tuple[str, dict]]:
    return [(a.id, row) for a in normbook.appendices() for row in normbook.table(a.id, table_name)]


def as_cell(field: str, value):
    """What the workbook should hold for one API value."""
    if value in (None, ""):
        return None
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if field == "work" and value.isdigit():
        return int(value)
    return value


# ---- the file as written -------------------------------------------------------------------

def test_sheets_in_order(book):
    assert book.sheetnames == SHEETS


@pytest.mark.parametrize(("sheet", "table_name"), DATA.items())
def test_each_data_sheet_is_one_table_over_every_row(book, sheet, table_name):
    ws = book[sheet]
    rows = api_rows(table_name)
    assert list(ws.tables) == [sheet]
    ref = ws.tables[sheet].ref
    assert ref.startswith("A1:")
    assert ref.endswith(str(len(rows) + 1)), f"{ref} does not cover {len(rows)} rows"
    assert ws.max_row == len(rows) + 1
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    # each column of codes has a label column beside it, what a reader reads
    expected_header = ["appendix"]
    for field in rows[0][1]:
        expected_header += [field, *([LABEL_COLUMNS[field]] if field in LABEL_COLUMNS else [])]
    if table_name in ("equipment", "materials"):
        expected_header.append("key")
    assert header == expected_header
    assert ref.split(":")[1].rstrip("0123456789") == openpyxl.utils.get_column_letter(
        len(header))


@pytest.mark.parametrize(("sheet", "table_name"), DATA.items())
def test_every_cell_is_the_api_value_and_numbers_are_numbers(book, sheet, table_name):
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for (appendix, row), cells in zip(api_rows(table_name),
                                      ws.iter_rows(min_row=2, values_only=True), strict=True):
        got = dict(zip(header, cells, strict=True))
        assert got["appendix"] == appendix
        for field, value in row.items():
            if isinstance(value, float):
                assert isinstance(got[field], (int, float)), (sheet, field, got[field])
                assert got[field] == value
            else:
                assert got[field] == as_cell(field, value), (sheet, appendix, field)
        if "key" in got:
            assert got["key"] == f"{appendix}|{row['work']}|{row['name']}"


def test_labour_adds_up_to_the_norm(book):
    ws = book["Labour"]
    header = [c.value for c in ws[1]]
    cong = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    total = sum(r["cong"] for r in cong if r["appendix"] == "VI")
    assert total == normbook.norm("VI", "labour_direct") == 280
    ptn1 = sum(r["cong"] for r in cong if r["appendix"] == "XXV" and r["lab_class"] in
               (None, "PTN1"))
    assert ptn1 == normbook.norm("XXV", "labour_direct", variant="PTN1")


def test_source_lines_are_kept_as_text(book):
    ws = book["Labour"]
    header = [c.value for c in ws[1]]
    lines = {n for r in ws.iter_rows(min_row=2, values_only=True)
             if r[0] == "VI" for n in dict(zip(header, r, strict=True))["lines"].split(", ")}
    assert {str(n) for n in normbook.source("VI", "labour").lines} == lines


def test_a_note_instead_of_a_number_leaves_the_number_empty(book):
    ws = book["Equipment"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    noted = [r for r in rows if r["appendix"] == "VI" and r["name"] == "Thiết bị lưu điện"]
    assert len(noted) == 1
    assert noted[0]["shifts"] is None
    assert noted[0]["note"]
    with pytest.raises(normbook.NotInSource):
        normbook.norm("VI", "equipment", item="Thiết bị lưu điện")


def test_index_lists_every_appendix_with_counts(book):
    ws = book["Index"]
    assert "Circular 04/2022/TT-BKHCN" in ws["A1"].value
    (table,) = ws.tables.values()
    cells = ws[table.ref]
    header = [c.value for c in cells[0]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in cells[1:]]
    assert [r["appendix"] for r in rows] == [a.id for a in normbook.appendices()]
    for r in rows:
        for column, name in (("labour", "labour"), ("equipment", "equipment"),
                             ("materials", "materials"), ("irregularities", "irregularities")):
            assert r[column] == len(normbook.table(r["appendix"], name)), (r["appendix"], column)
        assert (r["lab_classes"] or "") == ", ".join(normbook.lab_classes(r["appendix"]))
    assert {r["appendix"]: r["lab_classes"] for r in rows}["XXV"] == "PTN1, PTN2"
    top = int(table.ref.split(":")[0].lstrip("A"))
    notes = " ".join(str(ws.cell(row=n, column=1).value or "") for n in range(1, top))
    assert "as written" in notes
    assert "Irregularities" in notes


def test_index_says_where_the_labour_lines_add_up_to_the_norm(book):
    ws = book["Index"]
    (table,) = ws.tables.values()
    cells = ws[table.ref]
    header = [c.value for c in cells[0]]
    totals = {r[0].value: r[header.index("labour_total")].value for r in cells[1:]}

    def verdict(appendix):
        try:
            normbook.norm(appendix, "labour_direct")
        except normbook.errors.LabClassRequired:
            return "needs lab class"
        except normbook.NotInSource:
            return "not in source"
        return "yes"

    assert totals == {a.id: verdict(a.id) for a in normbook.appendices()}
    assert (totals["VI"], totals["XXV"], totals["XVIII"], totals["XIX"]) == \
        ("yes", "needs lab class", "not in source", "not in source")


def test_examples_say_when_they_answer_na(book):
    ws = book["Examples"]
    rows = list(ws.iter_rows(max_col=5, values_only=True))
    header = next(i for i, r in enumerate(rows) if r[:2] == ("Example", "Result"))
    assert rows[header][4] == "When #N/A"
    notes = {r[0]: r[4] for r in rows[header + 1:] if r[0]}
    for label in ("Direct labour of the appendix, all works (công)",
                  "Labour with 10% indirect labour (Article 5.1.a2)",
                  "Direct labour of one work"):
        assert "#N/A" in notes[label] and "lab-class example" in notes[label], label
    assert "labour_total" in notes["Direct labour of the appendix, all works (công)"]


def examples(ws) -> tuple[dict[str, object], list[tuple[str, object, object, object]]]:
    """The Examples sheet: inputs by label, and (label, result, formula text, same as) rows."""
    rows = list(ws.iter_rows(max_col=4, values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Inputs")
    header = next(i for i, r in enumerate(rows) if r[:2] == ("Example", "Result"))
    inputs = {r[0]: r[1] for r in rows[start + 1:header] if r[0]}
    body = []
    for r in rows[header + 1:]:
        if not r[0]:
            break
        body.append(r)
    return inputs, body


def test_examples_are_live_formulas_shown_as_text(book):
    inputs, rows = examples(book["Examples"])
    assert inputs["Appendix"] == "VI"
    assert len(rows) >= 8
    for label, formula, text, same_as in rows:
        assert isinstance(formula, str) and formula.startswith("="), label
        assert text == formula, "column C shows the formula that column B runs"
        assert same_as
        called = set(re.findall(r"\b([A-Z][A-Z0-9._]*)\(", formula.upper()))
        assert not called & set(NEWER_FUNCTIONS), label
        assert "_XLFN" not in formula.upper(), label
    formulas = " ".join(r[1] for r in rows)
    for function in ("SUMIFS(", "INDEX(", "MATCH(", "COUNTIFS("):
        assert function in formulas


def test_existing_output_is_refused_without_force(written, tmp_path):
    target = tmp_path / "norms.xlsx"
    target.write_bytes(b"precious")
    with pytest.raises(OutputExists, match="force") as caught:
        write_norms_workbook(target)
    assert isinstance(caught.value, NormError)
    assert target.read_bytes() == b"precious"
    write_norms_workbook(target, force=True)
    assert openpyxl.load_workbook(target).sheetnames == SHEETS
    assert [p.name for p in tmp_path.iterdir()] == ["norms.xlsx"], "no temporary file left"


def test_output_must_be_xlsx(tmp_path):
    with pytest.raises(NormError, match=r"\.xlsx"):
        write_norms_workbook(tmp_path / "norms.ods")


def test_cli_writes_and_reports(tmp_path, capsys):
    target = tmp_path / "out.xlsx"
    assert main(["workbook", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert str(target) in out
    assert re.search(rf"Labour +{len(api_rows('labour'))} rows", out)
    assert openpyxl.load_workbook(target).sheetnames == SHEETS
    assert main(["workbook", "-o", str(target)]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert main(["workbook", "-o", str(target), "--force"]) == 0


# ---- recalculated by LibreOffice -----------------------------------------------------------

#: Second set of inputs, checked on a copy of the Examples sheet in the same soffice run.
OTHER_INPUTS = {"Appendix": "I", "Work number": 1, "Equipment item (exact name)": "Máy in Laser",
                "Material item (exact name)": "Điện năng (nhiên liệu)",
                "Appendix with lab classes": "XXV", "Lab class": "PTN2"}
#: Appendices whose labour lines do not add up to NORM's answer, each on its own copy:
#: XXV has lab-class alternatives (in work 1 too), XIX stops early (no equipment, no
#: materials; its work 1 has labour), XVIII lists work 3 without labour.
AWKWARD_INPUTS = {
    "Examples XXV": {**OTHER_INPUTS, "Appendix": "XXV", "Work number": 1,
                     "Equipment item (exact name)": "Điều hòa nhiệt độ",
                     "Material item (exact name)": "Giấy", "Lab class": "PTN1"},
    "Examples XIX": {**OTHER_INPUTS, "Appendix": "XIX"},
    "Examples XVIII": {**OTHER_INPUTS, "Appendix": "XVIII", "Work number": 3},
}


def _not_in_source_inputs() -> dict[str, dict[str, object]]:
    """A copy of Examples for every row the circular gives without a number (a note instead):
    each lookup of it must answer #N/A, as NORM does, never 0."""
    copies = {}
    for a in (x.id for x in normbook.appendices()):
        for r in normbook.table(a, "materials"):
            if r["consumption"] is None or r["use"] is None:
                work = int(r["work"]) if r["work"].isdigit() else r["work"]
                copies[f"NIS {a} m{len(copies)}"] = {
                    **OTHER_INPUTS, "Appendix": a, "Work number": work,
                    "Material item (exact name)": r["name"]}
        for r in normbook.table(a, "equipment"):
            if r["shifts"] is None:
                copies[f"NIS {a} e{len(copies)}"] = {
                    **OTHER_INPUTS, "Appendix": a, "Equipment item (exact name)": r["name"]}
    return copies


NOT_IN_SOURCE_INPUTS = _not_in_source_inputs()
COPIES = {"Examples 2": OTHER_INPUTS, **AWKWARD_INPUTS, **NOT_IN_SOURCE_INPUTS}
NA = "#N/A"


def api(function, *args, **kwargs):
    """The API's answer, or #N/A where the add-in's NORM answers #N/A."""
    try:
        return function(*args, **kwargs)
    except normbook.NormError as exc:
        assert exc.excel_code == NA, exc
        return NA


def expected(label: str, i: dict[str, object]):
    """What the Python API says each example computes, for the inputs ``i``."""
    a, work = i["Appendix"], i["Work number"]
    lab, cls = i["Appendix with lab classes"], i["Lab class"]
    equipment, material = i["Equipment item (exact name)"], i["Material item (exact name)"]
    material_row = next((r for r in normbook.table(a, "materials")
                         if r["work"] == str(work) and r["name"] == material), None)
    norm = normbook.norm
    answers = {
        "Direct labour of the appendix, all works (công)": api(norm, a, "labour_direct"),
        "Labour with 10% indirect labour (Article 5.1.a2)": api(norm, a, "labour"),
        "Direct labour of one work": api(norm, a, "labour_direct", work=work),
        "Labour of one lab class with 10% indirect (class lines + lines for both)":
            api(norm, lab, "labour", variant=cls),
        "Labour lines that apply to that lab class (COUNTIFS)":
            sum(r["lab_class"] in ("", cls) for r in normbook.table(lab, "labour")),
        "Shifts of one equipment item, all works (SUMIFS)":
            api(norm, a, "equipment", item=equipment),
        "Consumption of one material in one work (INDEX/MATCH on key)":
            api(norm, a, "material", work=work, item=material),
        "Use of that material in that work (SUMIFS)":
            api(norm, a, "material_use", work=work, item=material),
        "Source lines of that material row (INDEX/MATCH)":
            ", ".join(map(str, material_row["lines"])) if material_row else NA,
        "Equipment rows of the appendix (COUNTIFS)": len(normbook.table(a, "equipment")),
        "Irregularities recorded for the appendix (COUNTIFS)":
            len(normbook.table(a, "irregularities")),
    }
    return answers[label]


@pytest.fixture(scope="module")
def recalculated(written, tmp_path_factory):
    """The workbook plus copies of Examples with the COPIES inputs, after one LibreOffice run."""
    from normbook.libreoffice import recalculate

    wb = openpyxl.load_workbook(written)
    for title, inputs in COPIES.items():
        other = wb.copy_worksheet(wb["Examples"])
        other.title = title
        for row in other.iter_rows(max_col=2):
            if row[0].value in inputs:
                row[1].value = inputs[row[0].value]
    folder = tmp_path_factory.mktemp("recalculated")
    wb.save(folder / "norms.xlsx")
    return openpyxl.load_workbook(recalculate(folder / "norms.xlsx", folder / "out"),
                                  data_only=True)


def test_every_row_without_a_number_has_its_check():
    materials = [k for k in NOT_IN_SOURCE_INPUTS if " m" in k]
    assert len(materials) >= 6  # IX work 1, XV work 2, XXI work 2 (the six rows)


@needs_soffice
@pytest.mark.parametrize("sheet", ["Examples", *COPIES])
def test_libreoffice_computes_what_the_api_says(recalculated, sheet):
    inputs, rows = examples(recalculated[sheet])
    if sheet in COPIES:
        assert inputs == COPIES[sheet]
    labels = [r[0] for r in rows]
    assert len(labels) == len(set(labels)) >= 8
    for label, result, _, _ in rows:
        want = expected(label, inputs)
        if isinstance(want, str):
            assert result == want, (label, result)
        else:
            assert isinstance(result, (int, float)), (label, result)
            assert result == pytest.approx(want, rel=1e-12), label


@needs_soffice
def test_labour_examples_answer_na_where_the_lines_do_not_add_up(recalculated):
    def results(sheet):
        return {label: result for label, result, _, _ in examples(recalculated[sheet])[1]}

    total, one_work = ("Direct labour of the appendix, all works (công)",
                       "Direct labour of one work")
    lab = "Labour of one lab class with 10% indirect (class lines + lines for both)"
    assert results("Examples")[total] == normbook.norm("VI", "labour_direct")
    xxv = results("Examples XXV")
    assert xxv[total] == xxv[one_work] == NA  # not PTN1 and PTN2 added together
    assert xxv[lab] == pytest.approx(normbook.norm("XXV", "labour", variant="PTN1"))
    xix = results("Examples XIX")
    assert xix[total] == NA
    assert xix[one_work] == normbook.norm("XIX", "labour_direct", work=1)
    assert results("Examples XVIII")[one_work] == NA


@needs_soffice
def test_no_error_cell_in_the_examples(recalculated):
    for sheet in ("Examples", "Examples 2"):
        for row in recalculated[sheet].iter_rows():
            for cell in row:
                assert cell.data_type != "e", (sheet, cell.coordinate, cell.value)
                assert cell.value not in ERRORS, (sheet, cell.coordinate)


@needs_soffice
def test_tables_survive_the_round_trip(recalculated):
    for sheet in DATA:
        assert list(recalculated[sheet].tables) == [sheet]


def test_a_reader_that_does_not_recalculate_sees_every_example_result(written):
    """Each example stores its result: what the API (and so NORM) answers for the inputs."""
    inputs, rows = examples(openpyxl.load_workbook(written, data_only=True)["Examples"])
    assert len(rows) >= 8
    for label, result, _, _ in rows:
        want = expected(label, inputs)
        if isinstance(want, str):
            assert result == want, (label, result)
        else:
            assert result == pytest.approx(want, rel=1e-12), label


@needs_soffice
def test_libreoffice_leaves_the_stored_results_as_they_were(written, recalculated):
    _, stored = examples(openpyxl.load_workbook(written, data_only=True)["Examples"])
    _, computed = examples(recalculated["Examples"])
    for (label, mine, _, _), (_, theirs, _, _) in zip(stored, computed, strict=True):
        assert mine == theirs or mine == pytest.approx(theirs, rel=1e-12), label
