"""The lines every command writes on stderr: ``normbook: error: …`` and ``normbook: warning: …``,
and the columns of the tables it prints.

One place, so every part of the command line says them alike (the word in the terminal's
language, the program's name as it is), and a lower part (user data, estimate, forms) need
not import the command line above it.

A terminal gives a Chinese character two columns and a combining accent none, so a column
of a printed table is measured in those columns (:func:`width`), not in characters:
``str.ljust`` would leave a Chinese header wider than the numbers under it.
"""

from __future__ import annotations

import sys
import unicodedata

from .i18n import Domain

_ = Domain(__name__)


def error_line(message: object) -> str:
    """One line of an error: ``normbook: error: ...`` (the word in the current language)."""
    return "normbook: " + _("error: {message}", message=message)


def warning_line(message: object) -> str:
    """One line of a warning: ``normbook: warning: ...``."""
    return "normbook: " + _("warning: {message}", message=message)


def warn(message: object) -> None:
    """Write a warning line on stderr."""
    print(warning_line(message), file=sys.stderr)


def width(text: str) -> int:
    """The columns ``text`` takes on a terminal: 2 for a wide (CJK) character, 0 for a
    combining mark, 1 for any other."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def clipped(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` terminal columns (never half a wide character)."""
    if width(text) <= columns:
        return text
    kept, used = [], 0
    for ch in text:
        used += width(ch)
        if used > columns:
            break
        kept.append(ch)
    return "".join(kept)


def padded(text: str, columns: int, align: str = "<") -> str:
    """``text`` filled with spaces to ``columns`` terminal columns (``>``: on the left)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if align == ">" else text + fill
