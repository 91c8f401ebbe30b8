"""Run every check over the norms; flags in order of severity, appendix and line."""

from __future__ import annotations

import functools

from . import alternatives, full_year, introduction, names, slipped, units
from .flags import SEVERITIES, Flag

#: The checks, in the order the issue numbers them.
CHECKS = (units.check, full_year.check, slipped.check, alternatives.check,
          introduction.check, names.check)


def _order(flag: Flag) -> tuple:
    return (SEVERITIES.index(flag.severity), _number(flag.appendix), flag.lines[:1],
            flag.check)


def _number(appendix: str) -> int:
    from ..dataset import dataset

    found = dataset().by_id.get(appendix)
    return found.number if found is not None else 0


def review(data=None) -> tuple[Flag, ...]:
    """Every flag of every check, most serious first (default: the shipped norms)."""
    if data is None:
        return _shipped()
    return tuple(sorted((f for check in CHECKS for f in check(data)), key=_order))


@functools.cache
def _shipped() -> tuple[Flag, ...]:
    from ..dataset import dataset

    return review(dataset())
