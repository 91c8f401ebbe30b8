"""The exam side in Chinese by default and in the language chosen: the forms' reports, the
terminal's lines, the timetable and its calendar file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_forms_roster import mixed_rows
from test_forms_support import write_roster

from normbook.cli import main

# What a reader may meet in ASCII letters in a Chinese report: the fields' values as the
# roster gave them, codes, file and program names, the guide's and standards' numbers.
ALLOWED = {"normbook", "docx", "xlsx", "csv", "pdf", "json", "yaml", "yml", "excel", "gb",
           "jjg", "jjf", "utf", "text", "force", "libreoffice", "soffice", "cpu", "ics",
           "projects", "data", "add", "exams", "holidays", "chinesecalendar"}
_WORD = re.compile(r"[A-Za-z]{3,}")
_FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|xlsx|docx|pdf|ics|json|yaml)\b")


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """ASCII words of 3+ letters a Chinese reader would have to read, minus the allowed."""
    text = _FILE_NAME.sub(" ", text)
    return [w for w in _WORD.findall(text) if w.lower() not in ALLOWED | allowed]


def roster_values() -> set[str]:
    """Every ASCII word the test roster itself holds (names, regulations, bad values)."""
    words = set()
    for row in mixed_rows():
        for value in (row or {}).values():
            words.update(w.lower() for w in _WORD.findall(str(value)))
    return words


def _run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def roster(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "roster.xlsx", mixed_rows())


def test_reports_are_chinese_by_default(no_language_choice, roster, tmp_path, capsys):
    out = tmp_path / "out"
    code, _out, _err = _run(["forms", str(roster), "-o", str(out)], capsys)
    assert code == 1
    book = load_workbook(out / "rejections.xlsx")
    assert book.sheetnames == ["未通过校验", "警告"]
    sheet = book["未通过校验"]
    assert [c.value for c in sheet[1]] == ["行", "身份证号", "字段", "原因"]
    reasons = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(r.startswith("校验码为") for r in reasons)
    assert any("属特殊专业项目" in r for r in reasons)
    allowed = roster_values()
    cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row
             if v is not None]
    for name in ("rejections.csv", "warnings.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as f:
            cells += [v for row in csv.reader(f) for v in row]
    found = {w for cell in cells for w in english_words(cell, allowed)}
    assert not found, f"English words in the Chinese reports: {sorted(found)}"


def test_lang_en_gives_the_english_reports(no_language_choice, roster, tmp_path, capsys):
    out = tmp_path / "out"
    _run(["--lang", "en", "forms", str(roster), "-o", str(out)], capsys)
    book = load_workbook(out / "rejections.xlsx")
    assert book.sheetnames == ["rejections", "warnings"]
    assert [c.value for c in book["rejections"][1]] == ["row", "id_number", "field", "reason"]


def test_lang_zh_speaks_chinese_in_every_terminal_line(no_language_choice, roster, tmp_path,
                                                      capsys):
    code, out, err = _run(["--lang", "zh", "forms", str(roster), "-o", str(tmp_path / "o")],
                          capsys)
    assert code == 1
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert lines and any("报名名单" in line for line in lines)
    allowed = roster_values() | {str(tmp_path).lower()}
    for line in lines:
        line = line.replace(str(tmp_path), "")
        assert re.search(r"[\u4e00-\u9fff]", line), line
        assert not english_words(line, allowed), line


def test_same_problem_reads_chinese_in_the_report_and_english_on_stderr(
        no_language_choice, roster, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = tmp_path / "out"
    _code, _out, err = _run(["forms", str(roster), "-o", str(out)], capsys)
    assert "required; the field is empty" in err or "check character" in err
    text = (out / "rejections.csv").read_text(encoding="utf-8-sig")
    assert "校验码" in text and "check character" not in text


def test_lang_vi_writes_vietnamese_reports(no_language_choice, roster, tmp_path, capsys):
    out = tmp_path / "out"
    _run(["--lang", "vi", "forms", str(roster), "-o", str(out)], capsys)
    book = load_workbook(out / "rejections.xlsx")
    assert [c.value for c in book.worksheets[0][1]] == ["Dòng", "Số căn cước", "Trường", "Lý do"]
    text = (out / "rejections.csv").read_text(encoding="utf-8-sig")
    assert "ký tự kiểm tra" in text


# ---- the timetable ----------------------------------------------------------------------------

def _exams(args, env_lang=None):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("NORMBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    if env_lang:
        env["LANG"] = env_lang
    done = subprocess.run([sys.executable, "-m", "normbook", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, check=False)
    return done.returncode, done.stdout, done.stderr


def test_timetable_follows_a_chinese_locale():
    code, out, _err = _exams(["exams", "2024"], env_lang="zh_CN.UTF-8")
    assert code == 0
    # the irregularities' details are the data's own English notes (irregularities.csv)
    out = out.split("从来源记录的原文异常")[0] + "原文异常"
    for english in ("registration", "theory", "practical", "Regular periods", "Sites",
                    "Special projects", "Sessions", "as written"):
        assert english not in out
    assert "报名" in out and "考点" in out and "原文异常" in out


def test_timetable_in_english_and_vietnamese(capsys):
    code, out, _err = _run(["--lang", "en", "exams", "2024"], capsys)
    assert code == 0 and "报名 registration" in out and "Regular periods" in out
    code, out, _err = _run(["--lang", "vi", "exams", "2024"], capsys)
    assert code == 0 and "Đăng ký" in out and "Regular periods" not in out


def test_calendar_descriptions_are_chinese_by_default(no_language_choice, tmp_path, capsys):
    ics = tmp_path / "exams.ics"
    assert _run(["exams", "ics", "2024", "-o", str(ics)], capsys)[0] == 0
    text = ics.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "来源：" in text and "报名后3个工作日内审核" in text
    for english in ("Source:", "review within", "pass mark", "results due"):
        assert english not in text


# ---- check, errors and JSON -------------------------------------------------------------------

def test_check_speaks_chinese_on_a_bad_table(tmp_path, capsys):
    bad = tmp_path / "periods.csv"
    bad.write_text("year,period,label\n2024,x,第一期\n", encoding="utf-8")
    code, out, _err = _run(["--lang", "zh", "exams", "check", str(bad)], capsys)
    assert code == 1
    assert "已检查" in out and "缺少列" in out and "个问题；请改正后再次检查" in out
    assert "missing column" not in out and "problem" not in out


@pytest.mark.parametrize(("lang", "says"), [
    ("zh", "没有 2023 年度的考核时间表；数据中有 2024"),
    ("vi", "không có lịch thi cho năm 2023; dữ liệu có 2024"),
])
def test_unknown_year_in_the_terminal_language(capsys, lang, says):
    code, _out, err = _run(["--lang", lang, "exams", "2023"], capsys)
    assert code == 2 and says in err and "no exam timetable" not in err


def test_unknown_year_keeps_its_facts_and_renders_late():
    from normbook.exams.errors import UnknownYear
    from normbook.i18n import speaking

    error = UnknownYear(2023, (2024,))
    assert (error.asked, error.known) == (2023, (2024,))
    with speaking("vi"):
        assert "không có lịch thi cho năm 2023" in str(error)
    assert "no exam timetable for year 2023" in str(error)  # tests speak English


def test_json_has_rendered_chinese_text_beside_the_codes(capsys):
    import json

    _code, out, _err = _run(["--lang", "zh", "exams", "2024", "--format", "json"], capsys)
    data = json.loads(out)
    (june,) = [i for i in data["irregularities"] if i["kind"] == "invalid_date"]
    assert june["kind_label"] == "不存在的日期"
    assert list(data)[:2] == ["year", "title"]  # keys stay identifiers


def test_timetable_dates_in_the_readers_format(capsys):
    _code, out, _err = _run(["--lang", "zh", "exams", "2024"], capsys)
    assert "2024年1月2日 .. 2024年1月26日" in out
    _code, out, _err = _run(["--lang", "vi", "exams", "2024"], capsys)
    assert "02/01/2024 .. 26/01/2024" in out


def test_start_only_events_in_the_terminal_language(tmp_path, capsys):
    ics = tmp_path / "exams.ics"
    _code, out, _err = _run(["--lang", "en", "exams", "ics", "2024", "-o", str(ics)], capsys)
    partial = [line for line in out.splitlines() if line.startswith("first day only")]
    assert partial and all("the source writes" in line for line in partial)
    _code, out, _err = _run(["--lang", "zh", "exams", "ics", "2024", "-o", str(ics),
                             "--force"], capsys)
    assert "the source writes" not in out and "来源原文为" in out


def test_interrupted_batch_names_force_for_each_front_end():
    from normbook.cli import COMMAND_LINE
    from normbook.forms.batch import InterruptedBatch
    from normbook.i18n import Domain

    error = InterruptedBatch(Domain("normbook.forms").later("an earlier run stopped"))
    assert "force=True" in str(error) and "--force" in error.text(COMMAND_LINE)
