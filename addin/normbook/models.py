"""Frozen records of the norms data; each validates itself and raises on bad data.

A refusal is a :class:`~normbook.errors.DataError` holding a Message with its facts, made
only when a check fails (the shipped data has thousands of rows), said where it is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import DataError
from .i18n import Domain, Message

_ = Domain(__name__)

_ROMAN = re.compile(r"[IVXL]+")
_WORK = re.compile(r"(\d+(\+\d+)?)?")
_GRADE = re.compile(r"\d+(/\d+)?")
#: A record with no line of the circular behind it.
_NO_SOURCE_LINE = _.later("no source line")


def breakdown_sum(steps) -> Decimal:
    """What a work's breakdown steps add up to: the steps without sub-steps ('+' under '-').

    A '-' step followed by '+' steps is their heading; its own cell (empty or 0) is not counted.
    """
    steps = list(steps)
    total = Decimal(0)
    for i, s in enumerate(steps):
        heading = s.level == 1 and i + 1 < len(steps) and steps[i + 1].level == 2
        if not heading and s.cong is not None:
            total += s.cong
    return total


def _refuse(message: Message) -> None:
    raise DataError(message)


@dataclass(frozen=True, slots=True)
class Appendix:
    """An appendix of the circular: the standard (or task) whose norms it sets."""

    id: str
    number: int
    kind: str
    standard: str
    code: str
    article1_name: str
    line: int
    article1_line: int

    def __post_init__(self) -> None:
        if not _ROMAN.fullmatch(self.id):
            _refuse(_.later("appendix id {id} is not a Roman numeral", id=repr(self.id)))
        if not 1 <= self.number <= 31:
            _refuse(_.later("appendix {appendix}: number {number} not in 1..31",
                            appendix=self.id, number=self.number))
        if self.kind not in ("upkeep", "procedure"):
            _refuse(_.later("appendix {appendix}: kind {kind}", appendix=self.id,
                            kind=repr(self.kind)))
        if not self.standard:
            _refuse(_.later("appendix {appendix}: empty standard name", appendix=self.id))


@dataclass(frozen=True, slots=True)
class Work:
    """A work item heading in one section."""

    appendix: str
    section: str
    work: str
    title: str
    basis: str
    line: int

    def __post_init__(self) -> None:
        if self.section not in ("labour", "equipment", "materials"):
            _refuse(_.later("work heading at line {line}: section {section}", line=self.line,
                            section=repr(self.section)))
        if not _WORK.fullmatch(self.work):
            _refuse(_.later("line {line}: work {work}", line=self.line, work=repr(self.work)))
        if self.basis not in ("per_year", "per_evaluation", "per_procedure"):
            _refuse(_.later("line {line}: basis {basis}", line=self.line,
                            basis=repr(self.basis)))


@dataclass(frozen=True, slots=True)
class LabourLine:
    """Direct labour of one rank and grade in one work item, in công."""

    appendix: str
    work: str
    seq: int
    category: str
    rank: str
    rank_code: str
    grade: str
    grade_as_written: str
    lab_class: str
    cong: Decimal
    cong_as_written: str
    sub_item: str
    lines: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.category not in ("chuyen_mon", "pho_thong"):
            self._refuse(_.later("kind of labour {category}", category=repr(self.category)))
        if not _GRADE.fullmatch(self.grade):
            self._refuse(_.later("grade {grade}", grade=repr(self.grade)))
        if self.lab_class not in ("", "PTN1", "PTN2"):
            self._refuse(_.later("lab class {lab_class}", lab_class=repr(self.lab_class)))
        if self.cong < 0:
            self._refuse(_.later("negative công {cong}", cong=self.cong))
        if not self.lines:
            self._refuse(_NO_SOURCE_LINE)

    def _refuse(self, problem: Message) -> None:
        _refuse(_.later("labour line {appendix}/{work} (lines {lines}): {problem}",
                        appendix=self.appendix, work=self.work, lines=self.lines,
                        problem=problem))


@dataclass(frozen=True, slots=True)
class Step:
    """A breakdown step of a work item's labour; it splits the total, it never adds to it."""

    appendix: str
    work: str
    seq: int
    level: int
    label: str
    cong: Decimal | None
    cong_as_written: str
    total: Decimal
    line: int

    def __post_init__(self) -> None:
        if self.level not in (1, 2):
            _refuse(_.later("step at line {line}: level {level}", line=self.line,
                            level=self.level))
        if self.cong is not None and self.cong < 0:
            _refuse(_.later("step at line {line}: negative công", line=self.line))


@dataclass(frozen=True, slots=True)
class Item:
    """An equipment row (one value: shifts) or a material row (use and consumption)."""

    table: str
    appendix: str
    work: str
    seq: int
    name: str
    unit: str
    spec: str
    values: tuple[Decimal | None, ...]
    values_as_written: tuple[str, ...]
    note: str
    lines: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.table not in ("equipment", "materials"):
            self._refuse(_.later("table {table}", table=repr(self.table)))
        if len(self.values) != (1 if self.table == "equipment" else 2):
            self._refuse(_.later("wrong number of values"))
        if not all(v is None or v >= 0 for v in self.values):
            self._refuse(_.later("negative value"))
        if not self.name:
            self._refuse(_.later("empty name"))
        if not self.lines:
            self._refuse(_NO_SOURCE_LINE)

    def _refuse(self, problem: Message) -> None:
        # the table is the data's identifier (equipment, materials), named as the file is
        _refuse(_.later("{table} row {name} (lines {lines}): {problem}", table=self.table,
                        name=repr(self.name), lines=self.lines, problem=problem))


@dataclass(frozen=True, slots=True)
class Irregularity:
    """Something odd in the source, as recorded by the extractor."""

    appendix: str
    section: str
    kind: str
    line: int
    detail: str


@dataclass(frozen=True)
class IntroItem:
    """A work an appendix's introduction lists, as written."""

    appendix: str
    seq: int
    text: str
    line: int

    def __post_init__(self) -> None:
        if not self.text.strip():
            _refuse(_.later("introduction item at line {line} is empty", line=self.line))
