"""The applicant of a 考核申请表: its fields, their Chinese labels, and loading JSON or YAML.

An :class:`Applicant` holds what was given, as text, unvalidated: reading never rejects a
value, so that :mod:`normbook.forms.validate` can report every problem at once, each with
its row and field. Problems found while reading (a list where text belongs, an unknown key)
travel with the applicant in ``problems``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import os_reason
from ..i18n import Domain, Message, current, listed
from .errors import FormInputError

_ = Domain(__name__)

#: The applicant's own fields, in the order of the form (the last four are not printed on
#: it: they decide which checks apply).
APPLICANT_FIELDS = ("name", "title", "id_number", "education", "phone", "employer",
                    "employer_address", "postcode", "region", "employer_type", "period", "site")
#: The fields of one row of the form's project table.
PROJECT_FIELDS = ("category", "project", "subproject", "regulation")

#: The form's Chinese labels (and the roster's Chinese column headers).
LABELS = {
    "name": "姓名", "title": "职称", "id_number": "身份证号", "education": "学历",
    "phone": "联系电话", "employer": "执业单位", "employer_address": "执业单位地址",
    "postcode": "邮编", "region": "地区", "employer_type": "单位类型", "period": "期数",
    "site": "考点", "category": "计量专业类别", "project": "项目", "subproject": "子项目",
    "regulation": "计量技术规范名称及编号", "projects": "项目",
}


#: How messages name a field, rendered where shown: the form's Chinese label, with the key
#: in English (``姓名 (name)``) and the Vietnamese name in Vietnamese.
FIELD_NAMES = {
    "name": _.later("姓名 (name)"), "title": _.later("职称 (title)"),
    "id_number": _.later("身份证号 (id_number)"), "education": _.later("学历 (education)"),
    "phone": _.later("联系电话 (phone)"), "employer": _.later("执业单位 (employer)"),
    "employer_address": _.later("执业单位地址 (employer_address)"),
    "postcode": _.later("邮编 (postcode)"), "region": _.later("地区 (region)"),
    "employer_type": _.later("单位类型 (employer_type)"), "period": _.later("期数 (period)"),
    "site": _.later("考点 (site)"), "category": _.later("计量专业类别 (category)"),
    "project": _.later("项目 (project)"), "subproject": _.later("子项目 (subproject)"),
    "regulation": _.later("计量技术规范名称及编号 (regulation)"),
    "projects": _.later("项目 (projects)"), "roster": _.later("roster"),
    "": _.later("applicant"),
}


def describe(field_name: str) -> Message | str:
    """``'姓名 (name)'``: how messages name a field (rendered in the reader's language)."""
    return FIELD_NAMES.get(field_name, field_name)


def field_cell(field_name: str, lang: str | None = None) -> str:
    """The field as a report's field column shows it: the key in English (an identifier a
    script may filter on, as before), the field's name in Chinese and Vietnamese."""
    lang = lang or current()
    if lang == "en" or field_name not in FIELD_NAMES:
        return field_name
    return FIELD_NAMES[field_name].render(lang)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (``error``) or worth a look (``warning``) with an applicant.

    ``row`` is the roster's Excel row (None for a JSON/YAML file); ``field`` an applicant or
    project key (``projects`` for the project list as a whole, ``""`` for none). ``message``
    keeps its facts and is rendered where it is shown (the terminal's language on stderr,
    the document's in rejections.xlsx); ``reason`` is it in the language of here and now.
    """

    field: str
    message: Message | str
    row: int | None = None
    id_number: str = ""
    severity: str = "error"

    @property
    def reason(self) -> str:
        """The message in the current language."""
        return str(self.message)

    def __str__(self) -> str:
        what, reason = describe(self.field), self.message
        if self.severity == "error":
            if self.row is not None:
                return _("error: row {row}, {what}: {reason}", row=self.row, what=what,
                         reason=reason)
            return _("error: {what}: {reason}", what=what, reason=reason)
        if self.row is not None:
            return _("warning: row {row}, {what}: {reason}", row=self.row, what=what,
                     reason=reason)
        return _("warning: {what}: {reason}", what=what, reason=reason)


@dataclass(frozen=True, slots=True)
class Project:
    """One row of the form's project table; ``row`` is the roster row it came from."""

    category: str = ""
    project: str = ""
    subproject: str = ""
    regulation: str = ""
    row: int | None = None

    def values(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in PROJECT_FIELDS}


@dataclass(frozen=True, slots=True)
class Applicant:
    """One applicant and the projects applied for, as given (all text, unvalidated)."""

    name: str = ""
    title: str = ""
    id_number: str = ""
    education: str = ""
    phone: str = ""
    employer: str = ""
    employer_address: str = ""
    postcode: str = ""
    region: str = ""
    employer_type: str = ""
    period: str = ""
    site: str = ""
    projects: tuple[Project, ...] = ()
    #: roster rows this applicant came from (empty for a JSON/YAML file)
    rows: tuple[int, ...] = ()
    #: problems found while reading (wrong types, unknown keys)
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def values(self) -> dict[str, str]:
        """The applicant fields (not the projects) as a dict."""
        return {key: getattr(self, key) for key in APPLICANT_FIELDS}

    def with_values(self, **changes) -> Applicant:
        return replace(self, **changes)


def as_text(value: object) -> str | None:
    """A scalar from JSON, YAML or a spreadsheet as text; None if it is not a scalar.

    Integers keep all their digits (an 18-digit ID number in JSON); a float that is a whole
    number loses its ``.0``. A float of 16 or more digits (an ID number that Excel held as a
    number) is shown in scientific notation: its last digits are lost, and printing them
    as if they were known would hide that. Leading zeros of a number cannot be recovered,
    which is why rosters are read as text and YAML without type guessing.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN: an empty spreadsheet cell
            return ""
        if value in (float("inf"), float("-inf")):  # only a forged file holds one (1e400)
            return "#NUM!"  # as Excel shows a number it cannot hold; validation refuses it
        if abs(value) >= 1e15:
            return f"{value:.15G}"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def applicant_from_mapping(data: object, *, where: str = "") -> Applicant:
    """An :class:`Applicant` from a parsed JSON/YAML document (a mapping).

    Raises:
        FormInputError: ``data`` is not a mapping, or ``projects`` is not a list.
    """
    where = where or _.later("the applicant")
    if not isinstance(data, Mapping):
        raise FormInputError(_.later("{where}: expected a mapping of fields (name: ..., "
                                     "projects: [...]), found {found}", where=where,
                                     found=type(data).__name__))
    problems: list[Problem] = []
    values: dict[str, str] = {}
    for key, raw in data.items():
        key = str(key).strip()
        if key == "projects":
            continue
        if key not in APPLICANT_FIELDS:
            problems.append(Problem(key, _.later(
                "unknown field; the fields are {fields}",
                fields=listed((*APPLICANT_FIELDS, "projects")))))
            continue
        text = as_text(raw)
        if text is None:
            problems.append(Problem(key, _.later("expected text, found {found}",
                                                 found=type(raw).__name__)))
            text = ""
        values[key] = text
    raw_projects = data.get("projects", [])
    if raw_projects is None or raw_projects == "":
        raw_projects = []
    if not isinstance(raw_projects, list):
        raise FormInputError(_.later(
            "{where}: projects must be a list of {{{fields}}} mappings, found {found}",
            where=where, fields=", ".join(PROJECT_FIELDS), found=type(raw_projects).__name__))
    projects = []
    for number, item in enumerate(raw_projects, start=1):
        if not isinstance(item, Mapping):
            problems.append(Problem("projects", _.later(
                "project {number}: expected a mapping of {fields}", number=number,
                fields=listed(PROJECT_FIELDS))))
            continue
        cells = {}
        for key, raw in item.items():
            key = str(key).strip()
            if key not in PROJECT_FIELDS:
                problems.append(Problem(key, _.later(
                    "project {number}: unknown field; a project has {fields}", number=number,
                    fields=listed(PROJECT_FIELDS))))
                continue
            text = as_text(raw)
            if text is None:
                problems.append(Problem(key, _.later(
                    "project {number}: expected text, found {found}", number=number,
                    found=type(raw).__name__)))
                text = ""
            cells[key] = text
        projects.append(Project(**cells))
    id_number = values.get("id_number", "")
    problems = [replace(p, id_number=id_number) for p in problems]
    return Applicant(**values, projects=tuple(projects), problems=tuple(problems))


def load_applicant(path: str | Path) -> Applicant:
    """Read one applicant from a ``.json``, ``.yaml`` or ``.yml`` file.

    YAML is read without type guessing (every value stays text), so a postcode ``010000``
    keeps its zero and ``no`` stays ``no``.

    Raises:
        FormInputError: unknown suffix, no such file, it cannot be read, not UTF-8, a syntax
            error (with line and column), wrong shape.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise FormInputError(_.later("{path}: give a .json, .yaml or .yml file (a roster "
                                     ".xlsx goes to `normbook forms`)", path=path))
    if not path.is_file():
        raise FormInputError(_.later("{path}: no such applicant file", path=path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormInputError(_.later("{path}: cannot read it ({why})", path=path,
                                     why=os_reason(exc))) from exc
    text = _utf8_text(data, path)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormInputError(_.later(
                "{path}: not valid JSON: {why} at line {line}, column {column}", path=path,
                why=exc.msg, line=exc.lineno, column=exc.colno)) from exc
        except RecursionError:
            raise FormInputError(_too_deep(path)) from None
        except ValueError as exc:  # an integer of more digits than Python converts
            raise FormInputError(_.later("{path}: not a usable applicant: {why}", path=path,
                                         why=exc)) from None
    else:
        import yaml

        try:
            data = yaml.load(text, Loader=yaml.BaseLoader)  # builds no objects, guesses no types
        except RecursionError:
            raise FormInputError(_too_deep(path)) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            why = getattr(exc, "problem", None) or exc
            if mark:
                raise FormInputError(_.later(
                    "{path}: not valid YAML at line {line}, column {column}: {why}", path=path,
                    line=mark.line + 1, column=mark.column + 1, why=why)) from exc
            raise FormInputError(_.later("{path}: not valid YAML: {why}", path=path,
                                         why=why)) from exc
    return applicant_from_mapping(data, where=str(path))


def _too_deep(path: Path) -> Message:
    return _.later("{path}: nested too deeply to be an applicant (an applicant is a mapping "
                   "of fields and a list of projects)", path=path)


def _utf8_text(data: bytes, path: Path) -> str:
    """The text of an applicant file, which JSON (RFC 8259) and this program want in UTF-8.

    Raises:
        FormInputError: not UTF-8, naming the first bad byte (and UTF-16 when the file
            starts with its byte-order mark, as Windows Notepad's "Unicode" does).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FormInputError(_.later(
                "{path}: not UTF-8 text: it is UTF-16 (it starts with a UTF-16 byte-order "
                "mark); save it as UTF-8 (GB2312, GBK and UTF-16 are not read)",
                path=path)) from exc
        byte = data[exc.start:exc.start + 1].hex()
        raise FormInputError(_.later(
            "{path}: not UTF-8 text: byte 0x{byte} at position {position} is not UTF-8; save "
            "it as UTF-8 (GB2312, GBK and UTF-16 are not read)", path=path, byte=byte,
            position=exc.start)) from exc
