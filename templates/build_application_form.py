"""Build ``application_form.docx``, the docxtpl template of the 计量专业项目考核申请表.

Run ``python templates/build_application_form.py`` to rebuild it (python-docx only). The layout
follows the 附件 of the Zhejiang guide (浙江省计量专业项目考核指南, 2024): a title, one bordered
table with the applicant's fields, six project rows, the applicant's declaration and the
employer's opinion. The result stays an ordinary, editable Word file: every Jinja tag is one
whole run (so docxtpl sees it), and every run names its East Asian font (``w:eastAsia``) so
Chinese text does not fall back to a Latin font (docxtpl #507).

The template's variables (all strings; the renderer pads ``projects`` to exactly six rows):
``name, title, id_number, education, phone, employer, employer_address, postcode`` and
``projects[0..5].category / .project / .subproject / .regulation``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from normbook.docx_parts import (
    a4_portrait,
    build_main,
    document_bytes,
    name_fonts,
    prune,
    set_defaults,
)

OUTPUT = Path(__file__).with_name("application_form.docx")

LATIN_FONT = "Times New Roman"
BODY_FONT = "宋体"  # SimSun: the usual body face of Chinese government forms
TITLE_FONT = "黑体"  # SimHei
BODY_SIZE = Pt(10.5)  # 五号, the usual size in the cells of a Chinese form
TITLE_SIZE = Pt(18)  # 小二

TITLE = "计量专业项目考核申请表"
DECLARATION = ("本人保证用于申请计量专业项目考核的相关内容真实可靠，如有虚假，"
               "愿承担由此造成的法律后果。")
PROJECT_ROWS = 6  # the original has exactly six; the renderer pads to six
DATE_BLANK = "年　　月　　日"  # ideographic spaces leave room to write the day by hand

# A4; 2.54 cm top and bottom as Word's Chinese default, narrower sides so the four-character
# labels and an 18-digit ID number fit on one line.
MARGINS_CM = {"top": 2.54, "bottom": 2.54, "left": 2.2, "right": 2.2}

# One table on an 8-column grid: the applicant rows (label|value x3) and the project rows
# (4 cells) have different cell boundaries, as in the original; the grid is their union.
# Widths in cm, summing to the text width 21.0 - 2.2 - 2.2 = 16.6.
GRID_CM = (1.4, 2.4, 2.0, 1.3, 2.0, 2.0, 5.5)
APPLICANT_SPANS = (1, 1, 1, 2, 1, 1)  # 姓名 | value | 职称 | value | 身份证号 | value  (cols)
ADDRESS_SPANS = (2, 5)  # 执业单位地址及邮编 | value
PROJECT_SPANS = (2, 2, 1, 2)  # 计量专业类别 | 项目 | 子项目 | 计量技术规范名称及编号


def _fonts(r_pr, east_asia: str = BODY_FONT) -> None:
    """Name the Latin and East Asian font explicitly on a run (or style) property element."""
    name_fonts(r_pr, LATIN_FONT, east_asia, hint_east_asia=True)


def _run(paragraph, text: str, *, bold: bool = False, size=BODY_SIZE, east_asia=BODY_FONT):
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = size
    _fonts(run._element.get_or_add_rPr(), east_asia)
    return run


def _paragraph(cell_or_doc, text: str = "", *, align=WD_ALIGN_PARAGRAPH.CENTER,
               first: bool = False, **run_args):
    """Add a paragraph (or reuse a cell's empty first one) holding ``text`` as one run."""
    paragraphs = getattr(cell_or_doc, "paragraphs", [])
    if first and paragraphs and not paragraphs[0].text:
        paragraph = paragraphs[0]
    else:
        paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if text:
        _run(paragraph, text, **run_args)
    return paragraph


def _borders(table) -> None:
    """Single 0.5 pt lines around and inside the table, as on the printed original."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _row(table, index: int, spans: tuple[int, ...], height_cm: float):
    """Merge row ``index`` into cells spanning ``spans`` grid columns; return those cells."""
    row = table.rows[index]
    row.height = Cm(height_cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cells, start = [], 0
    for span in spans:
        cell = row.cells[start]
        if span > 1:
            cell = cell.merge(row.cells[start + span - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cells.append(cell)
        start += span
    return cells


def _fill(cells, texts) -> None:
    for cell, text in zip(cells, texts, strict=True):
        _paragraph(cell, text, first=True)


def build() -> bytes:
    """The template as .docx bytes (deterministic: fixed dates and zip timestamps)."""
    document = Document()
    prune(document, numbering=True)  # the form has no lists
    set_defaults(document, latin=LATIN_FONT, east_asia=BODY_FONT, size=BODY_SIZE,
                 lang={"val": "en-US", "eastAsia": "zh-CN"}, hint_east_asia=True)
    a4_portrait(document.sections[0], MARGINS_CM)
    _paragraph(document, TITLE, first=True, bold=True, size=TITLE_SIZE, east_asia=TITLE_FONT)
    _paragraph(document, "")  # one blank line between the title and the table

    rows = 3 + 1 + PROJECT_ROWS + 2
    table = document.add_table(rows=rows, cols=len(GRID_CM))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    for column, width in zip(table.columns, GRID_CM, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)

    _fill(_row(table, 0, APPLICANT_SPANS, 1.0),
          ["姓名", "{{ name }}", "职称", "{{ title }}", "身份证号", "{{ id_number }}"])
    _fill(_row(table, 1, APPLICANT_SPANS, 1.0),
          ["学历", "{{ education }}", "联系电话", "{{ phone }}", "执业单位", "{{ employer }}"])
    label, value = _row(table, 2, ADDRESS_SPANS, 1.0)
    _paragraph(label, "执业单位地址及邮编", first=True)
    paragraph = _paragraph(value, "{{ employer_address }}", first=True,
                           align=WD_ALIGN_PARAGRAPH.LEFT)
    _run(paragraph, "　邮编：")
    _run(paragraph, "{{ postcode }}")
    _fill(_row(table, 3, PROJECT_SPANS, 1.0),
          ["计量专业类别", "项目", "子项目", "计量技术规范名称及编号"])
    for i in range(PROJECT_ROWS):
        _fill(_row(table, 4 + i, PROJECT_SPANS, 1.0),
              [f"{{{{ projects[{i}].{key} }}}}"
               for key in ("category", "project", "subproject", "regulation")])

    (declaration,) = _row(table, 4 + PROJECT_ROWS, (len(GRID_CM),), 4.0)
    declaration.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    left = WD_ALIGN_PARAGRAPH.LEFT
    _paragraph(declaration, "申请人声明：", first=True, align=left)
    statement = _paragraph(declaration, DECLARATION, align=left)
    statement.paragraph_format.first_line_indent = Pt(21)  # two characters
    _paragraph(declaration, "", align=left)
    _paragraph(declaration, "", align=left)
    signature = _paragraph(declaration, "申请人签字：\t" + DATE_BLANK, align=left)
    signature.paragraph_format.left_indent = Cm(1.0)
    signature.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT)

    (opinion,) = _row(table, 5 + PROJECT_ROWS, (len(GRID_CM),), 4.5)
    opinion.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _paragraph(opinion, "申请人执业单位意见：", first=True, align=left)
    for _ in range(3):
        _paragraph(opinion, "", align=left)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(opinion, "（单位公章）", align=right).paragraph_format.right_indent = Cm(1.5)
    _paragraph(opinion, DATE_BLANK, align=right).paragraph_format.right_indent = Cm(1.0)

    props = document.core_properties
    props.title = TITLE
    props.author = props.last_modified_by = "Normbook"
    props.subject = "浙江省计量专业项目考核指南（2024）附件"
    props.comments = "docxtpl template; rebuild with templates/build_application_form.py"
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1

    return document_bytes(document)


def main(argv: list[str]) -> int:
    return build_main(build, OUTPUT, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
