"""Check 6: names that split one item.

A name with stray punctuation at its end ("...chuẩn):") or a doubled word ("để bàn bàn"),
and two names of one appendix that differ only by spacing, punctuation, case or a repeated
word, are most likely one item written twice: its quantities are then priced and summed as
two items, and a lookup by the shorter name matches both.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from ..i18n import Domain
from .flags import MAY_CHANGE, WORDING, Flag

_ = Domain(__name__)

_STRAY_END = re.compile(r"[:;,\-–]\s*$")
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def key(name: str) -> str:
    """What is left of a name when spacing, punctuation, case and repeated words go."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = _DOUBLED.sub(r"\1", text)
    return re.sub(r"[\W_]+", "", text)


def check(data) -> list[Flag]:
    flags = []
    for section, table in (("equipment", data.equipment), ("materials", data.materials)):
        for appendix, rows in table.items():
            by_name = defaultdict(list)
            for r in rows:
                by_name[r.name].append(r)
            for name, group in by_name.items():
                why = _why(name)
                if why is not None:
                    flags.append(Flag(
                        "split_name", WORDING, appendix, section,
                        tuple(dict.fromkeys(r.work for r in group)), (name,),
                        tuple(sorted({n for r in group for n in r.lines})),
                        why))
            alike = defaultdict(list)
            for name in by_name:
                alike[key(name)].append(name)
            for names in alike.values():
                if len(names) < 2:
                    continue
                group = [r for n in names for r in by_name[n]]
                flags.append(Flag(
                    "split_name", MAY_CHANGE, appendix, section,
                    tuple(dict.fromkeys(r.work for r in group)), tuple(sorted(names)),
                    tuple(sorted({n for r in group for n in r.lines})),
                    _.later("{names} differ only by spacing, punctuation or a repeated word: "
                            "one item counted and priced as two, and a lookup by the shorter "
                            "name is ambiguous", names=tuple(repr(n) for n in sorted(names)))))
    return flags


def _why(name: str):
    """What is wrong with one name as written (a Message), or None."""
    stray = _STRAY_END.search(name)
    doubled = _DOUBLED.search(name)
    if stray and doubled:
        return _.later("{name!r} ends in {end!r} and repeats the word {word!r}", name=name,
                       end=name.rstrip()[-1], word=doubled.group(1))
    if stray:
        return _.later("{name!r} ends in {end!r}", name=name, end=name.rstrip()[-1])
    if doubled:
        return _.later("{name!r} repeats the word {word!r}", name=name, word=doubled.group(1))
    return None
