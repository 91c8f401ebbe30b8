"""How a new estimate differs from an old one, split by chain substitution ("phương pháp thay
thế liên hoàn") into what is done, wage rules and prices, with the lines that drive each.

The order is fixed: quantities first (appendices, lab classes, counts, the norm data), then
wage rules (base salary, working days, on-costs, allowances, contributions, general labour
scale), then prices, then the cost lines beyond the norms (a percentage line moves with its
base in the steps before, at its old rate; this step changes the lines themselves). Each
step changes one factor and keeps the ones after it at their old values, so the effects add up
exactly to the difference (a telescoping sum); quantities come first because they decide
which lines there are to pay and to price at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..i18n import Domain, Text
from .effects import EFFECTS, OTHER_COSTS, effect_label
from .gaps import Gaps, gap_sentences, uncertain

_ = Domain(__name__)

DRIVERS = 5  # lines named per effect


@dataclass(frozen=True)
class Driver:
    effect: str
    appendix: str
    line: str  # what the line is, in words: a Text (English; rendered where it is shown)
    change: Decimal  # VND


@dataclass
class Comparison:
    old_total: Decimal
    new_total: Decimal
    effects: dict[str, Decimal]
    appendices: dict[str, dict[str, Any]]
    drivers: list[Driver] = field(default_factory=list)
    old_gaps: Gaps = field(default_factory=Gaps)
    new_gaps: Gaps = field(default_factory=Gaps)

    @property
    def difference(self) -> Decimal:
        return self.new_total - self.old_total

    @property
    def complete(self) -> bool:
        return self.old_gaps.complete and self.new_gaps.complete

    @property
    def uncertain(self) -> tuple[str, ...]:
        """The effects the gaps make uncertain, in substitution order (:func:`.gaps.uncertain`)."""
        return uncertain(self.old_gaps, self.new_gaps)

    def as_dict(self) -> dict:
        def n(x: Decimal) -> float | int:
            return int(x) if x == int(x) else float(x)

        return {"old_total": n(self.old_total), "new_total": n(self.new_total),
                "effects": {k: n(v) for k, v in self.effects.items()},
                "appendices": {a: {"old": n(v["old"]), "new": n(v["new"]),
                                   "effects": {k: n(e) for k, e in v["effects"].items()}}
                               for a, v in self.appendices.items()},
                "drivers": [{"effect": d.effect, "appendix": d.appendix, "line": d.line,
                             "change": n(d.change)} for d in self.drivers],
                "incomplete": {"old": self.old_gaps.as_dict(), "new": self.new_gaps.as_dict(),
                               "uncertain_effects": list(self.uncertain)}}


def _run(scope: Any, wages: Any, equipment: dict, materials: dict, year: int,
         cost_lines: tuple = ()) -> Any:
    from .compute import estimate
    from .model import EstimateRequest, Prices

    request = EstimateRequest(scope.appendices, year, scope.variants, scope.counts)
    return estimate(request, Prices(wages, equipment, materials, cost_lines=cost_lines))


def _lines(result: Any) -> dict[tuple, tuple[Decimal, Any, Any]]:
    """Each costed line: key -> (amount, which line it is, its figures in words).

    The words are Messages: a driver's line is said in the language of the sheet or the
    terminal that shows it, its numbers written that language's way.
    """
    out = {}
    for part in result.appendices:
        for x in part.labour:
            key = (part.appendix, "labour", x.work, x.rank, x.grade, x.lab_class)
            out[key] = (x.amount,
                        _.later("{rank} {grade}, {appendix} work {work}",
                                rank=x.rank, grade=x.grade, appendix=part.appendix,
                                work=x.work),
                        _.later("{cong:n} công × {rate:n0} đ", cong=x.cong_total,
                                rate=x.daily_rate))
        for x in (*part.equipment, *part.materials):
            key = (part.appendix, x.component, x.work, x.key)
            price = (_.later("{quantity} {unit} × {price:n0} đ", quantity=x.quantity_total,
                             unit=x.unit, price=x.price) if x.price is not None
                     else _.later("{quantity} {unit} × no price", quantity=x.quantity_total,
                                  unit=x.unit))
            out[key] = (x.amount or Decimal(0),
                        _.later("{item}, {appendix} work {work}", item=x.item,
                                appendix=part.appendix, work=x.work), price)
    for o in result.other_costs:
        out[(OTHER_COSTS, "other", o.line.name)] = (
            o.amount, _.later("{name} (cost line)", name=o.line.name),
            _.later("{amount:n0} đ", amount=o.amount))
    return out


def _drivers(effect: str, before: Any, after: Any) -> list[Driver]:
    a, b = _lines(before), _lines(after)
    absent = _.later("not in the estimate")
    changes = []
    for key in a.keys() | b.keys():
        old, label, said_old = a.get(key, (Decimal(0), None, absent))
        new, label_new, said_new = b.get(key, (Decimal(0), None, absent))
        if new != old:
            line = _.later("{line}: {before} → {after}", line=label or label_new,
                           before=said_old, after=said_new)
            changes.append(Driver(effect, key[0], Text(line), new - old))
    changes.sort(key=lambda d: (-abs(d.change), d.line))
    return changes[:DRIVERS]


def inputs_of(result: Any, prices: Any = None) -> Any:
    """An estimate computed in this process as what :func:`compare` reads from a workbook."""
    from dataclasses import replace

    from .model import Prices
    from .readback import EstimateInputs

    prices = prices or Prices()
    wages = replace(prices.wages, base_salary=result.base_salary.amount)
    request = result.request
    # each line's price as the workbook's Prices sheet holds it: by the item's exact key
    lines = [x for part in result.appendices for x in (*part.equipment, *part.materials)]
    equipment = {x.key: x.price_row for x in lines
                 if x.component == "equipment" and x.price_row is not None}
    materials = {x.key: x.price_row for x in lines
                 if x.component == "material" and x.price_row is not None}
    return EstimateInputs("this estimate", request.year, tuple(request.appendices),
                          dict(request.variants), dict(request.counts), wages,
                          Prices(wages, equipment, materials, cost_lines=prices.cost_lines))


def compare(old: Any, new: Any) -> Comparison:
    """Decompose ``new`` − ``old`` (two :class:`~normbook.estimate.readback.EstimateInputs`)."""
    year = new.year  # the base salary is explicit in both: the year names nothing else
    old_prices = (dict(old.prices.equipment), dict(old.prices.materials))
    new_prices = (dict(new.prices.equipment), dict(new.prices.materials))
    # an item only the new estimate prices keeps its new price until the prices step
    kept = ({**new_prices[0], **old_prices[0]}, {**new_prices[1], **old_prices[1]})
    old_lines, new_lines = old.prices.cost_lines, new.prices.cost_lines
    steps = [
        _run(old, old.wages, *old_prices, year, old_lines),
        _run(new, old.wages, *kept, year, old_lines),
        _run(new, new.wages, *kept, year, old_lines),
        _run(new, new.wages, *new_prices, year, old_lines),
        _run(new, new.wages, *new_prices, year, new_lines),
    ]
    totals = [s.total.amount for s in steps]
    effects = {e: totals[i + 1] - totals[i] for i, e in enumerate(EFFECTS)}
    ids = list(dict.fromkeys((*old.appendices, *new.appendices)))
    appendices = {}
    for a in ids:
        amounts = [next((p.total.amount for p in s.appendices if p.appendix == a), Decimal(0))
                   for s in steps]
        appendices[a] = {"old": amounts[0], "new": amounts[-1],
                         "effects": {e: amounts[i + 1] - amounts[i]
                                     for i, e in enumerate(EFFECTS)}}
    if old_lines or new_lines:  # the lines beyond the norms: their own row, so rows add up
        amounts = [sum((o.amount for o in s.other_costs), Decimal(0)) for s in steps]
        appendices[OTHER_COSTS] = {"old": amounts[0], "new": amounts[-1],
                                   "effects": {e: amounts[i + 1] - amounts[i]
                                               for i, e in enumerate(EFFECTS)}}
    drivers = [d for i, e in enumerate(EFFECTS) for d in _drivers(e, steps[i], steps[i + 1])]
    return Comparison(totals[0], totals[-1], effects, appendices, drivers,
                      Gaps.of(steps[0]), Gaps.of(steps[-1]))


def to_text(c: Comparison, old_name: str, new_name: str) -> str:
    """The comparison for a terminal, in the current language."""
    from ..i18n import current, rendered
    from ..i18n.formats import number

    lang = current()

    def whole(x: Decimal) -> str:
        return number(x, lang, 0)

    def vnd(x: Decimal) -> str:
        return "+" + whole(x) if x > 0 else whole(x)

    def pct(x: Decimal) -> str:
        if not c.old_total:
            return ""
        share = x / c.old_total * 100
        return ("+" if share >= 0 else "") + number(share, lang, 2) + " %"

    lines = [_("{name}: {amount:n0} VND", name=old_name, amount=c.old_total),
             _("{name}: {amount:n0} VND", name=new_name, amount=c.new_total),
             _("difference: {amount} VND {share}", amount=vnd(c.difference),
               share=pct(c.difference)), "",
             *(f"{s}" for s in gap_sentences(c, old_name, new_name)),
             *([""] if not c.complete else []),
             _("by chain substitution (quantities, then wage rules, then prices, then other "
               "cost lines):")]
    money = _("VND")
    width = max(11, *(len(effect_label(e)) for e in EFFECTS))
    lines += [f"  {effect_label(e):{width}} {vnd(v):>18} {money} {pct(v)}"
              for e, v in c.effects.items()]
    lines += ["", _("by appendix (old → new: quantities / wages / prices / other cost "
                    "lines):")]
    for a, v in c.appendices.items():
        effects = " / ".join(vnd(x) for x in v["effects"].values())
        scope = "" if v["old"] and v["new"] else (
            "  " + _("(in the new estimate only)") if not v["old"]
            else "  " + _("(in the old estimate only)"))
        name = _("other cost lines") if a == OTHER_COSTS else a
        lines.append(f"  {name:6} {whole(v['old']):>16} → {whole(v['new']):>16}: {effects}"
                     f"{scope}")
    if c.drivers:  # a file compared with itself has none: no heading over nothing
        lines += ["", _("what drives each effect most:")]
    for d in c.drivers:
        lines.append(f"  {effect_label(d.effect):{width}} {vnd(d.change):>16} {money}  "
                     f"{rendered(d.line, lang)}")
    return "\n".join(lines) + "\n"
