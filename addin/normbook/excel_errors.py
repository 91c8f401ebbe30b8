"""Turn exceptions into short Excel error texts such as ``#N/A unknown appendix 'XL' (I..XXXI)``.

A worksheet function must never let an exception out: xlwings would put ``#VALUE!`` (Office.js)
or a traceback (classic xlwings) in the cell. The UDFs catch everything and return the text
built here instead: the error code first, then a message short enough for a cell.

xlwings (``xlwings/pro/_xlofficejs.py``, ``errorstr_to_errortype``) turns a returned string into a
real Excel error value only when the string *is* an error code (``"#N/A"``) and the Office.js
runtime is 1.4 or newer; a function cannot see the runtime. A code followed by a message stays
text on every runtime, and the message is what tells the user what to fix, so we return that.
``ISERROR`` does not catch it; ``LEFT(x, 1) = "#"`` does.
"""

from __future__ import annotations

import logging

from .errors import (
    AmbiguousItem,
    NormError,
    UnknownAppendix,
    UnknownComponent,
    UnknownVariant,
)

logger = logging.getLogger(__name__)

#: Longest text returned; Excel shows the start of a long cell, so keep the useful part first.
MAX_CHARS = 120
#: Longest rendering of the user's own input inside a message.
_MAX_ASKED = 30


def _asked(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_ASKED else text[: _MAX_ASKED - 1] + "…"


def _fit(text: str) -> str:
    text = " ".join(text.split())  # no line breaks in a cell
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _message(exc: NormError) -> str:
    """A shorter message than ``str(exc)`` for the errors whose full text is long."""
    if isinstance(exc, UnknownAppendix):
        span = f"{exc.known[0]}..{exc.known[-1]}" if exc.known else "none"
        return f"unknown appendix {_asked(exc.asked)} ({span})"
    if isinstance(exc, UnknownComponent):
        return f"unknown component {_asked(exc.asked)} ({', '.join(exc.known)})"
    if isinstance(exc, UnknownVariant):
        choices = " or ".join(exc.choices) if exc.choices else "leave it empty"
        return f"unknown variant {_asked(exc.asked)} for appendix {exc.appendix} ({choices})"
    if isinstance(exc, AmbiguousItem):
        return (f"item {_asked(exc.asked)} is ambiguous in appendix {exc.appendix}: "
                f"{'; '.join(exc.candidates)}")
    return str(exc)


def excel_error(exc: BaseException) -> str:
    """The cell text for an exception: ``"#N/A ..."`` for a miss, ``"#VALUE! ..."`` otherwise."""
    if isinstance(exc, NormError):
        return _fit(f"{exc.excel_code} {_message(exc)}")
    # Not a miss the package knows about: keep the details in the log, not in the cell.
    logger.exception("unexpected error in a Normbook worksheet function", exc_info=exc)
    detail = str(exc) or type(exc).__name__
    return _fit(f"#VALUE! internal error ({type(exc).__name__}): {detail}")
