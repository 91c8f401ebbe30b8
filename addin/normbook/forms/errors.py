"""Errors of the application forms: bad input files, bad templates, refused overwrites."""

from __future__ import annotations

from ..errors import NormError


class FormInputError(NormError, ValueError):
    """An applicant file or roster cannot be read as applicants (syntax, shape, columns)."""


class TemplateProblem(NormError, ValueError):
    """A form template is broken, needs a field the form does not have, or is unsafe."""


class UnsafeTemplate(TemplateProblem):
    """The template tried to reach Python internals; the sandbox stopped it."""


class MissingField(TemplateProblem, LookupError):
    """The template uses a variable the form's context does not define."""

    excel_code = "#N/A"


class OutputExists(NormError, FileExistsError):
    """An output file exists already and ``force`` was not given."""

    def __init__(self, paths: list):
        self.paths = list(paths)
        shown = ", ".join(str(p) for p in self.paths[:5])
        more = f" and {len(self.paths) - 5} more" if len(self.paths) > 5 else ""
        super().__init__(f"{len(self.paths)} output file(s) exist already: {shown}{more}; "
                         "pass --force (force=True) to replace them")
