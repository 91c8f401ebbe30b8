"""Check 1: units that do not fit the component.

An equipment quantity is costed as shifts (Ca): a row in another unit would be priced per
shift all the same. And one item of an appendix whose works give it different units would
have its quantities added as if they were one.
"""

from __future__ import annotations

from collections import defaultdict

from .flags import CHANGES, MAY_CHANGE, WORDING, Flag

SHIFT = "ca"


def check(data) -> list[Flag]:
    flags = []
    for appendix, rows in data.equipment.items():
        for r in rows:
            unit = r.unit.strip().casefold()
            if unit != SHIFT:
                flags.append(Flag(
                    "units", CHANGES if unit else MAY_CHANGE, appendix, "equipment", (r.work,),
                    (r.name,), r.lines,
                    f"{r.name!r} in work {r.work} is given in {r.unit or 'no unit'!r}, but an "
                    f"equipment quantity is costed as shifts (Ca): its "
                    f"{r.values_as_written[0] or 'quantity'} would be priced per shift"))
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
                    f"{name!r} is given in {' and '.join(repr(u) for u in written)} in "
                    f"different works; the totals add its quantities together"
                    + (" (the same unit written differently)" if same else
                       ": if they are different quantities, the sum is wrong")))
    return flags
