"""Fuzz every worksheet function through xlwings' Office.js call path.

Whatever Excel could send (scalars, blanks, ranges, error cells, odd numbers and text), no
exception escapes ``custom_functions_call`` and every cell of the result is a value or an Excel
error text. XLWINGS_ON_SERVER is set in tests/conftest.py before xlwings is imported.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math

import xlwings
import xlwings.server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import normbook.udfs

FUNCTIONS = ("norm", "norm_table", "norm_items", "norm_appendices", "norm_source",
             "exam_date", "exam_periods", "exam_open_period", "labour_rate", "norm_cost")
ERROR_CODES = ("#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#REF!")
WORDS = ("VI", "vi", "XXV", "XXXI", "XL", "0", "6", "labour", "labour_direct", "equipment",
         "material", "materials", "material_use", "works", "irregularities", "labour_steps",
         "PTN1", "PTN2", "ptn 2", "Giấy", "Máy hút ẩm", "may", "1+2", "#N/A", "",
         "2024", "theory", "practical_end", "registration_start", "2024-03-01",
         "V.05.02.07", "V.05.02.06", "2/9", "1/8", "3/12", "Điện năng", "Giấy")

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.integers(min_value=0, max_value=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([6.0, 25.0, 1.0, 2.0, 45658.0, 0.5]),
    st.text(max_size=40),
    st.sampled_from(WORDS),
    st.builds(lambda code: {"type": "Error", "basicType": "Error", "basicValue": code,
                            "errorType": "Value"}, st.sampled_from(ERROR_CODES)),
)
matrices = st.integers(1, 3).flatmap(
    lambda width: st.lists(st.lists(cells, min_size=width, max_size=width),
                           min_size=1, max_size=3))
arguments = st.one_of(
    st.none(),                      # an omitted optional argument
    cells.map(lambda c: [[c]]),     # one cell
    matrices,                       # a range
)
# Arguments that often make a valid call, so results other than errors get checked too.
plausible = st.one_of(
    st.none(),
    st.sampled_from(WORDS).map(lambda w: [[w]]),
    st.sampled_from([1, 2, 3, 6, 6.0, 25, 1.0, 2.0, 2024, 2024.0, 45352.0]).map(lambda n: [[n]]),
)


class _Faults(logging.Handler):
    """Unexpected faults are logged with their traceback (the cell only shows #VALUE!)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


FAULTS = _Faults()
logging.getLogger("normbook").addHandler(FAULTS)


def _arity(name: str) -> int:
    return len(inspect.signature(getattr(normbook.udfs, name)).parameters)


def _check_cell(value) -> None:
    if isinstance(value, dict):  # runtime >= 1.4: an error value, or a date as formatted number
        assert value["type"] in ("Error", "FormattedNumber"), value
        if value["type"] == "FormattedNumber":
            assert math.isfinite(value["basicValue"]), value
    elif isinstance(value, str):
        assert "Traceback" not in value
        assert "internal error" not in value, value  # a bug, not a bad argument
        if value.startswith("#") and " " in value and value.split(" ", 1)[0] in ERROR_CODES:
            assert len(value) <= 120, value
    elif isinstance(value, float):
        assert math.isfinite(value), value
    else:
        assert isinstance(value, (int, bool)), value


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FUNCTIONS), data=st.data(),
       runtime=st.sampled_from(["1.4", "1.3"]))
def test_no_exception_escapes(name: str, data, runtime: str) -> None:
    arity = _arity(name)
    args = data.draw(st.one_of(st.lists(arguments, min_size=arity, max_size=arity),
                               st.lists(plausible, min_size=arity, max_size=arity)))
    payload = {"client": "Office.js", "func_name": name, "args": args,
               "caller_address": "[Book1.xlsx]Sheet1!A1", "culture_info_name": "en-US",
               "date_format": "M/d/yyyy", "version": xlwings.__version__, "runtime": runtime}
    FAULTS.records.clear()
    result = asyncio.run(xlwings.server.custom_functions_call(payload, normbook.udfs))
    assert not FAULTS.records, [r.getMessage() for r in FAULTS.records]  # a bug, not bad input
    assert isinstance(result, list) and result, result
    width = len(result[0])
    for row in result:
        assert isinstance(row, list) and len(row) == width
        for value in row:
            _check_cell(value)


@settings(max_examples=80)
@given(appendix=st.one_of(st.sampled_from(["VI", 6, 6.0, "6", " vi "]), st.integers(1, 31)),
       blank=st.sampled_from([None, [[None]], [[""]]]))
def test_blank_optionals_never_change_the_answer(appendix, blank) -> None:
    def call(*args):
        payload = {"client": "Office.js", "func_name": "norm", "args": list(args),
                   "caller_address": "[Book1.xlsx]Sheet1!A1", "culture_info_name": "en-US",
                   "date_format": "M/d/yyyy", "version": xlwings.__version__,
                   "runtime": "1.4"}
        return asyncio.run(xlwings.server.custom_functions_call(payload, normbook.udfs))

    assert call([[appendix]], [["labour"]], blank, blank, blank) == \
        call([[appendix]], [["labour"]], None, None, None)
