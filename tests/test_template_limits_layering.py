"""The template limits are a layer below their users: their own errors, no import upwards.

``normbook.template_limits`` guards every user-supplied Word template (the forms' and the
budget justification's). It refuses a bad file with its own :class:`TemplateFileRefused`;
the forms say it in their terms (:class:`TemplateProblem`). Nothing in it imports the forms
or the estimate, at load or at run time.
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from normbook.errors import NormError
from normbook.forms.errors import TemplateProblem
from normbook.forms.render import FormTemplate
from normbook.template_limits import TemplateFileRefused, check_xml_parts, docx_file, read_members

LIMITS = Path(__file__).parents[1] / "addin" / "normbook" / "template_limits"
#: The packages that use the limits, which the limits must not know.
USERS = ("forms", "estimate", "excel", "exams", "userdata", "reference_data")


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, relative ones resolved inside normbook."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
            elif node.level == 1:
                found.add(f"normbook.template_limits.{node.module or ''}")
            else:  # from .. import x / from ..forms import y
                base = "normbook" + (f".{node.module}" if node.module else "")
                found |= {base} if node.module else {f"normbook.{a.name}" for a in node.names}
    return found


def test_the_limits_import_none_of_their_users():
    upward = {f"{path.name}: {name}" for path in sorted(LIMITS.glob("*.py"))
              for name in _imported(path)
              if any(name == f"normbook.{user}" or name.startswith(f"normbook.{user}.")
                     for user in USERS)}
    assert upward == set()


def test_the_scan_of_imports_sees_an_upward_one(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from ..forms.errors import TemplateProblem\nfrom .. import estimate\n",
                     encoding="utf-8")
    assert {"normbook.forms.errors", "normbook.estimate"} <= _imported(probe)


def test_a_bad_file_is_refused_with_the_limits_own_error(monkeypatch):
    with pytest.raises(TemplateFileRefused, match=r"^t\.docx: not a \.docx file") as caught:
        read_members(b"not a zip at all", "t.docx")
    assert isinstance(caught.value, NormError) and isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, TemplateProblem)
    # a limit, raised inside the zip's reading, comes out as itself (not as "not a .docx")
    monkeypatch.setattr(docx_file, "MAX_MEMBERS", 0)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<a/>")
    with pytest.raises(TemplateFileRefused, match=r"^t\.docx: 1 zip member;"):
        read_members(archive.getvalue(), "t.docx")


def test_a_doctype_is_refused_with_the_limits_own_error():
    part = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'
    with pytest.raises(TemplateFileRefused, match=r"word/x\.xml has a DOCTYPE"):
        check_xml_parts([("word/x.xml", part)], "t.docx")


def test_the_forms_say_it_as_a_template_problem():
    with pytest.raises(TemplateProblem, match=r"^t\.docx: not a \.docx file") as caught:
        FormTemplate(b"not a zip at all", source="t.docx")
    assert isinstance(caught.value.__cause__, TemplateFileRefused)


def test_refusing_a_file_loads_no_forms_code():
    """At run time too: the refusal used to import normbook.forms to build its error."""
    code = ("import sys\n"
            "from normbook.template_limits import TemplateFileRefused, read_members\n"
            "try:\n"
            "    read_members(b'not a zip', 't.docx')\n"
            "except TemplateFileRefused:\n"
            "    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('normbook.forms', "
            "'normbook.estimate'))))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
