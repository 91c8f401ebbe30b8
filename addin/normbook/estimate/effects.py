"""The four effects a year-over-year comparison splits a difference into, in substitution
order, and their names for a reader (compare's text and the Comparison sheet share them)."""

from __future__ import annotations

from ..i18n import Domain

_ = Domain(__name__)

#: In the order they are substituted: quantities, then wage rules, then prices, then the cost
#: lines beyond the norms.
EFFECTS = ("quantities", "wages", "prices", "other_costs")
#: The key of the cost lines beyond the norms among compare's appendices (no appendix id).
OTHER_COSTS = "other_costs"


def effect_label(effect: str) -> str:
    """An effect's name (compare's keys) in the current language."""
    labels = {"quantities": _("quantities"), "wages": _("wages"), "prices": _("prices"),
              "other_costs": _("other cost lines")}
    return labels.get(effect, effect)
