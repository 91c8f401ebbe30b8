"""Excel worksheet functions: =NORM, =NORM_TABLE, ... and the exam timetable's =EXAM_DATE, ...

Thin wrappers over :mod:`normbook.query` for xlwings (classic, Lite and Server). Excel hands
every argument over as it likes: a 1x1 matrix, a float for a whole number, ``""`` or ``None``
for an empty cell, ``None`` for an error cell. Each function normalises its arguments, asks the
query layer, and never raises: a miss comes back as an Excel error, a real ``#N/A`` on the
Office.js runtimes and a short text such as ``#N/A unknown appendix 'XL' (I..XXXI)`` in classic
xlwings (see :mod:`normbook.excel.cell_errors`). An error cell given as an argument propagates.

Codes stay codes: a spilled table keeps each column where it has always been, with the data's
codes (``upkeep``, ``per_year``, ``chuyen_mon``), because formulas compare them and pick
columns by position (``FILTER(T#, INDEX(T#,,3)="upkeep")``), and the arguments take codes.
In Vietnamese and Chinese a reader also reads each code in words: a column per code column
is appended at the right end of the table (``kind (said in words)``), so no column moves.
English answers as it always has, no wider: a wider spill could meet a filled cell (#SPILL!).

Importing this module imports xlwings and nothing heavy of ours: the query layer and the data
load on the first call; pandas and docxtpl are never needed here. Excel names these functions
by the module :mod:`normbook.udfs` (``UDF Modules`` in classic xlwings, Office.js payloads),
which re-exports them.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from datetime import date, datetime, timedelta

import xlwings as xw

import normbook

from ..errors import BadArgument, ErrorValueArgument, NotInSource, shown
from ..i18n import Domain, current
from .cell_errors import excel_error
from .function_help import EXAMS, described
from .function_help import language as _help_language

# Messages render when raised: a call runs in its Excel's language (excel.culture).
_ = Domain(__name__)

#: The worksheet functions, for tools that need the list (normbook freeze; normbook.udfs).
__all__ = ["exam_date", "exam_open_period", "exam_periods", "labour_rate", "norm",
           "norm_appendices", "norm_cost", "norm_data", "norm_items", "norm_source",
           "norm_table"]

#: Arguments that take a range rather than one cell (normbook freeze reads them as 2-D lists).
RANGE_ARGUMENTS = {"norm_cost": ("prices",)}

#: True where Excel calls us through Office.js: xlwings Lite runs in Pyodide (emscripten) and
#: xlwings Server sets XLWINGS_ON_SERVER. There an error code becomes a real error value; in
#: classic xlwings (Windows COM) only text can carry the message.
OFFICE_JS = (sys.platform == "emscripten"
             or os.environ.get("XLWINGS_ON_SERVER", "").strip().lower() in ("true", "1", "yes"))

#: What Excel error cells look like once xlwings reads them with ``err_to_str=True``.
EXCEL_ERROR_TEXTS = frozenset({"#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
                               "#REF!", "#SPILL!", "#CALC!", "#FIELD!", "#BUSY!", "#CONNECT!",
                               "#BLOCKED!", "#UNKNOWN!", "#GETTING_DATA"})

# The help Excel's function wizard shows, rendered when the functions are registered
# (function_help): the circular's and the guide's terms stay in brackets, codes as typed.
APPENDIX_DOC = _.later("Appendix (Phụ lục): VI or 6")
COMPONENT_DOC = _.later("labour (công), labour_direct, labour_indirect, equipment (thiết bị), "
                        "material (vật tư), material_use")
WORK_DOC = _.later("Optional work number (công việc), e.g. 2; empty for the whole appendix")
TABLE_COMPONENT_DOC = _.later("labour (công), equipment (thiết bị) or material (vật tư)")
ITEMS_COMPONENT_DOC = _.later("equipment (thiết bị) or material (vật tư)")
ITEM_DOC = _.later("Equipment or material name (tên), or a unique start of it (equipment and "
                   "material only)")
# "Variant" is a reserved word of VBA: classic xlwings would generate a wrapper that does not
# compile, so the Excel argument is called lab_class (the Python API's keyword is variant).
LAB_CLASS_DOC = _.later("Lab class (loại PTN) PTN1 or PTN2, where the appendix has both")
LAB_CLASSES_DOC = _.later("Lab class (loại PTN) PTN1 or PTN2, where the appendix has both; "
                          "empty shows every class")
BUDGET_YEAR_DOC = _.later("Budget year (năm), e.g. 2026")

#: The header rows of the spilled tables as English has always written them. They are labels
#: (a formula picks a spilled column by its position, INDEX(C24#,,5)), said in the calling
#: Excel's language; _HEADER_KEYS names the column each one is (norm_labels.COLUMN_LABELS).
LABOUR_HEADER = ["work", "category", "rank", "grade", "class", "công"]
EQUIPMENT_HEADER = ["work", "name", "unit", "spec", "shifts"]
MATERIAL_HEADER = ["work", "name", "unit", "spec", "use", "consumption"]
APPENDIX_HEADER = ["id", "standard", "kind"]
_HEADER_KEYS = {"class": "lab_class", "công": "cong", "id": "appendix"}


def _language_of_help(readers: str) -> str:
    """The language the functions' help is registered in (function_help.language)."""
    return _help_language(readers, OFFICE_JS)


#: ``@_help(description, readers, **arguments)``: a function's help in Excel's wizard.
_help = functools.partial(described, language=_language_of_help)


def _worded(table: str, header: list[str], body: list[list]) -> tuple[list[str], list[list]]:
    """In Vietnamese and Chinese, each code column's words appended at the right end (the
    codes stay where formulas find them); English as it was."""
    if current() == "en":
        return header, body
    from .norm_labels import LABEL_COLUMNS, code_label

    coded = [(i, key) for i, key in enumerate(_HEADER_KEYS.get(h, h) for h in header)
             if key in LABEL_COLUMNS]
    if not coded:
        return header, body
    return ([*header, *(LABEL_COLUMNS[key] for _i, key in coded)],
            [[*row, *(code_label(table, key, row[i]) for i, key in coded)] for row in body])


def _header(names: list[str]) -> list[str]:
    """A spilled table's header row in the current language (English as written)."""
    from .norm_labels import header

    return [header(_HEADER_KEYS.get(name, name), english=name) for name in names]


# ---- arguments and results ---------------------------------------------------------------

def _scalar(value, name: str, required: bool = False):
    """One cell's value: 1x1 matrices unwrapped, 6.0 -> 6, "" -> None, text stripped."""
    while isinstance(value, (list, tuple)):
        cells = [c for row in value for c in (row if isinstance(row, (list, tuple)) else [row])]
        if len(cells) != 1:
            raise BadArgument(_("{name} takes one cell, not a range of {n} cells", name=name,
                                n=len(cells)))
        value = cells[0]
    if isinstance(value, str):
        if value in EXCEL_ERROR_TEXTS:
            raise ErrorValueArgument(name, value)
        value = value.strip() or None
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    elif value is not None and not isinstance(value, (bool, int, float)):
        raise BadArgument(_("{name} must be text or a number, not {kind}", name=name,
                            kind=type(value).__name__))
    if value is None and required:
        raise BadArgument(_("{name} is empty", name=name))
    return value


def _norm_arguments(appendix, component, work, item, lab_class):
    """NORM's and NORM_SOURCE's cells as the query layer's arguments."""
    args = (_scalar(appendix, "appendix", required=True),
            _scalar(component, "component", required=True))
    kwargs = {"work": _scalar(work, "work"), "item": _scalar(item, "item"),
              "variant": _scalar(lab_class, "lab_class")}
    return args, kwargs


def _guarded(function):
    """Never let an exception reach Excel: return the Excel error text instead."""

    @functools.wraps(function)
    def wrapper(*args):
        try:
            return function(*args)
        except Exception as exc:
            return excel_error(exc, with_message=not OFFICE_JS)

    return wrapper


def _cell(value):
    """A table value for a cell: None stays empty, tuples of source lines become text."""
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return value


def _norm_signature(function):
    """NORM's and NORM_SOURCE's five arguments (their help: _NORM_HELP)."""
    for name in ("appendix", "component", "work", "item", "lab_class"):
        function = xw.arg(name, err_to_str=True)(function)
    return function


_NORM_HELP = {"appendix": APPENDIX_DOC, "component": COMPONENT_DOC, "work": WORK_DOC,
              "item": ITEM_DOC, "lab_class": LAB_CLASS_DOC}


# ---- functions -----------------------------------------------------------------------------

@_help(_.later("A norm (định mức) of Circular 04/2022/TT-BKHCN as a number: công, shifts "
               "or quantity."), **_NORM_HELP)
@xw.func
@_norm_signature
@_guarded
def norm(appendix, component, work=None, item=None, lab_class=None):
    args, kwargs = _norm_arguments(appendix, component, work, item, lab_class)
    return normbook.norm(*args, **kwargs)


@_help(_.later("An appendix's labour, equipment or material table, with a header row; "
               "spills."),
       appendix=APPENDIX_DOC, component=TABLE_COMPONENT_DOC, lab_class=LAB_CLASSES_DOC)
@xw.func
@xw.arg("appendix", err_to_str=True)
@xw.arg("component", err_to_str=True)
@xw.arg("lab_class", err_to_str=True)
@_guarded
def norm_table(appendix, component, lab_class=None):
    from .. import query

    key = query.appendix_id(_scalar(appendix, "appendix", required=True))
    comp = _scalar(component, "component", required=True)
    var = _scalar(lab_class, "lab_class")
    chosen = query.lab_class(var, key)  # the same check and spelling rules as NORM
    table = query.table_name(comp)
    rows = normbook.table(key, table)
    if table == "labour":
        body = [[r["work"], r["category"], r["rank"], r["grade"], r["lab_class"], r["cong"]]
                for r in rows if chosen is None or r["lab_class"] in ("", chosen)]
        header = LABOUR_HEADER
    elif table == "equipment":
        body = [[r["work"], r["name"], r["unit"], r["spec"],
                 r["shifts"] if r["shifts"] is not None else r["note"]] for r in rows]
        header = EQUIPMENT_HEADER
    elif table == "materials":
        body = [[r["work"], r["name"], r["unit"], r["spec"], r["use"], r["consumption"]]
                for r in rows]
        header = MATERIAL_HEADER
    else:  # labour_steps, works, irregularities: every field as given
        header = list(rows[0]) if rows else []
        body = [[_cell(v) for v in _said(table, r).values()] for r in rows]
    if not body:
        raise NotInSource(_("appendix {appendix} has no {table} rows in the source",
                            appendix=key, table=table))
    header, body = _worded(table, header, body)
    return [_header(header), *body]


def _said(table: str, row: dict) -> dict:
    """A row as given, an irregularity's detail in the current language (it is prose)."""
    if table != "irregularities":
        return row
    from .irregularity_details import detail

    return {**row, "detail": detail(row["kind"], row["detail"])}


@_help(_.later("Equipment or material names of an appendix, one per row; spills (for "
               "validation lists)."),
       appendix=APPENDIX_DOC, component=ITEMS_COMPONENT_DOC)
@xw.func
@xw.arg("appendix", err_to_str=True)
@xw.arg("component", err_to_str=True)
@_guarded
def norm_items(appendix, component):
    names = normbook.items(_scalar(appendix, "appendix", required=True),
                           _scalar(component, "component", required=True))
    if not names:
        raise NotInSource(_("the appendix lists no such items"))
    return [[name] for name in names]


@_help(_.later("The circular's appendices (phụ lục): id, standard and kind, with a "
               "header; spills."))
@xw.func
@_guarded
def norm_appendices():
    header, body = _worded("appendices", APPENDIX_HEADER,
                           [[a.id, a.standard, a.kind] for a in normbook.appendices()])
    return [_header(header), *body]


@_help(_.later("The data the functions answer from: shipped edition, user additions, "
               "warnings; spills."))
@xw.func
@_guarded
def norm_data():
    from ..reference_data.status import status, table

    return table(status())


@_help(_.later("Where NORM's value comes from: circular, appendix (phụ lục) and source "
               "lines."), **_NORM_HELP)
@xw.func
@_norm_signature
@_guarded
def norm_source(appendix, component, work=None, item=None, lab_class=None):
    args, kwargs = _norm_arguments(appendix, component, work, item, lab_class)
    return str(normbook.source(*args, **kwargs))


# ---- exam timetable (Zhejiang metrology project exams) -----------------------------------

YEAR_DOC = _.later("Year of the timetable (考核年度), e.g. 2024")
PERIOD_DOC = _.later("Regular period (期数), 1 to 5")
EVENT_DOC = _.later("registration_start or _end (报名), theory (理论考试), "
                    "practical_start or _end (操作考试)")
EXAM_PERIOD_HEADER = ["period", "registration_start", "registration_end", "theory",
                      "practical_start", "practical_end"]
#: Day 0 of Excel's 1900 date system as Python counts it (Excel's serial 1 is 1900-01-01 and
#: it counts a 29 February 1900 that never was, so serials from 61 on start here).
_EXCEL_EPOCH = date(1899, 12, 30)


def _date(value, name: str) -> date:
    """A date from a cell: an Excel serial number (Office.js), a datetime (classic) or ISO text."""
    value = value if isinstance(value, (date, datetime)) else _scalar(value, name, required=True)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and math.isfinite(value):
        value = math.floor(value)  # a date with a time of day (NOW()): the day counts
    if isinstance(value, int) and not isinstance(value, bool) and 61 <= value <= 2958465:
        return _EXCEL_EPOCH + timedelta(days=value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadArgument(_("{name} must be a date (a date cell or text like 2024-03-01), not "
                        "{value}", name=name, value=shown(value)))


@_help(_.later("A date of the Zhejiang metrology project exam timetable "
               "(计量专业项目考核时间表)."), EXAMS,
       year=YEAR_DOC, period=PERIOD_DOC, event_name=EVENT_DOC)
@xw.func
@xw.arg("year", err_to_str=True)
@xw.arg("period", err_to_str=True)
@xw.arg("event_name", err_to_str=True)
@_guarded
def exam_date(year, period, event_name):
    from .. import exams

    return exams.event_date(_scalar(year, "year", required=True),
                            _scalar(period, "period", required=True),
                            _scalar(event_name, "event_name", required=True))


@_help(_.later("A year's regular exam periods (期数) with their dates, with a header "
               "row; spills."), EXAMS, year=YEAR_DOC)
@xw.func
@xw.arg("year", err_to_str=True)
@_guarded
def exam_periods(year):
    from .. import exams

    table = exams.timetable(_scalar(year, "year", required=True))
    # A date the source does not give is #N/A in its cell, never a guess or an empty cell.
    return [EXAM_PERIOD_HEADER,
            *([p.number, *(getattr(p, e) or "#N/A" for e in EXAM_PERIOD_HEADER[1:])]
              for p in table.periods)]


@_help(_.later("The exam period (期数) whose registration window (报名时间) contains the "
               "date, else #N/A."), EXAMS, on_date=_.later("A date, e.g. TODAY()"))
@xw.func
@xw.arg("on_date", err_to_str=True)
@_guarded
def exam_open_period(on_date):
    from .. import exams

    day = _date(on_date, "on_date")
    found = exams.open_period(day)
    if found is None:
        raise NotInSource(_("no registration window is open on {day:date}", day=day))
    return found.number


# ---- costs (estimates) ----------------------------------------------------------------------

@_help(_.later("Daily wage rate (đơn giá ngày công, VND): coefficient × base salary ÷ 22 "
               "days."),
       rank_code=_.later("Rank code (mã số) V.05.02.07 or V.05.02.06; empty for general "
                         "labour"),
       grade=_.later('Grade (bậc) as text, e.g. "2/9" (a typed 2/9 is a date)'),
       year=BUDGET_YEAR_DOC,
       on_costs_percent=_.later("Optional on-costs (% of the wage), default 0"))
@xw.func
@xw.arg("rank_code", err_to_str=True)
@xw.arg("grade", err_to_str=True)
@xw.arg("year", err_to_str=True)
@xw.arg("on_costs_percent", err_to_str=True)
@_guarded
def labour_rate(rank_code, grade, year, on_costs_percent=None):
    from .. import wages

    code = _scalar(rank_code, "rank_code")
    # Excel turns a typed 2/9 into a date: classic xlwings hands over a datetime, Office.js
    # the date's serial number.
    step = grade if isinstance(grade, (date, datetime)) else _scalar(grade, "grade",
                                                                     required=True)
    if isinstance(step, (date, datetime)) or (isinstance(step, int) and step > 100):
        raise BadArgument(_('grade {grade} looks like a date: type the grade as text, e.g. '
                            '"2/9", or format the cell as Text', grade=str(step)))
    on_costs = _scalar(on_costs_percent, "on_costs_percent")
    return float(wages.daily_rate(code, step, _scalar(year, "year", required=True),
                                  on_costs_percent=0 if on_costs is None else on_costs))


@_help(_.later("Cost in VND of one component of an appendix: norms × prices (labour: "
               "wage rules)."),
       appendix=APPENDIX_DOC,
       component=_.later("labour (nhân công), equipment (thiết bị) or material (vật tư)"),
       prices=_.later("Two columns: item name and price in VND (per shift or per unit)"),
       year=BUDGET_YEAR_DOC, lab_class=LAB_CLASS_DOC)
@xw.func
@xw.arg("appendix", err_to_str=True)
@xw.arg("component", err_to_str=True)
@xw.arg("prices", ndim=2, err_to_str=True)
@xw.arg("year", err_to_str=True)
@xw.arg("lab_class", err_to_str=True)
@_guarded
def norm_cost(appendix, component, prices, year, lab_class=None):
    from ..estimate import norm_cost as cost
    from ..estimate.compute import cost_component

    what = _scalar(component, "component", required=True)
    labour = cost_component(what).startswith("labour")
    rows = [] if labour else _price_rows(prices)  # wages price labour; the range is unused
    return float(cost(_scalar(appendix, "appendix", required=True), what, rows,
                      _scalar(year, "year", required=True), _scalar(lab_class, "lab_class")))


def _price_rows(prices) -> list[list]:
    """NORM_COST's price range as rows of (item, price); error cells propagate."""
    rows = prices if isinstance(prices, list) else [[prices]]
    rows = [row if isinstance(row, list) else [row] for row in rows]
    if any(len(row) != 2 for row in rows):
        raise BadArgument(_("prices must be a range of two columns: item name and price"))
    for row in rows:
        for value in row:
            if isinstance(value, str) and value in EXCEL_ERROR_TEXTS:
                raise ErrorValueArgument("prices", value)
    return rows
