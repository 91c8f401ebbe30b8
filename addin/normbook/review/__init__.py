"""Reviewer-grade checks: flag, by general rules, the circular's figures a ministry reviewer
would question. A flag never changes an amount; it says what looks wrong, where and why.

``review()`` runs every check over the shipped norms; :class:`Flag` is what one finds.
"""

from __future__ import annotations

from .flags import SEVERITIES, Flag
from .run import review

__all__ = ["SEVERITIES", "Flag", "review"]
