"""A note on an estimate: English text that knows its words in each language.

The notes (assumptions, the source's irregularities, the reviewer's flags) are read in the
workbook's language, but programs and tests read them as the English text they always were.
A :class:`Note` is that English text (a ``str``) and renders itself in another language:
from a catalog message, or, for the irregularities and flags whose details are the
extractor's and the reviewer's, from the sentences written for each language.
"""

from __future__ import annotations

from typing import Any


class Note(str):
    """English text; :meth:`render` gives it in the language asked for."""

    def __new__(cls, text: Any, vi: str = "", zh: str = "") -> Note:
        from ..i18n import Message

        english = text.render("en") if isinstance(text, Message) else str(text)
        made = super().__new__(cls, english)
        made._message = text if isinstance(text, Message) else None
        made._texts = {"en": english, "vi": vi or english, "zh": zh or vi or english}
        return made

    def render(self, lang: str | None = None) -> str:
        from ..i18n import current

        lang = lang or current()
        if self._message is not None:
            return self._message.render(lang)
        return self._texts.get(lang, self._texts["en"])


def shown(note: Any, lang: str | None = None) -> str:
    """A note (or any text) in the language being written."""
    return note.render(lang) if hasattr(note, "render") else str(note)
