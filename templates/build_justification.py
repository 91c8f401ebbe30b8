"""Build ``thuyet_minh.docx``, the docxtpl template of the thuyết minh dự toán (justification).

Run ``python templates/build_justification.py`` to rebuild it (python-docx only). The layout
follows Decree 30/2020/NĐ-CP on administrative documents: A4, margins 20/20/30/15 mm, Times New
Roman 13 pt (11 pt in the cost tables), the national heading on the right and the institute on
the left of a borderless two-column table, the place and date line in italics, the title, the
numbered sections, page numbers centred in the header from page 2, and the signature block.

The result stays an ordinary, editable Word file. Every Jinja tag is one whole run (docxtpl only
sees a tag that Word has not split), and every run and the document defaults name Times New
Roman for the ASCII, high-ANSI, complex-script and East Asian slots (docxtpl #507), so the
Vietnamese letters never fall back to another font.

The template's variables are what :func:`normbook.estimate.justification.justification_context`
returns, all text already formatted: ``governing_body, institute_heading, place_date, year,
title, content_heading, legal_bases[], maintained_intro, standards[], indirect_percent,
summary_no, totals{}, other_costs[{no, name, how, basis, amount}], grand_total,
grand_total_words, total_caveat, comparison{no, lines[]} (or none), assumptions[],
missing_prices[], not_in_source[]``. The title ("Kinh phí duy trì chuẩn đo lường quốc gia năm
2026", or "Kinh phí xây dựng quy trình ..." for a procedure appendix) and section II's heading
follow the kinds of the appendices estimated, so they are variables, not fixed text.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
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

OUTPUT = Path(__file__).with_name("thuyet_minh.docx")

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(11)
HEADING_SIZE = Pt(12)  # the national heading's first line and the institute (Decree 30: 12-13)
TITLE_SIZE = Pt(14)

# A4 with Decree 30's margins: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}
TEXT_WIDTH_CM = 21.0 - MARGINS_CM["left"] - MARGINS_CM["right"]  # 16.5

HEADING_COLUMNS_CM = (7.0, 9.5)
COST_COLUMNS_CM = (1.0, 1.3, 5.4, 1.3, 1.9, 2.3, 3.3)
COST_HEADER = ("STT", "Công việc", "Nội dung", "Đơn vị tính", "Khối lượng", "Đơn giá",
               "Thành tiền")
# Amount columns wide enough for "12.345.678.901*" in bold 11 pt on one line.
SUMMARY_COLUMNS_CM = (1.0, 1.2, 3.6, 2.7, 2.6, 2.6, 2.8)
#: Left and right padding of table cells (Word's default is 0.19 cm): narrow numeric columns.
CELL_PADDING_CM = 0.1
SUMMARY_HEADER = ("STT", "Phụ lục", "Nội dung", "Nhân công (A)", "Thiết bị (B)",
                  "Vật liệu (C)", "Cộng")
ROW_FIELDS = ("no", "work", "text", "unit", "quantity", "price", "amount")

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
# Alignment of the cost table's columns: numbers right, codes centred, text left.
COST_ALIGN = (CENTER, CENTER, LEFT, CENTER, RIGHT, RIGHT, RIGHT)
SUMMARY_ALIGN = (CENTER, CENTER, LEFT, RIGHT, RIGHT, RIGHT, RIGHT)


# ---- runs and paragraphs ----------------------------------------------------------------------

def _fonts(r_pr) -> None:
    """Name Times New Roman in every font slot of a run (or style) property element."""
    name_fonts(r_pr, FONT, FONT)


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size=BODY_SIZE):
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = size
    _fonts(run._element.get_or_add_rPr())
    return run


def _paragraph(container, *texts: str, align=JUSTIFY, first: bool = False, indent: float = 0,
               before: float = 0, after: float = 0, keep: bool = False, **run_args):
    """A paragraph whose ``texts`` are one run each (a Jinja tag must be one whole run).

    ``first`` reuses a table cell's empty first paragraph; ``indent`` is the first-line
    indent in cm; ``before``/``after`` the spacing in points; ``keep`` keeps it on the page
    of what follows (a heading never ends a page).
    """
    paragraphs = getattr(container, "paragraphs", [])
    if first and paragraphs and not paragraphs[0].text:
        paragraph = paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(indent)
    if keep:
        fmt.keep_with_next = True
    for text in texts:
        _run(paragraph, text, **run_args)
    return paragraph


def _tag(container, tag: str, *, first: bool = False):
    """A paragraph holding only a docxtpl paragraph tag (``{%p ... %}``), removed on render."""
    return _paragraph(container, tag, align=LEFT, first=first)


def _short_line(container, width_cm: float, column_cm: float):
    """A centred rule ``width_cm`` long: the bottom border of an empty, indented paragraph.

    Decree 30 puts a short line under the institute's name, under the motto and under the
    title; a border on an indented paragraph draws it without a drawing object, in Word and
    LibreOffice alike. The empty paragraph's mark is 4 pt, so the rule sits close to the text.
    """
    paragraph = _paragraph(container, align=CENTER)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm((column_cm - width_cm) / 2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr comes before spacing, indentation and justification in CT_PPr's sequence
    p_pr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
    mark = OxmlElement("w:rPr")  # the paragraph mark's run properties: last in pPr
    _fonts(mark)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "8")
    mark.append(size)
    p_pr.append(mark)
    return paragraph


def _page_number(paragraph) -> None:
    """A PAGE field (Word and LibreOffice fill in the number) as one run."""
    run = _run(paragraph, "")
    for kind in ("begin", "instr", "separate", "value", "end"):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        elif kind == "value":
            element = OxmlElement("w:t")
            element.text = "2"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


# ---- document set-up --------------------------------------------------------------------------

def _page(document) -> None:
    section = document.sections[0]
    a4_portrait(section, MARGINS_CM)
    section.header_distance = Cm(1.0)
    # Decree 30: page numbers centred at the top, from the second page on.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    _page_number(header)


# ---- tables -----------------------------------------------------------------------------------

# The order of a table's properties in the schema (Word refuses a file that breaks it).
_TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                 "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                 "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _table_property(tbl_pr, element) -> None:
    """Put (or replace) a table property at its place in the schema's sequence."""
    name = element.tag.split("}")[1]
    old = tbl_pr.find(qn(f"w:{name}"))
    if old is not None:
        tbl_pr.remove(old)
    later = _TBL_PR_ORDER[_TBL_PR_ORDER.index(name) + 1:]
    tbl_pr.insert_element_before(element, *(f"w:{x}" for x in later))


def _twips(cm: float) -> str:
    return str(round(cm / 2.54 * 1440))


def _table(document, widths_cm: tuple[float, ...], rows: int, *, borders: bool):
    """A fixed-layout table of ``widths_cm`` columns, ruled or borderless, narrow padding."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), _twips(sum(widths_cm)))
    width.set(qn("w:type"), "dxa")
    _table_property(tbl_pr, width)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
        edges.append(line)
    _table_property(tbl_pr, edges)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _table_property(tbl_pr, layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), _twips(CELL_PADDING_CM))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _table_property(tbl_pr, margins)
    for column, cm in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(cm)
        for cell in column.cells:
            cell.width = Cm(cm)
    return table


def _row_flags(row, *, header: bool = False) -> None:
    """Keep a row on one page; repeat a header row at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _fill_row(row, texts, aligns, *, bold: bool = False, italic: bool = False,
              header: bool = False) -> None:
    """One table row: each cell one paragraph, each text one run (a tag stays whole)."""
    _row_flags(row, header=header)
    for cell, text, align in zip(row.cells, texts, aligns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        parts = text if isinstance(text, tuple) else (text,)
        _paragraph(cell, *(p for p in parts if p), align=align, first=True, bold=bold,
                   italic=italic, size=TABLE_SIZE)


def _loop_rows(table, start: int, loop: str, item: str, aligns) -> int:
    """Rows ``{%tr for item in loop %}``, one row of ``item``'s fields, ``{%tr endfor %}``."""
    n = len(aligns)
    _fill_row(table.rows[start], (f"{{%tr for {item} in {loop} %}}", *[""] * (n - 1)), aligns)
    _fill_row(table.rows[start + 1], tuple(f"{{{{ {item}.{f} }}}}" for f in ROW_FIELDS), aligns)
    _fill_row(table.rows[start + 2], ("{%tr endfor %}", *[""] * (n - 1)), aligns)
    return start + 3


def _cost_table(document) -> None:
    """One standard's costs: labour (A), equipment (B), materials (C), each with its lines."""
    rows = 1 + 2 + 3 + 1 + 1 + 3 + 1 + 3 + 1
    table = _table(document, COST_COLUMNS_CM, rows, borders=True)
    a = COST_ALIGN
    _fill_row(table.rows[0], COST_HEADER, (CENTER,) * 7, bold=True, header=True)
    _fill_row(table.rows[1], ("A", "", "Chi phí nhân công (A.1 + A.2)", "", "", "",
                              "{{ s.labour_total }}"), a, bold=True)
    _fill_row(table.rows[2], ("A.1", "", "Nhân công trực tiếp", "công", "{{ s.cong_direct }}",
                              "", "{{ s.labour_direct }}"), a, bold=True)
    i = _loop_rows(table, 3, "s.labour", "r", a)
    _fill_row(table.rows[i], ("A.2", "", ("Nhân công gián tiếp (", "{{ indirect_percent }}",
                                          "% nhân công trực tiếp)"),
                              "công", "{{ s.cong_indirect }}", "", "{{ s.labour_indirect }}"),
              a, bold=True)
    _fill_row(table.rows[i + 1], ("B", "", "Chi phí thiết bị", "", "", "",
                                  "{{ s.equipment_total }}"), a, bold=True)
    i = _loop_rows(table, i + 2, "s.equipment", "r", a)
    _fill_row(table.rows[i], ("C", "", "Chi phí vật liệu", "", "", "",
                              "{{ s.materials_total }}"), a, bold=True)
    i = _loop_rows(table, i + 1, "s.materials", "r", a)
    _fill_row(table.rows[i], ("", "", "Tổng cộng (A + B + C)", "", "", "", "{{ s.total }}"), a,
              bold=True)


def _summary_table(document) -> None:
    table = _table(document, SUMMARY_COLUMNS_CM, 8, borders=True)
    a = SUMMARY_ALIGN
    _fill_row(table.rows[0], SUMMARY_HEADER, (CENTER,) * 7, bold=True, header=True)
    _fill_row(table.rows[1], ("{%tr for s in standards %}", *[""] * 6), a)
    _fill_row(table.rows[2], ("{{ s.no }}", "{{ s.appendix }}", "{{ s.short_subject }}",
                              "{{ s.labour_total }}", "{{ s.equipment_total }}",
                              "{{ s.materials_total }}", "{{ s.total }}"), a)
    _fill_row(table.rows[3], ("{%tr endfor %}", *[""] * 6), a)
    # the cost lines beyond the norms: each with how it is computed and its basis
    _fill_row(table.rows[4], ("{%tr for o in other_costs %}", *[""] * 6), a)
    _fill_row(table.rows[5], ("{{ o.no }}", "", ("{{ o.name }} ({{ o.how }}; căn cứ: ",
                                                 "{{ o.basis }})"), "", "", "",
                              "{{ o.amount }}"), a)
    _fill_row(table.rows[6], ("{%tr endfor %}", *[""] * 6), a)
    _fill_row(table.rows[7], ("", "", "Tổng cộng", "{{ totals.labour }}",
                              "{{ totals.equipment }}", "{{ totals.materials }}",
                              "{{ totals.total }}"), a, bold=True)


def _heading(document) -> None:
    """Decree 30's heading: institute left, national heading right, place and date below it."""
    table = _table(document, HEADING_COLUMNS_CM, 1, borders=False)
    left, right = table.rows[0].cells
    left_cm, right_cm = HEADING_COLUMNS_CM
    _tag(left, "{%p if governing_body %}", first=True)
    _paragraph(left, "{{ governing_body }}", align=CENTER, size=HEADING_SIZE)
    _tag(left, "{%p endif %}")
    _paragraph(left, "{{ institute_heading }}", align=CENTER, bold=True, size=HEADING_SIZE)
    _short_line(left, 2.5, left_cm)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, first=True, bold=True,
               size=HEADING_SIZE)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", align=CENTER, bold=True, size=BODY_SIZE)
    _short_line(right, 5.8, right_cm)
    _paragraph(right, "{{ place_date }}", align=CENTER, italic=True, before=6)


def _section(document, title: str) -> None:
    _paragraph(document, title, align=LEFT, bold=True, before=12, after=6, keep=True)


def _bullets(document, loop: str, item: str, prefix: str = "- ") -> None:
    _tag(document, f"{{%p for {item} in {loop} %}}")
    _paragraph(document, prefix, f"{{{{ {item} }}}}", indent=1.0, after=3)
    _tag(document, "{%p endfor %}")


def build() -> bytes:
    """The template as .docx bytes (deterministic: fixed dates and zip timestamps)."""
    document = Document()
    prune(document)
    set_defaults(document, latin=FONT, east_asia=FONT, size=BODY_SIZE,
                 lang={"val": "vi-VN", "eastAsia": "vi-VN", "bidi": "ar-SA"})
    _page(document)
    _heading(document)

    _paragraph(document, "THUYẾT MINH DỰ TOÁN", align=CENTER, bold=True, size=TITLE_SIZE,
               before=18)
    _paragraph(document, "{{ title }}", align=CENTER, bold=True)
    _short_line(document, 4.0, TEXT_WIDTH_CM)

    _section(document, "I. CĂN CỨ PHÁP LÝ")
    _bullets(document, "legal_bases", "b")

    _paragraph(document, "II. ", "{{ content_heading }}", align=LEFT, bold=True, before=12,
               after=6, keep=True)
    _paragraph(document, "{{ maintained_intro }}", indent=1.0, after=3)
    _tag(document, "{%p for s in standards %}")
    _paragraph(document, "{{ s.no }}", ". ", "{{ s.description }}", indent=1.0, after=3)
    _tag(document, "{%p endfor %}")

    _section(document, "III. DỰ TOÁN KINH PHÍ")
    _paragraph(document, "Đơn vị tính: đồng", align=RIGHT, italic=True, after=3)
    _tag(document, "{%p for s in standards %}")
    _paragraph(document, "{{ s.no }}", ". ", "{{ s.heading }}", bold=True, before=6, after=6,
               keep=True)
    _cost_table(document)
    _tag(document, "{%p if s.caveat %}")
    _paragraph(document, "{{ s.caveat }}", italic=True, size=TABLE_SIZE, before=3)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _paragraph(document, "{{ summary_no }}", ". Tổng hợp dự toán kinh phí năm ", "{{ year }}",
               bold=True, before=12, after=6, keep=True)
    _summary_table(document)
    _paragraph(document, "Tổng kinh phí dự toán: ", "{{ grand_total }}", " đồng", bold=True,
               before=6)
    _paragraph(document, "Bằng chữ: ", "{{ grand_total_words }}", ".", italic=True)
    _tag(document, "{%p if total_caveat %}")
    _paragraph(document, "{{ total_caveat }}", italic=True)
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if comparison %}")
    _paragraph(document, "{{ comparison.no }}", ". So sánh với dự toán năm trước", bold=True,
               before=12, after=6, keep=True)
    _bullets(document, "comparison.lines", "c")
    _tag(document, "{%p endif %}")

    _section(document, "IV. CÁC GIẢ ĐỊNH VÀ GHI CHÚ")
    _bullets(document, "assumptions", "a")
    _tag(document, "{%p if missing_prices %}")
    _paragraph(document, "Các khoản chưa có giá (chưa tính vào tổng):", bold=True, italic=True,
               before=6, after=3)
    _bullets(document, "missing_prices", "m")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if not_in_source %}")
    _paragraph(document, "Các khoản không có định mức trong nguồn (không tính vào tổng):",
               bold=True, italic=True, before=6, after=3)
    _bullets(document, "not_in_source", "n")
    _tag(document, "{%p endif %}")

    _paragraph(document, "", after=12)
    signatures = _table(document, (TEXT_WIDTH_CM / 2,) * 2, 1, borders=False)
    for cell, title, hint in zip(signatures.rows[0].cells,
                                 ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"),
                                 ("(Ký, họ tên)", "(Ký, họ tên, đóng dấu)"), strict=True):
        _paragraph(cell, title, align=CENTER, first=True, bold=True)
        _paragraph(cell, hint, align=CENTER, italic=True)

    props = document.core_properties
    props.title = "Thuyết minh dự toán"
    props.author = props.last_modified_by = "Normbook"
    props.subject = "Dự toán kinh phí theo định mức của Thông tư 04/2022/TT-BKHCN"
    props.comments = "docxtpl template; rebuild with templates/build_justification.py"
    props.language = "vi-VN"
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1

    return document_bytes(document)


def main(argv: list[str]) -> int:
    return build_main(build, OUTPUT, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
