"""Lazy package exports (PEP 562): a name is imported from its module on first use.

Excel imports the add-in at start-up and the CLI builds its parser on every run, so packages
export their API without importing it; the first access imports the module and caches the name.
This module itself imports nothing but ``sys`` (no importlib, no typing): it is on that path.
"""

from __future__ import annotations

import sys


def lazy_exports(package: str, home: dict[str, str]):
    """A module ``__getattr__`` for ``package``: ``home`` maps each name to its submodule."""

    def __getattr__(name: str) -> object:
        if name in home:
            module_name = f"{package}.{home[name]}"
            __import__(module_name)
            value = getattr(sys.modules[module_name], name)
            setattr(sys.modules[package], name, value)  # later lookups skip this function
            return value
        # Python's own protocol (hasattr, getattr with a default), in its words
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
