"""What a check finds: a flag with its severity, place, and reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import Domain, Message, current, speaking

_ = Domain(__name__)

#: From the most to the least serious. Identifiers (JSON, the estimate's notes, tests): a
#: reader sees their labels (:func:`severity_label`).
CHANGES = "changes an amount"
MAY_CHANGE = "may change an amount"
WORDING = "wording only"
SEVERITIES = (CHANGES, MAY_CHANGE, WORDING)

SEVERITY_LABELS = {CHANGES: _.later("changes an amount"),
                   MAY_CHANGE: _.later("may change an amount"),
                   WORDING: _.later("wording only")}

#: The rules by their code (``Flag.check``), as a reader sees them.
CHECK_LABELS = {"units": _.later("units"), "full_year": _.later("full_year"),
                "slipped_digit": _.later("slipped_digit"),
                "alternatives": _.later("alternatives"),
                "introduction": _.later("introduction"), "split_name": _.later("split_name")}


def severity_label(severity: str) -> str:
    """A severity in words, in the current language."""
    label = SEVERITY_LABELS.get(severity)
    return label.render() if label is not None else severity


def check_label(check: str) -> str:
    """A rule's name as a reader sees it (English: its code)."""
    label = CHECK_LABELS.get(check)
    return check if label is None or current() == "en" else label.render()


@dataclass(frozen=True)
class Flag:
    """One figure or name of the circular a reviewer would question.

    Attributes:
        check: the rule that raised it (units, full_year, slipped_digit, split_name ...).
        severity: one of SEVERITIES.
        appendix: the appendix (Roman numeral).
        section: labour, equipment or materials.
        works: the works it touches, as the circular numbers them.
        items: the items it touches (names as written).
        lines: the source lines behind it.
        reason: what looks wrong and why: a :class:`~normbook.i18n.Message` when made (its
            text, the English message id, is kept here and its facts in ``facts``), or a
            finished ``str``. :attr:`detail` says it in the current language.
        facts: the reason's facts as (name, value) pairs, so that a flag stays hashable; a
            tuple value is a list said with the language's "and".
    """

    check: str
    severity: str
    appendix: str
    section: str
    works: tuple[str, ...]
    items: tuple[str, ...]
    lines: tuple[int, ...]
    reason: Message | str
    facts: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:  # the checks' code sets it, never a user: English
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")
        if isinstance(self.reason, Message):  # kept as its text and facts: hashable
            object.__setattr__(self, "facts", tuple(self.reason.facts.items()))
            object.__setattr__(self, "reason", self.reason.text)

    def said(self, lang: str | None = None) -> str:
        """What looks wrong and why, in a sentence, in ``lang`` (default: the current
        language); quotes of the circular stay as it writes them."""
        facts = {name: _Listed(value) if isinstance(value, tuple) else value
                 for name, value in self.facts}
        with speaking(lang or current()):  # a list's "and" in the same language
            return Message(_.name, self.reason, facts).render()

    @property
    def detail(self) -> str:
        """:meth:`said` in the current language."""
        return self.said()

    def as_dict(self) -> dict:
        return {"check": self.check, "severity": self.severity, "appendix": self.appendix,
                "section": self.section, "works": list(self.works), "items": list(self.items),
                "lines": list(self.lines), "detail": self.detail}


class _Listed(tuple):
    """Several values said as one fact (``'a' and 'b'``) in the language of the render."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        said = self[-1] if self else ""
        for value in reversed(self[:-1]):
            said = _("{one} and {other}", one=value, other=said)
        return said
