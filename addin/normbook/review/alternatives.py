"""Check 4: unlabelled alternatives.

Where an appendix has lab-class alternatives, the circular writes them as a Kỹ sư (hạng III)
line and a Kỹ sư chính (hạng II) line with equal công, labelled "Cho PTN loại 1/2" or
"... Hoặc ...". A work with that shape and no label has both lines summed; if they were
alternatives, its labour is one line's công too high.
"""

from __future__ import annotations

from collections import defaultdict

from ..i18n import Domain
from .flags import MAY_CHANGE, Flag

_ = Domain(__name__)

ENGINEER = "V.05.02.07"  # Kỹ sư (hạng III)
PRINCIPAL = "V.05.02.06"  # Kỹ sư chính (hạng II)


def check(data) -> list[Flag]:
    flags = []
    for appendix, lines in data.labour.items():
        by_work = defaultdict(list)
        for line in lines:
            by_work[line.work].append(line)
        for work, group in by_work.items():
            plain = [x for x in group if not x.lab_class]
            for low in (x for x in plain if x.rank_code == ENGINEER):
                high = next((x for x in plain if x.rank_code == PRINCIPAL
                             and x.cong == low.cong), None)
                if high is None:
                    continue
                said_low, said_high = f"{low.rank} {low.grade}", f"{high.rank} {high.grade}"
                flags.append(Flag(
                    "alternatives", MAY_CHANGE, appendix, "labour", (work,),
                    (said_low, said_high),
                    tuple(sorted({*low.lines, *high.lines})),
                    _.later("work {work}: a {low} line and a {high} line of {cong} công each, "
                            "the shape other appendices label as lab-class alternatives (Cho "
                            "PTN loại 1/2, Hoặc), without a label: they are summed; if they "
                            "were alternatives, direct labour would be {cong} công lower",
                            work=work, low=said_low, high=said_high, cong=low.cong)))
    return flags
