"""Normbook's Excel functions for xlwings Lite: paste this file into the Lite editor's main.py.

xlwings Lite registers every function decorated with xlwings' ``@func`` that main.py holds,
whether defined or imported there, so importing the functions from ``normbook.udfs`` is
all it takes: =NORM, =NORM_TABLE, =NORM_ITEMS, =NORM_APPENDICES, =NORM_SOURCE, the exam
timetable's =EXAM_DATE, =EXAM_PERIODS, =EXAM_OPEN_PERIOD, the costs' =LABOUR_RATE,
=NORM_COST, and =NORM_DATA (which data they answer from). Lite runs in the browser and cannot
read the computer's disk, so these functions answer from the data shipped in the wheel only:
years, decrees and holidays added with ``normbook data add`` are not seen here. The script
"考核申请表 (selected rows)" (``application_forms``) checks the selected rows of an exam roster
and writes their application forms to Lite's Files area. The estimate's scripts work on the
set-up sheet of the starter workbook (``normbook excel-starter``), and Lite lists them by
their Vietnamese names: "Normbook: lập dự toán" (build) writes the estimate as sheets of the
workbook and its justification to the Files area, "Normbook: lập lại thuyết minh"
(re-justify) rewrites the justification of the sheets as they are now, "Normbook: so sánh với
dự toán năm trước" (compare) adds the Comparison sheet, "Normbook: điền số lần thực hiện"
(fill in the counts) lists the works of the chosen appendices.

First put normbook into Lite's requirements.txt tab (the line is in requirements-lite.txt
beside this file), then restart Lite if it asks to. The wheel is pure Python (py3-none-any),
so the same file serves Windows, macOS and Excel on the web. Which line to paste:

* normbook from PyPI (once published): ``normbook==0.2.0``. The exact pin keeps a workbook's
  norms from changing under it when a new release revises the data.
* before that, or for an unreleased build: the wheel's URL, e.g.
  ``https://example.org/wheels/normbook-0.2.0-py3-none-any.whl``. Lite downloads it from
  inside Excel's browser, so the server must send CORS headers (GitHub Pages and
  raw.githubusercontent.com do).
* a self-hosted Lite with a private package index (XLWINGS_PYPI_INDEX_URL): publish the wheel
  there and paste ``normbook==0.2.0``.

This file is not part of the normbook wheel; it lives beside the package for Lite users.
"""

from normbook.excel.estimate_lite import (
    estimate_build,
    estimate_compare,
    estimate_counts,
    estimate_rejustify,
)
from normbook.forms.excel import application_forms
from normbook.udfs import (
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

__all__ = ["application_forms", "estimate_build", "estimate_compare", "estimate_counts",
           "estimate_rejustify", "exam_date", "exam_open_period", "exam_periods", "labour_rate",
           "norm", "norm_appendices", "norm_cost", "norm_data", "norm_items", "norm_source",
           "norm_table"]
