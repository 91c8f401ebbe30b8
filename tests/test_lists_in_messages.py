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


def test_a_roster_missing_columns_lists_them_with_the_chinese_comma(tmp_path):
    from normbook.forms.roster import read_roster

    roster = tmp_path / "roster.csv"
    roster.write_text("name,foo\nA,B\n", encoding="utf-8")
    zh = _said(lambda: read_roster(roster), "zh")
    assert "职称、身份证号、学历" in zh and "name、foo" in zh
    en = _said(lambda: read_roster(roster), "en")
    assert "(found: name, foo)" in en


def test_an_estimate_names_its_appendices_the_readers_way():
    from normbook.estimate.model import EstimateRequest

    ask = lambda: EstimateRequest(("VI", "XXV"), 2025, variants={"I": "PTN1"})  # noqa: E731
    assert "（VI、XXV）" in _said(ask, "zh")
    assert "(VI, XXV)" in _said(ask, "en")


def test_exam_rules_and_reasons_are_listed_the_readers_way():
    from normbook.exams.errors import UnknownRule
    from normbook.exams.ics import Omitted

    error = UnknownRule("x", ("rule_a", "rule_b"))
    with i18n.speaking("zh"):
        assert "rule_a、rule_b" in str(error)
    with i18n.speaking("en"):
        assert "rule_a, rule_b" in str(error)
    _t = i18n.Domain("normbook.exams.test")
    omitted = Omitted("test event", (_t.later("first reason"), _t.later("second reason")))
    with i18n.speaking("zh"):
        assert omitted.reason == "first reason；second reason"
    assert omitted.reason == "first reason; second reason"


def test_a_roster_that_cannot_be_read_says_why_in_the_readers_language(tmp_path,
                                                                        monkeypatch):
    import errno
    from pathlib import Path

    from normbook.forms.roster import read_roster

    roster = tmp_path / "roster.csv"
    roster.write_text("name\nA\n", encoding="utf-8")

    def denied(self):  # as a file without read permission (tests may run as root)
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    zh = _said(lambda: read_roster(roster), "zh")
    assert "拒绝访问" in zh and "Permission denied" not in zh
    vi = _said(lambda: read_roster(roster), "vi")
    assert "không có quyền truy cập" in vi and "Permission denied" not in vi
    assert "permission denied (the file may be open" in _said(lambda: read_roster(roster), "en")
