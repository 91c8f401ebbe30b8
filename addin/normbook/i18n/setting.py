"""The user's choice of language (``--lang``, ``NORMBOOK_LANG``), checked, and its refusal."""

from __future__ import annotations

import os

from .choice import ENV, LANGUAGES, locale_language, normalize, set_override
from .lists import listed
from .message import Domain

_ = Domain(__name__)


class UnknownLanguage(ValueError):
    """A language Normbook has no catalog for (``--lang``, ``NORMBOOK_LANG`` or a ``lang=``)."""

    def __init__(self, asked: str, where: str):
        self.asked = asked
        self.where = where
        # The choice failed, so it cannot choose the language of its own refusal: the
        # terminal's locale does (without --lang or NORMBOOK_LANG), else English.
        said = _.later("{where} {asked!r}: use one of {languages}", where=where,
                       asked=asked[:40], languages=listed(LANGUAGES))
        super().__init__(said.render(locale_language() or "en"))


def use(lang: str | None) -> None:
    """Speak ``lang`` everywhere from now on (``--lang``); None goes back to the defaults.

    Raises:
        UnknownLanguage: not one of vi, zh, en.
    """
    if lang is not None and normalize(lang) is None:
        raise UnknownLanguage(lang, "--lang")
    set_override(normalize(lang))


def check_environment() -> None:
    """Raise :class:`UnknownLanguage` when ``NORMBOOK_LANG`` is set to no language of ours."""
    value = os.environ.get(ENV, "").strip()
    if value and normalize(value) is None:
        raise UnknownLanguage(value, ENV)
