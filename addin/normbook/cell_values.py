"""A cell's value as a message shows it to a reader: an empty cell in words, TRUE and FALSE
as Excel writes them, a number the reader's way (1,5 in Vietnamese, not Python's 1.5), text
quoted and shortened. A fact of a message, rendered in that message's language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import shown
from .i18n import Domain, Message, current, formats

_ = Domain(__name__)

#: Beyond these a number is written as Python writes it (1e-300), not as 300 digits.
_SMALLEST, _LARGEST = Decimal("1e-6"), Decimal("1e15")


@dataclass(frozen=True)
class _CellValue(Message):
    def render(self, lang: str | None = None) -> str:
        lang = lang or current()
        value = self.facts["value"]
        if value is None or value == "":
            return _.later("an empty cell").render(lang)
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"  # as Excel shows them, in every language
        if isinstance(value, int | float | Decimal):
            if isinstance(value, float) and not math.isfinite(value):
                return repr(value)
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite() or (number and not _SMALLEST <= abs(number) < _LARGEST):
                return repr(value) if isinstance(value, float) else str(value)
            # a year or a count reads without a thousands separator (2025,9, not 2.025,9)
            return formats.number(number, lang, grouped=abs(number) >= 10_000)
        return shown(value)


def said(value: Any) -> Message:
    """``value`` (a cell's) as a fact of a message."""
    return _CellValue("normbook", "", {"value": value})
