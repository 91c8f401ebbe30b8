"""The user data folder in Vietnamese and Chinese: ``data status`` (text and the values of its
JSON), ``data add``'s lines and refusals, the folder's problems said where they are shown, and
the base salary's formula and notes in the estimate workbook's language.

The English wording is tested elsewhere (the session runs as ``--lang en``); these ask for
each language, or take the choice away.
"""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import userdata_support as support
from test_userdata import add, run

from normbook import i18n, wages

pytestmark = pytest.mark.usefixtures("calendar_through_2026")

#: A word in ASCII letters, not the ASCII part of a Vietnamese word (nguồn, được).
_WORD = re.compile(r"(?<!\w)[A-Za-z_]{3,}(?!\w)")
#: What a Vietnamese or Chinese reader may meet in English words: names, codes a user types
#: (the kinds, the columns of a CSV, the options' words).
ALLOWED = {"normbook", "exams", "wages", "holidays", "data", "add", "remove", "export", "status",
           "file", "kind", "name", "all", "norms", "sources", "effective_from", "amount_vnd",
           "decree", "issued", "citation", "date", "chinese", "calendar", "replace", "accept",
           "unusual", "text", "json", "normbook_data"}
#: Vietnamese words written in ASCII letters that an English text of the catalogs quotes.
VIETNAMESE = {"cho", "theo", "trong", "khi", "hay", "sau", "con", "tin",
              "bhxh", "bhyt", "bhtn", "kpcđ"}  # the insurances' Vietnamese abbreviations
#: The test data's own words (its citations are marked TEST DATA in English on purpose).
_TEST_WORDS = re.compile(r"TEST (?:DATA|FIGURE), not a real [^:]*:[^\n]*")


@functools.cache
def english() -> frozenset[str]:
    """Every English word of the data folder's messages and the kinds' checks."""
    from normbook.i18n import catalogs

    words = set()
    for domain in ("userdata", "exams", "normbook"):
        for message in catalogs.read(domain, "vi"):
            for text in message.id if isinstance(message.id, tuple) else (message.id,):
                words |= {w.lower() for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", text))}
    return frozenset(words - ALLOWED - VIETNAMESE)


def english_words(text: str, *paths: Path) -> list[str]:
    """The English words a reader would have to read: not a path, a file name, a command in
    backticks, an option, a code or the test data's own citations."""
    for path in paths:
        text = text.replace(str(path), " ")
    text = _TEST_WORDS.sub(" ", text)
    text = re.sub(r"`[^`]*`|--[\w-]+|\S+\.(?:csv|xlsx|zip|json)\b|\b\w+/[\w./-]+", " ", text)
    return [w for w in _WORD.findall(text) if w.lower() in english()]


@pytest.fixture()
def three_additions(user_data, tmp_path, capsys) -> Path:
    """The folder with a year of exams, a base-salary act and a year of holidays."""
    add(capsys, "exams", support.write_exams_xlsx(tmp_path / "exams-2025.xlsx"))
    add(capsys, "wages", support.write_wages(tmp_path / "base-salary.csv"))
    add(capsys, "holidays", support.write_holidays(tmp_path / "holidays-2027.csv"))
    return user_data


@pytest.mark.parametrize(("lang", "words"), [
    ("vi", ("thư mục dữ liệu của người dùng", "dữ liệu kèm theo Normbook",
            "được kiểm tra đến ngày 07/12/2026", "mã kiểm tra sha256",
            "đã bổ sung wages/2027-07-01",
            "người bổ sung", "cảnh báo: chưa có lịch thi cho năm 2028",
            "2.530.000 đồng từ ngày 01/07/2026", "tiền lương: ", "lịch thi: ", "ngày nghỉ lễ: ",
            "Thông tư 04/2022/TT-BKHCN ngày 31/05/2022")),
    ("zh", ("用户数据文件夹", "内置数据", "核对至 2026年12月7日", "已添加 wages/2027-07-01",
            "添加人", "警告：没有 2028 年度的考核时间表", "2026年7月1日 起 2,530,000 越南盾",
            "工资：", "考核时间表：", "节假日：", "国务院法定节假日安排")),
])
def test_data_status_speaks_the_language(lang, words, three_additions, tmp_path, capsys):
    code, out, err = run(capsys, "--lang", lang, "data", "status", "--year", "2028")
    assert code == 0 and err == "", err
    for word in words:
        assert word in out, (word, out)
    assert english_words(out, three_additions, tmp_path) == [], out


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_data_status_json_keeps_its_keys_and_says_its_values(lang, three_additions, tmp_path,
                                                             capsys):
    _, out, _ = run(capsys, "--lang", "en", "data", "status", "--format", "json",
                    "--year", "2028")
    english = json.loads(out)
    code, out, _ = run(capsys, "--lang", lang, "data", "status", "--format", "json",
                       "--year", "2028")
    said = json.loads(out)
    assert code == 0

    def keys(value):
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keys(v) for v in value]
        return None

    assert keys(said) == keys(english)  # the same keys, codes and lists
    assert [d["dataset"] for d in said["datasets"]] == ["norms", "exams", "wages", "holidays"]
    assert said["datasets"][2]["shipped"]["checked"] == "2026-12-07"  # a value, not a label
    readable = [said["folder"]["chosen_by"]] + [
        text for d in said["datasets"]
        for text in (d["shipped"]["source"], d["shipped"]["covers"], *d["warnings"])]
    assert english_words("\n".join(readable), three_additions, tmp_path) == [], readable
    assert readable != [english["folder"]["chosen_by"]] + [
        text for d in english["datasets"]
        for text in (d["shipped"]["source"], d["shipped"]["covers"], *d["warnings"])]


def test_data_add_says_what_it_added_in_vietnamese(user_data, tmp_path, capsys):
    path = support.write_wages(tmp_path / "base-salary.csv")
    code, out, err = run(capsys, "--lang", "vi", "data", "add", "wages", str(path))
    assert code == 0, err
    assert out.startswith("đã bổ sung wages/2027-07-01: mức lương cơ sở 2.794.000 đồng từ "
                          "ngày 01/07/2027 (Nghị định 999/2026/NĐ-CP)")
    assert english_words(out, user_data, tmp_path) == [], out


def test_a_refused_data_add_in_chinese(user_data, tmp_path, capsys):
    path = support.write_wages(tmp_path / "bad.csv", [
        ["2026-07-15", "2530", "999/2026/ND-CP", "2026-06-15", "Nghị định 999/2026/NĐ-CP"],
        ["2024-07-01", "2340000", "73/2024/NĐ-CP", "2024-06-30",
         "Nghị định 73/2024/NĐ-CP, Điều 3: 2.340.000 đồng"]])
    code, out, err = run(capsys, "--lang", "zh", "data", "add", "wages", str(path))
    assert code == 2 and out == "" and not user_data.exists()
    lines = err.splitlines()
    assert lines[0] == "normbook: 错误：bad.csv：4 个问题；已添加 0 项"
    assert "bad.csv，第 2 行，effective_from 列：2026年7月15日 不是某月 1 日" in err
    assert "2,530 不是合理的基本工资（越南盾/月，1,000,000 至 100,000,000）" in err
    assert ("第 3 行，effective_from 列：2024年7月1日 是内置数据中第 73/2024/NĐ-CP 号议定的"
            "日期") in err
    assert english_words(err.replace("ND-CP", ""), tmp_path) == [], err


def test_a_folder_problem_is_said_where_it_is_shown(user_data, tmp_path, capsys):
    """The same BrokenFolder reads in the language of the place that shows it."""
    from normbook.userdata.errors import BrokenFolder

    add(capsys, "wages", support.write_wages(tmp_path / "base-salary.csv"))
    (user_data / "wages" / "2027-07-01" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BrokenFolder) as caught:
        wages.base_salary(2027)
    error = caught.value
    assert "in its wages data" in str(error)  # the session speaks English
    assert error.problems == (
        "wages/2027-07-01: holds base_salary.csv, notes.txt; a wages addition holds "
        "base_salary.csv only",)
    with i18n.speaking("vi"):
        assert "trong dữ liệu loại wages" in str(error)
        assert error.problems[0] == ("wages/2027-07-01: chứa base_salary.csv, notes.txt; một dữ "
                                     "liệu bổ sung tiền lương chỉ chứa base_salary.csv")
    with i18n.speaking("zh"):
        assert "的 wages 数据有 1 个问题" in str(error)
        assert "工资 新增数据只包含 base_salary.csv" in error.problems[0]
    code, out, _ = run(capsys, "--lang", "zh", "data", "status")
    assert code == 1 and "  问题：wages/2027-07-01：包含 base_salary.csv、notes.txt" in out


def test_the_new_user_meets_the_terminal_language(no_language_choice, user_data, monkeypatch,
                                                  capsys):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    code, out, _ = run(capsys, "data", "status")
    assert code == 0 and "thư mục dữ liệu của người dùng: " in out
    assert "(chưa tồn tại: chưa bổ sung gì)" in out


# ---- the base salary in the workbook's language -----------------------------------------------

def _inputs(book):
    return book.worksheets[0]


def test_the_base_salary_notes_render_where_shown():
    salary = wages.base_salary(2027)  # made in English: the session's language
    (note,) = salary.notes
    assert note.startswith("base salary 2027: the shipped data are checked through 2026-12-07")
    with i18n.speaking("vi"):  # a note's str is its English; the place showing it renders
        assert str(note) == f"{note}" == note.render("en")
        assert note.render() == ("mức lương cơ sở năm 2027: dữ liệu kèm theo Normbook được kiểm "
                                 "tra đến ngày 07/12/2026; mức 2.530.000 đồng/tháng theo Nghị định "
                                 "161/2026/NĐ-CP (áp dụng từ ngày 01/07/2026) được giả định tiếp "
                                 "tục áp dụng đến hết năm 2027; nếu đã có văn bản mới, hãy bổ sung "
                                 "bằng `normbook data add wages FILE.csv`")
        assert i18n.rendered(note) == note.render()
        assert salary.formula() == "12 × 2.530.000 ÷ 12 = 2.530.000"
    assert note.render("zh").startswith(
        "2027 年度基本工资：内置数据核对至 2026年12月7日；假定第 161/2026/NĐ-CP 号议定"
        "（2026年7月1日 起每月 2,530,000 越南盾）")
    assert wages.base_salary(2024).formula_message().render("vi") == \
        "(6 × 1.800.000 + 6 × 2.340.000) ÷ 12 = 2.070.000"
    user = wages.base_salary(2026, amount=2_500_000)
    assert user.formula_message().render("vi") == "2.500.000 (do người dùng nhập)"
    assert user.notes[0].render("zh") == "基本工资 2,500,000 越南盾，由用户设定"


def test_the_inputs_sheet_says_the_base_salary_in_vietnamese(user_data, tmp_path, capsys):
    from normbook.estimate import EstimateRequest, estimate
    from normbook.estimate.workbook import build_estimate_workbook

    add(capsys, "wages", support.write_wages(tmp_path / "base-salary.csv"))
    result = estimate(EstimateRequest(("VI",), 2028))  # computed in English
    assert result.base_salary.amount == Decimal(2_794_000)
    book = build_estimate_workbook(result, lang="vi")
    texts = [c.value for row in _inputs(book).iter_rows() for c in row
             if isinstance(c.value, str) and c.data_type != "f"]  # a formula is no prose
    note = next(t for t in texts if t.startswith("bình quân theo tháng trong năm: "))
    assert note.startswith("bình quân theo tháng trong năm: 12 × 2.794.000 ÷ 12 = 2.794.000; ")
    assert ("mức 2.794.000 đồng/tháng theo Nghị định 999/2026/NĐ-CP (áp dụng từ ngày "
            "01/07/2027, đã bổ sung tại máy) được giả định tiếp tục áp dụng đến hết năm 2028") \
        in note
    assert "Mức lương cơ sở năm 2028: 12 × 2.794.000 ÷ 12 = 2.794.000" in texts
    edition = [t for t in texts if t.startswith(("định mức: ", "tiền lương: "))]
    assert edition[0].startswith("định mức: dữ liệu kèm theo Normbook ")
    assert edition[1].startswith("tiền lương: dữ liệu kèm theo Normbook ")
    local = edition[2]
    assert local.startswith("tiền lương: wages/2027-07-01, đã bổ sung tại máy, người bổ sung ")
    assert "không thuộc dữ liệu kèm theo Normbook; mã kiểm tra sha256 " in local
    english = [t for t in texts if english_words(_TEST_WORDS.sub(" ", t))]
    assert english == [], english
