"""Check base-salary acts a user adds (``base_salary.csv``'s columns), one addition per act."""

from __future__ import annotations

from pathlib import Path

from ..salary_acts import COLUMNS, read_csv
from .errors import UserDataError
from .store import Pending, csv_text


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
