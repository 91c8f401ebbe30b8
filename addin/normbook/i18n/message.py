"""Messages: English text with named facts, rendered from a catalog when shown."""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import formats
from .choice import current

#: The catalog a module's messages live in, by its package: one per part of the house, so
#: each part's translators (and its tests) work in one file per language.
DOMAINS = {"normbook.estimate": "estimate", "normbook.exams": "exams",
           "normbook.forms": "exams", "normbook.excel": "excel",
           "normbook.userdata": "userdata", "normbook.reference_data": "userdata"}
CORE = "normbook"


def domain_of(module: str) -> str:
    """The catalog of module ``module`` (``normbook.estimate.cli`` -> ``estimate``)."""
    for package, domain in DOMAINS.items():
        if module == package or module.startswith(package + "."):
            return domain
    return CORE


@functools.cache
def _catalog(domain: str, lang: str) -> Any:
    """The compiled catalog, or None (English: the message ids are the English text)."""
    if lang == "en":
        return None
    import gettext
    from importlib import resources

    path = resources.files("normbook").joinpath("locale", lang, "LC_MESSAGES", f"{domain}.mo")
    try:
        with path.open("rb") as mo:
            return gettext.GNUTranslations(mo)
    except OSError:
        return None  # tests hold every catalog complete; a missing file reads English


def translate(domain: str, lang: str, text: str, plural: str | None = None,
              n: int | None = None) -> str:
    """``text`` (or its plural for ``n``) in ``lang``, from ``domain``'s catalog."""
    catalog = _catalog(domain, lang)
    if plural is None:
        return catalog.gettext(text) if catalog is not None else text
    if catalog is not None:
        return catalog.ngettext(text, plural, n)
    return text if n == 1 else plural


class _Formatter(string.Formatter):
    """str.format with the reader's numbers (``:n``, ``:n2``) and dates (``:date``)."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        # a Message or a Text (a note given as a fact): said in the message's language;
        # known by what it does, so that this module needs not import the Text built on it
        render = getattr(value, "render", None)
        if isinstance(value, Message) or (isinstance(value, str) and callable(render)):
            value = render(self.lang)
        if spec == "date" and isinstance(value, dt.date):
            return formats.date(value, self.lang)
        number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        if number and spec[:1] == "n" and (spec == "n" or spec[1:].isdigit()):
            return formats.number(value, self.lang, int(spec[1:]) if spec[1:] else None)
        return super().format_field(value, spec)


def render(text: str, facts: Mapping[str, Any], lang: str) -> str:
    """``text`` with its facts filled in, numbers and dates written for ``lang``."""
    return _Formatter(lang).vformat(text, (), facts) if facts else text


@dataclass(frozen=True)
class Message:
    """A text and its facts, rendered in the language of the place that shows it."""

    domain: str
    text: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None

    def render(self, lang: str | None = None) -> str:
        lang = lang or current()
        words = translate(self.domain, lang, self.text, self.plural, self.n)
        return render(words, self.facts, lang)

    def __str__(self) -> str:
        return self.render()


class Domain:
    """The marks of one module: ``_ = Domain(__name__)``; see the package docstring."""

    __slots__ = ("name",)

    def __init__(self, module: str):
        self.name = domain_of(module)

    def __call__(self, text: str, /, **facts: Any) -> str:
        """``text`` in the current language, with its facts."""
        lang = current()
        return render(translate(self.name, lang, text), facts, lang)

    def later(self, text: str, /, **facts: Any) -> Message:
        """``text`` and its facts, rendered when shown (errors, module-level labels)."""
        return Message(self.name, text, facts)

    def many(self, text: str, plural: str, n: int, /, **facts: Any) -> str:
        """The singular or plural form for ``n`` (given to the text as ``{n}``)."""
        return self.many_later(text, plural, n, **facts).render()

    def many_later(self, text: str, plural: str, n: int, /, **facts: Any) -> Message:
        return Message(self.name, text, {"n": n, **facts}, plural, n)
