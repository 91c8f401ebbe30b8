"""Lists inside messages are joined the reader's way: 、 and ； in Chinese, as written in
Vietnamese and English (i18n.listed, i18n.clauses), whatever language the message is
rendered in later."""

from __future__ import annotations

import pytest

import normbook
from normbook import i18n
from normbook.errors import OutputExists, UnknownComponent


def _said(call, lang: str) -> str:
    with pytest.raises(Exception) as raised:
        call()
    with i18n.speaking(lang):
        return str(raised.value)


def test_known_choices_are_listed_with_the_chinese_comma():
    zh = _said(lambda: normbook.norm("VI", "labourx"), "zh")
    assert "labour、labour_direct、labour_indirect" in zh and ", " not in zh
    en = _said(lambda: normbook.norm("VI", "labourx"), "en")
    assert "labour, labour_direct, labour_indirect" in en
    works = _said(lambda: normbook.norm("VI", "labour", work=99), "zh")
    assert "1、2、3" in works


def test_item_names_are_clauses_they_may_hold_commas():
    zh = _said(lambda: normbook.norm("VI", "equipment"), "zh")
    assert "Điều hòa nhiệt độ；Máy hút ẩm" in zh and "；..." in zh
    vi = _said(lambda: normbook.norm("VI", "equipment"), "vi")
    assert "Điều hòa nhiệt độ; Máy hút ẩm" in vi


def test_the_same_error_lists_in_the_language_it_is_shown_in():
    error = UnknownComponent("x", ("labour", "equipment"))
    with i18n.speaking("zh"):
        assert "labour、equipment" in str(error)
    with i18n.speaking("en"):
        assert "labour, equipment" in str(error)


def test_source_lines_and_output_files():
    with i18n.speaking("zh"):
        assert "3164、3166" in str(normbook.source("VI", "labour", work=1))
        assert "a.xlsx、b.docx" in str(OutputExists(["a.xlsx", "b.docx"]))
    assert "3164, 3166" in str(normbook.source("VI", "labour", work=1))


def test_user_data_kinds_are_listed_with_the_chinese_comma():
    from normbook.userdata.folder import KINDS
    from normbook.userdata.manage import remove

    said = _said(lambda: remove("nonsense", "x"), "zh")
    assert "、".join(KINDS) in said
