"""The Office.js contract of normbook.udfs: metadata Excel receives, and calls as Excel sends them.

tests/conftest.py sets XLWINGS_ON_SERVER and XLWINGS_LICENSE_KEY before xlwings is imported, so
the decorators register the functions and ``xlwings.server`` works on Linux (NOTES.md).
Regenerate the golden file with ``NORMBOOK_REGEN_GOLDEN=1 pytest tests/test_udfs_officejs.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import xlwings
import xlwings.server

import normbook
import normbook.excel.functions
import normbook.udfs
from normbook import estimate, exams, wages

GOLDEN = Path(__file__).parent / "golden" / "custom_functions_meta.json"
RUNTIMES = ("1.4", "1.3")
ERROR_CELL = {"type": "Error", "basicType": "Error", "basicValue": "#DIV/0!",
              "errorType": "Div0"}
OMITTED = None          # an optional argument left out: =NORM("VI", "labour")
EMPTY = [[None]]        # an empty cell: =NORM("VI", "labour", A1) with A1 empty


def payload(func_name: str, args: list, runtime: str = "1.4") -> dict:
    """What Excel sends (NOTES.md): every argument a matrix, omitted optionals null."""
    return {"client": "Office.js", "func_name": func_name, "args": args,
            "caller_address": "[Book1.xlsx]Sheet1!D2", "culture_info_name": "en-US",
            "date_format": "M/d/yyyy", "version": xlwings.__version__, "runtime": runtime}


class _LastLoggedMessage(logging.Handler):
    """On Office.js the message of an error goes to the log; keep the last one to check it."""

    text = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.text = record.getMessage()


LOGGED = _LastLoggedMessage()
logging.getLogger("normbook.excel.cell_errors").addHandler(LOGGED)
ERROR_TYPES = {"#N/A": "NotAvailable", "#VALUE!": "Value", "#DIV/0!": "Div0", "#NUM!": "Num",
               "#REF!": "Ref", "#NAME?": "Name", "#NULL!": "Null"}


def call(func_name: str, *args, runtime: str = "1.4"):
    LOGGED.text = ""
    return asyncio.run(xlwings.server.custom_functions_call(payload(func_name, list(args),
                                                                    runtime),
                                                            normbook.udfs))


def m(value) -> list:
    """A scalar as Excel sends it: a 1x1 matrix."""
    return [[value]]


def scalar(result):
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


def assert_error(result, code: str = "#N/A", *words: str) -> str:
    """A real Excel error (runtime 1.4; the bare code on 1.3) whose message went to the log."""
    cell = scalar(result)
    if isinstance(cell, dict):
        assert cell == {"type": "Error", "errorType": ERROR_TYPES[code]}, cell
    else:
        assert cell == code, cell
    text = LOGGED.text
    assert text.startswith(code + " "), text
    assert "Traceback" not in text and "\n" not in text
    assert len(text) <= 120
    for word in words:
        assert word in text, text
    return text


@pytest.fixture
def classic(monkeypatch):
    """Answer as in classic xlwings (Windows COM), where only text can carry the message."""
    monkeypatch.setattr(normbook.excel.functions, "OFFICE_JS", False)


# ---- metadata ------------------------------------------------------------------------------

def _meta_text() -> str:
    meta = xlwings.server.custom_functions_meta(normbook.udfs)
    return json.dumps(meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_meta_matches_golden(lang, monkeypatch) -> None:
    """The metadata as registered with NORMBOOK_LANG=lang (the help in that language; the
    English one is custom_functions_meta.json, the others .vi.json and .zh.json)."""
    monkeypatch.setenv("NORMBOOK_LANG", lang)
    text = _meta_text()
    golden = GOLDEN if lang == "en" else GOLDEN.with_suffix(f".{lang}.json")
    if os.environ.get("NORMBOOK_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.read_text(encoding="utf-8") == text, \
        "metadata changed; rerun with NORMBOOK_REGEN_GOLDEN=1 and review the diff"


def test_meta_names_optional_flags_and_help() -> None:
    meta = xlwings.server.custom_functions_meta(normbook.udfs)
    functions = {f["name"]: f for f in meta["functions"]}
    assert sorted(functions) == sorted(name.upper() for name in normbook.udfs.__all__)
    assert len(functions) == 11
    params = {name: [(p["name"], p.get("optional", False)) for p in f["parameters"]]
              for name, f in functions.items()}
    assert params["NORM"] == [("appendix", False), ("component", False), ("work", True),
                              ("item", True), ("lab_class", True)]
    assert params["NORM_SOURCE"] == params["NORM"]
    assert params["NORM_TABLE"] == [("appendix", False), ("component", False),
                                    ("lab_class", True)]
    assert params["NORM_ITEMS"] == [("appendix", False), ("component", False)]
    assert params["EXAM_DATE"] == [("year", False), ("period", False), ("event_name", False)]
    assert params["EXAM_PERIODS"] == [("year", False)]
    assert params["EXAM_OPEN_PERIOD"] == [("on_date", False)]
    assert params["LABOUR_RATE"] == [("rank_code", False), ("grade", False), ("year", False),
                                     ("on_costs_percent", True)]
    assert params["NORM_COST"] == [("appendix", False), ("component", False), ("prices", False),
                                   ("year", False), ("lab_class", True)]
    assert params["NORM_APPENDICES"] == []
    assert params["NORM_DATA"] == []
    for f in functions.values():
        assert f["description"] and "Positional argument" not in json.dumps(f)
        assert len(f["description"]) <= 100
        for p in f["parameters"]:
            assert 0 < len(p["description"]) <= 100, p  # Excel truncates long help
    assert "Phụ lục" in functions["NORM"]["parameters"][0]["description"]


# ---- NORM ---------------------------------------------------------------------------------

@pytest.mark.parametrize("runtime", RUNTIMES)
def test_norm_labour(runtime: str) -> None:
    assert scalar(call("norm", m("VI"), m("labour"), None, None, None, runtime=runtime)) == 308
    assert scalar(call("norm", m("VI"), m("labour_direct"), None, None, None,
                       runtime=runtime)) == 280


@pytest.mark.parametrize("appendix", ["VI", "vi", " VI ", 6, 6.0, "6"])
def test_norm_appendix_spellings(appendix) -> None:
    assert scalar(call("norm", m(appendix), m("labour"), None, None, None)) == 308


@pytest.mark.parametrize("variant", ["PTN1", "ptn1", 1, 1.0])
def test_norm_lab_class(variant) -> None:
    got = scalar(call("norm", m("XXV"), m("labour"), None, None, m(variant)))
    assert got == normbook.norm("XXV", "labour", variant="PTN1") == 596.75
    assert scalar(call("norm", m("XXV"), m("labour"), None, None, m("PTN2"))) == 569.25


@pytest.mark.parametrize("blank", [OMITTED, EMPTY, [[""]], m("   ")])
def test_omitted_and_empty_optionals_are_the_default(blank) -> None:
    assert scalar(call("norm", m("VI"), m("labour"), blank, blank, blank)) == 308
    assert scalar(call("norm", m("VI"), m("equipment"), blank, m("Máy hút ẩm"), blank)) == 1095


@pytest.mark.parametrize("work", [1, 1.0, "1"])
def test_work_int_float_text(work) -> None:
    assert scalar(call("norm", m("VI"), m("labour"), m(work), None, None)) == \
        normbook.norm("VI", "labour", work=1) == 27.5


def test_item_by_name_and_folded_name() -> None:
    assert scalar(call("norm", m(6), m("material"), None, m("Giấy"), None)) == 5
    assert scalar(call("norm", m(6), m("equipment"), m(1), m("may hut am"), None)) == 1095


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_norm_misses_are_short_na_texts(runtime: str) -> None:
    assert_error(call("norm", m("XL"), m("labour"), None, None, None, runtime=runtime),
                 "#N/A", "'XL'", "I..XXXI")
    assert_error(call("norm", m("XXV"), m("labour"), None, None, None, runtime=runtime),
                 "#N/A", "PTN1")
    assert_error(call("norm", m("VI"), m("labor-x"), None, None, None, runtime=runtime),
                 "#N/A", "component")
    assert_error(call("norm", m("VI"), m("equipment"), None, m("no such thing"), None,
                      runtime=runtime), "#N/A")
    assert_error(call("norm", m("VI"), m("labour"), m(99), None, None, runtime=runtime),
                 "#N/A", "99")
    assert_error(call("norm", m("XXV"), m("labour"), None, None, m("PTN3"),
                      runtime=runtime), "#N/A", "PTN3")


def test_norm_ranges_as_2d_lists() -> None:
    # a 1x1 range is a value; a bigger range is not one appendix
    assert scalar(call("norm", [["VI"]], [["labour"]], None, None, None)) == 308
    assert_error(call("norm", [["VI", "x"], [1, 2]], m("labour"), None, None, None),
                 "#VALUE!", "4 cells")
    assert_error(call("norm", [["VI", "VII"]], m("labour"), None, None, None), "#VALUE!")
    assert_error(call("norm", [["VI"], ["VII"]], m("labour"), None, None, None), "#VALUE!")


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_error_cells_as_input_propagate(runtime: str) -> None:
    # An error cell is not an empty one: the error comes back, as with Excel's own functions,
    # instead of NORM answering for the whole appendix when the work cell shows #DIV/0!.
    assert_error(call("norm", m(ERROR_CELL), m("labour"), None, None, None, runtime=runtime),
                 "#DIV/0!", "appendix")
    assert_error(call("norm", m("VI"), m("labour"), m(ERROR_CELL), None, None,
                      runtime=runtime), "#DIV/0!", "work")
    spill = dict(ERROR_CELL, basicValue="#SPILL!", errorType="Spill")
    assert_error(call("norm_source", m("VI"), m(spill), None, None, None, runtime=runtime),
                 "#VALUE!", "component", "#SPILL!")


def test_classic_xlwings_gets_code_and_message_as_text(classic) -> None:
    assert scalar(call("norm", m("XL"), m("labour"), None, None, None)) == \
        "#N/A unknown appendix 'XL' (I..XXXI)"
    text = scalar(call("norm", m("XXV"), m("labour"), None, None, None))
    assert text.startswith("#N/A ") and "PTN1" in text and len(text) <= 120
    assert scalar(call("norm", [["VI", "x"]], m("labour"), None, None, None)).startswith(
        "#VALUE! appendix takes one cell")
    assert scalar(call("norm", m("VI"), m("labour"), m(ERROR_CELL), None, None)) == \
        "#DIV/0! work is the error value #DIV/0!; fix the cell it comes from"
    assert scalar(call("norm", m("VI"), m("labour"), None, None, None)) == 308


def test_date_serial_as_work_is_a_miss() -> None:
    assert_error(call("norm", m("VI"), m("labour"), m(45658), None, None), "#N/A")


def test_norm_bool_and_nonfinite_are_misses() -> None:
    for bad in (True, float("inf"), float("nan"), 6.5, 0, 32):
        assert_error(call("norm", m(bad), m("labour"), None, None, None), "#N/A", "appendix")


# ---- NORM_TABLE ---------------------------------------------------------------------------

@pytest.mark.parametrize("runtime", RUNTIMES)
def test_norm_table_labour_spills_with_header(runtime: str) -> None:
    rows = call("norm_table", m("VI"), m("labour"), None, runtime=runtime)
    assert rows[0] == ["work", "category", "rank", "grade", "class", "công"]
    assert len(rows) == len(normbook.table("VI", "labour")) + 1
    assert all(len(r) == 6 for r in rows)
    assert sum(r[5] for r in rows[1:]) == 280  # the direct labour of NORM


def test_norm_table_variant_filters_lab_class() -> None:
    every = call("norm_table", m("XXV"), m("labour"), None)
    ptn1 = call("norm_table", m("XXV"), m("labour"), m(1.0))
    assert {r[4] for r in every[1:]} >= {"PTN1", "PTN2"}
    assert {r[4] for r in ptn1[1:]} <= {"", "PTN1"}
    assert sum(r[5] for r in ptn1[1:]) == normbook.norm("XXV", "labour_direct",
                                                        variant="PTN1")
    assert_error(call("norm_table", m("XXV"), m("labour"), m("PTN9")), "#N/A", "PTN9")


def test_norm_table_equipment_and_materials() -> None:
    eq = call("norm_table", m(6.0), m("equipment"), EMPTY)
    assert eq[0] == ["work", "name", "unit", "spec", "shifts"]
    assert ["1", "Máy hút ẩm", "Ca", "100 lít/ngày; 1000 W", 1095] in eq
    mat = call("norm_table", m(6), m("materials"), None)
    assert mat[0] == ["work", "name", "unit", "spec", "use", "consumption"]
    assert any(r[1] == "Giấy" and r[5] == 5 for r in mat[1:])


def test_norm_table_misses() -> None:
    assert_error(call("norm_table", m("XL"), m("labour"), None), "#N/A", "'XL'")
    assert_error(call("norm_table", m("VI"), m("money"), None), "#N/A", "component")


# ---- NORM_ITEMS, NORM_APPENDICES, NORM_SOURCE ---------------------------------------------

def test_norm_items_is_a_column() -> None:
    col = call("norm_items", m("VI"), m("equipment"))
    assert col == [[name] for name in normbook.items("VI", "equipment")]
    assert ["Máy hút ẩm"] in col
    assert call("norm_items", m(6.0), m("material"))[1] == ["Giấy"]
    assert_error(call("norm_items", m("VI"), m("labour")), "#N/A", "component")
    assert_error(call("norm_items", EMPTY, m("equipment")), "#VALUE!", "appendix")


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_norm_appendices(runtime: str) -> None:
    rows = call("norm_appendices", runtime=runtime)
    assert rows[0] == ["id", "standard", "kind"]
    assert len(rows) == 32
    assert [r[0] for r in rows[1:3]] == ["I", "II"] and rows[-1][0] == "XXXI"
    assert {r[2] for r in rows[1:]} <= {"upkeep", "procedure"}


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_norm_data_spills_the_data_status(runtime: str) -> None:
    rows = call("norm_data", runtime=runtime)
    assert rows[0][:3] == ["dataset", "source", "covers or name"]
    shipped = {r[0]: r for r in rows[1:] if r[1].startswith("shipped")}
    assert sorted(shipped) == ["exams", "holidays", "norms", "wages"]
    assert shipped["norms"][2] == "appendices I..XXXI (31)"
    assert len(shipped["norms"][6]) == 12 and shipped["exams"][2] == "years 2024"
    assert all(len(r) == len(rows[0]) for r in rows)


def test_norm_source_cites_circular_appendix_and_lines() -> None:
    text = scalar(call("norm_source", m("VI"), m("equipment"), None, m("Máy hút ẩm"), None))
    assert text == "Circular 04/2022/TT-BKHCN, Phụ lục VI, lines 3290, 3292, 3294, 3296"
    assert scalar(call("norm_source", m(6), m("labour"), EMPTY, None, None)) == \
        str(normbook.source("VI", "labour"))
    assert_error(call("norm_source", m("XXV"), m("labour"), None, None, None), "#N/A",
                 "PTN1")


# ---- import weight --------------------------------------------------------------------------

def test_udfs_import_is_light_apart_from_xlwings() -> None:
    # xlwings itself pulls in pandas when installed; stub it to see what *we* import
    code = (
        "import sys, types\n"
        "xw = types.ModuleType('xlwings')\n"
        "xw.func = lambda f=None, **k: f if f else (lambda g: g)\n"
        "xw.arg = xw.ret = lambda *a, **k: (lambda g: g)\n"
        "sys.modules['xlwings'] = xw\n"
        "import normbook.udfs\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pandas', 'docxtpl', 'numpy', 'openpyxl'))\n"
        "loaded = normbook.dataset.dataset.cache_info().currsize if 'normbook.dataset' "
        "in sys.modules else 0\n"
        "print(heavy, loaded, normbook.udfs.norm('VI', 'labour'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "0", "308.0"]


# ---- exam timetable -------------------------------------------------------------------------

def _serial(day: date) -> float:
    return float((day - date(1899, 12, 30)).days)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_exam_date_is_a_date_cell(runtime: str) -> None:
    got = scalar(call("exam_date", m(2024), m(1.0), m("theory"), runtime=runtime))
    expected = _serial(exams.event_date(2024, 1, "theory"))
    assert expected == _serial(date(2024, 1, 31))
    if runtime == "1.4":  # a number Excel formats as a date
        assert got == {"type": "FormattedNumber", "basicValue": expected,
                       "numberFormat": "M/d/yyyy"}
    else:
        assert got == expected


def test_exam_date_misses() -> None:
    # June 38th (period 3's practical exam) is not guessed
    assert_error(call("exam_date", m(2024), m(3), m("practical_end")), "#N/A", "38")
    assert_error(call("exam_date", m(2023), m(1), m("theory")), "#N/A", "2024")
    assert_error(call("exam_date", m(2024), m(6), m("theory")), "#N/A")
    assert_error(call("exam_date", m(2024), m(1), m("lunch")), "#N/A", "lunch")
    assert_error(call("exam_date", m(2024), m(1), m(ERROR_CELL)), "#DIV/0!", "event_name")


def test_exam_periods_spills_with_missing_dates_as_na() -> None:
    rows = call("exam_periods", m(2024.0))
    assert rows[0] == ["period", "registration_start", "registration_end", "theory",
                       "practical_start", "practical_end"]
    assert [r[0] for r in rows[1:]] == [p.number for p in exams.timetable(2024).periods]
    for row, p in zip(rows[1:], exams.timetable(2024).periods, strict=True):
        for cell, event in zip(row[1:], rows[0][1:], strict=True):
            day = getattr(p, event)
            if day is None:
                assert cell == {"type": "Error", "errorType": "NotAvailable"}
            else:
                assert cell["basicValue"] == _serial(day)
    assert rows[3][5] == {"type": "Error", "errorType": "NotAvailable"}  # 6月27日-38日


@pytest.mark.parametrize(("given", "expected"), [
    (m(_serial(date(2024, 1, 2))), 1),          # first day of period 1's window
    (m(_serial(date(2024, 1, 26))), 1),         # last day
    (m(_serial(date(2024, 3, 1))), 2),
    (m("2024-09-20"), 5),
])
def test_exam_open_period(given, expected) -> None:
    assert scalar(call("exam_open_period", given)) == expected


def test_exam_open_period_outside_every_window() -> None:
    assert_error(call("exam_open_period", m(_serial(date(2024, 1, 27)))), "#N/A", "2024-01-27")
    assert_error(call("exam_open_period", m("soon")), "#VALUE!", "date")
    assert_error(call("exam_open_period", EMPTY), "#VALUE!", "on_date")


# ---- costs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("runtime", RUNTIMES)
def test_labour_rate(runtime: str) -> None:
    got = scalar(call("labour_rate", m("V.05.02.07"), m("2/9"), m(2026.0), None, runtime=runtime))
    assert got == float(wages.daily_rate("V.05.02.07", "2/9", 2026))
    # 2026, month-weighted: (6 × 2,340,000 + 6 × 2,530,000) ÷ 12 = 2,435,000
    assert got == pytest.approx(2.67 * 2_435_000 / 22)
    with_on_costs = scalar(call("labour_rate", m("V.05.02.07"), m("2/9"), m(2026), m(23.5)))
    assert with_on_costs == pytest.approx(got * 1.235)
    # general labour: empty rank code, a 12-grade scale
    assert scalar(call("labour_rate", EMPTY, m("2/12"), m(2024), None)) == \
        float(wages.daily_rate(None, "2/12", 2024))


def test_labour_rate_misses() -> None:
    assert_error(call("labour_rate", m("V.05.02.07"), m(45697), m(2026), None), "#VALUE!",
                 "date")  # a typed 2/9 that Excel made a date
    assert_error(call("labour_rate", m("V.05.02.07"), m("12/9"), m(2026), None), "#N/A")
    assert_error(call("labour_rate", m("V.09.99.99"), m("2/9"), m(2026), None), "#N/A")
    assert_error(call("labour_rate", m("V.05.02.07"), m("2/9"), m(2010), None), "#N/A", "2019")


def test_norm_cost_matches_the_estimate_engine() -> None:
    names = normbook.items("I", "material")
    prices = [["item", "price"], *([name, 1000 + 10 * i] for i, name in enumerate(names))]
    got = scalar(call("norm_cost", m("I"), m("material"), prices, m(2026), None))
    assert got == float(estimate.norm_cost("I", "material", prices, 2026))
    assert got > 0
    labour = scalar(call("norm_cost", m("XXV"), m("labour"), EMPTY, m(2026), m("PTN1")))
    assert labour == float(estimate.norm_cost("XXV", "labour", {}, 2026, "PTN1"))


def test_norm_cost_misses() -> None:
    names = normbook.items("I", "material")
    some = [[name, 1000] for name in names[:1]]
    assert_error(call("norm_cost", m("I"), m("material"), some, m(2026), None), "#N/A",
                 names[1][:10])  # the first unpriced item is named
    # a note instead of a quantity (VI's UPS) is never costed as 0
    eq = [[name, 1000] for name in normbook.items("VI", "equipment")]
    assert_error(call("norm_cost", m("VI"), m("equipment"), eq, m(2026), None), "#N/A",
                 "Thiết bị lưu điện")
    assert_error(call("norm_cost", m("I"), m("material"), [["a", 1, 2]], m(2026), None),
                 "#VALUE!", "two columns")
    assert_error(call("norm_cost", m("I"), m("material"), [["Giấy", ERROR_CELL]], m(2026),
                      None), "#DIV/0!", "prices")
    assert_error(call("norm_cost", m("XXV"), m("labour"), EMPTY, m(2026), None), "#N/A",
                 "PTN1")


# ---- found in review -------------------------------------------------------------------------

def test_exam_open_period_takes_a_date_with_a_time_of_day() -> None:
    # =EXAM_OPEN_PERIOD(NOW()): 6 pm on 2 January 2024
    assert scalar(call("exam_open_period", m(_serial(date(2024, 1, 2)) + 0.75))) == 1


@pytest.mark.parametrize(("word", "english"), [
    ("công", "labour"), ("Nhân công", "labour"), ("thiet bi", "equipment"),
    ("Thiết bị", "equipment"), ("vật liệu", "material"), ("labor", "labour")])
def test_components_in_the_users_words(word: str, english: str) -> None:
    if english == "labour":
        assert scalar(call("norm", m("VI"), m(word), None, None, None)) == 308
        assert scalar(call("norm_cost", m("I"), m(word), EMPTY, m(2026), None)) == \
            float(estimate.norm_cost("I", "labour", {}, 2026))
    else:
        assert call("norm_items", m("VI"), m(word)) == \
            [[n] for n in normbook.items("VI", english)]
        assert call("norm_table", m("VI"), m(word), None)[0][1] == "name"


def test_norm_table_refuses_words_that_only_start_like_a_component() -> None:
    assert_error(call("norm_table", m("I"), m("labourxyz"), None), "#N/A", "component")


def test_long_inputs_leave_room_for_what_exists(classic) -> None:
    text = scalar(call("norm", m("I"), m("equipment"), None, m("x" * 200), None))
    assert "…" in text and "it lists" in text and len(text) <= 120
    assert scalar(call("norm", m("XXV"), m("labour"), None, None, None)) == \
        "#N/A appendix XXV needs lab_class PTN1 or PTN2"


def test_labour_rate_grade_as_a_classic_date_cell(classic) -> None:
    from datetime import datetime

    text = normbook.udfs.labour_rate("V.05.02.07", datetime(2024, 2, 9), 2026)
    assert text.startswith("#VALUE! grade 2024-02-09") and "as text" in text


def test_norm_cost_price_ranges_as_people_fill_them() -> None:
    names = normbook.items("I", "equipment")
    expected = float(estimate.norm_cost("I", "equipment", {n: 1000 for n in names}, 2026))
    rows = [["Tên thiết bị", "Giá (VND)"], [None, "đồng/ca"], ["  ", " "],
            *([n, 1000] for n in names), [names[0].upper(), "1000"]]
    assert scalar(call("norm_cost", m("I"), m("equipment"), rows, m(2026), None)) == expected
    clash = [[names[0], 1000], [names[0], 2000]]
    assert_error(call("norm_cost", m("I"), m("equipment"), clash, m(2026), None), "#VALUE!",
                 "two prices")
