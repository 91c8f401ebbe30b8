"""The 计量专业项目考核申请表 (application form for the metrology project exams).

One form from an applicant file, many from a roster, each validated first against the
guide's rules and the year's timetable (:mod:`normbook.exams`)::

    from normbook import forms
    applicant = forms.load_applicant("applicant.yaml")
    verdict = forms.write_form(applicant, Path("form.docx"))     # verdict.ok, .problems
    result = forms.write_forms(Path("roster.xlsx"), Path("out"))  # result.summary()

Importing this package imports nothing heavy; docxtpl, pandas and the exams data load on
first use.
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .errors import FormInputError, MissingField, OutputExists, TemplateProblem, UnsafeTemplate

_HOME = {
    "Applicant": "applicant", "Project": "applicant", "Problem": "applicant",
    "load_applicant": "applicant", "applicant_from_mapping": "applicant",
    "validate_applicant": "validate", "Verdict": "validate", "id_check_character": "validate",
    "id_number_problem": "validate", "phone_problem": "validate",
    "FormTemplate": "render", "form_context": "render", "render_form": "render",
    "template": "render",
    "read_roster": "roster", "group_rows": "roster",
    "write_form": "batch", "write_forms": "batch", "write_rows": "batch",
    "BatchResult": "batch",
}


__getattr__ = lazy_exports(__name__, _HOME)


__all__ = ["FormInputError", "MissingField", "OutputExists", "TemplateProblem",
           "UnsafeTemplate", *_HOME]
