"""The shipped 考核申请表 template: layout of the guide's form, fonts, tags docxtpl can see."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from test_forms_support import table_cells

REPO = Path(__file__).parents[1]
TEMPLATE = REPO / "templates" / "application_form.docx"
BUILDER = REPO / "templates" / "build_application_form.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_application_form", BUILDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def document():
    return Document(str(TEMPLATE))


def test_committed_template_is_what_the_script_builds(builder) -> None:
    assert builder.build() == TEMPLATE.read_bytes(), \
        "templates/application_form.docx is stale: run python templates/build_application_form.py"


def test_shipped_with_the_package() -> None:
    from normbook._resources import templates_dir

    assert templates_dir().joinpath("application_form.docx").read_bytes() == \
        TEMPLATE.read_bytes()


def test_a4_portrait(document) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert section.left_margin > Cm(1.5) and section.top_margin > Cm(2)


def test_title_centered_bold_in_a_chinese_font(document) -> None:
    title = document.paragraphs[0]
    assert title.text == "计量专业项目考核申请表"
    assert title.alignment == 1  # centered
    (run,) = title.runs
    assert run.bold
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_applicant_rows_as_in_the_guide(document) -> None:
    rows = table_cells(TEMPLATE)
    assert rows[0] == ["姓名", "{{ name }}", "职称", "{{ title }}", "身份证号", "{{ id_number }}"]
    assert rows[1] == ["学历", "{{ education }}", "联系电话", "{{ phone }}", "执业单位",
                       "{{ employer }}"]
    assert rows[2] == ["执业单位地址及邮编", "{{ employer_address }}　邮编：{{ postcode }}"]


def test_six_project_rows(document) -> None:
    rows = table_cells(TEMPLATE)
    assert rows[3] == ["计量专业类别", "项目", "子项目", "计量技术规范名称及编号"]
    project_rows = rows[4:10]
    assert len(project_rows) == 6
    for i, row in enumerate(project_rows):
        assert row == [f"{{{{ projects[{i}].{k} }}}}"
                       for k in ("category", "project", "subproject", "regulation")]
    assert len(rows) == 12


def test_declaration_and_employer_opinion(document) -> None:
    rows = table_cells(TEMPLATE)
    declaration, opinion = rows[10][0], rows[11][0]
    assert declaration.startswith("申请人声明：")
    assert ("本人保证用于申请计量专业项目考核的相关内容真实可靠，如有虚假，"
            "愿承担由此造成的法律后果。") in declaration
    assert re.search(r"申请人签字：\t年\s+月\s+日", declaration)
    assert opinion.startswith("申请人执业单位意见：")
    assert "（单位公章）" in opinion
    assert re.search(r"年\s+月\s+日$", opinion)


def test_table_is_bordered_with_a_fixed_layout(document) -> None:
    tbl_pr = document.tables[0]._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    edges = {child.tag.removeprefix(W): child.get(qn("w:val")) for child in borders}
    assert edges == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"),
                                  "single")
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_every_run_names_its_east_asian_font(document) -> None:
    runs = list(document.element.body.iter(qn("w:r")))
    assert len(runs) >= 50  # the title, every label and tag, the declaration and opinion
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in ("宋体", "黑体"), run.xml[:200]
        assert fonts.get(qn("w:ascii")) == "Times New Roman"


def test_document_defaults_are_chinese(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert r_pr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    assert r_pr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"


def test_each_tag_is_one_whole_run() -> None:
    xml = zipfile.ZipFile(TEMPLATE).read("word/document.xml").decode()
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    tagged = [t for t in texts if "{" in t or "}" in t]
    assert len(tagged) == 8 + 6 * 4
    assert all(re.fullmatch(r"\{\{ [\w\[\]\.]+ \}\}", t) for t in tagged), tagged


def test_template_is_small_and_has_no_foreign_parts() -> None:
    names = zipfile.ZipFile(TEMPLATE).namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert not any(n.startswith("customXml/") or "thumbnail" in n for n in names)
    assert TEMPLATE.stat().st_size < 20_000
