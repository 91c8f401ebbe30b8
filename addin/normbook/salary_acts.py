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
DECREE = re.compile(r"(\d{1,4})/(\d{4})/NĐ-CP")
#: A base salary must lie in this range, VND per month (both ends included). The data's amounts
#: run from 1,490,000 to 2,340,000: an amount below the floor is almost surely typed in
#: thousands (1800 for 1,800,000) or millions ("1,8"), one above the ceiling in a wrong unit (a
#: year's pay); either would make every labour amount wrong a thousandfold, silently.
BASE_SALARY_RANGE = (Decimal(1_000_000), Decimal(100_000_000))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None


def check_rows(label: str, header: list[str], rows: list[tuple[int, dict[str, str]]]
               ) -> tuple[list[dict], list[str]]:
    """Typed base-salary rows and every problem, as ``label, row N, column C: ...``.

    The checks: dates parse, each act takes effect on the 1st of a month, on or after the day
    it was issued, acts in date order; the amount is whole đồng written in full within the
    bounds the estimate accepts; the decree is written like 73/2024/NĐ-CP and issued in its
    year; the citation names the decree.
    """
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
        if not re.fullmatch(r"\d+", amount):
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
        if ok:
            if row["issued"] > row["effective_from"]:
                bad("issued", f"{row['issued']} is after the act takes effect "
                    f"({row['effective_from']})")
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
        header, rows = header_and_rows(read_grid(path, label))
    except BadArgument as exc:
        return [], [str(exc)]
    return check_rows(label, header, rows)
