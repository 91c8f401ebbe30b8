"""The user data folder: ``normbook data status|add|remove|export``, what an addition changes,
what is refused (and that nothing is then written), and a folder edited by hand.

Every figure added here is TEST DATA (tests/userdata_support.py): a 2025 timetable copied from
the 2024 one, a base salary of 2,794,000 VND from 2027-07-01 and a 2027 holiday schedule.
Each test has its own empty folder (the ``user_data`` fixture sets NORMBOOK_DATA).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import os
import time
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import userdata_support as support

import normbook.udfs
from normbook import exams, wages
from normbook.cli import main
from normbook.errors import NormError
from normbook.exams.errors import CalendarOutOfRange, UnknownYear
from normbook.exams.workdays import is_working_day
from normbook.userdata.errors import BrokenFolder

RULES = Path(__file__).parents[1] / "norms" / "exams" / "rules.csv"
THEORY_2025 = "2025-01-31"  # period 1's theory exam in the test 2025 year (as 2024's)

# chinese-calendar as 1.11.0 knows it (through 2026), whatever release is installed
pytestmark = pytest.mark.usefixtures("calendar_through_2026")


# ---- helpers ---------------------------------------------------------------------------------

def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every directory (None) and file (its bytes) under ``folder``; {} when it is missing."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def additions(folder: Path) -> list[str]:
    """The additions in use, as kind/name (what --replace and remove put aside is not)."""
    return sorted(f"{kind}/{p.name}" for kind in ("exams", "wages", "holidays")
                  if (folder / kind).is_dir() for p in (folder / kind).iterdir())


def aside(folder: Path, kind: str) -> list[Path]:
    where = folder / "replaced" / kind
    return sorted(where.iterdir()) if where.is_dir() else []


def exams_book(path: Path, edit=None, rules: bool = False) -> Path:
    """The test 2025 year as a workbook (a sheet per table), ``edit``ed first."""
    tables = support.exam_rows(2025)
    if edit is not None:
        edit(tables)
    if rules:
        with RULES.open(encoding="utf-8", newline="") as f:
            grid = list(csv.reader(f))
        tables["rules"] = (grid[0], grid[1:])
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, (header, rows) in tables.items():
        sheet = book.create_sheet(table)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def set_cell(tables, table: str, index: int, column: str, value: str) -> None:
    header, rows = tables[table]
    rows[index][header.index(column)] = value


def add(capsys, kind: str, path: Path, *extra: str) -> str:
    code, out, err = run(capsys, "data", "add", kind, str(path), *extra)
    assert code == 0, err
    return out


def add_all_three(capsys, tmp_path: Path, *extra: str) -> None:
    add(capsys, "exams", support.write_exams_xlsx(tmp_path / "exams-2025.xlsx"), *extra)
    add(capsys, "wages", support.write_wages(tmp_path / "base-salary.csv"), *extra)
    add(capsys, "holidays", support.write_holidays(tmp_path / "holidays-2027.csv"), *extra)


def status_json(capsys, *extra: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "data", "status", "--format", "json", *extra)
    return code, json.loads(out)


def dataset(report: dict, name: str) -> dict:
    return next(d for d in report["datasets"] if d["dataset"] == name)


def refused(capsys, folder: Path, argv: list[str], *words: str) -> str:
    """Run a `data add` that must be refused: exit 2, every word in the message, one error (no
    traceback), and the folder exactly as before."""
    before = snapshot(folder)
    code, out, err = run(capsys, *argv)
    assert code == 2, (out, err)
    assert err.startswith("normbook: error: "), err
    assert "Traceback" not in err and "added " not in out
    for word in words:
        assert word in err, err
    assert snapshot(folder) == before
    return err


def rewrite_csv(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        grid = list(csv.reader(f))
    edit(grid)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(grid)


def chinese_calendar_rows(year: int) -> list[tuple[str, str, str]]:
    """``year``'s schedule as chinese-calendar has it: weekday holidays, make-up weekend days."""
    import chinese_calendar

    rows, day = [], date(year, 1, 1)
    while day.year == year:
        working = chinese_calendar.is_workday(day)
        if day.weekday() < 5 and not working:
            rows.append((day.isoformat(), "holiday",
                         str(chinese_calendar.get_holiday_detail(day)[1] or "假日")))
        elif day.weekday() >= 5 and working:
            rows.append((day.isoformat(), "workday", "调休"))
        day += dt.timedelta(days=1)
    return rows


# ---- data status -----------------------------------------------------------------------------

def test_status_of_a_clean_folder_warns_of_years_not_covered(user_data, capsys) -> None:
    code, out, err = run(capsys, "data", "status", "--year", "2027")
    assert code == 0, err
    assert f"user data folder: {user_data} (from NORMBOOK_DATA)" in out
    assert "exams: shipped years 2024" in out
    assert "warning: no exam timetable for 2027: add it with `normbook data add exams" in out
    assert "warning: no holiday schedule for 2027: working-day deadlines in 2027 are refused" \
        in out
    assert "PROBLEM" not in out and "  added " not in out
    code, report = status_json(capsys, "--year", "2027", "--year", "2025")
    assert code == 0
    assert report["years_checked"] == [2025, 2027]
    assert report["folder"]["path"] == str(user_data)
    assert [d["dataset"] for d in report["datasets"]] == ["norms", "exams", "wages", "holidays"]
    assert dataset(report, "exams")["warnings"] == [
        f"no exam timetable for {y}: add it with `normbook data add exams FILE.xlsx` once it "
        "is published" for y in (2025, 2027)]
    # 2025 is in chinese-calendar: only 2027 lacks a holiday schedule
    assert [w[:32] for w in dataset(report, "holidays")["warnings"]] == [
        "no holiday schedule for 2027: wo"]
    assert all(not d["problems"] and not d["added"] for d in report["datasets"])


def test_status_lists_each_addition_with_its_provenance(user_data, tmp_path, capsys) -> None:
    add_all_three(capsys, tmp_path, "--by", "Trần Thị B")
    code, out, err = run(capsys, "data", "status", "--year", "2027")
    assert code == 0, err
    assert "added exams/2025: by Trần Thị B on " in out and "from exams-2025.xlsx" in out
    assert "added wages/2027-07-01: by Trần Thị B" in out and "from base-salary.csv" in out
    assert "added holidays/2027: by Trần Thị B" in out
    assert f"cites: {support.TEST_DECREE[4]}" in out
    assert f"cites: {support.TEST_SOURCE.format(year=2025)}" in out
    assert "no holiday schedule for 2027" not in out  # the folder has it now
    assert "no exam timetable for 2027" in out  # still not 2027's timetable
    code, report = status_json(capsys, "--year", "2027")
    assert code == 0
    (exam,) = dataset(report, "exams")["added"]
    assert exam["name"] == "2025" and exam["path"] == "exams/2025"
    assert exam["added_by"] == "Trần Thị B" and exam["original"] == "exams-2025.xlsx"
    assert exam["edited_since_added"] is False and exam["imported_from"] == ""
    assert len(exam["sha256"]) == 64 and exam["replaces_shipped"] is False
    (wage,) = dataset(report, "wages")["added"]
    assert wage["citation"] == support.TEST_DECREE[4]
    assert dataset(report, "holidays")["added"][0]["path"] == "holidays/2027"


def test_missing_or_empty_folder_changes_nothing(user_data, capsys) -> None:
    assert not user_data.exists()
    assert exams.years() == (2024,)
    assert wages.base_salary(2028).amount == Decimal(2530000)
    code, out, _ = run(capsys, "data", "status")
    assert code == 0
    assert f"user data folder: {user_data} (from NORMBOOK_DATA) (does not exist yet: nothing " \
           "added)" in out
    assert status_json(capsys)[1]["folder"]["exists"] is False
    assert not user_data.exists()  # status creates nothing
    user_data.mkdir()
    assert exams.years() == (2024,)
    code, report = status_json(capsys)
    assert code == 0 and report["folder"]["exists"] is True
    assert all(not d["added"] for d in report["datasets"])


def test_stray_top_level_entry_is_a_note_not_a_problem(user_data, capsys) -> None:
    (user_data / "old backups").mkdir(parents=True)
    code, out, _ = run(capsys, "data", "status")
    assert code == 0
    assert "note: old backups: not a folder Normbook uses (it reads exams, wages, holidays)" in out


# ---- data add: exams -------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["xlsx", "folder"])
def test_add_exams_year_and_its_effects(form, user_data, tmp_path, capsys) -> None:
    source = (support.write_exams_xlsx(tmp_path / "exams-2025.xlsx") if form == "xlsx"
              else support.write_exams_folder(tmp_path / "exams-2025"))
    with pytest.raises(UnknownYear, match=r"`normbook data add exams FILE\.xlsx`"):
        exams.timetable(2025)
    out = add(capsys, "exams", source)
    assert out.startswith("added exams/2025: exam timetable 2025: 5 periods, 10 special "
                          "projects; source: TEST DATA")
    assert f"user data folder: {user_data}" in out
    assert additions(user_data) == ["exams/2025"]
    stored = sorted(p.name for p in (user_data / "exams" / "2025").iterdir())
    assert stored == ["addition.json", "irregularities.csv", "periods.csv", "sites.csv",
                      "special_projects.csv", "special_sessions.csv", "years.csv"]
    meta = json.loads((user_data / "exams" / "2025" / "addition.json").read_text("utf-8"))
    assert meta["original"] == source.name
    assert meta["citation"] == support.TEST_SOURCE.format(year=2025)

    assert exams.years() == (2024, 2025)
    assert exams.event_date(2025, 1, "theory") == date(2025, 1, 31)
    assert exams.event_date(2024, 1, "theory") == date(2024, 1, 31)  # the shipped year answers
    table = exams.timetable(2025)
    assert table.origin is not None and not table.origin.shipped
    assert table.origin.path == "exams/2025"
    assert exams.timetable(2024).origin.shipped

    code, out, err = run(capsys, "exams", "2025", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    header, rows = support.exam_rows(2025)["periods"]
    assert data["year"] == 2025
    assert [(p["period"], p["theory"], p["registration_start"]) for p in data["periods"]] == [
        (int(r[header.index("period")]), r[header.index("theory")] or None,
         r[header.index("registration_start")] or None) for r in rows]
    assert data["periods"][0]["theory"] == THEORY_2025
    code, out, _ = run(capsys, "exams", "2024", "--format", "json")
    assert code == 0 and json.loads(out)["periods"][0]["theory"] == "2024-01-31"


def _excel_call(func_name: str, *args, runtime: str = "1.4"):
    """As tests/test_udfs_officejs.py calls a function: what Excel sends on Office.js."""
    import xlwings
    import xlwings.server

    payload = {"client": "Office.js", "func_name": func_name, "args": list(args),
               "caller_address": "[Book1.xlsx]Sheet1!D2", "culture_info_name": "en-US",
               "date_format": "M/d/yyyy", "version": xlwings.__version__, "runtime": runtime}
    return asyncio.run(xlwings.server.custom_functions_call(payload, normbook.udfs))


def _serial(day: date) -> float:
    return float((day - date(1899, 12, 30)).days)


def test_exam_date_on_office_js_answers_an_added_year(user_data, tmp_path, capsys) -> None:
    before = _excel_call("exam_date", [[2025]], [[1]], [["theory"]])
    assert before[0][0] == {"type": "Error", "errorType": "NotAvailable"}
    add(capsys, "exams", support.write_exams_xlsx(tmp_path / "exams-2025.xlsx"))
    got = _excel_call("exam_date", [[2025]], [[1.0]], [["theory"]])
    assert got == [[{"type": "FormattedNumber", "basicValue": _serial(date(2025, 1, 31)),
                     "numberFormat": "M/d/yyyy"}]]
    assert _excel_call("exam_date", [[2025]], [[1.0]], [["theory"]], runtime="1.3") == [
        [_serial(date(2025, 1, 31))]]
    assert _excel_call("exam_date", [[2024]], [[1]], [["theory"]])[0][0]["basicValue"] == \
        _serial(date(2024, 1, 31))


def test_exams_year_already_in_folder_needs_replace(user_data, tmp_path, capsys) -> None:
    book = support.write_exams_xlsx(tmp_path / "exams-2025.xlsx")
    add(capsys, "exams", book)
    first = json.loads((user_data / "exams" / "2025" / "addition.json").read_text("utf-8"))
    refused(capsys, user_data, ["data", "add", "exams", str(book)],
            "the data folder already has exams/2025", "--replace")
    assert aside(user_data, "exams") == []
    out = add(capsys, "exams", book, "--replace", "--by", "someone else")
    assert "added exams/2025" in out
    (kept,) = aside(user_data, "exams")
    assert kept.name.startswith("2025-")
    assert f"kept the replaced addition in {kept}" in out
    assert json.loads((kept / "addition.json").read_text("utf-8")) == first
    assert (kept / "periods.csv").read_bytes() == \
        (user_data / "exams" / "2025" / "periods.csv").read_bytes()
    now = json.loads((user_data / "exams" / "2025" / "addition.json").read_text("utf-8"))
    assert now["added_by"] == "someone else"
    assert additions(user_data) == ["exams/2025"]
    assert exams.years() == (2024, 2025)


def test_workbook_of_two_years_is_added_all_or_nothing(user_data, tmp_path, capsys) -> None:
    add(capsys, "exams", support.write_exams_folder(tmp_path / "exams-2026", 2026))
    before = snapshot(user_data)
    book = support.write_exams_xlsx(tmp_path / "exams-2025-2026.xlsx", years=(2025, 2026))
    refused(capsys, user_data, ["data", "add", "exams", str(book)],
            "1 problem; nothing was added", "the data folder already has exams/2026")
    assert snapshot(user_data) == before and exams.years() == (2024, 2026)
    out = add(capsys, "exams", book, "--replace")
    assert "added exams/2025" in out and "added exams/2026" in out
    assert additions(user_data) == ["exams/2025", "exams/2026"]
    assert [p.name[:5] for p in aside(user_data, "exams")] == ["2026-"]
    assert exams.years() == (2024, 2025, 2026)
    assert exams.event_date(2026, 2, "theory") == date(2026, 3, 27)


def test_shipped_exams_year_needs_replace(user_data, tmp_path, capsys) -> None:
    book = support.write_exams_xlsx(tmp_path / "exams-2024.xlsx", years=(2024,))
    refused(capsys, user_data, ["data", "add", "exams", str(book)],
            "2024 is in the shipped exams data (2024年计量专业项目考核时间表)", "--replace")
    assert exams.timetable(2024).origin.shipped
    add(capsys, "exams", book, "--replace")
    assert exams.timetable(2024).source == support.TEST_SOURCE.format(year=2024)
    code, out, _ = run(capsys, "data", "status")
    assert code == 0 and "added exams/2024" in out and "[replaces the shipped year]" in out


@pytest.mark.parametrize("case", ["source-not-a-document", "rules-sheet", "theory-not-as-written",
                                  "periods-sheet-misnamed"])
def test_bad_exams_workbook_is_refused(case, user_data, tmp_path, capsys) -> None:
    path = tmp_path / f"bad.{case}.xlsx"
    count = 1
    if case == "source-not-a-document":
        exams_book(path, lambda t: set_cell(t, "years", 0, "source", "timetable.xlsx"))
        words = [f"{path.name}, sheet years, row 2, column D (source): 'timetable.xlsx' does "
                 "not name the document"]
    elif case == "rules-sheet":
        exams_book(path, rules=True)
        words = [f"{path.name}, sheet rules: rules is not for user data"]
    elif case == "theory-not-as-written":
        exams_book(path, lambda t: set_cell(t, "periods", 0, "theory", "2025-01-30"))
        words = [f"{path.name}, sheet periods, row 2, column F (theory):", "2025-01-30",
                 "1月31日"]
    else:  # neither named after the table nor with its exact header: not read, and said so
        book = openpyxl.load_workbook(exams_book(path))
        sheet = book["periods"]
        sheet.title, sheet["A1"] = "Periods 2025", "Year"
        book.save(path)
        count, words = 2, [f"{path.name}, sheet periods: missing: a year needs its years row "
                           "and its periods",
                           f"{path.name}: a sheet not read: Periods 2025 (a sheet is read when "
                           "named after a table"]
    err = refused(capsys, user_data, ["data", "add", "exams", str(path)],
                  f"{path.name}: {count} problem{'s' if count > 1 else ''}; nothing was added",
                  *words)
    assert exams.years() == (2024,)
    assert "exams/2025" not in err


# ---- data add: wages -------------------------------------------------------------------------

RANK, GRADE = "V.05.02.07", "2/9"  # coefficient 2.67


def test_add_wages_and_its_effects(user_data, tmp_path, capsys) -> None:
    before = wages.daily_rate(RANK, GRADE, 2028)
    assert wages.base_salary(2027).amount == Decimal(2530000)  # Decree 161/2026/NĐ-CP
    out = add(capsys, "wages", support.write_wages(tmp_path / "base-salary.csv"))
    assert out.startswith("added wages/2027-07-01: base salary 2,794,000 VND from 2027-07-01 "
                          "(Decree 999/2026/NĐ-CP)")
    assert additions(user_data) == ["wages/2027-07-01"]
    after = wages.daily_rate(RANK, GRADE, 2028)
    assert after / before == Decimal(2794000) / Decimal(2530000)
    assert after == Decimal("2.67") * 2794000 / 22 == Decimal(339090)  # 267 × 1,270
    salary = wages.base_salary(2028)
    assert salary.amount == Decimal(2794000)
    (cited,) = salary.citations
    assert cited == support.TEST_DECREE[4] and "999/2026/NĐ-CP" in cited
    (origin,) = salary.origins
    assert not origin.shipped and origin.path == "wages/2027-07-01"
    assert origin.describe().startswith("wages: wages/2027-07-01, added locally by ")
    assert "not shipped with Normbook" in origin.describe()
    (note,) = salary.notes  # 2028 is after the shipped table: the latest act is assumed
    assert "Decree 999/2026/NĐ-CP (2,794,000 VND a month from 2027-07-01, added locally)" in note
    # (6 × 2,530,000 + 6 × 2,794,000) ÷ 12 = (15,180,000 + 16,764,000) ÷ 12 = 2,662,000
    assert wages.base_salary(2027).amount == Decimal(2662000)
    assert wages.base_salary(2027).formula() == \
        "(6 × 2,530,000 + 6 × 2,794,000) ÷ 12 = 2,662,000"
    assert wages.base_salary(2026).amount == Decimal(2435000)  # earlier years unchanged


BAD_WAGES = {
    # why it is bad: (row, column, words of the message)
    "amount-in-thousands": (dict(amount_vnd="2794"), "amount_vnd",
                            "2,794 is not a plausible base salary"),
    "amount-with-separators": (dict(amount_vnd="2.794.000"), "amount_vnd",
                               "'2.794.000' is not a whole number of đồng"),
    "effective-not-the-1st": (dict(effective_from="2027-07-15"), "effective_from",
                              "2027-07-15 is not the 1st of a month"),
    "decree-malformed": (dict(decree="99/2026"), "decree",
                         "'99/2026' is not a decree number written like 73/2024/NĐ-CP"),
    # issued in 2027 (a year after today): checked on a fixed today, see the test
    "issued-after-effective": (dict(decree="999/2027/NĐ-CP", issued="2027-07-02",
                                    citation="TEST FIGURE: Nghị định 999/2027/NĐ-CP"), "issued",
                               "2027-07-02 is after the act takes effect (2027-07-01)"),
    "citation-empty": (dict(citation=""), "citation", "empty: cite the act"),
    "shipped-date": (dict(effective_from="2024-07-01", decree="999/2024/NĐ-CP",
                          amount_vnd="2340000", issued="2024-06-15",
                          citation="TEST: Nghị định 999/2024/NĐ-CP"),
                     "effective_from",
                     "2024-07-01 is the date of the shipped Decree 73/2024/NĐ-CP (2,340,000 VND)"),
    "within-the-checked-period": (dict(effective_from="2025-07-01", decree="999/2025/NĐ-CP",
                                       issued="2025-06-15",
                                       citation="TEST: Nghị định 999/2025/NĐ-CP"),
                                  "effective_from",
                                  "2025-07-01 is within the shipped table, which is complete "
                                  "through 2026-12-07"),
}


@pytest.mark.parametrize("case", sorted(BAD_WAGES))
def test_bad_wages_are_refused(case, user_data, tmp_path, capsys, monkeypatch) -> None:
    from normbook import salary_acts

    # a fixed today after every date of the cases: only the fault of each case is reported
    monkeypatch.setattr(salary_acts, "clock", lambda: date(2027, 12, 31))
    change, column, message = BAD_WAGES[case]
    row = dict(zip(support.WAGE_HEADER, support.TEST_DECREE, strict=True)) | change
    path = support.write_wages(tmp_path / f"bad.{case}.csv",
                               [[row[c] for c in support.WAGE_HEADER]])
    refused(capsys, user_data, ["data", "add", "wages", str(path)],
            f"{path.name}: 1 problem; nothing was added",
            f"{path.name}, row 2, column {column}: {message}")
    assert wages.base_salary(2028).amount == Decimal(2530000)


def test_wages_with_a_wrong_header_are_refused(user_data, tmp_path, capsys) -> None:
    path = support.write_csv(tmp_path / "bad.wrong-header.csv",
                             ["date", *support.WAGE_HEADER[1:]], [support.TEST_DECREE])
    refused(capsys, user_data, ["data", "add", "wages", str(path)],
            f"{path.name}, row 1: the header must be effective_from,amount_vnd,decree,issued,"
            "citation", "not date,amount_vnd")


# ---- data add: holidays ----------------------------------------------------------------------

def _review_due_by_hand(registered: date, rows=support.TEST_HOLIDAYS_2027) -> date:
    """3 working days after ``registered`` under the test schedule, counted here."""
    off = {date.fromisoformat(d) for d, k, _ in rows if k == "holiday"}
    made_up = {date.fromisoformat(d) for d, k, _ in rows if k == "workday"}
    day, left = registered, 3
    while left:
        day += dt.timedelta(days=1)
        if day in made_up or (day.weekday() < 5 and day not in off):
            left -= 1
    return day


def test_add_holidays_and_its_effects(user_data, tmp_path, capsys) -> None:
    with pytest.raises(CalendarOutOfRange, match="normbook data add holidays"):
        exams.review_due(date(2027, 2, 4))
    out = add(capsys, "holidays", support.write_holidays(tmp_path / "holidays-2027.csv"))
    assert out.startswith("added holidays/2027: holidays 2027: 20 holiday dates, 16 of them "
                          "weekdays; 2 make-up workdays")
    # Thu 2027-02-04: Fri 5th .. Thu 11th are the test Spring Festival; Fri 12th, then Sunday
    # 14th (a make-up workday) and Monday 15th
    assert exams.review_due(date(2027, 2, 4)) == _review_due_by_hand(date(2027, 2, 4)) \
        == date(2027, 2, 15)
    # Thu 18th: Fri 19th, Saturday 20th (a make-up workday), Monday 22nd
    assert exams.review_due(date(2027, 2, 18)) == _review_due_by_hand(date(2027, 2, 18)) \
        == date(2027, 2, 22)
    assert is_working_day(date(2027, 2, 14)) and is_working_day(date(2027, 2, 20))
    assert not is_working_day(date(2027, 2, 8)) and not is_working_day(date(2027, 2, 13))
    with pytest.raises(CalendarOutOfRange, match=r"2004\.\.2027"):
        exams.review_due(date(2028, 1, 4))


def _bad_holidays(case: str) -> tuple[list, list[str]]:
    rows = list(support.TEST_HOLIDAYS_2027)
    last = len(rows) + 2  # the row number of one row appended
    if case == "workday-on-a-weekday":
        return [*rows, ("2027-03-01", "workday", "调休")], [
            f", row {last}, column kind: 2027-03-01 is a Monday: a make-up workday"]
    if case == "duplicate-date":
        return [*rows, ("2027-01-01", "holiday", "元旦")], [
            f", row {last}, column date: 2027-01-01 is already in row 2"]
    assert case == "only-new-year"
    return [("2027-01-01", "holiday", "元旦")], [
        ": 2027 gives 1 weekday holiday and 0 make-up workdays, 1 day off net",
        "give the whole year's schedule"]


@pytest.mark.parametrize("case", ["workday-on-a-weekday", "duplicate-date", "only-new-year"])
def test_bad_holidays_are_refused(case, user_data, tmp_path, capsys) -> None:
    rows, words = _bad_holidays(case)
    path = support.write_holidays(tmp_path / f"bad.{case}.csv", rows)
    refused(capsys, user_data, ["data", "add", "holidays", str(path)],
            f"{path.name}: 1 problem; nothing was added", path.name + words[0],
            *words[1:])


def test_year_chinese_calendar_has_is_added_where_they_agree(user_data, tmp_path,
                                                            capsys) -> None:
    path = support.write_holidays(tmp_path / "holidays-2026.csv", chinese_calendar_rows(2026))
    out = add(capsys, "holidays", path)
    assert "added holidays/2026" in out
    assert "note: 2026: chinese-calendar has this year too, and agrees on every day" in out
    code, out, _ = run(capsys, "data", "status")
    assert code == 0 and "added holidays/2026" in out
    assert "[chinese-calendar has this year too; the folder's is used]" in out
    assert "replaces the shipped year" not in out


def test_year_chinese_calendar_disagrees_with_needs_replace(user_data, tmp_path,
                                                           capsys) -> None:
    rows = chinese_calendar_rows(2026)
    dropped = next(date.fromisoformat(d) for d, k, _ in rows if k == "holiday")
    path = support.write_holidays(tmp_path / "bad.disagrees-with-chinese-calendar.csv",
                                  [r for r in rows if r[0] != dropped.isoformat()])
    differs = (f"{dropped} ({dropped:%a}): working day in the file, day off in "
               "chinese-calendar")
    refused(capsys, user_data, ["data", "add", "holidays", str(path)],
            f"{path.name}: 2026 differs from chinese-calendar on 1 day: {differs}",
            "pass --replace to make the file win")
    assert not is_working_day(dropped)
    out = add(capsys, "holidays", path, "--replace")
    assert f"note: 2026: differs from chinese-calendar on 1 day; the file wins while it is " \
           f"in the folder: {differs}" in out
    assert is_working_day(dropped)  # the file wins


# ---- refusals common to every kind -----------------------------------------------------------

@pytest.mark.parametrize("member", ["../evil", "normbook-data/exams/../evil",
                                    "normbook-data/exams/2025/../../../evil.csv"])
def test_zip_member_outside_the_export_is_refused(member, user_data, tmp_path, capsys) -> None:
    path = tmp_path / "bad.path-traversal.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "year\n2025\n")
    refused(capsys, user_data, ["data", "add", "all", str(path)],
            f"{path.name}: {member!r} is not a file of a Normbook data export")
    assert not (tmp_path / "evil").exists() and not (tmp_path / "evil.csv").exists()
    assert not list(tmp_path.parent.glob("evil*"))


@pytest.mark.parametrize("kind", ["exams", "wages", "holidays", "all"])
def test_path_that_does_not_exist(kind, user_data, tmp_path, capsys) -> None:
    missing = tmp_path / "nowhere" / "file.csv"
    err = refused(capsys, user_data, ["data", "add", kind, str(missing)],
                  f"{missing}: no such file or folder")
    assert err.count("\n") == 1  # one line


# ---- data remove -----------------------------------------------------------------------------

def test_remove_keeps_the_addition_aside(user_data, tmp_path, capsys) -> None:
    add_all_three(capsys, tmp_path)
    stored = snapshot(user_data / "exams" / "2025")
    code, out, err = run(capsys, "data", "remove", "exams", "2025")
    assert code == 0, err
    (kept,) = aside(user_data, "exams")
    assert out == f"removed exams/2025 from use; kept in {kept}\n"
    assert snapshot(kept) == stored  # moved, not deleted, not changed
    assert additions(user_data) == ["holidays/2027", "wages/2027-07-01"]
    assert exams.years() == (2024,)
    code, out, _ = run(capsys, "data", "status")
    assert code == 0
    assert "exams/2025" not in out and "added wages/2027-07-01" in out

    code, out, err = run(capsys, "data", "remove", "wages", "2027-07-01")
    assert code == 0, err
    assert wages.base_salary(2028).amount == Decimal(2530000)
    code, out, err = run(capsys, "data", "remove", "exams", "2025")
    assert code == 2
    assert "the data folder has no exams addition '2025'; it has: none" in err
    code, out, err = run(capsys, "data", "remove", "holidays", "2028")
    assert code == 2 and "it has: 2027" in err


# ---- data export and add all -----------------------------------------------------------------

def test_export_then_add_all_reproduces_the_additions(user_data, tmp_path, capsys,
                                                      monkeypatch) -> None:
    add_all_three(capsys, tmp_path, "--by", "Nguyễn Văn A")
    x = tmp_path / "x.zip"
    code, out, err = run(capsys, "data", "export", "-o", str(x))
    assert code == 0, err
    assert f"wrote {x}: 3 additions" in out and "normbook data add all x.zip" in out
    members = zipfile.ZipFile(x).namelist()
    assert "normbook-data/wages/2027-07-01/base_salary.csv" in members
    assert "normbook-data/exams/2025/addition.json" in members

    # same folder, same bytes: at another time, with the files' times changed
    for entry in user_data.rglob("*"):
        os.utime(entry, (1_000_000_000, 1_000_000_000))
    real_localtime = time.localtime
    y = tmp_path / "y.zip"
    with monkeypatch.context() as later:
        later.setattr(time, "localtime", lambda secs=None: real_localtime(
            2_000_000_000 if secs is None else secs))
        assert run(capsys, "data", "export", "-o", str(y))[0] == 0
    assert y.read_bytes() == x.read_bytes()

    x.write_bytes(b"keep me")
    code, out, err = run(capsys, "data", "export", "-o", str(x))
    assert code == 2 and "already exists" in err
    assert x.read_bytes() == b"keep me"
    assert run(capsys, "data", "export", "-o", str(x), "--force")[0] == 0
    assert x.read_bytes() == y.read_bytes()

    mine = snapshot(user_data)
    other = tmp_path / "colleague"
    code, out, err = run(capsys, "data", "add", "all", str(x), "--data", str(other))
    assert code == 0, err
    assert f"user data folder: {other}" in out
    assert snapshot(user_data) == mine  # --data wins over NORMBOOK_DATA
    assert additions(other) == additions(user_data) == [
        "exams/2025", "holidays/2027", "wages/2027-07-01"]
    for name in additions(user_data):
        original = json.loads((user_data / name / "addition.json").read_text("utf-8"))
        imported = json.loads((other / name / "addition.json").read_text("utf-8"))
        assert imported == original | {"imported_from": "x.zip"}
        assert imported["added_by"] == "Nguyễn Văn A"
        data_files = {k: v for k, v in snapshot(user_data / name).items()
                      if k != "addition.json"}
        assert {k: v for k, v in snapshot(other / name).items() if k != "addition.json"} == \
            data_files
    code, report = status_json(capsys, "--data", str(other))
    assert code == 0
    assert report["folder"] == {"path": str(other), "chosen_by": "--data", "exists": True,
                                "notes": [], "problems": []}
    assert {a["path"]: a["imported_from"] for d in report["datasets"] for a in d["added"]} == {
        "exams/2025": "x.zip", "wages/2027-07-01": "x.zip", "holidays/2027": "x.zip"}
    code, out, _ = run(capsys, "data", "status", "--data", str(other))
    assert "[imported from x.zip]" in out and "by Nguyễn Văn A" in out
    code, out, _ = run(capsys, "exams", "2025", "--format", "json", "--data", str(other))
    assert code == 0 and json.loads(out)["periods"][0]["theory"] == THEORY_2025
    # adding the same zip again is refused: the colleague has them now
    refused(capsys, other, ["data", "add", "all", str(x), "--data", str(other)],
            "the data folder already has exams/2025")


# ---- caches keyed by the folder's files ------------------------------------------------------

def test_additions_are_seen_without_clearing_caches(user_data, tmp_path, capsys) -> None:
    assert exams.years() == (2024,)
    assert wages.base_salary(2028).amount == Decimal(2530000)
    with pytest.raises(CalendarOutOfRange):
        is_working_day(date(2027, 2, 14))
    add_all_three(capsys, tmp_path)
    assert exams.years() == (2024, 2025)
    assert exams.event_date(2025, 1, "theory") == date(2025, 1, 31)
    assert wages.base_salary(2028).amount == Decimal(2794000)
    assert is_working_day(date(2027, 2, 14))
    for kind, name in [("exams", "2025"), ("wages", "2027-07-01"), ("holidays", "2027")]:
        assert run(capsys, "data", "remove", kind, name)[0] == 0
    assert exams.years() == (2024,)
    assert wages.base_salary(2028).amount == Decimal(2530000)
    with pytest.raises(CalendarOutOfRange):
        is_working_day(date(2027, 2, 14))


# ---- a folder edited by hand -----------------------------------------------------------------

def _bad_theory_date(folder: Path) -> None:
    rewrite_csv(folder / "exams" / "2025" / "periods.csv",
                lambda grid: grid[1].__setitem__(grid[0].index("theory"), "2025-02-30"))


EXAM_CORRUPTIONS = {
    # how the folder is broken: (the edit, words status and every command must print)
    "bad-date": (_bad_theory_date,
                 ["exams/2025/periods.csv, row 2, column theory:", "2025-02-30"]),
    "record-deleted": (lambda folder: (folder / "exams" / "2025" / "addition.json").unlink(),
                       ["exams/2025/addition.json: missing"]),
    "stray-file": (lambda folder: (folder / "exams" / "notes.txt").write_text("x", "utf-8"),
                   ["exams/notes.txt: not an addition"]),
}


@pytest.mark.parametrize("case", sorted(EXAM_CORRUPTIONS))
def test_exams_folder_broken_by_hand(case, user_data, tmp_path, capsys) -> None:
    add(capsys, "exams", support.write_exams_xlsx(tmp_path / "exams-2025.xlsx"))
    assert exams.years() == (2024, 2025)  # cached before the edit
    edit, words = EXAM_CORRUPTIONS[case]
    edit(user_data)
    code, out, _ = run(capsys, "data", "status")
    assert code == 1
    problems = [line for line in out.splitlines() if "PROBLEM:" in line]
    assert len(problems) == 1, out
    for word in words:
        assert word in problems[0]
    assert "The folder has problems" in out
    code, report = status_json(capsys)
    assert code == 1 and words[0] in dataset(report, "exams")["problems"][0]
    for year in ("2025", "2024"):
        code, out, err = run(capsys, "exams", year)
        assert code == 2, out
        assert err.startswith(f"normbook: error: the user data folder {user_data} has 1 "
                              "problem in its exams data")
        assert "Traceback" not in err and all(word in err for word in words)
    with pytest.raises(BrokenFolder) as caught:
        exams.timetable(2024)
    assert isinstance(caught.value, NormError)
    assert words[0] in str(caught.value) and "normbook data remove exams NAME" in str(
        caught.value)
    # the export is refused too: an export is checked data
    code, _, err = run(capsys, "data", "export", "-o", str(tmp_path / "x.zip"))
    assert code == 2 and words[0] in err and not (tmp_path / "x.zip").exists()
    # what the message says repairs it: `data remove` (the stray file is moved out by hand)
    if case == "stray-file":
        (user_data / "exams" / "notes.txt").unlink()
    else:
        code, out, err = run(capsys, "data", "remove", "exams", "2025")
        assert code == 0, err
        (kept,) = aside(user_data, "exams")
        assert out == f"removed exams/2025 from use; kept in {kept}\n"
        assert (kept / "periods.csv").is_file()
    assert run(capsys, "data", "status")[0] == 0
    assert exams.event_date(2024, 1, "theory") == date(2024, 1, 31)
    assert exams.years() == ((2024,) if case != "stray-file" else (2024, 2025))


def test_wages_folder_broken_by_hand(user_data, tmp_path, capsys) -> None:
    add(capsys, "wages", support.write_wages(tmp_path / "base-salary.csv"))
    assert wages.base_salary(2028).amount == Decimal(2794000)
    rewrite_csv(user_data / "wages" / "2027-07-01" / "base_salary.csv",
                lambda grid: grid[1].__setitem__(1, "abc"))
    where = "wages/2027-07-01/base_salary.csv, row 2, column amount_vnd: 'abc'"
    code, out, _ = run(capsys, "data", "status")
    assert code == 1 and f"PROBLEM: {where}" in out
    with pytest.raises(BrokenFolder, match="in its wages data") as caught:
        wages.base_salary(2027)
    assert where in str(caught.value)
    assert exams.years() == (2024,)  # other datasets still answer
    assert run(capsys, "data", "remove", "wages", "2027-07-01")[0] == 0
    assert wages.base_salary(2028).amount == Decimal(2530000)
    assert run(capsys, "data", "status")[0] == 0


def test_holidays_folder_broken_by_hand(user_data, tmp_path, capsys) -> None:
    add(capsys, "holidays", support.write_holidays(tmp_path / "holidays-2027.csv"))
    rewrite_csv(user_data / "holidays" / "2027" / "holidays.csv",
                lambda grid: grid[1].__setitem__(1, "vacation"))
    code, out, _ = run(capsys, "data", "status")
    assert code == 1
    assert "PROBLEM: holidays/2027/holidays.csv, row 2, column kind: 'vacation'" in out
    with pytest.raises(BrokenFolder) as caught:
        exams.review_due(date(2027, 2, 4))
    assert "holidays/2027/holidays.csv, row 2, column kind" in str(caught.value)


def test_valid_hand_edit_is_reported_as_edited(user_data, tmp_path, capsys) -> None:
    add(capsys, "exams", support.write_exams_xlsx(tmp_path / "exams-2025.xlsx"))
    rewrite_csv(user_data / "exams" / "2025" / "years.csv",
                lambda grid: grid[1].__setitem__(grid[0].index("title"), "2025年考核时间表（改）"))
    code, out, err = run(capsys, "data", "status")
    assert code == 0, err
    line = next(line for line in out.splitlines() if "added exams/2025" in line)
    assert line.endswith("[edited since it was added]")
    code, report = status_json(capsys)
    (added,) = dataset(report, "exams")["added"]
    assert added["edited_since_added"] is True
    assert exams.timetable(2025).title == "2025年考核时间表（改）"  # the edit is used


# ---- encodings and separators ----------------------------------------------------------------

def test_a_csv_not_in_utf8_is_refused_with_how_to_save_it(user_data, tmp_path, capsys) -> None:
    good = support.write_wages(tmp_path / "good.csv").read_text(encoding="utf-8")
    path = tmp_path / "bad.cp1258.csv"
    path.write_bytes(good.encode("utf-8").replace("Nghị định".encode(), b"Ngh\xd2 \xf0inh"))
    refused(capsys, user_data, ["data", "add", "wages", str(path)],
            "bad.cp1258.csv: not UTF-8 text (byte 0xd2 at position",
            '"CSV UTF-8 (Comma delimited)"')
    exams = support.write_exams_folder(tmp_path / "exams")
    years = exams / "years.csv"
    years.write_bytes(years.read_text(encoding="utf-8").encode("gb18030"))
    refused(capsys, user_data, ["data", "add", "exams", str(exams)],
            "years.csv: not UTF-8 text")


def test_semicolons_and_a_byte_order_mark_are_read(user_data, tmp_path, capsys) -> None:
    path = tmp_path / "excel-semicolons.csv"
    rows = [support.WAGE_HEADER, support.TEST_DECREE]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(";".join(f'"{c}"' for c in r)
                                                  for r in rows).encode("utf-8"))
    add(capsys, "wages", path)
    assert wages.base_salary(2028).amount == Decimal(2794000)
    assert wages.base_salary(2028).periods[0].citation == support.TEST_DECREE[4]


def test_a_stored_file_saved_in_another_encoding_is_reported(user_data, tmp_path,
                                                             capsys) -> None:
    add(capsys, "exams", support.write_exams_xlsx(tmp_path / "t.xlsx"))
    periods = user_data / "exams" / "2025" / "periods.csv"
    periods.write_bytes(periods.read_text(encoding="utf-8").encode("gb18030"))
    code, out, err = run(capsys, "exams", "2024")
    assert code == 2 and "Traceback" not in err
    assert "exams/2025/periods.csv: not UTF-8 text" in err
    code, out, _ = run(capsys, "data", "status")
    assert code == 1 and "PROBLEM: exams/2025/periods.csv: not UTF-8 text" in out


def test_the_shipped_base_salary_table_passes_the_checks_user_acts_pass() -> None:
    from normbook.salary_acts import read_csv

    shipped = Path(__file__).parents[1] / "norms" / "wages" / "base_salary.csv"
    rows, problems = read_csv(shipped, "base_salary.csv")
    assert problems == []
    assert [(r["effective_from"].isoformat(), r["amount_vnd"]) for r in rows] == [
        ("2019-07-01", 1490000), ("2023-07-01", 1800000), ("2024-07-01", 2340000),
        ("2026-07-01", 2530000)]
