"""normbook.exams: timetable queries, open registration, deadlines in Chinese working days."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from normbook import exams
from normbook.errors import BadArgument, NormError, NotInSource
from normbook.exams import (
    EXAM_EVENTS,
    CalendarOutOfRange,
    DateNotInSource,
    UnknownEvent,
    UnknownPeriod,
    UnknownRule,
    UnknownYear,
)
from normbook.exams.load import load

EXAMS = Path(__file__).parents[1] / "norms" / "exams"
D = date.fromisoformat


# ---- timetable -------------------------------------------------------------------------------

def test_years_and_timetable() -> None:
    assert exams.years() == (2024,)
    t = exams.timetable(2024)
    assert t.year == 2024 and t.title == "2024年计量专业项目考核时间表"
    assert [p.number for p in t.periods] == [1, 2, 3, 4, 5]
    assert (len(t.special_projects), len(t.special_sessions), len(t.sites)) == (10, 2, 7)
    assert {i.kind for i in t.irregularities} >= {"invalid_date", "merged_cell_assumed",
                                                  "code_to_be_announced"}
    assert exams.timetable("2024") is t and exams.timetable(2024.0) is t


def test_period_fields() -> None:
    p = exams.period(2024, 1)
    assert (p.registration_start, p.registration_end, p.theory, p.practical_start,
            p.practical_end) == (D("2024-01-02"), D("2024-01-26"), D("2024-01-31"),
                                 D("2024-02-22"), D("2024-02-23"))
    assert p.label == "第一期" and p.lines == (129, 130, 131, 132)
    p3 = exams.period(2024, 3)
    assert p3.practical_start == D("2024-06-27") and p3.practical_end is None
    assert exams.timetable(2024).explain("periods", 3, "practical_end").line == 142
    assert exams.timetable(2024).explain("periods", 2, "practical_end") is None


def test_records_are_frozen() -> None:
    p = exams.period(2024, 1)
    with pytest.raises(AttributeError):
        p.theory = D("2024-02-01")  # type: ignore[misc]
    assert isinstance(exams.timetable(2024).periods, tuple)


def test_special_projects_and_sites() -> None:
    projects = exams.special_projects(2024)
    assert projects[0].code == "JJG 744-2004" and not projects[0].schedule_assumed
    assert projects[-1].code is None and "另行公布" in projects[-1].code_as_written
    assert all(p.schedule_assumed for p in projects[1:])
    sessions = projects[-1].sessions
    assert [(s.registration_start, s.exam_end, s.period) for s in sessions] == [
        (D("2024-02-26"), D("2024-04-26"), 2), (D("2024-08-26"), D("2024-10-25"), 5)]
    sites = exams.sites(2024)
    assert [s.region for s in sites][:2] == ["杭州市", "金华市"]
    assert sites[-1].site == "国网浙江" and sites[-1].region is None and sites[-1].note


def test_event_date() -> None:
    assert EXAM_EVENTS == ("registration_start", "registration_end", "theory",
                           "practical_start", "practical_end")
    got = [exams.event_date(2024, 5, e) for e in EXAM_EVENTS]
    assert got == [D("2024-08-26"), D("2024-09-20"), D("2024-09-25"), D("2024-10-24"),
                   D("2024-10-25")]
    assert exams.event_date(2024, 1, " Theory ") == D("2024-01-31")
    with pytest.raises(UnknownEvent) as info:
        exams.event_date(2024, 1, "results")
    assert "practical_end" in str(info.value) and info.value.excel_code == "#N/A"
    with pytest.raises(DateNotInSource) as missing:
        exams.event_date(2024, 3, "practical_end")
    assert isinstance(missing.value, NotInSource) and missing.value.excel_code == "#N/A"
    assert "6月27日-38日" in str(missing.value) and "line 142" in str(missing.value)
    assert missing.value.lines == (142,)


def test_unknown_year_and_period() -> None:
    with pytest.raises(UnknownYear) as year:
        exams.period(2023, 1)
    assert isinstance(year.value, LookupError) and year.value.excel_code == "#N/A"
    assert "2024" in str(year.value) and year.value.known == (2024,)
    with pytest.raises(UnknownPeriod) as period:
        exams.period(2024, 6)
    assert "1..5" in str(period.value) and period.value.excel_code == "#N/A"


@pytest.mark.parametrize("bad", [True, 1.5, "one", None, float("nan"), "１", [1]])
def test_bad_period_numbers(bad) -> None:
    with pytest.raises(BadArgument):
        exams.period(2024, bad)


def test_rules() -> None:
    assert exams.rule("max_projects_per_period").value == 3
    assert exams.rule("pass_mark_theory").value == 60
    assert exams.rule("pass_mark_practical").value == 70
    assert exams.rule("review_working_days").section == "四.1"
    assert exams.rule("results_working_days").value == 15
    assert exams.rule("cheating_ban_years").value == 2
    assert exams.rule("knowledge_exam_online").value is None
    assert exams.rules()[0].id == "knowledge_exam_online"
    assert len({r.id for r in exams.rules()}) == len(exams.rules())
    with pytest.raises(UnknownRule) as info:
        exams.rule("max_projects")
    assert "max_projects_per_period" in str(info.value)


# ---- the open registration period --------------------------------------------------------------

@pytest.mark.parametrize(("day", "number"), [
    ("2024-01-02", 1), ("2024-01-26", 1), ("2024-02-26", 2), ("2024-03-22", 2),
    ("2024-05-01", 3), ("2024-05-24", 3), ("2024-07-15", 4), ("2024-08-26", 5),
    ("2024-09-20", 5),
])
def test_open_period_inside_and_on_the_boundaries(day: str, number: int) -> None:
    found = exams.open_period(D(day))
    assert found is not None and (found.year, found.number) == (2024, number)


@pytest.mark.parametrize("day", ["2024-01-01", "2024-01-27", "2024-02-25", "2024-03-23",
                                 "2024-04-30", "2024-05-25", "2024-09-21", "2023-12-31",
                                 "2025-01-02"])
def test_no_period_open_outside_the_windows(day: str) -> None:
    assert exams.open_period(D(day)) is None


def test_open_period_takes_a_datetime_and_rejects_text() -> None:
    assert exams.open_period(datetime(2024, 1, 26, 23, 59)).number == 1
    with pytest.raises(BadArgument):
        exams.open_period("2024-01-02")  # type: ignore[arg-type]


# ---- working days ------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "working"), [
    ("2024-02-04", True),   # Sunday, make-up workday for 春节
    ("2024-02-18", True),   # Sunday, make-up workday for 春节
    ("2024-02-09", True),   # Friday before the holiday
    ("2024-02-12", False),  # Monday in 春节
    ("2024-09-29", True),   # Sunday, make-up workday for 国庆
    ("2024-10-12", True),   # Saturday, make-up workday for 国庆
    ("2024-10-07", False),  # Monday in 国庆
    ("2024-10-13", False),  # an ordinary Sunday
    ("2024-03-27", True),   # an ordinary Wednesday
])
def test_is_working_day(day: str, working: bool) -> None:
    assert exams.is_working_day(D(day)) is working


@pytest.mark.parametrize(("start", "n", "due"), [
    # 国庆 2024: 10-01..10-07 off, make-up workdays Sun 09-29 and Sat 10-12
    ("2024-09-27", 1, "2024-09-29"),
    ("2024-09-27", 2, "2024-09-30"),
    ("2024-09-27", 3, "2024-10-08"),
    ("2024-10-10", 2, "2024-10-12"),
    # 春节 2024: 02-10..02-17 off, make-up workdays Sun 02-04 and Sun 02-18
    ("2024-02-02", 1, "2024-02-04"),
    ("2024-02-08", 2, "2024-02-18"),
    ("2024-02-08", 3, "2024-02-19"),
    # counting back
    ("2024-10-08", -1, "2024-09-30"),
    ("2024-02-19", -2, "2024-02-09"),
    # zero: the start, even on a holiday
    ("2024-10-03", 0, "2024-10-03"),
])
def test_add_working_days_across_holidays_and_make_up_days(start: str, n: int,
                                                           due: str) -> None:
    assert exams.add_working_days(D(start), n) == D(due)


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 10, 31)),
       st.integers(min_value=1, max_value=20))
def test_add_working_days_agrees_with_the_calendars_own_list(start: date, n: int) -> None:
    later = chinese_calendar.get_workdays(start + timedelta(days=1), start + timedelta(days=60))
    assert exams.add_working_days(start, n) == later[n - 1]


def test_review_due_is_three_working_days_after_registration() -> None:
    assert exams.review_due(D("2024-09-27")) == D("2024-10-08")  # across 国庆
    assert exams.review_due(D("2024-02-08")) == D("2024-02-19")  # across 春节
    assert exams.review_due(D("2024-01-02")) == D("2024-01-05")  # an ordinary week
    assert exams.review_due(datetime(2024, 9, 27, 17, 30)) == D("2024-10-08")


def test_results_due_is_fifteen_working_days_after_the_last_practical_day() -> None:
    assert exams.results_due(2024, 1) == D("2024-03-15")
    # practical ends Fri 04-26; 劳动节 05-01..05-05 off, make-up Sun 04-28 and Sat 05-11 count
    assert exams.results_due(2024, 2) == D("2024-05-20")
    assert exams.results_due(2024, 4) == D("2024-09-13")
    assert exams.results_due(2024, 5) == D("2024-11-15")


def test_results_due_refuses_when_the_exam_end_is_not_in_the_source() -> None:
    with pytest.raises(DateNotInSource) as info:
        exams.results_due(2024, 3)
    message = str(info.value)
    assert "6月27日-38日" in message and "line 142" in message and "invalid_date" in message
    assert "15 working days" in message
    assert isinstance(info.value, LookupError) and info.value.excel_code == "#N/A"


def test_dates_outside_the_calendar_are_errors_not_guesses() -> None:
    years = exams.supported_years()
    first, last = years[0], years[-1]
    assert first <= 2024 <= last and years == tuple(range(first, last + 1))
    with pytest.raises(CalendarOutOfRange) as info:
        exams.is_working_day(date(last + 1, 3, 4))
    assert f"{first}..{last}" in str(info.value)
    assert isinstance(info.value, NormError) and info.value.excel_code == "#N/A"
    with pytest.raises(CalendarOutOfRange):
        exams.add_working_days(date(last, 12, 31), 1)  # the count runs into the next year
    with pytest.raises(CalendarOutOfRange):
        exams.add_working_days(date(first - 1, 6, 1), 0)
    with pytest.raises(CalendarOutOfRange):
        exams.review_due(date(first - 1, 6, 1))


@pytest.mark.parametrize("n", [1.0, "3", True, None])
def test_add_working_days_wants_a_whole_number(n) -> None:
    with pytest.raises(BadArgument):
        exams.add_working_days(D("2024-01-02"), n)


# ---- a new year, added as data only ------------------------------------------------------------

def test_a_new_year_is_data_only(tmp_path: Path) -> None:
    folder = tmp_path / "exams"
    folder.mkdir()
    for name in ("years", "periods", "rules", "special_projects", "special_sessions", "sites",
                 "irregularities"):
        text = (EXAMS / f"{name}.csv").read_text(encoding="utf-8")
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    with (folder / "years.csv").open("a", encoding="utf-8") as f:
        f.write("2025,2025年计量专业项目考核时间表,,timetable-2025.pdf,,,2025-01-01\n")
    with (folder / "periods.csv").open("a", encoding="utf-8") as f:
        f.write("2025,1,第一期,2025-01-02,2025-01-24,2025-02-12,2025-02-20,2025-02-21,"
                "1月2日-24日,2月12日,2月20日-21日,\n")
    data = load(folder)
    assert tuple(data.timetables) == (2024, 2025)
    (p,) = data.timetables[2025].periods
    assert (p.registration_end, p.practical_end) == (D("2025-01-24"), D("2025-02-21"))


# ---- importing stays light ---------------------------------------------------------------------

PROBE = r"""
import json, sys
opened = []
recording = True
def hook(event, args):
    if recording and event == "open" and isinstance(args[0], str) \
            and not args[0].endswith((".py", ".pyc", ".pth")):
        opened.append(args[0])
sys.addaudithook(hook)
import normbook.exams
import normbook.exams.cli
recording = False
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in ("pandas", "openpyxl", "chinese_calendar", "xlwings"))
loaded = "normbook.exams.load" in sys.modules
answer = normbook.exams.rule("max_projects_per_period").value
print(json.dumps({"heavy": heavy, "opened": opened, "loaded": loaded, "answer": answer}))
"""


def test_import_is_light_and_reads_no_file() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"heavy": [], "opened": [], "loaded": False, "answer": 3}


@pytest.mark.parametrize("call", [
    lambda: exams.timetable(1999),
    lambda: exams.period(2024, 0),
    lambda: exams.event_date(2024, 3, "practical_end"),
    lambda: exams.event_date(2024, 1, 7),
    lambda: exams.results_due(2024, 3),
    lambda: exams.rule(""),
    lambda: exams.rule(["max_projects_per_period"]),
    lambda: exams.add_working_days(date(1990, 1, 1), 1),
])
def test_errors_are_norm_errors(call) -> None:
    with pytest.raises(NormError) as info:
        call()
    assert isinstance(info.value, (LookupError, ValueError)) and str(info.value)
