"""The worksheet functions' help in Excel's function wizard speaks the reader's language.

Office.js metadata (xlwings Lite and Server) and classic "Import Functions" read the help
when the functions are registered (normbook.excel.function_help): NORMBOOK_LANG when set,
else Vietnamese for the norms and Chinese for the EXAM_* functions on Office.js, and the
system's language in classic xlwings. Importing the functions reads no catalog.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import xlwings.server

import normbook.excel.functions
import normbook.udfs

HERE = Path(__file__).parent

#: What a formula types, and names, that stay as they are in every language.
_CODE = re.compile(r"\b\w+_\w*\b|_\w+|\b[A-Z][A-Z0-9_.]*\(\)|#N/A|\bV\.\d[\d.]*|"
                   r"\b(?:labour|equipment|material|theory|PTN[12]?|NORM|VND|VI|TT|BKHCN)\b")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
#: ASCII syllables of the Vietnamese texts that are English-looking words.
_VIETNAMESE = {"theo", "cho", "con", "khi", "tra", "nam", "tin"}


def _meta(monkeypatch, lang: str | None) -> dict:
    if lang is None:
        monkeypatch.delenv("NORMBOOK_LANG", raising=False)
    else:
        monkeypatch.setenv("NORMBOOK_LANG", lang)
    meta = xlwings.server.custom_functions_meta(normbook.udfs)
    return {f["name"]: f for f in meta["functions"]}


def _texts(functions: dict) -> list[str]:
    return [text for f in functions.values()
            for text in (f["description"], *(p["description"] for p in f["parameters"]))]


def _words(text: str) -> set[str]:
    """The words of ``text`` written in ASCII letters only (3 or more), codes left out."""
    return {w.lower() for w in _WORD.findall(_CODE.sub(" ", text))
            if len(w) >= 3 and w.isascii()}


def test_english_help_is_english_and_names_the_sources_terms(monkeypatch):
    functions = _meta(monkeypatch, "en")
    assert functions["NORM"]["description"].startswith("A norm (định mức) of Circular")
    assert functions["NORM"]["parameters"][0]["description"] == "Appendix (Phụ lục): VI or 6"
    assert "(期数)" in functions["EXAM_PERIODS"]["description"]


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_help_has_no_english_besides_codes(monkeypatch, lang):
    english = set().union(*map(_words, _texts(_meta(monkeypatch, "en")))) - _VIETNAMESE
    functions = _meta(monkeypatch, lang)
    found = {text: sorted(_words(text) & english) for text in _texts(functions)}
    assert not {text: words for text, words in found.items() if words}
    if lang == "zh":  # besides the codes, only the circular's Vietnamese terms in brackets
        assert not [t for t in _texts(functions) if _words(t) - {"ptn"}]
    for f in functions.values():  # Excel shows what fits: the limits hold in every language
        assert 0 < len(f["description"]) <= 100
        assert all(0 < len(p["description"]) <= 100 for p in f["parameters"])


def test_vietnamese_and_chinese_help_use_the_glossarys_terms(monkeypatch):
    vi = _meta(monkeypatch, "vi")
    assert vi["NORM"]["parameters"][0]["description"] == "Phụ lục: VI hoặc 6"
    assert "Loại phòng thí nghiệm" in vi["NORM_TABLE"]["parameters"][2]["description"]
    assert "vật liệu" not in json.dumps(vi, ensure_ascii=False)  # the glossary's vật tư
    zh = _meta(monkeypatch, "zh")
    assert zh["EXAM_DATE"]["description"] == "浙江省计量专业项目考核时间表中的一个日期。"
    assert "报名期限" in zh["EXAM_OPEN_PERIOD"]["description"]


def test_office_js_without_a_choice_speaks_each_functions_readers(monkeypatch,
                                                                   no_language_choice):
    functions = _meta(monkeypatch, None)
    assert functions["NORM"]["parameters"][0]["description"] == "Phụ lục: VI hoặc 6"
    assert functions["LABOUR_RATE"]["description"].startswith("Đơn giá ngày công")
    assert functions["EXAM_DATE"]["description"] == "浙江省计量专业项目考核时间表中的一个日期。"
    assert functions["EXAM_PERIODS"]["parameters"][0]["description"] == "考核年度，如 2024"


def test_classic_without_a_choice_speaks_the_systems_language(monkeypatch,
                                                              no_language_choice):
    monkeypatch.setattr(normbook.excel.functions, "OFFICE_JS", False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    functions = _meta(monkeypatch, None)
    assert functions["NORM"]["parameters"][0]["description"] == "附录（Phụ lục）：VI 或 6"
    monkeypatch.setenv("LANG", "C")  # a language of none of ours: English
    functions = _meta(monkeypatch, None)
    assert functions["EXAM_DATE"]["description"].startswith("A date of the Zhejiang")


def test_classic_import_functions_gets_the_help_in_the_chosen_language():
    """What xlwings' import_udfs hands to Application.MacroOptions (tests/classic_vba.py)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("XLWINGS_ON_SERVER", "XLWINGS_LICENSE_KEY")}
    env["NORMBOOK_LANG"] = "vi"
    done = subprocess.run([sys.executable, str(HERE / "classic_vba.py"), "normbook.udfs"],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    functions = json.loads(done.stdout)["functions"]
    assert functions["norm"]["description"].startswith("Định mức của Thông tư")
    assert functions["norm"]["args"][0]["doc"] == "Phụ lục: VI hoặc 6"
    assert functions["exam_periods"]["args"][0]["doc"] == "Năm của lịch thi (考核年度), ví dụ 2024"
    for f in functions.values():
        assert "Positional argument" not in json.dumps(f)
        assert len(f["description"]) <= 255 and all(len(a["doc"]) <= 255 for a in f["args"])


def test_importing_the_functions_reads_no_catalog():
    code = ("import normbook.udfs, sys\n"
            "from normbook.i18n import message\n"
            "assert message._catalog.cache_info().currsize == 0\n"
            "assert normbook.udfs.norm.__doc__.startswith('A norm (định mức)')\n")
    env = {**os.environ, "NORMBOOK_LANG": "vi"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr
