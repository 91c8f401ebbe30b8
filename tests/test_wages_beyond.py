"""A year beyond the checked wages data warns wherever it is priced (issue 18, item 2).

The shipped base-salary table is checked through 2026-12-07, so from 2027 every year is
assumed: the terminal (estimate, demo), the workbook's warnings, the justification and
`data status` say so, naming the act assumed and how to add a newer one; 2026 says nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import userdata_support as support
from docx import Document
from test_userdata import add, run

from normbook import wages
from normbook.estimate import EstimateRequest, estimate
from normbook.estimate.justification import justification_context

#: The warning of 2030 in each language, as the terminal and `data status` say it.
WARNING_2030 = {
    "en": "base salary 2030: the shipped data are checked through 2026-12-07; Decree "
          "161/2026/NĐ-CP (2,530,000 VND a month from 2026-07-01) is assumed to remain in force "
          "through 2030; if a newer act has been issued, add it with `normbook data add wages "
          "FILE.csv`",
    "vi": "mức lương cơ sở năm 2030: dữ liệu kèm theo Normbook được kiểm tra đến ngày "
          "07/12/2026; mức 2.530.000 đồng/tháng theo Nghị định 161/2026/NĐ-CP (áp dụng từ ngày "
          "01/07/2026) được giả định tiếp tục áp dụng đến hết năm 2030; nếu đã có văn bản mới, "
          "hãy bổ sung bằng `normbook data add wages FILE.csv`",
    "zh": "2030 年度基本工资：内置数据核对至 2026年12月7日；假定第 161/2026/NĐ-CP 号议定"
          "（2026年7月1日 起每月 2,530,000 越南盾）至 2030 年底仍然有效；如已颁布新的规定，请用 "
          "`normbook data add wages FILE.csv` 添加",
}
#: The word before a warning on the terminal (the colons differ by command in Chinese).
WORD = {"en": "warning: ", "vi": "cảnh báo: ", "zh": "警告："}
#: The justification's sentence for 2030 (it is Vietnamese whatever the terminal speaks).
JUSTIFICATION_2030 = (
    "Dữ liệu về lương cơ sở kèm theo Normbook được kiểm tra đến ngày 07/12/2026; mức lương cơ sở "
    "2.530.000 đồng/tháng theo Nghị định số 161/2026/NĐ-CP (áp dụng từ ngày 01/07/2026) được "
    "giả định tiếp tục áp dụng đến hết năm 2030. Nếu đã có văn bản mới quy định mức lương cơ sở, "
    "cần bổ sung văn bản đó bằng lệnh “normbook data add wages FILE.csv” và lập lại dự toán.")


def _estimate(capsys, tmp_path: Path, year: int, *lang: str) -> tuple[int, str, str, Path]:
    folder = tmp_path / f"out-{year}-{'-'.join(lang) or 'default'}"
    code, out, err = run(capsys, *lang, "estimate", "--appendix", "III", "--year", str(year),
                         "-o", str(folder))
    return code, out, err, folder


def _salary_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "161/2026/NĐ-CP" in line]


def _one_warning(err: str, lang: str) -> None:
    """The base salary's warning, one line of stderr: normbook, the word, the warning."""
    (line,) = _salary_lines(err)
    assert line.startswith("normbook") and line.endswith(WORD[lang] + WARNING_2030[lang]), line


# ---- the rule ------------------------------------------------------------------------------

def test_2026_is_within_the_checked_data_and_2027_is_not() -> None:
    assert wages.beyond_checked(2026) is None
    assert wages.base_salary(2026).warning is None
    beyond = wages.beyond_checked(2027)
    assert beyond.act.decree == "161/2026/NĐ-CP" and str(beyond.checked_through) == "2026-12-07"
    assert wages.base_salary(2030).warning.render("en") == WARNING_2030["en"]


# ---- the terminal ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_estimate_of_2030_warns_once_on_stderr(capsys, tmp_path, lang) -> None:
    code, out, err, _ = _estimate(capsys, tmp_path, 2030, "--lang", lang)
    assert code == 0, err
    _one_warning(err, lang)
    assert "161/2026/NĐ-CP" not in out  # a warning, not a line of the report


def test_estimate_of_2026_does_not_warn(capsys, tmp_path) -> None:
    code, _, err, _ = _estimate(capsys, tmp_path, 2026)
    assert code == 0, err
    assert _salary_lines(err) == [] and "checked through" not in err


def test_demo_of_a_year_beyond_warns_on_stderr(capsys, tmp_path, monkeypatch) -> None:
    from normbook import demo

    code, _, err = run(capsys, "demo", "-o", str(tmp_path / "now"))
    assert code == 0 and _salary_lines(err) == []  # the demo's own year, 2026
    monkeypatch.setattr(demo, "YEAR", 2030)
    code, out, err = run(capsys, "--lang", "vi", "demo", "-o", str(tmp_path / "later"))
    assert code == 0, err
    _one_warning(err, "vi")
    assert "được giả định" not in out  # said once, on stderr, not as a note of the summary


# ---- the workbook and the justification --------------------------------------------------------

def test_workbook_and_justification_of_2030_say_it(no_language_choice, capsys,
                                                     tmp_path) -> None:
    code, _, err, folder = _estimate(capsys, tmp_path, 2030)
    assert code == 0, err
    book = openpyxl.load_workbook(folder / "estimate.xlsx")  # Vietnamese by default
    texts = [c.value for row in book.worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str)]
    assert WARNING_2030["vi"] in texts  # a numbered line of the warnings
    paragraphs = [p.text for p in Document(folder / "thuyet-minh.docx").paragraphs]
    assert any(JUSTIFICATION_2030 in p for p in paragraphs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_workbook_warns_in_its_own_language(lang) -> None:
    from normbook.estimate.workbook import build_estimate_workbook

    result = estimate(EstimateRequest(("III",), 2030))
    book = build_estimate_workbook(result, lang=lang)
    texts = [c.value for row in book.worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str)]
    assert WARNING_2030[lang] in texts


def test_2026_says_nothing_of_an_assumption() -> None:
    result = estimate(EstimateRequest(("III",), 2026))
    assert not any("assumed to remain in force" in w for w in result.warnings)
    context = justification_context(result, institute="Viện")
    assert not any("giả định tiếp tục áp dụng" in n for n in context["assumptions"])


def test_an_act_added_locally_is_named_as_such(user_data, capsys) -> None:
    add(capsys, "wages", support.write_wages(user_data.parent / "base-salary.csv"))
    result = estimate(EstimateRequest(("III",), 2028))  # paid at the act added for 2027-07-01
    (warning,) = [w for w in result.warnings if "assumed" in w]
    assert "Decree 999/2026/NĐ-CP (2,794,000 VND a month from 2027-07-01, added locally) is " \
           "assumed to remain in force through 2028" in warning
    context = justification_context(result, institute="Viện")
    assert any("theo Nghị định số 999/2026/NĐ-CP (áp dụng từ ngày 01/07/2027, do đơn vị bổ "
               "sung) được giả định tiếp tục áp dụng đến hết năm 2028" in n
               for n in context["assumptions"])
    # the act added does not move the checked date: 2027 is still beyond it, and its act is
    # the one in force in December
    assert wages.beyond_checked(2027).act.decree == "999/2026/NĐ-CP"


# ---- data status ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_data_status_gives_the_same_warning(user_data, capsys, lang) -> None:
    code, out, err = run(capsys, "--lang", lang, "data", "status", "--year", "2030",
                         "--format", "json")
    assert code == 0, err
    report = {d["dataset"]: d for d in json.loads(out)["datasets"]}
    assert report["wages"]["warnings"] == [WARNING_2030[lang]]
    code, out, err = run(capsys, "data", "status", "--year", "2026", "--format", "json")
    assert code == 0, err
    report = {d["dataset"]: d for d in json.loads(out)["datasets"]}
    assert report["wages"]["warnings"] == []
