"""The Excel side speaks Vietnamese, Chinese and English (issue 17, the ``excel`` catalog).

- Worksheet functions answer errors in the calling Excel's language: Office.js sends
  ``culture_info_name`` with each call; classic xlwings uses ``NORMBOOK_LANG`` or the system's.
- ``normbook workbook`` and ``normbook excel-starter`` write Vietnamese workbooks by default
  (no English word a reader would read), Chinese with ``--lang zh`` and today's English with
  ``--lang en``; their formulas compute the same in every language; ``normbook freeze`` reads
  and freezes a Vietnamese workbook.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import xlwings
import xlwings.server

import normbook.excel.functions
import normbook.udfs
from normbook import i18n
from normbook.cli import main
from normbook.excel import culture
from normbook.excel.norms_workbook import EXAMPLES
from normbook.libreoffice import find_soffice


class _Logged(logging.Handler):
    """On Office.js the message of an error goes to the log: keep the last one."""

    text = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.text = record.getMessage()


LOGGED = _Logged()
logging.getLogger("normbook.excel.cell_errors").addHandler(LOGGED)


def payload(func_name: str, args: list, culture_name: str | None) -> dict:
    """What Excel sends, from an Excel of ``culture_name`` (None: a payload without one)."""
    data = {"client": "Office.js", "func_name": func_name, "args": args,
            "caller_address": "[Book1.xlsx]Sheet1!D2", "date_format": "M/d/yyyy",
            "version": xlwings.__version__, "runtime": "1.4"}
    if culture_name is not None:
        data["culture_info_name"] = culture_name
    return data


def call(culture_name: str | None, func_name: str, *args):
    LOGGED.text = ""
    return asyncio.run(xlwings.server.custom_functions_call(
        payload(func_name, list(args), culture_name), normbook.udfs))


def m(value) -> list:
    return [[value]]


def cell(result):
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


@pytest.fixture
def classic(monkeypatch):
    """Answer as classic xlwings does: the message comes back in the cell, as text."""
    monkeypatch.setattr(normbook.excel.functions, "OFFICE_JS", False)


# ---- worksheet functions -----------------------------------------------------------------

UNKNOWN_APPENDIX = {
    "vi-VN": "#N/A không có phụ lục 'XL' (I..XXXI)",
    "zh-CN": "#N/A 没有附录'XL'（I..XXXI）",
    "en-US": "#N/A unknown appendix 'XL' (I..XXXI)",
    "fr-FR": "#N/A unknown appendix 'XL' (I..XXXI)",  # no French catalog: the C locale's English
}


@pytest.mark.parametrize("culture_name", list(UNKNOWN_APPENDIX))
def test_office_js_errors_in_the_callers_language(no_language_choice, culture_name) -> None:
    result = cell(call(culture_name, "norm", m("XL"), m("labour"), None, None, None))
    assert result == {"type": "Error", "errorType": "NotAvailable"}
    assert LOGGED.text == UNKNOWN_APPENDIX[culture_name]


@pytest.mark.parametrize(("culture_name", "words"), [
    ("vi-VN", ["phụ lục XXV cần lab_class PTN1 hoặc PTN2"]),
    ("zh-CN", ["附录XXV需要lab_class PTN1或PTN2"]),
    ("en-US", ["appendix XXV needs lab_class PTN1 or PTN2"]),
])
def test_classic_text_in_the_callers_language(no_language_choice, classic, culture_name,
                                              words) -> None:
    text = cell(call(culture_name, "norm", m("XXV"), m("labour"), None, None, None))
    assert text.startswith("#N/A ") and len(text) <= normbook.excel.cell_errors.MAX_CHARS
    for word in words:
        assert word in text, text


@pytest.mark.parametrize(("culture_name", "expected"), [
    ("vi-VN", "#VALUE! appendix nhận một ô, không phải một vùng 2 ô"),
    ("zh-CN", "#VALUE! appendix只接受一个单元格，而不是2个单元格的区域"),
    ("en-US", "#VALUE! appendix takes one cell, not a range of 2 cells"),
])
def test_argument_errors_in_the_callers_language(no_language_choice, classic, culture_name,
                                                 expected) -> None:
    assert cell(call(culture_name, "norm", [["VI", "x"]], m("labour"), None, None, None)) \
        == expected


def test_every_message_fits_a_cell_in_every_language(no_language_choice, classic) -> None:
    for culture_name in ("vi-VN", "zh-CN", "en-US"):
        for args in ((m("I"), m("equipment"), None, m("x" * 200), None),
                     (m("x" * 200), m("labour"), None, None, None),
                     (m("VI"), m("x" * 200), None, None, None),
                     (m("XXV"), m("labour"), None, None, m("PTN9"))):
            text = cell(call(culture_name, "norm", *args))
            assert text.startswith("#") and len(text) <= normbook.excel.cell_errors.MAX_CHARS


def test_the_users_choice_wins_over_the_excel_culture(monkeypatch) -> None:
    monkeypatch.setenv("NORMBOOK_LANG", "zh")
    call("vi-VN", "norm", m("XL"), m("labour"), None, None, None)
    assert LOGGED.text == UNKNOWN_APPENDIX["zh-CN"]


def test_no_culture_is_the_terminal_rule(no_language_choice, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    call(None, "norm", m("XL"), m("labour"), None, None, None)
    assert LOGGED.text == UNKNOWN_APPENDIX["vi-VN"]


def test_the_wrapper_is_installed_once_in_both_modules() -> None:
    import xlwings.pro.udfs_officejs as officejs

    wrapped = xlwings.server.custom_functions_call
    assert officejs.custom_functions_call is wrapped
    assert getattr(wrapped, "__normbook_culture__", False)
    culture.install(True)
    culture.install(True)
    assert xlwings.server.custom_functions_call is wrapped
    assert culture.in_excel_language(wrapped) is wrapped


def test_classic_without_office_js_speaks_the_chosen_language(monkeypatch) -> None:
    # classic xlwings calls the function directly: no payload, no culture
    monkeypatch.setattr(normbook.excel.functions, "OFFICE_JS", False)
    monkeypatch.setenv("NORMBOOK_LANG", "vi")
    assert normbook.udfs.norm("XL", "labour") == UNKNOWN_APPENDIX["vi-VN"]


# ---- workbooks ---------------------------------------------------------------------------


needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) is not installed")

NORMS_SHEETS = {
    "vi": ["Danh mục phụ lục", "Định mức lao động", "Định mức thiết bị", "Định mức vật tư",
           "Các bước công việc", "Công việc", "Điểm bất thường", "Ví dụ công thức"],
    "zh": ["附录目录", "人工定额", "设备定额", "材料定额", "工作步骤", "工作项", "原文异常",
           "公式示例"],
    "en": ["Index", "Labour", "Equipment", "Materials", "Steps", "Works", "Irregularities",
           "Examples"],
}
#: Names a reader may meet in a Vietnamese or Chinese workbook: the product, Excel's and
#: xlwings' own names, xlwings' buttons and the VBA editor's menus (no Excel translates
#: them), commands, module and file names.
NAMES = {
    "normbook", "excel", "table", "libreoffice", "add-in", "xlwings", "lite", "readme",
    "windows", "mac", "python", "vba", "alt", "ctrl", "import", "functions", "interpreter",
    "udf", "modules", "conda", "path", "env", "pip", "install", "addin", "venv", "pythonw",
    "exe", "xlsx", "xlsm", "udfs", "conf", "anaconda", "miniconda", "tools", "references",
    "kib", "macro", "text", "web",
    # the Visual Basic editor's menus (English in a Vietnamese Office) and the macros' names
    "insert", "module", "files", "scripts", "normbookbuild", "normbookcounts", "normbookrejustify",
    "normbookcompare",
}
# Code in a text: a structured reference (Labour[cong]), a worksheet function's call, a
# column name with an underscore, an environment variable, Python's own message.
_CODE = re.compile(r"""
      "No\ module\ named\ normbook"
    | \b[\w./-]+\.(?:txt|py|xlsm|xlsx|docx|conf)\b
    | \bnormbook\ [a-z][\w-]*
    | \w+\[[^\]]*\]
    | \b[A-Z][A-Z0-9_.]*\([^()]*\)
    | \b\w+_\w+\b
    | %\w+%
    """, re.VERBOSE)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")


def _english_words() -> set[str]:
    """Every word of 3+ letters of the English texts the excel part writes (its msgids)."""
    from normbook.i18n import catalogs

    words = set()
    for message in catalogs.read("excel", "vi"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            words |= {w.lower() for w in _WORD.findall(re.sub(r"\{[^{}]*\}", " ", text))
                      if len(w) >= 3}
    return words - NAMES - VIETNAMESE


#: English-looking words that are Vietnamese too (ASCII syllables the texts use).
VIETNAMESE = {"con", "cho", "tin", "theo", "khi", "tra", "trung", "mac", "tay", "nam", "the",
              "thi"}  # thi: of thiết, which the functions' help quotes
ENGLISH = _english_words()


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are words of the part's English texts, not code or names."""
    prose = _CODE.sub(" ", text)
    return [w for w in _WORD.findall(prose) if w.lower() in ENGLISH and not w.isupper()]


def workbook_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of everything a reader reads: sheet names, cells outside the Tables'
    data and header rows (data as cited, column names for formulas), comments, validation
    prompts, chart titles."""
    book = openpyxl.load_workbook(path)
    found = []
    for ws in book.worksheets:
        found.append((f"sheet name {ws.title}", ws.title))
        data = set()
        for table in ws.tables.values():
            cells = ws[table.ref]
            data |= {c.coordinate for row in cells for c in row}
        for row in ws.iter_rows():
            for c in row:
                where = f"{ws.title}!{c.coordinate}"
                if c.comment is not None:
                    found.append((f"{where} comment", c.comment.text))
                if (isinstance(c.value, str) and c.coordinate not in data
                        and not c.value.startswith("=") and c.data_type != "f"):
                    found.append((where, c.value))
        for dv in ws.data_validations.dataValidation:
            for text in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle):
                if text:
                    found.append((f"{ws.title} validation", text))
        for chart in getattr(ws, "_charts", []):
            if chart.title is not None:
                found.append((f"{ws.title} chart", str(chart.title)))
    return found


def assert_no_english(path: Path, skip: set[str] = frozenset()) -> None:
    bad = [(where, w, text[:60]) for where, text in workbook_texts(path)
           if where.split("!")[-1] not in skip and where not in skip
           for w in english_words(text)]
    assert not bad, bad[:20]


@pytest.fixture(scope="module")
def norms_books(tmp_path_factory) -> dict[str, Path]:
    """The norms workbook in each language, as `normbook workbook` writes it."""
    folder = tmp_path_factory.mktemp("norms")
    return {lang: _write(folder, "workbook", lang) for lang in ("vi", "zh", "en")}


def _write(folder: Path, command: str, lang: str) -> Path:
    target = folder / f"{command}-{lang}.xlsx"
    saved = {k: os.environ.pop(k, None) for k in ("NORMBOOK_LANG", "LC_ALL", "LANG")}
    try:
        i18n.use(None)
        args = [command, "-o", str(target)] if lang == "vi" else \
            ["--lang", lang, command, "-o", str(target)]
        assert main(args) == 0
    finally:
        i18n.use(None)
        for k, v in saved.items():
            if v is not None:
                os.environ[k] = v
    return target


def test_norms_workbook_is_vietnamese_by_default(norms_books) -> None:
    book = openpyxl.load_workbook(norms_books["vi"])
    assert book.sheetnames == NORMS_SHEETS["vi"]
    assert_no_english(norms_books["vi"], skip=_formula_text_cells(norms_books["vi"]))


def test_norms_workbook_in_chinese_and_english(norms_books) -> None:
    assert openpyxl.load_workbook(norms_books["zh"]).sheetnames == NORMS_SHEETS["zh"]
    assert_no_english(norms_books["zh"], skip=_formula_text_cells(norms_books["zh"]))
    english = openpyxl.load_workbook(norms_books["en"])
    assert english.sheetnames == NORMS_SHEETS["en"]
    assert english["Examples"]["A4"].value == "Inputs"


@pytest.mark.parametrize(("lang", "words"), [
    ("vi", ["Hằng năm", "Lao động có chuyên môn", "Duy trì, bảo quản và sử dụng chuẩn",
            "Phần định mức thiết bị", "không có yêu cầu kỹ thuật"]),
    ("zh", ["按年", "专业人工", "计量基准的维持、保存和使用", "设备定额部分", "没有技术要求"]),
])
def test_norms_tables_say_codes_and_details_in_words(norms_books, lang, words) -> None:
    """The Tables' label columns beside the codes and the irregularities' details are the
    reader's: no English word; the codes stay for formulas and filters."""
    said, bad = [], []
    for ws in openpyxl.load_workbook(norms_books[lang]).worksheets:
        for table in ws.tables.values():
            cells = ws[table.ref]
            names = [c.value for c in cells[0]]
            for row in cells[1:]:
                for name, c in zip(names, row, strict=True):
                    if name.endswith("_label") or name in ("detail", "labour_total"):
                        said.append(str(c.value))
                        # the circular's own words, quoted (a name such as 'File càng cua')
                        ours = re.sub(r"“[^”]*”", " ", str(c.value))
                        bad += [(ws.title, c.coordinate, w) for w in english_words(ours)]
    assert not bad, bad[:20]
    text = "\n".join(said)
    for word in words:
        assert word in text, word
    codes = openpyxl.load_workbook(norms_books[lang]).worksheets[5]  # Works
    assert [c.value for c in codes[2]][5:7] == ["basis", "basis_label"]  # under the captions


@pytest.mark.parametrize(("lang", "header"), [
    ("vi", ["Phụ lục", "Tên chuẩn", "Loại"]), ("zh", ["附录", "计量基准", "类型"]),
    ("en", ["id", "standard", "kind"])])
def test_spilled_headers_in_the_callers_language(lang, header) -> None:
    """A spilled table's header row is a label (formulas pick a column by position)."""
    from normbook.excel.functions import norm_appendices, norm_table

    with i18n.speaking(lang):
        assert norm_appendices()[0][:3] == header  # vi, zh: the kinds in words follow
        assert len(norm_table("VI", "equipment")[0]) == 5


def _formula_text_cells(path: Path) -> set[str]:
    """The Examples' formulas shown as text (column C) and the add-in calls (column D)."""
    ws = openpyxl.load_workbook(path).worksheets[-1]
    return {c.coordinate for col in ("C", "D") for c in ws[col]}


def test_sheet_names_fit_excel_in_every_language() -> None:
    for names in NORMS_SHEETS.values():
        for name in names:
            assert name == unicodedata.normalize("NFC", name)
            assert len(name.encode("utf-16-le")) // 2 <= 31
            assert not set(name) & set(":\\/?*[]")


def test_tables_and_formulas_keep_their_names(norms_books) -> None:
    """Table names and column names are what the formulas use: the same in every language."""
    def tables(path):
        book = openpyxl.load_workbook(path)
        return sorted((t.name, tuple(c.name for c in t.tableColumns))
                      for ws in book.worksheets for t in ws.tables.values())

    assert tables(norms_books["vi"]) == tables(norms_books["zh"]) == tables(norms_books["en"])


def _example_results(path: Path, data_only: bool = True) -> list:
    ws = openpyxl.load_workbook(path, data_only=data_only).worksheets[-1]
    rows = list(ws.iter_rows(min_col=2, max_col=2, values_only=True))
    start = 6 + 6  # header row of the examples (after the six inputs)
    return [r[0] for r in rows[start:start + len(EXAMPLES)]]


def test_stored_results_are_the_same_in_every_language(norms_books) -> None:
    english = _example_results(norms_books["en"])
    assert len(english) == len(EXAMPLES) and all(v is not None for v in english)
    assert _example_results(norms_books["vi"]) == english
    assert _example_results(norms_books["zh"]) == english


@needs_soffice
@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_libreoffice_agrees_with_the_stored_results(norms_books, lang, tmp_path) -> None:
    from normbook.libreoffice import recalculate

    stored = _example_results(norms_books[lang])
    computed = _example_results(recalculate(norms_books[lang], tmp_path))
    for label, mine, theirs in zip(EXAMPLES, stored, computed, strict=True):
        assert mine == theirs or mine == pytest.approx(theirs, rel=1e-12), label.text
    assert "#N/A" not in computed or stored.count("#N/A") == computed.count("#N/A")


# ---- the Excel starter -------------------------------------------------------------------

@pytest.fixture(scope="module")
def starter_books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("starter")
    return {lang: _write(folder, "excel-starter", lang) for lang in ("vi", "zh", "en")}


def _starter_code_cells(path: Path) -> set[str]:
    """Formulas shown as text (column B): the functions' answers and their spilled headers
    are the reader's (the data's codes, such as a kind upkeep, are not English words of the
    texts)."""
    from normbook.estimate.prices import key_of
    from normbook.excel.norm_labels import CODES

    book = openpyxl.load_workbook(path)
    # the prices sheets' item names are the circular's, as cited ("Bìa cứng - File càng cua")
    cited = {f"{ws.title}!{c.coordinate}" for ws in book.worksheets
             if key_of(ws["A1"].value) == "item" for c in ws["A"]}
    ws = book["Normbook"]
    codes = set(CODES["kind"])  # NORM_APPENDICES answers each appendix's kind as its code
    vba = re.compile(r"^(?:Sub \w+\(\)|End Sub|\s+RunPython .*)$")  # the macros to paste
    return cited | {c.coordinate for c in ws["B"]} | {
        c.coordinate for row in ws.iter_rows() for c in row
        if c.value in codes or (isinstance(c.value, str) and vba.match(c.value))}


def test_excel_starter_is_vietnamese_by_default(starter_books) -> None:
    book = openpyxl.load_workbook(starter_books["vi"])
    # the names xlwings looks for, then the estimate's set-up and the prices sheets
    assert book.sheetnames[:3] == ["Normbook", "xlwings.conf", "Lập dự toán"]
    assert "Tiền lương (giá)" in book.sheetnames
    assert book["Normbook"]["A1"].value.startswith("Normbook: định mức của Thông tư")
    assert_no_english(starter_books["vi"], skip=_starter_code_cells(starter_books["vi"]))


def test_excel_starter_values_are_the_functions_answers_in_its_language(classic) -> None:
    from normbook.excel.starter import SCALAR_EXAMPLES, compute

    miss = next(e for e in SCALAR_EXAMPLES if "XL" in e.formula)
    with i18n.speaking("vi"):
        assert compute(miss).value == "#N/A không có phụ lục 'XL' (I..XXXI)"
    with i18n.speaking("zh"):
        assert compute(miss).value == "#N/A 没有附录'XL'（I..XXXI）"


def test_excel_starter_in_chinese_and_english(starter_books) -> None:
    assert_no_english(starter_books["zh"], skip=_starter_code_cells(starter_books["zh"]))
    chinese = openpyxl.load_workbook(starter_books["zh"])["Normbook"]
    assert "通知" in chinese["A1"].value
    english = openpyxl.load_workbook(starter_books["en"])["Normbook"]
    assert english["A1"].value == \
        "Normbook: the norms of Circular 04/2022/TT-BKHCN as Excel functions"


# ---- freeze ------------------------------------------------------------------------------

def test_freeze_reads_and_reports_a_vietnamese_workbook(no_language_choice, classic, tmp_path,
                                                       capsys) -> None:
    """Sheets named in Vietnamese, a formula naming one ('Định mức lao động'!A1), a miss:
    frozen values, the miss's comment and the report in Vietnamese."""
    book = openpyxl.Workbook()
    inputs = book.active
    inputs.title = "Định mức lao động"
    inputs["A1"] = "VI"
    summary = book.create_sheet("Tổng hợp")
    summary["A1"] = "=NORM('Định mức lao động'!A1,\"labour\")"
    summary["A2"] = '=NORM("XL","labour")'
    summary["A3"] = '=2*NORM("VI","labour_direct")'
    source, frozen = tmp_path / "du-toan.xlsx", tmp_path / "du-toan-frozen.xlsx"
    book.save(source)
    assert main(["freeze", str(source), "-o", str(frozen), "--allow-partial"]) == 0
    out = capsys.readouterr().out
    assert "đã cố định 3 công thức Normbook trên 1 trang" in out
    assert "'Tổng hợp'!A2: giá trị lỗi: #N/A" in out
    assert f"Đã ghi {frozen}" in out
    ws = openpyxl.load_workbook(frozen)["Tổng hợp"]
    assert ws["A1"].value == 308
    assert ws["A3"].value == "=2*280"
    assert ws["A2"].comment.text.startswith("normbook freeze: add-in đã trả lời #N/A")
    assert english_words(out.replace(str(frozen), " ")) == []


def test_freeze_freezes_the_vietnamese_starter(starter_books, tmp_path) -> None:
    from normbook.excel.freeze import freeze

    report = freeze(starter_books["vi"], tmp_path / "frozen.xlsx")
    assert report.frozen == 10 and report.not_frozen == 0
