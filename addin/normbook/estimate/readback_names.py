"""The defined names of a workbook as Excel reads them: every definition, in every scope.

openpyxl keeps one definition per name and scope (the last one read), so a name defined twice
would go unseen; this module reads the workbook part's ``definedNames`` itself. Excel compares
names without regard to case, and a name defined for one sheet hides the workbook's name of
the same spelling on that sheet: both are what a reader of an estimate must refuse.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import Domain
from .workbook_inputs import APPENDICES, BUDGET_YEAR, GENERAL_SCALE, WORK_COUNTS

_ = Domain(__name__)

#: The names only a reader uses. A workbook written before they existed has none of them and
#: is read by the layout that version wrote (``readback._legacy_blocks``).
READER_NAMES = (BUDGET_YEAR, GENERAL_SCALE, APPENDICES, WORK_COUNTS)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
#: A reference to one sheet's cell or range, as a name's text writes it: Inputs!$B$3,
#: 'My sheet'!$A$2:$D$9.
_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d{1,7}"
                        r"(?::\$?[A-Z]{1,3}\$?\d{1,7})?)$")


@dataclass(frozen=True)
class DefinedName:
    """One definition of a name: its spelling, scope and what it refers to."""

    name: str
    scope: str | None  # the sheet of a sheet-level name; None for the whole workbook
    text: str  # what it refers to, as written: "Inputs!$B$3"

    @property
    def where(self) -> Any:
        """The scope in words, for messages."""
        # a Message: said in the language of the message that names it
        if self.scope is None:
            return _.later("the whole workbook")
        return _.later("sheet {sheet}", sheet=self.scope)


@dataclass(frozen=True)
class Reference:
    """A cell or range on one sheet: the sheet's name and "$B$3" or "$A$11:$D$13"."""

    sheet: str
    cells: str

    @property
    def single(self) -> bool:
        return ":" not in self.cells

    @property
    def plain(self) -> str:
        """Without the dollars: "B3", "A11:D13"."""
        return self.cells.replace("$", "")

    def __str__(self) -> str:
        sheet = self.sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", self.sheet) else \
            "'" + self.sheet.replace("'", "''") + "'"
        return f"{sheet}!{self.cells}"


def reference(text: str) -> Reference | None:
    """What a name's text refers to, when it is one sheet's cell or range; None otherwise (a
    constant, a formula, #REF!, another workbook's cell)."""
    match = _REFERENCE.match(text.strip().lstrip("="))
    if match is None or (match.group(2) and match.group(2).startswith("[")):
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    return Reference(sheet, match.group(3).upper())


def _workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook part's name, as the package's relationships give it."""
    from xml.etree import ElementTree

    try:
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    except (KeyError, ElementTree.ParseError):
        return "xl/workbook.xml"
    for rel in rels.iter(f"{_RELS}Relationship"):
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return "xl/workbook.xml"


def defined_names(path: Path | str) -> tuple[DefinedName, ...]:
    """Every definition in the workbook at ``path``, in the order written.

    Call it on a workbook :func:`normbook.xlsx_guard.check` accepted (a zip without DOCTYPE
    declarations, of bounded size). A part that cannot be parsed gives no names: the caller
    refuses a workbook without the names it needs.
    """
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read(_workbook_part(archive)))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return ()
    sheets = [s.get("name", "") for s in book.iter(f"{_MAIN}sheet")]
    names = []
    for element in book.iter(f"{_MAIN}definedName"):
        local = element.get("localSheetId")
        scope = None
        if local is not None:
            index = int(local) if local.isdigit() else -1
            scope = sheets[index] if 0 <= index < len(sheets) else f"#{local}"
        names.append(DefinedName(element.get("name", ""), scope, element.text or ""))
    return tuple(names)
