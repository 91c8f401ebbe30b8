"""Load the shipped norms, validate them, index them; cached so the files are read once."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from . import _resources
from .errors import DataError, NormError
from .i18n import Domain
from .models import (
    Appendix,
    IntroItem,
    Irregularity,
    Item,
    LabourLine,
    Step,
    Work,
    breakdown_sum,
)

_ = Domain(__name__)


@dataclass(frozen=True)
class Dataset:
    """The norms, indexed by appendix id. Everything in it is immutable."""

    appendices: tuple[Appendix, ...]
    by_id: MappingProxyType  # id -> Appendix
    works: MappingProxyType  # id -> tuple[Work, ...]
    labour: MappingProxyType  # id -> tuple[LabourLine, ...]
    steps: MappingProxyType  # id -> tuple[Step, ...]
    equipment: MappingProxyType  # id -> tuple[Item, ...]
    materials: MappingProxyType  # id -> tuple[Item, ...]
    irregularities: MappingProxyType  # id -> tuple[Irregularity, ...]
    introduction: MappingProxyType  # id -> tuple[IntroItem, ...], the works it lists


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text != "" else None


def _lines(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split())


def _read(name: str, source: Any) -> list[dict[str, str]]:
    text = source.joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _build(rows: Iterable[dict[str, str]], make: Callable[[dict[str, str]], Any], table: str,
           problems: list[Exception]) -> list[Any]:
    out = []
    for n, row in enumerate(rows, start=2):
        try:
            out.append(make(row))
        except (DataError, ValueError, KeyError, ArithmeticError) as exc:
            # a DataError keeps its Message (said where shown); Python's own errors as they are
            problem = exc.args[0] if isinstance(exc, NormError) and len(exc.args) == 1 else exc
            problems.append(DataError(_.later("{table}.csv row {row}: {problem}", table=table,
                                              row=n, problem=problem)))
    return out


def _group(records: Iterable[Any]) -> MappingProxyType:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        grouped[r.appendix].append(r)
    return MappingProxyType({k: tuple(v) for k, v in grouped.items()})


def load(source: Any = None) -> Dataset:
    """Read and validate a norms data package (default: the one shipped with Normbook).

    Every problem is collected first and raised together, so a data fix is one pass.
    """
    source = source or _resources.norms_dir()
    manifest = json.loads(source.joinpath("datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r["path"] for r in manifest["resources"]}
    problems: list[Exception] = []
    appendices = _build(_read(tables["appendices"], source), lambda r: Appendix(
        r["id"], int(r["number"]), r["kind"], r["standard"], r["code"], r["article1_name"],
        int(r["line"]), int(r["article1_line"])), "appendices", problems)
    works = _build(_read(tables["works"], source), lambda r: Work(
        r["appendix"], r["section"], r["work"], r["title"], r["basis"], int(r["line"])),
        "works", problems)
    labour = _build(_read(tables["labour"], source), lambda r: LabourLine(
        r["appendix"], r["work"], int(r["seq"]), r["category"], r["rank"], r["rank_code"],
        r["grade"], r["grade_as_written"], r["lab_class"], Decimal(r["cong"]),
        r["cong_as_written"], r["sub_item"], _lines(r["lines"])), "labour", problems)
    steps = _build(_read(tables["labour_steps"], source), lambda r: Step(
        r["appendix"], r["work"], int(r["seq"]), int(r["level"]), r["label"], _dec(r["cong"]),
        r["cong_as_written"], Decimal(r["total"]), int(r["line"])), "labour_steps", problems)
    equipment = _build(_read(tables["equipment"], source), lambda r: Item(
        "equipment", r["appendix"], r["work"], int(r["seq"]), r["name"], r["unit"], r["spec"],
        (_dec(r["shifts"]),), (r["shifts_as_written"],), r["note"], _lines(r["lines"])),
        "equipment", problems)
    materials = _build(_read(tables["materials"], source), lambda r: Item(
        "materials", r["appendix"], r["work"], int(r["seq"]), r["name"], r["unit"], r["spec"],
        (_dec(r["use"]), _dec(r["consumption"])),
        (r["use_as_written"], r["consumption_as_written"]), r["note"], _lines(r["lines"])),
        "materials", problems)
    irregular = _build(_read(tables["irregularities"], source), lambda r: Irregularity(
        r["appendix"], r["section"], r["kind"], int(r["line"]), r["detail"]),
        "irregularities", problems)
    introduction = _build(_read(tables["introduction"], source), lambda r: IntroItem(
        r["appendix"], int(r["seq"]), r["text"], int(r["line"])), "introduction", problems)
    data = Dataset(
        tuple(appendices), MappingProxyType({a.id: a for a in appendices}), _group(works),
        _group(labour), _group(steps), _group(equipment), _group(materials), _group(irregular),
        _group(introduction),
    )
    problems += structural_problems(data)
    if problems:
        raise ExceptionGroup(_.many("the norms data has {n} problem",
                                    "the norms data has {n} problems", len(problems)), problems)
    return data


def structural_problems(data: Dataset) -> list[DataError]:
    """Invariants the query layer relies on; each broken one is reported."""
    problems: list[DataError] = []
    ids = [a.id for a in data.appendices]
    if len(ids) != 31 or len(set(ids)) != 31:
        problems.append(DataError(_.later("expected 31 distinct appendices, found {count}",
                                          count=len(ids))))
    tables = {"works": data.works, "labour": data.labour, "labour_steps": data.steps,
              "equipment": data.equipment, "materials": data.materials,
              "irregularities": data.irregularities, "introduction": data.introduction}
    for table, grouped in tables.items():
        for appendix in grouped:
            if appendix not in data.by_id:
                problems.append(DataError(_.later("{table}: rows for unknown appendix "
                                                  "{appendix}", table=table,
                                                  appendix=repr(appendix))))
    for appendix, records in data.labour.items():
        headed = {w.work for w in data.works.get(appendix, ()) if w.section == "labour"}
        for r in records:
            if r.work not in headed:
                problems.append(DataError(_.later(
                    "labour {appendix}: line {lines} is under work {work} with no heading",
                    appendix=appendix, lines=r.lines, work=repr(r.work))))
    for table, grouped in (("equipment", data.equipment), ("materials", data.materials)):
        for appendix, records in grouped.items():
            headed = {w.work for w in data.works.get(appendix, ()) if w.section == table}
            for r in records:
                if r.work not in headed:
                    problems.append(DataError(_.later(
                        "{table} {appendix}: {name} is under work {work} with no heading",
                        table=table, appendix=appendix, name=repr(r.name),
                        work=repr(r.work))))
    for appendix, records in data.steps.items():
        mismatched = {i.detail.split(":")[0] for i in data.irregularities.get(appendix, ())
                      if i.kind == "breakdown_mismatch"}
        by_work: dict[str, list[Step]] = defaultdict(list)
        for s in records:
            by_work[s.work].append(s)
        for work, group in by_work.items():
            if breakdown_sum(group) != group[0].total and f"work {work}" not in mismatched:
                problems.append(DataError(_.later(
                    "labour_steps {appendix} work {work}: steps do not add up to {total} and "
                    "no breakdown_mismatch irregularity records it", appendix=appendix,
                    work=work, total=group[0].total)))
    return problems


@functools.cache
def dataset() -> Dataset:
    """The shipped norms, loaded once."""
    return load()
