"""Turn exceptions into what a worksheet cell shows: an Excel error, with a message if possible.

A worksheet function must never let an exception out: xlwings would put ``#VALUE!`` (Office.js)
or a traceback (classic xlwings) in the cell. The UDFs catch everything and return what is built
here instead. What a runtime can show differs:

- **Office.js** (xlwings Server and xlwings Lite): xlwings (``xlwings/pro/_xlofficejs.py``,
  ``errorstr_to_errortype``) turns a returned string that *is* an error code (``"#N/A"``) into a
  real Excel error value on runtime 1.4 and newer, so ``ISNA``/``IFERROR`` work; it passes no
  message with it. We return the bare code and log the message (xlwings Lite shows the log in
  its output pane; xlwings Server in its log). On runtime 1.3 the code stays text.
- **Classic xlwings** (Windows COM): a returned string is text. We return the code followed by
  a message short enough for a cell, e.g. ``#N/A unknown appendix 'XL' (I..XXXI)``, which says
  what to fix; ``LEFT(x, 1) = "#"`` tests for it.
"""

from __future__ import annotations

import logging

from ..errors import (
    AmbiguousItem,
    ErrorValueArgument,
    LabClassRequired,
    NormError,
    Spelling,
    UnknownAppendix,
    UnknownComponent,
    UnknownVariant,
    UnknownWork,
    shown,
)
from ..i18n import Domain, clauses, listed

_ = Domain(__name__)
logger = logging.getLogger(__name__)

#: Longest text returned; Excel shows the start of a long cell, so keep the useful part first.
MAX_CHARS = 120
#: Longest rendering of the user's own input inside a message.
_MAX_ASKED = 30


#: The worksheet functions' names of the Python API's keywords, where they differ: "Variant"
#: is a reserved word of VBA, so the functions call the lab class ``lab_class``.
_ARGUMENTS = {"variant": "lab_class", "variants": "lab_class"}


class _Worksheet(Spelling):
    """Options as the worksheet functions' arguments: ``lab_class PTN1``, not ``variant=``."""

    def name(self, option: str) -> str:
        return _ARGUMENTS.get(option, option)

    def switch(self, option: str) -> str:
        return f"{self.name(option)} TRUE"

    def choices(self, option: str, values, key: str | None = None) -> str:
        return _("{option} {choices}", option=self.name(option), choices=either(values))


def either(values) -> str:
    """``PTN1 or PTN2`` in the current language."""
    values = [str(v) for v in values]
    if len(values) < 2:
        return "".join(values)
    return _("{some} or {last}", some=listed(values[:-1]), last=values[-1])


#: How a cell's message writes an option.
WORKSHEET = _Worksheet()


def _asked(value: object) -> str:
    return shown(value, _MAX_ASKED)


def _fit(text: str) -> str:
    text = " ".join(text.split())  # no line breaks in a cell
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _message(exc: NormError) -> str:
    """The error in the current language, rendered here from its facts, and shorter than
    ``str(exc)`` where the full text is long; an error this module does not know says
    ``exc.text`` (the errors themselves render late, in the language shown)."""
    if isinstance(exc, UnknownAppendix):
        if exc.known:
            return _("unknown appendix {asked} ({first}..{last})", asked=_asked(exc.asked),
                     first=exc.known[0], last=exc.known[-1])
        return _("unknown appendix {asked}", asked=_asked(exc.asked))
    if isinstance(exc, UnknownComponent):
        return _("unknown component {asked} ({known})", asked=_asked(exc.asked),
                 known=listed(exc.known))
    if isinstance(exc, UnknownVariant):
        if exc.choices:
            return _("unknown lab class {asked} for appendix {appendix} ({choices})",
                     asked=_asked(exc.asked), appendix=exc.appendix,
                     choices=either(exc.choices))
        return _("unknown lab class {asked} for appendix {appendix} (leave it empty)",
                 asked=_asked(exc.asked), appendix=exc.appendix)
    if isinstance(exc, AmbiguousItem):
        return _("item {asked} is ambiguous in appendix {appendix}: {candidates}",
                 asked=_asked(exc.asked), appendix=exc.appendix,
                 candidates=clauses(exc.candidates))
    if isinstance(exc, LabClassRequired):
        return _("appendix {appendix} needs {choices}", appendix=exc.appendix,
                 choices=WORKSHEET.choices(exc.option, exc.choices))
    if isinstance(exc, UnknownWork):
        return _("appendix {appendix} has no work {asked}; its works are {known}",
                 asked=_asked(exc.asked), appendix=exc.appendix, known=listed(exc.known))
    if isinstance(exc, ErrorValueArgument):
        return _("{argument} is the error value {code}; fix the cell it comes from",
                 argument=WORKSHEET.name(exc.argument), code=exc.code)
    text = exc.text(WORKSHEET)
    asked = getattr(exc, "asked", None)
    if asked is not None:
        # a long input would fill the cell before the message says what exists
        for echoed in (shown(asked), repr(asked)):
            if len(echoed) > _MAX_ASKED:
                text = text.replace(echoed, _asked(asked))
    return text


def excel_error(exc: BaseException, *, with_message: bool = True) -> str:
    """The cell value for an exception: ``"#N/A ..."`` for a miss, ``"#VALUE! ..."`` otherwise.

    With ``with_message=False`` (Office.js) only the code comes back and the message goes to
    the log, so that xlwings can turn the code into a real error value.
    """
    if isinstance(exc, NormError):
        code, message = exc.excel_code, _message(exc)
    else:
        # Not a miss the package knows about: keep the details in the log, not in the cell.
        logger.exception("unexpected error in a Normbook worksheet function", exc_info=exc)
        code = "#VALUE!"
        message = _("internal error ({kind}): {details}", kind=type(exc).__name__,
                    details=str(exc) or type(exc).__name__)
    text = _fit(f"{code} {message}")
    if with_message:
        return text
    logger.warning("%s", text)
    return code
