"""The worksheet functions' help in Excel's function wizard, in its reader's language.

xlwings keeps a function's help in its ``__xlfunc__`` metadata (``ret["doc"]`` for the
function, ``args[i]["doc"]`` for each argument) and reads it when the functions are
registered: classic xlwings in "Import Functions" (``Application.MacroOptions``), xlwings
Lite and Server when they build the Office.js metadata (``custom_functions_meta``). A help
text fixed when the module is imported would have to read a catalog then, and importing the
functions must stay as fast as xlwings itself. So :func:`described` leaves the ``doc`` keys
out of those dictionaries and a missing ``doc`` is rendered when xlwings reads it (a dict's
``__missing__``: every other key is read as before, at no cost to a call).

Which language (:func:`language`), fixed at registration, since Excel keeps the help it was
given:

- ``NORMBOOK_LANG`` (or ``--lang``) when set;
- classic xlwings: the system's display language, as for the functions' messages
  (``i18n.excel(None)``): "Import Functions" runs Python on the user's Windows;
- Office.js (Lite, Server): no Excel culture is known when the metadata is built, so the
  functions' readers' language: Vietnamese for the norms and costs, Chinese for the
  Zhejiang exam timetable's EXAM_* functions (their users are the coordinators who read the
  guide in Chinese). The guide's and the circular's own terms stay in brackets in every
  language, so a reader can match the help to the source.

Codes a formula types (``labour``, ``PTN1``, ``registration_start``) stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .. import i18n
from ..i18n import Message

_F = TypeVar("_F", bound=Callable[..., Any])

#: The readers of most functions (norms, costs) and of the EXAM_* functions.
NORMS = "vi"
EXAMS = "zh"


def language(readers: str, office_js: bool) -> str:
    """The language the help is registered in (see the module's docstring)."""
    return i18n.chosen() or (readers if office_js else i18n.terminal())


class _Helped(dict):
    """An xlwings metadata dictionary whose ``doc`` is rendered when read."""

    __slots__ = ("_help", "_language", "_readers")

    def __missing__(self, key: str) -> str:
        if key != "doc":
            raise KeyError(key)
        return self._help.render(self._language(self._readers))


def _helped(metadata: dict, words: Message, readers: str,
            lang: Callable[[str], str]) -> _Helped:
    made = _Helped((k, v) for k, v in metadata.items() if k != "doc")
    made._help = words
    made._readers = readers
    made._language = lang
    return made


def described(description: Message, readers: str = NORMS, *,
              language: Callable[[str], str], **arguments: Message) -> Callable[[_F], _F]:
    """Give an ``@xw.func`` function its help: the description and each argument's.

    Goes above ``@xw.func``. ``language(readers)`` says the language at registration (the
    functions module's: it knows whether Excel calls through Office.js). The function's
    ``__doc__`` becomes the English description (without reading a catalog).
    """

    def decorate(function: _F) -> _F:
        function.__doc__ = description.text  # the English (the message id)
        xlfunc = getattr(function, "__xlfunc__", None)
        if xlfunc is None:  # xlwings registers nothing here (no Windows, no Office.js)
            return function
        missing = set(arguments) - set(xlfunc["argmap"])
        if missing:  # a mistake in the code's help, met when the add-in loads: English
            raise TypeError(f"{function.__name__} has no argument {sorted(missing)}")
        xlfunc["ret"] = _helped(xlfunc["ret"], description, readers, language)
        args = []
        for arg in xlfunc["args"]:
            words = arguments.get(arg["name"])
            args.append(arg if words is None else _helped(arg, words, readers, language))
        xlfunc["args"] = args
        xlfunc["argmap"] = {arg["name"]: arg for arg in args}
        return function

    return decorate
