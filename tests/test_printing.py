"""Every workbook Normbook writes prints readably on A4 (issue 20, item 1).

Each workbook is written as a user gets it (no --lang: Vietnamese estimates, Chinese reports),
rendered to PDF by LibreOffice once per session (one soffice run for all of them), and
checked sheet by sheet on the PDF itself:

- every page is A4 (595 x 842 pt, either way round);
- print titles are set, and every page of a sheet shows every word of its table's header:
  the header is repeated, and no column went to a page of its own (a column cut off to the
  right would take its header word with it, and the next page would lack the others');
- the print scale is 60 % or more: as set up (a fixed scale, or the fit to the page's width
  that the columns' widths give) and as printed (the text's height on the page against the
  same font printed at 100 %);
- the pages are few enough: a sheet takes at most one page per :data:`ROWS_PER_PAGE` of its
  rows (and a page for its header and chart), the length a reader accepts for a table of
  wrapped texts.

Pages are told apart by the page header, whose middle names the sheet. With PICTURES set
(``NORMBOOK_PICTURES=folder``) the estimate's and the rejection report's pages are also
written there as PNG for a person to look at.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import statistics
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, get_column_letter

from normbook.cli import main
from normbook.libreoffice import convert_many, find_soffice

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)")

#: A4 in points.
A4 = (595.3, 841.9)
#: Points a character of column width takes as LibreOffice prints Calibri (as Carlito).
CHAR_PT = 5.6
MIN_SCALE = 0.60
#: A reader accepts a printout of a table with wrapped texts that carries this many rows a
#: page, on average (an estimate's Labour sheet: 17 rows, 2 pages at most).
ROWS_PER_PAGE = 8
#: The workbooks, by the name of their PDF.
WORKBOOKS = ("estimate", "estimate-previous", "comparison", "prices-template", "norms",
             "starter", "frozen-starter", "rejections")


@dataclass
class Page:
    width: float
    height: float
    words: list[tuple[float, float, float, float, str]]  # xMin, yMin, xMax, yMax, text

    @property
    def sheet(self) -> str:
        """The middle of the page header: the sheet's name."""
        top = min(y for _x, y, _x1, _y1, _t in self.words)
        return " ".join(t for x0, y0, x1, _y1, t in self.words
                        if y0 < top + 8 and self.width / 3 < (x0 + x1) / 2 < 2 * self.width / 3)

    def body(self) -> list[tuple[float, float, float, float, str]]:
        """The words between the page header and the footer."""
        return [w for w in self.words if w[1] > 45 and w[3] < self.height - 45]

    def text(self) -> set[str]:
        return {_nfc(w[4]) for w in self.words}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def read_pages(pdf: Path) -> list[Page]:
    """Every page's size and words with their boxes (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for width, height, body in re.findall(
            r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t
                 in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                               r'yMax="([\d.]+)">(.*?)</word>', body)]
        pages.append(Page(float(width), float(height), words))
    return pages


def _write_reference(path: Path) -> None:
    """Text at 100 %, to measure what 11 pt looks like on the page (Latin and Chinese)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in range(1, 30):
        sheet.cell(row, 1, "Reference Đơn giá 12,345")
        sheet.cell(row, 3, "参考 文字")
    sheet.page_setup.scale = 100
    book.save(path)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, list[Page]]]:
    """Every workbook, as written by default, and its PDF pages (one soffice run)."""
    from test_forms_roster import mixed_rows
    from test_forms_support import write_roster

    from normbook import i18n

    out = tmp_path_factory.mktemp("printing")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("NORMBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
            patch.delenv(name, raising=False)
        i18n.use(None)
        try:
            assert main(["demo", "-o", str(out / "demo")]) == 0
            assert main(["estimate", "--appendix", "VI", "--year", "2025", "-o",
                         str(out / "e2"), "--previous", str(out / "demo" / "estimate.xlsx")
                         ]) == 0
            assert main(["compare", str(out / "demo" / "estimate.xlsx"),
                         str(out / "e2" / "estimate.xlsx"), "-o",
                         str(out / "comparison.xlsx")]) == 0
            assert main(["prices-template", "--appendix", "all", "-o",
                         str(out / "prices-template.xlsx")]) == 0
            assert main(["workbook", "-o", str(out / "norms.xlsx")]) == 0
            assert main(["excel-starter", "-o", str(out / "starter.xlsx")]) == 0
            main(["freeze", str(out / "starter.xlsx"), "-o", str(out / "frozen-starter.xlsx")])
            roster = write_roster(out / "roster.xlsx", mixed_rows())
            assert main(["forms", str(roster), "-o", str(out / "forms"), "--year",
                         "2024"]) == 1  # some rows rejected: that is the report
        finally:
            i18n.use(None)
    shutil.copy(out / "demo" / "estimate.xlsx", out / "estimate.xlsx")
    shutil.copy(out / "e2" / "estimate.xlsx", out / "estimate-previous.xlsx")
    shutil.copy(out / "forms" / "rejections.xlsx", out / "rejections.xlsx")
    _write_reference(out / "reference.xlsx")
    sources = [out / f"{name}.xlsx" for name in (*WORKBOOKS, "reference")]
    converted, failed = convert_many(sources, "pdf", out / "pdf")
    assert not failed, failed
    pictures = os.environ.get("NORMBOOK_PICTURES")
    if pictures:
        Path(pictures).mkdir(parents=True, exist_ok=True)
        for name in ("estimate", "rejections"):
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(out / "pdf" / f"{name}.pdf"),
                            str(Path(pictures) / name)], check=True)
    return {src.stem: (src, read_pages(pdf)) for src, pdf in converted.items()}


@pytest.fixture(scope="module")
def reference(printed) -> dict[bool, float]:
    """The height of an 11 pt word at 100 %: Latin (False) and Chinese (True)."""
    _src, pages = printed["reference"]
    words = pages[0].body()
    return {cjk: statistics.median(w[3] - w[1] for w in words if _cjk(w[4]) == cjk)
            for cjk in (False, True)}


def sheets_of(printed, name: str) -> dict[str, tuple[object, list[Page]]]:
    """Each printed sheet of a workbook and its pages, in order."""
    src, pages = printed[name]
    book = load_workbook(src)
    found: dict[str, tuple[object, list[Page]]] = {}
    for page in pages:
        title = page.sheet
        assert title in book.sheetnames, f"{name}: a page's header names {title!r}"
        found.setdefault(title, (book[title], []))[1].append(page)
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert list(found) == visible, f"{name}: pages for {list(found)}, sheets {visible}"
    return found


def header_words(ws) -> set[str]:
    """The words of the table's header row within the print area."""
    area = ws.print_area.split("!")[-1].replace("$", "")
    first, last = (re.match(r"[A-Z]+", end).group() for end in area.split(":"))
    header = int(ws.print_title_rows.replace("$", "").split(":")[-1])
    words = set()
    for c in range(column_index_from_string(first), column_index_from_string(last) + 1):
        value = ws.cell(header, c).value
        if isinstance(value, str) and not value.startswith("="):
            words |= {_nfc(w) for w in value.split()}
    return words


def declared_scale(ws) -> float:
    """The scale the set-up asks for: a fixed one, or the fit the columns' widths give."""
    props = ws.sheet_properties.pageSetUpPr
    if not (props is not None and props.fitToPage):
        return (ws.page_setup.scale or 100) / 100
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    area = ws.print_area.split("!")[-1].replace("$", "")
    first, last = (re.match(r"[A-Z]+", end).group() for end in area.split(":"))
    width = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) * CHAR_PT
                for c in range(column_index_from_string(first),
                               column_index_from_string(last) + 1))
    paper = A4[1] if ws.page_setup.orientation == "landscape" else A4[0]
    room = paper - 72 * (ws.page_margins.left + ws.page_margins.right)
    return min(1.0, room / width)


def printed_scale(pages: list[Page], reference: dict[bool, float]) -> float:
    """The text's height on the pages against the same font at 100 % (the median word)."""
    ratios = [(w[3] - w[1]) / reference[_cjk(w[4])] for page in pages for w in page.body()]
    return statistics.median(ratios)


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_page_is_a4(printed, name) -> None:
    _src, pages = printed[name]
    assert pages
    for n, page in enumerate(pages, 1):
        size = sorted((page.width, page.height))
        assert abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, (name, n, size)


@pytest.mark.parametrize("name", WORKBOOKS)
def test_each_sheet_repeats_its_header_and_keeps_its_columns_together(printed, name) -> None:
    for title, (ws, pages) in sheets_of(printed, name).items():
        assert ws.print_title_rows, (name, title)
        assert ws.page_setup.paperSize in (9, "9"), (name, title)
        words = header_words(ws)
        assert words, (name, title)
        for n, page in enumerate(pages, 1):
            missing = words - page.text()
            assert not missing, f"{name}: {title}, page {n} of {len(pages)} lacks {missing}"


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_sheet_prints_below_60_percent(printed, reference, name) -> None:
    for title, (ws, pages) in sheets_of(printed, name).items():
        assert declared_scale(ws) >= MIN_SCALE, (name, title, declared_scale(ws))
        assert printed_scale(pages, reference) >= MIN_SCALE - 0.02, (
            name, title, printed_scale(pages, reference))


@pytest.mark.parametrize("name", WORKBOOKS)
def test_pages_a_reader_accepts(printed, name) -> None:
    for title, (ws, pages) in sheets_of(printed, name).items():
        rows = ws.max_row
        bound = -(-rows // ROWS_PER_PAGE) + 1
        assert len(pages) <= bound, f"{name}: {title} takes {len(pages)} pages for {rows} rows"


@pytest.mark.parametrize("name", ("estimate", "rejections"))
def test_page_header_and_footer_in_the_documents_language(printed, name) -> None:
    _src, pages = printed[name]
    first = " ".join(w[4] for w in pages[0].words)
    total = len(pages)
    if name == "estimate":
        assert f"Trang 1/{total}" in first
        assert "Dự toán" in first and "CHUẨN" in first
    else:
        assert f"第1页/共{total}页" in first.replace(" ", "")
        assert "计量专业项目考核申请表" in first.replace(" ", "")
