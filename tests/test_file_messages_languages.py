"""Refused files said in Vietnamese, Chinese or English: the workbook guard, CSV problems,
outputs, LibreOffice and the norms data's checks keep their facts and are said where shown.

The English wording is tested elsewhere (the session runs as ``--lang en``); these ask for
each language on the command line, or render one error in several languages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import hostile_files as build
import pytest

from normbook import cli, i18n, xlsx_guard
from normbook.csv_files import control_problem, header_and_rows
from normbook.xlsx_guard import UnreadableWorkbook

NORMS = Path(__file__).parents[1] / "norms"
#: Names a Vietnamese or Chinese line keeps: the program, Excel, formats, Unicode's code.
NAMES = {"normbook", "excel", "xlsx", "xls", "csv", "utf", "doctype", "xfd"}


def _password_protected(folder: Path) -> Path:
    """What a password-protected .xlsx (or an old .xls under a new name) is: an OLE file."""
    path = folder / "book.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    return path


def _control_character_csv(folder: Path) -> Path:
    """An exam table whose title holds a vertical tab (U+000B), pasted from another program."""
    path = folder / "years.csv"
    path.write_text("year,title,title_line,source,special_note,special_note_line,revised\n"
                    "2025,Kế\x0bhoạch,1,x,,,false\n", encoding="utf-8")
    return path


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _english_words(text: str) -> set[str]:
    """The words of an English line a reader reads: not file names, names or short words."""
    text = re.sub(r"\S+\.(?:xlsx|xls|csv)\b|U\+[0-9A-F]{4}", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} - NAMES


def _assert_no_english(said: str, english: str) -> None:
    """No word of the English line (bar names) in ``said``, as a whole word."""
    left = [w for w in _english_words(english)
            if re.search(rf"(?<![\w.]){w}(?![\w.])", said, re.IGNORECASE)]
    assert not left, (left, said)


# ---- on the command line ---------------------------------------------------------------------

COMMANDS = {
    "freeze": lambda path, out: ["freeze", str(path), "-o", str(out / "frozen.xlsx")],
    "exams check": lambda path, out: ["exams", "check", str(path)],
    "forms": lambda path, out: ["forms", str(path), "-o", str(out / "forms")],
}
PASSWORD = {
    "zh": "normbook: 错误：book.xlsx：受密码保护，或是旧的 .xls 文件；请在 Excel 中打开，另存为不设"
          "密码的 .xlsx（Excel 工作簿）",
    "vi": "normbook: lỗi: book.xlsx: tệp có đặt mật khẩu hoặc là tệp .xls cũ; hãy mở bằng Excel "
          "rồi lưu thành .xlsx (Bảng tính Excel) không đặt mật khẩu",
    "en": "normbook: error: book.xlsx: is password-protected or an old .xls file; open it in "
          "Excel and save it as .xlsx (Excel Workbook) without a password",
}


@pytest.mark.parametrize("lang", ["zh", "vi", "en"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_password_protected_workbook_is_one_line_in_the_language(lang, command, tmp_path,
                                                                    capsys):
    path = _password_protected(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = _run(["--lang", lang, *COMMANDS[command](path, out)], capsys)
    assert code == 2 and stdout == "" and not out.exists()
    assert err == PASSWORD[lang] + "\n"
    if lang != "en":
        _assert_no_english(err, PASSWORD["en"])


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "  years.csv，第 2 行，title 列：第 3 个字符是控制字符 U+000B；请重新输入该文本"),
    ("vi", "  years.csv, dòng 2, cột title: chứa ký tự điều khiển U+000B ở vị trí 3; hãy gõ lại "
           "nội dung này"),
    ("en", "  years.csv, row 2, column title: holds the control character U+000B at position 3; "
           "retype the text"),
])
def test_a_control_character_in_a_csv_is_said_in_the_language(lang, said, tmp_path, capsys):
    code, out, _err = _run(["--lang", lang, "exams", "check",
                            str(_control_character_csv(tmp_path))], capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if "U+000B" in line]
    assert lines == [said]


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "normbook: 错误：periods.csv：不是 UTF-8 文本（位置 17 处的字节 0xb5）；"
           "请在 Excel 中另存为“CSV UTF-8(逗号分隔)”"),
    ("vi", "normbook: lỗi: periods.csv: không phải văn bản UTF-8 (byte 0xb5 ở vị trí 17); hãy lưu "
           "lại từ Excel dưới dạng \"CSV UTF-8\" (phân tách bằng dấu phẩy)"),
    ("en", "normbook: error: periods.csv: not UTF-8 text (byte 0xb5 at position 17); save it "
           "from Excel as \"CSV UTF-8 (Comma delimited)\""),
])
def test_a_csv_that_is_not_utf8_is_one_line_in_the_language(lang, said, tmp_path, capsys):
    code, out, err = _run(["--lang", lang, "exams", "check", str(build.not_utf8_csv(tmp_path))],
                          capsys)
    assert code == 2 and out == "" and err == said + "\n"


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "也是本次运行要读取的文件"),
    ("vi", "cũng là một tệp mà lần chạy này đọc"),
])
def test_an_output_over_an_input_is_refused_in_the_language(lang, said, tmp_path, capsys):
    (tmp_path / "out").mkdir()
    path = build.roster(tmp_path / "out" / "rejections.xlsx")
    before = path.read_bytes()
    code, _out, err = _run(["--lang", lang, "forms", str(path), "-o", str(tmp_path / "out"),
                            "--force"], capsys)
    assert code == 2 and said in err and "--force " in err and err.count("\n") == 1
    assert path.read_bytes() == before


# ---- one error, said where it is shown ---------------------------------------------------------

def test_a_refused_workbook_keeps_its_facts_and_is_said_where_shown(tmp_path):
    with pytest.raises(UnreadableWorkbook) as caught:
        xlsx_guard.check(_password_protected(tmp_path), xlsx_guard.ROSTER)
    error = caught.value
    assert error.file == "book.xlsx"
    assert str(error) == PASSWORD["en"].removeprefix("normbook: error: ")  # the session's
    assert error.problem.render("zh").startswith("受密码保护")
    with i18n.speaking("zh"):
        assert str(error) == PASSWORD["zh"].removeprefix("normbook: 错误：")
    with i18n.speaking("vi"):
        assert str(error) == PASSWORD["vi"].removeprefix("normbook: lỗi: ")


def test_a_used_range_beyond_the_limits_names_its_numbers_the_readers_way(tmp_path):
    with pytest.raises(UnreadableWorkbook) as caught:
        xlsx_guard.check(build.dimension_bomb(tmp_path), xlsx_guard.ROSTER)
    error = caught.value
    with i18n.speaking("vi"):
        vi = str(error)
    with i18n.speaking("zh"):
        zh = str(error)
    assert "dùng vùng A1:XFD1048576 (1.048.576 dòng × 16.384 cột" in vi
    assert "một danh sách đăng ký" in vi and "tối đa 200.000 dòng, 200 cột và 4.000.000 ô" in vi
    assert "使用的区域为 A1:XFD1048576（1,048,576 行 × 16,384 列" in zh and "超出报名名单" in zh
    assert "(1,048,576 rows × 16,384 columns" in str(error)


def test_a_cells_problem_is_said_in_each_language():
    problem = control_problem("Kế\x0bhoạch")
    assert problem.render("en") == ("holds the control character U+000B at position 3; retype "
                                    "the text")
    assert problem.render("vi") == ("chứa ký tự điều khiển U+000B ở vị trí 3; hãy gõ lại nội "
                                    "dung này")
    assert problem.render("zh") == "第 3 个字符是控制字符 U+000B；请重新输入该文本"
    assert f"citation {problem}" == f"citation {problem.render('en')}"  # callers' f-strings
    assert control_problem("Kế hoạch") is None
    long = control_problem("x" * 10_001)
    assert long.render("vi").startswith("chứa 10.001 ký tự, nhiều hơn 10.000 ký tự")


def test_csv_rows_problems_are_text_in_the_current_language():
    table = [["year", "title"], ["2025", "a\nb"], ["2026", "x", "beyond"]]
    with i18n.speaking("vi"):
        _header, rows, problems = header_and_rows(table, "years.csv")
    assert [n for n, _ in rows] == [2, 3] and all(isinstance(p, str) for p in problems)
    assert problems[0].startswith("years.csv, dòng 2, cột title: chứa dấu xuống dòng")
    assert problems[1].startswith("years.csv, dòng 3: có 3 ô nhưng dòng tiêu đề chỉ có 2 cột")
    with i18n.speaking("zh"):
        _header, _rows, problems = header_and_rows(table, "years.csv")
    assert problems[1].startswith("years.csv，第 3 行：有 3 个单元格，但表头只有 2 列")


def test_an_output_over_an_input_says_the_option_as_each_front_end_writes_it(tmp_path):
    from normbook.outputs import OutputIsInput

    error = OutputIsInput(tmp_path / "a.xlsx", Path("a.xlsx"))
    with i18n.speaking("zh"):
        assert "（--force 只替换已有的输出，从不替换输入）" in error.text(cli.COMMAND_LINE)
        assert "（force=True 只替换已有的输出" in str(error)
    assert "(--force replaces an existing output, never an input)" in \
        error.text(cli.COMMAND_LINE)


def test_libreoffice_missing_says_how_to_install_in_the_language(monkeypatch, tmp_path):
    from normbook.libreoffice import LibreOfficeMissing, convert

    monkeypatch.delenv("NORMBOOK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    source = tmp_path / "book.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(LibreOfficeMissing) as caught:
        convert(source, "pdf", tmp_path / "out")
    with i18n.speaking("vi"):
        vi = str(caught.value)
    with i18n.speaking("zh"):
        zh = str(caught.value)
    assert vi.startswith("không tìm thấy LibreOffice (soffice) trong PATH; hãy cài LibreOffice")
    assert zh.startswith("在 PATH 中找不到 LibreOffice（soffice）；请安装 LibreOffice")
    assert "apt-get install libreoffice-calc-nogui libreoffice-writer-nogui" in vi + zh


def test_the_norms_datas_problems_are_said_in_the_language(tmp_path):
    from normbook.dataset import load

    package = tmp_path / "norms"
    shutil.copytree(NORMS, package)
    labour = package / "labour.csv"
    text = labour.read_text(encoding="utf-8")
    labour.write_text(text.replace(",94,94,", ",-94,94,", 1), encoding="utf-8")
    with pytest.raises(ExceptionGroup) as caught:
        load(package)
    problem = caught.value.exceptions[0]
    assert "labour.csv row 2: labour line I/1" in str(problem)
    with i18n.speaking("vi"):
        vi = str(problem)
    with i18n.speaking("zh"):
        zh = str(problem)
    assert vi.startswith("labour.csv, dòng 2: dòng lao động I/1") and "số công âm -94" in vi
    assert zh.startswith("labour.csv 第 2 行：人工行 I/1") and "工日为负数 -94" in zh
