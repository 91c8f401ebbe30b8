"""Normbook: the norms of Circular 04/2022/TT-BKHCN as cited data, for Excel and reports.

Importing this package reads no file and imports only the error classes; the query layer
loads on first use and the data on the first query.
"""

from __future__ import annotations

from ._lazy import lazy_exports
from .errors import (
    AmbiguousItem,
    BadArgument,
    DataError,
    LabClassRequired,
    NormError,
    NotInSource,
    UnknownAppendix,
    UnknownComponent,
    UnknownItem,
    UnknownVariant,
    UnknownWork,
)

_LAZY = {"appendices", "items", "lab_classes", "norm", "norm_decimal", "source", "table",
         "table_frame"}


# The query layer (and with it decimal, csv, dataclasses) is imported on first use, so
# Excel's start-up import of the add-in stays fast.
__getattr__ = lazy_exports(__name__, dict.fromkeys(_LAZY, "query"))


__version__ = "0.2.0"

__all__ = [
    "AmbiguousItem", "BadArgument", "DataError", "LabClassRequired", "NormError",
    "NotInSource", "UnknownAppendix", "UnknownComponent", "UnknownItem", "UnknownVariant",
    "UnknownWork", "appendices", "items", "lab_classes", "norm", "norm_decimal", "source",
    "table", "table_frame",
]
