"""Forms from Excel: the pure core, the xlwings Lite script (Office.js path), the classic button.

The Lite script runs through ``xlwings.server.custom_scripts_call`` on a workbook built from
the JSON that Excel sends (``XLWINGS_ON_SERVER`` is set in conftest.py); what it does to the
workbook comes back as xlwings actions. The classic RunPython entry is driven with the same
workbook standing in for ``xw.Book.caller()``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import xlwings as xw
import xlwings.server
from test_forms_roster import rows_of
from test_forms_support import make_applicant, table_cells, valid_id

from normbook.forms import excel
from normbook.forms.applicant import APPLICANT_FIELDS, LABELS, PROJECT_FIELDS

KEYS = [*APPLICANT_FIELDS, *PROJECT_FIELDS]


def sheet_values() -> list[list]:
    """A roster as xlwings reads it: Chinese headers, numbers as floats."""
    good = make_applicant(projects=2)
    bad = make_applicant(projects=1, name="错号", id_number=valid_id()[:17] + "0")
    rows = [[LABELS[k] for k in KEYS]]
    for r in rows_of(good) + rows_of(bad):
        values = [r[k] for k in KEYS]
        values[KEYS.index("phone")] = float(r["phone"])  # a number cell
        values[KEYS.index("period")] = 2.0
        rows.append(values)
    rows.append([None] * len(KEYS))  # row 5: blank
    return rows


def book_json(values: list[list], selection: str, *, more_sheets: tuple[str, ...] = ()
              ) -> xw.Book:
    sheets = [{"name": "报名", "values": values, "pictures": [], "tables": []}]
    sheets += [{"name": n, "values": [["old"]], "pictures": [], "tables": []}
               for n in more_sheets]
    return xw.Book(json={
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": "roster.xlsx", "active_sheet_index": 0, "selection": selection},
        "names": [], "sheets": sheets,
    })


def written(book: xw.Book, sheet: int = 0) -> dict[tuple[int, int], object]:
    """(row, column) -> value of every cell of sheet ``sheet`` the actions set (1-based)."""
    cells = {}
    for action in book.json()["actions"]:
        if action["func"] == "setValues" and action["sheet_position"] == sheet:
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    cells[(action["start_row"] + i + 1, action["start_column"] + j + 1)] = value
    return cells


# ---- the pure core ----------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "rows"), [
    ("$A$2:$D$4", [2, 3, 4]), ("$A$2:$D$3,$A$6", [2, 3, 6]), ("报名!$3:$4", [3, 4]),
    ("B7", [7]), ("A:D", []),
])
def test_selected_rows(address: str, rows: list[int]) -> None:
    assert excel.selected_rows(address) == rows


def test_rows_from_values_turns_cells_into_text() -> None:
    rows = excel.rows_from_values(sheet_values(), selected=[2, 4])
    assert [r.row for r in rows] == [2, 4]
    assert rows[0].values["phone"] == "13857112345" and rows[0].values["period"] == "2"
    assert rows[0].values["name"] == "王丽华"


def test_an_id_number_held_as_a_number_is_explained() -> None:
    values = sheet_values()
    values[1][KEYS.index("id_number")] = float(values[1][KEYS.index("id_number")])
    (row,) = excel.rows_from_values(values, selected=[2])
    assert row.values["id_number"] == "3.30106198503121E+17"


def test_forms_for_rows_writes_and_reports_per_row(tmp_path: Path) -> None:
    rows = excel.rows_from_values(sheet_values())
    outcome = excel.forms_for_rows(rows, tmp_path)
    assert outcome.statuses[2] == outcome.statuses[3] == "✓ 王丽华-1231.docx"
    assert outcome.statuses[4].startswith("✗ row 4, 身份证号 (id_number): the check")
    assert outcome.statuses[5] == "(blank row)"
    assert table_cells(tmp_path / "王丽华-1231.docx")[1][3] == "13857112345"


def test_validation_only(tmp_path: Path) -> None:
    outcome = excel.forms_for_rows(excel.rows_from_values(sheet_values()), None)
    assert outcome.statuses[2] == "✓ valid (no file written)"
    assert outcome.statuses[4].startswith("✗")
    assert outcome.summary == "2 of 4 row(s) valid; no forms written"
    assert not list(tmp_path.iterdir())


# ---- xlwings Lite -----------------------------------------------------------------------------

def run_lite(book: xw.Book, *args) -> None:
    asyncio.run(xlwings.server.custom_scripts_call(
        excel, "application_forms", typehint_to_value={xw.Book: book}, args=list(args)))


def test_lite_script_is_registered() -> None:
    (meta,) = [m for m in xlwings.server.custom_scripts_meta(excel)
               if m["function_name"] == "application_forms"]
    assert meta["name"] == "考核申请表 (selected rows)"


def test_lite_script_writes_forms_statuses_and_results(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(excel, "LITE_FOLDER", tmp_path / "data" / "forms")
    (tmp_path / "data").mkdir()
    book = book_json(sheet_values(), "A2:A3,C4")
    run_lite(book)
    assert [p.name for p in (tmp_path / "data" / "forms").iterdir()] == \
        ["王丽华-1231.docx"]
    cells = written(book)
    status = len(KEYS) + 1
    assert cells[(1, status)] == excel.STATUS_HEADER
    assert cells[(2, status)].startswith("✓") and cells[(4, status)].startswith("✗")
    (added,) = [a for a in book.json()["actions"] if a["func"] == "addSheet"]
    assert added["args"] == [1, excel.RESULTS_SHEET]
    results = written(book, sheet=1)
    assert results[(1, 1)].startswith("3 roster row(s): 1 form(s) from 2 row(s), 1 row(s) "
                                      "rejected")
    assert "Files > Import/Export" in results[(2, 1)]
    assert [results[(3, c)] for c in range(1, 6)] == ["row", "id_number", "field", "severity",
                                                      "reason"]
    assert (results[(4, 1)], results[(4, 3)]) == (4, "id_number")


def test_lite_without_a_file_area_validates_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(excel, "LITE_FOLDER", tmp_path / "missing" / "forms")
    book = book_json(sheet_values(), "A2:A4")
    run_lite(book)
    assert written(book)[(2, len(KEYS) + 1)] == "✓ valid (no file written)"
    assert "validated only" in written(book, sheet=1)[(2, 1)]


def test_lite_existing_forms_need_replace(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(excel, "LITE_FOLDER", tmp_path / "forms")
    run_lite(book_json(sheet_values(), "A2:A3"))
    book = book_json(sheet_values(), "A2:A3")
    run_lite(book)
    assert "Tick 'replace'" in written(book, sheet=1)[(1, 1)]
    again = book_json(sheet_values(), "A2:A3")
    run_lite(again, True)
    assert written(again)[(2, len(KEYS) + 1)].startswith("✓")


def test_lite_replaces_the_last_results_sheet(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(excel, "LITE_FOLDER", tmp_path / "forms")
    book = book_json(sheet_values(), "A2:A3", more_sheets=("说明", excel.RESULTS_SHEET))
    run_lite(book)
    funcs = [(a["func"], a["args"]) for a in book.json()["actions"]
             if a["func"] in ("sheetDelete", "addSheet")]
    assert funcs[0][0] == "sheetDelete"
    assert funcs[1] == ("addSheet", [2, excel.RESULTS_SHEET])
    assert written(book, sheet=2)[(1, 1)].startswith("2 roster row(s): 1 form(s)")


def test_lite_without_a_selection_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(excel, "LITE_FOLDER", tmp_path / "forms")
    book = book_json(sheet_values(), "A1")
    run_lite(book)
    assert "select the roster rows" in written(book, sheet=1)[(1, 1)]


# ---- classic RunPython button -----------------------------------------------------------------

class CallerBook:
    """An Office.js workbook standing in for ``xw.Book.caller()``, saved at ``fullname``."""

    def __init__(self, book: xw.Book, fullname: str):
        self._book, self.fullname = book, fullname

    def __getattr__(self, name: str):
        return getattr(self._book, name)


def alerts(book: xw.Book) -> list[str]:
    return [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]


def test_classic_button_writes_beside_the_workbook(tmp_path: Path, monkeypatch) -> None:
    book = book_json(sheet_values(), "$A$2:$C$4")
    monkeypatch.setattr(xw.Book, "caller", lambda: CallerBook(book, str(tmp_path / "r.xlsx")))
    excel.write_forms_for_selection()
    folder = tmp_path / excel.FORMS_FOLDER
    assert [p.name for p in folder.iterdir()] == ["王丽华-1231.docx"]
    (message,) = alerts(book)
    assert "1 form(s) from 2 row(s), 1 row(s) rejected" in message
    assert written(book)[(3, len(KEYS) + 1)].startswith("✓")

    book = book_json(sheet_values(), "$A$2:$C$3")
    monkeypatch.setattr(xw.Book, "caller", lambda: CallerBook(book, str(tmp_path / "r.xlsx")))
    excel.write_forms_for_selection()
    assert "replace_forms_for_selection" in alerts(book)[0]
    excel.replace_forms_for_selection()
    assert "1 form(s)" in alerts(book)[1]


def test_classic_button_on_an_unsaved_workbook(monkeypatch) -> None:
    book = book_json(sheet_values(), "$A$2")
    monkeypatch.setattr(xw.Book, "caller", lambda: CallerBook(book, "Book1"))
    excel.write_forms_for_selection()
    assert alerts(book) == ["Save the workbook first: the forms go into a folder beside it."]
