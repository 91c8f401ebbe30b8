"""Frozen records of the norms data; each validates itself and raises on bad data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import DataError

_ROMAN = re.compile(r"[IVXL]+")
_WORK = re.compile(r"(\d+(\+\d+)?)?")
_GRADE = re.compile(r"\d+(/\d+)?")


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


def _need(condition: bool, message: str) -> None:
    if not condition:
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
        _need(bool(_ROMAN.fullmatch(self.id)), f"appendix id {self.id!r} is not a Roman numeral")
        _need(1 <= self.number <= 31, f"appendix {self.id}: number {self.number} not in 1..31")
        _need(self.kind in ("upkeep", "procedure"), f"appendix {self.id}: kind {self.kind!r}")
        _need(bool(self.standard), f"appendix {self.id}: empty standard name")


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
        _need(self.section in ("labour", "equipment", "materials"),
              f"work heading at line {self.line}: section {self.section!r}")
        _need(bool(_WORK.fullmatch(self.work)), f"line {self.line}: work {self.work!r}")
        _need(self.basis in ("per_year", "per_evaluation", "per_procedure"),
              f"line {self.line}: basis {self.basis!r}")


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
        where = f"labour line {self.appendix}/{self.work} (lines {self.lines})"
        _need(self.category in ("chuyen_mon", "pho_thong"), f"{where}: category {self.category!r}")
        _need(bool(_GRADE.fullmatch(self.grade)), f"{where}: grade {self.grade!r}")
        _need(self.lab_class in ("", "PTN1", "PTN2"), f"{where}: lab class {self.lab_class!r}")
        _need(self.cong >= 0, f"{where}: negative công {self.cong}")
        _need(bool(self.lines), f"{where}: no source line")


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
        _need(self.level in (1, 2), f"step at line {self.line}: level {self.level}")
        _need(self.cong is None or self.cong >= 0, f"step at line {self.line}: negative công")


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
        where = f"{self.table} row {self.name!r} (lines {self.lines})"
        _need(self.table in ("equipment", "materials"), f"{where}: table {self.table!r}")
        _need(len(self.values) == (1 if self.table == "equipment" else 2),
              f"{where}: wrong number of values")
        _need(all(v is None or v >= 0 for v in self.values), f"{where}: negative value")
        _need(bool(self.name), f"{where}: empty name")
        _need(bool(self.lines), f"{where}: no source line")


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
        _need(bool(self.text.strip()), f"introduction item at line {self.line} is empty")
