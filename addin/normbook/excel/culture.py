"""Worksheet functions answer in the calling Excel's language (its ``culture_info_name``).

Office.js (xlwings Server and xlwings Lite) sends the culture of the Excel that calls a
function (``"vi-VN"``, ``"zh-CN"``) in each call's payload, but xlwings hands it to no
function: a function cannot see it. So :func:`install` wraps xlwings'
``custom_functions_call`` (in ``xlwings.pro.udfs_officejs`` and its re-export in
``xlwings.server``) to run each call inside ``i18n.speaking(i18n.excel(culture))``: every
message the call renders (the error logged, the text returned) is in that Excel's language.
The cost is one context-variable set (and reset) per call, and no catalog is read until a
message is rendered in Vietnamese or Chinese.

Classic xlwings sends no culture: a function renders in ``i18n.excel(None)``, the language
chosen (``NORMBOOK_LANG``) or else the system's display language, which is what
``i18n.current()`` gives outside any ``speaking`` block.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from .. import i18n

#: Where xlwings defines ``custom_functions_call`` and where it re-exports it.
MODULES = ("xlwings.pro.udfs_officejs", "xlwings.server")
_WRAPPED = "__normbook_culture__"


def in_excel_language(call: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """``call`` (xlwings' ``custom_functions_call``) speaking the payload's culture."""
    if getattr(call, _WRAPPED, False):
        return call

    @functools.wraps(call)
    async def speaking_its_culture(data, *args, **kwargs):
        culture = data.get("culture_info_name") if isinstance(data, dict) else None
        with i18n.speaking(i18n.excel(culture)):
            return await call(data, *args, **kwargs)

    setattr(speaking_its_culture, _WRAPPED, True)
    return speaking_its_culture


def install(office_js: bool) -> None:
    """Wrap ``custom_functions_call`` where xlwings keeps it (idempotent).

    A module already imported is patched in any case (a test or a server may import
    ``xlwings.server`` on any platform); one not yet imported is imported only on the
    Office.js path, where xlwings' server calls the functions.
    """
    wrapped = None  # one wrapper for both modules: the re-export is the same function
    for name in MODULES:
        module = sys.modules.get(name)
        if module is None:
            if not office_js:
                continue
            try:
                module = importlib.import_module(name)
            except Exception:  # no server, no license: there is no call to wrap
                continue
        call = getattr(module, "custom_functions_call", None)
        if call is None:
            continue
        if wrapped is None:
            wrapped = in_excel_language(call)
        module.custom_functions_call = wrapped
