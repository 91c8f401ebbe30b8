"""xlwings Lite: addin/main.py re-exports the functions, the wheel is pure Python, and the
functions answer inside Pyodide without pandas or lxml.

The wheel is built once per session from a copy of the repository (pip's build isolation
fetches setuptools from the package index). The Pyodide smoke test needs Node and npm: the
first run calls ``bash tests/pyodide/setup.sh PYTHON`` (Pyodide from npm, micropip and xlwings
wheels from PyPI, about 8 MB, kept in tests/pyodide/ for later runs); without Node, or when
the download fails, it skips and says why.
"""

from __future__ import annotations

import asyncio
import configparser
import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlwings
import xlwings.server
from packaging.requirements import Requirement
from packaging.version import Version

import normbook.udfs

REPO = Path(__file__).parents[1]
MAIN = REPO / "addin" / "main.py"
REQUIREMENTS = REPO / "addin" / "requirements-lite.txt"
PYODIDE = REPO / "tests" / "pyodide"
FUNCTIONS = ["EXAM_DATE", "EXAM_OPEN_PERIOD", "EXAM_PERIODS", "LABOUR_RATE", "NORM",
             "NORM_APPENDICES", "NORM_COST", "NORM_DATA", "NORM_ITEMS", "NORM_SOURCE",
             "NORM_TABLE"]
SCRIPTS = ["application_forms", "estimate_build", "estimate_compare", "estimate_counts",
           "estimate_rejustify"]
NOT_SOURCE = (".git", ".venv", "build", "dist", "node_modules", "wheels", "*.egg-info",
              "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """normbook's wheel, built from a copy so the working tree gets no build/ or egg-info."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(root / "out"), str(source)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    (built,) = (root / "out").glob("normbook-*.whl")
    return built


def _load_main():
    """addin/main.py as a module, the way Lite runs the editor's main.py."""
    spec = importlib.util.spec_from_file_location("normbook_lite_main", MAIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the wheel ----------------------------------------------------------------------------

def test_wheel_is_pure_python(wheel: Path) -> None:
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (wheel_info,) = [n for n in names if n.endswith(".dist-info/WHEEL")]
        assert "Root-Is-Purelib: true" in archive.read(wheel_info).decode()
    compiled = [n for n in names if n.endswith((".so", ".pyd", ".dll", ".dylib"))]
    assert not compiled


def test_wheel_ships_the_package_not_the_lite_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
        assert "normbook/udfs.py" in archive.namelist()
    # a top-level main.py would shadow every other "main" module of a user's environment
    assert tops == {"normbook", wheel.name.split("-py3")[0] + ".dist-info"}


def test_requirements_line_names_this_release(wheel: Path) -> None:
    lines = [line.strip() for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines()]
    (line,) = [line for line in lines if line and not line.startswith("#")]
    requirement = Requirement(line)
    assert requirement.name == "normbook" and not requirement.extras
    version = Version(wheel.name.split("-")[1])
    assert str(requirement.specifier) == f"=={version}"
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    # the version is written once, in normbook/__init__.py; setup.cfg reads it from there
    assert setup["metadata"]["version"] == "attr: normbook.__version__"
    assert normbook.__version__ == str(version)
    assert f"``{line}``" in MAIN.read_text(encoding="utf-8")  # main.py quotes the same line


# ---- addin/main.py ------------------------------------------------------------------------

def test_main_registers_what_udfs_registers() -> None:
    main = _load_main()
    meta = xlwings.server.custom_functions_meta(main)
    assert sorted(f["name"] for f in meta["functions"]) == FUNCTIONS
    assert meta == xlwings.server.custom_functions_meta(normbook.udfs)
    assert sorted(main.__all__) == sorted([*(name.lower() for name in FUNCTIONS),
                                           "application_forms", *SCRIPTS[1:]])


def test_main_registers_the_application_form_script() -> None:
    scripts = xlwings.server.custom_scripts_meta(_load_main())
    assert sorted(s["function_name"] for s in scripts) == SCRIPTS


def test_main_answers_a_call_as_excel_sends_it() -> None:
    payload = {"client": "Office.js", "func_name": "norm",
               "args": [[["VI"]], [["labour"]], None, None, None],
               "caller_address": "[Book1.xlsx]Sheet1!D2", "culture_info_name": "en-US",
               "date_format": "M/d/yyyy", "version": xlwings.__version__, "runtime": "1.4"}
    result = asyncio.run(xlwings.server.custom_functions_call(payload, _load_main()))
    assert result == [[308]]


# ---- Pyodide under Node -------------------------------------------------------------------

def _set_up() -> list[Path] | None:
    wheels = sorted((PYODIDE / "wheels").glob("*.whl"))
    names = {path.name.split("-")[0] for path in wheels}
    needed = {"micropip", "xlwings", "openpyxl", "et_xmlfile", "defusedxml", "platformdirs"}
    ready = (PYODIDE / "node_modules" / "pyodide").is_dir() and needed <= names
    return wheels if ready else None


def _pyodide_wheels() -> list[Path]:
    """micropip's and xlwings' wheels from tests/pyodide/setup.sh (run once), or skip."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not on PATH")
    wheels = _set_up()
    if wheels is None:
        done = subprocess.run(["bash", str(PYODIDE / "setup.sh"), sys.executable],
                              capture_output=True, text=True, timeout=600, check=False)
        wheels = _set_up()
        if done.returncode != 0 or wheels is None:
            pytest.skip(f"could not set up Pyodide (offline?): {done.stderr[-500:]}")
    return wheels


def test_udfs_answer_in_pyodide_without_pandas_or_lxml(wheel: Path) -> None:
    wheels = _pyodide_wheels()
    done = subprocess.run(["node", str(PYODIDE / "smoke.mjs"), *map(str, wheels), str(wheel)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "emscripten"
    assert result["functions"] == FUNCTIONS
    assert result["norm"] == 308, done.stderr[-3000:]
    assert result["call"] == [[308]]
    assert result["heavy"] == []  # no pandas, lxml, numpy, openpyxl or docxtpl was imported
    # Lite cannot reach the user's disk: NORM_DATA shows the shipped data and no user rows
    data = result["data"]
    assert {r[0] for r in data[1:]} == {"norms", "exams", "wages", "holidays"}
    assert all(r[1].startswith("shipped") for r in data[1:]), data


def test_the_estimate_script_builds_in_pyodide(wheel: Path) -> None:
    """xlwings Lite's estimate_build, one appendix, labour only: the estimate's six sheets
    with their formulas and defined names; no lxml offline, so no justification, said."""
    import os

    wheels = _pyodide_wheels()
    done = subprocess.run(["node", str(PYODIDE / "smoke.mjs"), *map(str, wheels), str(wheel)],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "SMOKE_SCRIPT": "estimate.py"})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "emscripten"
    assert result["sheets"] == ["Inputs", "Prices", "Labour", "Equipment", "Materials",
                                "Summary", "Estimate results"]
    assert result["formulas"] == 6  # one block per sheet
    assert {"BaseSalary", "OnCosts", "WorkCounts"} <= set(result["names"])
    assert result["status"] == ("estimate 2026 written without its justification (docxtpl "
                                "is missing)"), result
