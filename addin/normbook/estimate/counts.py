"""How many times each work happens in the budget year.

A count is given per work number (0 to :data:`MAX_COUNT`). A block the source gives for several
works (XVII equipment "2+3") or for the whole procedure (XXXI materials, work "") follows its
works: it takes the count they share. Only when their counts differ may the block have its
own count, and it must lie between theirs (the procedure happens once although one of its
works is skipped: works 1 and 0, block 1); a block counted outside its works' counts (5 for
works counted 1) contradicts them and is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..errors import BadArgument, UnknownWork
from ..i18n import Domain

_ = Domain(__name__)

#: The most times a work may happen in a year; more is a typing error (and would overflow
#: the amounts' 28 digits).
MAX_COUNT = 1000


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
    if number > MAX_COUNT:
        raise BadArgument(f"{where}: the count is the times the work happens in the budget "
                          f"year, at most {MAX_COUNT} times a year, not {value!r}")
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
    for (appendix, work), count in out.items():
        if not work or "+" in work:
            _check_block(out, appendix, work, count)
    return out


def _block_name(appendix: str, work: str) -> str:
    """"equipment for works 2 and 3", "materials for the whole procedure"."""
    from ..dataset import dataset

    sections = [w.section for w in dataset().works.get(appendix, ()) if w.work == work]
    scope = f"works {work.replace('+', ' and ')}" if work else "the whole procedure"
    return f"{' and '.join(dict.fromkeys(sections)) or 'a section'} for {scope}"


def _check_block(counts: Mapping[tuple[str, str], int], appendix: str, work: str,
                 count: int) -> None:
    """Refuse a block's own count that lies outside its works' counts (it contradicts them)."""
    parts = work.split("+") if work else _single_works(appendix)
    values = {p: counts.get((appendix, p), 1) for p in parts}
    low, high = min(values.values()), max(values.values())
    if low <= count <= high:
        return
    shown = ", ".join(f"work {p}: {n}" for p, n in values.items())
    span = f"{low}" if low == high else f"from {low} to {high}"
    example = " ".join(f"--count {appendix}:{p}={count}" for p in parts[:3])
    raise BadArgument(
        f"appendix {appendix} gives {_block_name(appendix, work)} as one block, and a block "
        f"follows its works; it is counted {count} while its works are counted {span} "
        f"({shown}). Count the works instead (e.g. {example}{' ...' if len(parts) > 3 else ''})"
        "; a block's own count is only for works counted differently, and lies between "
        "their counts")


def block_notes(counts: Mapping[tuple[str, str], int], appendix: str) -> list[Any]:
    """Notes for the blocks counted on their own while their works' counts differ."""
    out = []
    for (a, work), count in counts.items():
        if a != appendix or (work and "+" not in work):
            continue
        parts = work.split("+") if work else _single_works(appendix)
        values = {counts.get((appendix, p), 1) for p in parts}
        if len(values) > 1:
            from .notes import Note

            out.append(Note(_.later("{appendix}: {block} is one block in the source, counted "
                               "{count} while its works are counted {low} to {high}: the "
                               "block's norm is for its works together, so its count is the "
                               "user's judgement", appendix=appendix,
                               block=_block_name(appendix, work), count=count,
                               low=min(values), high=max(values))))
    return out


def block_count(counts: Mapping[tuple[str, str], int], appendix: str, work: str) -> int:
    """The count of a block: its own (checked against its works by :func:`normalise_counts`),
    else the count its works share (default 1 each).

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
    low, high = min(values.values()), max(values.values())
    raise BadArgument(
        f"appendix {appendix} gives one block for {block}, but their counts differ ({shown}); "
        f"give the works the same count, or the block its own count from {low} to {high}, "
        f"e.g. counts[({appendix!r}, {work!r})] = {high} (--count {appendix}:{work}={high})")


def work_counts(counts: Mapping[tuple[str, str], int], appendix: str) -> dict[str, int]:
    """The count of every single work of the appendix (default 1)."""
    return {w: counts.get((appendix, w), 1) for w in _single_works(appendix)}
