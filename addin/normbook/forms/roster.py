"""Read a roster (one row per applicant-project) and group its rows into applicants.

Every cell becomes text. An .xlsx is read with pandas keeping its cells' types, so a number
cell is known to be one: an ID number Excel held as a number has lost its last digits and
shows up the way Excel shows it (``3.30106198001011E+17``), which validation rejects with
the hint to format the column as Text. Column headers may be the English keys or the form's
Chinese labels. Rows are grouped by ID number; rows of one applicant must agree on the
applicant's fields. Every row ends up in exactly one place: an applicant, a rejection, or
the list of blank rows.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import os_reason
from ..i18n import Domain, listed
from .applicant import (
    APPLICANT_FIELDS,
    LABELS,
    PROJECT_FIELDS,
    Applicant,
    Problem,
    Project,
    as_text,
    describe,
)
from .errors import FormInputError, RosterWarning
from .text import clean, masked_id

_ = Domain(__name__)

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
            raise FormInputError(_.later("{where}: columns {other} and {header} both mean "
                                         "{what}; keep one", where=where, other=repr(other),
                                         header=repr(header), what=describe(key)))
        mapping[header] = key
    missing = [k for k in (*APPLICANT_FIELDS, *PROJECT_FIELDS) if k not in mapping.values()]
    if missing:
        raise FormInputError(_.later(
            "{where}: missing column(s) {columns}; headers may be the English keys or the "
            "Chinese labels (found: {found})", where=where,
            columns=listed(describe(k) for k in missing),
            found=listed(headers)))
    return mapping


def cell_text(key: str, value: object) -> str:
    """A roster cell's value as text, whatever type the spreadsheet gave it.

    An ID number in a number cell is shown as Excel holds it, a double with 15 significant
    digits in scientific notation: its last digits are gone (330106198001011235 comes back as
    330106198001011008, which can even pass the check character), so it must never be shown
    as if it were known. Other numbers keep their digits: a mobile number in a number cell
    loses nothing; a landline or postcode that lost its leading 0 fails validation with the
    hint to format the column as Text.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows a logical cell
    if key == "id_number" and isinstance(value, int | float) and abs(value) >= 1e15:
        value = float(value)
    return as_text(value) or ""


def read_roster(path: str | Path, *, sheet: str | None = None) -> tuple[RosterRow, ...]:
    """The roster's rows, every cell as stripped text (an .xlsx sheet, or a .csv file).

    A CSV file is read as UTF-8 (with or without a byte-order mark), UTF-16 when it starts
    with a UTF-16 byte-order mark (Excel's "Unicode text"), else as GB18030 (Excel's CSV
    export on Chinese Windows); a :class:`RosterWarning` says when it was not UTF-8.

    Raises:
        FormInputError: no such file, it cannot be read, unsupported file type, no such
            sheet, missing columns, an encoding that is none of the above.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    where = str(path)
    if not path.is_file():
        raise FormInputError(_.later("{path}: no such roster file", path=path))
    if suffix in (".xlsx", ".xlsm"):
        table = _xlsx_table(path, sheet)
        if sheet is not None:
            where = _.later("{path}, sheet {sheet}", path=path, sheet=repr(sheet))
    elif suffix == ".csv":
        table = _csv_table(path)
    else:
        raise FormInputError(_.later("{path}: give an .xlsx (or .csv) roster", path=path))
    while table and not any(v not in (None, "") for v in table[-1]):
        table.pop()  # formatted but empty rows at the end are no roster rows
    if not table:
        raise FormInputError(_.later("{where}: empty; row 1 must hold the column headers",
                                     where=where))
    header, *body = table
    headers = ["" if h is None else h for h in header]
    mapping = column_keys(headers, where=where)
    index = {key: headers.index(h) for h, key in mapping.items()}
    rows = []
    for number, record in enumerate(body, start=FIRST_DATA_ROW):
        values = {key: cell_text(key, record[i] if i < len(record) else None).strip()
                  for key, i in index.items()}
        rows.append(RosterRow(number, values))
    return tuple(rows)


def _xlsx_table(path: Path, sheet: str | None) -> list[list[object]]:
    """The sheet's cell values row by row (row 1 first), each with the type the cell has.

    A number cell stays a number (so a lost ID number is caught), text stays text, empty
    cells are None. The workbook is checked first (xlsx_guard: a damaged, encrypted or
    oversized file is refused) and read by its content, never by its declared dimension.
    """
    from .. import xlsx_guard

    try:
        book = xlsx_guard.load(path, xlsx_guard.ROSTER, read_only=True, data_only=True)
    except xlsx_guard.UnreadableWorkbook as exc:
        raise FormInputError(str(exc)) from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise FormInputError(_.later("{path}: no sheet named {sheet}; its sheets are "
                                         "{sheets}", path=path, sheet=repr(sheet),
                                         sheets=listed(repr(n) for n in names)))
        try:
            rows = xlsx_guard.sheet_rows(path, book[sheet if sheet is not None else names[0]])
        except xlsx_guard.UnreadableWorkbook as exc:
            raise FormInputError(str(exc)) from None
    finally:
        book.close()
    return [list(row) for row in rows]


def _csv_table(path: Path) -> list[list[object]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormInputError(_.later("{path}: cannot read it ({why})", path=path,
                                     why=os_reason(exc))) from exc
    from ..csv_files import grid
    from ..errors import BadArgument

    try:  # commas, tabs ("Unicode text") or semicolons, as Excel writes them
        return grid(_decode_csv(path, data), str(path))
    except BadArgument as exc:
        raise FormInputError(_.later("{error}, or save the roster as .xlsx",
                                     error=exc)) from None


def _decode_csv(path: Path, data: bytes) -> str:
    """The text of a CSV file: UTF-8, UTF-16 (by its byte-order mark), else GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FormInputError(_.later(
                "{path}: starts like UTF-16 but is not ({why} at byte {position}); save the "
                "roster as .xlsx", path=path, why=exc.reason, position=exc.start)) from exc
        warnings.warn(RosterWarning(_.later(
            "{path}: read as UTF-16 (it starts with a UTF-16 byte-order mark)", path=path)),
            stacklevel=3)
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as not_utf8:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            bad = data[not_utf8.start:not_utf8.start + 1].hex()
            raise FormInputError(_.later(
                "{path}: neither UTF-8 nor GB18030 text (byte 0x{byte} at position "
                "{position}); save the roster as .xlsx, or from Excel as \"CSV UTF-8\"",
                path=path, byte=bad, position=not_utf8.start)) from not_utf8
    warnings.warn(RosterWarning(_.later(
        "{path}: not UTF-8; read as GB18030, the encoding of Excel's CSV export on Chinese "
        "Windows. If any text looks wrong on the forms, save the roster as .xlsx or as "
        "\"CSV UTF-8\"", path=path)), stacklevel=3)
    return text


def nfc_rows(rows: tuple[RosterRow, ...] | list[RosterRow]) -> list[RosterRow]:
    """The rows with every cell in Unicode NFC.

    The same name can be typed as different code points: ``Zoë`` with one ``ë`` (NFC, what
    most keyboards give) or as ``e`` and a combining diaeresis (NFD, what macOS file names and
    some pastes give). Both look the same, so an applicant's rows must not be reported as
    disagreeing over them: grouping compares the NFC text, and the form prints it.
    """
    def nfc(value):
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            return unicodedata.normalize("NFC", value)
        return value

    out = []
    for r in rows:
        values = {key: nfc(value) for key, value in r.values.items()}
        out.append(r if values == r.values else RosterRow(r.row, values))
    return out


def group_rows(rows: tuple[RosterRow, ...] | list[RosterRow]) -> Grouped:
    """Group rows by ID number into applicants; reject what cannot be grouped.

    A row without an ID number is rejected on its own. Rows of one ID number that give
    different values for an applicant field reject all that applicant's rows (an empty cell
    is no disagreement: it takes the value of the applicant's other rows).
    """
    rows = nfc_rows(rows)  # every caller (the batch, Excel's check of a selection) compares NFC
    blank = tuple(r.row for r in rows if r.blank)
    rejections: list[Problem] = []
    by_id: dict[str, list[RosterRow]] = {}
    for r in rows:
        if r.blank:
            continue
        id_number = clean(r.values["id_number"]).strip().upper()
        if not id_number:
            rejections.append(Problem("id_number", _.later(
                "required: rows are grouped into forms by ID number"), row=r.row))
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
                Problem("", _.later("rejected with the other rows of this ID number (see row "
                                    "{first})", first=first), row=r.row, id_number=id_number)
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
                shown = masked_id if key == "id_number" else str  # no full ID in a report
                conflicts.append(Problem(key, _.later(
                    "{value} here, but {other} in row {first} of the same ID number: one "
                    "applicant's rows must agree", value=repr(shown(value)),
                    other=repr(shown(values[key])), first=first_seen[key]), row=r.row,
                    id_number=id_number))
    for key in APPLICANT_FIELDS:
        values.setdefault(key, "")
    values["id_number"] = id_number
    return values, conflicts
