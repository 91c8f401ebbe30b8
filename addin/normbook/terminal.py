"""The lines every command writes on stderr: ``normbook: error: …`` and ``normbook: warning: …``.

One place, so every part of the command line says them alike (the word in the terminal's
language, the program's name as it is), and a lower part (user data, estimate, forms) need
not import the command line above it.
"""

from __future__ import annotations

import sys

from .i18n import Domain

_ = Domain(__name__)


def error_line(message: object) -> str:
    """One line of an error: ``normbook: error: ...`` (the word in the current language)."""
    return "normbook: " + _("error: {message}", message=message)


def warning_line(message: object) -> str:
    """One line of a warning: ``normbook: warning: ...``."""
    return "normbook: " + _("warning: {message}", message=message)


def warn(message: object) -> None:
    """Write a warning line on stderr."""
    print(warning_line(message), file=sys.stderr)
