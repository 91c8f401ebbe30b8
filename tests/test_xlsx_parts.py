"""Comment drawings of every workbook Normbook writes have shape ids unique in the workbook,
one block of 1,024 per drawing, as Excel writes them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from normbook.cli import main
from normbook.xlsx_parts import unique_comment_ids, workbook_bytes


def comment_ids(path_or_bytes) -> dict[str, tuple[str, list[int]]]:
    """Each comment drawing: its idmap data and its shapes' numeric ids."""
    source = path_or_bytes if isinstance(path_or_bytes, Path) else __import__("io").BytesIO(
        path_or_bytes)
    out = {}
    with zipfile.ZipFile(source) as z:
        for name in z.namelist():
            if re.fullmatch(r"xl/drawings/commentsDrawing\d+\.vml", name):
                vml = z.read(name).decode("utf-8")
                data = re.search(r'idmap\b[^>]*\bdata="([^"]*)"', vml).group(1)
                ids = [int(x) for x in re.findall(r'<(?:\w+:)?shape\b[^>]*?\bid="_x0000_s(\d+)"',
                                                   vml)]
                out[name] = (data, ids)
    return out


def assert_unique(drawings: dict[str, tuple[str, list[int]]]) -> None:
    every = [i for _, ids in drawings.values() for i in ids]
    assert len(every) == len(set(every))
    for data, ids in drawings.values():
        blocks = [int(b) for b in data.split(",")]
        assert all(b * 1024 < i < (b + 1) * 1024 for i in ids for b in [i // 1024])
        assert {i // 1024 for i in ids} <= set(blocks)
    all_blocks = [b for data, _ in drawings.values() for b in data.split(",")]
    assert len(all_blocks) == len(set(all_blocks))


def test_openpyxl_alone_repeats_the_ids_and_the_fix_separates_them():
    book = openpyxl.Workbook()
    for title in ("A", "B", "C"):
        sheet = book.create_sheet(title)
        for row in range(1, 4):
            sheet.cell(row, 1, row).comment = Comment(f"{title}{row}", "test")
    import io

    plain = io.BytesIO()
    book.save(plain)
    before = comment_ids(plain.getvalue())
    assert len({d for d, _ in before.values()}) == 1  # openpyxl: data="1" everywhere
    after = comment_ids(unique_comment_ids(plain.getvalue()))
    assert_unique(after)
    assert [data for data, _ in sorted(after.values())] == ["1", "2", "3"]
    assert comment_ids(workbook_bytes(book)) == after


def test_a_drawing_of_more_than_1024_comments_takes_two_blocks():
    book = openpyxl.Workbook()
    for title, count in (("big", 1500), ("small", 2)):
        sheet = book.create_sheet(title)
        for row in range(1, count + 1):
            sheet.cell(row, 1, row).comment = Comment("x", "test")
    after = comment_ids(workbook_bytes(book))
    assert_unique(after)
    assert sorted(data for data, _ in after.values()) == ["1,2", "3"]


@pytest.mark.parametrize("args", [
    ["estimate", "--appendix", "VI", "--appendix", "XXV", "--variant", "XXV=PTN1",
     "--year", "2026", "-o", "out"],
    ["workbook", "-o", "norms.xlsx"],
    ["excel-starter", "-o", "starter.xlsx"],
    ["prices-template", "--appendix", "VI", "-o", "prices.xlsx"],
])
def test_every_workbook_normbook_writes(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 0
    written = [p for p in tmp_path.rglob("*.xlsx")]
    assert written
    for path in written:
        drawings = comment_ids(path)
        if len(drawings) > 1:
            assert_unique(drawings)
        book = openpyxl.load_workbook(path, data_only=True)  # still a workbook openpyxl reads
        # a whole number never shows a trailing point ("22." in Excel and Gnumeric)
        trailing = [(ws.title, c.coordinate, c.number_format) for ws in book.worksheets
                    for row in ws.iter_rows() for c in row
                    if isinstance(c.value, int | float) and not isinstance(c.value, bool)
                    and c.value == int(c.value) and c.number_format.endswith((".#", ".##",
                                                                              ".###"))]
        assert trailing == [], path.name
