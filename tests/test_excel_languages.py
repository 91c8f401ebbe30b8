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

import pytest
import xlwings
import xlwings.server

import normbook.excel.functions
import normbook.udfs
from normbook.excel import culture


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
