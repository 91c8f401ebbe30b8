"""Codes a reader meets (an appendix's kind ``upkeep``, a work's basis ``per_year``, a
labour row's category ``chuyen_mon``) come with their words in Vietnamese and Chinese,
while the codes stay where formulas find them (normbook.excel.functions' docstring)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
import xlwings
import xlwings.server

import normbook.udfs

CULTURES = {"en": "en-US", "vi": "vi-VN", "zh": "zh-CN"}


def spill(func_name: str, lang: str, *args) -> list[list]:
    """A function's spilled answer as the Excel of ``lang`` gets it (Office.js)."""
    payload = {"client": "Office.js", "func_name": func_name, "args": [[[a]] for a in args],
               "caller_address": "[Book1.xlsx]Sheet1!D2", "culture_info_name": CULTURES[lang],
               "date_format": "M/d/yyyy", "version": xlwings.__version__, "runtime": "1.4"}
    return asyncio.run(xlwings.server.custom_functions_call(payload, normbook.udfs))


@pytest.fixture
def by_culture(monkeypatch):
    monkeypatch.delenv("NORMBOOK_LANG")  # the calling Excel's culture decides


def test_english_answers_as_before(by_culture):
    table = spill("norm_appendices", "en")
    assert table[0] == ["id", "standard", "kind"]
    assert {row[2] for row in table[1:]} == {"upkeep", "procedure"}
    works = spill("norm_table", "en", "VI", "works")
    assert works[0] == ["section", "work", "title", "basis", "line"]


@pytest.mark.parametrize(("lang", "upkeep", "per_year"), [
    ("vi", "Duy trì, bảo quản và sử dụng chuẩn", "Hằng năm"),
    ("zh", None, "按年"),
])
def test_codes_stay_in_place_and_their_words_follow_at_the_end(by_culture, lang, upkeep,
                                                               per_year):
    english = spill("norm_appendices", "en")
    table = spill("norm_appendices", lang)
    assert len(table[0]) == 4
    # every column English has is where it was, with the same codes (formulas still work)
    assert [row[:3] for row in table[1:]] == english[1:]
    kinds = {row[2]: row[3] for row in table[1:]}
    assert set(kinds) == {"upkeep", "procedure"}
    assert kinds["upkeep"] not in ("upkeep", "") and kinds["procedure"] != "procedure"
    if upkeep:
        assert kinds["upkeep"] == upkeep

    works = spill("norm_table", lang, "VI", "works")
    english_works = spill("norm_table", "en", "VI", "works")
    assert len(works[0]) == len(english_works[0]) + 2  # section and basis in words
    assert [row[:5] for row in works[1:]] == english_works[1:]
    first = dict(zip(english_works[0], works[1], strict=False))
    assert first["basis"] == "per_year" and works[1][6] == per_year

    labour = spill("norm_table", lang, "VI", "labour")
    assert labour[1][1] == "chuyen_mon" and labour[1][6] not in ("chuyen_mon", "")


def _cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "normbook", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_command_line_says_codes_in_words_to_its_reader():
    assert "upkeep" in _cli("--lang", "en", "appendices")
    vi = _cli("--lang", "vi", "appendices")
    assert "upkeep" not in vi and "Duy trì, bảo quản và sử dụng chuẩn" in vi
    works = _cli("--lang", "zh", "table", "VI", "works")
    assert "per_year" not in works and "按年" in works
    irregularities = _cli("--lang", "vi", "table", "VI", "irregularities")
    assert "serial_mismatch" not in irregularities and "the appendix title" not in irregularities
