"""The command line: answers, one-line errors and exit codes, and the README's examples."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from normbook.cli import main

README = Path(__file__).parents[1] / "README.md"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normbook", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def test_norm_prints_the_number(capsys):
    assert main(["norm", "VI", "labour"]) == 0
    assert capsys.readouterr().out.strip() == "308"


def test_norm_with_source_cites_the_lines(capsys):
    assert main(["norm", "VI", "labour_direct", "--source"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "280"
    assert out[1].startswith("Circular 04/2022/TT-BKHCN, Phụ lục VI, lines 3164")


@pytest.mark.parametrize(("args", "message"), [
    (["norm", "XL"], "unknown appendix 'XL'; the circular has I..XXXI"),
    (["norm", "XXV", "labour"], "pass --variant PTN1 or PTN2"),
    (["norm", "VI", "equipment", "--item", "Thiết bị lưu điện"], "instead of its shifts"),
    (["norm", "VI", "labour", "--variant", "PTN3"], "no lab-class alternatives"),
    (["table", "VI", "bogus"], "unknown component 'bogus'"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("normbook: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2():
    result = run("norm")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_check_reports_irregularities_and_passes(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "truncated_appendix" in out
    assert "58748/RUSKA" in out and "58784/RUSKA" in out
    assert "Structural checks passed." in out
    assert re.search(r"^XXXI\s+20\s+0\s+40\s+13\s", out, re.MULTILINE)


def test_table_lists_rows(capsys):
    assert main(["table", "VI", "equipment"]) == 0
    out = capsys.readouterr().out
    assert "Thiết bị lưu điện" in out and "Sử dụng khi thực hiện phép đo quan trọng" in out


def test_extract_refuses_to_overwrite(tmp_path, capsys):
    (tmp_path / "datapackage.json").write_text("{}")
    source = Path(__file__).parents[1] / "norms" / "sources" / "vn-circular-04-2022-TT-BKHCN.txt"
    assert main(["extract", str(source), "-o", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "datapackage.json").read_text() == "{}"


def test_demo_builds_into_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  VI +[\d,]+ VND", out, re.MULTILINE)
    assert re.search(r"^  XXV +[\d,]+ VND .*\(PTN1\)$", out, re.MULTILINE)
    assert re.search(r"^  Total +[\d,]+ VND$", out, re.MULTILINE)
    for name in ("estimate.xlsx", "thuyet-minh.docx"):
        assert (tmp_path / "normbook-demo" / name).is_file()
        assert f"  {Path('normbook-demo') / name} " in out


def test_readme_python_examples_hold():
    """The README's Python example block runs and its commented results are what it says."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.DOTALL).group(1)
    namespace: dict = {}
    for line in block.splitlines():
        code, _, comment = line.partition("  # ")
        code = code.strip()
        if not code:
            continue
        if code.startswith("import"):
            exec(code, namespace)
            continue
        value = eval(code, namespace)
        expected = re.match(r"\s*(-?\d+(?:\.\d+)?)\b", comment)
        if expected:
            assert value == float(expected.group(1)), line
        if code.startswith("str(normbook.source"):
            assert value.startswith("Circular 04/2022/TT-BKHCN, Phụ lục VI, lines ")


def test_readme_commands_run(tmp_path):
    """Each `normbook ...` line in the README's usage block exits 0 (extract is tested above).

    They run in an empty folder, in order, so the files one writes are there for the next.
    """
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Use\n\n```\n(.*?)```", text, re.DOTALL).group(1)
    for line in block.splitlines():
        command = line.split("  #")[0].strip()
        if not command.startswith("normbook ") or " extract " in command:
            continue
        result = run(*shlex.split(command)[1:], cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)


def test_ctrl_c_while_the_parser_is_built_is_exit_130_without_a_traceback(monkeypatch, capsys):
    """Ctrl-C in the first fraction of a second lands while the commands' modules import."""
    import normbook.cli as cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    try:
        code = cli.main(["appendices"])
    except KeyboardInterrupt:  # escaping main would be the traceback a user sees
        pytest.fail("Ctrl-C escaped normbook.cli.main")
    assert code == 130
    assert "Traceback" not in capsys.readouterr().err
