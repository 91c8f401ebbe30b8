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
from .errors import BadArgument

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


def _date(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            raise ValueError
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None


def step_problem(before: Decimal, amount: Decimal) -> str | None:
    """Why ``amount`` is an unusual step from the amount in force ``before``, or None."""
    low, high = STEP_RANGE
    if amount < before * low:
        return (f"{int(amount):,} is lower than the {int(before):,} in force before it; a base "
                "salary has never been cut")
    if amount > before * high:
        return (f"{int(amount):,} is more than {high} × the {int(before):,} in force before it "
                "(the decrees so far raised it by 21 % and 30 %): a digit too many?")
    return None


def check_rows(label: str, header: list[str], rows: list[tuple[int, dict[str, str]]],
               today: dt.date | None = None) -> tuple[list[dict], list[str]]:
    """Typed base-salary rows and every problem, as ``label, row N, column C: ...``.

    The checks: dates parse, each act takes effect on the 1st of a month, on or after the day
    it was issued, acts in date order; the amount is whole đồng written in full within the
    bounds the estimate accepts; the decree is written like 73/2024/NĐ-CP and issued in its
    year, not after ``today``, and takes effect within two years; the citation names the
    decree, and an amount it writes (2.530.000) is the amount of the row.
    """
    today = today or dt.date.today()
    problems: list[str] = []
    if header != COLUMNS:
        return [], [f"{label}, row 1: the header must be {','.join(COLUMNS)} (the columns of "
                    f"norms/wages/base_salary.csv), not {','.join(header)}"]
    if not rows:
        return [], [f"{label}: no rows under the header"]
    typed, previous = [], None
    for number, cells in rows:
        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(f"{label}, row {number}, column {column}: {message}")

        row: dict = {"row": number, **{c: cells.get(c, "").strip() for c in COLUMNS}}
        ok = True
        try:
            row["effective_from"] = _date(row["effective_from"])
            if row["effective_from"].day != 1:
                bad("effective_from", f"{row['effective_from']} is not the 1st of a month; a "
                    "base salary changes on the 1st (the year's amount is weighted by months)")
                ok = False
        except ValueError as exc:
            bad("effective_from", str(exc))
            ok = False
        try:
            row["issued"] = _date(row["issued"])
        except ValueError as exc:
            bad("issued", str(exc))
            ok = False
        amount = row["amount_vnd"]
        low, high = BASE_SALARY_RANGE
        if not re.fullmatch(r"[0-9]+", amount):
            bad("amount_vnd", f"{amount!r} is not a whole number of đồng written in full with "
                "digits only (2530000, not 2.530.000, 2,530,000 or 2530 thousand)")
            ok = False
        elif not low <= int(amount) <= high:
            bad("amount_vnd", f"{int(amount):,} is not a plausible base salary (VND per month, "
                f"{int(low):,} to {int(high):,}); an amount in thousands is refused")
            ok = False
        else:
            row["amount_vnd"] = int(amount)
        m = DECREE.fullmatch(row["decree"])
        if not m:
            bad("decree", f"{row['decree']!r} is not a decree number written like "
                "73/2024/NĐ-CP")
            ok = False
        if not row["citation"]:
            bad("citation", "empty: cite the act (its title, date and article), as the shipped "
                "rows do")
            ok = False
        elif m and row["decree"] not in row["citation"]:
            bad("citation", f"does not name the decree {row['decree']}")
            ok = False
        elif isinstance(row["amount_vnd"], int):
            written = WRITTEN_AMOUNT.findall(row["citation"])
            if written and f"{row['amount_vnd']:,}".replace(",", ".") not in written:
                bad("citation", f"writes {', '.join(written)} đồng, but amount_vnd is "
                    f"{row['amount_vnd']:,}; one of them is mistyped")
                ok = False
        if ok:
            if row["issued"] > today:
                bad("issued", f"{row['issued']} is after today ({today}): only an act already "
                    "issued can be cited")
            elif row["issued"] > row["effective_from"]:
                bad("issued", f"{row['issued']} is after the act takes effect "
                    f"({row['effective_from']})")
            elif (row["effective_from"] - row["issued"]).days > MAX_DAYS_TO_EFFECT:
                bad("effective_from", f"{row['effective_from']} is more than two years after "
                    f"the act was issued ({row['issued']}); check both dates")
            elif int(m.group(2)) != row["issued"].year:
                bad("issued", f"{row['issued']} is not in {m.group(2)}, the year the decree "
                    "number gives")
            elif previous and row["effective_from"] <= previous["effective_from"]:
                bad("effective_from", f"{row['effective_from']} is not after the row above "
                    f"({previous['effective_from']}); give the acts in date order, once each")
            else:
                typed.append(row)
                previous = row
    return typed, problems


def read_csv(path: Path, label: str) -> tuple[list[dict], list[str]]:
    """Typed rows and problems of a base-salary CSV."""
    try:
        header, rows, problems = header_and_rows(read_grid(path, label), label)
    except BadArgument as exc:
        return [], [str(exc)]
    if problems:
        return [], problems
    return check_rows(label, header, rows)
