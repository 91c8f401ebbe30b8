"""Check 1: units that do not fit the component.

An equipment quantity is costed as shifts (Ca): a row in another unit would be priced per
shift all the same. And one item of an appendix whose works give it different units would
have its quantities added as if they were one.
"""

from __future__ import annotations

from collections import defaultdict

from ..i18n import Domain
from .flags import CHANGES, MAY_CHANGE, WORDING, Flag

_ = Domain(__name__)

SHIFT = "ca"


def check(data) -> list[Flag]:
    flags = []
    for appendix, rows in data.equipment.items():
        for r in rows:
            unit = r.unit.strip().casefold()
            if unit != SHIFT:
                flags.append(Flag(
                    "units", CHANGES if unit else MAY_CHANGE, appendix, "equipment", (r.work,),
                    (r.name,), r.lines, _not_shifts(r)))
    for section, table in (("equipment", data.equipment), ("materials", data.materials)):
        for appendix, rows in table.items():
            units = defaultdict(list)
            for r in rows:
                if r.unit.strip():
                    units[r.name].append(r)
            for name, group in units.items():
                written = sorted({r.unit.strip() for r in group})
                if len(written) < 2:
                    continue
                same = len({u.casefold() for u in written}) == 1
                flags.append(Flag(
                    "units", WORDING if same else MAY_CHANGE, appendix, section,
                    tuple(dict.fromkeys(r.work for r in group)), (name,),
                    tuple(sorted({n for r in group for n in r.lines})),
                    _.later("{name!r} is given in {units} in different works; the totals add "
                            "its quantities together (the same unit written differently)",
                            name=name, units=tuple(repr(u) for u in written)) if same else
                    _.later("{name!r} is given in {units} in different works; the totals add "
                            "its quantities together: if they are different quantities, the "
                            "sum is wrong", name=name, units=tuple(repr(u) for u in written))))
    return flags


def _not_shifts(r):
    """Why an equipment row not in shifts is costed wrong (a Message)."""
    quantity = r.values_as_written[0]
    if r.unit and quantity:
        return _.later("{name!r} in work {work} is given in {unit!r}, but an equipment "
                       "quantity is costed as shifts (Ca): its {quantity} would be priced per "
                       "shift", name=r.name, work=r.work, unit=r.unit, quantity=quantity)
    if r.unit:
        return _.later("{name!r} in work {work} is given in {unit!r}, but an equipment "
                       "quantity is costed as shifts (Ca): its quantity would be priced per "
                       "shift", name=r.name, work=r.work, unit=r.unit)
    if quantity:
        return _.later("{name!r} in work {work} has no unit, but an equipment quantity is "
                       "costed as shifts (Ca): its {quantity} would be priced per shift",
                       name=r.name, work=r.work, quantity=quantity)
    return _.later("{name!r} in work {work} has no unit, but an equipment quantity is costed "
                   "as shifts (Ca): its quantity would be priced per shift", name=r.name,
                   work=r.work)
