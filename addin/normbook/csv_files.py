"""Read a CSV a user made: UTF-8 strictly, separated by commas, semicolons or tabs.

Reference data carries citations of legal acts; a wrong guess of the encoding would change
their words without a trace, so only UTF-8 (with or without Excel's byte-order mark) is read
and anything else is refused with how to save the file right.

Problems are said in the language of the place that shows them: an error keeps its
:class:`~normbook.i18n.Message` and its facts; :func:`control_problem` returns one.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from .errors import BadArgument, shown
from .i18n import Domain, Message

_ = Domain(__name__)


def decode(data: bytes, label: str) -> str:
    """The text of a user's CSV; BadArgument, naming the byte, when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise BadArgument(_.later(
            "{label}: not UTF-8 text (byte 0x{byte} at position {position}); save it from "
            "Excel as \"CSV UTF-8 (Comma delimited)\"", label=label, byte=bad,
            position=exc.start)) from None


def grid(text: str, label: str | Message | None = None) -> list[list[str]]:
    """Rows of cells; the separator is whichever of , ; or tab the header line uses most
    (Excel writes semicolons where the comma is the decimal mark).

    Args:
        text: the CSV's text.
        label: how a message names the file (its name); none: "the file".

    Raises:
        BadArgument: the CSV cannot be parsed (a field beyond the csv module's size limit).
    """
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(r) for r in reader]
    except csv.Error as exc:
        raise BadArgument(_.later(
            "{label}, line {line}: not readable as CSV ({why}); a quote without its closing "
            "quote runs to the end of the file", label=_THE_FILE if label is None else label,
            line=reader.line_num, why=exc)) from None


#: How a message names a CSV whose name it was not given.
_THE_FILE = _.later("the file")


#: Characters no cell of reference data may hold: control characters, line breaks and tabs
#: among them (a line break inside a cell is a quote left open: the rows after it vanish).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


#: The longest cell of reference data (a citation runs to a few hundred characters).
MAX_CELL = 10_000


def control_problem(value: str) -> Message | None:
    """Why a cell's text cannot be reference data (a control character, a line break, a
    length no citation has), or None.

    The reason is a predicate of the cell, said where it is shown: ``f"{column} {why}"`` or
    ``str(why)`` in the current language, ``why.render(lang)`` in another.
    """
    if len(value) > MAX_CELL:
        return _.later("holds {length:n} characters, more than the {limit:n} a cell of "
                       "reference data may hold: a quote left open?", length=len(value),
                       limit=MAX_CELL)
    found = _CONTROL.search(value)
    if found is None:
        return None
    if found.group() in "\r\n":
        return _.later("holds a line break: a quote (\") without its closing quote swallows "
                       "the rows after it; close the quote or delete the line break")
    return _.later("holds the control character U+{code} at position {position}; retype the "
                   "text", code=format(ord(found.group()), "04X"), position=found.start() + 1)


def read_grid(path: Path | Any, label: str) -> list[list[str]]:
    """The rows of a CSV at ``path`` (a Path or an importlib Traversable).

    Raises:
        BadArgument: it cannot be read, or is not UTF-8.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadArgument(_.later("{label}: cannot read it ({why})", label=label,
                                  why=exc.strerror or exc)) from None
    return grid(decode(data, label), label)


def header_and_rows(table: list[list[str]], label: str
                    ) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """The header, the non-blank rows as (row number, column -> cell), and the problems.

    Empty header cells at the end (Excel leaves them) are dropped. A problem is a cell beyond
    the header, or a cell with a control character or line break, each with its row and column,
    said now in the current language (the callers keep problems as text).
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
            problems.append(_(
                "{label}, row {row}: {cells} cells but the header has {columns}; the text "
                "after the last column ({value}) would be lost: quote a cell holding the "
                "separator", label=label, row=n, cells=len(header) + len(extra),
                columns=len(header), value=shown(extra[0])))
        row = dict(zip(header, cells, strict=False))
        for column, value in row.items():
            why = control_problem(value)
            if why:
                problems.append(_("{label}, row {row}, column {column}: {problem}",
                                  label=label, row=n, column=column, problem=why))
        rows.append((n, row))
    return header, rows, problems
