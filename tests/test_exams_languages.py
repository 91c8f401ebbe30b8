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
