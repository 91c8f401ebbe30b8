"""How long a value's text is or would be; every value a template makes checked and charged."""

from __future__ import annotations

import itertools
import sys
from collections import abc, deque

from jinja2.runtime import Undefined
from jinja2.utils import Namespace

from ..i18n import Domain, Message
from .limits import MAX_ITEMS, MAX_STRING, TemplateLimit, _spend

_ = Domain(__name__)


def _too_long(length: int, what: Message | None = None, limit: int = MAX_STRING
              ) -> TemplateLimit:
    """The refusal of a value of ``length`` characters; ``what`` names it (a string)."""
    # Translators: {what} names the value: "a string", "the joined string", "the indented JSON"
    return TemplateLimit(_.later("{what} of {length:n} characters is too long: a template may "
                                 "make at most {limit:n} characters in one value",
                                 what=what or _.later("a string"), length=length, limit=limit))


def check_length(length: int, limit: int = MAX_STRING, what: Message | None = None) -> None:
    if length > limit:
        raise _too_long(length, what, limit)


def check_items(count: int) -> None:
    if count > MAX_ITEMS:
        raise TemplateLimit(_.later("a list of {count:n} items is too long: a template may "
                                    "make at most {most:n} items in one list",
                                    count=count, most=MAX_ITEMS))


_END = object()
_SEQUENCES = (list, tuple, set, frozenset, deque, abc.KeysView, abc.ValuesView, abc.ItemsView)


def _children(value):
    """The parts of a value its text shows (None for a value shown as a whole)."""
    if isinstance(value, str | bytes | bytearray):
        return None
    if isinstance(value, dict):
        return itertools.chain.from_iterable(value.items())
    if isinstance(value, _SEQUENCES):
        return value
    if isinstance(value, Namespace):  # its repr shows its attributes
        return itertools.chain.from_iterable(
            object.__getattribute__(value, "_Namespace__attrs").items())
    return None


def _leaf_size(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bytes | bytearray):
        return 4 * len(value) + 3  # b'\x00' shows each byte in up to 4 characters
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2  # log10(2) < 1/3
    if isinstance(value, float):
        return 24
    if isinstance(value, Undefined):
        return 0  # shown as '' or an error
    return 80  # <jinja2.runtime.LoopContext 1/6> and such: short


def text_size(value, limit: int = MAX_STRING) -> int:
    """How long ``str(value)`` is, about (a string in a list counts as itself and its
    quotes), without making it; counting stops past ``limit``, so this takes time in
    proportion to ``limit`` at most, however much the value shares ([s] * 100000)."""
    if isinstance(value, str):
        return len(value)
    size = 0
    stack = [iter((value,))]
    open_ids: list[int | None] = [None]  # the containers being shown, outermost first
    showing: set[int | None] = set()
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
            showing.discard(open_ids.pop())
            continue
        size += 2  # brackets, quotes or a separator
        children = _children(item)
        if children is None:
            size += _leaf_size(item)
        elif id(item) in showing:  # a list that holds itself is shown as [...]
            size += 3
        else:
            open_ids.append(id(item))
            showing.add(id(item))
            stack.append(iter(children))
        if size > limit:
            break
    return size


def _laid_out_items(container, indent: int, step: int, keys: bool):
    inner = indent + step
    if isinstance(container, Namespace):
        container = object.__getattribute__(container, "_Namespace__attrs")
    if isinstance(container, dict):
        for key, value in container.items():
            yield key, inner
            # pprint lines a dict's value up after its key (repr: quotes, then ": ")
            yield value, inner + (text_size(key) + 4 if keys else 0)
    else:
        for item in container:
            yield item, inner


def laid_out_size(value, step: int, keys: bool = False, limit: int = MAX_STRING) -> int:
    """How long the indented text of a value (``|tojson(indent=...)``, ``|pprint``) is at
    most: every item on a line of its own, indented by ``step`` a level (and with ``keys``
    by each key too, as pprint does); counting stops past ``limit``."""
    size = 0
    stack = [iter(((value, 0),))]
    open_ids: list[int | None] = [None]
    showing: set[int | None] = set()
    while stack:
        entry = next(stack[-1], _END)
        if entry is _END:
            stack.pop()
            showing.discard(open_ids.pop())
            continue
        item, indent = entry
        size += indent + 3  # a line break, a separator
        if _children(item) is None:
            size += _leaf_size(item)
        elif id(item) in showing:
            size += 3
        else:
            open_ids.append(id(item))
            showing.add(id(item))
            stack.append(_laid_out_items(item, indent, step, keys))
        if size > limit:
            break
    return size


def _footprint(value) -> int:
    """The memory of a container and of its distinct direct items (bytes, about)."""
    size = sys.getsizeof(value)
    items = itertools.chain.from_iterable(value.items()) if isinstance(value, dict) else value
    seen: set[int] = set()
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            size += sys.getsizeof(item)
    return size


def made(value, limit: int = MAX_STRING):
    """A value an operation made: checked against the limits and charged to the budget."""
    if isinstance(value, str | bytes | bytearray):
        check_length(len(value), limit)
        _spend(sys.getsizeof(value))
    elif isinstance(value, list | tuple | dict | set | frozenset):
        check_items(len(value))
        _spend(_footprint(value))
    else:
        _spend(64)
    return value


def _int(value) -> int:
    """An integer argument, or 0 when it is none (the operation itself then raises)."""
    return value if isinstance(value, int) else 0


def _materialize(iterable) -> list:
    """An iterable as a list, refused past :data:`MAX_ITEMS` items (before more are made)."""
    items = list(itertools.islice(iter(iterable), MAX_ITEMS + 1))
    check_items(len(items))
    return items
