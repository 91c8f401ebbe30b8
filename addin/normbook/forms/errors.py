"""Errors of the application forms: bad input files, bad templates, refused overwrites."""

from __future__ import annotations

from ..errors import NormError
from ..errors import OutputExists as OutputExists  # re-exported: one error for every command


class FormInputError(NormError, ValueError):
    """An applicant file or roster cannot be read as applicants (syntax, shape, columns)."""


class TemplateProblem(NormError, ValueError):
    """A form template is broken, needs a field the form does not have, or is unsafe.

    The template limits' own errors (:mod:`normbook.template_limits`, which knows nothing of
    forms) come out of :class:`~normbook.forms.render.FormTemplate` as this or a subclass.
    """


class UnsafeTemplate(TemplateProblem):
    """The template tried to reach Python internals; the sandbox stopped it."""


class MissingField(TemplateProblem, LookupError):
    """The template uses a variable the form's context does not define."""

    excel_code = "#N/A"


class RosterWarning(UserWarning):
    """Something about a roster file worth knowing that does not stop it being read (the
    encoding a CSV file was read in). The batch reports these in warnings.csv."""
