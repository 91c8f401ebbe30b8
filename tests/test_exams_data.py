"""The exams data package, checked against what the 2024 guide's text says line by line."""

from __future__ import annotations

import csv
import re
import shutil
from datetime import date
from pathlib import Path

import frictionless
import pytest

from normbook.exams import schema
from normbook.exams.dates import parse_iso, read_span
from normbook.exams.load import load

EXAMS = Path(__file__).parents[1] / "norms" / "exams"
SEED = Path(__file__).parents[1] / "norms" / "sources" / "zhejiang-metrology-exam-guide-2024.txt"
# The timetable annex: from its title to the note under the special projects table.
ANNEX = range(121, 218)
# Column headers of the two tables in the annex: the only annex lines no row cites.
HEADERS = {123, 124, 125, 126, 127, 157, 158, 159, 160, 161}


def rows(table: str) -> list[dict[str, str]]:
    with (EXAMS / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def lines(row: dict[str, str]) -> list[int]:
    return [int(x) for x in row["lines"].split()]


@pytest.fixture(scope="module")
def seed() -> list[str]:
    """The guide's text; ``seed[n - 1]`` is line n."""
    return SEED.read_text(encoding="utf-8").split("\n")


# ---- the package as a whole ------------------------------------------------------------------

def test_datapackage_is_valid_frictionless() -> None:
    report = frictionless.validate(str(EXAMS / "datapackage.json"))
    flat = report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, flat[:20]
    assert len(report.tasks) == len(schema.TABLES) == 7


def test_datapackage_json_is_generated_from_the_schema() -> None:
    assert (EXAMS / "datapackage.json").read_text(encoding="utf-8") == schema.render()


def test_csv_headers_are_the_schema_columns() -> None:
    for table in schema.TABLES:
        with (EXAMS / f"{table}.csv").open(encoding="utf-8") as f:
            assert next(csv.reader(f)) == schema.columns(table), table


def test_loader_reports_every_problem_at_once(tmp_path: Path) -> None:
    broken = tmp_path / "exams"
    shutil.copytree(EXAMS, broken)
    periods = (broken / "periods.csv").read_text(encoding="utf-8")
    periods = periods.replace("2024-01-31", "2024-01-20").replace("2024-08-23", "2024-08-32")
    (broken / "periods.csv").write_text(periods, encoding="utf-8")
    (broken / "sites.csv").unlink()
    with pytest.raises(ExceptionGroup) as info:
        load(broken)
    messages = [str(e) for e in info.value.exceptions]
    assert len(messages) == 4, messages
    assert any("row 2, column theory" in m and "before registration_end" in m for m in messages)
    assert any("row 2, column theory" in m and "says 2024-01-31" in m for m in messages)
    assert any("row 5, column practical_end" in m and "not a calendar date" in m
               for m in messages)
    assert any(m.startswith("sites.csv") and "missing" in m for m in messages)


# ---- every row cites the line it comes from ---------------------------------------------------

def test_periods_cite_their_cells(seed: list[str]) -> None:
    for row in rows("periods"):
        label, registration, theory, practical = lines(row)
        assert seed[label - 1].strip() == row["label"]
        assert seed[registration - 1].strip() == row["registration_as_written"]
        assert seed[theory - 1].strip() == row["theory_as_written"]
        assert seed[practical - 1].strip() == row["practical_as_written"]


def test_special_projects_cite_their_cells(seed: list[str]) -> None:
    for row in rows("special_projects"):
        name, code = lines(row)
        assert seed[name - 1].strip() == row["name"]
        assert seed[code - 1].strip() == row["code_as_written"]


def test_special_sessions_cite_their_cells(seed: list[str]) -> None:
    for row in rows("special_sessions"):
        registration, exam = lines(row)
        assert seed[registration - 1].strip() == row["registration_as_written"]
        assert seed[exam - 1].strip() == row["exam_as_written"]


def test_years_sites_rules_irregularities_cite_their_lines(seed: list[str]) -> None:
    (year,) = rows("years")
    assert year["title"] in seed[int(year["title_line"]) - 1]
    assert seed[int(year["special_note_line"]) - 1].strip() == year["special_note"]
    assert year["year"] in year["title"]  # the dates' year is the title's
    for row in rows("sites"):
        assert row["site"] in seed[int(row["line"]) - 1]
    for row in rows("rules"):
        assert row["text"] in seed[int(row["line"]) - 1], row["id"]
    for row in rows("irregularities"):
        line = seed[int(row["line"]) - 1]
        assert row["as_written"] in line, row
        if not row["as_written"]:
            assert line.strip() == "", row  # an empty cell


def test_every_line_of_the_timetable_is_accounted_for(seed: list[str]) -> None:
    cited: set[int] = set()
    for table in ("periods", "special_projects", "special_sessions"):
        for row in rows(table):
            cited.update(lines(row))
    (year,) = rows("years")
    cited |= {int(year["title_line"]), int(year["special_note_line"])}
    written = {n for n in ANNEX if seed[n - 1].strip()}
    assert written - cited == HEADERS
    assert cited <= written


def test_rule_sections_are_headings_of_the_guide(seed: list[str]) -> None:
    chapter = re.compile(r"^(?:\[bookmark: _Toc\d+\])*([一二三四五六七八九])、")
    item = re.compile(r"^(\d+)、")
    for row in rows("rules"):
        top, *rest = row["section"].split(".")
        line = int(row["line"])
        above = [seed[n - 1] for n in range(line, 0, -1)]
        chapters = [m.group(1) for m in map(chapter.match, above) if m]
        assert chapters[0] == top, row["id"]
        if len(rest) == 2:  # 三.4.1: the rule's line starts with 4.1
            assert seed[line - 1].startswith(f"{rest[0]}.{rest[1]}"), row["id"]
        elif rest:  # 四.1: the nearest item heading above is 1、
            heading = next(m.group(1) for m in map(item.match, above) if m)
            assert heading == rest[0], row["id"]


# ---- the dates are the source's ---------------------------------------------------------------

EXPECTED_PERIODS = [  # read off lines 129-152 of the guide
    (1, "2024-01-02", "2024-01-26", "2024-01-31", "2024-02-22", "2024-02-23"),
    (2, "2024-02-26", "2024-03-22", "2024-03-27", "2024-04-25", "2024-04-26"),
    (3, "2024-05-01", "2024-05-24", "2024-05-29", "2024-06-27", ""),  # 6月27日-38日
    (4, "2024-07-01", "2024-07-26", "2024-07-31", "2024-08-22", "2024-08-23"),
    (5, "2024-08-26", "2024-09-20", "2024-09-25", "2024-10-24", "2024-10-25"),
]
DATE_COLUMNS = ("registration_start", "registration_end", "theory", "practical_start",
                "practical_end")


def test_the_five_periods() -> None:
    got = [(int(r["period"]), *(r[c] for c in DATE_COLUMNS)) for r in rows("periods")]
    assert got == EXPECTED_PERIODS
    assert {r["year"] for r in rows("periods")} == {"2024"}


def test_recorded_dates_are_what_the_text_says() -> None:
    for row in rows("periods"):
        year = int(row["year"])
        spans = {"registration": read_span(row["registration_as_written"], year),
                 "theory": read_span(row["theory_as_written"], year),
                 "practical": read_span(row["practical_as_written"], year)}
        assert (spans["registration"].start, spans["registration"].end) == (
            parse_iso(row["registration_start"]), parse_iso(row["registration_end"]))
        assert spans["theory"].start == spans["theory"].end == parse_iso(row["theory"])
        assert spans["practical"].start == parse_iso(row["practical_start"])
        end = spans["practical"].end
        assert (end.isoformat() if end else "") == row["practical_end"]


def test_june_38_is_recorded_not_guessed() -> None:
    (p3,) = [r for r in rows("periods") if r["period"] == "3"]
    assert p3["practical_as_written"] == "6月27日-38日"
    assert p3["practical_end"] == ""
    (irregular,) = [r for r in rows("irregularities") if r["kind"] == "invalid_date"]
    assert (irregular["table"], irregular["key"], irregular["field"], irregular["line"]) == (
        "periods", "3", "practical_end", "142")
    assert irregular["as_written"] == "6月27日-38日"


def test_special_projects() -> None:
    projects = rows("special_projects")
    assert len(projects) == 10
    assert [r["code"] for r in projects] == [
        "JJG 744-2004", "JJG 1078-2012", "JJG 961-2017", "JJG 861-2007", "JJG 543-2008",
        "JJG 1041-2008", "JJG 581-2016", "JJG 602-2014", "JJG 640-2016", ""]
    assert projects[-1]["code_as_written"] == "（具体规程/规范号另行公布）"
    assert "另行公布" in projects[-1]["code_note"]
    assert [r["schedule"] for r in projects] == ["own"] + ["merged_cell_assumed"] * 9


def test_special_sessions_are_the_first_rows_cells_and_equal_periods_2_and_5() -> None:
    sessions = rows("special_sessions")
    assert [(r["registration_start"], r["registration_end"], r["exam_start"], r["exam_end"],
             r["period"]) for r in sessions] == [
        ("2024-02-26", "2024-03-22", "2024-04-25", "2024-04-26", "2"),
        ("2024-08-26", "2024-09-20", "2024-10-24", "2024-10-25", "5")]
    periods = {r["period"]: r for r in rows("periods")}
    for s in sessions:
        p = periods[s["period"]]
        assert (s["registration_start"], s["registration_end"]) == (
            p["registration_start"], p["registration_end"])
        assert (s["exam_start"], s["exam_end"]) == (p["practical_start"], p["practical_end"])
    (merged,) = [r for r in rows("irregularities") if r["kind"] == "merged_cell_assumed"]
    assert (merged["table"], merged["key"], merged["field"]) == (
        "special_projects", "2-10", "schedule")


def test_sites() -> None:
    sites = rows("sites")
    assert [r["site"] for r in sites] == ["杭州", "金华", "台州", "温州", "宁波", "绍兴",
                                          "国网浙江"]
    assert [r["region"] for r in sites[:6]] == [f"{r['site']}市" for r in sites[:6]]
    grid = sites[-1]
    assert (grid["region"], grid["kind"]) == ("", "organisation")
    assert "not a city region" in grid["note"]


def test_rules() -> None:
    by_id = {r["id"]: r for r in rows("rules")}
    numbers = {k: (int(r["value"]), r["unit"], r["section"])
               for k, r in by_id.items() if r["value"]}
    assert numbers == {
        "pass_mark_theory": (60, "points out of 100", "二"),
        "pass_mark_practical": (70, "points out of 100", "二"),
        "eligibility_metrology_work_years": (1, "years", "三.2.3"),
        "eligibility_project_experience_months": (6, "months", "三.2.3"),
        "max_projects_per_period": (3, "projects", "三.4.1"),
        "review_working_days": (3, "working days", "四.1"),
        "cheating_ban_years": (2, "years", "六"),
        "results_working_days": (15, "working days", "七"),
    }
    for rule_id, section in [("knowledge_exam_online", "二"), ("practical_exam_offline", "二"),
                             ("cross_region_practical", "三.4.2"),
                             ("authorized_projects_only", "三.4.3"),
                             ("eligibility_employer", "三.2.1"),
                             ("eligibility_education", "三.2.2"),
                             ("exemption_standard_developers", "八.2"),
                             ("exemption_regulation_drafters", "八.2")]:
        assert by_id[rule_id]["section"] == section
    assert "中专（含高中）" in by_id["eligibility_education"]["text"]
    assert "取消考核资格" in by_id["cheating_ban_years"]["text"]
    assert "线上" in by_id["knowledge_exam_online"]["text"]
    assert "线下" in by_id["practical_exam_offline"]["text"]


# ---- reading the source's date text -----------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "end"), [
    ("1月2日-26日", date(2024, 1, 2), date(2024, 1, 26)),
    ("2月26日-3月22日", date(2024, 2, 26), date(2024, 3, 22)),
    ("5月1日-5月24日", date(2024, 5, 1), date(2024, 5, 24)),
    ("1月31日", date(2024, 1, 31), date(2024, 1, 31)),
    ("2月29日", date(2024, 2, 29), date(2024, 2, 29)),
    ("12月20日至2025年1月10日", date(2024, 12, 20), date(2025, 1, 10)),
])
def test_read_span(text: str, start: date, end: date) -> None:
    span = read_span(text, 2024)
    assert (span.start, span.end, span.problems) == (start, end, ())


def test_read_span_keeps_a_day_that_does_not_exist_as_none() -> None:
    span = read_span("6月27日-38日", 2024)
    assert (span.start, span.end) == (date(2024, 6, 27), None)
    assert "6月38日 does not exist" in span.problems[0]
    assert read_span("2月29日", 2025).start is None


@pytest.mark.parametrize("text", ["", "1月", "26日", "2024-01-02", "1月2日-", "一月二日"])
def test_read_span_rejects_other_text(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        read_span(text, 2024)


@pytest.mark.parametrize("text", ["2024-1-2", "2024-02-30", "02/01/2024", " 2024-01-02"])
def test_parse_iso_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso(text)
