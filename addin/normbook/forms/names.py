"""The file names of a batch's forms: no full ID number by default, a pattern on request.

A resident ID number is sensitive personal information and the forms are e-mailed and shared,
so by default a form is named after the applicant and the last four characters of the ID
number: ``李四-1235.docx``. A coordinator looks forms up by name; the last four tell two
applicants of the same name apart and match the ID number printed on the form; and the name
stays the same when the roster is sorted again (a name from the roster row would change, and
the next run would leave the old forms beside the new ones). Two applicants of a batch with
the same name and the same last four are told apart by their first roster row
(``李四-1235-row3.docx``, ``李四-1235-row7.docx``), with a warning saying so.

A pattern (``--name-pattern``, ``name_pattern=``) names the forms otherwise, from the fields
of :data:`FIELDS`. A pattern is refused when it could give two applicants the same name (it
must hold ``{row}`` or ``{id}``, or ``{name}`` with ``{id4}``) and, for a roster, when it does
give two of its applicants the same name; a pattern holding the full ID number is allowed
(a user may need it) with a warning.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import BadArgument
from ..i18n import Domain, Message, clauses, listed
from .applicant import Applicant
from .text import safe_filename

_ = Domain(__name__)

#: The fields a pattern may use, and what each holds (``--help`` lists them).
FIELDS = {
    "name": _.later("the applicant's name (姓名)"),
    "id4": _.later("the last four characters of the ID number"),
    "row": _.later("the applicant's first roster row"),
    "period": _.later("the period (期数) as the roster gives it"),
    "site": _.later("the exam site (考点)"),
    "employer": _.later("the employer (执业单位)"),
    "id": _.later("the full ID number (personal information: a warning is given)"),
}
#: The default: the applicant's name and the last four characters of the ID number.
DEFAULT_PATTERN = "{name}-{id4}"
#: Characters a file name cannot hold on Windows, macOS or Linux.
_NOT_IN_NAMES = '\\/:*?"<>|'


@dataclass(frozen=True, slots=True)
class NamePattern:
    """A checked file name pattern (see the module's docstring)."""

    text: str
    fields: tuple[str, ...]

    @property
    def default(self) -> bool:
        return self.text == DEFAULT_PATTERN

    @property
    def full_id(self) -> bool:
        """Whether the names hold the full ID number."""
        return "id" in self.fields

    def stem(self, applicant: Applicant) -> str:
        """The name without ``.docx`` for ``applicant`` (safe on every file system)."""
        values = {"name": applicant.name, "id": applicant.id_number,
                  "id4": applicant.id_number[-4:], "row": _first_row(applicant),
                  "period": applicant.period, "site": applicant.site,
                  "employer": applicant.employer}
        return safe_filename(self.text.format(**values))


def _first_row(applicant: Applicant) -> str:
    return str(applicant.rows[0]) if applicant.rows else ""


def name_pattern(text: str | None) -> NamePattern:
    """``text`` checked as a file name pattern (None: the default).

    Raises:
        BadArgument: unbalanced braces, an unknown field, a conversion or format (``{row:03}``),
            a character no file name may hold, no field, or fields that could give two
            applicants the same name.
    """
    if text is None:
        text = DEFAULT_PATTERN
    text = text.strip()
    if text.lower().endswith(".docx"):
        text = text[:-5]
    known = listed("{" + f + "}" for f in FIELDS)
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise BadArgument(_.later("the file name pattern {pattern} cannot be read ({why}): "
                                  "write fields in braces, e.g. {example}", pattern=repr(text),
                                  why=exc, example=DEFAULT_PATTERN)) from None
    fields: list[str] = []
    for literal, field_name, spec, conversion in parts:
        bad = sorted({c for c in literal if c in _NOT_IN_NAMES or ord(c) < 32})
        if bad:
            raise BadArgument(_.later(
                "the file name pattern {pattern} holds {chars}, which a file name cannot hold",
                pattern=repr(text), chars=" ".join(bad)))
        if field_name is None:
            continue
        if field_name not in FIELDS:
            raise BadArgument(_.later(
                "the file name pattern {pattern} has the field {{{field}}}; the fields are "
                "{known}", pattern=repr(text), field=field_name, known=known))
        if spec or conversion:
            raise BadArgument(_.later(
                "the file name pattern {pattern}: write the field {{{field}}} without a format "
                "or conversion (no : or ! inside the braces)", pattern=repr(text),
                field=field_name))
        fields.append(field_name)
    if not fields:
        raise BadArgument(_.later("the file name pattern {pattern} has no field: every form "
                                  "would get the same name; the fields are {known}",
                                  pattern=repr(text), known=known))
    unique = {"row", "id"} & set(fields) or {"name", "id4"} <= set(fields)
    if not unique:
        raise BadArgument(_.later(
            "the file name pattern {pattern} could give two applicants the same file name: "
            "include {{row}} (the roster row), or {{name}} with {{id4}}", pattern=repr(text)))
    return NamePattern(text, tuple(fields))


@dataclass(frozen=True, slots=True)
class Named:
    """The file names of a batch's applicants (in their order) and what to warn about."""

    names: tuple[str, ...]
    warnings: tuple[tuple[Applicant, Message], ...] = ()


def form_names(applicants: Sequence[Applicant], pattern: NamePattern) -> Named:
    """A ``.docx`` name per applicant, no two the same (also not differing only in case,
    as Windows and macOS compare names).

    Raises:
        BadArgument: a pattern given by the user names two applicants alike (the default
            pattern adds the roster row instead, with a warning).
    """
    stems = [pattern.stem(a) for a in applicants]
    alike: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        alike.setdefault(_compared(stem), []).append(i)
    warnings: list[tuple[Applicant, Message]] = []
    for group in alike.values():
        if len(group) < 2:
            continue
        rows = listed(_first_row(applicants[i]) or "?" for i in group)
        if not pattern.default:
            raise BadArgument(_.later(
                "the file name pattern {pattern} gives the applicants of rows {rows} the same "
                "file name {name}: add {{row}} to the pattern", pattern=repr(pattern.text),
                rows=rows, name=stems[group[0]] + ".docx"))
        for i in group:
            stems[i] = f"{stems[i]}-row{_first_row(applicants[i])}"
        named = listed(stems[i] + ".docx" for i in group)
        for i in group:
            warnings.append((applicants[i], _.later(
                "applicants of rows {rows} have the same name and the same last four "
                "characters of the ID number; their forms are told apart by the roster row: "
                "{named}", rows=rows, named=named)))
    return Named(tuple(stem + ".docx" for stem in stems), tuple(warnings))


def _compared(stem: str) -> str:
    return unicodedata.normalize("NFC", stem).casefold()


def full_id_warning() -> Message:
    """The warning for a pattern that puts full ID numbers into file names."""
    return _.later("the forms' file names hold full ID numbers (the pattern uses {{id}}): an ID "
                   "number is sensitive personal information; take care whom the files are "
                   "sent to")


def fields_help() -> str:
    """The fields for ``--help``, in the current language."""
    return str(clauses("{" + name + "}: " + str(what) for name, what in FIELDS.items()))
