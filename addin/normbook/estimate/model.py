"""The estimate's inputs (request, wage parameters, prices) and outputs (priced lines, totals).

Frozen dataclasses; inputs normalise and validate themselves in ``__post_init__`` and raise.
Money is exact ``Decimal`` VND; an amount that cannot be computed is ``None``, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from types import MappingProxyType
from typing import Any

from ..errors import BadArgument, NormError
from ..i18n import Domain, Text, formats, listed
from ..models import Irregularity
from ..wage_parts import ALLOWANCE_KEYS, CONTRIBUTION_KEYS
from ..wages import (
    CONTEXT,
    DEFAULT_GENERAL_SCALE,
    DEFAULT_WORKING_DAYS,
    BaseSalary,
    LabourRate,
    to_decimal,
)
from .items import ItemKey, fold_name

_ = Domain(__name__)


class MissingPrices(NormError, LookupError):
    """Items the estimate needs have no price (``strict`` refuses to estimate without them)."""

    excel_code = "#N/A"

    def __init__(self, missing: tuple[MissingPrice, ...]):
        self.missing = missing
        said: dict[tuple, Any] = {}  # each item once, in the order first met
        for m in missing:
            said.setdefault((m.component, m.item, m.spec, m.unit), m.described())
        items = list(said.values())
        shown = _Joined(items[:20], more=len(items) if len(items) > 20 else 0)
        super().__init__(_.many_later(
            "no price for {n} item: {shown}; fill it in the prices workbook (or drop --strict "
            "to get an estimate that marks it)",
            "no price for {n} items: {shown}; fill them in the prices workbook (or drop "
            "--strict to get an estimate that marks them)", len(items), shown=shown))


@dataclass(frozen=True)
class _Joined:
    """Messages joined by "; " in the language where they are shown, "... (N in all)" after."""

    parts: list[Any]
    more: int = 0

    def __format__(self, spec: str) -> str:
        from ..i18n import clauses

        said = str(clauses(self.parts))
        return _("{shown}; ... ({count} in all)", shown=said, count=self.more) if self.more \
            else said

    def __str__(self) -> str:
        return format(self, "")


class PricesError(NormError, ValueError):
    """The prices workbook has bad cells; every problem is listed with its sheet and cell."""

    excel_code = "#VALUE!"

    #: Problems named in the message; the rest are counted (``problems`` keeps them all).
    SHOWN = 20

    def __init__(self, source: str, problems: tuple[str, ...]):
        self.source = source
        self.problems = problems
        shown = _Problems(problems[:self.SHOWN], max(len(problems) - self.SHOWN, 0))
        super().__init__(_.many_later("{source}: {n:n} problem: {shown}",
                                      "{source}: {n:n} problems: {shown}", len(problems),
                                      source=source, shown=shown))


@dataclass(frozen=True)
class _Problems:
    """A prices workbook's problems (text or Messages), each cut at 300 characters, in the
    language where they are shown."""

    problems: tuple[Any, ...]
    more: int

    def __format__(self, spec: str) -> str:
        from ..i18n import current

        lang = current()
        said = [p.render(lang) if hasattr(p, "render") else str(p) for p in self.problems]
        shown = formats.clauses([p if len(p) <= 300 else p[:297] + "..." for p in said], lang)
        if not self.more:
            return shown
        return _("{shown}; and {more:n} more (fix these and run again to see them)",
                 shown=shown, more=self.more)


# ---- inputs -----------------------------------------------------------------------------------

def _set(obj: Any, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _not_number(text: str) -> bool:
    try:
        to_decimal(text, "price")
    except BadArgument:
        return True
    return False

#: A gap's note (NotInSourceLine.note) where the source gives neither a number nor a note.
NO_QUANTITY = "listed without a quantity"
#: The largest price (or asset value) accepted, in VND: 10^15, a million billion đồng. More is
#: a typing error, and would overflow the 28 digits the amounts are computed with.
MAX_PRICE = Decimal(10) ** 15


def _of(field_name: str, where: str) -> str:
    """A price field (its key, as the prices workbook's hidden key row writes it), and the
    row it was read from."""
    if not where:
        return field_name
    return _("{field} of {where}", field=field_name, where=where)


def check_price(value: Decimal | None, what: str) -> Decimal | None:
    """``value`` when it is a price from 0 to :data:`MAX_PRICE` (or None); BadArgument else."""
    if value is None:
        return None
    if value < 0:
        raise BadArgument(_.later("{what} is negative ({value}); prices are 0 or more",
                                  what=what, value=value))
    if value > MAX_PRICE:
        shown = f"{value:,f}" if value.adjusted() < 18 else f"{value:.3E}"
        raise BadArgument(_.later("{what} is {value} VND; a price is at most {most:n} VND "
                                  "(check the unit and the digits)", what=what, value=shown,
                                  most=MAX_PRICE))
    return value


@dataclass(frozen=True)
class WageParameters:
    """How labour is priced (the prices workbook's Wages sheet).

    Attributes:
        working_days_per_month: divides the monthly wage into a daily rate (default 22;
            1 to 31).
        on_costs_percent: other on-costs on the salary, in percent (default 0; 0 to 100:
            23.5 for 23.5 %). The employer's contributions have their own rates.
        base_salary: VND per month, 1,000,000 to 100,000,000 (2340000, not 2340); None
            takes the year's month-weighted base salary from the data
            (:func:`normbook.wages.base_salary`).
        general_scale: the 12-grade scale general labour is paid on, "C1" (default) or "B".
        allowances_in_base_percent, allowances_other_percent: allowances in percent of the
            salary, for every rank: those in the contribution base, and the others.
        rank_allowances: {rank code (or the rank, for general labour): (in base, other)}:
            a rank's own allowances, instead of the ones for every rank (None: as for every
            rank).
        grade_allowances: {grade id ("A1 2/9"): (in base, other)}: a grade's own, as an
            estimate workbook's Prices row holds them typed in (None: as for its rank).
        contributions: {key: percent} of each employer contribution
            (:data:`normbook.wage_parts.CONTRIBUTIONS`; a missing key is 0, so by default none:
            the prices template offers the confirmed legal rates, which the user keeps or
            changes).
        working_days_basis: the user's basis for the working days ("" : Normbook's default).
    """

    working_days_per_month: Decimal = DEFAULT_WORKING_DAYS
    on_costs_percent: Decimal = Decimal(0)
    base_salary: Decimal | None = None
    general_scale: str = DEFAULT_GENERAL_SCALE
    allowances_in_base_percent: Decimal = Decimal(0)
    allowances_other_percent: Decimal = Decimal(0)
    rank_allowances: Mapping[str, tuple[Decimal | None, Decimal | None]] = field(
        default_factory=dict)
    grade_allowances: Mapping[str, tuple[Decimal | None, Decimal | None]] = field(
        default_factory=dict)
    contributions: Mapping[str, Decimal] = field(default_factory=dict)
    working_days_basis: str = ""

    def __post_init__(self) -> None:
        from ..wages import (
            GENERAL_SCALES,
            checked_base_salary,
            checked_on_costs,
            checked_working_days,
        )

        _set(self, "working_days_per_month", checked_working_days(self.working_days_per_month))
        _set(self, "on_costs_percent", checked_on_costs(self.on_costs_percent))
        for name in ALLOWANCE_KEYS:
            _set(self, name, checked_on_costs(getattr(self, name), name))
        for name in ("rank_allowances", "grade_allowances"):
            _set(self, name, MappingProxyType({
                str(key): tuple(None if v is None else checked_on_costs(v, k)
                                for v, k in zip(pair, ALLOWANCE_KEYS, strict=True))
                for key, pair in getattr(self, name).items()}))
        unknown = set(self.contributions) - set(CONTRIBUTION_KEYS)
        if unknown:
            raise BadArgument(_.later("unknown contribution {asked}; the contributions are "
                                      "{known}", asked=listed(sorted(unknown)),
                                      known=listed(CONTRIBUTION_KEYS)))
        _set(self, "contributions", MappingProxyType({
            k: checked_on_costs(self.contributions.get(k, 0), k) for k in CONTRIBUTION_KEYS}))
        if self.base_salary is not None:
            _set(self, "base_salary", checked_base_salary(self.base_salary))
        scale = str(self.general_scale).strip().upper()
        if scale not in GENERAL_SCALES:
            from ..errors import alternatives

            raise BadArgument(_.later("general labour scale {asked} is not in the data; use "
                                      "{known}", asked=repr(self.general_scale),
                                      known=alternatives(list(GENERAL_SCALES))))
        _set(self, "general_scale", scale)

    @property
    def contributions_percent(self) -> Decimal:
        """The contributions' sum, in percent."""
        return sum(self.contributions.values(), Decimal(0))

    def allowances_of(self, rank: str, grade: str = "") -> tuple[Decimal, Decimal]:
        """(in the contribution base, other) allowances of a rank at a grade ("A1 2/9"), in
        percent: the grade's own, else the rank's, else the ones for every rank (each of the
        two on its own)."""
        every = (self.allowances_in_base_percent, self.allowances_other_percent)
        own = self.own_allowances(rank, grade)
        return tuple(o if o is not None else e for o, e in zip(own, every, strict=True))

    def own_allowances(self, rank: str, grade: str = "") -> tuple[Decimal | None, ...]:
        """The allowances given for this rank or grade itself (None: as for every rank)."""
        by_grade = self.grade_allowances.get(grade, (None, None))
        by_rank = self.rank_allowances.get(rank, (None, None))
        return tuple(g if g is not None else r for g, r in zip(by_grade, by_rank, strict=True))

    def without_parts(self) -> WageParameters:
        """These parameters with no allowance and no contribution (a workbook or a prices
        file from before the labour rate had parts: its on-costs were the whole of it)."""
        return replace(self, allowances_in_base_percent=Decimal(0),
                       allowances_other_percent=Decimal(0), rank_allowances={},
                       grade_allowances={},
                       contributions=dict.fromkeys(CONTRIBUTION_KEYS, Decimal(0)))


#: The kinds of a cost line beyond the norms: a percentage of the direct costs (the norms'
#: labour, equipment and materials), a percentage of labour, or a fixed amount.
COST_LINE_KINDS = ("direct_percent", "labour_percent", "fixed")


@dataclass(frozen=True)
class CostLineInput:
    """A cost the norms do not list (management, the standard's own depreciation, other
    direct costs), as the prices workbook's cost lines sheet gives it.

    ``value`` is a fraction for the percentage kinds (0.1 for 10 %, 0 to 1) and VND for a
    fixed amount (0 to :data:`MAX_PRICE`). ``appendices`` are the ones it applies to; empty:
    every appendix of the estimate. A percentage applies to the sum over its appendices; a
    fixed amount is added once, whatever the number of its appendices (it is the amount the
    user gives), when at least one of them is estimated. ``basis`` (the user's citation) is
    required: a reviewer asks where every line comes from.
    """

    name: str
    kind: str
    value: Decimal
    appendices: tuple[str, ...] = ()
    basis: str = ""
    where: str = ""

    def __post_init__(self) -> None:
        if not str(self.name).strip():
            raise BadArgument(_.later("{where}: a cost line needs a name", where=self.where))
        if self.kind not in COST_LINE_KINDS:
            raise BadArgument(_.later("{where}: {kind} is not a kind of cost line; use "
                                      "{known}", where=self.where, kind=repr(self.kind),
                                      known=listed(COST_LINE_KINDS)))
        if not str(self.basis).strip():
            raise BadArgument(_.later("{where}: cost line {name} has no basis; give the act, "
                                      "decision or calculation it comes from",
                                      where=self.where, name=repr(self.name)))
        if self.kind == "fixed":
            check_price(self.value, _("the amount of cost line {name}", name=repr(self.name)))
        elif not 0 <= self.value <= 1:
            raise BadArgument(_.later("{where}: the percentage of cost line {name} must be "
                                      "from 0 % to 100 %, not {value}", where=self.where,
                                      name=repr(self.name), value=self.value))

    def applies_to(self, appendix: str) -> bool:
        return not self.appendices or appendix in self.appendices


@dataclass(frozen=True)
class EquipmentPrice:
    """What a shift of a machine costs: a price per shift, or its depreciation.

    ``per_shift`` is ``price_per_shift`` when given (it wins); otherwise
    ``asset_value × depreciation_rate ÷ shifts_per_year`` (in that order, unrounded) when all
    three are given; otherwise None (missing). ``depreciation_rate`` is a fraction a year:
    0.1 for 10 %, from 0 to 1. Prices and the asset value are 0 to :data:`MAX_PRICE` VND;
    ``shifts_per_year`` is at least 1 (so a price per shift never exceeds the asset value).

    Raises:
        BadArgument: a value outside those bounds.
    """

    price_per_shift: Decimal | None = None
    asset_value: Decimal | None = None
    depreciation_rate: Decimal | None = None
    shifts_per_year: Decimal | None = None
    where: str = ""  # the row it was read from, "Equipment!5"

    def __post_init__(self) -> None:
        check_price(self.price_per_shift, _of("price_per_shift", self.where))
        check_price(self.asset_value, _of("asset_value", self.where))
        rate = self.depreciation_rate
        if rate is not None and not 0 <= rate <= 1:
            raise BadArgument(_.later("{field} must be a fraction a year from 0 to 1 (0.1 for "
                                      "10 %), not {rate}",
                                      field=_of("depreciation_rate", self.where), rate=rate))
        shifts = self.shifts_per_year
        if shifts is not None and not 1 <= shifts <= MAX_PRICE:
            raise BadArgument(_.later("{field} must be at least 1 (the shifts the machine runs "
                                      "in a year), not {shifts}",
                                      field=_of("shifts_per_year", self.where), shifts=shifts))

    @property
    def basis(self) -> str:
        """"price_per_shift", "depreciation" or "missing"."""
        if self.price_per_shift is not None:
            return "price_per_shift"
        parts = (self.asset_value, self.depreciation_rate, self.shifts_per_year)
        return "depreciation" if all(p is not None for p in parts) else "missing"

    @property
    def per_shift(self) -> Decimal | None:
        if self.basis == "price_per_shift":
            return self.price_per_shift
        if self.basis == "missing" or not self.shifts_per_year:
            return None
        with localcontext(CONTEXT):
            return self.asset_value * self.depreciation_rate / self.shifts_per_year


@dataclass(frozen=True)
class MaterialPrice:
    """The price of one unit of a material (per kWh for electricity)."""

    unit_price: Decimal | None = None
    where: str = ""

    def __post_init__(self) -> None:
        check_price(self.unit_price, _of("unit_price", self.where))

    @property
    def basis(self) -> str:
        return "unit_price" if self.unit_price is not None else "missing"


def _given(price: EquipmentPrice | MaterialPrice) -> bool:
    """Whether a price row holds any value (an empty row ignores nothing)."""
    if isinstance(price, MaterialPrice):
        return price.unit_price is not None
    return any(v is not None for v in (price.price_per_shift, price.asset_value,
                                       price.depreciation_rate, price.shifts_per_year))


@dataclass(frozen=True)
class Prices:
    """Prices for an estimate: wage parameters and item prices.

    Item prices are keyed by :class:`~normbook.estimate.items.ItemKey` (name, unit, spec: what
    the prices workbook gives), or by name alone (``by_name``, folded with
    :func:`~normbook.estimate.items.fold_name`): a name-level price applies to every spec of
    that name. A key whose spec is empty (a prices row left without a spec) prices every spec
    of its item (name and unit). An item's own key wins when it holds a price, then its key
    without a spec, then its name.
    """

    wages: WageParameters = field(default_factory=WageParameters)
    equipment: Mapping[ItemKey, EquipmentPrice] = field(default_factory=dict)
    materials: Mapping[ItemKey, MaterialPrice] = field(default_factory=dict)
    equipment_by_name: Mapping[str, EquipmentPrice] = field(default_factory=dict)
    materials_by_name: Mapping[str, MaterialPrice] = field(default_factory=dict)
    source: str = ""  # the workbook's file name, for messages
    warnings: tuple[str, ...] = ()
    cost_lines: tuple[CostLineInput, ...] = ()  # costs beyond the norms, in the order given

    def __post_init__(self) -> None:
        _set(self, "cost_lines", tuple(self.cost_lines))
        for name in ("equipment", "materials", "equipment_by_name", "materials_by_name"):
            _set(self, name, MappingProxyType(dict(getattr(self, name))))

    @classmethod
    def from_names(cls, equipment: Mapping[str, Any] | None = None,
                   materials: Mapping[str, Any] | None = None,
                   wages: WageParameters | None = None) -> Prices:
        """Prices by item name: {"Điều hòa nhiệt độ": 15000} (VND per shift / per unit).

        Empty values (None, "") count as no price. Raises BadArgument for a negative,
        non-numeric or huge (over :data:`MAX_PRICE`) price, naming the item.
        """
        def price(name: str, value: Any) -> Decimal | None:
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            what = _("the price of {item}", item=repr(name))
            return check_price(to_decimal(value, what), what)

        return cls(
            wages=wages or WageParameters(),
            equipment_by_name={fold_name(k): EquipmentPrice(price(k, v), where=k)
                               for k, v in (equipment or {}).items()},
            materials_by_name={fold_name(k): MaterialPrice(price(k, v), where=k)
                               for k, v in (materials or {}).items()})

    @classmethod
    def from_pairs(cls, rows: Iterable[Sequence[Any]],
                   wages: WageParameters | None = None) -> Prices:
        """Prices from rows of (item name, price), as an Excel range of two columns gives them.

        Empty rows (blank or spaces only) are skipped, and so are the rows before the first
        price whose price cell is text that is not a number (a header such as "item | price",
        and a units row under it). The same name twice with different prices is an error
        (1000 and "1000" are the same price). A name prices equipment and materials alike:
        meant for one component at a time (NORM_COST), since three names are both a machine
        and a material ("Tủ bảo quản mẫu", "Máy hút chân không", "Van đóng mở").

        Raises:
            BadArgument: a row is not two cells, a price is negative or not a number, or a
                name is given two different prices.
        """
        def blank(value: Any) -> bool:
            return value is None or (isinstance(value, str) and not value.strip())

        pairs: dict[str, tuple[str, Any, Decimal]] = {}
        for n, row in enumerate(rows):
            cells = list(row) if isinstance(row, Sequence) and not isinstance(row, str) else None
            if cells is None or len(cells) != 2:
                raise BadArgument(_.later("prices must be rows of two cells (item, price); row "
                                          "{row} is {value}", row=n + 1, value=repr(row)))
            name, price = cells
            if blank(name) and blank(price):
                continue
            if not pairs and isinstance(price, str) and _not_number(price):
                continue  # a header row, or a units row under it
            if not isinstance(name, str) or not name.strip():
                raise BadArgument(_.later("prices row {row}: a price {price} without an item "
                                          "name", row=n + 1, price=repr(price)))
            if blank(price):
                continue  # a name without a price: the item stays unpriced
            number = to_decimal(price, _("the price of {item} (prices row {row})",
                                         item=repr(name), row=n + 1))
            folded = fold_name(name)
            if folded in pairs and pairs[folded][2] != number:
                raise BadArgument(_.later("prices row {row}: {item} is given two prices "
                                          "({one} and {other})", row=n + 1, item=repr(name),
                                          one=repr(pairs[folded][1]), other=repr(price)))
            pairs[folded] = (name, price, number)
        named = {name: price for name, price, _ in pairs.values()}
        return cls.from_names(named, named, wages)

    def price_of(self, key: ItemKey) -> EquipmentPrice | MaterialPrice | None:
        """The price row for an item: by its exact key, else by its name; None if neither."""
        exact, by_name = ((self.equipment, self.equipment_by_name) if key.component == "equipment"
                          else (self.materials, self.materials_by_name))
        own = exact.get(key)
        if own is not None and own.basis != "missing":
            return own
        every_spec = exact.get(replace(key, spec=""))  # a row typed once for every spec
        if every_spec is not None and every_spec.basis != "missing":
            return every_spec
        return own or every_spec or by_name.get(key.name)

    def unused(self, needed: set[ItemKey]) -> tuple[str, ...]:
        """Warnings for prices no needed item uses (a typo, or another appendix's item).

        A row warns only when it holds a value and no chosen appendix needs its item with any
        spec: a template written for more appendices than the estimate uses says nothing about
        its empty rows, nor about a spec of an item these appendices need with another one.
        """
        names = {k.name for k in needed}
        items = {(k.component, k.name, k.unit) for k in needed}
        labels = {"equipment": _.later("equipment"), "material": _.later("material")}
        out = [Text(_.later("{where}: {component} {item} is not needed by these appendices; "
                            "ignored", where=p.where,
                            component=labels.get(k.component, k.component), item=repr(k.name)))
               for k, p in [*self.equipment.items(), *self.materials.items()]
               if (k.component, k.name, k.unit) not in items and _given(p)]
        by_name = {**self.materials_by_name, **self.equipment_by_name}  # one name, one warning
        out += [Text(_.later("price for {item} matches no needed item; ignored",
                             item=repr(p.where)))
                for n, p in by_name.items() if n not in names]
        return tuple(out)


@dataclass(frozen=True)
class EstimateRequest:
    """What to estimate.

    Attributes:
        appendices: appendix ids or numbers ("VI", 6); duplicates are dropped.
        year: the budget year (its base salary prices labour).
        variants: {appendix: lab class} where an appendix has alternatives ("PTN1"/"PTN2").
        counts: {(appendix, work): times the work happens this year}. Default 1 for every
            work, i.e. as listed: a per-year work once, a per-evaluation work one evaluation,
            a per-procedure work one procedure. 0 leaves a work out; 2 doubles it.
        strict: refuse (MissingPrices) instead of marking items without a price.
    """

    appendices: tuple[str, ...]
    year: int
    variants: Mapping[str, str | None] = field(default_factory=dict)
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    strict: bool = False

    def __post_init__(self) -> None:
        from ..query import appendix_id, lab_class, lab_classes
        from ..wages import budget_year
        from .counts import normalise_counts

        if isinstance(self.appendices, str):
            raise BadArgument(_.later("appendices must be a list such as ['VI', 'XXV'], not "
                                      "one string"))
        ids = tuple(dict.fromkeys(appendix_id(a) for a in self.appendices))
        if not ids:
            raise BadArgument(_.later("give at least one appendix to estimate"))
        _set(self, "appendices", ids)
        _set(self, "year", budget_year(self.year))
        variants = {}
        for asked, variant in self.variants.items():
            key = appendix_id(asked)
            if key not in ids:
                raise BadArgument(_.later("a lab class is given for appendix {appendix}, which "
                                          "is not in this estimate ({appendices})",
                                          appendix=key, appendices=listed(ids)))
            variants[key] = lab_class(variant, key, option="variants", keyed=True)
        for key in ids:
            if lab_classes(key) and variants.get(key) is None:
                from ..errors import LabClassRequired

                raise LabClassRequired(key, lab_classes(key), option="variants", keyed=True)
        _set(self, "variants", MappingProxyType(variants))
        _set(self, "counts", MappingProxyType(normalise_counts(self.counts, ids)))


# ---- outputs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabourCost:
    """One labour line of the source, priced: công × count × the daily rate of its grade."""

    appendix: str
    work: str
    work_title: str
    basis: str  # per_year | per_evaluation | per_procedure
    count: int
    rank: str
    rank_code: str
    grade: str  # as the data writes it: "2/9", "1", "3/12"
    lab_class: str
    cong: Decimal  # per occurrence, as the norm gives it
    cong_total: Decimal  # cong × count
    rate: LabourRate
    amount: Decimal  # cong_total × rate.value, unrounded
    lines: tuple[int, ...]

    @property
    def daily_rate(self) -> Decimal:
        return self.rate.value


@dataclass(frozen=True)
class CostLine:
    """One equipment or material row of the source, priced (amount None: no price)."""

    appendix: str
    component: str  # equipment | material
    work: str  # "2+3" for a joint block, "" for a whole procedure
    work_title: str
    basis: str
    count: int
    item: str
    unit: str  # the unit the price is per ("Ca", "kWh", ...)
    spec: str
    key: ItemKey
    quantity: Decimal  # shifts, or the material's consumption ("tiêu hao"), per occurrence
    use: Decimal | None  # materials: the "sử dụng" column, for information only
    quantity_total: Decimal  # quantity × count
    price: Decimal | None  # VND per shift / per unit
    price_basis: str  # price_per_shift | depreciation | unit_price | missing
    price_row: EquipmentPrice | MaterialPrice | None
    amount: Decimal | None  # quantity_total × price; None when the price is missing (0 when
    #                        the work's count is 0: nothing is needed, so nothing is missing)
    lines: tuple[int, ...]


@dataclass(frozen=True)
class NotInSourceLine:
    """Something the source lists without a quantity: shown, never costed as 0."""

    appendix: str
    component: str  # labour | equipment | material
    work: str
    item: str  # the item, or "" for a whole section
    unit: str
    spec: str
    note: str  # what the source says instead of a number, or why nothing is there
    lines: tuple[int, ...]
    count: int = 1  # times its work happens this year (a truncated appendix: its busiest work)

    @property
    def left_out(self) -> bool:
        """True when its work happens this year: the total then leaves this row out.

        A gap of a work counted 0 is still listed (a reviewer who counts the work again in
        the workbook sees it), but it leaves nothing out of the total.
        """
        return self.count > 0


@dataclass(frozen=True)
class MissingPrice:
    """An item the estimate needs with no price."""

    appendix: str
    component: str
    item: str
    unit: str
    spec: str
    key: ItemKey

    def describe(self) -> str:
        """The item in words, in the current language."""
        return self.described().render()

    def described(self) -> Any:
        """The item in words as a Message (said in the language where it is shown)."""
        labels = {"equipment": _.later("equipment"), "material": _.later("material")}
        component = labels.get(self.component, self.component)
        if self.spec:
            return _.later("{component} {item} [{spec}] per {unit}", component=component,
                           item=repr(self.item), spec=self.spec, unit=self.unit or "?")
        return _.later("{component} {item} per {unit}", component=component,
                       item=repr(self.item), unit=self.unit or "?")


@dataclass(frozen=True)
class Subtotal:
    """A sum of priced amounts, with what it leaves out (so it is never silently complete)."""

    amount: Decimal
    missing_prices: int = 0
    not_in_source: int = 0

    @property
    def complete(self) -> bool:
        return self.missing_prices == 0 and self.not_in_source == 0

    def __add__(self, other: Subtotal) -> Subtotal:
        return Subtotal(self.amount + other.amount, self.missing_prices + other.missing_prices,
                        self.not_in_source + other.not_in_source)


@dataclass(frozen=True)
class OtherCost:
    """A cost line beyond the norms, priced: ``amount`` = value × ``base`` (a percentage) or
    the value (fixed). Its ``subtotal`` carries what its base leaves out."""

    line: CostLineInput
    appendices: tuple[str, ...]  # the estimate's appendices it applies to
    base: Decimal | None  # the amount a percentage is of; None for a fixed amount
    subtotal: Subtotal
    base_complete: bool = True  # False: the base leaves out lines (so does this amount)

    @property
    def amount(self) -> Decimal:
        return self.subtotal.amount


@dataclass(frozen=True)
class AppendixEstimate:
    """The estimate of one appendix: lines per component, subtotals and total."""

    appendix: str
    standard: str
    kind: str  # upkeep | procedure
    variant: str | None
    counts: Mapping[str, int]  # work -> count used (every work of the appendix)
    labour: tuple[LabourCost, ...]
    equipment: tuple[CostLine, ...]
    materials: tuple[CostLine, ...]
    not_in_source: tuple[NotInSourceLine, ...]
    missing_prices: tuple[MissingPrice, ...]
    cong_direct: Decimal
    cong_indirect: Decimal
    labour_direct: Subtotal
    labour_indirect: Subtotal  # INDIRECT_SHARE (10 %) of labour_direct
    labour_total: Subtotal
    equipment_total: Subtotal
    materials_total: Subtotal
    total: Subtotal
    source_notes: tuple[Irregularity, ...] = ()  # the source's oddities that touch the amounts

    @property
    def complete(self) -> bool:
        return self.total.complete

    @property
    def gaps_left_out(self) -> tuple[NotInSourceLine, ...]:
        """The gaps of works that happen this year: what its total leaves out."""
        return tuple(g for g in self.not_in_source if g.left_out)


@dataclass(frozen=True)
class Estimate:
    """The whole estimate: per appendix, the grand total, and what a justification must say."""

    request: EstimateRequest
    wages: WageParameters
    base_salary: BaseSalary
    indirect_share: Decimal
    appendices: tuple[AppendixEstimate, ...]
    total: Subtotal
    notes: tuple[str, ...]  # assumptions (base salary, general labour scale, counts)
    warnings: tuple[str, ...]  # price rows nobody needs, and the like
    other_costs: tuple[OtherCost, ...] = ()  # cost lines beyond the norms (in ``total``)

    @property
    def norms_total(self) -> Subtotal:
        """What the norms cost: the appendices' totals, before the other cost lines."""
        return sum((a.total for a in self.appendices), Subtotal(Decimal(0)))

    @property
    def year(self) -> int:
        return self.request.year

    @property
    def complete(self) -> bool:
        return self.total.complete

    @property
    def missing_prices(self) -> tuple[MissingPrice, ...]:
        return tuple(m for a in self.appendices for m in a.missing_prices)

    @property
    def not_in_source(self) -> tuple[NotInSourceLine, ...]:
        """Every row the source gives without a quantity, whether its work happens or not."""
        return tuple(n for a in self.appendices for n in a.not_in_source)

    @property
    def gaps_left_out(self) -> tuple[NotInSourceLine, ...]:
        """The gaps of works that happen this year: what the total leaves out."""
        return tuple(n for a in self.appendices for n in a.gaps_left_out)

    @property
    def data_edition(self) -> tuple[str, ...]:
        """The data this estimate was made with: shipped norms and wages, user acts used."""
        from ..userdata.provenance import edition

        return edition(("norms", "wages"), self.base_salary.origins)

    def appendix(self, appendix: str) -> AppendixEstimate:
        """One appendix's estimate by id."""
        for a in self.appendices:
            if a.appendix == appendix:
                return a
        raise BadArgument(_.later("appendix {appendix} is not in this estimate ({appendices})",
                                  appendix=repr(appendix),
                                  appendices=listed(a.appendix for a in self.appendices)))
