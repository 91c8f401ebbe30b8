"""Helpers shared by the test_forms_* modules (this module holds no tests)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from normbook.forms.applicant import APPLICANT_FIELDS, PROJECT_FIELDS, Applicant, Project
from normbook.forms.validate import id_check_character

DATA = Path(__file__).parent / "data" / "forms"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


def valid_id(first17: str = "33010619850312123") -> str:
    return first17 + id_check_character(first17)


def make_applicant(projects: int | list[Project] = 2, **changes) -> Applicant:
    """A valid applicant for 2024 period 2 (provincial statutory institution).

    ``projects``: how many of three sample projects, or the project list itself.
    """
    base = {
        "name": "王丽华", "title": "工程师", "id_number": valid_id(), "education": "本科",
        "phone": "13857112345", "employer": "浙江省计量科学研究院",
        "employer_address": "浙江省杭州市西湖区学院路60号", "postcode": "310012",
        "region": "杭州市", "employer_type": "省级法定计量检定机构", "period": "2",
        "site": "杭州",
    }
    samples = [Project("力学", "电子天平", "Ⅰ级", "JJG 1036-2022 电子天平检定规程"),
               Project("热工", "玻璃液体温度计", "", "JJG 130-2011 工作用玻璃液体温度计检定规程"),
               Project("长度", "千分尺", "外径千分尺", "JJG 21-2008 千分尺检定规程")]
    rows = samples[:projects] if isinstance(projects, int) else list(projects)
    return Applicant(**{**base, **changes}, projects=tuple(rows))


def table_cells(data: bytes | Path) -> list[list[str]]:
    """The form table's text, one list per row, each merged cell once (python-docx)."""
    from docx import Document

    document = Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    (table,) = document.tables
    rows = []
    for row in table.rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            texts.append(cell.text)
        rows.append(texts)
    return rows


def roster_row(applicant: Applicant, project: Project) -> dict[str, str]:
    return {**applicant.values(), **project.values()}


def write_roster(path: Path, rows: list[dict], *, headers: list[str] | None = None,
                 as_text: bool = True) -> Path:
    """An .xlsx roster with a header row; cells written as text unless ``as_text`` is False."""
    from openpyxl import Workbook

    headers = headers or [*APPLICANT_FIELDS, *PROJECT_FIELDS]
    keys = [*APPLICANT_FIELDS, *PROJECT_FIELDS]
    book = Workbook()
    sheet = book.active
    sheet.title = "报名"
    sheet.append(headers)
    for row in rows:
        if row is None:  # a blank row
            sheet.append([None] * len(headers))
            continue
        sheet.append([row.get(k) for k in keys])
    if as_text:
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                cell.number_format = "@"
    book.save(path)
    return path


def docx_template(path: Path, *paragraphs: str, header: str | None = None) -> Path:
    """A user template: each paragraph one run (so docxtpl sees its tags)."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    document.save(path)
    return path
