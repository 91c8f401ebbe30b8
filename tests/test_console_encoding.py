"""Output to a console or pipe that cannot write Vietnamese or Chinese: escapes, no traceback.

``PYTHONIOENCODING=ascii`` or ``latin-1``, or the POSIX locale without UTF-8 mode, give
Python a stdout that raises ``UnicodeEncodeError`` on the first "ụ" or "考" (on Windows,
output redirected to a file gets the ANSI code page). Every command family that prints
Vietnamese or Chinese runs here in a fresh process under each of them: it exits as usual,
with no traceback, and what it wrote decodes in that encoding. And every file Normbook
writes is UTF-8 whatever the locale: no text file is opened without an encoding.
"""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normbook.cli import main

PACKAGE = Path(__file__).parents[1] / "addin" / "normbook"

#: name -> (environment, the encoding the output must decode in).
CONSOLES = {
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
    "posix": ({"LC_ALL": "POSIX", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}, "ascii"),
}
#: Each family of commands that prints Vietnamese or Chinese, and its exit code.
COMMANDS = {
    "norm --source": (["norm", "VI", "labour", "--source"], 0),
    "appendices": (["appendices"], 0),
    "check": (["check"], 0),
    "exams": (["exams", "2024"], 0),
    "data status": (["data", "status"], 0),
    "an error in Vietnamese": (["norm", "VI", "equipment", "--item", "Thiết bị lưu điện"], 2),
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    merged = {**os.environ, **env}
    merged = {k: v for k, v in merged.items() if v != ""}  # "" means: not set
    return subprocess.run([sys.executable, "-m", "normbook", *args], capture_output=True,
                          env=merged, timeout=120)


@pytest.mark.parametrize("console", CONSOLES)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_writes_to_a_console_that_cannot_write_unicode(console, command):
    env, encoding = CONSOLES[console]
    args, code = COMMANDS[command]
    result = _run(args, env)
    assert b"Traceback" not in result.stderr, result.stderr.decode(encoding, "replace")
    assert result.returncode == code, result.stderr.decode(encoding, "replace")
    out = result.stdout.decode(encoding)  # raises if a byte is not of that encoding
    err = result.stderr.decode(encoding)
    if code == 0:
        assert out.strip()
    else:
        assert len(err.strip().splitlines()) == 1 and err.startswith("normbook: error: ")
    # what could not be written is there as an escape, not lost
    written = out + err
    assert "\\u" in written or "\\x" in written or console == "latin-1"


def test_the_escapes_say_which_letters_they_were():
    result = _run(["norm", "VI", "labour", "--source"], CONSOLES["ascii"][0])
    assert "Ph\\u1ee5 l\\u1ee5c VI" in result.stdout.decode("ascii")


def _console(encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors)


def test_main_changes_a_stream_only_while_it_runs(monkeypatch):
    """In-process (a caller's own streams): escapes while main runs, the handler after."""
    out, err = _console("ascii"), _console("ascii")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["norm", "VI", "labour", "--source"]) == 0
    assert main(["norm", "Phụ lục XL"]) == 2
    assert (out.errors, err.errors) == ("strict", "strict")
    out.flush()
    err.flush()
    assert "Ph\\u1ee5 l\\u1ee5c VI" in out.buffer.getvalue().decode("ascii")
    assert "'Ph\\u1ee5 l\\u1ee5c XL'" in err.buffer.getvalue().decode("ascii")


def test_a_handler_the_user_chose_stays(monkeypatch):
    """PYTHONIOENCODING=ascii:replace asks for question marks: the user gets them."""
    out = _console("ascii", "replace")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["norm", "VI", "labour", "--source"]) == 0
    out.flush()
    assert "Ph? l?c VI" in out.buffer.getvalue().decode("ascii")


def test_a_unicode_stream_is_left_alone(monkeypatch):
    out = _console("utf-8")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["norm", "VI", "labour", "--source"]) == 0
    assert out.errors == "strict"
    out.flush()
    assert "Phụ lục VI" in out.buffer.getvalue().decode("utf-8")


# ---- files -------------------------------------------------------------------------------

def _mode(node: ast.Call, at: int) -> str | None:
    """The mode a call passes (positional ``at`` or ``mode=``), if it is a literal."""
    given = [k.value for k in node.keywords if k.arg == "mode"] or node.args[at:at + 1]
    if given and isinstance(given[0], ast.Constant) and isinstance(given[0].value, str):
        return given[0].value
    return None


def text_opens_without_encoding(source: str) -> list[int]:
    """The lines of ``source`` that open a file as text in the locale's encoding."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in ("write_text", "read_text", "TextIOWrapper"):
            text = True
        elif name == "open" and isinstance(func, ast.Name):  # open(path, mode)
            text = "b" not in (_mode(node, 1) or "r")
        elif name == "open" and not (isinstance(func.value, ast.Name) and func.value.id == "os"):
            # Path.open(mode); a zip's archive.open(info) reads bytes
            mode = _mode(node, 0)
            text = "b" not in mode if mode is not None else not node.args
        elif name in ("NamedTemporaryFile", "fdopen"):
            text = "b" not in (_mode(node, 0 if name == "NamedTemporaryFile" else 1) or "b")
        else:
            text = False
        if text:
            lines.append(node.lineno)
    return lines


def test_every_text_file_is_opened_as_utf8():
    """A CSV, JSON or .ics file written in the locale's encoding would be cp1252 on a
    Windows machine and ASCII under the POSIX locale: every text open names its encoding."""
    found = [f"{path.relative_to(PACKAGE)}:{line}" for path in sorted(PACKAGE.rglob("*.py"))
             for line in text_opens_without_encoding(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_scan_of_text_opens_finds_them():
    source = ("from pathlib import Path\n"
              "Path('a.csv').write_text('a')\n"            # 2: text
              "open('b.json', 'w')\n"                      # 3: text
              "Path('c.ics').open('w')\n"                  # 4: text
              "open('d.bin', 'wb')\n"
              "open('e.csv', 'w', encoding='utf-8')\n"
              "archive.open(info)\n"
              "os.open('f', 0)\n")
    assert text_opens_without_encoding(source) == [2, 3, 4]
