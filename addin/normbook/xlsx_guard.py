"""Check a user's .xlsx before any parser reads it, then load it with every failure one error.

A workbook is a zip of XML files that says how large it is; neither may be trusted. A 5 KB
file whose one extra cell is XFD1048576 declares a sheet of 17 billion cells, and readers that
allocate by the declared dimension (pandas, openpyxl's read-only rows) grow to gigabytes. So,
before openpyxl sees the file, :func:`check` reads the zip's directory and streams each sheet's
XML once, with bounded memory:

- the file must be a zip (an encrypted workbook or an old .xls is an OLE file, said so);
- the uncompressed size of all parts is bounded (no inflating a few KB into gigabytes);
- no part may declare a DOCTYPE (entity tricks; workbooks never need one);
- each sheet's *used* range (the cells that are really there, not the declared dimension)
  must fit the limits of what the input can sensibly be: a roster, a prices workbook ...

Then :func:`load` opens it with openpyxl, turning whatever the parser raises on a damaged file
(malformed XML, a bad shared-string or style index, a corrupt deflate stream) into one
:class:`UnreadableWorkbook` naming the file, and :func:`sheet_rows` reads a read-only sheet by
its content, never by its declared dimension.

With ``defusedxml`` installed (a dependency), openpyxl parses sheets through it as its own
documentation advises for untrusted files; the DOCTYPE check here makes the refusal a clear
message rather than a parser exception.

A refusal keeps the file's name and the problem's :class:`~normbook.i18n.Message` with its
facts, and is said in the language of the place that shows it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BadArgument, shown
from .i18n import Domain, Message

_ = Domain(__name__)

#: What an OLE compound file starts with: an encrypted .xlsx or a legacy .xls.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: All parts together, uncompressed: far above any roster or prices workbook.
MAX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_PARTS = 10_000
#: Bytes of each XML part read for a DOCTYPE (it can only come before the root element).
PROLOGUE = 4096
CHUNK = 1 << 20
_CELL = re.compile(rb"<(?:\w+:)?c(?=[\s>/])(?:[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\")?")
_ROW = re.compile(rb"<(?:\w+:)?row(?=[\s>/])[^>]*?\sr=\"([0-9]{1,7})\"")


class UnreadableWorkbook(BadArgument):
    """A user's workbook cannot be read safely: damaged, encrypted, or beyond the limits.

    Args:
        file: the workbook's file name, as the message names it.
        problem: what is wrong with it (a predicate: "is damaged ..."), said where shown.
    """

    def __init__(self, file: str, problem: Message):
        self.file = file
        self.problem = problem
        super().__init__(_.later("{file}: {problem}", file=file, problem=problem))


@dataclass(frozen=True)
class Limits:
    """The largest a kind of input can sensibly be; the used range of every sheet must fit."""

    what: Message  # "a roster", "a prices workbook" ... for the message
    rows: int
    columns: int
    cells: int  # cell elements in one sheet, empty styled ones included

    @property
    def said(self) -> Message:
        """The limits in words: 200,000 rows, 200 columns and 4,000,000 cells."""
        return _.later("{rows:n} rows, {columns:n} columns and {cells:n} cells",
                       rows=self.rows, columns=self.columns, cells=self.cells)

    def __str__(self) -> str:
        return self.said.render()


ROSTER = Limits(_.later("a roster"), 200_000, 200, 4_000_000)
PRICES = Limits(_.later("a prices workbook"), 100_000, 60, 2_000_000)
EXAM_TABLES = Limits(_.later("a workbook of exam tables"), 100_000, 100, 2_000_000)
#: A workbook to freeze is the user's own: generous, but no sheet the size of Excel's grid.
FREEZE = Limits(_.later("a workbook to freeze"), 1_048_576, 16_384, 10_000_000)
#: Freeze reads cells by the used range: bound its area as well as the cells in it.
FREEZE_AREA = 50_000_000


@dataclass(frozen=True)
class SheetExtent:
    """What a sheet's XML really holds."""

    part: str
    name: str
    rows: int  # the highest row number used
    columns: int  # the highest column number used
    cells: int

    @property
    def used_range(self) -> str:
        return f"A1:{column_letters(self.columns or 1)}{self.rows or 1}"


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for c in letters:
        number = number * 26 + c - 64
    return number


def _refuse(path: Path, problem: Message) -> UnreadableWorkbook:
    return UnreadableWorkbook(path.name, problem)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        with path.open("rb") as f:
            head = f.read(len(OLE_MAGIC))
    except OSError as exc:
        raise _refuse(path, _.later("cannot read it ({why})",
                                    why=exc.strerror or exc)) from None
    if head == OLE_MAGIC:
        raise _refuse(path, _.later("is password-protected or an old .xls file; open it in "
                                    "Excel and save it as .xlsx (Excel Workbook) without a "
                                    "password"))
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, _.later("is not an .xlsx workbook ({why}); open it in Excel and "
                                    "save it as .xlsx", why=exc)) from None


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from workbook.xml and its relationships (best effort)."""
    from xml.etree import ElementTree

    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            names[part] = sheet.get("name", part)
    return names


def _extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> SheetExtent:
    rows = columns = cells = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            data = tail + chunk
            # a tag cut at the chunk's end is read with the next chunk
            cut = data.rfind(b"<")
            scan, tail = (data[:cut], data[cut:]) if cut > len(data) - 512 else (data, b"")
            for match in _CELL.finditer(scan):
                cells += 1
                if match.group(1):
                    columns = max(columns, _column_number(match.group(1)))
                    rows = max(rows, int(match.group(2)))
            for match in _ROW.finditer(scan):
                rows = max(rows, int(match.group(1)))
    return SheetExtent(info.filename, name, rows, columns, cells)


def check(path: Path | str, limits: Limits, *, max_area: int | None = None
          ) -> list[SheetExtent]:
    """Refuse a workbook that is not a safe .xlsx or has a sheet beyond ``limits``.

    Returns what each sheet really holds. Memory stays bounded whatever the file declares.

    Raises:
        UnreadableWorkbook: the message names the file, the sheet and what is wrong.
    """
    path = Path(path)
    with _open_zip(path) as archive:
        try:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _refuse(path, _.later("has {parts:n} parts; a workbook has a few dozen",
                                            parts=len(infos)))
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                raise _refuse(path, _.later(
                    "unpacks to {size:n} MB, more than {limit:n} MB; it is not {what}",
                    size=round(total / 2**20), limit=round(MAX_UNCOMPRESSED / 2**20),
                    what=limits.what))
            if any(i.flag_bits & 0x1 for i in infos):
                raise _refuse(path, _.later("is encrypted; save it again without a password"))
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(info) as stream:
                        head = stream.read(PROLOGUE)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _refuse(path, _.later(
                            "its part {part} declares a DOCTYPE, which no workbook needs (it "
                            "can make a reader expand entities); save the file again from "
                            "Excel", part=info.filename))
            names = _sheet_names(archive)
            extents = [_extent(archive, i, names.get(i.filename, i.filename)) for i in infos
                       if i.filename.startswith("xl/worksheets/") and
                       i.filename.endswith(".xml")]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
            raise _refuse(path, _.later("is damaged ({why}); open it in Excel and save it "
                                        "again", why=exc)) from None
    for e in extents:
        area = e.rows * e.columns
        if e.rows > limits.rows or e.columns > limits.columns or e.cells > limits.cells or \
                (max_area is not None and area > max_area):
            raise _refuse(path, _.later(
                "sheet {sheet} uses the range {range} ({rows:n} rows × {columns:n} columns, "
                "{cells:n} cells), beyond what {what} can be (at most {limits}); delete the "
                "rows and columns beyond your data and save it again", sheet=repr(e.name),
                range=e.used_range, rows=e.rows, columns=e.columns, cells=e.cells,
                what=limits.what, limits=limits.said))
    return extents


@contextmanager
def reading(path: Path | str) -> Iterator[None]:
    """Turn whatever openpyxl raises on a damaged workbook into one UnreadableWorkbook.

    The parser of an untrusted file can raise nearly anything (ParseError, IndexError for a
    bad shared-string or style index, zlib.error, ValueError ...); each is the file's fault.
    """
    try:
        yield
    except BadArgument:
        raise
    except MemoryError:
        raise _refuse(Path(path), _.later("is too large to read")) from None
    except Exception as exc:  # the parser of an untrusted file: see the docstring
        raise _refuse(Path(path), _.later(
            "cannot be read ({error}: {why}); open it in Excel and save it again as .xlsx",
            error=type(exc).__name__, why=_first_line(exc))) from None


def _first_line(exc: BaseException) -> str:
    """A parser's message as one short line: its first line only (openpyxl adds lines of
    advice about 'the exception' that a user of Normbook never sees)."""
    lines = str(exc).strip().splitlines()
    return shown(lines[0] if lines else "", 160, quote=False)


def load(path: Path | str, limits: Limits, *, max_area: int | None = None,
         **options: Any) -> Any:
    """:func:`check`, then ``openpyxl.load_workbook(path, **options)`` guarded by :func:`reading`.

    Raises:
        UnreadableWorkbook: damaged, encrypted, not a workbook, beyond ``limits``, no sheets.
    """
    import openpyxl

    check(path, limits, max_area=max_area)
    with reading(path):
        book = openpyxl.load_workbook(path, **options)
    if not book.sheetnames:
        raise _refuse(Path(path), _.later("has no sheets"))
    return book


def sheet_rows(path: Path | str, ws: Any) -> list[tuple]:
    """A read-only sheet's values row by row, by its content (the declared dimension of the
    sheet is dropped first, so nothing is padded to it)."""
    with reading(path):
        ws.reset_dimensions()
        return [tuple(row) for row in ws.iter_rows(values_only=True)]
