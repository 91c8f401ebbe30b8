"""The classic (Windows COM) contract of normbook.udfs: the VBA "Import Functions" writes.

tests/classic_vba.py stubs pywin32 and swaps in xlwings' classic decorators, so it runs in a
process of its own (the decorators are global) and without XLWINGS_ON_SERVER, which
tests/conftest.py sets for this process. VBA is checked by rule, not by running Excel: a
parameter named like a VBA keyword makes the whole generated module fail to compile, so every
function of the workbook breaks at once.
Regenerate the golden file with ``NORMBOOK_REGEN_GOLDEN=1 pytest tests/test_udfs_classic.py``.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import normbook.udfs

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "vba_wrapper.bas"
FUNCTIONS = ("norm", "norm_table", "norm_items", "norm_appendices", "norm_source",
             "exam_date", "exam_periods", "exam_open_period", "labour_rate", "norm_cost",
             "norm_data")
HELP_LIMIT = 255         # Application.MacroOptions: import_udfs cuts longer texts silently
VBA_LINE_LIMIT = 1023    # characters in one physical line of a VBA module
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,254}\Z")


def _words(text: str) -> frozenset[str]:
    """Whitespace-separated words, lower-cased: VBA ignores case."""
    return frozenset(word.lower() for word in text.split())


# Reserved identifiers of the VBA language specification [MS-VBAL] 3.3.5.2: statement and
# marker keywords, operator identifiers, reserved names, special forms, type names, literals,
# Rem, names reserved for the implementation and for the future.
VBA_RESERVED = _words("""
    Call Case Close Const Declare DefBool DefByte DefCur DefDate DefDbl DefInt DefLng DefLngLng
    DefLngPtr DefObj DefSng DefStr DefVar Dim Do Else ElseIf End EndIf Enum Erase Event Exit For
    Friend Function Get Global GoSub GoTo If Implements Input Let Lock Loop LSet Next On Open
    Option Print Private Public Put RaiseEvent ReDim Resume Return RSet Seek Select Set Static
    Stop Sub Type Unlock Wend While With Write
    Any As ByRef ByVal Each In New Shared Until WithEvents Optional ParamArray Preserve Spc Tab
    Then To
    AddressOf And Eqv Imp Is Like Mod Not Or TypeOf Xor
    Abs CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr CVar CVErr Date
    Debug DoEvents Fix Int Len LenB Me PSet Scale Sgn String
    Array Circle InputB LBound UBound
    Boolean Byte Currency Double Integer Long LongLong LongPtr Single Variant
    True False Nothing Empty Null Rem
    Attribute LineInput VB_Base VB_Control VB_Creatable VB_Customizable VB_Description
    VB_Exposed VB_Ext_KEY VB_GlobalNameSpace VB_HelpID VB_Invoke_Func VB_Invoke_Property
    VB_Invoke_PropertyPut VB_Invoke_PropertyPutRef VB_MemberFlags VB_Name VB_PredeclaredId
    VB_ProcData VB_TemplateDerived VB_UserMemId VB_VarDescription VB_VarHelpID
    VB_VarMemberFlags VB_VarProcData VB_VarUserMemId
    CDecl Decimal DefDec
""")
# Further words the Office VBA reference lists as keywords (its "Keywords" page and the
# statements they belong to: Declare's Lib, Alias and PtrSafe, Option's Base, Compare, Explicit
# and Text, Property, Error, Mid, Time, Step) and the Object type.
VBA_KEYWORDS = _words("""
    Alias Base Binary Compare Error Explicit Lib Mid Object Property PtrSafe Step Text Time
""")
# Names the generated function bodies use: a parameter of that name would shadow them.
WRAPPER_NAMES = _words("""
    Application ActiveWorkbook ThisWorkbook Range Err XLPy App failed k argsArray
""")


@pytest.fixture(scope="module")
def classic() -> dict:
    """Run tests/classic_vba.py once: {"vba": text, "functions": {name: help texts}}."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("XLWINGS_ON_SERVER", "XLWINGS_LICENSE_KEY")}
    done = subprocess.run([sys.executable, str(HERE / "classic_vba.py"), "normbook.udfs"],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _signatures(vba: str) -> dict[str, list[tuple[str, bool]]]:
    """Function name -> [(parameter, optional)] from the ``Function name(...)`` lines."""
    found = {}
    for name, params in re.findall(r"^Function (\w+)\((.*)\)$", vba, flags=re.MULTILINE):
        found[name] = [(p.removeprefix("Optional ").strip(), p.startswith("Optional "))
                       for p in params.split(", ") if p]
    return found


def test_vba_matches_golden(classic: dict) -> None:
    vba = classic["vba"]
    if os.environ.get("NORMBOOK_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(vba, encoding="utf-8", newline="\n")
    assert GOLDEN.read_text(encoding="utf-8") == vba, \
        "VBA changed; rerun with NORMBOOK_REGEN_GOLDEN=1 and review the diff"


def test_every_function_with_its_parameters(classic: dict) -> None:
    found = _signatures(classic["vba"])
    assert sorted(found) == sorted(FUNCTIONS)
    for name in FUNCTIONS:
        python = inspect.signature(getattr(normbook.udfs, name)).parameters.values()
        assert found[name] == [(p.name, p.default is not p.empty) for p in python], name
        body = f'XLPy.CallUDF("normbook.udfs", "{name}", Array('
        assert classic["vba"].count(body) == 2, name  # Excel's branch and the other host's
    assert [optional for _, optional in found["norm"]] == [False, False, True, True, True]


def test_parameter_names_are_legal_vba(classic: dict) -> None:
    found = _signatures(classic["vba"])
    function_names = {name.lower() for name in found}
    problems = []
    for function, params in found.items():
        names = [p.lower() for p, _ in params]
        for param in names:
            if not IDENTIFIER.match(param):
                problems.append(f"{function}({param}): not a VBA identifier")
            for words, kind in ((VBA_RESERVED, "a reserved word of VBA"),
                                (VBA_KEYWORDS, "a VBA keyword"),
                                (WRAPPER_NAMES, "a name the generated VBA uses"),
                                (function_names, "a function name")):
                if param in words:
                    problems.append(f"{function}({param}): {kind}")
        if len(set(names)) != len(names):  # VBA ignores case, Python does not
            problems.append(f"{function}: parameters differ only in case")
    assert not problems, "; ".join(problems)


def test_reserved_word_lists_catch_known_words() -> None:
    # guards the lists above against a typo that would let a keyword through
    for word in ("Variant", "String", "Date", "Error", "Property", "Optional", "Nothing",
                 "Step", "Type", "Array"):
        assert word.lower() in VBA_RESERVED | VBA_KEYWORDS
    for harmless in ("appendix", "component", "work", "item"):
        assert harmless not in VBA_RESERVED | VBA_KEYWORDS | WRAPPER_NAMES


def test_vba_is_ascii_with_short_lines(classic: dict) -> None:
    vba = classic["vba"]
    assert vba.isascii()  # VBComponents.Import reads the .bas in the system's ANSI code page
    assert max(len(line) for line in vba.splitlines()) <= VBA_LINE_LIMIT


def test_help_texts_fit_classic_excel(classic: dict) -> None:
    found = _signatures(classic["vba"])
    for name, info in classic["functions"].items():
        description = info["description"]
        assert description.strip() and len(description) <= HELP_LIMIT, (name, description)
        assert not description.startswith("Python function "), name  # xlwings' placeholder
        assert [a["name"] for a in info["args"]] == [p for p, _ in found[name]]
        for arg in info["args"]:
            assert arg["doc"].strip() and len(arg["doc"]) <= HELP_LIMIT, (name, arg)
            assert not arg["doc"].startswith("Positional argument"), (name, arg)
    assert "Phụ lục" in classic["functions"]["norm"]["args"][0]["doc"]
