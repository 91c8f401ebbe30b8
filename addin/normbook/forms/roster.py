"""Read a roster (one row per applicant-project) and group its rows into applicants.

Every cell is read as text (an ID number or phone number must not become a float, a
postcode keeps its leading zero). Column headers may be the English keys or the form's
Chinese labels. Rows are grouped by ID number; rows of one applicant must agree on the
applicant's fields. Every row ends up in exactly one place: an applicant, a rejection, or
the list of blank rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .applicant import (
    APPLICANT_FIELDS,
    LABELS,
    PROJECT_FIELDS,
    Applicant,
    Problem,
    Project,
    describe,
)
from .errors import FormInputError
from .text import clean

#: Header -> key. The English keys, the form's labels, and a few common variants.
HEADERS: dict[str, str] = {
    **{key: key for key in (*APPLICANT_FIELDS, *PROJECT_FIELDS)},
    **{label: key for key, label in LABELS.items() if key != "projects"},
    "身份证号码": "id_number", "身份证": "id_number", "手机": "phone", "电话": "phone",
    "执业单位地址及邮编": "employer_address", "邮政编码": "postcode", "所在地区": "region",
    "地市": "region", "单位性质": "employer_type", "考核期数": "period", "考试期数": "period",
    "考核考点": "site", "计量技术规范": "regulation", "规程/规范号": "regulation",
}
#: The first Excel row of data (row 1 is the header), for messages.
FIRST_DATA_ROW = 2


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One roster row: its Excel row number and its cells by key (all text)."""

    row: int
    values: dict[str, str]

    @property
    def blank(self) -> bool:
        return not any(self.values.values())


@dataclass(frozen=True, slots=True)
class Grouped:
    """The roster's rows sorted into applicants, rejections and blank rows."""

    rows: tuple[RosterRow, ...]
    applicants: tuple[Applicant, ...]
    #: problems that reject rows before validation (no ID number, conflicting rows)
    rejections: tuple[Problem, ...]
    blank_rows: tuple[int, ...]


def normalise_header(header: object) -> str:
    """Header text without spaces, required-markers and case: ``' 身份证号 * '`` -> ``身份证号``."""
    text = re.sub(r"[\s*＊:：]+", "", str(header)).replace("（", "(").replace("）", ")")
    return text.lower() if text.isascii() else text


def column_keys(headers: list[object], *, where: str) -> dict[object, str]:
    """Map each known column header to its key.

    Raises:
        FormInputError: a key appears under two headers, or a required column is missing.
    """
    known = {normalise_header(h): key for h, key in HEADERS.items()}
    mapping: dict[object, str] = {}
    for header in headers:
        key = known.get(normalise_header(header))
        if key is None:
            continue
        if key in mapping.values():
            other = next(h for h, k in mapping.items() if k == key)
            raise FormInputError(f"{where}: columns {other!r} and {header!r} both mean "
                                 f"{describe(key)}; keep one")
        mapping[header] = key
    missing = [k for k in (*APPLICANT_FIELDS, *PROJECT_FIELDS) if k not in mapping.values()]
    if missing:
        raise FormInputError(
            f"{where}: missing column(s) {', '.join(describe(k) for k in missing)}; headers "
            f"may be the English keys or the Chinese labels (found: "
            f"{', '.join(str(h) for h in headers)})")
    return mapping


def read_roster(path: str | Path, *, sheet: str | None = None) -> tuple[RosterRow, ...]:
    """The roster's rows, every cell as stripped text (an .xlsx sheet, or a .csv file).

    Raises:
        FormInputError: unsupported file type, no such sheet, missing columns.
        OSError: the file cannot be read.
    """
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    where = str(path)
    if not path.is_file():
        raise FormInputError(f"{path}: no such roster file")
    if suffix in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0,
                                  dtype=str, keep_default_na=False, engine="openpyxl")
        except ValueError as exc:  # pandas: "Worksheet named 'x' not found"
            raise FormInputError(f"{path}: {exc}") from exc
        if sheet is not None:
            where = f"{path}, sheet {sheet!r}"
    elif suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        raise FormInputError(f"{path}: give an .xlsx (or .csv) roster")
    mapping = column_keys(list(frame.columns), where=where)
    columns = list(mapping)
    rows = []
    for index, record in enumerate(frame[columns].itertuples(index=False, name=None)):
        values = {mapping[h]: ("" if v is None else str(v).strip())
                  for h, v in zip(columns, record, strict=True)}
        rows.append(RosterRow(index + FIRST_DATA_ROW, values))
    return tuple(rows)


def group_rows(rows: tuple[RosterRow, ...] | list[RosterRow]) -> Grouped:
    """Group rows by ID number into applicants; reject what cannot be grouped.

    A row without an ID number is rejected on its own. Rows of one ID number that give
    different values for an applicant field reject all that applicant's rows (an empty cell
    is no disagreement: it takes the value of the applicant's other rows).
    """
    blank = tuple(r.row for r in rows if r.blank)
    rejections: list[Problem] = []
    by_id: dict[str, list[RosterRow]] = {}
    for r in rows:
        if r.blank:
            continue
        id_number = clean(r.values["id_number"]).strip().upper()
        if not id_number:
            rejections.append(Problem("id_number", "required: rows are grouped into forms by "
                                                   "ID number", row=r.row))
            continue
        by_id.setdefault(id_number, []).append(r)
    applicants = []
    for id_number, members in by_id.items():
        values, conflicts = _merge(members, id_number)
        if conflicts:
            rejections.extend(conflicts)
            flagged = {p.row for p in conflicts}
            first = conflicts[0].row
            rejections.extend(
                Problem("", f"rejected with the other rows of this ID number (see row {first})",
                        row=r.row, id_number=id_number)
                for r in members if r.row not in flagged)
            continue
        projects = tuple(Project(**{k: r.values[k] for k in PROJECT_FIELDS}, row=r.row)
                         for r in members)
        applicants.append(Applicant(**values, projects=projects,
                                    rows=tuple(r.row for r in members)))
    return Grouped(tuple(rows), tuple(applicants), tuple(rejections), blank)


def _merge(members: list[RosterRow], id_number: str) -> tuple[dict[str, str], list[Problem]]:
    """The applicant fields of one ID number's rows, and a problem per disagreeing row."""
    values: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    conflicts: list[Problem] = []
    for r in members:
        for key in APPLICANT_FIELDS:
            value = r.values[key].upper() if key == "id_number" else r.values[key]
            if not value:
                continue
            if key not in values:
                values[key], first_seen[key] = value, r.row
            elif value != values[key]:
                conflicts.append(Problem(
                    key, f"{value!r} here, but {values[key]!r} in row {first_seen[key]} of the "
                         "same ID number: one applicant's rows must agree", row=r.row,
                    id_number=id_number))
    for key in APPLICANT_FIELDS:
        values.setdefault(key, "")
    values["id_number"] = id_number
    return values, conflicts
