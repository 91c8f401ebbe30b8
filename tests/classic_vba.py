"""Print, as JSON, what classic xlwings (Windows COM) makes of normbook.udfs: VBA and help texts.

Run by tests/test_udfs_classic.py in a process of its own, because the decorators it swaps in
are global: ``python tests/classic_vba.py [MODULE] [WORKBOOK]``. XLWINGS_ON_SERVER must not be
set, or xlwings takes its Office.js path instead. NOTES.md has the recipe: stub the pywin32
modules that ``xlwings.udfs`` imports, swap ``xw.func/arg/ret`` for the classic decorators, then
import the UDF module and ask ``generate_vba_wrapper`` for the VBA that "Import Functions" puts
into the workbook. The help texts are the ones ``xlwings.udfs.import_udfs`` hands to
``Application.MacroOptions`` (it cuts each to 255 characters).
"""

from __future__ import annotations

import importlib
import io
import json
import sys
import types

PYWIN32_MODULES = ("pythoncom", "pywintypes", "win32com", "win32com.client")


def _stub_pywin32() -> None:
    """Empty stand-ins for what xlwings.udfs imports at module level; nothing here calls them."""
    for name in PYWIN32_MODULES:
        sys.modules[name] = types.ModuleType(name)
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["pywintypes"].com_error = OSError
    sys.modules["win32com.client"].Dispatch = None
    sys.modules["win32com"].client = sys.modules["win32com.client"]


def _help_texts(module) -> dict:
    """Per function: description, category and argument descriptions, as import_udfs reads them."""
    functions = {}
    for attr in dir(module):
        xlfunc = getattr(getattr(module, attr), "__xlfunc__", None)
        if xlfunc is None:
            continue
        functions[xlfunc["name"]] = {
            "description": xlfunc["ret"]["doc"],
            "category": xlfunc["category"],
            "args": [{"name": a["name"], "doc": a["doc"], "optional": "optional" in a}
                     for a in xlfunc["args"] if not a["vba"]],
        }
    return functions


def main(module_name: str = "normbook.udfs", workbook: str = "Book1.xlsm") -> None:
    _stub_pywin32()
    import xlwings as xw
    import xlwings.udfs

    xw.func, xw.arg, xw.ret = xlwings.udfs.xlfunc, xlwings.udfs.xlarg, xlwings.udfs.xlret
    module = importlib.import_module(module_name)
    vba = io.StringIO()
    # generate_vba_wrapper only reads the workbook's Name (.xlam -> ActiveWorkbook)
    xlwings.udfs.generate_vba_wrapper(module_name, module, vba,
                                      types.SimpleNamespace(Name=workbook))
    # ASCII-escaped JSON: the parent reads it whatever this process's locale encoding is
    json.dump({"vba": vba.getvalue(), "functions": _help_texts(module)}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])
