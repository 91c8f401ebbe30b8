"""Public-sector wages: base salary of a year, salary coefficients, the daily labour rate.

The data lives in ``norms/wages`` (see its README for sources and choices). Everything is
``Decimal``; nothing is rounded here. The daily rate is, evaluated in this order::

    coefficient × base salary of the year ÷ working days per month × (1 + on-costs % ÷ 100)

in a 28-digit ``Decimal`` context (Python's default, ROUND_HALF_EVEN), so a spreadsheet that
mirrors it with the same order agrees to the last displayed digit.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import _resources
from .errors import BadArgument, NormError, shown
from .i18n import Domain, Message, Text, current, formats, listed
from .salary_acts import BASE_SALARY_RANGE  # one range for the data and the user's figures

if TYPE_CHECKING:
    from .userdata.provenance import Origin

_ = Domain(__name__)

#: The 12-grade scale general labour ("Lao động phổ thông", no rank code) is assumed to be paid
#: on. C1 (viên chức loại C, nhóm 1): general labour needs no vocational qualification, and
#: Decree 204/2004's loại C is the class below intermediate training (loại B). The circular does
#: not name the scale, so this is an assumption; pass ``general_scale="B"`` to override.
DEFAULT_GENERAL_SCALE = "C1"
#: Scales general labour may be paid on (the 12-grade scales in the data).
GENERAL_SCALES = ("C1", "B")
#: The rank the circular writes for general labour (it has no rank code).
GENERAL_LABOUR = "Lao động phổ thông"
DEFAULT_WORKING_DAYS = Decimal(22)
#: Working days a month: a month has at most 31 days, and fewer than one would multiply the
#: daily rate beyond the monthly wage.
WORKING_DAYS_RANGE = (Decimal(1), Decimal(31))
#: On-costs above 100 % of the wage are a typing error (Vietnam's contributions are about 23.5 %;
#: 23.5 typed into a %-formatted cell reads as 2350 %).
ON_COSTS_MAX = Decimal(100)
#: The context of every computation here: Python's default precision and rounding, pinned so
#: a caller's changed global context cannot change a result.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class UnknownRank(NormError, LookupError):
    """No salary scale for that rank code."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(_.later(
            "no salary scale for rank {asked}; the data has rank codes {codes}, general labour "
            "('' or {general}) and the scales {scales}", asked=shown(asked),
            codes=listed(known), general=repr(GENERAL_LABOUR),
            scales=listed(sorted(_scales()))))


class BadGrade(NormError, ValueError):
    """The grade is not 'k/n' or 'k' on the rank's scale."""

    excel_code = "#N/A"


class NoBaseSalary(NormError, LookupError):
    """The data has no base salary for (part of) the year."""

    excel_code = "#N/A"

    def __init__(self, year: int, first: SalaryAmount):
        self.year = year
        super().__init__(_.later(
            "no base salary for {year}: the data starts at {start:date} ({amount:n} VND, Decree "
            "{decree}), so some months of {year} have no amount; give the base salary yourself "
            "(base_salary in the prices workbook)", year=year, start=first.effective_from,
            amount=vnd(first.amount), decree=first.decree))


# ---- the data ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SalaryAmount:
    """One base salary, in force from ``effective_from`` until the next one."""

    effective_from: dt.date
    amount: Decimal
    decree: str
    citation: str
    origin: Origin | None = None  # shipped edition or the user addition it came from

    @property
    def added_locally(self) -> bool:
        return self.origin is not None and not self.origin.shipped


@dataclass(frozen=True, slots=True)
class SalaryGrade:
    """One grade of one salary scale with its coefficient and where it comes from."""

    scale: str
    rank: str
    rank_code: str
    grade: int
    grades_total: int
    coefficient: Decimal
    source: str

    @property
    def label(self) -> str:
        """The grade as the circular writes it: "2/9"."""
        return f"{self.grade}/{self.grades_total}"

    @property
    def id(self) -> str:
        """The grade's id on an estimate's Prices sheet: "A1 2/9"."""
        return f"{self.scale} {self.label}"


@dataclass(frozen=True)
class WageData:
    """The wages data: the shipped package and the base-salary acts of the user folder."""

    amounts: tuple[SalaryAmount, ...]  # by effective date
    checked_through: dt.date  # of the shipped table
    grades: MappingProxyType  # (scale, grade) -> SalaryGrade
    scale_of_code: MappingProxyType  # rank code -> scale


def _read(name: str) -> list[dict[str, str]]:
    text = _resources.norms_dir().joinpath("wages", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _shipped() -> WageData:
    """The shipped wages data, loaded once."""
    from .userdata import provenance

    origin = provenance.shipped("wages")
    folder = _resources.norms_dir().joinpath("wages")
    manifest = json.loads(folder.joinpath("datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in manifest["resources"] if r["name"] == "base_salary")
    amounts = sorted((SalaryAmount(dt.date.fromisoformat(r["effective_from"]),
                                   Decimal(r["amount_vnd"]), r["decree"], r["citation"], origin)
                      for r in _read("base_salary.csv")), key=lambda a: a.effective_from)
    grades = {}
    codes = {}
    for r in _read("coefficients.csv"):
        g = SalaryGrade(r["scale"], r["rank"], r["rank_code"], int(r["grade"]),
                        int(r["grades_total"]), Decimal(r["coefficient"]), r["source"])
        grades[(g.scale, g.grade)] = g
        if g.rank_code:
            codes[g.rank_code] = g.scale
    return WageData(tuple(amounts), dt.date.fromisoformat(resource["checked_through"]),
                    MappingProxyType(grades), MappingProxyType(codes))


def shipped_amounts() -> tuple[SalaryAmount, ...]:
    """The base salaries shipped with Normbook."""
    return _shipped().amounts


def shipped_checked_through() -> dt.date:
    """The last day the shipped base-salary table is known to be complete."""
    return _shipped().checked_through


@functools.lru_cache(maxsize=8)
def _merged(fingerprint: tuple) -> WageData:
    from .salary_acts import read_csv
    from .userdata import folder, store
    from .userdata.errors import BrokenFolder

    base = _shipped()
    additions, problems = store.scan("wages")
    amounts = {a.effective_from: a for a in base.amounts}
    for addition in additions:
        label = f"{addition.label}/base_salary.csv"
        stray = addition.stray_files("base_salary.csv")
        if stray:
            problems += stray
            continue
        rows, found = read_csv(addition.path / "base_salary.csv", label)
        problems += found
        for row in rows:
            facts = {"file": label, "row": row["row"], "day": row["effective_from"]}
            if row["effective_from"].isoformat() != addition.name:
                problems.append(_.later("{file}, row {row}: the act takes effect {day:date}, but "
                                        "the addition is named {name}; an addition is named "
                                        "after its date", name=addition.name, **facts))
                continue
            if row["effective_from"] <= base.checked_through:
                problems.append(_.later("{file}, row {row}: {day:date} is within the shipped "
                                        "table, complete through {checked:date}",
                                        checked=base.checked_through, **facts))
                continue
            if row["effective_from"] in amounts:
                problems.append(_.later("{file}, row {row}: {day:date} is already the date of "
                                        "Decree {decree}",
                                        decree=amounts[row["effective_from"]].decree, **facts))
                continue
            amounts[row["effective_from"]] = SalaryAmount(
                row["effective_from"], Decimal(row["amount_vnd"]), row["decree"],
                row["citation"], addition.origin())
    if problems:
        raise BrokenFolder(folder.data_dir(), "wages", problems)
    return WageData(tuple(amounts[d] for d in sorted(amounts)), base.checked_through,
                    base.grades, base.scale_of_code)


def wage_data() -> WageData:
    """The wages data: shipped, plus the user folder's base-salary acts.

    Cached by the folder's files, so an act added while Excel runs is used at the next call;
    never read from half of a change another run is making (:mod:`userdata.journal`).

    Raises:
        BrokenFolder: an addition in the user folder is no longer valid.
        FolderBusy: another `normbook data` run held the folder half-changed for seconds.
    """
    from .userdata import journal

    return journal.read_consistent("wages", _merged)


def _scales() -> dict[str, int]:
    """Scale -> its number of grades."""
    return {g.scale: g.grades_total for g in wage_data().grades.values()}


# ---- base salary ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SalaryPeriod:
    """A run of months of one year paid at one base salary."""

    first_month: int
    last_month: int
    amount: Decimal
    decree: str
    citation: str
    assumed: bool  # after the data's checked_through date: the latest amount is assumed
    origin: Origin | None = None

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1


@dataclass(frozen=True)
class _Terms(Message):
    """The months and amounts behind a base salary, ``6 × 1,800,000 + 6 × 2,340,000``, with
    the numbers written the way of the language it is rendered in (a fact of a message)."""

    def render(self, lang: str | None = None) -> str:
        lang = lang or current()
        periods = self.facts["periods"]
        terms = " + ".join(f"{p.months} × {formats.number(vnd(p.amount), lang)}"
                           for p in periods)
        return f"({terms})" if len(periods) > 1 else terms


@dataclass(frozen=True)
class BaseSalary:
    """The base salary of a year: the month-weighted average of the amounts in force.

    Attributes:
        year: the budget year.
        amount: VND per month, exact (e.g. 2,070,000 for 2024).
        periods: the runs of months behind it (empty when the user set the amount).
        notes: assumptions a justification must state (the warning of a year beyond the
            checked data, set by the user): each a :class:`~normbook.i18n.Text`, the English
            text, that a place showing it renders in its language (``note.render(lang)``).
        user_set: the amount was given by the user, not taken from the data.
        beyond: the act assumed when some month is beyond the checked data, else None.
    """

    year: int
    amount: Decimal
    periods: tuple[SalaryPeriod, ...]
    notes: tuple[Text, ...] = ()
    user_set: bool = False
    beyond: BeyondChecked | None = None

    @property
    def warning(self) -> Text | None:
        """The warning a command shows when the year is beyond the checked data (one of
        :attr:`notes`), or None."""
        return self.notes[0] if self.beyond else None

    @property
    def citations(self) -> tuple[str, ...]:
        """The decrees behind the amount, once each, in date order."""
        return tuple(dict.fromkeys(p.citation for p in self.periods))

    @property
    def origins(self) -> tuple[Origin, ...]:
        """Where the amounts come from (shipped edition, user additions), once each."""
        return tuple(dict.fromkeys(p.origin for p in self.periods if p.origin is not None))

    @property
    def local_periods(self) -> tuple[SalaryPeriod, ...]:
        """The runs of months paid at an act from the user data folder (added locally)."""
        return tuple(p for p in self.periods if p.origin is not None and not p.origin.shipped)

    def formula(self) -> str:
        """How the amount is made, e.g. "(6 × 1,800,000 + 6 × 2,340,000) ÷ 12 = 2,070,000", in
        the current language (1.800.000 in Vietnamese)."""
        return self.formula_message().render()

    def formula_message(self) -> Message:
        """:meth:`formula` as a message, said in the language of the place that shows it."""
        if self.user_set:
            return _.later("{amount:n} (set by the user)", amount=vnd(self.amount))
        return _.later("{terms} ÷ 12 = {amount:n}", amount=vnd(self.amount),
                       terms=_Terms(_.name, "", {"periods": self.periods}))


def budget_year(year: Any) -> int:
    """A year as an int: 2026, 2026.0 (Excel) or "2026"; BadArgument for anything else."""
    value = None
    if isinstance(year, int) and not isinstance(year, bool):
        value = year
    elif isinstance(year, float | Decimal | str):
        text = str(year).strip()
        value = int(float(text)) if re.fullmatch(r"\d{4}(\.0*)?", text) else None
    if value is None or not 1900 <= value <= 2200:
        raise BadArgument(_.later("year must be a year such as 2026, not {asked}",
                                  asked=shown(year)))
    return value


def base_salary(year: Any, *, amount: Any = None) -> BaseSalary:
    """The base salary of ``year``: the month-weighted average of the amounts in force.

    A month is paid at the amount in force on its first day. Months after the data's
    ``checked_through`` date take the latest amount, with a warning saying so
    (:func:`beyond_checked`).

    Args:
        year: the budget year (2026, "2026", 2026.0).
        amount: the user's own base salary (VND per month); it replaces the data.

    Raises:
        NoBaseSalary: some month of the year is before the data's first amount (2019-07-01).
        BadArgument: the year or amount is not usable.
    """
    year = budget_year(year)
    if amount is not None and amount != "":
        value = checked_base_salary(amount)
        note = _.later("base salary {amount:n} VND set by the user", amount=vnd(value))
        return BaseSalary(year, value, (), (Text(note),), user_set=True)
    data = wage_data()
    by_month = []
    for month in range(1, 13):
        first_day = dt.date(year, month, 1)
        in_force = [a for a in data.amounts if a.effective_from <= first_day]
        if not in_force:
            raise NoBaseSalary(year, data.amounts[0])
        by_month.append((month, in_force[-1], first_day > data.checked_through))
    periods: list[SalaryPeriod] = []
    for month, a, assumed in by_month:
        last = periods[-1] if periods else None
        if last and last.amount == a.amount and last.decree == a.decree and \
                last.assumed == assumed:
            periods[-1] = SalaryPeriod(last.first_month, month, a.amount, a.decree, a.citation,
                                       assumed, a.origin)
        else:
            periods.append(SalaryPeriod(month, month, a.amount, a.decree, a.citation, assumed,
                                        a.origin))
    with localcontext(CONTEXT):
        total = sum((p.amount * p.months for p in periods), Decimal(0)) / 12
    beyond = beyond_checked(year, data)
    notes = (Text(beyond.message()),) if beyond else ()
    return BaseSalary(year, total, tuple(periods), notes, beyond=beyond)


_salary_of_year = base_salary  # for functions whose base_salary parameter hides this one


@dataclass(frozen=True)
class BeyondChecked:
    """A year priced beyond the checked data: some month of it begins after the shipped
    table's ``checked_through`` date, so the act in force at its end is assumed to stay in
    force. Every place that prices the year says so from these facts (the terminal, the
    workbook, ``data status`` through :meth:`message`; the justification in its own words).

    An act the user added locally does not move the checked date: it is the user's own
    knowledge, not a check that no later act exists.
    """

    year: int
    checked_through: dt.date  # of the shipped table
    act: SalaryAmount  # the act in force on the first day of the year's last month

    def message(self) -> Message:
        """The warning, said in the language of the place that shows it."""
        facts = {"year": self.year, "checked": self.checked_through, "decree": self.act.decree,
                 "amount": vnd(self.act.amount), "start": self.act.effective_from}
        if self.act.added_locally:
            return _.later("base salary {year}: the shipped data are checked through "
                           "{checked:date}; Decree {decree} ({amount:n} VND a month from "
                           "{start:date}, added locally) is assumed to remain in force through "
                           "{year}; if a newer act has been issued, add it with `normbook data "
                           "add wages FILE.csv`", **facts)
        return _.later("base salary {year}: the shipped data are checked through "
                       "{checked:date}; Decree {decree} ({amount:n} VND a month from "
                       "{start:date}) is assumed to remain in force through {year}; if a newer "
                       "act has been issued, add it with `normbook data add wages FILE.csv`",
                       **facts)


def beyond_checked(year: Any, data: WageData | None = None) -> BeyondChecked | None:
    """The act assumed for ``year`` when it is beyond the checked data, else None.

    A year is beyond the checked data when the first day of one of its months (so of December)
    lies after the shipped ``checked_through`` date (see ``norms/wages/README.md``).

    Args:
        year: the budget year.
        data: the wages data to answer from; default :func:`wage_data` (shipped and added).
    """
    year = budget_year(year)
    data = data or wage_data()
    december = dt.date(year, 12, 1)
    in_force = [a for a in data.amounts if a.effective_from <= december]
    if december <= data.checked_through or not in_force:
        return None
    return BeyondChecked(year, data.checked_through, in_force[-1])


# ---- coefficients -----------------------------------------------------------------------------

def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip().casefold()


def is_general_labour(rank_code: Any) -> bool:
    """True for general labour: no rank code, "Lao động phổ thông" (accents optional)."""
    if rank_code is None:
        return True
    return isinstance(rank_code, str) and _fold(rank_code) in (
        "", _fold(GENERAL_LABOUR), "pho_thong", "general")


def scale_of(rank_code: Any, *, general_scale: Any = DEFAULT_GENERAL_SCALE) -> str:
    """The salary scale a rank is paid on: "V.05.02.07" -> "A1", general labour -> C1 (default).

    A scale name ("A1", "B") names itself.
    """
    data = wage_data()
    if is_general_labour(rank_code):
        return _general_scale(general_scale)
    if isinstance(rank_code, str):
        code = rank_code.strip().upper()
        if code in data.scale_of_code:
            return data.scale_of_code[code]
        if code in _scales():
            return code
    raise UnknownRank(rank_code, tuple(data.scale_of_code))


def _general_scale(general_scale: Any) -> str:
    scale = general_scale.strip().upper() if isinstance(general_scale, str) else None
    if scale in GENERAL_SCALES:
        return scale
    raise BadArgument(_.later("general labour scale {asked} is not in the data; use {one} or "
                              "{other}", asked=shown(general_scale), one=GENERAL_SCALES[0],
                              other=GENERAL_SCALES[1]))


def _grade(grade: Any, scale: str) -> int:
    total = _scales()[scale]
    if isinstance(grade, bool):
        grade = None
    if isinstance(grade, float) and grade.is_integer():
        grade = int(grade)
    if isinstance(grade, int):
        number, written_total = grade, None
    elif isinstance(grade, str) and (m := re.fullmatch(
            r"\s*(?:bậc\s*:?\s*)?(\d{1,2})\s*(?:/\s*(\d{1,2}))?\s*", grade, re.IGNORECASE)):
        number = int(m.group(1))
        written_total = int(m.group(2)) if m.group(2) else None
    else:
        raise BadGrade(_.later("grade must be written like '2/9' or 2, not {asked}",
                               asked=shown(grade)))
    if written_total is not None and written_total != total:
        raise BadGrade(_.later("grade {asked} is on a {written}-grade scale, but {scale} has "
                               "{total} grades; check the rank and the grade",
                               asked=shown(grade), written=written_total, scale=scale,
                               total=total))
    if not 1 <= number <= total:
        raise BadGrade(_.later("grade {asked} is not on scale {scale}, which has grades "
                               "1..{total}", asked=shown(grade), scale=scale, total=total))
    return number


def salary_grade(rank_code: Any, grade: Any, *,
                 general_scale: Any = DEFAULT_GENERAL_SCALE) -> SalaryGrade:
    """The scale, grade and coefficient of a rank's grade, with its source.

    Args:
        rank_code: "V.05.02.07" (A1), "V.05.02.06" (A2.1), "" / None / "Lao động phổ thông"
            (general labour, on ``general_scale``), or a scale name ("A1", "B", "C1").
        grade: "2/9", "2", 2 or 2.0; "1" for V.05.02.06 is grade 1 of A2.1. A written scale
            size ("/9") must match the scale's number of grades.
        general_scale: the 12-grade scale general labour is paid on: "C1" (default) or "B".

    Raises:
        UnknownRank, BadGrade, BadArgument.
    """
    scale = scale_of(rank_code, general_scale=general_scale)
    return wage_data().grades[(scale, _grade(grade, scale))]


def coefficient(rank_code: Any, grade: Any, *,
                general_scale: Any = DEFAULT_GENERAL_SCALE) -> Decimal:
    """The salary coefficient of a rank's grade: ("V.05.02.07", "2/9") -> Decimal("2.67")."""
    return salary_grade(rank_code, grade, general_scale=general_scale).coefficient


# ---- the daily rate ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LabourRate:
    """A daily labour rate and everything it is made of (for a justification).

    Percentages are in percent units (17 for 17 %). ``contributions_percent`` is the sum of the
    employer's contributions, paid on the salary plus the allowances in the contribution base;
    ``on_costs_percent`` is any other on-cost on the salary alone.
    """

    grade: SalaryGrade
    base_salary: BaseSalary
    working_days_per_month: Decimal
    on_costs_percent: Decimal
    value: Decimal  # VND per công, exact
    allowances_in_base_percent: Decimal = Decimal(0)
    allowances_other_percent: Decimal = Decimal(0)
    contributions_percent: Decimal = Decimal(0)

    @property
    def monthly_salary(self) -> Decimal:
        """coefficient × base salary, VND a month."""
        with localcontext(CONTEXT):
            return self.grade.coefficient * self.base_salary.amount

    @property
    def allowances(self) -> Decimal:
        """The allowances, VND a month (both kinds)."""
        with localcontext(CONTEXT):
            return self.monthly_salary * (self.allowances_in_base_percent
                                          + self.allowances_other_percent) / 100

    @property
    def contributions(self) -> Decimal:
        """The employer's contributions, VND a month: on the salary and the allowances in the
        contribution base."""
        with localcontext(CONTEXT):
            return (self.monthly_salary * (1 + self.allowances_in_base_percent / 100)
                    * self.contributions_percent / 100)

    @property
    def monthly_cost(self) -> Decimal:
        """Salary, allowances, contributions and other on-costs: VND a month."""
        with localcontext(CONTEXT):
            return self.monthly_salary * factor(self)

    def formula(self) -> str:
        """E.g. "2.67 × 2,340,000 ÷ 22 × (1 + 0%) = 283,991" (the parts in the factor)."""
        parts = [f"{_plain(p)}%" for p in (self.allowances_in_base_percent,
                                            self.allowances_other_percent,
                                            self.on_costs_percent) if p]
        if self.contributions_percent:
            inside = f"(1 + {_plain(self.allowances_in_base_percent)}%) × " \
                if self.allowances_in_base_percent else ""
            parts.append(f"{inside}{_plain(self.contributions_percent)}%")
        added = " + ".join(parts) or "0%"
        return (f"{self.grade.coefficient} × {_vnd(self.base_salary.amount)} ÷ "
                f"{_plain(self.working_days_per_month)} × (1 + {added}) = {_vnd(self.value)}")


def factor(rate: Any) -> Decimal:
    """What the monthly salary is multiplied by: 1 + allowances + other on-costs + the
    contributions on the salary and the allowances in their base (exact)."""
    with localcontext(CONTEXT):
        in_base = rate.allowances_in_base_percent / 100
        return (1 + in_base + rate.allowances_other_percent / 100 + rate.on_costs_percent / 100
                + (1 + in_base) * rate.contributions_percent / 100)


def to_decimal(value: Any, name: str) -> Decimal:
    """A number argument as an exact Decimal; floats through their shortest repr (0.1 -> 0.1)."""
    if isinstance(value, bool):
        raise BadArgument(_not_a_number(name, value))
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, str):
            result = Decimal(value.strip())
        else:
            raise BadArgument(_not_a_number(name, value))
    except InvalidOperation:
        raise BadArgument(_not_a_number(name, value)) from None
    if not result.is_finite():
        raise BadArgument(_.later("{name} must be a finite number, not {asked}", name=name,
                                  asked=shown(value)))
    return result


def _not_a_number(name: str, value: Any) -> Message:
    return _.later("{name} must be a number, not {asked}", name=name, asked=shown(value))


# ---- plausible wage parameters ------------------------------------------------------------------

def checked_base_salary(value: Any, name: str = "base_salary") -> Decimal:
    """A base salary the user gives, in VND per month, within :data:`BASE_SALARY_RANGE`.

    Raises:
        BadArgument: not a number, or outside the range (the message explains the unit).
    """
    amount = to_decimal(value, name)
    low, high = BASE_SALARY_RANGE
    if not low <= amount <= high:
        raise BadArgument(_.later(
            "{name} {asked} is not a plausible base salary: it is in VND per month, from "
            "{low:n} to {high:n}, written in full (e.g. 2340000 for {example:n} đồng from July "
            "2024); an amount in thousands (1800) or millions (1,8) is refused", name=name,
            asked=_shown(value), low=vnd(low), high=vnd(high), example=2_340_000))
    return amount


def checked_working_days(value: Any, name: str = "working_days_per_month") -> Decimal:
    """Working days a month, within :data:`WORKING_DAYS_RANGE` (1 to 31)."""
    days = to_decimal(value, name)
    low, high = WORKING_DAYS_RANGE
    if not low <= days <= high:
        raise BadArgument(_.later("{name} must be from {low} to {high} (the working days in a "
                                  "month, usually 22), not {asked}", name=name,
                                  low=_plain(low), high=_plain(high), asked=_shown(value)))
    return days


def checked_on_costs(value: Any, name: str = "on_costs_percent") -> Decimal:
    """Employer's on-costs in percent of the wage, from 0 to :data:`ON_COSTS_MAX` (100)."""
    on_costs = to_decimal(value, name)
    if on_costs < 0:
        raise BadArgument(_.later("{name} must not be negative, not {asked}", name=name,
                                  asked=_shown(value)))
    if on_costs > ON_COSTS_MAX:
        raise BadArgument(_.later("{name} must be at most {most} (percent of the wage: 23.5 "
                                  "for 23.5 %), not {asked}", name=name,
                                  most=_plain(ON_COSTS_MAX), asked=_shown(value)))
    return on_costs


def labour_rate(rank_code: Any, grade: Any, year: Any, *,
                working_days_per_month: Any = DEFAULT_WORKING_DAYS,
                on_costs_percent: Any = 0, base_salary: Any = None,
                general_scale: Any = DEFAULT_GENERAL_SCALE,
                allowances_in_base_percent: Any = 0, allowances_other_percent: Any = 0,
                contributions_percent: Any = 0) -> LabourRate:
    """:func:`daily_rate` with its parts: grade and coefficient, base salary, days, on-costs,
    allowances (in the contribution base, and others) and the employer's contributions (their
    sum, in percent, paid on the salary plus the allowances in the base).

    ``coefficient × base salary ÷ days × factor``, the factor ``1 + allowances + on-costs +
    (1 + allowances in the base) × contributions`` (all in percent ÷ 100); with no allowance
    and no contribution it is today's ``(1 + on-costs %)``, in the same order.
    """
    grade_row = salary_grade(rank_code, grade, general_scale=general_scale)
    salary = _salary_of_year(year, amount=base_salary)
    days = checked_working_days(working_days_per_month)
    on_costs = checked_on_costs(on_costs_percent)
    in_base = checked_on_costs(allowances_in_base_percent, "allowances_in_base_percent")
    other = checked_on_costs(allowances_other_percent, "allowances_other_percent")
    contributions = checked_on_costs(contributions_percent, "contributions_percent")
    rate = LabourRate(grade_row, salary, days, on_costs, Decimal(0), in_base, other,
                      contributions)
    with localcontext(CONTEXT):
        if not (in_base or other or contributions):  # 0.2.0's order, to the last digit
            value = grade_row.coefficient * salary.amount / days * (1 + on_costs / 100)
        else:
            value = grade_row.coefficient * salary.amount / days * factor(rate)
    return replace(rate, value=value)


def daily_rate(rank_code: Any, grade: Any, year: Any, *,
               working_days_per_month: Any = DEFAULT_WORKING_DAYS, on_costs_percent: Any = 0,
               base_salary: Any = None, general_scale: Any = DEFAULT_GENERAL_SCALE) -> Decimal:
    """The daily rate (VND per công) of a rank's grade in a year, exact.

    ``coefficient × base salary of the year ÷ working_days_per_month × (1 + on_costs_percent
    ÷ 100)``, evaluated in that order without rounding.

    >>> daily_rate("V.05.02.07", "2/9", 2026) == Decimal("2.67") * 2340000 / 22
    True

    Args:
        rank_code: see :func:`salary_grade`.
        grade: "2/9", "1/8", "3/12", "2" or 2.
        year: the budget year; its base salary is :func:`base_salary` (month-weighted).
        working_days_per_month: default 22.
        on_costs_percent: employer's on-costs in percent of the wage (23.5 for 23.5 %); 0.
        base_salary: the user's base salary (VND per month) instead of the data's.
        general_scale: scale of general labour, "C1" (default) or "B".

    Raises:
        NormError subclasses: UnknownRank, BadGrade, NoBaseSalary, BadArgument.
    """
    return labour_rate(rank_code, grade, year, working_days_per_month=working_days_per_month,
                       on_costs_percent=on_costs_percent, base_salary=base_salary,
                       general_scale=general_scale).value


# ---- display ----------------------------------------------------------------------------------

def vnd(value: Decimal) -> int:
    """Money rounded to whole VND for display (half up); computations keep the exact value."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _vnd(value: Decimal) -> str:
    return f"{vnd(value):,}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _shown(value: Any) -> str:
    """A value for a message: a Decimal as its digits (1800), anything else as repr."""
    return _plain(value) if isinstance(value, Decimal) and value.is_finite() else repr(value)
