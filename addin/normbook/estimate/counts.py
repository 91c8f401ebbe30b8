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
from ..i18n import Domain, listed

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


def _count(value: Any, where: Any) -> int:
    not_whole = _.later("{where}: the count must be a whole number, not {value}", where=where,
                        value=repr(value))
    if isinstance(value, bool):
        raise BadArgument(not_whole)
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except ArithmeticError:
        raise BadArgument(not_whole) from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise BadArgument(_.later("{where}: the count must be a whole number of times ≥ 0, "
                                  "not {value}", where=where, value=repr(value)))
    if number > MAX_COUNT:
        raise BadArgument(_.later("{where}: the count is the times the work happens in the "
                                  "budget year, at most {most} times a year, not {value}",
                                  where=where, most=MAX_COUNT, value=repr(value)))
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
            raise BadArgument(_.later("count keys are (appendix, work) pairs such as "
                                      "('VI', 3), not {key}", key=repr(key)))
        appendix = appendix_id(key[0])
        if appendix not in appendices:
            raise BadArgument(_.later("a count is given for appendix {appendix}, which is not "
                                      "in this estimate ({appendices})", appendix=appendix,
                                      appendices=listed(appendices)))
        work = _work_key(key[1])
        known = _works(appendix)
        if work not in known:
            raise UnknownWork(key[1], appendix, tuple(w for w in known if w))
        where = (_.later("appendix {appendix} work {work}", appendix=appendix, work=work)
                 if work else _.later("appendix {appendix}, the whole procedure",
                                      appendix=appendix))
        out[(appendix, work)] = _count(value, where)
    for (appendix, work), count in out.items():
        if not work or "+" in work:
            _check_block(out, appendix, work, count)
    return out


#: The sections of the source (identifiers) as a reader names them.
_SECTIONS = {"labour": _.later("labour"), "equipment": _.later("equipment"),
             "materials": _.later("materials")}


def _both(parts: list[Any]) -> Any:
    """``a and b and c`` with the language's "and" (a Message, said where it is shown)."""
    said = parts[-1]
    for part in reversed(parts[:-1]):
        said = _.later("{one} and {other}", one=part, other=said)
    return said


def _works_said(work: str) -> Any:
    """"works 2 and 3" for the block "2+3"; "the whole procedure" for ""."""
    if not work:
        return _.later("the whole procedure")
    return _.later("works {works}", works=_both(work.split("+")))


def _block_name(appendix: str, work: str) -> Any:
    """"equipment for works 2 and 3", "materials for the whole procedure" (a Message)."""
    from ..dataset import dataset

    sections = [w.section for w in dataset().works.get(appendix, ()) if w.work == work]
    named = [_SECTIONS.get(s, s) for s in dict.fromkeys(sections)]
    return _.later("{sections} for {scope}", sections=_both(named) if named
                   else _.later("a section"), scope=_works_said(work))


def _check_block(counts: Mapping[tuple[str, str], int], appendix: str, work: str,
                 count: int) -> None:
    """Refuse a block's own count that lies outside its works' counts (it contradicts them)."""
    parts = work.split("+") if work else _single_works(appendix)
    values = {p: counts.get((appendix, p), 1) for p in parts}
    low, high = min(values.values()), max(values.values())
    if low <= count <= high:
        return
    shown = _counts_said(values)
    span = str(low) if low == high else _.later("from {low} to {high}", low=low, high=high)
    example = " ".join(f"--count {appendix}:{p}={count}" for p in parts[:3])
    example += " ..." if len(parts) > 3 else ""
    raise BadArgument(_.later(
        "appendix {appendix} gives {block} as one block, and a block follows its works; it is "
        "counted {count} while its works are counted {span} ({shown}). Count the works "
        "instead (e.g. {example}); a block's own count is only for works counted "
        "differently, and lies between their counts", appendix=appendix,
        block=_block_name(appendix, work), count=count, span=span, shown=shown,
        example=example))


def _counts_said(values: Mapping[str, int]) -> Any:
    """"work 2: 1, work 3: 2" in the language where it is shown."""
    said = [_.later("work {work}: {count}", work=p, count=n) for p, n in values.items()]
    out = said[0]
    for part in said[1:]:
        out = _.later("{first}, {then}", first=out, then=part)
    return out


def block_notes(counts: Mapping[tuple[str, str], int], appendix: str) -> list[Any]:
    """Notes for the blocks counted on their own while their works' counts differ."""
    out = []
    for (a, work), count in counts.items():
        if a != appendix or (work and "+" not in work):
            continue
        parts = work.split("+") if work else _single_works(appendix)
        values = {counts.get((appendix, p), 1) for p in parts}
        if len(values) > 1:
            from ..i18n import Text

            out.append(Text(_.later("{appendix}: {block} is one block in the source, counted "
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
    low, high = min(values.values()), max(values.values())
    raise BadArgument(_.later(
        "appendix {appendix} gives one block for {block}, but their counts differ ({shown}); "
        "give the works the same count, or the block its own count from {low} to {high}, "
        "e.g. counts[({key})] = {high} (--count {appendix}:{work}={high})", appendix=appendix,
        block=_works_said(work), shown=_counts_said(values), low=low, high=high,
        key=", ".join(map(repr, (appendix, work))), work=work))


def work_counts(counts: Mapping[tuple[str, str], int], appendix: str) -> dict[str, int]:
    """The count of every single work of the appendix (default 1)."""
    return {w: counts.get((appendix, w), 1) for w in _single_works(appendix)}
