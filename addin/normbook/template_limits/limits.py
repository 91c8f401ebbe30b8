"""The limits of a form template, the error naming them, and one form's time and memory budget."""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from jinja2.exceptions import SecurityError

from ..errors import NormError
from ..i18n import Domain, Message

_ = Domain(__name__)

#: The longest string (or bytes) one operation may make, in characters. A form's longest value
#: is a few hundred characters; a million is a whole book, and 4 MB at most in memory.
MAX_STRING = 1_000_000
#: The most items one operation may give a list, tuple or dict (8 MB of references).
MAX_ITEMS = 1_000_000
#: The most items ``*`` may make of a string, list or tuple (a form needs a few hundred).
MAX_REPEAT = 100_000
#: The largest integer ``*`` and ``**`` may make: about 4,300 decimal digits, the most Python
#: prints (sys.int_info.default_max_str_digits), so nothing larger could be shown anyway.
MAX_INT_BITS = 14_300
#: The longest output of one template part (and of one macro or block), in characters: the
#: shipped form's body is 25 KB, a 100-page Word document's about 5 MB.
MAX_OUTPUT = 20_000_000
#: What all the values one form's template makes may add up to, in bytes (estimated as
#: described in the package's docstring). Well under the memory of any machine Word runs on;
#: the shipped form uses well under 1 MB.
MAX_ALLOCATION = 128 * 1024 * 1024
#: The flat charges of a loop turn and of a call (filter, method, macro), in bytes: what
#: Python allocates for them that is not a value (and what a template could keep of it).
ITERATION_COST = 64
CALL_COST = 256
#: The longest a form may take to render, in seconds. The shipped form takes milliseconds.
MAX_SECONDS = 10.0

#: The most "{" characters in the parts of a template that are rendered: each may open a tag,
#: and docxtpl's preparation of the XML takes about 5 us and 1 KB of memory a tag, before
#: jinja2 sees any (20,000: a tenth of a second). The shipped form has 64.
MAX_BRACES = 20_000
#: The most template tokens (tags' words, operators and the text between tags) of all parts of
#: a template: jinja2 takes about 20 us and 1 KB of memory a token to compile, so 50,000 is a
#: second and 50 MB. The shipped form has 313, the budget justification 710.
MAX_TOKENS = 50_000

#: The largest template file (a .docx is a zip: its size bounds its directory).
MAX_TEMPLATE_FILE = 64 * 1024 * 1024
#: The most a template's members may unpack to, in all, in bytes (images included).
MAX_UNPACKED = 50 * 1024 * 1024
#: The largest XML part: lxml's tree of it takes ten times as much, python-docx parses it
#: again, and jinja2 compiles the ones with tags. A long Word document's body is about 5 MB.
MAX_XML_PART = 16 * 1024 * 1024
#: The most members a template may have (a Word document has 10 to 100) and the largest its
#: zip directory may be, in bytes (checked first: reading the directory makes an object per
#: member, about 10 times the directory's size).
MAX_MEMBERS = 1_000
MAX_DIRECTORY = 1024 * 1024


class TemplateLimit(SecurityError):
    """A template asked for more than a form template may have; the message says what."""


class TemplateFileRefused(NormError, ValueError):
    """A template's file is refused before it is read as a document: over a size limit, not
    a zip, or an XML part that is not plain UTF-8 or declares a DOCTYPE. The message names
    the file (and the part). Whoever loads templates says it in their own terms (a form's
    template problem, say): this package knows nothing of them."""


def reason(exc: BaseException) -> Message | str:
    """What a refusal says, kept as its :class:`~normbook.i18n.Message` when it was raised
    with one (said in the language of the place that shows it), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


# ---- the budget of one render -----------------------------------------------------------------

class Budget:
    """The time and allocation one form's rendering may still use."""

    __slots__ = ("deadline", "left", "seconds")

    def __init__(self) -> None:
        self.seconds = MAX_SECONDS
        self.deadline = time.monotonic() + self.seconds
        self.left = MAX_ALLOCATION

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise TemplateLimit(_.later("the template makes too much: over {mib:n} MiB of "
                                        "values for one form", mib=MAX_ALLOCATION >> 20))
        if time.monotonic() > self.deadline:
            raise TemplateLimit(_.later("rendering took longer than {seconds:n} s",
                                        seconds=self.seconds))


_BUDGET: ContextVar[Budget | None] = ContextVar("normbook_template_budget", default=None)


@contextmanager
def rendering():
    """Render within one budget (nested uses share the outer one: one form, one budget)."""
    if _BUDGET.get() is not None:
        yield
        return
    token = _BUDGET.set(Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _spend(amount: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:  # loading (constant folding) has no budget: sizes only
        budget.spend(amount)
