"""The module Excel names for Normbook's worksheet functions: ``UDF Modules = normbook.udfs``.

Classic xlwings' "Import Functions" writes VBA that calls ``XLPy.CallUDF("normbook.udfs", ...)``
and Office.js (xlwings Server and Lite) finds each function by its name in the module it is
given, so this name stays. The functions live in :mod:`normbook.excel.functions`; this module
re-exports them and nothing else (xlwings registers whatever it finds here).

Importing it on the Office.js path also makes each call speak its Excel's language
(:mod:`normbook.excel.culture`).
"""

from .excel import culture as _culture
from .excel.functions import OFFICE_JS as _OFFICE_JS
from .excel.functions import (
    exam_date,
    exam_open_period,
    exam_periods,
    labour_rate,
    norm,
    norm_appendices,
    norm_cost,
    norm_data,
    norm_items,
    norm_source,
    norm_table,
)

__all__ = ["exam_date", "exam_open_period", "exam_periods", "labour_rate", "norm",
           "norm_appendices", "norm_cost", "norm_data", "norm_items", "norm_source",
           "norm_table"]

_culture.install(_OFFICE_JS)
