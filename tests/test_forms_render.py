"""Rendering: filled cells, six rows, no bleeding between forms, hostile text, the sandbox."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from test_forms_support import (
    docx_template,
    make_applicant,
    needs_soffice,
    table_cells,
)

from normbook.forms.applicant import Project
from normbook.forms.errors import FormInputError, MissingField, TemplateProblem, UnsafeTemplate
from normbook.forms.render import FormTemplate, default_template, form_context, render_form

REPO = Path(__file__).parents[1]
TEMPLATE = REPO / "templates" / "application_form.docx"

# Every kind of text that has broken a docx before, or could.
HOSTILE = [
    "A & B <c> \"d\" 'e' ]]> &amp; &#x41; <w:t>x</w:t>",
    "{{ name }} {% if true %}x{% endif %} {# c #} {_{ y }_} {_% z %_}",
    "长" * 10_000,
    "bell\x07null\x00vt\x0bff\x0cesc\x1bdel\x7fc1\x85 end",
    "emoji 😀🎉👩‍🔬 and 𠀀 (plane 2)",
    "中文：计量检定；Tiếng Việt: Đo lường, chuẩn đo lường quốc gia",
    "line one\nline two\ttabbed",
    "\ud800 lone surrogate \ufffe\uffff",
    "right-to-left \u202e override and zero\u200bwidth",
]


def cells_of(applicant) -> list[list[str]]:
    return table_cells(render_form(applicant))


def test_every_field_in_its_cell() -> None:
    a = make_applicant()
    rows = cells_of(a)
    assert rows[0] == ["姓名", a.name, "职称", a.title, "身份证号", a.id_number]
    assert rows[1] == ["学历", a.education, "联系电话", a.phone, "执业单位", a.employer]
    assert rows[2] == ["执业单位地址及邮编", f"{a.employer_address}　邮编：{a.postcode}"]


def test_six_project_rows_filled_then_empty() -> None:
    a = make_applicant(projects=2)
    rows = cells_of(a)[4:10]
    assert rows[0] == ["力学", "电子天平", "Ⅰ级", "JJG 1036-2022 电子天平检定规程"]
    assert rows[1] == ["热工", "玻璃液体温度计", "", "JJG 130-2011 工作用玻璃液体温度计检定规程"]
    assert rows[2:] == [["", "", "", ""]] * 4


def test_declaration_and_title_survive_rendering() -> None:
    data = render_form(make_applicant())
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "计量专业项目考核申请表"
    rows = table_cells(data)
    assert "如有虚假，愿承担由此造成的法律后果。" in rows[10][0]
    assert "（单位公章）" in rows[11][0]


def test_no_tag_left_in_the_output() -> None:
    xml = zipfile.ZipFile(io.BytesIO(render_form(make_applicant()))).read("word/document.xml")
    assert b"{{" not in xml and b"{%" not in xml


def test_two_forms_in_sequence_do_not_bleed() -> None:
    template = default_template()
    first = make_applicant(projects=3)
    second = make_applicant(projects=1, name="李四", phone="0571-85382339",
                            employer_address="宁波市海曙区")
    a1 = template.render(form_context(first))
    b = template.render(form_context(second))
    a2 = template.render(form_context(first))
    assert a1 == a2  # deterministic, and the second render left nothing behind
    rows = table_cells(b)
    assert rows[0][1] == "李四" and rows[1][3] == "0571-85382339"
    assert rows[5:10] == [["", "", "", ""]] * 5
    assert "王丽华" not in str(rows) and "千分尺" not in str(rows)


def test_same_body_as_docxtpl_itself() -> None:
    """The parse-once renderer produces exactly what DocxTemplate.render produces."""
    from docxtpl import DocxTemplate

    from normbook.forms.render import _environment

    context = form_context(make_applicant(projects=3, name="A & <B>"))
    reference = DocxTemplate(str(TEMPLATE))
    reference.render(context, _environment(), autoescape=True)
    buffer = io.BytesIO()
    reference.save(buffer)
    theirs = Document(io.BytesIO(buffer.getvalue())).element.body
    ours = Document(io.BytesIO(default_template().render(context))).element.body
    assert etree.tostring(theirs, method="c14n") == etree.tostring(ours, method="c14n")


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_hostile_text_in_every_field_reads_back(text: str) -> None:
    from normbook.forms.text import clean

    fields = {k: f"{k}:{text}" for k in make_applicant().values()}
    project = Project(*(f"{k}:{text}" for k in ("category", "project", "subproject",
                                                "regulation")))
    data = render_form(make_applicant(projects=[project] * 3, **fields))
    rows = table_cells(data)  # python-docx parses it: the XML is well formed
    expected = clean(text)  # python-docx reads w:br as \n and w:tab as \t
    assert rows[0][1] == f"name:{expected}"
    assert rows[0][5] == f"id_number:{expected}"
    assert rows[1][5] == f"employer:{expected}"
    assert rows[2][1] == f"employer_address:{expected}　邮编：postcode:{expected}"
    assert rows[4] == [f"{k}:{expected}" for k in ("category", "project", "subproject",
                                                   "regulation")]


def test_template_syntax_typed_as_data_is_printed_literally() -> None:
    data = render_form(make_applicant(name="{{ title }}", title="{% raw %}x",
                                      employer="{_{ y }_}"))
    rows = table_cells(data)
    assert rows[0][1] == "{{ title }}"
    assert rows[0][3] == "{% raw %}x"
    assert rows[1][5] == "{_{ y }_}"


def test_line_breaks_and_tabs_in_values_become_word_breaks_and_tabs() -> None:
    data = render_form(make_applicant(employer="第一行\n第二行\t制表"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "第一行</w:t><w:br/>" in xml and "<w:tab/>" in xml


def test_more_projects_than_rows_is_refused() -> None:
    with pytest.raises(FormInputError, match=r"6 rows"):
        form_context(make_applicant(projects=[Project("a", "b", "c", "d")] * 7))


# ---- user templates: StrictUndefined, sandbox, syntax ----------------------------------------

def test_unknown_variable_fails_when_the_template_loads(tmp_path: Path) -> None:
    path = docx_template(tmp_path / "t.docx", "{{ name }} {{ nickname }}")
    with pytest.raises(MissingField, match="nickname"):
        FormTemplate.from_path(path)


def test_unknown_attribute_fails_when_rendering(tmp_path: Path) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx",
                                                    "{{ projects[0].colour }}"))
    with pytest.raises(MissingField, match="colour"):
        template.render(form_context(make_applicant()))


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__.__mro__ }}",
    "{{ name.__class__.__base__.__subclasses__() }}",
    "{{ projects.__class__ }}",
    "{{ name.format.__globals__ }}",
])
def test_sandbox_refuses_python_internals(tmp_path: Path, payload: str) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", payload))
    with pytest.raises(UnsafeTemplate, match="sandbox"):
        template.render(form_context(make_applicant()))


def test_sandbox_stops_code_execution(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = ("{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}")
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", payload))
    with pytest.raises(UnsafeTemplate):
        template.render(form_context(make_applicant()))
    assert not marker.exists()


@pytest.mark.parametrize("payload", [
    '{% include "x" %}', '{% import "os" as o %}', '{% from "os" import path %}',
    '{% extends "base.docx" %}',
])
def test_a_template_cannot_pull_in_other_templates(tmp_path: Path, payload: str) -> None:
    path = docx_template(tmp_path / "t.docx", payload)
    with pytest.raises(TemplateProblem, match=r"t\.docx: .*cannot include, import or extend"):
        FormTemplate.from_path(path)


@pytest.mark.parametrize(("payload", "match"), [
    ("{{ range(100000000)|list }}", "MAX_RANGE"),          # jinja2's sandbox: OverflowError
    ("{{ range(10**9, 10**9 + 200000)|length }}", "MAX_RANGE"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ '%d'|format(name) }}", "TypeError"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    ("{{ 2.0 ** 5000 }}", "OverflowError"),
])
def test_anything_a_render_raises_is_a_template_problem(tmp_path: Path, payload: str,
                                                        match: str) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", payload))
    with pytest.raises(TemplateProblem, match=rf"t\.docx: .*{match}"):
        template.render(form_context(make_applicant()))


@pytest.mark.parametrize("payload", [
    "{{ 'x' * 100001 }}",                # just over the limit: refused before it is built
    "{{ 'x' * 10**9 }}", "{{ 10**9 * 'x' }}", "{{ [0] * 10**9 }}", "{{ (name,) * 10**9 }}",
    "{{ 2 ** (10**9) }}", "{{ 10 ** 100000 }}",  # jinja2 reads 2 ** 10**9 as (2**10)**9
    "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}{{ ns.x }}",            # squaring doubles the digits: refused on the way
])
def test_sandbox_refuses_huge_results(tmp_path: Path, payload: str) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", payload))
    with pytest.raises(UnsafeTemplate, match=r"t\.docx: .*too (long|large)"):
        template.render(form_context(make_applicant()))


@pytest.mark.parametrize(("payload", "text"), [
    ("{{ '-' * 20 }}", "-" * 20), ("{{ 2 ** 10 }}", "1024"), ("{{ 3 * 4 }}", "12"),
    ("{{ [name] * 2 }}", "['王丽华', '王丽华']"), ("{{ 2 ** -1 }}", "0.5"),
])
def test_ordinary_arithmetic_still_works(tmp_path: Path, payload: str, text: str) -> None:
    template = FormTemplate.from_path(docx_template(tmp_path / "t.docx", payload))
    data = template.render(form_context(make_applicant()))
    assert Document(io.BytesIO(data)).paragraphs[0].text == text


def test_syntax_error_names_the_template(tmp_path: Path) -> None:
    path = docx_template(tmp_path / "broken.docx", "{% if name %} never closed")
    with pytest.raises(TemplateProblem, match=r"broken\.docx.*syntax"):
        FormTemplate.from_path(path)


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_text("hello")
    with pytest.raises(TemplateProblem, match=r"not a \.docx"):
        FormTemplate.from_path(path)


def test_user_template_header_and_loops_render(tmp_path: Path) -> None:
    path = docx_template(tmp_path / "t.docx",
                         "{% for p in projects %}{% if p.project %}[{{ p.project }}]"
                         "{% endif %}{% endfor %}",
                         "literal {_{ braces }_}",
                         header="页眉 {{ name }}")
    data = FormTemplate.from_path(path).render(form_context(make_applicant(name="A&B")))
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "[电子天平][玻璃液体温度计]"
    assert document.paragraphs[1].text == "literal {{ braces }}"
    assert document.sections[0].header.paragraphs[0].text == "页眉 A&B"


# ---- LibreOffice opens what we write ---------------------------------------------------------

@needs_soffice
@pytest.mark.parametrize("kind", ["short", "long"])
def test_hostile_forms_convert_to_pdf(tmp_path: Path, kind: str) -> None:
    """Every short hostile string in every field; then 10,000 characters in every field."""
    from normbook.libreoffice import convert

    if kind == "short":
        text = " | ".join(h for h in HOSTILE if len(h) < 1000)
    else:
        text = "".join(HOSTILE[i] for i in (0, 1, 4, 5, 8))
        text = (text * (10_000 // len(text) + 1))[:10_000]
    fields = {k: text for k in make_applicant().values()}
    source = tmp_path / f"{kind}.docx"
    source.write_bytes(render_form(make_applicant(projects=[Project(text, text, text, text)] * 3,
                                                  **fields)))
    pdf = convert(source, "pdf", tmp_path, timeout=300)
    assert pdf.read_bytes().startswith(b"%PDF")
