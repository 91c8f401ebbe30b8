"""Hostile and broken input files, built on the spot (this module holds no tests).

Each builder writes one file named for what is wrong with it and returns its path. They are
used by tests/test_hostile_files.py and measured by bench/bench_hostile.py.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl

APPLICANT = Path(__file__).parent / "data" / "forms" / "applicant.json"


def _rewrite(src: Path, dst: Path, edit) -> Path:
    """Copy a zip, passing each member's bytes through ``edit(name, data)`` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
    return dst


def roster(path: Path) -> Path:
    """A valid roster workbook: the sample applicant, one row per project, text cells."""
    data = json.loads(APPLICANT.read_text(encoding="utf-8"))
    projects = data.pop("projects")
    book = openpyxl.Workbook()
    book.active.append([*data, *projects[0]])
    for project in projects:
        book.active.append([str(v) for v in (*data.values(), *project.values())])
    book.save(path)
    return path


def roster_csv(path: Path, extra: str = "") -> Path:
    """The same roster as a CSV; ``extra`` is appended to the first data row's last cell."""
    import csv
    import io

    book = openpyxl.load_workbook(roster(path.with_suffix(".xlsx")))
    rows = [[c.value for c in r] for r in book.active.iter_rows()]
    rows[1][-1] = f"{rows[1][-1]}{extra}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def dimension_bomb(folder: Path) -> Path:
    """5 KB: the roster plus one cell at XFD1048576 (Excel's last cell)."""
    path = folder / "bad.dimension-bomb.xlsx"
    book = openpyxl.load_workbook(roster(folder / "base.xlsx"))
    book.active["XFD1048576"] = "x"
    book.save(path)
    return path


def lying_dimension(folder: Path) -> Path:
    """A fine roster whose <dimension> claims A1:XFD1048576: read by content, accepted."""
    return _rewrite(roster(folder / "base.xlsx"), folder / "ok.lying-dimension.xlsx",
                    lambda name, data: re.sub(rb'<dimension ref="[^"]*"/>',
                                              b'<dimension ref="A1:XFD1048576"/>', data)
                    if name.startswith("xl/worksheets/") else data)


def _sheet_edit(folder: Path, name: str, edit) -> Path:
    return _rewrite(roster(folder / "base.xlsx"), folder / name,
                    lambda n, data: edit(data) if n == "xl/worksheets/sheet1.xml" else data)


def doctype(folder: Path) -> Path:
    """A billion-laughs style DOCTYPE in the sheet XML."""
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    return _sheet_edit(folder, "bad.doctype.xlsx",
                       lambda data: lol + re.sub(rb"^<\?xml[^>]*\?>", b"", data))


def malformed_xml(folder: Path) -> Path:
    return _sheet_edit(folder, "bad.malformed-sheet-xml.xlsx",
                       lambda data: data.replace(b"</sheetData>", b"<row></sheetData>"))


def corrupt_deflate(folder: Path) -> Path:
    """The sheet's compressed bytes damaged in the middle (the zip directory intact)."""
    path = roster(folder / "bad.corrupt-deflate.xlsx")
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 60)):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    return path


def shared_string_out_of_range(folder: Path) -> Path:
    return _sheet_edit(folder, "bad.shared-string-index.xlsx", lambda data: re.sub(
        rb'<c r="A2" t="inlineStr"><is><t>[^<]*</t></is></c>',
        b'<c r="A2" t="s"><v>99999</v></c>', data))


def huge_number(folder: Path) -> Path:
    return _sheet_edit(folder, "bad.number-1e400.xlsx", lambda data: re.sub(
        rb'<c r="B2" t="inlineStr"><is><t>[^<]*</t></is></c>', b'<c r="B2"><v>1e400</v></c>',
        data))


def bad_style(folder: Path) -> Path:
    return _sheet_edit(folder, "bad.style-index.xlsx",
                       lambda data: data.replace(b'<c r="A1"', b'<c r="A1" s="9999"', 1))


def no_sheets(folder: Path) -> Path:
    """workbook.xml lists no sheet."""
    return _rewrite(roster(folder / "base.xlsx"), folder / "bad.no-sheets.xlsx",
                    lambda name, data: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data,
                                              flags=re.DOTALL)
                    if name == "xl/workbook.xml" else data)


def encrypted(folder: Path) -> Path:
    """What an encrypted .xlsx looks like from outside: an OLE compound file."""
    path = folder / "bad.encrypted.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    return path


def not_utf8_csv(folder: Path) -> Path:
    path = folder / "periods.csv"
    path.write_bytes("year,period\n2025,第一期\n".encode("gb18030"))
    return path


def huge_csv_field(folder: Path) -> Path:
    path = folder / "years.csv"
    path.write_text(f'year,title\n2025,"{"x" * 200_000}"\n', encoding="utf-8")
    return path


def prices_cell_below_the_grid(folder: Path, prices: Path) -> Path:
    """A prices workbook with a Wages cell in row 1,048,577 (one below Excel's last)."""
    return _rewrite(prices, folder / "bad.row-beyond-the-grid.xlsx", lambda name, data: (
        data.replace(b"</sheetData>", b'<row r="1048577"><c r="A1048577" t="inlineStr"><is>'
                     b"<t>x</t></is></c></row></sheetData>")
        if name == "xl/worksheets/sheet1.xml" else data))


def deep_json(folder: Path) -> Path:
    path = folder / "bad.nested-100000.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    return path


def long_int_json(folder: Path) -> Path:
    data = json.loads(APPLICANT.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False).replace('"period": 2', '"period": ' + "9" * 5000)
    path = folder / "bad.5000-digit-integer.json"
    path.write_text(text, encoding="utf-8")
    return path


def deep_yaml(folder: Path) -> Path:
    path = folder / "bad.nested-10000.yaml"
    path.write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    return path
