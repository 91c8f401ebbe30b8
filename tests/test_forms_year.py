"""A form's year defaults to today's exam year; closed registrations are warned about.

"Today" is fixed by the NORMBOOK_TODAY variable (conftest sets 1 January 2024 for every test)
or, with it unset, by the shared clock ``normbook.salary_acts.clock``. The 2026 timetable here
is TEST DATA (the 2024 one with the year changed, tests/userdata_support.py), never a real one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import userdata_support as support
from test_forms_roster import rows_of
from test_forms_support import DATA, make_applicant, write_roster

from normbook import salary_acts
from normbook.cli import main
from normbook.forms.exam_facts import TODAY_VARIABLE, exam_year, today
from normbook.forms.validate import validate


def applicant_file(tmp_path: Path, **changes) -> Path:
    data = json.loads((DATA / "applicant.json").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def on(monkeypatch, day: str) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, day)


def test_today_is_the_shared_clock_unless_the_variable_is_set(monkeypatch) -> None:
    monkeypatch.delenv(TODAY_VARIABLE)
    monkeypatch.setattr(salary_acts, "clock", lambda: dt.date(2026, 12, 7))
    assert today() == dt.date(2026, 12, 7)
    on(monkeypatch, "2024-03-01")
    assert today() == dt.date(2024, 3, 1) and exam_year() == 2024
    assert exam_year(2031) == 2031  # a year given is taken as it is


def test_form_without_a_year_in_2026_refuses_and_points_to_data_add_exams(
        tmp_path: Path, capsys, monkeypatch, user_data) -> None:
    monkeypatch.delenv(TODAY_VARIABLE)
    monkeypatch.setattr(salary_acts, "clock", lambda: dt.date(2026, 12, 7))
    out = tmp_path / "form.docx"
    assert main(["form", str(DATA / "applicant.json"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("normbook: error: no exam timetable for 2026, the year of today's "
                          "date (2026-12-07); the data has 2024")
    assert "`normbook data add exams FILE.xlsx`" in err and "--year 2024" in err
    assert len(err.splitlines()) == 1 and not out.exists()
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant()))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out")]) == 2
    assert "normbook data add exams" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    # the Python API says the keyword instead
    with pytest.raises(LookupError, match="year=2024"):
        validate(make_applicant())


def test_form_without_a_year_uses_added_2026_data_and_warns_for_closed_periods(
        tmp_path: Path, capsys, monkeypatch, user_data) -> None:
    added = support.write_exams_xlsx(tmp_path / "t.xlsx", years=(2026,))  # TEST DATA
    assert main(["data", "add", "exams", str(added)]) == 0
    capsys.readouterr()
    on(monkeypatch, "2026-04-01")  # period 2's registration ran 2026-02-26 .. 2026-03-22
    out = tmp_path / "p2.docx"
    assert main(["form", str(applicant_file(tmp_path, period=2)), "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert f"wrote {out} (timetable 2026)" in said.out
    assert ("warning: row" not in said.err and "期数 (period): registration for period 2 "
            "(第二期) of 2026 closed on 2026-03-22; today is 2026-04-01" in said.err)
    assert "TEST DATA" in core_description(out)  # made from the added 2026 timetable

    # period 3's registration (2026-05-01 .. 05-24) has not opened: nothing to warn about
    out = tmp_path / "p3.docx"
    data = applicant_file(tmp_path, period=3, projects=[{
        "category": "力学", "project": "电子天平", "subproject": "",
        "regulation": "JJG 1036-2022 电子天平检定规程"}])
    assert main(["form", str(data), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""

    # a batch: the warning in warnings.csv too, on each applicant's row
    roster = write_roster(tmp_path / "r.xlsx", rows_of(make_applicant(period="1")))
    assert main(["forms", str(roster), "-o", str(tmp_path / "out")]) == 0
    assert "registration for period 1 (第一期) of 2026 closed on 2026-01-26" in (
        capsys.readouterr().err)
    report = (tmp_path / "out" / "warnings.csv").read_text(encoding="utf-8-sig")
    assert "2026" in report and report.count("\n") == 2  # the header and the one warning


def test_an_explicit_year_is_used_whatever_today(tmp_path: Path, capsys, monkeypatch) -> None:
    on(monkeypatch, "2026-12-07")
    out = tmp_path / "f.docx"
    assert main(["form", str(DATA / "applicant.json"), "--year", "2024", "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert f"wrote {out} (timetable 2024)" in said.out
    assert "registration for period 2 (第二期) of 2024 closed on 2024-03-22" in said.err


def test_a_bad_today_variable_is_a_clear_error(tmp_path: Path, capsys, monkeypatch) -> None:
    on(monkeypatch, "7/12/2026")
    assert main(["form", str(DATA / "applicant.json"), "-o", str(tmp_path / "f.docx")]) == 2
    err = capsys.readouterr().err
    assert "NORMBOOK_TODAY='7/12/2026': not a date written YYYY-MM-DD" in err
    assert "Traceback" not in err


def test_help_says_the_default_year(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["form", "--help"])
    assert "the year of today's date" in " ".join(capsys.readouterr().out.split())


def core_description(path: Path) -> str:
    from docx import Document

    return Document(str(path)).core_properties.comments or ""
