"""What an error says to whom: options in each front end's own words, user values shortened.

- An option is written as the place that shows the error spells it: ``--variant PTN1`` and
  ``--force`` on the command line, ``variant='PTN1'`` and ``force=True`` for a Python caller,
  the worksheet function's own argument (``lab_class``) in a cell.
- A value the user gave is echoed at most :data:`~normbook.errors.SHOWN_LIMIT` characters
  long, with its length, and with control characters escaped: a 120 KB argument, or one
  holding a terminal escape sequence, makes a one-line message.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import normbook
from normbook.errors import (
    SHOWN_LIMIT,
    BadArgument,
    LabClassRequired,
    NormError,
    OutputExists,
    UnknownVariant,
    shown,
)
from normbook.excel import functions

PACKAGE = Path(__file__).parents[1] / "addin" / "normbook"
LONG = "A" * 120_000  # under Linux's 128 KiB limit of one argument
LONG_NOTE = "…(120,000 characters)"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normbook", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, encoding="utf-8")


def one_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, result.stderr[:500]
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 or lines[0].startswith("usage:"), result.stderr[:500]
    return lines[-1]


# ---- options: the command line's, the Python API's, the worksheet's -----------------------

@pytest.mark.parametrize(("args", "said", "not_said"), [
    (["norm", "XXV", "labour"], "pass --variant PTN1 or PTN2", "variant="),
    (["norm", "VI", "labour", "--variant", "PTN3"], "leave out --variant", "variant empty"),
    (["norm", "XXV", "labour", "--variant", "PTN3"], "use --variant PTN1 or PTN2", "'PTN1'"),
    (["norm", "VI", "labour", "--item", "Máy hút ẩm"], "--item applies to equipment", "item="),
])
def test_the_command_line_names_its_options(args, said, not_said):
    line = one_line(run(*args))
    assert said in line and not_said not in line


def test_the_command_line_says_force_as_a_flag(tmp_path):
    (tmp_path / "norms.xlsx").write_bytes(b"not mine")
    line = one_line(run("workbook", "-o", str(tmp_path / "norms.xlsx")))
    assert line.endswith("already exists; pass --force to replace it")
    assert "force=True" not in line
    assert (tmp_path / "norms.xlsx").read_bytes() == b"not mine"


def test_the_estimate_command_says_its_variant_option_per_appendix(tmp_path):
    line = one_line(run("estimate", "--appendix", "XXV", "--year", "2026", "-o",
                        str(tmp_path / "out")))
    assert "pass --variant XXV=PTN1 or XXV=PTN2" in line


def test_the_python_api_names_its_keywords(tmp_path):
    from normbook.estimate import EstimateRequest, norm_cost

    with pytest.raises(LabClassRequired, match=r"pass variant='PTN1' or 'PTN2'$") as caught:
        normbook.norm("XXV", "labour")
    assert caught.value.option == "variant"
    with pytest.raises(UnknownVariant, match=r"leave out variant$"):
        normbook.norm("VI", "labour", variant="PTN3")
    with pytest.raises(BadArgument, match=r"^item applies to equipment") as caught:
        normbook.norm("VI", "labour", item="Máy hút ẩm")
    assert caught.value.option == "item"
    with pytest.raises(LabClassRequired, match=r"variants=\{'XXV': 'PTN1'\}"):
        EstimateRequest(["XXV"], 2026)
    with pytest.raises(LabClassRequired, match=r"pass variant='PTN1'"):  # norm_cost's keyword
        norm_cost("XXV", "labour", [], 2026)
    assert str(OutputExists(tmp_path / "a.xlsx")).endswith("pass force=True to replace it")
    assert "to replace them" in str(OutputExists([tmp_path / "a", tmp_path / "b"]))


def test_a_cell_names_the_worksheet_functions_argument():
    """Classic xlwings shows the message in the cell; NORM's lab class is lab_class."""
    from normbook.excel.cell_errors import excel_error

    cell = excel_error(_raised(lambda: normbook.norm("XXV", "labour")))
    assert cell == "#N/A appendix XXV needs lab_class PTN1 or PTN2"
    cell = excel_error(_raised(lambda: normbook.norm("VI", "labour", item="Máy")))
    assert cell.startswith("#VALUE! item applies to equipment") and "--" not in cell
    cell = excel_error(_raised(lambda: normbook.norm("VI", "labour", variant="PTN3")))
    assert "lab class" in cell and "variant=" not in cell and "--variant" not in cell


def _raised(call) -> NormError:
    try:
        call()
    except NormError as exc:
        return exc
    raise AssertionError("no error")


def _string_constants(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


#: Python's spelling of an option in a message: "pass variant='PTN1'", "(force=True)".
PYTHON_HINT = re.compile(r"\bpass [a-z_]+=|\([a-z_]+=(True|False)\)")


def test_no_message_tells_the_user_to_pass_a_python_keyword():
    """Keyword spellings come from errors.Spelling, rendered where the error is shown."""
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "errors.py"
             for line, text in _string_constants(path) if PYTHON_HINT.search(text)]
    assert found == []
    assert PYTHON_HINT.search("pass variant='PTN1'") and PYTHON_HINT.search("(force=True)")


# ---- values the user gave ------------------------------------------------------------------

def test_shown_cuts_escapes_and_quotes():
    assert shown("XL") == "'XL'"
    assert shown(LONG) == repr("A" * SHOWN_LIMIT) + LONG_NOTE
    assert shown("Phụ lục 考核") == "'Phụ lục 考核'"
    assert shown("a\x1b[2Jb\u202ec\udcff\nd") == "'a\\x1b[2Jb\\u202ec\\udcff\\nd'"
    assert shown("C:\\Users\\an\x07", quote=False) == "C:\\Users\\an\\x07"
    assert shown(Path("x" * 300), 10, quote=False) == "x" * 10 + "…(300 characters)"
    assert shown(6.5) == "6.5" and shown(None) == "None"
    assert len(shown([LONG] * 1000)) < 200  # a range of cells: not walked whole


@pytest.mark.parametrize("args", [
    ["norm", LONG],
    ["norm", "VI", LONG],
    ["norm", "VI", "labour", "--work", LONG],
    ["norm", "VI", "equipment", "--item", LONG],
    ["norm", "XXV", "labour", "--variant", LONG],
    ["table", "VI", LONG],
    ["exams", LONG],
    ["exams", "2024", LONG],
    ["check", "--format", LONG],  # argparse's own message
    [LONG],
], ids=lambda args: " ".join(a if len(a) < 20 else "LONG" for a in args))
def test_a_long_argument_is_echoed_short(args):
    result = run(*args)
    line = one_line(result)
    assert LONG_NOTE in line
    assert len(result.stderr) < 1000


def test_a_long_path_is_echoed_short(tmp_path):
    """The OS refuses the name (too long): its message is shortened the same way."""
    result = run("extract", LONG, "-o", str(tmp_path / "out"))
    line = one_line(result, code=1)  # an OSError: a failure, as every OSError is
    assert LONG_NOTE in line and len(result.stderr) < 1000


def test_control_characters_in_an_argument_are_escaped():
    result = run("norm", "VI\x1b[2J\x1b]0;owned\x07", "labour")
    line = one_line(result)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "'VI\\x1b[2J\\x1b]0;owned\\x07'" in line


def test_a_long_argument_in_python_and_in_a_cell():
    with pytest.raises(NormError) as caught:
        normbook.norm(LONG)
    assert LONG_NOTE in str(caught.value) and len(str(caught.value)) < 300
    for cell in (functions.norm(LONG, "labour"), functions.exam_date(2024, 1, LONG),
                 functions.exam_periods(LONG), functions.norm("VI", "labour", None, None, LONG),
                 functions.exam_open_period(LONG)):
        assert cell.startswith("#") and len(cell) <= 120
