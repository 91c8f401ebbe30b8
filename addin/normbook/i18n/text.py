"""A text a person reads, kept by programs as its English words.

Notes on an estimate (assumptions, the source's irregularities, the reviewer's flags, the
warning of a year beyond the checked wages data) travel through the code as data: tests
compare them, ``in`` finds words in them, a set drops the doubles. So a :class:`Text` *is*
its English text (a ``str``), and says itself in another language only when asked:
``render(lang)``, from a catalog :class:`~.message.Message` or from the sentences written
for each language (a detail that is the extractor's or the reviewer's, not the catalog's).
"""

from __future__ import annotations

from typing import Any

from .choice import current
from .message import Message


class Text(str):
    """English text that renders itself in the language asked for.

    ``str(text)``, ``f"{text}"`` and ``text == "..."`` give the English text, as for any
    ``str``: a ``str`` subclass whose ``str()`` changed with the language would make the
    same note compare, hash and log differently from one place to the next, and a place
    that forgot to choose a language would pass silently. So every place that shows a text
    to a person says which language it is shown in: ``text.render(lang)`` (or
    :func:`rendered` for a text that may be a plain ``str``), and a workbook, a document or
    the terminal renders it in its own language. One exception follows the same rule: a
    Text given as a fact of a message (``_("Note: {note}.", note=text)``) is rendered in the
    language the message is rendered in, like a Message fact.

    Args:
        text: a Message (rendered in every language from its catalog), or the English text.
        vi: the Vietnamese text when ``text`` is not a Message (empty: the English).
        zh: the Chinese text when ``text`` is not a Message (empty: the Vietnamese, then the
            English).
    """

    _message: Message | None
    _texts: dict[str, str]

    def __new__(cls, text: Any, vi: str = "", zh: str = "") -> Text:
        if isinstance(text, Text):
            return text
        english = text.render("en") if isinstance(text, Message) else str(text)
        made = super().__new__(cls, english)
        made._message = text if isinstance(text, Message) else None
        made._texts = {"en": english, "vi": vi or english, "zh": zh or vi or english}
        return made

    def render(self, lang: str | None = None) -> str:
        """The text in ``lang`` (by default the language being written)."""
        lang = lang or current()
        if self._message is not None:
            return self._message.render(lang)
        return self._texts.get(lang, self._texts["en"])


def rendered(text: Any, lang: str | None = None) -> str:
    """``text`` as a reader of ``lang`` (by default the language being written) reads it: a
    Text or a Message rendered, anything else as its ``str``."""
    if isinstance(text, Text | Message):
        return text.render(lang)
    return str(text)
