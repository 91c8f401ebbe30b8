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

from .flags import MAY_CHANGE, WORDING, Flag

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
                why = []
                if _STRAY_END.search(name):
                    why.append(f"ends in {name.rstrip()[-1]!r}")
                if (m := _DOUBLED.search(name)):
                    why.append(f"repeats the word {m.group(1)!r}")
                if why:
                    flags.append(Flag(
                        "split_name", WORDING, appendix, section,
                        tuple(dict.fromkeys(r.work for r in group)), (name,),
                        tuple(sorted({n for r in group for n in r.lines})),
                        f"{name!r} {' and '.join(why)}"))
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
                    f"{' and '.join(repr(n) for n in sorted(names))} differ only by spacing, "
                    "punctuation or a repeated word: one item counted and priced as two, and "
                    "a lookup by the shorter name is ambiguous"))
    return flags
