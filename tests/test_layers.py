"""Dependencies run one way: the folder layer (``normbook.userdata``) stores, checks and swaps
files and imports none of the kinds of facts above it, nor what uses them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "addin" / "normbook"
#: What the folder layer must not reach: the kinds of facts, their checks, and their users.
ABOVE_USERDATA = ("exams", "wages", "salary_acts", "wage_additions", "forms", "estimate",
                  "excel", "reference_data")


def imported(source: str, package: str) -> list[tuple[int, str]]:
    """Every module ``source`` (a module of ``package``) imports, at any depth of the file,
    as an absolute name with its line."""
    parts = package.split(".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = parts[:len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            # ``from .. import wages`` imports the module normbook.wages
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def imports_of(path: Path) -> list[tuple[int, str]]:
    package = ".".join(["normbook", *path.parent.relative_to(PACKAGE).parts])
    return imported(path.read_text(encoding="utf-8"), package)


def test_imports_are_resolved_as_python_does():
    assert imported("from .x import y\n", "normbook.userdata") == [
        (1, "normbook.userdata.x.y")]
    assert imported("from .. import wages\n", "normbook.userdata") == [(1, "normbook.wages")]
    assert imported("def f():\n    from ..exams.load import dataset\n",
                    "normbook.userdata") == [(2, "normbook.exams.load.dataset")]
    assert imported("import normbook.forms.cli\n", "normbook.userdata") == [
        (1, "normbook.forms.cli")]


@pytest.mark.parametrize("module", sorted(p.name for p in (PACKAGE / "userdata").glob("*.py")))
def test_the_folder_layer_imports_nothing_above_it(module):
    reached = [f"line {line}: {name}" for line, name in imports_of(PACKAGE / "userdata" / module)
               if any(name == f"normbook.{up}" or name.startswith(f"normbook.{up}.")
                      for up in ABOVE_USERDATA)]
    assert not reached, f"userdata/{module} reaches above the folder layer: {reached}"


def test_the_kinds_do_not_import_the_command_above_them():
    kinds = [PACKAGE / "wages.py", PACKAGE / "salary_acts.py", PACKAGE / "wage_additions.py",
             *(PACKAGE / "exams").glob("*.py")]
    reached = [f"{path.relative_to(PACKAGE)} line {line}: {name}" for path in kinds
               for line, name in imports_of(path) if name.startswith("normbook.reference_data")]
    assert not reached
