"""Kept for the callers not moved yet: a note is an :class:`normbook.i18n.Text`, shown with
:func:`normbook.i18n.rendered` (which this module's ``shown`` is)."""

from __future__ import annotations

from ..i18n import rendered as shown

__all__ = ["shown"]
