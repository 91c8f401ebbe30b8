"""What a priced item is: its identity key, and the catalogue of items some appendices need.

An item is identified by its component, name, unit and technical spec, compared after folding
away differences of writing only: case, Unicode form, spaces, digit-group separators
("12.000 BTU" = "12 000 BTU" = "12000 BTU") and "~" for "÷". Specs are kept because they
change the price (a 42,000 BTU air conditioner is not a 12,000 BTU one). Equipment ignores the
unit: Article 5.1.b sets every equipment norm in shifts (ca), and the few rows written "chiếc"
or with no unit are the same machines. A material written in "kW" is energy, priced per kWh
(the circular writes electricity's kWh as kW).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

COMPONENTS = ("equipment", "material")
#: The norms table each priced component reads.
TABLE_OF = {"equipment": "equipment", "material": "materials"}
EQUIPMENT_UNIT = "Ca"
_ENERGY_UNITS = ("kw", "kwh")


@dataclass(frozen=True, slots=True, order=True)
class ItemKey:
    """The identity of a priced item: folded component, name, unit and spec."""

    component: str
    name: str
    unit: str
    spec: str


def fold(text: str) -> str:
    """Text without differences of writing: case, Unicode form, spaces, digit grouping."""
    text = unicodedata.normalize("NFC", text).casefold().replace("~", "÷")
    text = re.sub(r"(?<=\d)[ .](?=\d{3}(?!\d))", "", text)  # 12.000 / 12 000 -> 12000
    return re.sub(r"\s+", "", text)


def fold_name(name: str) -> str:
    """An item name folded for matching a price list: case, Unicode form, runs of spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def display_unit(component: str, unit: str) -> str:
    """The unit a price is per: "Ca" for equipment, "kWh" for energy, else as written."""
    if component == "equipment":
        return EQUIPMENT_UNIT
    return "kWh" if fold(unit) in _ENERGY_UNITS else unit.strip()


def item_key(component: str, name: str, unit: str, spec: str) -> ItemKey:
    """The identity of an item as a source row writes it."""
    if component not in COMPONENTS:
        # a programming error (components are identifiers), not a user's: said in English
        raise ValueError(f"component {component!r} is not one of {COMPONENTS}")
    return ItemKey(component, fold_name(name), fold(display_unit(component, unit)), fold(spec))


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    """One distinct item the chosen appendices need, as first written, with who needs it."""

    key: ItemKey
    name: str
    unit: str
    spec: str
    used_in: tuple[str, ...]

    @property
    def component(self) -> str:
        return self.key.component

    @property
    def used_in_text(self) -> str:
        """The appendices that use it, as the template writes them: "VI, XXV"."""
        return ", ".join(self.used_in)


def needed_items(appendices: Iterable[str], component: str) -> tuple[CatalogueItem, ...]:
    """Every distinct item of ``component`` the appendices need a price for, once each.

    Rows the source lists without a quantity (a note instead of a number) need no price: they
    are never costed. Order: first appearance, appendix by appendix in the order given.
    """
    from ..dataset import dataset

    rows = getattr(dataset(), TABLE_OF[component])
    found: dict[ItemKey, CatalogueItem] = {}
    for appendix in appendices:
        for r in rows.get(appendix, ()):
            quantity = r.values[0] if component == "equipment" else r.values[1]
            if quantity is None:
                continue
            key = item_key(component, r.name, r.unit, r.spec)
            seen = found.get(key)
            if seen is None:
                found[key] = CatalogueItem(key, r.name, display_unit(component, r.unit),
                                           r.spec, (appendix,))
            elif appendix not in seen.used_in:
                found[key] = CatalogueItem(key, seen.name, seen.unit, seen.spec,
                                           (*seen.used_in, appendix))
    return tuple(found.values())
