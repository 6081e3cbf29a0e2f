"""Quantities and rates as the duty calculator reads and prints them.

A customs quantity is a number and an HTS unit: "12 kg", "3 liter", "10 No.", "4 pairs",
"2 doz.". Units are the canonical names of :func:`tradeterms._hts_rates.normalise_unit`, so
"each" and "No." agree; mass is converted between g, kg and t, volume between liter and hL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tradeterms._hts_rates import normalise_unit
from tradeterms.units import Money, QuantityError, parse_money

__all__ = ["Quantity", "format_rate", "parse_quantity", "parse_value", "quantities_for"]

_QUANTITY_RE = re.compile(r"((?:0|[1-9][0-9]*)(?:\.[0-9]+)?) ?(\S.*)")
_EXTRA_ALIASES = {"l": "liter", "litre": "liter", "litres": "liter", "hl": "hL", "pcs": "No."}
_KNOWN = {"kg", "g", "t", "liter", "hL", "pf.liter", "No.", "pair", "doz.", "m", "m2", "m3"}
_KNOWN |= {"gross", "thousand", "head", "bbl", "clean kg", "jewel", "article", "pack", "lin. m"}
# unit -> (canonical unit, factor): 1 unit = factor canonical units
_CONVERSIONS: dict[str, list[tuple[str, Decimal]]] = {
    "kg": [("g", Decimal(1000)), ("t", Decimal("0.001"))],
    "g": [("kg", Decimal("0.001"))],
    "t": [("kg", Decimal(1000))],
    "liter": [("hL", Decimal("0.01"))],
    "hL": [("liter", Decimal(100))],
    "doz.": [("No.", Decimal(12))],
}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A customs quantity: `amount` of an HTS `unit` ("kg", "liter", "No.", "pair", ...)."""

    amount: Decimal
    unit: str
    text: str = ""

    def __str__(self) -> str:
        return self.text or f"{self.amount:f} {self.unit}"


def parse_quantity(value: object) -> Quantity:
    """'12 kg', '3 liter', '10 No.', '4 pairs' -> Quantity; QuantityError otherwise."""
    if isinstance(value, Quantity):
        return value
    if not isinstance(value, str) or not (match := _QUANTITY_RE.fullmatch(value.strip())):
        raise QuantityError(
            f"a quantity must be written like '12 kg', '3 liter' or '10 No.', got {value!r}",
            "bad-quantity",
        )
    word = match[2].strip()
    unit = _EXTRA_ALIASES.get(word.lower(), normalise_unit(word))
    if unit not in _KNOWN:
        known = ", ".join(sorted(_KNOWN))
        raise QuantityError(f"unknown quantity unit {word!r}; use one of {known}", "bad-quantity")
    return Quantity(Decimal(match[1]), unit, value.strip())


def quantities_for(quantity: Quantity) -> dict[str, Decimal]:
    """The quantity in its own unit and in the units it converts to exactly."""
    found = {quantity.unit: quantity.amount}
    for unit, factor in _CONVERSIONS.get(quantity.unit, []):
        found[unit] = quantity.amount * factor
    return found


def parse_value(value: object) -> Money:
    """A customs value in US dollars: 'USD 1000' or a Money; other currencies are refused."""
    money = value if isinstance(value, Money) else parse_money(value)
    if money.currency != "USD" or money.per is not None:
        raise QuantityError(
            f"the customs value must be a US dollar amount like 'USD 1000', got '{money}' "
            "(the library never converts currencies on its own)",
            "bad-value",
        )
    if money.amount <= 0:
        raise QuantityError(f"the customs value must be above zero, got '{money}'", "bad-value")
    return money


def format_rate(fraction: Decimal) -> str:
    """0.275 -> '27.5%'; rounded to two decimals of a percent where longer."""
    number = fraction * 100
    if number != number.quantize(Decimal("0.01")):
        number = number.quantize(Decimal("0.01"))
    text = f"{number.normalize():f}"
    return f"{text}%"
