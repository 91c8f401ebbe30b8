"""Runs inside Pyodide (started by smoke.mjs): install local wheels, import the UDFs, call NORM.

Not a pytest module: tests/test_lite.py runs it through Node and checks the JSON it returns.
"""

import json
import os
import sys

HEAVY = ("pandas", "lxml", "numpy", "openpyxl", "docxtpl")


async def smoke(wheel_paths) -> str:
    """Install the wheels without their dependencies, then answer as Excel would ask."""
    # xlwings registers functions for Office.js (the path xlwings Lite uses) only when told so,
    # before its first import (NOTES.md).
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    import micropip

    # deps=False: normbook's report dependencies (pandas, docxtpl ...) are not needed by the
    # functions, and fetching them would need the network
    await micropip.install([f"emfs:{path}" for path in wheel_paths], deps=False)

    import xlwings
    import xlwings.server

    import normbook.udfs

    value = normbook.udfs.norm("VI", "labour")
    meta = xlwings.server.custom_functions_meta(normbook.udfs)
    payload = {"client": "Office.js", "func_name": "norm",
               "args": [[["VI"]], [["labour"]], None, None, None],
               "caller_address": "[Book1.xlsx]Sheet1!D2", "culture_info_name": "en-US",
               "date_format": "M/d/yyyy", "version": xlwings.__version__, "runtime": "1.4"}
    called = await xlwings.server.custom_functions_call(payload, normbook.udfs)
    return json.dumps({
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "xlwings": xlwings.__version__,
        "norm": value,
        "call": called,
        "functions": sorted(f["name"] for f in meta["functions"]),
        "data": normbook.udfs.norm_data(),
        "heavy": sorted(name for name in HEAVY if name in sys.modules),
    })
