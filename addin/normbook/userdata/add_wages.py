"""Check base-salary acts a user adds (``base_salary.csv``'s columns), one addition per act."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..csv_files import header_and_rows, read_grid
from ..errors import BadArgument
from .errors import UserDataError
from .store import Pending, csv_text

COLUMNS = ["effective_from", "amount_vnd", "decree", "issued", "citation"]
#: A government decree's number as the shipped data writes it: 73/2024/NĐ-CP.
DECREE = re.compile(r"(\d{1,4})/(\d{4})/NĐ-CP")


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
    from ..wages import BASE_SALARY_RANGE

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


def prepare(path: Path) -> list[Pending]:
    """One addition per act of ``path``, each checked; raises UserDataError with every problem.

    An act taking effect within the shipped table's checked period is refused: the shipped acts
    are checked against the decrees up to that date, and a second amount for a day they cover
    would contradict them.
    """
    from ..wages import shipped_amounts, shipped_checked_through

    if path.suffix.lower() != ".csv" or not path.is_file():
        raise UserDataError(f"{path}: give a CSV file with the columns {','.join(COLUMNS)}")
    rows, problems = read_csv(path, path.name)
    shipped = {a.effective_from: a for a in shipped_amounts()}
    checked = shipped_checked_through()
    for row in rows:
        if row["effective_from"] <= checked and row["effective_from"] not in shipped:
            problems.append(f"{path.name}, row {row['row']}, column effective_from: "
                            f"{row['effective_from']} is within the shipped table, which is "
                            f"complete through {checked} (no act in force on that date is "
                            "missing from it); if the shipped data is wrong, report it rather "
                            "than add a second amount")
        elif row["effective_from"] in shipped:
            a = shipped[row["effective_from"]]
            problems.append(f"{path.name}, row {row['row']}, column effective_from: "
                            f"{row['effective_from']} is the date of the shipped Decree "
                            f"{a.decree} ({a.amount:,} VND); an act the shipped data has "
                            "cannot be added again")
    if problems:
        raise UserDataError(f"{path.name}: {len(problems)} problem(s); nothing was added",
                            problems)
    return [Pending("wages", r["effective_from"].isoformat(),
                    {"base_salary.csv": csv_text(COLUMNS, [
                        {**r, "effective_from": r["effective_from"].isoformat(),
                         "issued": r["issued"].isoformat(), "amount_vnd": str(r["amount_vnd"])}])},
                    r["citation"], path.name,
                    f"base salary {r['amount_vnd']:,} VND from {r['effective_from']} (Decree "
                    f"{r['decree']})") for r in rows]
