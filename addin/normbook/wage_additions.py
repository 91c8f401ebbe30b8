"""Base-salary acts a user adds: check a CSV of ``base_salary.csv``'s columns, one addition
per act."""

from __future__ import annotations

from pathlib import Path

from .i18n import Domain, Message
from .salary_acts import COLUMNS, read_csv
from .userdata.errors import UserDataError
from .userdata.store import Pending, csv_text

_ = Domain(__name__)

#: The one file of a base-salary addition.
FILE = "base_salary.csv"


def prepare(path: Path, *, accept_unusual: bool = False) -> list[Pending]:
    """One addition per act of ``path``, each checked; raises UserDataError with every problem.

    An act taking effect within the shipped table's checked period is refused: the shipped acts
    are checked against the decrees up to that date, and a second amount for a day they cover
    would contradict them. An amount that is an unusual step from the one in force before it
    (:data:`~normbook.salary_acts.STEP_RANGE`) is refused unless ``accept_unusual``.
    """
    from .wages import shipped_amounts, shipped_checked_through

    if path.suffix.lower() != ".csv" or not path.is_file():
        raise UserDataError(_.later("{path}: give a CSV file with the columns {columns}",
                                    path=path, columns=",".join(COLUMNS)))
    rows, problems = read_csv(path, path.name)
    shipped = {a.effective_from: a for a in shipped_amounts()}
    checked = shipped_checked_through()
    for row in rows:
        facts = {"file": path.name, "row": row["row"], "day": row["effective_from"]}
        if row["effective_from"] <= checked and row["effective_from"] not in shipped:
            problems.append(_.later(
                "{file}, row {row}, column effective_from: {day:date} is within the shipped "
                "table, which is complete through {checked:date} (no act in force on that date "
                "is missing from it); if the shipped data is wrong, report it rather than add a "
                "second amount", checked=checked, **facts))
        elif row["effective_from"] in shipped:
            a = shipped[row["effective_from"]]
            problems.append(_.later(
                "{file}, row {row}, column effective_from: {day:date} is the date of the "
                "shipped Decree {decree} ({amount:n} VND); an act the shipped data has cannot "
                "be added again", decree=a.decree, amount=int(a.amount), **facts))
    if not accept_unusual:
        problems += _unusual_steps(path.name, rows)
    if problems:
        raise UserDataError(_.many_later("{file}: {n} problem; nothing was added",
                                         "{file}: {n} problems; nothing was added",
                                         len(problems), file=path.name), problems)
    return [Pending("wages", r["effective_from"].isoformat(),
                    {"base_salary.csv": csv_text(COLUMNS, [
                        {**r, "effective_from": r["effective_from"].isoformat(),
                         "issued": r["issued"].isoformat(), "amount_vnd": str(r["amount_vnd"])}])},
                    r["citation"], path.name,
                    _.later("base salary {amount:n} VND from {day:date} (Decree {decree})",
                            amount=r["amount_vnd"], day=r["effective_from"],
                            decree=r["decree"])) for r in rows]


def _unusual_steps(label: str, rows: list[dict]) -> list[Message]:
    """Acts whose amount is an unusual step from the amount in force the day before."""
    from decimal import Decimal

    from .salary_acts import step_problem
    from .wages import wage_data

    in_force = {a.effective_from: a.amount for a in wage_data().amounts}
    in_force.update({r["effective_from"]: Decimal(r["amount_vnd"]) for r in rows})
    problems = []
    for row in rows:
        earlier = [d for d in in_force if d < row["effective_from"]]
        if not earlier:
            continue
        why = step_problem(in_force[max(earlier)], Decimal(row["amount_vnd"]))
        if why:
            problems.append(_.later("{file}, row {row}, column amount_vnd: {why}; if the decree "
                                    "does say so, add it with --accept-unusual", file=label,
                                    row=row["row"], why=why))
    return problems
