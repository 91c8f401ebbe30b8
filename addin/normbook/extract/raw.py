"""Raw rows as the extractor reads them, each tagged with its source lines. No checks here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Cell:
    """One non-blank line of the source: a table cell or a paragraph."""

    line: int
    text: str


@dataclass
class Work:
    """A work item ("Công việc N: ...") as titled in one section."""

    appendix: str
    section: str  # labour | equipment | materials
    work: str  # "1"; "2+3" a joint heading; "" the whole procedure (XXXI's materials)
    title: str
    line: int
    basis: str = ""  # per_year | per_evaluation | per_procedure, set once all sections are read


@dataclass
class LabourLine:
    """One line of direct labour: a rank and grade with its công."""

    appendix: str
    work: str
    seq: int
    category: str  # chuyen_mon | pho_thong
    rank: str
    rank_code: str
    grade: str  # as read: "3/9", "2" (no scale given)
    grade_as_written: str
    lab_class: str  # "", "PTN1", "PTN2"
    cong: Decimal
    cong_as_written: str
    sub_item: str
    lines: list[int] = field(default_factory=list)


@dataclass
class Step:
    """A breakdown step ("- Hiệu chuẩn chuẩn") that splits a work's total; never added to it."""

    appendix: str
    work: str
    seq: int
    level: int
    label: str
    cong: Decimal | None
    cong_as_written: str
    total: Decimal | None
    line: int


@dataclass
class ItemRow:
    """One equipment or material row. Values are None where the source has a note or nothing."""

    appendix: str
    section: str
    work: str
    seq: int
    name: str
    unit: str
    spec: str
    values: list[Decimal | None]
    values_as_written: list[str]
    note: str
    lines: list[int] = field(default_factory=list)
    heading_line: int = 0  # the line of the work heading the row stands under


@dataclass
class IntroItem:
    """A work the appendix's introduction lists, as written (its bullet dropped)."""

    appendix: str
    seq: int
    text: str
    line: int


@dataclass
class Irregularity:
    """Something in the source that is not as it should be, recorded rather than fixed."""

    appendix: str
    section: str
    kind: str
    line: int
    detail: str


@dataclass
class Appendix:
    """One appendix's heading: the standard as titled, and as listed in Article 1."""

    id: str
    number: int
    kind: str  # upkeep | procedure
    standard: str
    code: str
    article1_name: str
    line: int
    article1_line: int
