"""Atomic, never-clobbering writes: see :mod:`normbook.outputs` (kept for the estimate API)."""

from ..outputs import OutputExists, save_atomic

__all__ = ["OutputExists", "save_atomic"]
