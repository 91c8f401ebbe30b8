"""``normbook exams``: timetable text and JSON, the calendar file, the check of new data."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from normbook import __version__ as VERSION
from normbook.cli import main
from normbook.exams import timetable
from normbook.exams.ics import escape, fold, render

EXAMS = Path(__file__).parents[1] / "norms" / "exams"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# ---- listing and printing ----------------------------------------------------------------------

def test_exams_without_arguments_lists_the_years(capsys) -> None:
    code, out, _ = run(capsys, "exams")
    assert code == 0
    assert re.search(r"^\s+2024\s+5 periods, 10 special projects, 7 sites", out, re.M)


def test_timetable_text(capsys) -> None:
    code, out, _ = run(capsys, "exams", "2024")
    assert code == 0
    assert re.search(r"第一期\s+2024-01-02 \.\. 2024-01-26\s+2024-01-31\s+"
                     r"2024-02-22 \.\. 2024-02-23", out)
    assert re.search(r"第三期 .*2024-06-27 \.\. \?\s+.*6月27日-38日", out)
    assert re.search(r"10\s+-\s+污染源自动监控设备及部分化学分析仪器\s+no code", out)
    assert "JJG 744-2004" in out and "rows 2-10: merged cell assumed" in out
    assert "2024-02-26 .. 2024-03-22 -> 2024-04-25 .. 2024-04-26  = period 2" in out
    assert "国网浙江  (not a region" in out and "杭州  杭州市" in out
    assert "Irregularities recorded from the source (5)" in out
    assert re.search(r"line 142\s+periods 3 practical_end\s+invalid_date '6月27日-38日'", out)


def test_timetable_json_has_exactly_the_specified_shape(capsys) -> None:
    code, out, _ = run(capsys, "exams", "2024", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["year", "title", "source", "data", "periods", "special_projects",
                          "irregularities"]
    assert data["year"] == 2024 and data["title"] == "2024年计量专业项目考核时间表"
    assert data["data"][0] == f"Normbook {VERSION}"
    assert data["data"][1].startswith(f"exams: shipped with Normbook {VERSION}, sha256 ")
    assert data["periods"][0] == {
        "period": 1, "registration_start": "2024-01-02", "registration_end": "2024-01-26",
        "theory": "2024-01-31", "practical_start": "2024-02-22", "practical_end": "2024-02-23",
        "unclear": []}
    assert [list(p) for p in data["periods"]] == [[
        "period", "registration_start", "registration_end", "theory", "practical_start",
        "practical_end", "unclear"]] * 5
    assert [p["period"] for p in data["periods"]] == [1, 2, 3, 4, 5]
    # period 3's practical exam: its start as the source gives it, its end marked unclear
    assert data["periods"][2]["practical_end"] is None
    assert data["periods"][2]["practical_start"] == "2024-06-27"
    assert data["periods"][2]["unclear"] == [
        {"event": "practical_end", "as_written": "6月27日-38日", "line": 142}]
    for p in data["periods"]:
        for key, value in p.items():
            if key not in ("period", "unclear") and value is not None:
                assert date.fromisoformat(value).year == 2024
    projects = data["special_projects"]
    assert len(projects) == 10 and all(list(s) == ["name", "code"] for s in projects)
    assert projects[0] == {"name": "医用诊断X射线辐射源检定规程", "code": "JJG 744-2004"}
    assert projects[-1]["code"] is None
    kinds = [i["kind"] for i in data["irregularities"]]
    assert "invalid_date" in kinds and "merged_cell_assumed" in kinds
    (june,) = [i for i in data["irregularities"] if i["kind"] == "invalid_date"]
    assert (june["line"], june["key"], june["as_written"]) == (142, "3", "6月27日-38日")


@pytest.mark.parametrize(("argv", "says"), [
    (("exams", "2023"), "the data has 2024"),
    (("exams", "twenty"), "expected a year"),
    (("exams", "2024", "extra"), "unexpected"),
    (("exams", "2024", "-o", "x.ics"), "-o does not apply"),
    (("exams", "ics", "2024"), "needs -o FILE"),
    (("exams", "ics", "-o", "x.ics"), "expected a year"),
    (("exams", "ics", "2024", "-o", "x.ics", "--format", "json"), "--format does not apply"),
    (("exams", "check"), "needs a PATH"),
    (("exams", "check", "no-such-folder"), "no such file or folder"),
])
def test_bad_usage_exits_2_with_a_message(capsys, tmp_path, monkeypatch, argv, says) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("normbook: error: ") and says in err
    assert not (tmp_path / "x.ics").exists()


def test_format_choices_are_argparse_checked(capsys) -> None:
    code, _, err = run(capsys, "exams", "2024", "--format", "xml")
    assert code == 2 and "invalid choice" in err


# ---- the calendar file -------------------------------------------------------------------------

def unfold(data: bytes) -> list[str]:
    """Content lines of an .ics after undoing the folding (RFC 5545 3.1)."""
    text = data.decode("utf-8")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def strict_problems(data: bytes) -> list[str]:
    """What a strict reader would reject: line ends, octets, structure, required properties."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("no CRLF at the end")
    physical = data.split(b"\r\n")
    if physical[-1] == b"":
        physical.pop()
    for n, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {n}: bare CR or LF")
        if len(line) > 75:
            problems.append(f"line {n}: {len(line)} octets")
        try:
            line.decode("utf-8")  # a fold never splits a character
        except UnicodeDecodeError:
            problems.append(f"line {n}: fold inside a UTF-8 character")
    if problems:
        return problems  # the rest needs well-formed lines
    stack: list[str] = []
    event: dict[str, str] = {}
    for line in unfold(data):
        if not re.fullmatch(r"[A-Z][A-Z0-9-]*(;[A-Z-]+=[^;:]+)*:.*", line):
            problems.append(f"not a content line: {line!r}")
            continue
        name, value = line.split(":", 1)
        if name in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME") and re.search(r"(?<!\\)[,;]",
                                                                          value):
            problems.append(f"unescaped , or ; in {name}")
        if name == "BEGIN":
            stack.append(value)
            event = {}
        elif name == "END":
            if not stack or stack.pop() != value:
                problems.append(f"END:{value} does not close a BEGIN")
            if value == "VEVENT":
                for needed in ("UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE",
                               "SUMMARY"):
                    if needed not in event:
                        problems.append(f"event without {needed}")
        else:
            event[name] = value
    if stack:
        problems.append(f"unclosed {stack}")
    lines = unfold(data)
    if lines[:2] != ["BEGIN:VCALENDAR", "VERSION:2.0"] or not any(
            x.startswith("PRODID:") for x in lines):
        problems.append("calendar without VERSION 2.0 or PRODID")
    return problems


def test_the_strict_reader_is_not_blind() -> None:
    good = render(timetable(2024))[0]
    assert strict_problems(good) == []
    assert any("bare CR or LF" in p for p in strict_problems(good.replace(b"\r\n", b"\n")))
    long = good.replace(b"PRODID:", b"PRODID:" + b"x" * 80, 1)
    assert any("octets" in p for p in strict_problems(long))
    head, _, events = good.partition(b"BEGIN:VEVENT")  # the first escaped comma of an event
    unescaped = head + b"BEGIN:VEVENT" + events.replace(b"\\,", b",", 1)
    assert any("unescaped" in p for p in strict_problems(unescaped))
    assert any("event without UID" in p
               for p in strict_problems(re.sub(rb"UID:[^\r]*\r\n", b"", good, count=1)))
    assert any("does not close" in p
               for p in strict_problems(good.replace(b"END:VEVENT", b"END:VTODO", 1)))
    split = "SUMMARY:计".encode() + b"\xe8\r\n \xae\xa1\r\n"
    assert any("UTF-8" in p for p in strict_problems(good.replace(b"END:VCALENDAR\r\n",
                                                                  split + b"END:VCALENDAR\r\n")))


@pytest.fixture
def written(capsys, tmp_path: Path) -> tuple[bytes, str]:
    code, out, _ = run(capsys, "exams", "ics", "2024", "-o", str(tmp_path / "exams-2024.ics"))
    assert code == 0
    return (tmp_path / "exams-2024.ics").read_bytes(), out


def test_ics_is_strict_rfc5545(written) -> None:
    data, _ = written
    assert strict_problems(data) == []
    physical = data.split(b"\r\n")
    assert any(line.startswith(b" ") for line in physical)  # Chinese text was folded
    assert max(len(line) for line in physical) <= 75


def test_ics_parses_with_icalendar_and_has_the_events(written) -> None:
    icalendar = pytest.importorskip("icalendar")
    data, out = written
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 19  # 5 x 3 periods' events and 2 x 2 special sessions
    first = events["2024-period1-registration@normbook.exams"]
    assert first.decoded("DTSTART") == date(2024, 1, 2)
    assert first.decoded("DTEND") == date(2024, 1, 27)  # exclusive: the day after the 26th
    assert not isinstance(first.decoded("DTSTART"), datetime)
    assert str(first["SUMMARY"]) == "2024年第一期计量专业项目考核：报名"
    practical = events["2024-period1-practical@normbook.exams"]
    assert (practical.decoded("DTSTART"), practical.decoded("DTEND")) == (
        date(2024, 2, 22), date(2024, 2, 24))
    assert "results due by 2024-03-15" in str(practical["DESCRIPTION"])
    assert "line 132" in str(practical["DESCRIPTION"])
    theory = events["2024-period3-theory@normbook.exams"]
    assert (theory.decoded("DTSTART"), theory.decoded("DTEND")) == (
        date(2024, 5, 29), date(2024, 5, 30))
    # period 3's practical exam (6月27日-38日): a one-day event on its first day, the end
    # said to be unclear; the results deadline, which counts from the end, not computed
    june = events["2024-period3-practical@normbook.exams"]
    assert (june.decoded("DTSTART"), june.decoded("DTEND")) == (date(2024, 6, 27),
                                                                date(2024, 6, 28))
    assert str(june["SUMMARY"]).endswith("实际操作考试（开始日；结束日期来源不明）")
    described = str(june["DESCRIPTION"])
    assert "6月27日-38日" in described and "line 142" in described
    assert "the last day is unclear in the source" in described
    assert "results deadline not computed" in described and "results due by" not in described
    special = events["2024-special2-exam@normbook.exams"]
    assert special.decoded("DTSTART") == date(2024, 10, 24)
    assert "JJG 744-2004" in str(special["DESCRIPTION"])
    assert "merged_cell_assumed" in str(special["DESCRIPTION"])
    assert str(calendar["PRODID"]).startswith("-//Normbook//")
    assert "left out" not in out
    assert ("first day only (the end is unclear) 2024年第三期计量专业项目考核：实际操作考试"
            in out)
    assert "6月27日-38日" in out and "line 142" in out


def test_ics_bytes_are_deterministic_and_uids_stable(capsys, tmp_path: Path) -> None:
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run(capsys, "exams", "ics", "2024", "-o", str(a))[0] == 0
    assert run(capsys, "exams", "ics", "2024", "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes() == render(timetable(2024))[0]
    stamps = set(re.findall(rb"DTSTAMP:(\S+)", a.read_bytes()))
    assert stamps == {b"20261122T000000Z"}  # the data's revised date, not the clock


def test_ics_refuses_to_overwrite_without_force(capsys, tmp_path: Path) -> None:
    target = tmp_path / "exams-2024.ics"
    target.write_bytes(b"mine")
    code, _, err = run(capsys, "exams", "ics", "2024", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_bytes() == b"mine"
    assert run(capsys, "exams", "ics", "2024", "-o", str(target), "--force")[0] == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["exams-2024.ics"]  # no temporary left


def test_fold_counts_octets_and_unfolds_back() -> None:
    line = "DESCRIPTION:" + "计量专业项目考核" * 20 + "abc"
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SUMMARY:short") == "SUMMARY:short"
    exact = "X" * 75
    assert fold(exact) == exact and fold(exact + "Y") == exact + "\r\n Y"


def test_escape() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape("，；") == "，；"  # full-width punctuation needs no escaping


# ---- checking new data -------------------------------------------------------------------------

def test_check_passes_on_the_shipped_data(capsys) -> None:
    code, out, _ = run(capsys, "exams", "check", str(EXAMS))
    assert code == 0
    assert "periods (5 rows)" in out and "no problems found" in out


def test_check_reports_a_broken_csv_with_file_row_and_column(capsys, tmp_path: Path) -> None:
    text = (EXAMS / "periods.csv").read_text(encoding="utf-8")
    text = text.replace("2024-07-26,2024-07-31", "2024-07-26,2024-07-21")  # theory too early
    text = text.replace("2024,5,第五期,2024-08-26", "2024,5,第五期,2024-08-2x")
    broken = tmp_path / "periods.csv"
    broken.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "exams", "check", str(broken))
    assert code == 1
    assert ("periods.csv, row 5, column theory: theory 2024-07-21 is before registration_end "
            "2024-07-26") in out
    assert "periods.csv, row 5, column theory: 2024-07-21, but theory_as_written '7月31日' " \
           "says 2024-07-31" in out
    assert "periods.csv, row 6, column registration_start: '2024-08-2x' is not a date" in out
    # the period whose practical_end is empty needs an irregularity, which this file lacks
    assert "periods.csv, row 4, column practical_end: empty" in out
    assert "4 problems; fix them" in out


@pytest.mark.parametrize(("edit", "says"), [
    (lambda t: t.replace("2024,2,第二期", "2024,3,第二期"),
     "row 3, column period: 2024: period 3 where 2 comes next"),
    (lambda t: t.replace("2024,2,第二期,2024-02-26,2024-03-22,2024-03-27",
                         "2024,2,第二期,2024-01-20,2024-03-22,2024-03-27"),
     "row 3, column registration_start: 2024-01-20 is not after period 1's registration "
     "window"),
    (lambda t: t.replace("2024-03-27", "2024-03-28"),
     "row 3, column theory: 2024-03-28, but theory_as_written '3月27日' says 2024-03-27"),
    (lambda t: t.replace(",6月27日-38日", ",6月27日-28日"),
     "row 4, column practical_end: empty, but practical_as_written '6月27日-28日' says "
     "2024-06-28"),
    (lambda t: t.replace(",129 130 131 132", ",129 130"),
     "row 2, column lines: 2 line numbers; give 4"),
    (lambda t: t.replace("practical_end,", "practical_ends,"),
     "row 1, column practical_ends: unknown column"),
])
def test_check_finds(capsys, tmp_path: Path, edit, says: str) -> None:
    folder = tmp_path / "exams"
    shutil.copytree(EXAMS, folder)
    path = folder / "periods.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _ = run(capsys, "exams", "check", str(folder))
    assert code == 1
    assert f"periods.csv, {says}" in out, out


def test_check_special_session_must_equal_its_period(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "exams"
    shutil.copytree(EXAMS, folder)
    path = folder / "special_sessions.csv"
    text = path.read_text(encoding="utf-8").replace(",2,165 167", ",3,165 167")
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "exams", "check", str(folder))
    assert code == 1
    assert ("special_sessions.csv, row 2, column registration_start: 2024-02-26 differs from "
            "period 3's registration_start 2024-05-01") in out


def test_check_a_csv_of_unknown_shape(capsys, tmp_path: Path) -> None:
    odd = tmp_path / "timetable.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, _ = run(capsys, "exams", "check", str(odd))
    assert code == 1 and "cannot tell which table" in out


def _workbook(path: Path, theory_2025: object) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from normbook.exams.schema import columns

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "filled in by the exams office"
    years = book.create_sheet("years")
    years.append(columns("years"))
    years.append([2025, "2025年计量专业项目考核时间表", None, "timetable-2025.pdf", None, None,
                  datetime(2025, 1, 1)])
    periods = book.create_sheet("periods")
    periods.append(columns("periods"))
    periods.append([2025, 1, "第一期", datetime(2025, 1, 2), datetime(2025, 1, 24), theory_2025,
                    datetime(2025, 2, 20), datetime(2025, 2, 21), "1月2日-24日", "2月12日",
                    "2月20日-21日", None])
    periods.append([None] * 12)  # a blank row Excel leaves behind
    book.save(path)


def test_check_a_workbook(capsys, tmp_path: Path) -> None:
    good = tmp_path / "new-2025.xlsx"
    _workbook(good, datetime(2025, 2, 12))
    code, out, _ = run(capsys, "exams", "check", str(good))
    assert code == 0, out
    assert "years (1 row), periods (1 row)" in out and "ignored sheets" in out
    bad = tmp_path / "bad-2025.xlsx"
    _workbook(bad, "12.2.2025")
    code, out, _ = run(capsys, "exams", "check", str(bad))
    assert code == 1
    assert ("bad-2025.xlsx, sheet periods, row 2, column F (theory): '12.2.2025' is not a date "
            "written YYYY-MM-DD") in out


def test_ics_into_a_missing_folder_or_onto_a_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["exams", "ics", "2024", "-o", str(tmp_path / "nodir" / "x.ics")]) == 1
    err = capsys.readouterr().err
    assert "no such folder for x.ics" in err and ".x.ics." not in err  # no temporary name
    assert main(["exams", "ics", "2024", "-o", str(tmp_path), "--force"]) == 2
    assert "is a folder" in capsys.readouterr().err
