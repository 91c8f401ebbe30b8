"""The only module that knows where the shipped data and templates live."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable  # importlib.abc's alias is gone in 3.14
from pathlib import Path

#: The circular's text in the repository (norms/sources/); the wheel does not carry it.
CIRCULAR_TEXT = "vn-circular-04-2022-TT-BKHCN.txt"


def norms_dir() -> Traversable:
    """The ``norms`` data package shipped inside the wheel."""
    return resources.files("normbook.norms")


def templates_dir() -> Traversable:
    """The Word templates shipped inside the wheel."""
    return resources.files("normbook.templates")


def circular_text() -> Path | None:
    """The circular's text of a source checkout (``norms/sources/``), or None where absent.

    An editable install finds it through the package; a wheel installed from a checkout does
    not carry it, so the checkout in the current folder is tried too.
    """
    shipped = norms_dir().joinpath("sources", CIRCULAR_TEXT)
    if isinstance(shipped, Path) and shipped.is_file():
        return shipped
    here = Path("norms", "sources", CIRCULAR_TEXT)
    return here if here.is_file() else None
