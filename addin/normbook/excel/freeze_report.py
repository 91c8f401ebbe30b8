"""What ``normbook freeze`` did: counts, sheets touched, and every problem with its cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

NOT_FROZEN = "not frozen"
ERROR_VALUE = "error value"


@dataclass(frozen=True)
class Problem:
    """Something the reviewer would not see as the add-in shows it, and where."""

    where: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.detail}"


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
            return "found no Normbook formulas" + (
                f"; wrote {self.output}, an unchanged copy" if self.output else "")
        lines = [f"froze {plural(self.frozen, 'Normbook formula')} on "
                 f"{plural(len(self.sheets), 'sheet')}: {self.values} now hold their value "
                 f"({plural(self.spills, 'table')} spilled), {self.rewritten} rewritten with "
                 "constants in place of the calls"]
        if self.problems:
            lines.append(f"{plural(len(self.problems), 'problem')}:")
            lines += [f"  {p}" for p in self.problems]
        if self.output is not None:
            verb = "needs" if self.not_frozen == 1 else "need"
            still = (f"; {plural(self.not_frozen, 'formula')} still {verb} the add-in"
                     if self.not_frozen else "")
            lines.append(f"wrote {self.output}{still}")
        return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def cell_name(sheet: str, row: int, column: int) -> str:
    """``Sheet1!B3``, or ``'My sheet'!B3`` when the sheet name needs quotes."""
    from openpyxl.utils.cell import get_column_letter

    plain = sheet.replace("_", "").replace(".", "").isalnum() and not sheet[0].isdigit()
    shown = sheet if plain else "'" + sheet.replace("'", "''") + "'"
    return f"{shown}!{get_column_letter(column)}{row}"
