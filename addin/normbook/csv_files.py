"""Read a CSV a user made: UTF-8 strictly, separated by commas, semicolons or tabs.

Reference data carries citations of legal acts; a wrong guess of the encoding would change
their words without a trace, so only UTF-8 (with or without Excel's byte-order mark) is read
and anything else is refused with how to save the file right.
"""

from __future__ import annotations

import csv
import io
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


def grid(text: str) -> list[list[str]]:
    """Rows of cells; the separator is whichever of , ; or tab the header line uses most
    (Excel writes semicolons where the comma is the decimal mark)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_grid(path: Path | Any, label: str) -> list[list[str]]:
    """The rows of a CSV at ``path`` (a Path or an importlib Traversable).

    Raises:
        BadArgument: it cannot be read, or is not UTF-8.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadArgument(f"{label}: cannot read it ({exc.strerror or exc})") from None
    return grid(decode(data, label))


def header_and_rows(table: list[list[str]]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (stripped) and the non-blank rows as (row number, column -> cell)."""
    header = [h.strip() for h in table[0]] if table else []
    rows = [(n, dict(zip(header, cells, strict=False)))
            for n, cells in enumerate(table[1:], start=2) if any(c.strip() for c in cells)]
    return header, rows
