"""The languages Normbook speaks: Vietnamese (``vi``), Simplified Chinese (``zh``), English.

Code marks what a person reads and names its facts; the words come from gettext catalogs
(``normbook/locale/<lang>/LC_MESSAGES/<domain>.mo``, edited as ``.po`` files in Poedit or
Weblate) when the text is shown, in the language chosen where it is shown::

    from ..i18n import Domain

    _ = Domain(__name__)
    _("no appendix {asked}; the circular has {first}..{last}", asked=x, first="I", last="XXXI")
    _.later("...", **facts)            # a Message: rendered when shown (errors, labels)
    _.many("{n} form", "{n} forms", n)
    Text(_.later("..."))               # a note: its str is the English, render(lang) to show it

The English text is the message id: English needs no catalog. Placeholders take two
formats besides Python's own: ``{amount:n}`` groups a number the reader's way (1.234.567 in
Vietnamese, 1,234,567 otherwise) and ``{day:date}`` writes a date the reader's way
(31/01/2024, 2024年1月31日, 2024-01-31).

Which language: :func:`speaking` sets it for a block (a document in its readers' language, a
worksheet function in its Excel's); elsewhere the terminal's (see ``choice``). Importing this
package reads no catalog and imports no gettext: the worksheet functions start as fast as
before.
"""

from __future__ import annotations

from .choice import LANGUAGES, chosen, current, document, excel, normalize, speaking, terminal
from .lists import clauses, listed
from .message import Domain, Message, render
from .setting import UnknownLanguage, check_environment, use
from .text import Text, rendered

__all__ = [
    "LANGUAGES",
    "Domain",
    "Message",
    "Text",
    "UnknownLanguage",
    "check_environment",
    "chosen",
    "clauses",
    "current",
    "document",
    "excel",
    "listed",
    "normalize",
    "render",
    "rendered",
    "speaking",
    "terminal",
    "use",
]
