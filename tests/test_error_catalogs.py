"""Errors a user's template, roster, timetable or argument can cause are catalog messages: said
in Vietnamese or Chinese where the reader's language is one of them, their numbers grouped the
reader's way, and kept with their facts until shown (a refusal raised in English is said in
Chinese by the place that shows it)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from test_forms_support import DATA, docx_template, make_applicant

from normbook import i18n
from normbook.cli import main
from normbook.errors import BadArgument, DataError
from normbook.forms.applicant import Project
from normbook.forms.errors import FormInputError, MissingField, TemplateProblem, UnsafeTemplate
from normbook.forms.render import FormTemplate, form_context
from normbook.i18n import Message

# ---- forms: a user's template, a roster's applicant ------------------------------------------


def test_a_template_that_is_no_word_document_is_refused_in_chinese(tmp_path: Path,
                                                                   capsys) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("a letter, not a Word document", encoding="utf-8")
    out = tmp_path / "form.docx"
    code = main(["--lang", "zh", "form", str(DATA / "applicant.json"), "--template", str(bad),
                 "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "bad.docx：不是 .docx 文件（" in err and "Traceback" not in err


def test_a_missing_template_is_named_in_vietnamese(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.docx"
    code = main(["--lang", "vi", "form", str(DATA / "applicant.json"), "--template",
                 str(missing), "-o", str(tmp_path / "form.docx")])
    assert code == 2
    assert f"{missing}: không có tệp mẫu này" in capsys.readouterr().err


def test_too_many_projects_for_the_form_in_each_language() -> None:
    applicant = make_applicant(projects=[Project("a", "b", "c", "d")] * 7)
    with pytest.raises(FormInputError) as caught:
        form_context(applicant)
    message = caught.value.args[0]
    assert isinstance(message, Message)
    assert str(caught.value) == ("7 projects do not fit the form's 6 rows (the guide allows 3 "
                                 "per period)")
    assert message.render("zh") == "7 个项目超出申请表的 6 行（指南规定每期最多 3 项）"
    assert message.render("vi").startswith("7 mục thi không vừa 6 dòng của đơn")


def test_an_unsafe_template_is_refused_in_vietnamese_with_its_numbers(tmp_path: Path) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx",
                                                    "{{ 'x' * 100001 }}"))
    with pytest.raises(UnsafeTemplate) as caught:
        template.render_applicant(make_applicant())
    with i18n.speaking("vi"):
        said = str(caught.value)
    assert said.startswith(f"{tmp_path / 't.docx'}: word/document.xml: không chấp nhận: ")
    assert "lặp lại 1 phần tử 100.001 lần là quá dài: tối đa 100.000 phần tử" in said
    with i18n.speaking("zh"):
        assert "将 1 项重复 100,001 次过长：最多 100,000 项" in str(caught.value)
    assert "repeating 1 item 100,001 times is too long: at most 100,000 items" \
        in str(caught.value)


def test_a_file_refusal_raised_in_english_is_said_in_chinese_where_shown(tmp_path: Path) -> None:
    path = docx_template(tmp_path / "t.docx", "{{ name }}")
    rewritten = tmp_path / "doctype.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b"?>", b"?><!DOCTYPE w:styles>", 1)
            out.writestr(info, data)
    with pytest.raises(TemplateProblem) as caught:
        FormTemplate.from_path(rewritten)  # raised while the terminal speaks English
    with i18n.speaking("zh"):
        said = str(caught.value)
    assert said == (f"{rewritten}：word/styles.xml 含有 DOCTYPE 或实体声明，Word 文档从不包含这些；"
                    "已拒绝")


def test_a_template_field_the_form_lacks_lists_the_fields_the_chinese_way(tmp_path: Path) -> None:
    path = docx_template(tmp_path / "t.docx", "{{ name }} {{ nickname }}")
    with pytest.raises(MissingField) as caught, i18n.speaking("en"):
        FormTemplate.from_path(path)
    with i18n.speaking("zh"):
        said = str(caught.value)
    assert "模板使用了申请表没有的 nickname" in said and "name、" in said
    assert "projects[0..5].{" in said
    assert "the template uses nickname, which the form does not have" in str(caught.value)


def test_a_template_syntax_error_in_vietnamese(tmp_path: Path) -> None:
    path = docx_template(tmp_path / "t.docx", "{% if name %}no end")
    with pytest.raises(TemplateProblem) as caught:
        FormTemplate.from_path(path)
    with i18n.speaking("vi"):
        assert ": lỗi cú pháp mẫu: " in str(caught.value)


# ---- the template limits alone ------------------------------------------------------------


def test_a_limit_of_the_sandbox_is_a_catalog_message() -> None:
    from normbook.template_limits import reason
    from normbook.template_limits.sizes import check_items, check_length

    with pytest.raises(Exception) as caught:
        check_length(2_000_000)
    message = reason(caught.value)
    assert isinstance(message, Message)
    assert message.render("vi") == ("một chuỗi dài 2.000.000 ký tự là quá dài: một mẫu chỉ được "
                                    "tạo tối đa 1.000.000 ký tự trong một giá trị")
    with pytest.raises(Exception) as caught:
        check_items(1_000_001)
    assert reason(caught.value).render("zh") == ("包含 1,000,001 项的列表过长：模板在一个列表中最多"
                                                 "只能生成 1,000,000 项")


def test_too_many_zip_members_says_one_member_in_the_singular(monkeypatch) -> None:
    from normbook.template_limits import TemplateFileRefused, docx_file, read_members

    monkeypatch.setattr(docx_file, "MAX_MEMBERS", 0)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("a.xml", "<a/>")
    with pytest.raises(TemplateFileRefused) as caught:
        read_members(data.getvalue(), "t.docx")
    assert str(caught.value) == "t.docx: 1 zip member; a template may have at most 0 members"
    with i18n.speaking("zh"):
        assert str(caught.value) == "t.docx：1 个 zip 成员；模板最多可有 0 个成员"


# ---- exams: timetable rows, working days ----------------------------------------------------


def test_a_timetable_row_numbered_zero_is_said_in_chinese() -> None:
    from normbook.exams.model import Period

    with pytest.raises(DataError) as caught:
        Period(2030, 0, "x", None, None, None, None, None)
    with i18n.speaking("zh"):
        assert str(caught.value) == "2030年第 0 期：编号从 1 开始"
    assert str(caught.value) == "2030 period 0: numbers start at 1"


def test_an_exams_addition_row_problem_keeps_its_message() -> None:
    """The loader keeps a record's refusal as a Message: the report says it in its language."""
    from normbook.exams.model import SpecialProject

    with pytest.raises(DataError) as caught:
        SpecialProject(2030, 1, "", None, "", "", "own", ())
    from normbook.exams.validate import said

    message = said(caught.value)
    assert isinstance(message, Message)
    assert message.render("zh") == "2030年特殊专业项目 1（）：名称为空"
    assert message.render("vi") == "mục thi đặc biệt 1 năm 2030 (): tên trống"


def test_a_working_day_count_that_is_no_whole_number_in_vietnamese() -> None:
    from normbook.exams.workdays import add_working_days

    with pytest.raises(BadArgument) as caught:
        add_working_days(date(2024, 3, 1), 1.5)
    with i18n.speaking("vi"):
        assert str(caught.value) == ("số ngày làm việc phải là số nguyên, nhưng nhận được 1.5")
    with pytest.raises(BadArgument) as caught:
        add_working_days("2024-03-01", 1)
    with i18n.speaking("zh"):
        assert str(caught.value) == "需要日期，但得到的是 '2024-03-01'（str）"


# ---- a language no catalog has ---------------------------------------------------------------


def test_an_unknown_language_asked_of_the_python_api_lists_the_languages(monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "C")  # the refusal speaks the locale's language: none of ours
    with pytest.raises(ValueError, match=r"^lang 'fr': use one of vi, zh, en$"), \
            i18n.speaking("fr"):
        pass
