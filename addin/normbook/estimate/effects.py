"""The three effects a year-over-year comparison splits a difference into, in substitution
order, and their names for a reader (compare's text and the Comparison sheet share them)."""

from __future__ import annotations

from ..i18n import Domain

_ = Domain(__name__)

#: In the order they are substituted: quantities, then wage rules, then prices.
EFFECTS = ("quantities", "wages", "prices")


def effect_label(effect: str) -> str:
    """An effect's name (compare's keys) in the current language."""
    labels = {"quantities": _("quantities"), "wages": _("wages"), "prices": _("prices")}
    return labels.get(effect, effect)
