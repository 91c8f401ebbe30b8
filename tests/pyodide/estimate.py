"""Runs inside Pyodide (started by smoke.mjs with SMOKE_SCRIPT=estimate.py): the xlwings Lite
script estimate_build on a one-appendix set-up sheet, through xlwings' Office.js script call.

Not a pytest module: tests/test_lite.py runs it through Node and checks the JSON it returns.
The justification needs lxml, which Pyodide fetches from its CDN (not reachable offline), so
here the script writes the estimate's sheets and says in the workbook why there is no
justification.
"""

import json
import os
import sys


async def smoke(wheel_paths) -> str:
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    os.environ["NORMBOOK_LANG"] = "en"
    import micropip

    await micropip.install([f"emfs:{path}" for path in wheel_paths], deps=False)

    import openpyxl
    import xlwings as xw
    import xlwings.server

    from normbook.excel import estimate_lite
    from normbook.excel.estimate_setup import read_setup, write_setup_sheet

    workbook = openpyxl.Workbook()
    write_setup_sheet(workbook.active, appendices=("VI",))
    values = [["" if c.value is None else c.value for c in row]
              for row in workbook.active.iter_rows()]
    book = xw.Book(json={
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": "Normbook.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": [], "sheets": [{"name": workbook.active.title, "values": values,
                                 "pictures": [], "tables": []}]})
    await xlwings.server.custom_scripts_call(estimate_lite, "estimate_build",
                                             typehint_to_value={xw.Book: book})
    actions = book.json()["actions"]
    setup = read_setup(values)
    status = [a["values"][0][0] for a in actions if a["func"] == "setValues"
              and a["sheet_position"] == 0
              and (a["start_row"] + 1, a["start_column"] + 1) == setup.cells["status"]]
    return json.dumps({
        "platform": sys.platform,
        "status": status[-1] if status else None,
        "sheets": [a["args"][1] for a in actions if a["func"] == "addSheet"],
        "formulas": sum(1 for a in actions if a["func"] == "setFormula"),
        "names": sorted(a["args"][0] for a in actions if a["func"] == "namesAdd"),
    })
