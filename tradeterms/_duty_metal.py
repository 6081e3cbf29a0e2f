"""Derivatives priced on their metal.

The Section 232 duty on a steel, aluminium or copper derivative is charged on the value of its
metal content; the reciprocal, Section 122 or Section 301 layer on the rest of the value (the
inclusions notice, FR 2025-15819, and notes 16 and 19 say so). With the metal value declared
the total is a number; without it the total is a formula in the metal share m:

    total = (MFN + rate on metal) × m + (MFN + rate on the rest) × (1 − m)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tradeterms._duty_steps import Ledger
from tradeterms._duty_units import format_rate
from tradeterms.units import Money

__all__ = ["MetalShare", "metal_formula", "metal_share"]


@dataclass(frozen=True, slots=True)
class MetalShare:
    """The total rate as `on_metal × m + on_rest × (1 − m)`, m the metal share of the value."""

    on_metal: Decimal
    on_rest: Decimal

    def at(self, share: Decimal) -> Decimal:
        return self.on_metal * share + self.on_rest * (1 - share)

    @property
    def text(self) -> str:
        metal, rest = format_rate(self.on_metal), format_rate(self.on_rest)
        return f"{metal} × metal share + {rest} × (1 − metal share)"


def metal_share(value: Money | None, metal: Money) -> Decimal:
    """The metal share of the customs value; ValueError unless 0 < metal <= value."""
    if value is None:
        raise ValueError("metal_value needs the customs value too (value='USD ...')")
    if metal.amount > value.amount:
        raise ValueError(f"the metal value {metal} is above the customs value {value}")
    return metal.amount / value.amount


def metal_formula(ledger: Ledger) -> MetalShare | None:
    """The total as a formula in the metal share, when only the metal value is missing."""
    if ledger.metal_open is None or ledger.unsettled != [ledger.metal_open]:
        return None
    whole = sum((s.added or Decimal(0) for s in ledger.steps if s.part == "value"), Decimal(0))
    metal = sum((s.part_rate or Decimal(0) for s in ledger.steps if s.part == "metal"), Decimal(0))
    rest = sum((s.part_rate or Decimal(0) for s in ledger.steps if s.part == "rest"), Decimal(0))
    return MetalShare(whole + metal, whole + rest)
