"""Budget estimates: price the norms of chosen appendices for a year.

``estimate(EstimateRequest(...), read_prices("prices.xlsx"))`` gives every priced line with
its source lines, subtotals and what is missing; ``norm_cost`` is the one-number version
behind the Excel function NORM_COST. Importing this package reads no file; the modules load
on first use.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "estimate": "compute", "norm_cost": "compute", "COST_COMPONENTS": "compute",
    "EstimateRequest": "model", "Estimate": "model", "AppendixEstimate": "model",
    "LabourCost": "model", "CostLine": "model", "NotInSourceLine": "model",
    "MissingPrice": "model", "MissingPrices": "model", "Subtotal": "model",
    "Prices": "model", "EquipmentPrice": "model", "MaterialPrice": "model",
    "WageParameters": "model", "PricesError": "model",
    "ItemKey": "items", "CatalogueItem": "items", "needed_items": "items", "item_key": "items",
    "read_prices": "prices", "write_prices_template": "prices",
    "build_prices_template": "prices", "resolve_appendices": "prices",
    "OutputExists": "files", "save_atomic": "files",
    "build_estimate_workbook": "workbook", "write_estimate_workbook": "workbook",
    "justification_context": "justification", "write_justification": "justification",
    "run_estimate": "run",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = sorted(_EXPORTS)
