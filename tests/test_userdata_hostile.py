"""The user data folder against hostile and broken input: every refusal names its place and
writes nothing, nothing prints a traceback, nothing wrong is added silently. The inputs are
the TEST figures of userdata_support, broken on purpose; file names say why they are bad."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import userdata_support as support
from test_userdata import add, refused, run, snapshot

from normbook import exams, wages
from normbook.userdata import journal

pytestmark = pytest.mark.usefixtures("calendar_through_2026")
H = ",".join(support.WAGE_HEADER)
ACT = "2027-07-01,2794000,999/2026/NĐ-CP,2026-11-16,"


def wage_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- text that would be lost or break a file ---------------------------------------------

@pytest.mark.parametrize(("name", "text", "words"), [
    ("bad.control-character.csv", f"{H}\n{ACT}Nghị định 999/2026/NĐ-CP\x0bĐiều 3\n",
     ["row 2, column citation: holds the control character U+000B"]),
    ("bad.open-quote.csv", f'{H}\n{ACT}"Nghị định 999/2026/NĐ-CP, Điều 3\n'
     "2027-10-01,2900000,1000/2026/NĐ-CP,2026-11-15,Nghị định 1000/2026/NĐ-CP\n",
     ["row 2, column citation: holds a line break: a quote", "without its closing quote"]),
    ("bad.cells-beyond-header.csv",
     f"{H}\n{ACT}Nghị định 999/2026/NĐ-CP ngày 16/11/2026, Điều 3: 2.794.000 đồng\n",
     ["row 2: 6 cells but the header has 5", "' Điều 3: 2.794.000 đồng'"]),
    ("bad.field-too-large.csv", f'{H}\n{ACT}"Nghị định 999/2026/NĐ-CP {"x" * 200_000}"\n',
     # the csv module's own limit (131,072), or ours when a library has raised the module's
     ["bad.field-too-large.csv", "quote"]),
    ("bad.empty.csv", "", ["the header must be effective_from"]),
])
def test_text_that_would_be_lost_is_refused(name, text, words, user_data, tmp_path, capsys):
    refused(capsys, user_data, ["data", "add", "wages", str(wage_file(tmp_path, name, text))],
            *words)


def test_a_trailing_empty_header_column_is_fine(user_data, tmp_path, capsys):
    path = wage_file(tmp_path, "excel.csv", f"{H},\n{ACT}Nghị định 999/2026/NĐ-CP,\n")
    add(capsys, "wages", path)
    assert wages.base_salary(2028).amount == Decimal(2794000)


def test_who_adds_it_is_checked(user_data, tmp_path, capsys):
    refused(capsys, user_data, ["data", "add", "wages", str(support.write_wages(
        tmp_path / "w.csv")), "--by", "Nguy\x1bn"], "--by 'Nguy\\x1bn': holds the control")


def test_an_exam_source_with_a_control_character_is_refused(user_data, tmp_path, capsys):
    folder = support.write_exams_folder(tmp_path / "exams")
    years = folder / "years.csv"
    years.write_text(years.read_text(encoding="utf-8").replace("TEST DATA,", "TEST\x00DATA,"),
                     encoding="utf-8")
    refused(capsys, user_data, ["data", "add", "exams", str(folder)],
            "years.csv, row 2, column source: holds the control character U+0000")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 truncated", b"date,kind\n"])
def test_a_file_that_is_no_workbook_is_refused(content, user_data, tmp_path, capsys):
    path = tmp_path / "bad.not-a-workbook.xlsx"
    path.write_bytes(content)
    refused(capsys, user_data, ["data", "add", "exams", str(path)],
            "bad.not-a-workbook.xlsx: is not an .xlsx workbook")
    code, _, err = run(capsys, "exams", "check", str(path))
    assert code == 2 and "Traceback" not in err and "is not an .xlsx workbook" in err


# ---- figures that would be wrong ---------------------------------------------------------

@pytest.mark.parametrize(("name", "row", "words"), [
    ("bad.tenfold.csv", "2027-07-01,27940000,999/2026/NĐ-CP,2026-11-16,Nghị định 999/2026/NĐ-CP",
     ["column amount_vnd: 27,940,000 is more than 1.5 × the 2,530,000 in force before it",
      "--accept-unusual"]),
    ("bad.a-cut.csv", "2027-07-01,1100000,999/2026/NĐ-CP,2026-11-16,Nghị định 999/2026/NĐ-CP",
     ["1,100,000 is lower than the 2,530,000 in force before it"]),
    ("bad.issued-in-the-future.csv",
     "2099-07-01,2530000,999/2099/NĐ-CP,2099-06-15,Nghị định 999/2099/NĐ-CP",
     ["column issued: 2099-06-15 is after today"]),
    ("bad.citation-says-another-amount.csv",
     "2027-07-01,2794000,999/2026/NĐ-CP,2026-11-16,Nghị định 999/2026/NĐ-CP: 2.350.000 đồng",
     ["column citation: writes 2.350.000 đồng, but amount_vnd is 2,794,000"]),
    ("bad.arabic-indic-digits.csv",
     "2027-07-01,٢٧٩٤٠٠٠,999/2026/NĐ-CP,2026-11-16,Nghị định 999/2026/NĐ-CP",
     ["column amount_vnd: '٢٧٩٤٠٠٠' is not a whole number"]),
    ("bad.date-without-dashes.csv",
     "20270701,2794000,999/2026/NĐ-CP,2026-11-16,Nghị định 999/2026/NĐ-CP",
     ["column effective_from: '20270701' is not a date written YYYY-MM-DD"]),
    ("bad.decree-zero.csv", "2027-07-01,2794000,0/2026/NĐ-CP,2026-11-16,Nghị định 0/2026/NĐ-CP",
     ["column decree: '0/2026/NĐ-CP' is not a decree number"]),
])
def test_implausible_acts_are_refused(name, row, words, user_data, tmp_path, capsys):
    refused(capsys, user_data, ["data", "add", "wages",
                                str(wage_file(tmp_path, name, f"{H}\n{row}\n"))], *words)


def test_an_unusual_step_is_added_when_the_user_says_it_is_meant(user_data, tmp_path,
                                                                  capsys):
    path = wage_file(tmp_path, "raise.csv", f"{H}\n2027-07-01,3800000,999/2026/NĐ-CP,"
                     "2026-11-16,Nghị định 999/2026/NĐ-CP (test figure)\n")
    refused(capsys, user_data, ["data", "add", "wages", str(path)], "more than 1.5 ×")
    add(capsys, "wages", path, "--accept-unusual")
    assert wages.base_salary(2028).amount == Decimal(3800000)


def test_exam_dates_outside_their_year_are_refused(user_data, tmp_path, capsys):
    folder = support.write_exams_folder(tmp_path / "exams")
    periods = folder / "periods.csv"
    text = periods.read_text(encoding="utf-8").replace("2025-01-02", "2024-01-02", 1)
    periods.write_text(text.replace("1月2日-26日", "", 1), encoding="utf-8")
    refused(capsys, user_data, ["data", "add", "exams", str(folder)],
            "periods.csv, row 2, column registration_start: 2024-01-02 is not in 2025")
    assert exams.open_period(date(2024, 1, 3)) is not None  # 2024's own, unchanged
    assert exams.open_period(date(2024, 1, 3)).year == 2024


# ---- all or nothing ----------------------------------------------------------------------

def test_a_write_that_fails_half_way_leaves_the_folder_as_it_was(user_data, tmp_path, capsys,
                                                                 monkeypatch):
    two = wage_file(tmp_path, "two.csv", f"{H}\n{ACT}Nghị định 999/2026/NĐ-CP\n"
                    "2027-10-01,2900000,1000/2026/NĐ-CP,2026-11-15,Nghị định 1000/2026/NĐ-CP\n")
    add(capsys, "wages", two)
    before = snapshot(user_data)
    v2 = wage_file(tmp_path, "two-v2.csv", f"{H}\n{ACT}Nghị định 999/2026/NĐ-CP (v2)\n"
                   "2027-10-01,2900000,1000/2026/NĐ-CP,2026-11-15,"
                   "Nghị định 1000/2026/NĐ-CP (v2)\n")
    real, calls = journal.os.replace, []

    def fail_placing_the_second(src, dst):  # journal, aside 1, place 1, aside 2, place 2
        calls.append(dst)
        if len(calls) == 5:
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(journal.os, "replace", fail_placing_the_second)
    code, _out, err = run(capsys, "data", "add", "wages", str(v2), "--replace")
    monkeypatch.setattr(journal.os, "replace", real)
    assert code == 2 and "nothing was added" in err and "permission denied" in err
    after = snapshot(user_data)
    assert {k: v for k, v in after.items() if not k.startswith("replaced")} == before
    assert wages.base_salary(2028).periods[0].citation == "Nghị định 1000/2026/NĐ-CP"


# ---- exports ------------------------------------------------------------------------------

def export_zip(user_data, tmp_path, capsys, edit=None) -> Path:
    add(capsys, "wages", support.write_wages(tmp_path / "w.csv"))
    path = tmp_path / "x.zip"
    assert run(capsys, "data", "export", "-o", str(path))[0] == 0
    if edit is None:
        return path
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    edit(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


RECORD = "normbook-data/wages/2027-07-01/addition.json"
DATA = "normbook-data/wages/2027-07-01/base_salary.csv"


@pytest.mark.parametrize(("case", "edit", "words"), [
    ("record-a-list", lambda m: m.update({RECORD: b"[1, 2]"}), "unreadable (not a JSON object)"),
    ("record-missing", lambda m: m.pop(RECORD), "addition.json is missing"),
    ("data-missing", lambda m: m.pop(DATA), "holds no data file"),
    ("data-renamed", lambda m: m.update({DATA.replace("base_salary", "hol"): m.pop(DATA)}),
     "is none of the files a wages addition holds"),
    ("path-in-original", lambda m: m.update({RECORD: m[RECORD].replace(
        b'"original": "w.csv"', b'"original": "../../etc/passwd"')}), "is a path"),
])
def test_a_spoilt_export_is_refused_whole(case, edit, words, user_data, tmp_path, capsys):
    path = export_zip(user_data, tmp_path, capsys, edit)
    other = tmp_path / "colleague"
    code, _out, err = run(capsys, "data", "add", "all", str(path), "--data", str(other))
    assert code == 2 and "Traceback" not in err and words in err, err
    assert not other.exists() or not any((other / "wages").iterdir())


def test_an_edit_made_before_the_export_still_shows_after_the_import(user_data, tmp_path,
                                                                     capsys):
    add(capsys, "wages", support.write_wages(tmp_path / "w.csv"))
    record = user_data / "wages" / "2027-07-01" / "addition.json"
    meta = json.loads(record.read_text(encoding="utf-8"))
    meta["citation"] = "Nghị định 73/2024/NĐ-CP (official!)"
    record.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "data", "status")
    assert code == 0
    assert "[edited since it was added]" in out  # the record is covered by the checksum
    assert run(capsys, "data", "export", "-o", str(tmp_path / "x.zip"))[0] == 0
    other = tmp_path / "colleague"
    assert run(capsys, "data", "add", "all", str(tmp_path / "x.zip"), "--data",
               str(other))[0] == 0
    _code, out, _ = run(capsys, "data", "status", "--data", str(other))
    assert "[edited since it was added; imported from x.zip]" in out


# ---- the folder itself -------------------------------------------------------------------

def test_files_the_system_makes_are_ignored(user_data, tmp_path, capsys):
    add(capsys, "wages", support.write_wages(tmp_path / "w.csv"))
    for junk in ("wages/.DS_Store", "wages/Thumbs.db", "wages/2027-07-01/.DS_Store",
                 "wages/2027-07-01/desktop.ini"):
        (user_data / junk).write_bytes(b"\0junk")
    code, out, _ = run(capsys, "data", "status")
    assert code == 0 and "PROBLEM" not in out and "edited" not in out
    assert wages.base_salary(2028).amount == Decimal(2794000)


def test_a_renamed_wage_addition_is_reported(user_data, tmp_path, capsys):
    add(capsys, "wages", support.write_wages(tmp_path / "w.csv"))
    (user_data / "wages" / "2027-07-01").rename(user_data / "wages" / "2099-01-01")
    code, out, _ = run(capsys, "data", "status")
    assert code == 1 and ("PROBLEM: wages/2099-01-01/base_salary.csv, row 2: the act takes "
                          "effect 2027-07-01, but the addition is named 2099-01-01") in out


def test_a_file_where_the_folder_should_be(tmp_path, capsys, monkeypatch):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    monkeypatch.setenv("NORMBOOK_DATA", str(afile))
    code, out, _ = run(capsys, "data", "status")
    assert code == 1 and f"{afile} is a file, not a folder" in out
    code, _, err = run(capsys, "data", "add", "wages", str(support.write_wages(
        tmp_path / "w.csv")))
    assert code == 2 and "is a file, not a folder" in err and "Errno" not in err
    assert afile.read_text() == "not a folder"


def test_data_option_before_or_after_the_command_and_never_empty(user_data, tmp_path,
                                                                 capsys):
    other = tmp_path / "other"
    add(capsys, "wages", support.write_wages(tmp_path / "w.csv"), "--data", str(other))
    code, out, _ = run(capsys, "--data", str(other), "data", "status")
    assert code == 0 and f"user data folder: {other} (from --data)" in out
    code, _, err = run(capsys, "data", "status", "--data", "")
    assert code == 2 and "--data needs a folder" in err
    code, _, err = run(capsys, "data", "status", "--year", "0")
    assert code == 2 and "'0' is not a year from 2000 to 2100" in err


def test_a_notice_that_starts_in_december_of_the_year_before(user_data, tmp_path, capsys):
    """The 2019 notice gives 2018-12-30 and 31 off and makes Saturday 2018-12-29 a workday."""
    from test_userdata import chinese_calendar_rows

    rows = [("2018-12-29", "workday", "元旦调休"), ("2018-12-30", "holiday", "元旦"),
            ("2018-12-31", "holiday", "元旦"), *chinese_calendar_rows(2019)]
    path = support.write_holidays(tmp_path / "notice-2019.csv", rows)
    out = add(capsys, "holidays", path)
    assert "added holidays/2019" in out and "agrees on every day" in out
    assert exams.is_working_day(date(2018, 12, 29)) and not exams.is_working_day(
        date(2018, 12, 31))


def test_a_holiday_citation_must_name_the_notice(user_data, tmp_path, capsys):
    rows = [[d, k, n, "2026"] for d, k, n in support.TEST_HOLIDAYS_2027]
    path = support.write_csv(tmp_path / "bad.citation-just-a-year.csv", support.HOLIDAY_HEADER,
                             rows)
    refused(capsys, user_data, ["data", "add", "holidays", str(path)],
            "row 2, column citation: '2026' does not cite the State Council notice")


def test_an_empty_folder_is_not_exported(user_data, tmp_path, capsys):
    code, _, err = run(capsys, "data", "export", "-o", str(tmp_path / "x.zip"))
    assert code == 2 and "has no additions to export" in err
    assert not (tmp_path / "x.zip").exists()
