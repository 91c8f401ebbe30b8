"""Lists inside a message, joined the way of the language it is rendered in (a Chinese
sentence lists with 、 and ；, not with ASCII commas and semicolons)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import formats
from .choice import current
from .message import Message


@dataclass(frozen=True)
class _Joined(Message):
    def render(self, lang: str | None = None) -> str:
        lang = lang or current()
        items = [i.render(lang) if isinstance(i, Message) else str(i)
                 for i in self.facts["items"]]
        join = formats.clauses if self.facts["clauses"] else formats.series
        return join(items, lang)


def listed(items: Iterable[Any]) -> Message:
    """``a, b, c`` (``a、b、c`` in Chinese), as a fact of a message."""
    return _Joined("normbook", "", {"items": tuple(items), "clauses": False})


def clauses(items: Iterable[Any]) -> Message:
    """``a; b`` (``a；b`` in Chinese), as a fact of a message."""
    return _Joined("normbook", "", {"items": tuple(items), "clauses": True})
