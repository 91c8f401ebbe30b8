"""What an estimate's total leaves out, and what that makes uncertain in a comparison.

A comparison splits the difference exactly for what is costed; a line without a price or a row
the circular gives no quantity for is left out of a total (never 0), so ``compare`` says how
many each estimate leaves out and which effects that makes uncertain: on the terminal, in the
JSON, on the Comparison sheet and in the justification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import Domain
from .effects import EFFECTS, effect_label

_ = Domain(__name__)


@dataclass(frozen=True)
class Gaps:
    """What an estimate's total leaves out: lines without a price, rows the circular gives no
    quantity for (of works that happen), and cost lines whose percentage base leaves those out.
    """

    missing_prices: int = 0
    not_in_source: int = 0
    cost_lines: int = 0

    @classmethod
    def of(cls, result: Any) -> Gaps:
        return cls(sum(1 for a in result.appendices for x in (*a.equipment, *a.materials)
                       if x.count > 0 and x.price is None),
                   len(result.gaps_left_out),
                   sum(1 for o in result.other_costs if not o.base_complete))

    @property
    def complete(self) -> bool:
        return not (self.missing_prices or self.not_in_source or self.cost_lines)

    def as_dict(self) -> dict[str, int]:
        return {"missing_prices": self.missing_prices, "not_in_source": self.not_in_source,
                "cost_lines_on_incomplete_base": self.cost_lines}


def uncertain(*gaps: Gaps) -> tuple[str, ...]:
    """The effects ``gaps`` (the old and the new estimate's) make uncertain, in substitution
    order.

    A line without a price counts 0 in every step until a price appears: in the quantities
    effect (its work's change is not costed) and in the prices effect (a price given in one
    year only moves as if it were a price change). A row without a quantity is left out of
    both totals, so the quantities effect misses it. A cost line on an incomplete base is
    short by its share of what the base leaves out.
    """
    out = set()
    if any(g.missing_prices for g in gaps):
        out |= {"quantities", "prices"}
    if any(g.not_in_source for g in gaps):
        out.add("quantities")
    if any(g.cost_lines for g in gaps):
        out.add("other_costs")
    return tuple(e for e in EFFECTS if e in out)


def gap_sentences(c: Any, old_name: str, new_name: str) -> list[str]:
    """What each estimate leaves out and the effects that makes uncertain, in the current
    language (none when both are complete)."""
    from ..i18n import listed

    if c.complete:
        return []
    out = []
    for name, gaps in ((old_name, c.old_gaps), (new_name, c.new_gaps)):
        if gaps.complete:
            out.append(_("{name}: complete (every line priced, every row with a quantity)",
                         name=name))
            continue
        parts = []
        if gaps.missing_prices:
            parts.append(_.many("{n:n} line without a price", "{n:n} lines without a price",
                                gaps.missing_prices))
        if gaps.not_in_source:
            parts.append(_.many("{n:n} row without a quantity in the source",
                                "{n:n} rows without a quantity in the source",
                                gaps.not_in_source))
        if gaps.cost_lines:
            parts.append(_.many("{n:n} cost line on an incomplete base",
                                "{n:n} cost lines on an incomplete base", gaps.cost_lines))
        out.append(_("{name}: incomplete, its amount leaves out {parts} (their amounts are "
                     "unknown, not 0)", name=name, parts=listed(parts)))
    out.append(_("so these effects are uncertain: {effects}; the split is exact for what is "
                 "costed", effects=listed([effect_label(e) for e in c.uncertain])))
    return out
