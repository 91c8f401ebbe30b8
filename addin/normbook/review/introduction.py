"""Check 5: the introduction against the tables.

Each appendix's introduction lists its works ("Nội dung dịch vụ … gồm các công việc: - …").
A listed work that no table has, or a work of the tables the list lacks, means the tables or
the list are incomplete: a work may be costed that the service does not include, or a service
work may have no norm.
"""

from __future__ import annotations

import re
import unicodedata

from ..i18n import Domain
from .flags import MAY_CHANGE, Flag

_ = Domain(__name__)

#: Words of a work's title compared with the start of a listed work: the tables abbreviate
#: titles ("…"), the list adds a purpose clause after them.
WORDS = 6


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[^\w]+", " ", text).split()


def _matches(title: str, listed: str) -> bool:
    t, item = _words(title.rstrip(".…")), _words(listed)
    n = min(WORDS, len(t))
    return n > 0 and t[:n] == item[:n]


def check(data) -> list[Flag]:
    flags = []
    for appendix, listed in getattr(data, "introduction", {}).items():
        works = [w for w in data.works.get(appendix, ()) if w.section == "labour" and w.work]
        for item in listed:
            if not any(_matches(w.title, item.text) for w in works):
                flags.append(Flag(
                    "introduction", MAY_CHANGE, appendix, "appendix", (), (item.text[:80],),
                    (item.line,), _.later("the introduction lists {listed}, which no work of "
                                          "the tables has", listed=_quoted(item.text))))
        for w in works:
            if not any(_matches(w.title, item.text) for item in listed):
                flags.append(Flag(
                    "introduction", MAY_CHANGE, appendix, "labour", (w.work,), (w.title[:80],),
                    (w.line,), _.later("work {work} ({title!r}) is not in the works the "
                                       "introduction lists: the service as introduced does "
                                       "not include it", work=w.work, title=w.title[:80])))
    return flags


def _quoted(text: str) -> str:
    """The circular's words in quotes, the first 80 characters of them."""
    return repr(text[:80]) + ("…" if len(text) > 80 else "")
