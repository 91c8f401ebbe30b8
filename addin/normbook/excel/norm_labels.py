"""The norms data's column names and codes in the reader's words, for the excel part.

The table is the core's (:mod:`normbook.extract.labels`), shared with the command line;
this module keeps the names the excel part imports.
"""

from __future__ import annotations

from ..extract.labels import CODES, COLUMN_LABELS, LABEL_COLUMNS, SECTIONS, code_label, header

__all__ = ["CODES", "COLUMN_LABELS", "LABEL_COLUMNS", "SECTIONS", "code_label", "header"]
