"""Which language a text is shown in: the document's readers', the terminal's, Excel's.

- **Documents** default to their readers' language (``vi`` for norms and estimates, ``zh``
  for the Zhejiang exams): :func:`document`.
- **The terminal** follows the user's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the
  first one set, as POSIX orders them; on Windows, where these are rarely set, the user's
  display language), English where the locale is none of ours: :func:`terminal`.
- **Worksheet functions** answer in the calling Excel's language (Office.js sends its
  ``culture_info_name``; classic xlwings has none and uses the terminal's rule): :func:`excel`.
- ``--lang`` (``setting.use``) and ``NORMBOOK_LANG`` override all three.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
from collections.abc import Iterator

#: The languages with catalogs; English is the language of the message ids.
LANGUAGES = ("vi", "zh", "en")
ENV = "NORMBOOK_LANG"

_override: str | None = None
_speaking: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "normbook_language", default=None)


def normalize(tag: str | None) -> str | None:
    """``vi``, ``zh`` or ``en`` for a locale or culture name (``vi_VN.UTF-8``, ``zh-CN``), else
    None (``C``, ``POSIX``, ``fr_FR``, empty).

    Every Chinese locale gets the Simplified catalog, the only Chinese one there is.
    """
    if not tag:
        return None
    language = tag.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return language if language in LANGUAGES else None


def set_override(lang: str | None) -> None:
    """Make ``lang`` (already one of ours, or None) the user's choice; see ``setting.use``."""
    global _override
    _override = lang


def chosen() -> str | None:
    """The language the user asked for (``--lang``, else ``NORMBOOK_LANG``), or None.

    An ``NORMBOOK_LANG`` naming no language of ours is ignored here; the command line
    refuses it (``setting.check_environment``).
    """
    if _override is not None:
        return _override
    return normalize(os.environ.get(ENV, "").strip())


def locale_language() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:  # the first one set decides, even if it is C or a language we lack
            return normalize(value)
    if sys.platform == "win32":
        return _windows_display_language()
    return None


def _windows_display_language() -> str | None:
    try:
        import ctypes
        import locale

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        return normalize(locale.windows_locale.get(lcid))
    except (AttributeError, OSError, ImportError):
        return None


def terminal() -> str:
    """The language of messages on the terminal: chosen, else the locale's, else English."""
    return chosen() or locale_language() or "en"


def document(default: str) -> str:
    """The language of a document whose readers speak ``default``, unless the user chose."""
    return chosen() or default


def excel(culture: str | None) -> str:
    """The language of a worksheet function's messages in an Excel of ``culture``.

    The user's choice wins; then the calling Excel's culture (Office.js); then the
    terminal's rule (classic xlwings sends no culture: the system's display language).
    """
    return chosen() or normalize(culture) or terminal()


def current() -> str:
    """The language text is rendered in here and now."""
    return _speaking.get() or terminal()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Render every text of the block in ``lang`` (this thread or task only).

    Raises:
        ValueError: ``lang`` is not one of vi, zh, en: a Python caller's ``lang=`` (a user's
            ``--lang`` or ``NORMBOOK_LANG`` is refused in their language before this, by
            :mod:`.setting`). Said as the English of that refusal: the catalogs that would
            translate it are built on this module.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang {str(lang)[:40]!r}: use one of {', '.join(LANGUAGES)}")
    token = _speaking.set(lang)
    try:
        yield lang
    finally:
        _speaking.reset(token)
