"""One error hierarchy for the whole package.

Every error says what was asked, what exists and what to do. Each class also inherits the
matching builtin so callers can catch ``LookupError`` or ``ValueError`` as usual.

What the user asked is echoed through :func:`shown` (short, one line, escaped). An error
that tells the user to set an option keeps which one (its ``option``) and writes it where it
is shown, with that front end's :class:`Spelling`: ``str(error)`` is the Python API's
(``pass variant='PTN1'``), :mod:`normbook.cli` writes ``--variant PTN1`` and the worksheet
functions their own argument (``lab_class PTN1``).

Messages are rendered late: an error keeps a :class:`~normbook.i18n.Message` (its text and
facts) and says it in the language of the place that shows it (``str(error)`` and
:meth:`NormError.text` in :func:`normbook.i18n.current`; a Python caller gets English unless
it chose). A plain ``str`` message still works, as it is.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Iterable

from .i18n import Domain, Message, clauses, listed

_ = Domain(__name__)

# ---- why the system refused, in the reader's words ----------------------------------------

def _os_reasons() -> dict[int, Message]:
    import errno

    denied = _.later("permission denied (the file may be open in another program, such as "
                     "Excel, or you may not have the right to change it)")
    return {
        errno.EACCES: denied, errno.EPERM: denied,
        errno.ENOENT: _.later("no such file or folder"),
        errno.ENOSPC: _.later("no space left on the disk"),
        errno.EEXIST: _.later("it already exists"),
        errno.EISDIR: _.later("it is a folder, not a file"),
        errno.ENOTDIR: _.later("a part of the path is a file, not a folder"),
        errno.EROFS: _.later("the disk is read-only"),
        errno.EBUSY: _.later("it is in use by another program"),
    }


def os_reason(exc: OSError) -> Message | str:
    """Why the system refused ``exc``, for a reader: a common ``errno`` said from the catalog
    in the reader's language (rendered where it is shown), another one in the system's own
    words with its number, and an OSError of ours (raised with a sentence) as it is."""
    if exc.errno is None or exc.strerror is None:
        said = exc.args[0] if len(exc.args) == 1 else None
        return said if isinstance(said, Message) else str(exc) or type(exc).__name__
    reason = _os_reasons().get(exc.errno)
    if reason is not None:
        return reason
    return _.later("{text} (system error {code})", text=exc.strerror, code=exc.errno)


# ---- what the user gave, inside a message ----------------------------------------------------

#: How many characters of a value a message shows: enough for any real appendix, work, item,
#: lab class or year, short enough for a terminal line or an Excel cell.
SHOWN_LIMIT = 80
#: The same for a file's path (a real one can be long; the file's name is at its end).
SHOWN_PATH_LIMIT = 240

# repr() of a container walks all of it; this one stops after a few items and levels.
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SHOWN_LIMIT
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8


def shown(value: object, limit: int = SHOWN_LIMIT, *, quote: bool = True) -> str:
    """``value`` as a message echoes it: at most ``limit`` characters, on one line, escaped.

    What was asked may be a 120,000-character argument, a pasted paragraph, or text holding
    terminal escape sequences (``\\x1b[2J`` clears the screen) or bidirectional overrides
    that make a message read differently from what it says.

    Args:
        value: what the user gave (text, a number, a path, a list from a range...).
        limit: the most characters of it to show; a longer value is cut and followed by
            ``…(120,000 characters)``, its full length.
        quote: text in quotes as ``repr`` writes it (``'XL'``), for a value inside a
            sentence; ``False`` for a path or name that starts a message (``out.xlsx: ...``):
            then only what is not printable is escaped (a Windows path keeps its single
            backslashes).

    Returns:
        One line: control characters (``\\x1b``, line breaks), format characters (bidi
        overrides), other non-printable characters and lone surrogates written as
        ``\\x..``/``\\u....`` escapes. Vietnamese and Chinese letters stay as they are.
    """
    if not isinstance(value, str):
        if quote:  # a number, a date, a list from a range: repr, without walking all of it
            text = _REPR.repr(value)
            return text if len(text) <= limit else f"{text[:limit]}…"
        value = str(value)
    head = repr(value[:limit]) if quote else _printable(value[:limit])
    if len(value) <= limit:
        return head
    return _("{head}…({length:n} characters)", head=head, length=len(value))


def _printable(text: str) -> str:
    """Every character that is not printable (a plain space is) as a Python escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


# ---- how a front end writes an option ----------------------------------------------------------


class Spelling:
    """How a front end writes an option a message tells the user to set: the Python API's.

    The Python API's options are keyword arguments: ``variant='PTN1'``, ``force=True``. The
    command line and the worksheet functions subclass this with their own spelling.
    """

    def name(self, option: str) -> str:
        """The option itself: ``variant``."""
        return option

    def switch(self, option: str) -> str:
        """An option that is off, turned on: ``force=True``."""
        return f"{option}=True"

    def choices(self, option: str, values: Iterable[object], key: str | None = None) -> str:
        """The option set to one of ``values``: ``variant='PTN1' or 'PTN2'``.

        With ``key`` the option maps keys to values (an estimate's lab class per
        appendix): ``variants={'XXV': 'PTN1'} or {'XXV': 'PTN2'}``.
        """
        written = [repr(v) if key is None else f"{{{key!r}: {v!r}}}" for v in values]
        return f"{option}={alternatives(written)}"


def alternatives(written: list[str]) -> str:
    """``'PTN1' or 'PTN2'`` (``hoặc``, ``或``): one of the values, in the current language."""
    said = written[-1] if written else ""
    for value in reversed(written[:-1]):
        said = _("{one} or {other}", one=value, other=said)
    return said


#: The Python API's spelling: what ``str(error)`` says.
PYTHON = Spelling()


class NormError(Exception):
    """Base class of every error Normbook raises on purpose.

    Raised with a :class:`~normbook.i18n.Message` (``_.later("...", **facts)``), rendered
    when shown, or a finished ``str``. ``str(error)`` is the message for a Python caller;
    :meth:`text` writes it for another front end. An error that names an option keeps it as
    ``option`` (a Python keyword).
    """

    #: Short Excel-style code used by the add-in ("#N/A", "#VALUE!").
    excel_code = "#VALUE!"
    #: The keyword argument the message tells the user to set or change, if any.
    option: str | None = None

    def text(self, spelling: Spelling = PYTHON) -> str:
        """The message in the current language, its option written as ``spelling`` does."""
        if len(self.args) == 1 and isinstance(self.args[0], Message):
            return self.args[0].render()
        return super().__str__()

    def __str__(self) -> str:
        return self.text()


class UnknownAppendix(NormError, LookupError):
    """The appendix asked for is not one of I..XXXI."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        if not known:
            super().__init__(_.later("unknown appendix {asked}; the circular has none",
                                     asked=shown(asked)))
            return
        super().__init__(_.later(
            "unknown appendix {asked}; the circular has {first}..{last} "
            "(a Roman numeral or 1-{count})",
            asked=shown(asked), first=known[0], last=known[-1], count=len(known)))


class UnknownComponent(NormError, LookupError):
    """The component asked for is not labour, equipment, material..."""

    excel_code = "#N/A"

    def __init__(self, asked: object, known: tuple[str, ...]):
        self.asked = asked
        self.known = known
        super().__init__(_.later("unknown component {asked}; use one of {known}",
                                 asked=shown(asked), known=listed(known)))


class UnknownItem(NormError, LookupError):
    """No equipment or material of that name in the appendix."""

    excel_code = "#N/A"

    def __init__(self, asked: str, appendix: str, table: str, known: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.table = table
        self.known = known
        names = clauses([*known[:8], *(["..."] if len(known) > 8 else [])])
        # the table is an identifier (equipment, materials): its label is looked up
        super().__init__(_.later("no {table} item {asked} in appendix {appendix}; it lists: "
                                 "{listed}", table=table_label(table), asked=shown(asked),
                                 appendix=appendix, listed=names))


class AmbiguousItem(NormError, LookupError):
    """An item name matches several items; the candidates are listed."""

    excel_code = "#N/A"

    def __init__(self, asked: str, appendix: str, candidates: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.candidates = candidates
        super().__init__(_.later(
            "item {asked} is ambiguous in appendix {appendix}: {candidates}; give more of "
            "the name", asked=shown(asked), appendix=appendix, candidates=clauses(candidates)))


class UnknownWork(NormError, LookupError):
    """The work item number does not exist in the appendix."""

    excel_code = "#N/A"

    def __init__(self, asked: object, appendix: str, known: tuple[str, ...]):
        self.asked = asked
        self.appendix = appendix
        self.known = known
        super().__init__(_.later("appendix {appendix} has no work {asked}; its works are "
                                 "{known}", appendix=appendix, asked=shown(asked),
                                 known=listed(known)))


class LabClassRequired(NormError, ValueError):
    """The answer depends on the laboratory class (PTN loại 1 / 2) and none was given.

    Args:
        appendix: the appendix, e.g. "XXV".
        choices: its lab classes, e.g. ("PTN1", "PTN2").
        option: the keyword argument that takes the lab class: ``variant`` (norm, source),
            or ``variants`` (an estimate's, a mapping of appendix to lab class: ``keyed``).
    """

    excel_code = "#N/A"

    def __init__(self, appendix: str, choices: tuple[str, ...], *, option: str = "variant",
                 keyed: bool = False):
        self.appendix = appendix
        self.choices = choices
        self.option = option
        self.keyed = keyed
        super().__init__(appendix, choices)

    def text(self, spelling: Spelling = PYTHON) -> str:
        wanted = spelling.choices(self.option, self.choices,
                                  self.appendix if self.keyed else None)
        return _("appendix {appendix} gives alternative lines per lab class; pass {wanted}",
                 appendix=self.appendix, wanted=wanted)


class UnknownVariant(NormError, ValueError):
    """The variant is not a lab class the appendix knows (``option`` as in
    :class:`LabClassRequired`)."""

    excel_code = "#N/A"

    def __init__(self, asked: object, appendix: str, choices: tuple[str, ...], *,
                 option: str = "variant", keyed: bool = False):
        self.asked = asked
        self.appendix = appendix
        self.choices = choices
        self.option = option
        self.keyed = keyed
        super().__init__(asked, appendix, choices)

    def text(self, spelling: Spelling = PYTHON) -> str:
        if self.choices:
            wanted = spelling.choices(self.option, self.choices,
                                      self.appendix if self.keyed else None)
            return _("unknown variant {asked} for appendix {appendix}; use {wanted}",
                     asked=shown(self.asked), appendix=self.appendix, wanted=wanted)
        return _("unknown variant {asked} for appendix {appendix}: this appendix has no "
                 "lab-class alternatives; leave out {option}", asked=shown(self.asked),
                 appendix=self.appendix, option=spelling.name(self.option))


class NotInSource(NormError, LookupError):
    """The circular does not give a number for what was asked (a note, a gap, a cut-off)."""

    excel_code = "#N/A"

    def __init__(self, message: Message | str, lines: tuple[int, ...] = ()):
        self.lines = lines
        super().__init__(message)


class BadArgument(NormError, ValueError):
    """An argument has the wrong type or shape.

    Args:
        message: the whole message (a :class:`~normbook.i18n.Message`, or a ``str``); with
            ``option``, a template whose ``{option}`` is the option's name as the front end
            writes it and whose other ``{fields}`` are its facts
            (``_.later("{option} must be a work number such as 3, not {asked}", asked=...)``).
        option: the keyword argument that is wrong, when the message names it.
        facts: a ``str`` template's other fields, each already shown (:func:`shown`).
    """

    excel_code = "#VALUE!"

    def __init__(self, message: Message | str, *, option: str | None = None,
                 **facts: object):
        self.option = option
        self.facts = facts
        self.template = message
        super().__init__(message)

    def text(self, spelling: Spelling = PYTHON) -> str:
        named = {} if self.option is None else {"option": spelling.name(self.option)}
        if isinstance(self.template, Message):
            facts = {**self.template.facts, **self.facts, **named}
            return dataclasses.replace(self.template, facts=facts).render()
        if self.option is None:
            return self.template
        return self.template.format(**named, **self.facts)


class ErrorValueArgument(NormError, ValueError):
    """An argument is an Excel error value (a cell showing ``#DIV/0!``): the error propagates.

    Excel's own functions pass an error argument on; so do ours, instead of reading the error
    cell as empty and answering for a different question.
    """

    #: Codes that come back as they came in; anything newer (``#SPILL!``...) becomes #VALUE!.
    PROPAGATED = ("#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#REF!")

    def __init__(self, argument: str, code: str):
        self.argument = argument
        self.code = code
        self.excel_code = code if code in self.PROPAGATED else "#VALUE!"
        super().__init__(_.later("{argument} is the error value {code}; fix the cell it comes "
                                 "from", argument=argument, code=code))


class OutputExists(NormError, ValueError):
    """The output file exists and ``force`` was not given: nothing is overwritten silently."""

    excel_code = "#VALUE!"
    option = "force"

    def __init__(self, paths: object):
        many = isinstance(paths, (list, tuple, set))
        self.paths = list(paths) if many else [paths]
        self.path = self.paths[0] if self.paths else None
        super().__init__(self.paths)

    def text(self, spelling: Spelling = PYTHON) -> str:
        force = spelling.switch(self.option)
        names = [shown(p, SHOWN_PATH_LIMIT, quote=False) for p in self.paths[:5]]
        if len(self.paths) == 1:
            return _("{path} already exists; pass {force} to replace it", path=names[0],
                     force=force)
        said = listed(names)
        if len(self.paths) > 5:
            return _("{count} output files exist already: {listed} and {more} more; pass "
                     "{force} to replace them", count=len(self.paths), listed=said,
                     more=len(self.paths) - 5, force=force)
        return _("{count} output files exist already: {listed}; pass {force} to replace them",
                 count=len(self.paths), listed=said, force=force)


#: The labels of the tables an error names by their identifier.
_TABLES = {"equipment": _.later("equipment"), "materials": _.later("materials"),
           "material": _.later("material"), "labour": _.later("labour")}


def table_label(table: str) -> str:
    """The words for table ``table`` (an identifier: equipment, materials) in a message."""
    label = _TABLES.get(table)
    return label.render() if label is not None else table


class DataError(NormError, ValueError):
    """The shipped or extracted data breaks an invariant (a bug in the data, not in the input)."""


class ExtractError(NormError, ValueError):
    """The circular's text does not have the shape the extractor expects."""
