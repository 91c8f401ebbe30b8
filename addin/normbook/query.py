"""Ask the norms: norm(), table(), items(), appendices(), source()."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .dataset import dataset
from .errors import (
    AmbiguousItem,
    BadArgument,
    LabClassRequired,
    NotInSource,
    UnknownAppendix,
    UnknownComponent,
    UnknownItem,
    UnknownVariant,
    UnknownWork,
    shown,
    table_label,
)
from .i18n import Domain, clauses, listed
from .models import Appendix, Item, LabourLine

_ = Domain(__name__)

CIRCULAR = "Circular 04/2022/TT-BKHCN"
#: Article 5.1.a2: indirect labour (management, service) is 10% of direct labour.
INDIRECT_SHARE = Decimal("0.1")
COMPONENTS = ("labour", "labour_direct", "labour_indirect", "equipment", "material",
              "material_use")
TABLES = ("labour", "labour_steps", "equipment", "materials", "works", "irregularities")
_TABLE_ALIASES = {"material": "materials", "steps": "labour_steps", "material_use": "materials",
                  "labor": "labour", "labour_direct": "labour", "labour_indirect": "labour",
                  "labor_direct": "labour", "labor_indirect": "labour"}
#: The users' own words for the components, folded (no accents, lower case): what the
#: functions' help texts name (công, nhân công, thiết bị, vật liệu).
VIETNAMESE_COMPONENTS = {"cong": "labour", "nhan cong": "labour", "lao dong": "labour",
                         "thiet bi": "equipment", "vat lieu": "material"}


# ---- argument normalisation -------------------------------------------------------------

def _whole(value: Any) -> int | None:
    """An int for 6 or 6.0 (Excel sends numbers as floats); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,3}", value.strip()):
        return int(value)
    return None


def appendix_id(appendix: Any) -> str:
    """'VI', 'vi', 6 and 6.0 all name Appendix VI."""
    known = tuple(a.id for a in dataset().appendices)
    if isinstance(appendix, str):
        text = re.sub(r"^(PHỤ LỤC|PL|APPENDIX)\s*", "", appendix.strip().upper())
        if text in dataset().by_id:
            return text
        appendix_number = _whole(text)
    else:
        appendix_number = _whole(appendix)
    if appendix_number is not None and 1 <= appendix_number <= len(known):
        return known[appendix_number - 1]
    raise UnknownAppendix(appendix, known)


def english_component(word: Any) -> Any:
    """The English component a Vietnamese word names ("thiết bị" -> "equipment"), else ``word``."""
    return VIETNAMESE_COMPONENTS.get(_fold(word), word) if isinstance(word, str) else word


def _component(component: Any) -> str:
    if isinstance(component, str):
        name = english_component(component)
        name = name.strip().lower().replace("-", "_").replace(" ", "_")
        name = {"materials": "material", "labor": "labour", "labor_direct": "labour_direct",
                "labor_indirect": "labour_indirect"}.get(name, name)
        if name in COMPONENTS:
            return name
    raise UnknownComponent(component, COMPONENTS)


def lab_class(variant: Any, appendix: str, *, option: str = "variant",
              keyed: bool = False) -> str | None:
    """The lab class ``variant`` names in ``appendix`` ("PTN1"/"PTN2"), None when not given.

    Accepts "PTN1", "ptn 1", "loại 1", 1; raises UnknownVariant for a class the appendix
    does not have. Every caller (API, CLI, Excel) spells lab classes through this.
    ``option`` and ``keyed`` say which argument the caller took it from (see
    :class:`~normbook.errors.LabClassRequired`), for the error's advice.
    """
    choices = lab_classes(appendix)
    if variant is None or (isinstance(variant, str) and not variant.strip()):
        return None
    if _whole(variant) in (1, 2) and not isinstance(variant, str):
        key = f"PTN{_whole(variant)}"
    elif isinstance(variant, str):
        m = re.fullmatch(r"(?:PTN|LAB)?\s*(?:LOẠI|CLASS)?\s*([12])", variant.strip().upper())
        key = f"PTN{m.group(1)}" if m else None
    else:
        key = None
    if key is None or key not in choices:
        raise UnknownVariant(variant, appendix, choices, option=option, keyed=keyed)
    return key


def _work(work: Any, appendix: str, section: str) -> str | None:
    if work is None or (isinstance(work, str) and not work.strip()):
        return None
    if not isinstance(work, str) and _whole(work) is not None:
        key = str(_whole(work))
    elif isinstance(work, str):
        key = work.strip().replace(" ", "").replace("and", "+").replace("và", "+")
    else:
        raise BadArgument(_.later("{option} must be a work number such as 3, not {asked}",
                                  asked=shown(work)), option="work")
    headed = [w for w in dataset().works.get(appendix, ()) if w.section == section]
    known = tuple(dict.fromkeys(w.work for w in headed))
    if key in known:
        return key
    joint = [w for w in headed if key in w.work.split("+")]
    if joint:
        w = joint[0]
        raise NotInSource(_.later(
            "appendix {appendix} gives {section} for works {works} as one block (line {line}); "
            "ask for work '{work}'", appendix=appendix, section=table_label(section),
            works=_together(w.work.split("+")), line=w.line, work=w.work), (w.line,))
    all_works = {w.work for w in dataset().works.get(appendix, ())}
    if key in all_works:
        raise NotInSource(_.later("appendix {appendix} lists no {section} under work {work}",
                                  appendix=appendix, section=table_label(section), work=key))
    raise UnknownWork(work, appendix, known or tuple(sorted(all_works)))


def _together(works: list[str]) -> str:
    """``2 and 3`` (``2 và 3``, ``2 和 3``): works given as one block."""
    said = works[-1]
    for work in reversed(works[:-1]):
        said = _("{one} and {other}", one=work, other=said)
    return said


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _resolve_item(asked: Any, appendix: str, table: str, rows: tuple[Item, ...]) -> str:
    """Exact name, then case- and diacritic-insensitive, then a unique prefix."""
    if not isinstance(asked, str) or not asked.strip():
        raise BadArgument(_.later("{option} must be the name of a {table} item, not {asked}",
                                  table=table_label(table), asked=shown(asked)), option="item")
    names = tuple(dict.fromkeys(r.name for r in rows))
    if asked in names:
        return asked
    folded = _fold(asked)
    same = [n for n in names if _fold(n) == folded]
    if len(same) == 1:
        return same[0]
    prefixed = same or [n for n in names if _fold(n).startswith(folded)]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise AmbiguousItem(asked, appendix, tuple(prefixed))
    raise UnknownItem(asked, appendix, table, names)


# ---- queries -------------------------------------------------------------------------------

def lab_classes(appendix: Any) -> tuple[str, ...]:
    """The lab classes an appendix gives alternative lines for ('PTN1', 'PTN2'), or ()."""
    key = appendix_id(appendix)
    return tuple(sorted({x.lab_class for x in dataset().labour.get(key, ()) if x.lab_class}))


def _incomplete(appendix: str, section: str) -> _Reasons:
    """Why the source does not give a complete total for this appendix's section."""
    reasons = []
    for i in dataset().irregularities.get(appendix, ()):
        if i.kind == "truncated_appendix" or (i.section == section and i.kind == "missing_value"
                                               and "is listed without" in i.detail):
            reasons.append((i.detail, i.line))
    return _Reasons(reasons)


class _Reasons(tuple):
    """Irregularities of the data package as one fact of a message: their details (records
    of the data, as written) with their lines, said in the language of the message."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return str(clauses(_("{detail} (line {line})", detail=detail, line=line)
                           for detail, line in self))


def _labour_rows(appendix: str, work: Any, variant: Any) -> tuple[LabourLine, ...]:
    chosen = lab_class(variant, appendix)
    key = _work(work, appendix, "labour")
    rows = dataset().labour.get(appendix, ())
    if key is None:
        reasons = _incomplete(appendix, "labour")
        if reasons:
            raise NotInSource(_.later("appendix {appendix}: the source gives no complete "
                                      "labour total: {reasons}; ask for one work at a time",
                                      appendix=appendix, reasons=reasons))
    else:
        rows = tuple(r for r in rows if r.work == key)
        if not rows:
            raise NotInSource(_.later("appendix {appendix} work {work}: the source gives no "
                                      "labour", appendix=appendix, work=key))
    classes = sorted({r.lab_class for r in rows if r.lab_class})
    if classes and chosen is None:
        raise LabClassRequired(appendix, tuple(classes))
    return tuple(r for r in rows if r.lab_class in ("", chosen or ""))


def _item_rows(appendix: str, table: str, work: Any, item: Any) -> tuple[Item, ...]:
    rows = getattr(dataset(), table).get(appendix, ())
    if not rows:
        reasons = _incomplete(appendix, table)
        if reasons:
            raise NotInSource(_.later("appendix {appendix} has no {table} in the source: "
                                      "{reasons}", appendix=appendix, table=_TABLE_WORDS[table],
                                      reasons=reasons))
        raise NotInSource(_.later("appendix {appendix} has no {table} in the source",
                                  appendix=appendix, table=_TABLE_WORDS[table]))
    if item is None:
        names = tuple(dict.fromkeys(r.name for r in rows))
        raise BadArgument(_.later("{table} needs the name of an item ({option}); appendix "
                                  "{appendix} lists: {listed}", table=table_label(table),
                                  appendix=appendix,
                                  listed=clauses([*names[:8], *(["..."] if len(names) > 8
                                                                else [])])),
                          option="item")
    name = _resolve_item(item, appendix, table, rows)
    key = _work(work, appendix, table)
    chosen = tuple(r for r in rows if r.name == name and (key is None or r.work == key))
    if not chosen:
        raise UnknownItem(name, _("{appendix} work {work}", appendix=appendix, work=key), table,
                          tuple(dict.fromkeys(r.name for r in rows if r.work == key)))
    return chosen


#: The words for a table (an identifier) inside a message.
_TABLE_WORDS = {"equipment": _.later("equipment"), "materials": _.later("materials"),
                "labour": _.later("labour")}
#: The quantities a norm reads, by their identifier, as a message says them.
_QUANTITIES = {"shifts": _.later("shifts"), "consumption": _.later("consumption"),
               "use": _.later("use")}


def _value(rows: tuple[Item, ...], index: int, what: str) -> Decimal:
    missing = [r for r in rows if r.values[index] is None]
    if missing:
        r = missing[0]
        work = r.work or _.later("procedure")
        lines = listed(r.lines)
        if r.note:
            raise NotInSource(_.later(
                "appendix {appendix}: {name!r} in work {work} has the note {note!r} instead of "
                "its {what} (lines {lines})", appendix=r.appendix, name=r.name, work=work,
                note=r.note, what=_QUANTITIES[what], lines=lines), r.lines)
        raise NotInSource(_.later(
            "appendix {appendix}: {name!r} in work {work} has no number instead of its {what} "
            "(lines {lines})", appendix=r.appendix, name=r.name, work=work,
            what=_QUANTITIES[what], lines=lines), r.lines)
    return sum((r.values[index] for r in rows), Decimal(0))


def norm_decimal(appendix: Any, component: Any = "labour", *, work: Any = None,
                 item: Any = None, variant: Any = None) -> Decimal:
    """Like :func:`norm`, exact: the Decimal the circular's numbers add up to."""
    key = appendix_id(appendix)
    comp = _component(component)
    if comp.startswith("labour"):
        if item not in (None, ""):
            raise BadArgument(_.later("{option} applies to equipment and material, not to "
                                      "{component}", component=comp), option="item")
        direct = sum((r.cong for r in _labour_rows(key, work, variant)), Decimal(0))
        if comp == "labour_direct":
            return direct
        indirect = direct * INDIRECT_SHARE
        return indirect if comp == "labour_indirect" else direct + indirect
    if variant not in (None, ""):
        lab_class(variant, key)  # validated, though equipment and materials have no alternatives
    if comp == "equipment":
        return _value(_item_rows(key, "equipment", work, item), 0, "shifts")
    rows = _item_rows(key, "materials", work, item)
    return _value(rows, 1, "consumption") if comp == "material" else _value(rows, 0, "use")


@functools.lru_cache(maxsize=4096, typed=True)
def _cached_norm(appendix: Any, component: Any, work: Any, item: Any, variant: Any) -> float:
    return float(norm_decimal(appendix, component, work=work, item=item, variant=variant))


def norm(appendix: Any, component: str = "labour", *, work: Any = None, item: Any = None,
         variant: Any = None) -> float:
    """A norm of the circular as a number.

    Args:
        appendix: "VI", "vi" or 6.
        component: "labour" (direct + indirect công, all works as listed, the evaluation
            counted once), "labour_direct", "labour_indirect", "equipment" (shifts of ``item``),
            "material" (consumption of ``item``) or "material_use" (use of ``item``).
        work: narrow to one work item (its number).
        item: equipment or material name: exact, case/diacritic-insensitive, or a unique prefix.
        variant: lab class "PTN1"/"PTN2" (or 1/2) where the appendix gives alternatives.

    Raises:
        NormError: a subclass saying what was asked, what exists and what to do.
    """
    try:
        return _cached_norm(appendix, component, work, item, variant)
    except TypeError:  # an unhashable argument (a list): answer without the cache
        return float(norm_decimal(appendix, component, work=work, item=item, variant=variant))


def appendices() -> tuple[Appendix, ...]:
    """Every appendix: id, number, kind, standard and code as written."""
    return dataset().appendices


def items(appendix: Any, component: str = "equipment") -> tuple[str, ...]:
    """Distinct item names of an appendix's equipment or materials, in source order."""
    key = appendix_id(appendix)
    table = table_name(component)
    if table not in ("equipment", "materials"):
        raise UnknownComponent(component, ("equipment", "material"))
    return tuple(dict.fromkeys(r.name for r in getattr(dataset(), table).get(key, ())))


def table_name(component: Any) -> str:
    """The data table a component word names: "labour", "equipment", "materials", ..."""
    if isinstance(component, str):
        name = english_component(component).strip().lower().replace("-", "_").replace(" ", "_")
        name = _TABLE_ALIASES.get(name, name)
        if name in TABLES:
            return name
    raise UnknownComponent(component, TABLES)


def table(appendix: Any, component: str = "labour") -> list[dict[str, Any]]:
    """The rows of one table for one appendix, as fresh dicts (changing them changes nothing)."""
    key = appendix_id(appendix)
    name = table_name(component)
    data = dataset()
    if name == "labour":
        return [_labour_dict(r) for r in data.labour.get(key, ())]
    if name == "labour_steps":
        return [{"work": s.work, "seq": s.seq, "level": s.level, "label": s.label,
                 "cong": _num(s.cong), "total": _num(s.total), "line": s.line}
                for s in data.steps.get(key, ())]
    if name in ("equipment", "materials"):
        return [_item_dict(r) for r in getattr(data, name).get(key, ())]
    if name == "works":
        return [{"section": w.section, "work": w.work, "title": w.title, "basis": w.basis,
                 "line": w.line} for w in data.works.get(key, ())]
    return [{"section": i.section, "kind": i.kind, "line": i.line, "detail": i.detail}
            for i in data.irregularities.get(key, ())]


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _labour_dict(r: LabourLine) -> dict[str, Any]:
    return {"work": r.work, "category": r.category, "rank": r.rank, "rank_code": r.rank_code,
            "grade": r.grade, "lab_class": r.lab_class, "cong": float(r.cong),
            "sub_item": r.sub_item, "lines": r.lines}


def _item_dict(r: Item) -> dict[str, Any]:
    base = {"work": r.work, "name": r.name, "unit": r.unit, "spec": r.spec}
    if r.table == "equipment":
        base["shifts"] = _num(r.values[0])
    else:
        base["use"], base["consumption"] = _num(r.values[0]), _num(r.values[1])
    return {**base, "note": r.note, "lines": r.lines}


def table_frame(appendix: Any, component: str = "labour"):
    """:func:`table` as a pandas DataFrame (pandas is imported only here)."""
    import pandas as pd

    return pd.DataFrame(table(appendix, component))


@dataclass(frozen=True)
class Source:
    """Where a value comes from: the circular, the appendix and the text lines."""

    appendix: str
    lines: tuple[int, ...]

    @property
    def flags(self) -> tuple:
        """The reviewer's flags (normbook.review) on these lines: what a reviewer would
        question about the value."""
        from .review import review

        mine = set(self.lines)
        return tuple(f for f in review() if f.appendix == self.appendix
                     and mine.intersection(f.lines))

    def __str__(self) -> str:
        from .review.flags import check_label, severity_label

        text = _("Circular 04/2022/TT-BKHCN, Phụ lục {appendix}, lines {lines}",
                 appendix=self.appendix, lines=_ranges(self.lines))
        flags = self.flags
        if not flags:
            return text
        said = str(clauses(_("{check} ({severity}, line {line}): {detail}",
                             check=check_label(f.check), severity=severity_label(f.severity),
                             line=f.lines[0], detail=f.detail) for f in flags))
        return _.many("{source}; {n} reviewer flag: {flags}",
                      "{source}; {n} reviewer flags: {flags}", len(flags), source=text,
                      flags=said)


def _ranges(lines: tuple[int, ...]) -> str:
    if len(lines) <= 6:
        return str(listed(lines))  # 3164, 3166 (3164、3166 in Chinese)
    return _("{first}-{last} ({count} lines)", first=lines[0], last=lines[-1],
             count=len(lines))


def source(appendix: Any, component: str = "labour", *, work: Any = None, item: Any = None,
           variant: Any = None) -> Source:
    """The source lines behind :func:`norm` with the same arguments."""
    key = appendix_id(appendix)
    comp = _component(component)
    norm_decimal(key, comp, work=work, item=item, variant=variant)  # same checks, same errors
    if comp.startswith("labour"):
        rows = _labour_rows(key, work, variant)
        lines = {n for r in rows for n in r.lines}
    else:
        table_name = "equipment" if comp == "equipment" else "materials"
        lines = {n for r in _item_rows(key, table_name, work, item) for n in r.lines}
    return Source(key, tuple(sorted(lines)))
