"""How many times each work happens in the budget year.

A count is given per work number; a block the source gives for several works (XVII equipment
"2+3") or for the whole procedure (XXXI materials, work "") takes the count its works share,
or its own count when they differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..errors import BadArgument, UnknownWork


def _works(appendix: str) -> tuple[str, ...]:
    """Every work key of the appendix in any section: "1", "2+3", "" ..."""
    from ..dataset import dataset

    return tuple(dict.fromkeys(w.work for w in dataset().works.get(appendix, ())))


def _single_works(appendix: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for w in _works(appendix) for p in w.split("+") if p))


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise BadArgument(f"{where}: the count must be a whole number, not {value!r}")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except ArithmeticError:
        raise BadArgument(f"{where}: the count must be a whole number, not {value!r}") from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise BadArgument(f"{where}: the count must be a whole number of times ≥ 0, "
                          f"not {value!r}")
    return int(number)


def _work_key(work: Any) -> str:
    if isinstance(work, float) and work.is_integer():
        work = int(work)
    return str(work).strip().replace(" ", "") if work is not None else ""


def normalise_counts(counts: Mapping[Any, Any], appendices: tuple[str, ...]
                     ) -> dict[tuple[str, str], int]:
    """{(appendix, work): count} with ids resolved, works checked and counts whole and ≥ 0.

    Raises:
        BadArgument: a key is not an (appendix, work) pair, the appendix is not estimated, or
            the count is not a whole number ≥ 0.
        UnknownWork: the appendix has no such work.
    """
    from ..query import appendix_id

    out: dict[tuple[str, str], int] = {}
    for key, value in counts.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise BadArgument(f"count keys are (appendix, work) pairs such as ('VI', 3), "
                              f"not {key!r}")
        appendix = appendix_id(key[0])
        if appendix not in appendices:
            raise BadArgument(f"a count is given for appendix {appendix}, which is not in this "
                              f"estimate ({', '.join(appendices)})")
        work = _work_key(key[1])
        known = _works(appendix)
        if work not in known:
            raise UnknownWork(key[1], appendix, tuple(w for w in known if w))
        out[(appendix, work)] = _count(value, f"appendix {appendix} work {work or '(whole)'}")
    return out


def block_count(counts: Mapping[tuple[str, str], int], appendix: str, work: str) -> int:
    """The count of a block: its own, else the count its works share (default 1 each).

    Raises:
        BadArgument: the block covers works with different counts and has none of its own.
    """
    if (appendix, work) in counts:
        return counts[(appendix, work)]
    parts = work.split("+") if work else _single_works(appendix)
    values = {p: counts.get((appendix, p), 1) for p in parts}
    if len(set(values.values())) <= 1:
        return next(iter(values.values()), 1)
    shown = ", ".join(f"work {p}: {n}" for p, n in values.items())
    block = f"works {work.replace('+', ' and ')}" if work else "the whole procedure"
    raise BadArgument(
        f"appendix {appendix} gives one block for {block}, but their counts differ ({shown}); "
        f"give the block its own count, e.g. counts[({appendix!r}, {work!r})] = 1")


def work_counts(counts: Mapping[tuple[str, str], int], appendix: str) -> dict[str, int]:
    """The count of every single work of the appendix (default 1)."""
    return {w: counts.get((appendix, w), 1) for w in _single_works(appendix)}
