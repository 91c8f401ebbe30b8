"""Errors of the user data folder: every problem with the file, sheet, row and column.

A problem is kept as a :class:`~normbook.i18n.Message` (its text and facts) and said in the
language of the place that shows it: the terminal, a cell, the status report. A finished
``str`` still works, as it is (a kind's message that has not moved to a catalog yet, or an
operating system's own words).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Union

from ..errors import PYTHON, NormError, Spelling
from ..i18n import Domain, Message

_ = Domain(__name__)

#: A text said where it is shown: a Message, a :class:`Later`, a finished ``str``, or an
#: object that says itself in the current language when made a ``str`` (an exam table's
#: Problem).
Said = Union[Message, "Later", str, Any]


def said(text: Any, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: the current language): a Message or Later rendered, a
    ``str`` as it is, anything else as ``str()`` says it now."""
    if isinstance(text, str):
        return text
    render = getattr(text, "render", None)
    return render(lang) if render is not None else str(text)


class Later:
    """A text rendered where it is shown, then changed by ``then`` (escaped, or a temporary
    folder's path said as the addition's), so the change follows the language."""

    __slots__ = ("text", "then")

    def __init__(self, text: Any, then: Callable[[str], str]):
        self.text = text
        self.then = then

    def render(self, lang: str | None = None) -> str:
        return self.then(said(self.text, lang))

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Later({self.text!r})"


@dataclass(frozen=True)
class Joined(Message):
    """Several texts as one fact of a message, each said in the language the message is
    rendered in (``joined(days, "; ")``)."""

    def render(self, lang: str | None = None) -> str:
        return self.facts["separator"].join(said(t, lang) for t in self.facts["items"])


def joined(items: Iterable[Any], separator: str = "; ") -> Joined:
    """``items`` (Messages or text) as one fact, joined by ``separator`` where shown."""
    return Joined(_.name, "", {"items": tuple(items), "separator": separator})


def unique(texts: Iterable[Any]) -> list[Any]:
    """``texts`` without repeats, in order (Messages hold dicts: compared, not hashed)."""
    out: list[Any] = []
    for text in texts:
        if text not in out:
            out.append(text)
    return out


def reason(exc: BaseException) -> Any:
    """What an exception says, kept late when it was raised with one Message."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message | Later):
        return exc.args[0]
    return str(exc)


class UserDataError(NormError, ValueError):
    """A user's data file, or the user data folder, holds something Normbook cannot use.

    ``said`` and ``found`` keep the summary and every problem found, each naming its place,
    as Messages; ``summary`` and ``problems`` say them in the current language. Nothing was
    added.
    """

    excel_code = "#N/A"

    def __init__(self, summary: Said, problems: Iterable[Said] = ()):
        self.said = summary
        self.found = tuple(problems)
        super().__init__(summary)

    @property
    def summary(self) -> str:
        """The summary in the current language."""
        return said(self.said)

    @property
    def problems(self) -> tuple[str, ...]:
        """Every problem in the current language."""
        return tuple(said(p) for p in self.found)

    def text(self, spelling: Spelling = PYTHON) -> str:
        return "\n".join([self.summary, *(f"  {p}" for p in self.problems)])


#: What each dataset is, for a reader. English says the dataset's code (``data add wages``),
#: as it always has; the other languages name what it holds.
KIND_LABELS = {
    # Translators: a dataset: the norms of the circular
    "norms": _.later("norms"),
    # Translators: a dataset: the Zhejiang exam timetables
    "exams": _.later("exams"),
    # Translators: a dataset: base salaries and salary coefficients
    "wages": _.later("wages"),
    # Translators: a dataset: Chinese public holidays and make-up workdays
    "holidays": _.later("holidays"),
}


def kind_label(kind: str) -> Message | str:
    """The words for the kind (dataset) ``kind``, rendered where shown."""
    return KIND_LABELS.get(kind, kind)


class BrokenFolder(UserDataError):
    """A file in the user data folder was changed (by hand) into something invalid."""

    def __init__(self, folder: object, kind: str, problems: list[Said]):
        self.folder = folder
        self.kind = kind
        super().__init__(_.many_later(
            "the user data folder {folder} has {n} problem in its {kind} data; fix the file, or "
            "take the addition out with `normbook data remove {kind} NAME` (it is kept aside), "
            "then try again",
            "the user data folder {folder} has {n} problems in its {kind} data; fix the files, "
            "or take the addition out with `normbook data remove {kind} NAME` (it is kept "
            "aside), then try again", len(problems), folder=folder, kind=kind), problems)
