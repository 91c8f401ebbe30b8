"""The only module that knows where the shipped data and templates live."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable  # importlib.abc's alias is gone in 3.14


def norms_dir() -> Traversable:
    """The ``norms`` data package shipped inside the wheel."""
    return resources.files("normbook.norms")


def templates_dir() -> Traversable:
    """The Word templates shipped inside the wheel."""
    return resources.files("normbook.templates")
