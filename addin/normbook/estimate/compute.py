"""Price the norms: labour from wages, equipment and materials from the user's prices.

For each appendix and each work, with ``count`` the times the work happens in the year:

- labour line: ``công × count × daily rate of its rank and grade`` (:mod:`normbook.wages`);
  indirect labour is ``INDIRECT_SHARE`` (10 %, Article 5.1.a2) of the direct labour amount;
- equipment row: ``shifts × count × price per shift``;
- material row: ``consumption × count × unit price``. The circular gives two quantities per
  material, "sử dụng" (use: what is deployed) and "tiêu hao" (consumption: what is used up);
  Article 5.1.c defines the material norm as the consumption ("mức tiêu hao"), so that is
  what is costed; use is carried along for information.

Nothing is rounded. A row the source gives without a quantity becomes a
:class:`NotInSourceLine`, whatever its work's count (a reviewer may count the work again in
the workbook); a needed item without a price a :class:`MissingPrice` with amount None. Either
leaves its subtotals marked incomplete, never silently short, while its work happens (a gap
of a work counted 0 leaves nothing out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from ..errors import NotInSource, UnknownComponent
from ..i18n import Domain, clauses, listed
from ..wages import CONTEXT, LabourRate, labour_rate
from .counts import block_count, block_notes, work_counts
from .items import TABLE_OF, display_unit, item_key
from .model import (
    NO_QUANTITY,
    AppendixEstimate,
    CostLine,
    Estimate,
    EstimateRequest,
    LabourCost,
    MissingPrice,
    MissingPrices,
    NotInSourceLine,
    OtherCost,
    Prices,
    Subtotal,
    WageParameters,
)
from .source_notes import source_notes

#: Components :func:`norm_cost` prices.
COST_COMPONENTS = ("labour", "labour_direct", "labour_indirect", "equipment", "material")

_ = Domain(__name__)


def estimate(request: EstimateRequest, prices: Prices | None = None) -> Estimate:
    """Price the request's appendices.

    Args:
        request: appendices, year, lab classes, counts and strictness.
        prices: wage parameters and item prices (:func:`normbook.estimate.read_prices` reads
            them from the prices workbook); None prices labour only and marks every item.

    Raises:
        MissingPrices: ``request.strict`` and some needed item has no price (all are listed).
        NormError subclasses for a year without base salary and the like.
    """
    from ..query import INDIRECT_SHARE
    from ..wages import base_salary

    prices = prices or Prices()
    salary = base_salary(request.year, amount=prices.wages.base_salary)
    rates = _Rates(request.year, prices.wages)
    parts = tuple(_appendix(a, request, prices, rates, INDIRECT_SHARE)
                  for a in request.appendices)
    missing = tuple(m for a in parts for m in a.missing_prices)
    if request.strict and missing:
        raise MissingPrices(missing)
    others, unused_lines = other_costs(prices.cost_lines, parts)
    total = sum((a.total for a in parts), Subtotal(Decimal(0)))
    total = sum((o.subtotal for o in others), total)
    needed = {line.key for a in parts for line in (*a.equipment, *a.materials)}
    # a year beyond the checked data is a warning (terminal, workbook), not a mere note
    beyond = (salary.warning,) if salary.warning else ()
    return Estimate(request, prices.wages, salary, INDIRECT_SHARE, parts, total,
                    _notes(request, prices, salary, parts),
                    (*beyond, *prices.warnings, *prices.unused(needed), *unused_lines,
                     *_unpaid_ranks(prices.wages, parts)),
                    others)


def _unpaid_ranks(wages: WageParameters, parts: Sequence[AppendixEstimate]) -> tuple[Any, ...]:
    """A warning for each rank given its own allowances that none of ``parts`` pays."""
    from ..i18n import Text

    paid = {x.rank_code or x.rank for a in parts for x in a.labour}
    return tuple(Text(_.later("allowances are given for rank {rank}, which none of these "
                              "appendices pays; ignored", rank=rank))
                 for rank in wages.rank_allowances if rank not in paid)


def other_costs(lines: Iterable[Any], parts: Sequence[AppendixEstimate]
                ) -> tuple[tuple[OtherCost, ...], tuple[Any, ...]]:
    """The cost lines beyond the norms, priced on ``parts``; and a warning for each line that
    applies to none of them (it is left out).

    A percentage of direct costs is of its appendices' totals (labour, equipment, materials);
    a percentage of labour of their labour (direct and indirect); a fixed amount is itself.
    A percentage whose base is incomplete (missing prices, rows without a quantity) is marked
    so (``base_complete``); the lines left out are counted once, in their appendices.
    """
    from ..i18n import Text

    out, unused = [], []
    for line in lines:
        used = tuple(a for a in parts if line.applies_to(a.appendix))
        if not used:
            unused.append(Text(_.later("{where}: cost line {name} applies to appendices "
                                       "{appendices}, none of which is in this estimate; left "
                                       "out", where=line.where, name=repr(line.name),
                                       appendices=listed(line.appendices))))
            continue
        if line.kind == "fixed":
            out.append(OtherCost(line, tuple(a.appendix for a in used), None,
                                 Subtotal(line.value)))
            continue
        base = sum(((a.total if line.kind == "direct_percent" else a.labour_total)
                    for a in used), Subtotal(Decimal(0)))
        with localcontext(CONTEXT):
            amount = base.amount * line.value
        out.append(OtherCost(line, tuple(a.appendix for a in used), base.amount,
                             Subtotal(amount), base.complete))
    return tuple(out), tuple(unused)


def norm_cost(appendix: Any, component: Any,
              prices: Mapping[str, Any] | Iterable[Sequence[Any]] | Prices, year: Any,
              variant: Any = None, *, work: Any = None,
              counts: Mapping[Any, Any] | None = None,
              wages: WageParameters | None = None) -> Decimal:
    """The cost in VND of one component of one appendix, exact (what NORM_COST computes).

    Args:
        appendix: "VI", 6.
        component: "labour" (direct + 10 % indirect), "labour_direct", "labour_indirect",
            "equipment" or "material".
        prices: {item name: price} or rows of (item name, price) as a two-column Excel range
            gives them (:meth:`Prices.from_pairs`: header and empty rows skipped), in VND per
            shift for equipment and per unit for materials; a name's price applies to every
            spec of that name. Or a :class:`Prices`. Ignored for labour.
        year: the budget year.
        variant: lab class where the appendix has alternatives.
        work: narrow to one work (its number).
        counts: {work: count} or {(appendix, work): count}; default once each, as listed.
        wages: wage parameters (working days, on-costs, base salary, general labour scale).

    Raises:
        MissingPrices: an item of the component has no price (every such item is named).
        NotInSource: the source gives some item or work of the component without a quantity.
        NormError subclasses for unknown appendix, component, work or lab class.
    """
    from ..errors import LabClassRequired
    from ..query import appendix_id, lab_class, lab_classes

    key = appendix_id(appendix)
    comp = cost_component(component)
    # This function's own argument is `variant`: its errors say so (the request's, `variants`).
    if lab_class(variant, key) is None and lab_classes(key):
        raise LabClassRequired(key, lab_classes(key))
    counts = {(k if isinstance(k, tuple) else (key, k)): v for k, v in (counts or {}).items()}
    request = EstimateRequest((key,), year, {key: variant} if variant not in (None, "") else {},
                              counts)
    if isinstance(prices, Prices):
        priced = prices if wages is None else Prices(wages, prices.equipment, prices.materials,
                                                     prices.equipment_by_name,
                                                     prices.materials_by_name)
    elif isinstance(prices, Mapping):
        # One name list prices the one component asked for (NORM_COST's single range).
        priced = Prices.from_names(prices, prices, wages)
    else:
        priced = Prices.from_pairs(prices, wages)
    part = estimate(request, priced).appendices[0]
    return _select(part, comp, _work_filter(work, key))


def cost_component(component: Any) -> str:
    """The cost component a word names: labour, labour_direct, labour_indirect, equipment,
    material (also "labor", "materials" and the Vietnamese công, thiết bị, vật liệu)."""
    from ..query import english_component

    component = english_component(component)
    name = (component.strip().lower().replace(" ", "_").replace("-", "_")
            if isinstance(component, str) else None)
    name = {"materials": "material", "labor": "labour", "labor_direct": "labour_direct",
            "labor_indirect": "labour_indirect"}.get(name, name)
    if name not in COST_COMPONENTS:
        raise UnknownComponent(component, COST_COMPONENTS)
    return name


def _work_filter(work: Any, appendix: str) -> str | None:
    if work is None or (isinstance(work, str) and not work.strip()):
        return None
    from .counts import normalise_counts

    return next(iter(normalise_counts({(appendix, work): 1}, (appendix,))))[1]


def _select(part: AppendixEstimate, comp: str, work: str | None) -> Decimal:
    from ..query import INDIRECT_SHARE

    def in_work(line_work: str) -> bool:
        return work is None or line_work == work

    section = "labour" if comp.startswith("labour") else comp
    lines_of = {"labour": part.labour, "equipment": part.equipment, "material": part.materials}
    blocks = sorted({x.work for x in lines_of[section] if work is not None and x.work != work
                     and (x.work == "" or work in x.work.split("+"))})
    if blocks:
        from .counts import _SECTIONS, _works_said

        raise NotInSource(_.later("appendix {appendix} gives {section} for {block} as one "
                                  "block, not for work {work} alone; ask for work {asked} or "
                                  "for all works", appendix=part.appendix,
                                  section=_SECTIONS.get(section, section),
                                  block=_works_said(blocks[0]), work=work,
                                  asked=repr(blocks[0])))
    gaps = [n for n in part.gaps_left_out if n.component == section and
            (work is None or n.work in ("", work) or work in n.work.split("+"))]
    if gaps:
        raise NotInSource(_.later("appendix {appendix}: the source gives no quantity for "
                                  "{gaps}; the estimate lists them; cost one work at a time to "
                                  "leave them out knowingly", appendix=part.appendix,
                                  gaps=_Gaps(tuple(gaps))),
                          tuple(x for n in gaps for x in n.lines))
    if section == "labour":
        direct = sum((x.amount for x in part.labour if in_work(x.work)), Decimal(0))
        with localcontext(CONTEXT):
            indirect = direct * INDIRECT_SHARE
            return {"labour_direct": direct, "labour_indirect": indirect}.get(
                comp, direct + indirect)
    lines = [x for x in lines_of[section] if in_work(x.work)]
    missing = tuple(m for m in part.missing_prices if m.component == comp and
                    any(x.key == m.key for x in lines))
    if missing:
        raise MissingPrices(missing)
    return sum((x.amount for x in lines), Decimal(0))


@dataclass(frozen=True)
class _Gaps:
    """The rows without a quantity, said in the language of the message that shows them."""

    gaps: tuple[NotInSourceLine, ...]

    def __format__(self, spec: str) -> str:
        from ..i18n import rendered

        said = []
        for n in self.gaps:
            what = (_("{item} in work {work}", item=repr(n.item), work=n.work) if n.item
                    else _("work {work}", work=n.work or _("(all)")))
            said.append(_("{what}: {note}", what=what, note=rendered(n.note)))
        return clauses(said).render()


# ---- one appendix -------------------------------------------------------------------------

class _Rates:
    """Daily rates by (rank code, grade), computed once per estimate."""

    def __init__(self, year: int, wages: WageParameters):
        self.year = year
        self.wages = wages
        self.cache: dict[tuple[str, str], LabourRate] = {}

    def __call__(self, rank_code: str, grade: str) -> LabourRate:
        key = (rank_code, grade)
        if key not in self.cache:
            from ..wages import salary_grade

            w = self.wages
            grade_row = salary_grade(rank_code, grade, general_scale=w.general_scale)
            in_base, other = w.allowances_of(rank_code, grade_row.id)
            self.cache[key] = labour_rate(
                rank_code, grade, self.year, working_days_per_month=w.working_days_per_month,
                on_costs_percent=w.on_costs_percent, base_salary=w.base_salary,
                general_scale=w.general_scale, allowances_in_base_percent=in_base,
                allowances_other_percent=other, contributions_percent=w.contributions_percent)
        return self.cache[key]


def _appendix(appendix: str, request: EstimateRequest, prices: Prices, rates: _Rates,
              indirect_share: Decimal) -> AppendixEstimate:
    from ..dataset import dataset

    data = dataset()
    works = {(w.section, w.work): w for w in data.works.get(appendix, ())}
    variant = request.variants.get(appendix)
    counts = work_counts(request.counts, appendix)
    # a truncated appendix leaves something out while any of its works happens
    gaps: list[NotInSourceLine] = list(_truncated(appendix, max(counts.values(), default=1)))

    labour = []
    for r in data.labour.get(appendix, ()):
        if r.lab_class not in ("", variant or ""):
            continue
        w = works[("labour", r.work)]
        count = block_count(request.counts, appendix, r.work)
        rate = rates(r.rank_code or r.rank, r.grade)
        with localcontext(CONTEXT):
            cong_total = r.cong * count
            amount = cong_total * rate.value
        labour.append(LabourCost(appendix, r.work, w.title, w.basis, count, r.rank, r.rank_code,
                                 r.grade, r.lab_class, r.cong, cong_total, rate, amount, r.lines))
    headed = {r.work for r in data.labour.get(appendix, ())}
    for w in data.works.get(appendix, ()):
        if w.section == "labour" and w.work not in headed:
            gaps.append(NotInSourceLine(appendix, "labour", w.work, "", "", "",
                                        "the work is listed without any labour line or công",
                                        (w.line,), block_count(request.counts, appendix, w.work)))

    priced: dict[str, list[CostLine]] = {"equipment": [], "material": []}
    missing: list[MissingPrice] = []
    for comp in ("equipment", "material"):
        for r in getattr(data, TABLE_OF[comp]).get(appendix, ()):
            count = block_count(request.counts, appendix, r.work)
            quantity = r.values[0] if comp == "equipment" else r.values[1]
            unit = display_unit(comp, r.unit)
            if quantity is None:  # listed whatever the count: the workbook follows counts
                gaps.append(NotInSourceLine(appendix, comp, r.work, r.name, unit, r.spec,
                                            r.note or NO_QUANTITY, r.lines, count))
                continue
            key = item_key(comp, r.name, r.unit, r.spec)
            row = prices.price_of(key)
            price = None if row is None else (
                row.per_shift if comp == "equipment" else row.unit_price)
            basis = "missing" if price is None else row.basis
            with localcontext(CONTEXT):
                total = quantity * count
                amount = None if price is None else total * price
            if price is None and count:
                missing.append(MissingPrice(appendix, comp, r.name, unit, r.spec, key))
            w = works[(TABLE_OF[comp], r.work)]
            priced[comp].append(CostLine(
                appendix, comp, r.work, w.title, w.basis, count, r.name, unit, r.spec, key,
                quantity, None if comp == "equipment" else r.values[0], total, price, basis,
                row, Decimal(0) if amount is None and not count else amount, r.lines))

    def subtotal(section: str, amounts: list[Decimal | None]) -> Subtotal:
        return Subtotal(sum((a for a in amounts if a is not None), Decimal(0)),
                        sum(1 for m in missing if m.component == section),
                        sum(1 for g in gaps if g.component == section and g.left_out))

    direct = subtotal("labour", [x.amount for x in labour])
    with localcontext(CONTEXT):
        indirect = Subtotal(direct.amount * indirect_share, direct.missing_prices,
                            direct.not_in_source)
        cong_direct = sum((x.cong_total for x in labour), Decimal(0))
        cong_indirect = cong_direct * indirect_share
    labour_total = Subtotal(direct.amount + indirect.amount, direct.missing_prices,
                            direct.not_in_source)
    equipment_total = subtotal("equipment", [x.amount for x in priced["equipment"]])
    materials_total = subtotal("material", [x.amount for x in priced["material"]])
    a = data.by_id[appendix]
    return AppendixEstimate(
        appendix, a.standard, a.kind, variant, counts,
        tuple(labour), tuple(priced["equipment"]), tuple(priced["material"]), tuple(gaps),
        tuple(missing), cong_direct, cong_indirect, direct, indirect, labour_total,
        equipment_total, materials_total, labour_total + equipment_total + materials_total,
        source_notes(appendix))


def _truncated(appendix: str, count: int) -> list[NotInSourceLine]:
    """An appendix the source cuts off: every component is shown as not (fully) in source.

    ``count`` is the appendix's busiest work's count: 0 when none of its works happens.
    """
    from ..dataset import dataset

    data = dataset()
    out = []
    for i in data.irregularities.get(appendix, ()):
        if i.kind != "truncated_appendix":
            continue
        sections = {w.section for w in data.works.get(appendix, ())}
        for comp, table in (("labour", "labour"), ("equipment", "equipment"),
                            ("material", "materials")):
            said = (_.later("no section at all") if table not in sections
                    else _.later("the works listed may not be all"))
            out.append(NotInSourceLine(appendix, comp, "", "", "", "",
                                       _truncated_note(i, said), (i.line,), count))
    return out


def _truncated_note(irregularity: Any, said: Any) -> Any:
    """The irregularity's detail and what it means for one component, in each language (the
    detail is the extractor's English; :mod:`.source_notes` says it in vi and zh)."""
    from ..i18n import Text
    from .source_notes import _detail_vi, chinese

    return Text(f"{irregularity.detail} ({said.render('en')})",
                vi=f"{_detail_vi(irregularity)} ({said.render('vi')})",
                zh=f"{chinese(irregularity)}（{said.render('zh')}）")


# ---- notes for a justification ------------------------------------------------------------

def _notes(request: EstimateRequest, prices: Prices, salary: Any,
           parts: tuple[AppendixEstimate, ...]) -> tuple[Any, ...]:
    """The assumptions, as messages rendered in the language of the workbook showing them."""
    from ..i18n import Text
    from ..wages import wage_data

    notes: list[Any] = [Text(_.later("base salary {year}: {formula}", year=request.year,
                                formula=salary.formula_message())),
                          *(n for n in salary.notes if n is not salary.warning)]
    general = [x for a in parts for x in a.labour if not x.rank_code]
    if general:
        scale = prices.wages.general_scale
        grade = wage_data().grades[(scale, 1)]
        notes.append(Text(_.later("general labour ({rank}) is paid on scale {scale} ({grade}; "
                             "{decree}): an assumption, the circular names no scale; set "
                             "`general_labour_scale` to change it", rank=general[0].rank,
                             scale=scale, grade=grade.rank, decree=_decree(grade.source))))
    changed = [f"{a}/{w}: {n}" for (a, w), n in request.counts.items() if n != 1]
    if changed:
        notes.append(Text(_.later("every work counted once as listed (per-year works for the "
                                  "year, per-evaluation works one evaluation, per-procedure "
                                  "works one procedure), except {changed}",
                                  changed=listed(changed))))
    else:
        notes.append(Text(_.later("every work counted once as listed (per-year works for the "
                                  "year, per-evaluation works one evaluation, per-procedure "
                                  "works one procedure)")))
    from .review_notes import flag_notes
    from .review_notes import note as flag_note
    from .source_notes import note as source_note

    for part in parts:
        notes += block_notes(request.counts, part.appendix)
        notes += [source_note(i) for i in part.source_notes]
        notes += [flag_note(n) for n in flag_notes(part)]
    return tuple(dict.fromkeys(notes))


def _decree(source: str) -> str:
    m = re.match(r"[^,]*", source)
    return m.group(0) if m else source
