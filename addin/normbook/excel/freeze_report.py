"""What ``normbook freeze`` did: counts, sheets touched, and every problem with its cell.

The report is written for the workbook's readers, like the comments freeze leaves in it: in
Vietnamese unless the user chose a language (``normbook freeze`` renders it so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import Domain

_ = Domain(__name__)

#: The kinds of problem (codes) and how a reader calls them.
NOT_FROZEN = "not frozen"
ERROR_VALUE = "error value"
KINDS = {NOT_FROZEN: _.later("not frozen"), ERROR_VALUE: _.later("error value")}


@dataclass(frozen=True)
class Problem:
    """Something the reviewer would not see as the add-in shows it, and where."""

    where: str  # a cell's name, or a defined name's
    kind: str  # NOT_FROZEN or ERROR_VALUE
    detail: Any  # text; a Message is rendered here, in the report's language

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", str(self.detail))

    def __str__(self) -> str:
        return _("{where}: {kind}: {detail}", where=self.where,
                 kind=KINDS.get(self.kind, self.kind), detail=self.detail)


@dataclass
class FreezeReport:
    """What a freeze did: counts, the sheets touched, and every problem."""

    values: int = 0
    spills: int = 0
    rewritten: int = 0
    sheets: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    output: Path | None = None

    @property
    def frozen(self) -> int:
        return self.values + self.rewritten

    @property
    def not_frozen(self) -> int:
        return sum(p.kind == NOT_FROZEN for p in self.problems)

    def summary(self) -> str:
        """Lines for the terminal: the counts, then each problem."""
        if not self.frozen and not self.problems:
            if self.output:
                return _("found no Normbook formulas; wrote {output}, an unchanged copy",
                         output=self.output)
            return _("found no Normbook formulas")
        lines = [_("froze {formulas} on {sheets}: {values} now hold their value ({tables} "
                   "spilled), {rewritten} rewritten with constants in place of the calls",
                   formulas=_.many("{n} Normbook formula", "{n} Normbook formulas",
                                   self.frozen),
                   sheets=_.many("{n} sheet", "{n} sheets", len(self.sheets)),
                   values=self.values, tables=_.many("{n} table", "{n} tables", self.spills),
                   rewritten=self.rewritten)]
        if self.problems:
            lines.append(_.many("{n} problem:", "{n} problems:", len(self.problems)))
            lines += [f"  {p}" for p in self.problems]
        if self.output is not None:
            if self.not_frozen:
                lines.append(_.many("wrote {output}; {n} formula still needs the add-in",
                                    "wrote {output}; {n} formulas still need the add-in",
                                    self.not_frozen, output=self.output))
            else:
                lines.append(_("wrote {output}", output=self.output))
        return "\n".join(lines)


def cell_name(sheet: str, row: int, column: int) -> str:
    """``Sheet1!B3``, or ``'My sheet'!B3`` when the sheet name needs quotes."""
    from openpyxl.utils.cell import get_column_letter

    plain = sheet.replace("_", "").replace(".", "").isalnum() and not sheet[0].isdigit()
    shown = sheet if plain else "'" + sheet.replace("'", "''") + "'"
    return f"{shown}!{get_column_letter(column)}{row}"
