"""Base-salary acts as rows of ``base_salary.csv``: the checks every act passes.

The shipped table and each act a user adds (``normbook data add wages``) are read by this
module, so an act in the user data folder is held to the same rules wherever it is read.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from .csv_files import header_and_rows, read_grid
from .errors import BadArgument, shown
from .i18n import Domain, Message, listed

_ = Domain(__name__)

COLUMNS = ["effective_from", "amount_vnd", "decree", "issued", "citation"]
#: A government decree's number as the shipped data writes it: 73/2024/NĐ-CP.
DECREE = re.compile(r"([1-9][0-9]{0,3})/([0-9]{4})/NĐ-CP")
#: An amount as a Vietnamese text writes it: 2.340.000 (dots between thousands).
WRITTEN_AMOUNT = re.compile(r"(?<![0-9.])[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9.])")
#: How far one act may move the base salary from the amount in force before it. The decrees
#: so far raised it by 21 % and 30 %; a cut, or more than half again, is almost surely a typing
#: error (25300000 for 2530000) and is refused unless the user says it is meant.
STEP_RANGE = (Decimal(1), Decimal("1.5"))
#: An act takes effect within this many days of being issued (the decrees so far: 53 days).
MAX_DAYS_TO_EFFECT = 731
#: A base salary must lie in this range, VND per month (both ends included). The data's amounts
#: run from 1,490,000 to 2,340,000: an amount below the floor is almost surely typed in
#: thousands (1800 for 1,800,000) or millions ("1,8"), one above the ceiling in a wrong unit (a
#: year's pay); either would make every labour amount wrong a thousandfold, silently.
BASE_SALARY_RANGE = (Decimal(1_000_000), Decimal(100_000_000))


def clock() -> dt.date:
    """Today, as the checks see it: an act issued after it is refused.

    The one place the checks read the date, so a test can fix the day (replace this function,
    e.g. with ``monkeypatch.setattr(salary_acts, "clock", lambda: dt.date(2027, 12, 31))``) and
    check an act issued after the real today without waiting for the calendar.
    """
    return dt.date.today()


def _date(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            raise ValueError
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(_.later("{asked} is not a date written YYYY-MM-DD",
                                 asked=shown(text))) from None


def step_problem(before: Decimal, amount: Decimal) -> Message | None:
    """Why ``amount`` is an unusual step from the amount in force ``before``, or None."""
    low, high = STEP_RANGE
    if amount < before * low:
        return _.later("{amount:n} is lower than the {before:n} in force before it; a base "
                       "salary has never been cut", amount=int(amount), before=int(before))
    if amount > before * high:
        return _.later("{amount:n} is more than {times:n} × the {before:n} in force before it "
                       "(the decrees so far raised it by 21 % and 30 %): a digit too many?",
                       amount=int(amount), times=high, before=int(before))
    return None


def check_rows(label: str, header: list[str], rows: list[tuple[int, dict[str, str]]],
               today: dt.date | None = None) -> tuple[list[dict], list[Message | str]]:
    """Typed base-salary rows and every problem, as ``label, row N, column C: ...``.

    The checks: dates parse, each act takes effect on the 1st of a month, on or after the day
    it was issued, acts in date order; the amount is whole đồng written in full within the
    bounds the estimate accepts; the decree is written like 73/2024/NĐ-CP and issued in its
    year, not after ``today``, and takes effect within two years; the citation names the
    decree, and an amount it writes (2.530.000) is the amount of the row. Each problem is a
    message said where it is shown. ``today`` defaults to :func:`clock`.
    """
    today = today or clock()
    problems: list[Message | str] = []
    if header != COLUMNS:
        return [], [_.later("{label}, row 1: the header must be {columns} (the columns of "
                            "norms/wages/base_salary.csv), not {header}", label=label,
                            columns=",".join(COLUMNS), header=",".join(header))]
    if not rows:
        return [], [_.later("{label}: no rows under the header", label=label)]
    typed, previous = [], None
    for number, cells in rows:
        def bad(column: str, message: Message | str, number: int = number) -> None:
            problems.append(_.later("{label}, row {row}, column {column}: {problem}",
                                    label=label, row=number, column=column, problem=message))

        row: dict = {"row": number, **{c: cells.get(c, "").strip() for c in COLUMNS}}
        ok = True
        try:
            row["effective_from"] = _date(row["effective_from"])
            if row["effective_from"].day != 1:
                bad("effective_from", _.later(
                    "{day:date} is not the 1st of a month; a base salary changes on the 1st "
                    "(the year's amount is weighted by months)", day=row["effective_from"]))
                ok = False
        except ValueError as exc:
            bad("effective_from", exc.args[0])
            ok = False
        try:
            row["issued"] = _date(row["issued"])
        except ValueError as exc:
            bad("issued", exc.args[0])
            ok = False
        amount = row["amount_vnd"]
        low, high = BASE_SALARY_RANGE
        if not re.fullmatch(r"[0-9]+", amount):
            bad("amount_vnd", _.later(
                "{asked} is not a whole number of đồng written in full with digits only "
                "(2530000, not 2.530.000, 2,530,000 or 2530 thousand)", asked=shown(amount)))
            ok = False
        elif not low <= int(amount) <= high:
            bad("amount_vnd", _.later(
                "{amount:n} is not a plausible base salary (VND per month, {low:n} to "
                "{high:n}); an amount in thousands is refused", amount=int(amount),
                low=int(low), high=int(high)))
            ok = False
        else:
            row["amount_vnd"] = int(amount)
        m = DECREE.fullmatch(row["decree"])
        if not m:
            bad("decree", _.later("{asked} is not a decree number written like 73/2024/NĐ-CP",
                                  asked=shown(row["decree"])))
            ok = False
        if not row["citation"]:
            bad("citation", _.later("empty: cite the act (its title, date and article), as the "
                                    "shipped rows do"))
            ok = False
        elif m and row["decree"] not in row["citation"]:
            bad("citation", _.later("does not name the decree {decree}", decree=row["decree"]))
            ok = False
        elif isinstance(row["amount_vnd"], int):
            written = WRITTEN_AMOUNT.findall(row["citation"])
            if written and f"{row['amount_vnd']:,}".replace(",", ".") not in written:
                bad("citation", _.later("writes {written} đồng, but amount_vnd is {amount:n}; "
                                        "one of them is mistyped", written=listed(written),
                                        amount=row["amount_vnd"]))
                ok = False
        if ok:
            day = {"issued": row["issued"], "effective": row["effective_from"]}
            if row["issued"] > today:
                bad("issued", _.later("{issued:date} is after today ({today:date}): only an "
                                      "act already issued can be cited", today=today, **day))
            elif row["issued"] > row["effective_from"]:
                bad("issued", _.later("{issued:date} is after the act takes effect "
                                      "({effective:date})", **day))
            elif (row["effective_from"] - row["issued"]).days > MAX_DAYS_TO_EFFECT:
                bad("effective_from", _.later("{effective:date} is more than two years after "
                                              "the act was issued ({issued:date}); check both "
                                              "dates", **day))
            elif int(m.group(2)) != row["issued"].year:
                bad("issued", _.later("{issued:date} is not in {year}, the year the decree "
                                      "number gives", year=m.group(2), **day))
            elif previous and row["effective_from"] <= previous["effective_from"]:
                bad("effective_from", _.later("{effective:date} is not after the row above "
                                              "({above:date}); give the acts in date order, "
                                              "once each", above=previous["effective_from"],
                                              **day))
            else:
                typed.append(row)
                previous = row
    return typed, problems


def read_csv(path: Path, label: str) -> tuple[list[dict], list[Message | str]]:
    """Typed rows and problems of a base-salary CSV (each said where it is shown)."""
    try:
        header, rows, problems = header_and_rows(read_grid(path, label), label)
    except BadArgument as exc:
        return [], [exc.template if isinstance(exc.template, Message) else str(exc)]
    if problems:
        return [], problems
    return check_rows(label, header, rows)
