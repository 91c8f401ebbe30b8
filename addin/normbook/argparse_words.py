"""argparse's own words (``usage:``, ``options``, its error messages) in the user's language.

argparse writes its words through ``gettext.gettext`` and ``gettext.ngettext``, bound as
``argparse._`` and ``argparse.ngettext`` when argparse is imported, and looked up in the
``argparse`` domain of the system's catalogs, which a pip-installed Normbook cannot ship.
So its message ids are marked here (in Normbook's own catalog, the English text as
argparse writes it, ``%``-placeholders kept as they are: argparse fills them in after
translating) and :func:`speaking` puts wrappers in argparse's place while our parser is
built and run, then puts gettext's back: another program's argparse in the same process
(a caller of :func:`normbook.cli.main`) keeps its own words.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator

from .i18n import Domain, Message

_ = Domain(__name__)

#: argparse's texts a user meets (help, usage, errors in what was typed); its errors in how
#: a parser is built are for developers and stay English.
WORDS: dict[str, Message] = {
    "usage: ": _.later("usage: "),
    "positional arguments": _.later("positional arguments"),
    "options": _.later("options"),
    "show this help message and exit": _.later("show this help message and exit"),
    "subcommands": _.later("subcommands"),
    "%(prog)s: error: %(message)s\n": _.later("%(prog)s: error: %(message)s\n"),
    "argument %(argument_name)s: %(message)s":
        _.later("argument %(argument_name)s: %(message)s"),
    "the following arguments are required: %s":
        _.later("the following arguments are required: %s"),
    "one of the arguments %s is required": _.later("one of the arguments %s is required"),
    "unrecognized arguments: %s": _.later("unrecognized arguments: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        _.later("invalid choice: %(value)r (choose from %(choices)s)"),
    "invalid %(type)s value: %(value)r": _.later("invalid %(type)s value: %(value)r"),
    "expected one argument": _.later("expected one argument"),
    "expected at most one argument": _.later("expected at most one argument"),
    "expected at least one argument": _.later("expected at least one argument"),
    "ambiguous option: %(option)s could match %(matches)s":
        _.later("ambiguous option: %(option)s could match %(matches)s"),
    "not allowed with argument %s": _.later("not allowed with argument %s"),
    "ignored explicit argument %r": _.later("ignored explicit argument %r"),
    "unexpected option string: %s": _.later("unexpected option string: %s"),
}

#: argparse's plural texts, by their singular: the message for a count.
PLURALS: dict[str, Callable[[int], Message]] = {
    "expected %s argument": lambda n: _.many_later(
        "expected %s argument", "expected %s arguments", n),
}


def gettext(text: str) -> str:
    """argparse's ``_``: ``text`` in the current language, or as it is if not ours."""
    message = WORDS.get(text)
    return message.render() if message is not None else text


def ngettext(singular: str, plural: str, n: int) -> str:
    """argparse's ``ngettext``."""
    message = PLURALS.get(singular)
    if message is None:
        return singular if n == 1 else plural
    return message(n).render()


@contextlib.contextmanager
def speaking() -> Iterator[None]:
    """argparse's words from Normbook's catalog in this block (building and running a parser).

    Not thread-safe across parsers of other programs in the same process (argparse has one
    global ``_``); Normbook's command line runs one parser at a time.
    """
    before = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = before
