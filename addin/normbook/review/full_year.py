"""Check 2: a whole year's shifts in a work counted once per evaluation.

A work "cho 01 lần đánh giá" is costed once per evaluation; equipment there that carries a
year round the clock (3 × 365 = 1095 shifts) or more, or exactly the figure the same item has
in a per-year work of the appendix, looks copied from the per-year environmental work.
"""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Domain
from .flags import MAY_CHANGE, Flag

_ = Domain(__name__)

FULL_YEAR = Decimal(3 * 365)


def _basis(data, appendix: str) -> dict[str, str]:
    """Work -> basis (the equipment section's heading, else the labour section's)."""
    found = {}
    for w in data.works.get(appendix, ()):
        if w.section in ("labour", "equipment"):
            found.setdefault(w.work, w.basis)
            if w.section == "equipment":
                found[w.work] = w.basis
    return found


def check(data) -> list[Flag]:
    flags = []
    for appendix, rows in data.equipment.items():
        basis = _basis(data, appendix)
        yearly = {}
        for r in rows:
            if basis.get(r.work) == "per_year" and r.values[0] is not None:
                yearly.setdefault(r.name, (r.work, r.values[0]))
        for r in rows:
            shifts = r.values[0]
            if basis.get(r.work) != "per_evaluation" or shifts is None:
                continue
            same = yearly.get(r.name)
            if shifts >= FULL_YEAR:
                why = _.later("{name!r} in work {work}: {shifts} shifts, a whole year round the "
                              "clock (3 × 365) or more, in a work counted once per evaluation",
                              name=r.name, work=r.work, shifts=shifts)
            elif same is not None and same[1] == shifts and shifts >= 365:  # a year's worth
                why = _.later("{name!r} in work {work}: {shifts} shifts, exactly what it has in "
                              "the per-year work {yearly}, in a work counted once per "
                              "evaluation", name=r.name, work=r.work, shifts=shifts,
                              yearly=same[0])
            else:
                continue
            flags.append(Flag("full_year", MAY_CHANGE, appendix, "equipment", (r.work,),
                              (r.name,), r.lines, why))
    return flags
