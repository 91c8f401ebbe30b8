"""Check 3: a slipped zero or comma.

One item's quantity that is 10 or 100 times (or a tenth or hundredth of) what the same item
has elsewhere, where "elsewhere" agrees with itself: the item's other works in the appendix
(three or more works, a clear majority), or the same work of sister appendices, those with the
same work title (three or more, a clear majority). Different works may well need different
quantities; one figure off by a power of ten from an agreeing majority is what a slip looks
like.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal

from ..i18n import Domain
from .flags import MAY_CHANGE, Flag

_ = Domain(__name__)

FACTORS = {Decimal(10), Decimal(100), Decimal("0.1"), Decimal("0.01")}


def _title(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\W+", " ", text).strip()


def _quantity(r) -> Decimal | None:
    return r.values[-1]  # shifts, or a material's consumption (what is costed)


def _outliers(group: list) -> list[tuple[object, Decimal]]:
    """Members 10 or 100 times off a clear majority value: (member, the majority value)."""
    values = Counter(_quantity(r) for r in group)
    (majority, count), = values.most_common(1)
    if count * 2 <= len(group) or not majority:
        return []
    return [(r, majority) for r in group
            if _quantity(r) and _quantity(r) / majority in FACTORS]


def check(data) -> list[Flag]:
    flags = []
    titles = {(w.appendix, w.section, w.work): _title(w.title)
              for ws in data.works.values() for w in ws}
    for section, table in (("equipment", data.equipment), ("materials", data.materials)):
        sisters = defaultdict(list)
        for appendix, rows in table.items():
            by_item = defaultdict(list)
            for r in rows:
                if _quantity(r) is not None:
                    by_item[(r.name, r.unit)].append(r)
                    title = titles.get((appendix, section, r.work), "")
                    sisters[(r.name, r.unit, r.work, title)].append(r)
            for (name, unit), group in by_item.items():
                if len({r.work for r in group}) < 3:
                    continue
                for r, majority in _outliers(group):
                    flags.append(Flag(
                        "slipped_digit", MAY_CHANGE, appendix, section, (r.work,), (name,),
                        r.lines, _.later("{name!r} in work {work}: {quantity} {unit}, where its "
                                         "other works mostly give {majority}: a zero or comma "
                                         "slipped?", name=name, work=r.work,
                                         quantity=_quantity(r), unit=unit, majority=majority)))
        for (name, unit, work, _title_key), group in sisters.items():
            if len({r.appendix for r in group}) < 3:
                continue
            for r, majority in _outliers(group):
                flags.append(Flag(
                    "slipped_digit", MAY_CHANGE, r.appendix, section, (work,), (name,),
                    r.lines, _.later("{name!r} in work {work}: {quantity} {unit}, where the "
                                     "same work of appendices of the same structure mostly "
                                     "gives {majority}: a zero or comma slipped?", name=name,
                                     work=work, quantity=_quantity(r), unit=unit,
                                     majority=majority)))
    return flags
