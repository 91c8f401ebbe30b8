"""normbook freeze: Normbook formulas become values, everything else stays; checked in LibreOffice.

Expected numbers come from the Python API (normbook.norm, normbook.table ...), never typed in.
The LibreOffice tests recalculate the frozen copy, where an add-in function would show #NAME?,
and show that the unfrozen original does show #NAME? there (so they can fail).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

import normbook
import normbook.excel.freeze
import normbook.excel.functions
import normbook.udfs
from normbook.cli import main
from normbook.excel.formula_calls import function_name, literal, parse, substitute
from normbook.excel.freeze import (
    ERROR_VALUE,
    NOT_FROZEN,
    FreezeError,
    OutputExists,
    freeze,
    freeze_workbook,
    worksheet_functions,
)
from normbook.libreoffice import find_soffice, recalculate

NAMES = tuple(worksheet_functions())
LABOUR = normbook.norm("VI", "labour")
needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")


def table_rows(appendix: str, component: str) -> list[list]:
    """What NORM_TABLE spills, rebuilt from the API's rows (equipment: header + 5 columns)."""
    assert component == "equipment"
    rows = normbook.table(appendix, component)
    return [["work", "name", "unit", "spec", "shifts"],
            *([r["work"], r["name"], r["unit"], r["spec"],
               r["shifts"] if r["shifts"] is not None else r["note"]] for r in rows)]


def block(ws, top_left: str, height: int, width: int) -> list[list]:
    first = ws[top_left]
    return [[ws.cell(first.row + i, first.column + j).value for j in range(width)]
            for i in range(height)]


# ---- the list of functions ----------------------------------------------------------------

def test_functions_come_from_the_udfs_module():
    import xlwings.server

    meta = xlwings.server.custom_functions_meta(normbook.udfs)  # what Excel is told
    assert set(NAMES) == {f["name"] for f in meta["functions"]}
    assert {"NORM", "NORM_TABLE", "NORM_ITEMS", "NORM_APPENDICES", "NORM_SOURCE"} <= set(NAMES)
    assert worksheet_functions()["NORM"] is normbook.udfs.norm


# ---- formulas -----------------------------------------------------------------------------

@pytest.mark.parametrize(("spelled", "name"), [
    ("NORM", "NORM"),
    ("norm", "NORM"),
    ("Norm_Table", "NORM_TABLE"),
    ("XLWINGS.NORM", "NORM"),                    # Office.js, as Excel shows it
    ("XLWINGS.TOOLS.NORM_ITEMS", "NORM_ITEMS"),  # manifest namespace + sub-namespace
    ("_xldudf_XLWINGS_NORM", "NORM"),            # Office.js, as the file stores it
    ("_xldudf_xlwings_norm", "NORM"),            # ... after LibreOffice saved it
    ("_xldudf_NORM_TABLE", "NORM_TABLE"),        # no namespace: the longest name wins
    ("_xldudf_NB_NORM_SOURCE", "NORM_SOURCE"),
    ("[2]!_xldudf_NB_NORM", "NORM"),             # a broken add-in link
    ("Book.xla!_xldudf_NB_NORM", "NORM"),
    ("_xll.NORM", "NORM"),
    ("@NORM_TABLE", "NORM_TABLE"),
    ("_xlfn.NORM.DIST", None),                   # Excel's own function
    ("NORM.DIST", None),
    ("NORMS", None),
    ("SUM", None),
    ("_xldudf_96323233322223", None),            # an add-in Excel could not identify
    ("_xldudf_NB_NORMAL", None),
])
def test_function_name_spellings(spelled, name):
    assert function_name(spelled, NAMES) == name


def test_arguments_are_classified():
    call = parse("=NORM(\"a\"\"b\", -2, TRUE, , A1, $B$2, 'My sheet'!C$3, Sheet2!A1:B2, "
                 "Rate, UPPER(A1), [1]Sheet1!A1, #N/A, NORM_SOURCE(\"VI\",\"labour\"), B3:B3)",
                 NAMES).calls[0]
    got = [(a.kind, a.value, a.sheet, a.ref) for a in call.args]
    assert got[:8] == [
        ("literal", 'a"b', None, ""), ("literal", -2, None, ""), ("literal", True, None, ""),
        ("empty", None, None, ""), ("cell", None, None, "A1"), ("cell", None, None, "B2"),
        ("cell", None, "My sheet", "C3"), ("range", None, "Sheet2", "A1:B2")]
    assert got[8] == ("name", None, None, "Rate")
    assert [a.kind for a in call.args[9:11]] == ["other", "other"]
    assert "another workbook" in call.args[10].detail
    assert got[11] == ("literal", "#N/A", None, "")
    assert call.args[12].kind == "call" and call.args[12].value.name == "NORM_SOURCE"
    assert got[13] == ("cell", None, None, "B3")
    assert parse("=NORM_APPENDICES()", NAMES).calls[0].args == ()


@pytest.mark.parametrize(("formula", "whole", "intersects"), [
    ('=NORM("VI","labour")', True, False),
    ('= NORM("VI","labour") ', True, False),
    ('=+NORM("VI","labour")', True, False),
    ('=@NORM_TABLE("VI","equipment")', True, True),
    ('=-NORM("VI","labour")', False, False),
    ('=NORM("VI","labour")*2', False, False),
    ('=NORM("VI","labour")+NORM("VI","labour")', False, False),
    ('=IFERROR(NORM("VI","labour"),0)', False, False),
])
def test_whole_call(formula, whole, intersects):
    call, flag = parse(formula, NAMES).whole_call()
    assert (call is not None) == whole
    assert flag == intersects


@pytest.mark.parametrize(("value", "text"), [
    (308.0, "308"), (596.75, "596.75"), (-1.5, "(-1.5)"), (0.00001, "1E-05"),
    ('say "hi"', '"say ""hi"""'), (True, "TRUE"), (None, '""'),
    ([[1.0, "a"], [None, -2.0]], '{1,"a";"",-2}'),
])
def test_literal(value, text):
    assert literal(value) == text


@pytest.mark.parametrize("value", ["x" * 256, float("nan"), object()])
def test_literal_refuses_what_a_formula_cannot_hold(value):
    with pytest.raises(ValueError):
        literal(value)


def test_substitute_keeps_everything_else():
    parsed = parse('=ROUND(NORM("VI","labour") * $B$2, 0) + norm("VI", "labour_direct")',
                   NAMES)
    first, second = parsed.calls
    assert substitute(parsed, {first.start: "308", second.start: "280"}) == \
        "=ROUND(308 * $B$2, 0) + 280"


# ---- a workbook with every case -----------------------------------------------------------

@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    """Budget: the cases; My inputs: arguments; Old: array formulas as Excel saves spills."""
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    inputs = wb.create_sheet("My inputs")
    inputs["B1"], inputs["B2"] = "XXV", "PTN1"
    old = wb.create_sheet("Old")
    ws["C1"], ws["C2"], ws["C3"] = "VI", 5, 7
    ws["C4"] = '="V"&"I"'
    ws["A1"] = '=NORM("VI","labour")'
    ws["A1"].font = Font(bold=True)
    ws["A2"] = '=norm("vi","LABOUR")'
    ws["A3"] = "=SUM(C2:C3)"
    ws["A4"] = '=NORM("VI","labour")*2'
    ws["A5"] = "=NORM('My inputs'!B1,\"labour\",,,'My inputs'!$B$2)"
    ws["A6"] = '=NORM(C1,"labour_direct")'
    ws["A7"] = '=NORM("XL","labour")'
    ws["A8"] = '=NORM(UPPER("vi"),"labour")'
    ws["A9"] = '=NORM(C1:C2,"labour")'
    ws["A10"] = '=_xldudf_XLWINGS_NORM("VI","labour")'
    ws["A11"] = '=XLWINGS.NORM("VI","labour")'
    ws["A12"] = '=[1]!_xldudf_NB_NORM_SOURCE("VI","labour")'
    ws["E1"] = '=NORM_ITEMS("VI","equipment")'
    ws["A13"] = '=NORM("VI","equipment",,E2)'  # E2: the second item, spilled by E1
    ws["G1"] = '=NORM_TABLE("VI","equipment")'
    ws["A14"] = '=NORM(A15,"labour")'
    ws["A15"] = '=NORM(A14,"labour")'
    ws["A16"] = '=NORM(C4,"labour")'  # C4 has no saved value in a file openpyxl wrote
    wb.defined_names["Appx"] = DefinedName("Appx", attr_text="'My inputs'!$B$1")
    wb.defined_names["Labour"] = DefinedName("Labour", attr_text='NORM("VI","labour")')
    ws["A17"] = '=NORM(Appx,"labour",,,"PTN1")'
    ws["A18"] = '=INDEX(NORM_ITEMS("VI","material"),2,1)'
    ws["M1"] = "=NORM_APPENDICES()"
    ws["M5"] = "my note"  # in the way of M1's spill
    # Excel saves a dynamic array as an array formula over the cells it last filled
    old["A1"] = ArrayFormula("A1:C3", "=NORM_APPENDICES()")  # the fresh result is bigger
    old["E1"] = ArrayFormula("E1:E40", '=NORM_ITEMS("VI","material")')  # ... or smaller
    old["E2"], old["E40"] = "stale item", "stale item"
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def frozen(workbook_path: Path, tmp_path: Path):
    report = freeze(workbook_path, tmp_path / "frozen.xlsx")
    return report, openpyxl.load_workbook(tmp_path / "frozen.xlsx")


def problems(report, kind: str) -> dict[str, str]:
    return {p.where: p.detail for p in report.problems if p.kind == kind}


def test_whole_calls_become_their_values(frozen):
    _, wb = frozen
    ws = wb["Budget"]
    assert LABOUR == 308
    for cell in ("A1", "A2", "A10", "A11"):
        assert ws[cell].value == LABOUR, cell
    assert ws["A5"].value == normbook.norm("XXV", "labour", variant="PTN1")
    assert ws["A6"].value == normbook.norm("VI", "labour_direct")
    assert ws["A12"].value == str(normbook.source("VI", "labour"))
    assert ws["A17"].value == normbook.norm("XXV", "labour", variant="PTN1")


def test_embedded_calls_become_constants_in_a_live_formula(frozen):
    _, wb = frozen
    ws = wb["Budget"]
    assert ws["A4"].value == f"={LABOUR:g}*2"
    materials = normbook.items("VI", "material")
    assert ws["A18"].value.startswith('=INDEX({"' + materials[0] + '";"' + materials[1])


def test_other_formulas_styles_sheets_and_names_stay(frozen, workbook_path):
    _, wb = frozen
    ws = wb["Budget"]
    assert ws["A3"].value == "=SUM(C2:C3)"
    assert ws["C4"].value == '="V"&"I"'
    assert ws["A1"].font.bold
    assert wb.sheetnames == ["Budget", "My inputs", "Old"]
    assert [c.value for c in wb["My inputs"]["B"]] == ["XXV", "PTN1"]
    assert set(wb.defined_names) == {"Appx", "Labour"}
    assert wb.defined_names["Labour"].attr_text == 'NORM("VI","labour")'
    assert wb.calculation.fullCalcOnLoad
    original = openpyxl.load_workbook(workbook_path)
    assert original["Budget"]["A1"].value == '=NORM("VI","labour")'  # the source is untouched


def test_tables_spill_right_and_down(frozen):
    _, wb = frozen
    ws = wb["Budget"]
    expected = table_rows("VI", "equipment")
    assert block(ws, "G1", len(expected), 5) == expected
    items = normbook.items("VI", "equipment")
    assert block(ws, "E1", len(items), 1) == [[name] for name in items]
    assert ws.cell(len(items) + 1, 5).value is None
    # a cell inside a spill area is an argument like any other
    assert ws["A13"].value == normbook.norm("VI", "equipment", item=items[1])


def test_saved_spill_areas_are_replaced_by_the_fresh_result(frozen):
    _, wb = frozen
    old = wb["Old"]
    appendices = normbook.appendices()
    assert block(old, "A1", len(appendices) + 1, 1) == [["id"], *([a.id] for a in appendices)]
    materials = normbook.items("VI", "material")
    assert block(old, "E1", len(materials), 1) == [[m] for m in materials]
    assert old["E40"].value is None  # what is left of the stale spill is cleared
    assert not isinstance(old["A1"].value, ArrayFormula)


def test_problems_are_reported_with_their_cells(frozen):
    report, wb = frozen
    ws = wb["Budget"]
    errors = problems(report, ERROR_VALUE)
    assert list(errors) == ["Budget!A7"]
    assert errors["Budget!A7"].startswith("#N/A") and ws["A7"].value.startswith("#N/A")
    skipped = problems(report, NOT_FROZEN)
    assert "UPPER" in skipped["Budget!A8"] and "expression" in skipped["Budget!A8"]
    assert "range" in skipped["Budget!A9"]
    assert "circular" in skipped["Budget!A14"]
    assert "Budget!A15" in skipped
    assert "does not hold" in skipped["Budget!A16"] and "C4" in skipped["Budget!A16"]
    assert "Budget!M5" in skipped["Budget!M1"] and "my note" in skipped["Budget!M1"]
    assert "defined name Labour" in skipped
    assert len(skipped) == 7
    for cell in ("A8", "A9", "A14", "A15", "A16", "M1"):  # left exactly as they were
        assert ws[cell].value.startswith("="), cell
    assert ws["M5"].value == "my note" and ws["M2"].value is None
    assert report.sheets == ["Budget", "Old"]
    assert (report.values, report.spills, report.rewritten) == (14, 4, 2)
    assert "froze 16 Normbook formulas on 2 sheets" in report.summary()
    assert "Budget!A8: not frozen: argument 1 of NORM" in report.summary()


def test_reading_a_spill_that_depends_on_the_reader_is_circular():
    wb = openpyxl.Workbook()
    ws = wb.active
    # H1 answers 10 (appendix X) whatever its variant C3 is; A1 spills X's table over C3
    ws["H1"] = '=NORM("VI","equipment",3,"Máy tính để bàn",C3)'
    ws["A1"] = '=NORM_TABLE(H1,"equipment")'
    assert normbook.norm("VI", "equipment", work=3, item="Máy tính để bàn") == 10
    report = freeze_workbook(wb)
    assert [(p.where, p.kind) for p in report.problems] == [("Sheet!H1", NOT_FROZEN)]
    assert "circular" in report.problems[0].detail and "Sheet!C3" in report.problems[0].detail
    assert ws["H1"].value.startswith("=NORM(")
    assert block(ws, "A1", 2, 2) == [["work", "name"], table_rows("X", "equipment")[1][:2]]


def test_an_error_inside_a_table_is_reported_at_its_cell(monkeypatch):
    def timetable(year):  # like EXAM_PERIODS: a date the source does not give is #N/A
        return [["period", "theory"], [1, "#N/A"], [2, 45321]]

    monkeypatch.setattr(normbook.excel.freeze, "worksheet_functions",
                        lambda: {"TIMETABLE": timetable})
    wb = openpyxl.Workbook()
    wb.active["B2"] = "=TIMETABLE(2024)"
    report = freeze_workbook(wb)
    assert [(p.where, p.kind, p.detail) for p in report.problems] == \
        [("Sheet!C3", ERROR_VALUE, "#N/A")]
    assert wb.active["C3"].value == "#N/A" and wb.active["C3"].data_type == "e"


def test_implicit_intersection_takes_the_first_value():
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=@NORM_APPENDICES()"
    wb.active["A2"] = '=LEN(@NORM_ITEMS("VI","material"))'
    report = freeze_workbook(wb)
    assert not report.problems
    assert wb.active["A1"].value == "id" and wb.active["A2"].value.startswith('=LEN("')
    assert wb.active["B1"].value is None


def test_error_cells_and_saved_values_are_handed_over_like_the_add_in_does():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"] = "#DIV/0!"
    ws["A1"] = '=NORM(B1,"labour")'
    ws["A2"] = '=NORM(B2,"labour")'
    ws["B2"] = "=LOWER(C9)"
    saved = openpyxl.Workbook()
    saved.active["B2"] = "vi"  # as a data_only load of a file Excel saved would hold
    report = freeze_workbook(wb, saved)
    assert ws["A1"].value == normbook.udfs.norm("#DIV/0!", "labour")
    assert ws["A1"].value.startswith("#")
    assert ws["A2"].value == LABOUR
    assert [p.where for p in report.problems] == ["Sheet!A1"]


# ---- files and the command line -----------------------------------------------------------

def test_cli_exit_codes(workbook_path, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["freeze", str(workbook_path), "-o", str(out)]) == 1
    said = capsys.readouterr()
    printed = said.out
    assert "Budget!A7: error value: #N/A" in printed and f"wrote {out}" in printed
    assert out.is_file()
    # exit code 1, yet the copy is there: the last line says so plainly
    (last,) = said.err.strip().splitlines()[-1:]
    assert last.startswith(f"normbook: {out} was written, but it has ")
    assert "not a finished copy" in last and "--force" in last and "--allow-partial" in last
    assert main(["freeze", str(workbook_path), "-o", str(out), "--force",
                 "--allow-partial"]) == 0
    clean = tmp_path / "clean.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = '=NORM("VI","labour")'
    wb.save(clean)
    assert main(["freeze", str(clean), "-o", str(tmp_path / "clean-out.xlsx")]) == 0


def test_workbook_without_normbook_formulas_is_copied(tmp_path, capsys):
    source = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["A2"] = "=SUM(B1:B2)", "norm"
    wb.save(source)
    assert main(["freeze", str(source), "-o", str(tmp_path / "copy.xlsx")]) == 0
    assert "found no Normbook formulas" in capsys.readouterr().out
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx").active
    assert (copy["A1"].value, copy["A2"].value) == ("=SUM(B1:B2)", "norm")


def test_refuses_to_overwrite(workbook_path, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    assert main(["freeze", str(workbook_path), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    with pytest.raises(OutputExists):
        freeze(workbook_path, out)
    freeze(workbook_path, out, force=True)
    assert openpyxl.load_workbook(out)["Budget"]["A1"].value == LABOUR
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.parametrize(("make_args", "message"), [
    (lambda src, tmp: [src, "-o", src], "another file"),
    (lambda src, tmp: [src, "-o", str(Path(src).parent / "." / Path(src).name), "--force"],
     "another file"),
    (lambda src, tmp: [str(tmp / "missing.xlsx"), "-o", str(tmp / "o.xlsx")], "no such"),
    (lambda src, tmp: [src, "-o", str(tmp / "o.xlsm")], "needs an .xlsm source"),
    (lambda src, tmp: [src, "-o", str(tmp / "o.ods")], ".xlsx and .xlsm"),
    (lambda src, tmp: [str(tmp / "not-a-workbook.xlsx"), "-o", str(tmp / "o.xlsx")],
     "is not an .xlsx workbook"),
])
def test_bad_paths_exit_2(workbook_path, tmp_path, capsys, make_args, message):
    (tmp_path / "not-a-workbook.xlsx").write_text("plain text")
    assert main(["freeze", *make_args(str(workbook_path), tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("normbook: error: ") and message in err
    assert "Traceback" not in err


def _with_vba(xlsx: Path, xlsm: Path) -> None:
    """An .xlsm: the workbook plus a VBA project part, declared as Excel declares it."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(xlsm, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
                    b"<Default ", b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'))
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"VBA project stand-in")


def test_xlsm_keeps_its_macros_only_when_the_copy_is_xlsm(tmp_path):
    plain = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = '=norm("VI","labour")'
    wb.save(plain)
    xlsm = tmp_path / "book.xlsm"
    _with_vba(plain, xlsm)
    freeze(xlsm, tmp_path / "kept.xlsm")
    freeze(xlsm, tmp_path / "dropped.xlsx")
    with zipfile.ZipFile(tmp_path / "kept.xlsm") as kept:
        assert kept.read("xl/vbaProject.bin") == b"VBA project stand-in"
        assert b"macroEnabled" in kept.read("[Content_Types].xml")
    with zipfile.ZipFile(tmp_path / "dropped.xlsx") as dropped:
        assert "xl/vbaProject.bin" not in dropped.namelist()
        assert b"macroEnabled" not in dropped.read("[Content_Types].xml")
    for name in ("kept.xlsm", "dropped.xlsx"):
        assert openpyxl.load_workbook(tmp_path / name).active["A1"].value == LABOUR


# ---- LibreOffice: what a reviewer without the add-in sees ---------------------------------

def _reviewer_book(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"], ws["B2"] = 3, 4
    ws["A1"] = '=NORM("VI","labour")'
    ws["A2"] = '=NORM("VI","labour")*2'
    ws["A3"] = "=SUM(B1:B2)"
    ws["A4"] = '=INDEX(NORM_ITEMS("VI","equipment"),2,1)'
    ws["A5"] = '=_xldudf_XLWINGS_NORM("VI","labour_direct")+B1'
    ws["D1"] = '=NORM_TABLE("VI","equipment")'
    wb.save(path)


def _strings(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


@needs_soffice
def test_frozen_copy_computes_in_libreoffice(tmp_path):
    source, out = tmp_path / "source.xlsx", tmp_path / "frozen.xlsx"
    _reviewer_book(source)
    assert main(["freeze", str(source), "-o", str(out)]) == 0
    computed = recalculate(out, tmp_path / "lo")
    assert not [s for s in _strings(computed) if s.startswith("#")]  # no #NAME?, no error
    ws = openpyxl.load_workbook(computed, data_only=True).active
    assert ws["A1"].value == LABOUR
    assert ws["A2"].value == 2 * LABOUR
    assert ws["A3"].value == 7
    assert ws["A4"].value == normbook.items("VI", "equipment")[1]
    assert ws["A5"].value == normbook.norm("VI", "labour_direct") + 3
    expected = table_rows("VI", "equipment")
    assert block(ws, "D1", len(expected), 5) == expected


@needs_soffice
def test_unfrozen_workbook_shows_name_errors_in_libreoffice(tmp_path):
    source = tmp_path / "source.xlsx"
    _reviewer_book(source)
    ws = openpyxl.load_workbook(recalculate(source, tmp_path / "lo"), data_only=True).active
    for cell in ("A1", "A2", "A4", "A5", "D1"):
        assert ws[cell].value == "#NAME?", cell
    assert ws["A3"].value == 7


@needs_soffice
def test_freezing_a_file_libreoffice_saved_uses_its_saved_values(tmp_path):
    source = tmp_path / "source.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C4"] = '="V"&"I"'
    ws["A1"] = '=NORM(C4,"labour")'
    wb.save(source)
    saved = recalculate(source, tmp_path / "lo")  # C4 now holds "VI"; NORM is #NAME? there
    assert openpyxl.load_workbook(saved).active["A1"].value == '=norm(C4,"labour")'
    report = freeze(saved, tmp_path / "frozen.xlsx")
    assert not report.problems
    assert openpyxl.load_workbook(tmp_path / "frozen.xlsx").active["A1"].value == LABOUR


def test_error_value_cannot_be_mistaken_for_a_problem_free_freeze():
    wb = openpyxl.Workbook()
    wb.active["A1"] = '=NORM("XL","labour")'
    report = freeze_workbook(wb)
    assert report.frozen == 1 and [p.kind for p in report.problems] == [ERROR_VALUE]


def test_freeze_error_is_a_norm_error():
    assert issubclass(FreezeError, normbook.NormError)
    assert issubclass(OutputExists, normbook.NormError)


# ---- range arguments (NORM_COST's prices) -------------------------------------------------

def price_rows(appendix: str = "I") -> list[list]:
    """Appendix I's equipment names with made-up prices, as the Prices sheet holds them."""
    return [[name, 1000 * (i + 1)] for i, name in enumerate(normbook.items(appendix,
                                                                          "equipment"))]


def cost(component: str, rows: list[list]) -> float:
    from normbook.estimate import norm_cost

    return float(norm_cost("I", component, rows, 2026))


def _prices_book() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    prices = wb.create_sheet("Prices")
    for row in price_rows():
        prices.append(row)
    ws["A1"] = '=NORM_COST("I","equipment",Prices!A1:B14,2026)'
    ws["A2"] = '=NORM_COST("I","labour",Prices!A1:B14,2026)'
    ws["A3"] = '=NORM_COST("I","equipment",Prices!$A$1:$B$14,2026)/2'
    return wb


def test_range_parameters_are_declared_by_the_udfs_module():
    from normbook.excel.freeze_eval import range_parameters

    ranges = range_parameters(worksheet_functions())
    assert ranges["NORM_COST"] == {2}
    assert not ranges["NORM"]
    # the declaration agrees with xlwings' own metadata (ndim=2) where the decorators are live
    for name, function in worksheet_functions().items():
        meta = getattr(function, "__xlfunc__", None)
        if meta is not None:
            assert ranges[name] == {a["pos"] for a in meta["args"]
                                    if a["options"].get("ndim") == 2}, name


def test_a_range_argument_is_read_as_rows_of_cells():
    wb = _prices_book()
    prices = wb["Prices"]
    rows = price_rows()
    prices["B2"] = "=2*1000"  # a formula: its saved value is read
    prices["B3"] = '=LABOUR_RATE("V.05.02.07","2/9",2026)'  # a Normbook formula: computed
    rows[2][1] = normbook.udfs.labour_rate("V.05.02.07", "2/9", 2026)
    saved = openpyxl.Workbook()
    saved.create_sheet("Prices")["B2"] = 2000
    ws = wb["Budget"]
    ws["A4"] = '=NORM_COST("I","equipment",Prices!A1:B15,2026)'  # an empty row: None, None
    ws["A5"] = '=NORM("VI","labour",Prices!A1:B2)'  # NORM takes no range
    wb.defined_names["PriceList"] = DefinedName("PriceList", attr_text="Prices!$A$1:$B$14")
    ws["A6"] = '=NORM_COST("I","equipment",PriceList,2026)'
    report = freeze_workbook(wb, saved)
    assert [(p.where, p.kind) for p in report.problems] == [("Budget!A5", NOT_FROZEN)]
    assert "range" in report.problems[0].detail
    assert ws["A1"].value == cost("equipment", rows)
    assert ws["A2"].value == cost("labour", rows)
    assert ws["A3"].value == f"={literal(cost('equipment', rows))}/2"
    assert ws["A4"].value == ws["A6"].value == cost("equipment", rows)
    assert prices["B3"].value == rows[2][1]


def test_a_range_is_handed_over_as_excel_hands_it(monkeypatch):
    seen = []

    def norm_cost(appendix, component, prices, year, lab_class=None):
        seen.append(prices)
        return 1

    monkeypatch.setattr(normbook.excel.freeze, "worksheet_functions",
                        lambda: {"NORM_COST": norm_cost})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C1"], ws["D1"], ws["C2"], ws["D3"] = "a", 1.5, "#N/A", True
    ws["A1"] = '=NORM_COST("I","equipment",C1:D3,2026)'
    ws["A2"] = '=NORM_COST("I","equipment",C1,2026)'  # one cell is a 1×1 range
    report = freeze_workbook(wb)
    assert not report.problems
    assert sorted(seen, key=len) == [[["a"]], [["a", 1.5], ["#N/A", None], [None, True]]]


@needs_soffice
def test_frozen_norm_cost_computes_in_libreoffice(tmp_path):
    source, out = tmp_path / "source.xlsx", tmp_path / "frozen.xlsx"
    _prices_book().save(source)
    report = freeze(source, out)
    assert not report.problems
    ws = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True)["Budget"]
    rows = price_rows()
    assert ws["A1"].value == pytest.approx(cost("equipment", rows), rel=1e-12)
    assert ws["A2"].value == pytest.approx(cost("labour", rows), rel=1e-12)
    assert ws["A3"].value == pytest.approx(cost("equipment", rows) / 2, rel=1e-12)


# ---- error values: real errors, also inside formulas --------------------------------------

def test_error_literals():
    from normbook.excel.formula_calls import ErrorValue, has_error_values

    na, value = ErrorValue("#N/A"), ErrorValue("#VALUE!")
    assert literal(na) == "#N/A"
    # LibreOffice's inline arrays cannot hold errors: they are laid over the constant
    table = [[1, value], ["a", na]]
    assert literal(table) == \
        'IF({FALSE,TRUE;FALSE,FALSE},#VALUE!,IF({FALSE,FALSE;FALSE,TRUE},#N/A,{1,"";"a",""}))'
    assert has_error_values(table) and not has_error_values([[1, "#N/A"]])
    assert not has_error_values(na)
    for bad in (ErrorValue("#SPILL!"), [[1, ErrorValue("#SPILL!")]]):
        with pytest.raises(ValueError, match="#SPILL!"):
            literal(bad)


def _error_book() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = '=IFERROR(NORM("XL","labour"),0)'
    ws["A2"] = '=ISNA(NORM("XL","labour"))'
    ws["A3"] = "=ISNA(INDEX(EXAM_PERIODS(2024),4,6))"  # period 3 has no practical_end
    ws["A4"] = '=NORM("XL","labour")'
    ws["A5"] = "=ISNA(A4)"
    ws["A6"] = '=NORM(A4,"labour")'  # the error propagates as the add-in passes it on
    ws["A7"] = '=IFERROR(NORM("VI","labour"),0)'
    ws["A8"] = "=INDEX(EXAM_PERIODS(2024),2,2)"  # beside the error, values are values
    return wb


@pytest.mark.parametrize("office_js", [True, False])
def test_errors_are_error_values_not_text(monkeypatch, office_js):
    # classic xlwings answers "#N/A unknown appendix ..."; Office.js the bare code
    monkeypatch.setattr(normbook.excel.functions, "OFFICE_JS", office_js)
    message = normbook.udfs.norm("XL", "labour")
    assert message.startswith("#N/A") and (message == "#N/A") == office_js
    assert normbook.udfs.exam_periods(2024)[3][5] == "#N/A"
    wb = _error_book()
    ws = wb.active
    report = freeze_workbook(wb)
    assert ws["A1"].value == "=IFERROR(#N/A,0)"
    assert ws["A2"].value == "=ISNA(#N/A)"
    assert ws["A3"].value.text.startswith("=ISNA(INDEX(IF({FALSE,FALSE,FALSE,FALSE,FALSE,")
    assert ws["A3"].value.ref == "A3" and '"#N/A' not in ws["A3"].value.text
    assert ws["A4"].value == "#N/A" and ws["A4"].data_type == "e"
    assert ws["A6"].value == "#N/A" and ws["A6"].data_type == "e"
    assert ws["A7"].value == f"=IFERROR({LABOUR:g},0)"
    errors = [(p.where, p.detail) for p in report.problems if p.kind == ERROR_VALUE]
    # A8's table holds an error even though INDEX picks another value: reported all the same
    assert [w for w, _ in errors] == ["Sheet!A1", "Sheet!A2", "Sheet!A3", "Sheet!A4",
                                      "Sheet!A6", "Sheet!A8"]
    assert dict(errors)["Sheet!A4"] == message  # the report keeps the message
    if office_js:
        assert ws["A4"].comment is None
    else:  # ... and so does a comment on the cell
        assert message in ws["A4"].comment.text


@needs_soffice
def test_frozen_errors_behave_as_errors_in_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(normbook.excel.functions, "OFFICE_JS", False)
    source, out = tmp_path / "source.xlsx", tmp_path / "frozen.xlsx"
    _error_book().save(source)
    freeze(source, out)
    ws = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True).active
    assert ws["A1"].value == 0
    assert ws["A2"].value is True
    assert ws["A3"].value is True
    assert ws["A4"].value == "#N/A"
    assert ws["A5"].value is True
    assert ws["A7"].value == LABOUR
    assert ws["A8"].value == to_excel(normbook.udfs.exam_periods(2024)[1][1])
