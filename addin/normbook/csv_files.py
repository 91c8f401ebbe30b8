"""Read a CSV a user made: UTF-8 strictly, separated by commas, semicolons or tabs.

Reference data carries citations of legal acts; a wrong guess of the encoding would change
their words without a trace, so only UTF-8 (with or without Excel's byte-order mark) is read
and anything else is refused with how to save the file right.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from .errors import BadArgument


def decode(data: bytes, label: str) -> str:
    """The text of a user's CSV; BadArgument, naming the byte, when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise BadArgument(f"{label}: not UTF-8 text (byte 0x{bad} at position {exc.start}); "
                          "save it from Excel as \"CSV UTF-8 (Comma delimited)\"") from None


def grid(text: str, label: str = "the file") -> list[list[str]]:
    """Rows of cells; the separator is whichever of , ; or tab the header line uses most
    (Excel writes semicolons where the comma is the decimal mark).

    Raises:
        BadArgument: the CSV cannot be parsed (a field beyond the csv module's size limit).
    """
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(r) for r in reader]
    except csv.Error as exc:
        raise BadArgument(f"{label}, line {reader.line_num}: not readable as CSV ({exc}); "
                          "a quote without its closing quote runs to the end of the file") \
            from None


#: Characters no cell of reference data may hold: control characters, line breaks and tabs
#: among them (a line break inside a cell is a quote left open: the rows after it vanish).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


#: The longest cell of reference data (a citation runs to a few hundred characters).
MAX_CELL = 10_000


def control_problem(value: str) -> str | None:
    """Why a cell's text cannot be reference data (a control character, a line break, a
    length no citation has), or None."""
    if len(value) > MAX_CELL:
        return (f"holds {len(value):,} characters, more than the {MAX_CELL:,} a cell of "
                "reference data may hold: a quote left open?")
    found = _CONTROL.search(value)
    if found is None:
        return None
    if found.group() in "\r\n":
        return ("holds a line break: a quote (\") without its closing quote swallows the rows "
                "after it; close the quote or remove the line break")
    return (f"holds the control character U+{ord(found.group()):04X} at position "
            f"{found.start() + 1}; retype the text")


def read_grid(path: Path | Any, label: str) -> list[list[str]]:
    """The rows of a CSV at ``path`` (a Path or an importlib Traversable).

    Raises:
        BadArgument: it cannot be read, or is not UTF-8.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadArgument(f"{label}: cannot read it ({exc.strerror or exc})") from None
    return grid(decode(data, label), label)


def header_and_rows(table: list[list[str]], label: str
                    ) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """The header, the non-blank rows as (row number, column -> cell), and the problems.

    Empty header cells at the end (Excel leaves them) are dropped. A problem is a cell beyond
    the header, or a cell with a control character or line break, each with its row and column.
    """
    header = [h.strip() for h in table[0]] if table else []
    while header and not header[-1]:
        header.pop()
    problems, rows = [], []
    for n, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        extra = [c for c in cells[len(header):] if c.strip()]
        if extra:
            problems.append(f"{label}, row {n}: {len(header) + len(extra)} cells but the header "
                            f"has {len(header)}; the text after the last column ({extra[0]!r}) "
                            "would be lost: quote a cell holding the separator")
        row = dict(zip(header, cells, strict=False))
        for column, value in row.items():
            why = control_problem(value)
            if why:
                problems.append(f"{label}, row {n}, column {column}: {why}")
        rows.append((n, row))
    return header, rows, problems
